// Dotted paths into plain JSON (`goods.priceCurrency`), for the print layout.

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
