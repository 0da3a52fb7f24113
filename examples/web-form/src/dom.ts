// A few lines of DOM building so that the example needs no framework: what it shows is exlic, not a UI library.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

/** Creates an element with attributes (`on*` functions become listeners; `false`/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'value' && 'value' in element) (element as HTMLInputElement).value = String(value);
    else if (name === 'checked' && element instanceof HTMLInputElement) element.checked = Boolean(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** The value at a dotted path of a plain object (`goods.hsCode`), or undefined. */
export function getPath(target: unknown, path: string): unknown {
  let value: unknown = target;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets the value at a dotted path, creating the objects on the way; an empty string or undefined removes the key. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let object = target;
  for (const key of keys) {
    const next = object[key];
    if (next === null || typeof next !== 'object') object[key] = {};
    object = object[key] as Record<string, unknown>;
  }
  if (value === '' || value === undefined) delete object[last];
  else object[last] = value;
}
