// The form's values: plain JSON trees changed immutably along one path, so an edit copies the objects
// on its path only (O(depth)) and everything else is shared with the previous snapshot.

/** A JSON object the form holds. */
export type Rec = Record<string, unknown>;

/** The deepest a loaded value may nest (the wire format has at most 4 levels). */
const MAX_DEPTH = 12;

/** Sets an own, enumerable property: `__proto__` from input stays an ordinary key, never the prototype. */
export function setOwn(target: Rec, key: string, value: unknown): void {
  // An assignment is safe for every key but "__proto__" (the setter of Object.prototype), and much faster.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `specs.2.quantity` → `['specs', 2, 'quantity']`. */
export function splitPath(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The value at a path, reading own properties only. */
export function getIn(root: unknown, segments: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Rec)[key as string];
  }
  return current;
}

/** The tree with `value` at `segments` (removed when undefined; `""` in a list); the objects on the path are copied, the rest shared. */
export function setIn(root: unknown, segments: readonly (string | number)[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [key, ...rest] = segments as [string | number, ...(string | number)[]];
  const current = root !== null && typeof root === 'object' ? root : typeof key === 'number' ? [] : {};
  const child = setIn(getIn(current, [key]), rest, value);
  if (Array.isArray(current)) {
    const copy = current.slice();
    copy[Number(key)] = child ?? '';
    return copy;
  }
  const copy: Rec = {};
  for (const name of Object.keys(current)) setOwn(copy, name, (current as Rec)[name]);
  if (child === undefined) delete copy[String(key)];
  else setOwn(copy, String(key), child);
  return copy;
}

/**
 * A JSON-only copy of outside data, own properties only, nesting bounded: functions, symbols and
 * bigints are left out, and a `__proto__` key stays an ordinary key (the rules then report it).
 */
export function copyJson(value: unknown, depth = 0, seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || depth >= MAX_DEPTH || seen.has(value)) return undefined;
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((item) => copyJson(item, depth + 1, seen) ?? null);
  } else {
    const copy: Rec = {};
    for (const key of Object.keys(value)) {
      const item = copyJson((value as Rec)[key], depth + 1, seen);
      if (item !== undefined) setOwn(copy, key, item);
    }
    out = copy;
  }
  seen.delete(value);
  return out;
}

/** True for a value the wire format reads as "not filled". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A copy without blank entries in objects (list items keep their places, so row numbers keep their meaning). */
export function withoutBlanks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutBlanks(item) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const out: Rec = {};
  for (const key of Object.keys(value)) {
    const item = (value as Rec)[key];
    if (!isBlank(item)) setOwn(out, key, withoutBlanks(item));
  }
  return out;
}
