// Dotted paths into plain JSON (`contractDetails.other.departureOn`), for the dialogs and the print layout.

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** The value at a dotted path of a plain object, or undefined. */
export function getPath(target: unknown, path: string): unknown {
  let value: unknown = target;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || UNSAFE.has(key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets the value at a dotted path, creating objects on the way; '' or undefined removes the key. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  if (UNSAFE.has(last) || keys.some((key) => UNSAFE.has(key))) return;
  let object = target;
  for (const key of keys) {
    const next = object[key];
    if (next === null || typeof next !== 'object') object[key] = {};
    object = object[key] as Record<string, unknown>;
  }
  if (value === '' || value === undefined) delete object[last];
  else object[last] = value;
}
