import { GOODS_CLASS_REGISTRY, getGoodsClass } from '@exlic/core';
import { RuleDefinitionError } from '../errors';
import type { Condition, FactReference, LocalizedText, Phase, Profile, RuleDefinition, RuleScope, RuleSet, Severity, Violation } from '../types';
import type { AppContext, Scope } from './context';
import { FACTS } from './facts';
import { labelFor } from './format-rules';
import { resolveOperator } from './operators';
import { parseRulePath, pathReader, valueAtPath } from './path';

type Predicate = (scope: Scope) => boolean;
type Getter = (scope: Scope) => unknown;

/** A rule turned into synchronous closures, with what is needed to report a violation. */
export interface CompiledRule {
  readonly def: RuleDefinition;
  /** Position in the rule set: violations are ordered by it. */
  readonly order: number;
  readonly test: Predicate;
  /** For `required` rules: the conditions without the final blank test (when the field is mandatory). */
  readonly when?: Predicate;
  readonly seen?: Getter;
  readonly expected?: Getter;
  readonly detail?: Getter;
  /** The goods classes (null = unknown) for which the rule can fire, when its top-level `all` guards on `goodsClass`; undefined when any. */
  readonly classes?: ReadonlySet<string | null>;
  /** The messages split at their placeholders once, so a violation is filled by concatenation. */
  readonly zh: Template;
  readonly en: Template;
  /** The label of the rule's field (the same for every row: metadata paths have no indices). */
  readonly label: LocalizedText | undefined;
}

type Placeholder = 'row' | 'seen' | 'expected' | 'detail';
/** Literal text and placeholders, alternating: `[text, placeholder, text, …]`. */
type Template = readonly string[];

function compileTemplate(template: string): Template {
  return template.split(/\{(row|seen|expected|detail)\}/);
}

function fillTemplate(template: Template, values: Readonly<Record<Placeholder, string>>): string {
  let text = template[0]!;
  for (let i = 1; i < template.length; i += 2) text += values[template[i] as Placeholder] + template[i + 1]!;
  return text;
}

// Read from core's registry when a rule set is compiled, so a class added there is guarded like the others.
function allClasses(): readonly (string | null)[] {
  return [null, ...GOODS_CLASS_REGISTRY.map((definition) => definition.id)];
}

// The value a guard compares: the class itself, or its group (null for an unknown class).
const GUARDED: Readonly<Record<string, (goodsClass: string | null) => string | null>> = {
  goodsClass: (goodsClass) => goodsClass,
  goodsGroup: (goodsClass) => getGoodsClass(goodsClass)?.group ?? null,
};

// A static guard: the top-level `all` holds literal comparisons of `goodsClass` or `goodsGroup`; the rule cannot fire for other classes, so the compiler skips it for them.
function classGuard(conditions: Condition): ReadonlySet<string | null> | undefined {
  if (!('all' in conditions) || !Array.isArray(conditions.all)) return undefined;
  let allowed: Set<string | null> | undefined;
  for (const part of conditions.all) {
    if (!('fact' in part) || part.path !== undefined || part.params !== undefined) continue;
    const read = GUARDED[part.fact];
    if (!read) continue;
    const { operator, value } = part;
    let ok: ((c: string | null) => boolean) | undefined;
    if (operator === 'in' && Array.isArray(value)) ok = (c) => value.includes(read(c));
    else if (operator === 'notIn' && Array.isArray(value)) ok = (c) => !value.includes(read(c));
    else if (operator === 'equal' && (typeof value === 'string' || value === null)) ok = (c) => read(c) === value;
    else if (operator === 'notEqual' && (typeof value === 'string' || value === null)) ok = (c) => read(c) !== value;
    if (!ok) continue;
    allowed = new Set(allClasses().filter((c) => ok(c) && (!allowed || allowed.has(c))));
  }
  return allowed;
}

/** A rule set compiled once and cached: rules grouped by scope. */
export interface CompiledRuleSet {
  readonly ruleSet: RuleSet;
  readonly rules: readonly CompiledRule[];
  readonly byScope: Readonly<Record<RuleScope, readonly CompiledRule[]>>;
  readonly byId: ReadonlyMap<string, CompiledRule>;
  /** The rules active on a date in a phase, by `${phase}|${date}` (filled lazily). */
  readonly activeCache: Map<string, readonly CompiledRule[]>;
}

