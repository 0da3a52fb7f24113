import { RuleDefinitionError } from '../errors';

const SIMPLE_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a rule path (`$.goods.hsCode`) into keys; rule sets may use only this JSONPath subset, so both interpreters read it alike. */
export function parseRulePath(path: string, ruleId: string): readonly string[] {
  if (!SIMPLE_PATH.test(path)) {
    throw new RuleDefinitionError(`rule "${ruleId}": path "${path}" is not supported; write a plain member path such as "$.goods.hsCode"`, ruleId);
  }
  const keys = path.slice(2).split('.');
  const bad = keys.find((key) => FORBIDDEN.has(key));
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
