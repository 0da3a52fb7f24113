import { declareRequiredFields, type FieldMeta } from '@exlic/core';
import type { Condition, FactReference, InForce, LocalizedText, RuleDefinition, RuleScope, RuleSet, RuleSource, Severity } from '../types';
import { parseCondition } from './condition-text';

/**
 * One rule as the rule source writes it: what a domain expert reviews. Everything every rule repeats
 * is a default: severity `error`, phase `declare`, scope read from the path (`specs.#.spec` → `specs`),
 * json-rules-engine's name, priority and event made from the id.
 */
export interface SourceRule {
  readonly id: string;
  /** The numbers of the form rules this rule implements (0 for the mandatory-fields preamble). */
  readonly covers: readonly number[];
  readonly source: RuleSource;
  /** The first day in force, or `{ from, to }`; absent when the source gives no date. */
  readonly inForce?: string | InForce;
  /** @default 'error' */
  readonly severity?: Severity;
  /** The severity under the test profile (联调环境), where it differs. */
  readonly test?: Severity;
  /** `save`: a format check that runs in both phases. @default 'declare' */
  readonly phase?: 'save' | 'declare';
  /** A mandatory-field rule: its condition ends with `… is blank` (what `requiredFields` reads). */
  readonly required?: true;
  /** The field it points at, dot-separated, `#` for the row index: `specs.#.quantity`. */
  readonly path: string;
  readonly zh: string;
  readonly en: string;
  /** The rule in plain words. */
  readonly about: string;
  /** When the rule fires (the condition language of `condition-text.ts`). */
  readonly when: string;
  /** Facts reported as `seen`, `expected`, and the `{detail}` sentence (same fact syntax as `when`). */
  readonly seen?: string;
  readonly expected?: string;
  readonly detail?: string;
}

/** A rule set's source: its header and rules. */
export interface RuleSetSource {
  readonly version: string;
  readonly title: LocalizedText;
  readonly published: string;
  readonly description: string;
  readonly rules: readonly SourceRule[];
}

const SCOPES = new Set<RuleScope>(['specs', 'producers', 'qualityCertificateNos', 'attachments']);

function factOf(text: string, ruleId: string): FactReference {
  // A fact reference is a comparison's left side: parse `fact == 0` and keep the fact.
  const condition = parseCondition(`${text} == 0`, ruleId) as FactReference & { operator?: string; value?: unknown };
  const { operator: _operator, value: _value, ...fact } = condition;
  return fact;
}

/** Compiles one source rule into the json-rules-engine rule both interpreters run. */
function compileSourceRule(rule: SourceRule): RuleDefinition {
  const path = rule.path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const scope: RuleScope = path.includes('#') && SCOPES.has(path[0] as RuleScope) ? (path[0] as RuleScope) : 'application';
  let conditions: Condition = parseCondition(rule.when, rule.id);
  if (!('all' in conditions) && !('any' in conditions)) conditions = { all: [conditions] };
  const inForce: InForce = typeof rule.inForce === 'string' ? { from: rule.inForce } : (rule.inForce ?? {});
  return {
    id: rule.id,
    covers: rule.covers,
    source: rule.source,
    inForce,
    severity: rule.severity ?? 'error',
    ...(rule.test ? { severityByProfile: { test: rule.test } } : {}),
    phase: rule.phase ?? 'declare',
    ...(rule.required ? { kind: 'required' as const } : {}),
    scope,
    path,
    message: { zh: rule.zh, en: rule.en },
    description: rule.about,
    ...(rule.seen ? { seen: factOf(rule.seen, rule.id) } : {}),
    ...(rule.expected ? { expected: factOf(rule.expected, rule.id) } : {}),
    ...(rule.detail ? { detail: factOf(rule.detail, rule.id) } : {}),
    name: rule.id,
    priority: 1,
    conditions,
    event: { type: 'violation', params: { rule: rule.id } },
  };
}

/** Compiles a rule-set source into the rule set (the JSON file both interpreters load). */
export function compileRuleSetSource(source: RuleSetSource): RuleSet & { readonly description: string } {
  return { version: source.version, title: source.title, published: source.published, description: source.description, rules: source.rules.map(compileSourceRule) };
}

/** Fields that are `D` in core's metadata but computed from the spec rows, whose own rules report what is missing. */
const COMPUTED_FROM_ROWS = new Set(['goods.totalQuantity']);

/** The fields a `required.<path>` rule covers: core's "required to declare" leaf fields, except arrays (their rules count rows) and totals computed from rows. */
export function requiredRuleFields(): FieldMeta[] {
  return declareRequiredFields().filter((meta) => meta.type !== 'array' && !COMPUTED_FROM_ROWS.has(meta.path));
}

/** The `required.*` rules, one per field core marks required to declare: derived, so metadata and rules cannot drift apart. */
export function requiredRules(source: RuleSource): SourceRule[] {
  return requiredRuleFields().map((meta) => {
    const en = meta.label.en.charAt(0).toUpperCase() + meta.label.en.slice(1);
    return {
      id: `required.${meta.path}`,
      covers: [0],
      source,
      required: true,
      path: meta.path,
      // A yes/no field is chosen (the pledge is ticked), not typed.
      zh: `${meta.type === 'boolean' ? '请选择' : '请填写'}“${meta.label.zh}”：申报时为必填项`,
      en: `${en} is required to declare.`,
      about: `${meta.label.en} (${meta.label.zh}) must be filled to declare.`,
      when: `app.${meta.path} is blank`,
    };
  });
}
