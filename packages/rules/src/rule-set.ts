import { RuleDefinitionError } from './errors';
import { compileRuleSet } from './internal/compile';
import type { RuleDefinition, RuleSet } from './types';
import bundled20261 from './rule-sets/2026.1.json';

const SCOPES = new Set(['application', 'specs', 'producers', 'qualityCertificateNos', 'attachments']);
const SEVERITIES = new Set(['error', 'warning']);
const PHASES = new Set(['save', 'declare']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fail(message: string, ruleId?: string): never {
  throw new RuleDefinitionError(message, ruleId);
}

function checkRule(rule: unknown, index: number, ids: Set<string>): RuleDefinition {
  if (rule === null || typeof rule !== 'object') fail(`rule #${index + 1} is not an object`);
  const def = rule as RuleDefinition;
  const id = def.id;
  if (typeof id !== 'string' || id === '') fail(`rule #${index + 1} has no "id"`);
  if (ids.has(id)) fail(`rule "${id}" appears twice; ids are unique within a rule set`, id);
  ids.add(id);
  if (def.name !== id) fail(`rule "${id}": "name" (json-rules-engine's) must equal the id`, id);
  if (def.event?.type !== 'violation' || def.event.params?.rule !== id) fail(`rule "${id}": "event" must be {"type": "violation", "params": {"rule": "${id}"}}`, id);
  if (!SCOPES.has(def.scope)) fail(`rule "${id}": unknown scope "${String(def.scope)}"`, id);
  if (!SEVERITIES.has(def.severity)) fail(`rule "${id}": severity must be "error" or "warning"`, id);
  if (!PHASES.has(def.phase)) fail(`rule "${id}": phase must be "save" or "declare"`, id);
  if (typeof def.message?.zh !== 'string' || typeof def.message.en !== 'string') fail(`rule "${id}": "message" needs "zh" and "en"`, id);
  if (typeof def.description !== 'string') fail(`rule "${id}": "description" is missing`, id);
  if (!def.source || typeof def.source.reference !== 'string') fail(`rule "${id}": "source" needs a "reference"`, id);
  if (!def.inForce || typeof def.inForce !== 'object') fail(`rule "${id}": "inForce" is missing (use {} when the source gives no date)`, id);
  for (const key of ['from', 'to'] as const) {
    const date = def.inForce[key];
    if (date !== undefined && (typeof date !== 'string' || !DATE.test(date))) fail(`rule "${id}": inForce.${key} must be YYYY-MM-DD`, id);
  }
  if (!Array.isArray(def.path) || (def.scope !== 'application') !== def.path.includes('#')) {
    fail(`rule "${id}": "path" must be a list of keys, with "#" for the element index exactly when the scope is not "application"`, id);
  }
  return def;
}

/**
 * Reads a rule set from its JSON (already parsed), checks every rule and compiles it; throws
 * {@link RuleDefinitionError} naming the rule and what to fix.
 * @example const ruleSet = loadRuleSet(JSON.parse(readFileSync('2027.1.json', 'utf8')));
 */
export function loadRuleSet(json: unknown): RuleSet {
  if (json === null || typeof json !== 'object') fail('a rule set must be a JSON object with "version", "title", "published" and "rules"');
  const set = json as RuleSet;
  if (typeof set.version !== 'string') fail('the rule set has no "version"');
  if (!Array.isArray(set.rules)) fail(`rule set ${set.version}: "rules" must be a list`);
  const ids = new Set<string>();
  set.rules.forEach((rule, index) => checkRule(rule, index, ids));
  compileRuleSet(set);
  return set;
}

let bundled: RuleSet | undefined;

/** The rule set this version of @exlic/rules ships (the newest). */
export function getBundledRuleSet(): RuleSet {
  return (bundled ??= loadRuleSet(bundled20261 as unknown));
}
