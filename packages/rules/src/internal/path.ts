import { RuleDefinitionError } from '../errors';

const SIMPLE_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a rule path (`$.goods.hsCode`) into keys; rule sets may use only this JSONPath subset, so both interpreters read it alike. */
export function parseRulePath(path: string, ruleId: string): readonly string[] {
  if (!SIMPLE_PATH.test(path)) {
    throw new RuleDefinitionError(`rule "${ruleId}": path "${path}" is not supported; write a plain member path such as "$.goods.hsCode"`, ruleId);
  }
  const keys = path.slice(2).split('.');
  const bad = keys.find((key) => FORBIDDEN.has(key) || key in Object.prototype);
  if (bad) throw new RuleDefinitionError(`rule "${ruleId}": path "${path}" uses the reserved key "${bad}"`, ruleId);
  return keys;
}

/**
 * Reads keys down from a fact value as json-rules-engine's almanac does with a simple JSONPath:
 * a non-object fact value is returned as it is; a missing key gives `undefined`.
 */
export function resolvePath(value: unknown, keys: readonly string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The value when it is an object (arrays included), else undefined: one step of {@link pathReader}, for the generated rule-set modules. */
export function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** A reader specialised for a fixed key list (the compiler's hot path); the same results as {@link resolvePath} for keys {@link parseRulePath} accepts. */
export function pathReader(keys: readonly string[]): (value: unknown) => unknown {
  const step = (current: unknown, key: string): unknown => (current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined);
  if (keys.length === 1) {
    const [k0] = keys as [string];
    return (value) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[k0] : value);
  }
  if (keys.length === 2) {
    const [k0, k1] = keys as [string, string];
    return (value) => (value !== null && typeof value === 'object' ? step((value as Record<string, unknown>)[k0], k1) : value);
  }
  return (value) => (value !== null && typeof value === 'object' ? keys.reduce<unknown>(step, value) : value);
}

/** The value at a zod-style path (keys and indices) below `root`, or `undefined` where the path leaves the data. */
export function valueAtPath(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
