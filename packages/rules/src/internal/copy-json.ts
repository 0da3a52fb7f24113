import type { ParseIssue } from '@exlic/core';
import { LIMITS, listLimit } from './limits';

/** A problem found while copying the input: reported as a `format.*` violation at its path. */
export interface CopyIssue extends ParseIssue {
  readonly seen?: unknown;
}

/**
 * A JSON-only deep copy with own properties only, into null-prototype objects: a `__proto__`,
 * `constructor` or `prototype` key stays an ordinary key (which the parser then reports as unknown)
 * and can never hide fields in a prototype. Functions, symbols and bigints are reported and dropped. What breaks the
 * wire format's limits is dropped where it is found, with one issue each: a list past its length, an
 * object with too many keys, text too long, nesting too deep, a cycle, a number that is not finite.
 * Throws only for hostile objects (throwing getters, revoked proxies).
 */
export function copyJson(value: unknown, path: (string | number)[], seen: Set<object>, issues: CopyIssue[]): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value.length <= LIMITS.textLength) return value;
    issues.push({ path: [...path], code: 'too_large', message: `${value.length.toLocaleString('en')} characters > ${LIMITS.textLength.toLocaleString('en')}`, seen: value });
    return undefined;
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.push({ path: [...path], code: 'custom', format: 'decimal', message: `${String(value)} is not a finite number`, seen: String(value) });
    return undefined;
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'object') {
    issues.push({ path: [...path], code: 'invalid_type', message: `expected a JSON value, got a ${typeof value}` });
    return undefined;
  }
  if (seen.has(value)) {
    issues.push({ path: [...path], code: 'cycle', message: 'the value refers back to an object that contains it (a cycle), which JSON cannot hold' });
    return undefined;
  }
  if (path.length >= LIMITS.depth) {
    issues.push({ path: [...path], code: 'too_deep', message: `nested deeper than ${LIMITS.depth} levels; the wire format has at most 4` });
    return undefined;
  }
  let copy: unknown;
  // An oversized list or object is dropped whole, so it costs one violation (not one per row) and no per-row work.
  if (Array.isArray(value)) {
    const limit = listLimit(path);
    if (value.length > limit) {
      issues.push({ path: [...path], code: 'too_large', message: `${value.length.toLocaleString('en')} items > ${limit}`, seen: value.length });
      return undefined;
    }
    seen.add(value);
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) {
      path.push(i);
      items.push(copyJson(value[i], path, seen, issues) ?? null);
      path.pop();
    }
    copy = items;
  } else {
    const keys = Object.keys(value);
    if (keys.length > LIMITS.objectKeys) {
      issues.push({ path: [...path], code: 'too_large', message: `${keys.length.toLocaleString('en')} fields > ${LIMITS.objectKeys}`, seen: keys.length });
      return undefined;
    }
    seen.add(value);
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of keys) {
      path.push(key);
      const item = copyJson((value as Record<string, unknown>)[key], path, seen, issues);
      path.pop();
      // On a null-prototype object an assignment to "__proto__" makes an own property, never a prototype.
      // A key whose value is undefined is kept, so the parser judges it as parseApplication would (an unknown name is still unknown).
      if (item !== undefined || !issues.some((issue) => issue.path.length === path.length + 1 && issue.path[path.length] === key)) out[key] = item;
    }
    copy = out;
  }
  seen.delete(value);
  return copy;
}