/** The rules in force on `date` that run in `phase` and can fire for the goods class, in rule-set order (cached). */
export function activeRules(compiled: CompiledRuleSet, date: string, phase: Phase, goodsClass: string | null): readonly CompiledRule[] {
  const key = `${phase}|${date}|${goodsClass}`;
  let active = compiled.activeCache.get(key);
  if (!active) {
    active = compiled.rules.filter((rule) => isActive(rule.def, date, phase) && (!rule.classes || rule.classes.has(goodsClass)));
    if (compiled.activeCache.size > 1000) compiled.activeCache.clear();
    compiled.activeCache.set(key, active);
  }
  return active;
}

/** The scopes, in the order they are evaluated. */
export const SCOPES: readonly RuleScope[] = ['application', 'specs', 'producers', 'qualityCertificateNos', 'attachments'];

function isFactReference(value: unknown): value is FactReference {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
}

function compileFact(reference: FactReference, ruleId: string): Getter {
  const fact = FACTS[reference.fact];
  if (!fact) throw new RuleDefinitionError(`rule "${ruleId}": unknown fact "${reference.fact}"; the facts are ${Object.keys(FACTS).join(', ')}`, ruleId);
  const params = reference.params ?? {};
  if (reference.path === undefined) return (scope) => fact(scope, params);
  const read = pathReader(parseRulePath(reference.path, ruleId));
  if (reference.fact === 'application') return (scope) => read(scope.ctx.app);
  if (reference.fact === 'row') return (scope) => read(scope.row);
  return (scope) => read(fact(scope, params));
}

/** Compiles one json-rules-engine condition into a synchronous predicate with the engine's semantics. */
function compileCondition(condition: Condition, ruleId: string): Predicate {
  if (condition === null || typeof condition !== 'object') throw new RuleDefinitionError(`rule "${ruleId}": a condition must be an object`, ruleId);
  if ('all' in condition) {
    const parts = list(condition.all, ruleId).map((part) => compileCondition(part, ruleId));
    return (scope) => {
      for (const part of parts) if (!part(scope)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = list(condition.any, ruleId).map((part) => compileCondition(part, ruleId));
    return (scope) => {
      for (const part of parts) if (part(scope)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, ruleId);
    return (scope) => !inner(scope);
  }
  if (typeof condition.fact !== 'string' || typeof condition.operator !== 'string' || !('value' in condition)) {
    throw new RuleDefinitionError(`rule "${ruleId}": a comparison needs "fact", "operator" and "value": ${JSON.stringify(condition)}`, ruleId);
  }
  const operator = resolveOperator(condition.operator);
  if (!operator) throw new RuleDefinitionError(`rule "${ruleId}": unknown operator "${condition.operator}"`, ruleId);
  const fact = compileFact(condition, ruleId);
  const value = condition.value;
  if (isFactReference(value)) {
    const other = compileFact(value, ruleId);
    return (scope) => operator(fact(scope), other(scope));
  }
  if ((condition.operator === 'in' || condition.operator === 'notIn') && !Array.isArray(value)) {
    throw new RuleDefinitionError(`rule "${ruleId}": operator "${condition.operator}" needs a list as its value`, ruleId);
  }
  return (scope) => operator(fact(scope), value);
}

function list(value: unknown, ruleId: string): readonly Condition[] {
  if (!Array.isArray(value)) throw new RuleDefinitionError(`rule "${ruleId}": "all" and "any" take a list of conditions`, ruleId);
  return value as Condition[];
}

function compileRequired(def: RuleDefinition): Predicate {
  const conditions = def.conditions;
  const parts = 'all' in conditions ? conditions.all : undefined;
  const last = parts?.[parts.length - 1];
  if (!parts || !last || !('operator' in last) || last.operator !== 'isBlank' || last.value !== true) {
    throw new RuleDefinitionError(`rule "${def.id}": a "required" rule's conditions must be {"all": [...when, {…, "operator": "isBlank", "value": true}]}`, def.id);
  }
  return compileCondition({ all: parts.slice(0, -1) }, def.id);
}

const compiled = new WeakMap<RuleSet, CompiledRuleSet>();

/** Compiles a rule set (once; the result is cached per rule-set object). Throws {@link RuleDefinitionError} on a malformed rule. */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const cached = compiled.get(ruleSet);
  if (cached) return cached;
  const rules = ruleSet.rules.map((def, order): CompiledRule => ({
    def,
    order,
    test: compileCondition(def.conditions, def.id),
    ...(def.kind === 'required' ? { when: compileRequired(def) } : {}),
    ...(def.seen ? { seen: compileFact(def.seen, def.id) } : {}),
    ...(def.expected ? { expected: compileFact(def.expected, def.id) } : {}),
    ...(def.detail ? { detail: compileFact(def.detail, def.id) } : {}),
    ...(classGuard(def.conditions) ? { classes: classGuard(def.conditions)! } : {}),
    zh: compileTemplate(def.message.zh),
    en: compileTemplate(def.message.en),
    label: labelFor(def.path.map((key) => (key === '#' ? 0 : key))),
  }));
  const byScope = Object.fromEntries(SCOPES.map((scope) => [scope, rules.filter((rule) => rule.def.scope === scope)])) as Record<RuleScope, CompiledRule[]>;
  const result: CompiledRuleSet = { ruleSet, rules, byScope, byId: new Map(rules.map((rule) => [rule.def.id, rule])), activeCache: new Map() };
  compiled.set(ruleSet, result);
  return result;
}

/** True when the rule is in force on `date` (inclusive) and runs in `phase`. */
export function isActive(def: RuleDefinition, date: string, phase: Phase): boolean {
  if (phase === 'save' && def.phase !== 'save') return false;
  const { from, to } = def.inForce;
  return (from === undefined || from <= date) && (to === undefined || date <= to);
}

/** The elements a scope iterates over. */
export function elementsOf(ctx: AppContext, scope: RuleScope): readonly unknown[] {
  switch (scope) {
    case 'specs':
      return ctx.app.specs ?? [];
    case 'producers':
      return ctx.app.producers ?? [];
    case 'qualityCertificateNos':
      return ctx.app.qualityCertificateNos ?? [];
    case 'attachments':
      return ctx.app.attachments ?? [];
    default:
      return [];
  }
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}


/** In {@link violationAt}: the violation's `seen` is the value at the rule's path (the rule names no `seen` fact). */
export const SEEN_AT_PATH: unique symbol = Symbol('seen at path');

/**
 * The violation a rule reports where it fired (`index` -1 for the application); the closures, json-rules-engine
 * and the generated rule-set modules all build violations with this, from the facts' values.
 */
export function violationAt(rule: CompiledRule, index: number, app: unknown, profile: Profile, seenValue: unknown, expected: unknown, detailValue: unknown): Violation {
  const { def } = rule;
  const path = index < 0 ? def.path : def.path.map((key) => (key === '#' ? index : key));
  const severity: Severity = def.severityByProfile?.[profile] ?? def.severity;
  const seen = seenValue === SEEN_AT_PATH ? valueAtPath(app, path) : seenValue;
  const detail = detailValue as LocalizedText | null | undefined;
  const values = { row: String(index + 1), seen: display(seen), expected: display(expected), detail: detail?.zh ?? '' };
  const zh = fillTemplate(rule.zh, values);
  values.detail = detail?.en ?? '';
  const violation: { -readonly [K in keyof Violation]: Violation[K] } = { rule: def.id, path, severity, message: { zh, en: fillTemplate(rule.en, values) } };
  // Assigned in this order, so every interpreter's violations serialise alike.
  if (rule.label) violation.label = rule.label;
  if (seen !== undefined && seen !== null) violation.seen = seen;
  if (expected !== undefined && expected !== null) violation.expected = expected;
  return violation;
}

/** The violation a compiled rule reports where it fired. */
export function buildViolation(rule: CompiledRule, scope: Scope, profile: Profile): Violation {
  return violationAt(rule, scope.index, scope.ctx.app, profile, rule.seen ? rule.seen(scope) : SEEN_AT_PATH, rule.expected?.(scope), rule.detail?.(scope));
}
