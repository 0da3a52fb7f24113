import { printCondition } from './authoring/condition-text';
import type { Profile, RuleDefinition, RuleSet, Severity } from './types';

/** One side of a {@link diffRuleSets}: a rule set, and optionally the date whose rules in force count. */
export interface RuleSetSide {
  readonly ruleSet: RuleSet;
  /** `YYYY-MM-DD`: only the rules in force on this date count (a rule coming into force between two dates is "added"). */
  readonly date?: string;
}

/** What one rule is, in the terms a diff compares: severity per profile, dates, messages, the condition as one line. */
export interface RuleSummary {
  readonly id: string;
  readonly description: string;
  readonly severity: Readonly<Record<Profile, Severity>>;
  readonly inForce: { readonly from?: string; readonly to?: string };
  readonly phase: RuleDefinition['phase'];
  readonly message: RuleDefinition['message'];
  /** The condition in the rule source's one-line language (`app.goods.hsCode is blank and …`). */
  readonly condition: string;
  /** Set when the rule is in the set but not in force on the side's date: that is why it counts as absent. */
  readonly notInForceOn?: string;
}

/** The parts of a rule a diff names when they differ. */
export type RuleAspect = 'condition' | 'severity.production' | 'severity.test' | 'inForce' | 'phase' | 'scope' | 'path' | 'message.zh' | 'message.en' | 'source';

/** One part of a rule that differs between the two sides. */
export interface RuleAspectChange {
  readonly aspect: RuleAspect;
  readonly from: string;
  readonly to: string;
}

/** A rule both sides have, and what differs. */
export interface RuleChange {
  readonly id: string;
  readonly changes: readonly RuleAspectChange[];
}

/** The outcome of {@link diffRuleSets}: rules only in the second side, only in the first, and in both but different. */
export interface RuleSetDiff {
  readonly from: { readonly version: string; readonly date?: string };
  readonly to: { readonly version: string; readonly date?: string };
  /** Rules the second side has (in force) and the first has not. */
  readonly added: readonly RuleSummary[];
  /** Rules the first side has (in force) and the second has not. */
  readonly removed: readonly RuleSummary[];
  readonly changed: readonly RuleChange[];
}

function inForceOn(rule: RuleDefinition, date: string | undefined): boolean {
  if (date === undefined) return true;
  return (rule.inForce.from === undefined || rule.inForce.from <= date) && (rule.inForce.to === undefined || date <= rule.inForce.to);
}

function severityOf(rule: RuleDefinition, profile: Profile): Severity {
  return rule.severityByProfile?.[profile] ?? rule.severity;
}

function inForceText(rule: RuleDefinition): string {
  const { from, to } = rule.inForce;
  return from === undefined && to === undefined ? 'always' : `${from ?? '…'} to ${to ?? '…'}`;
}

function summarizeRule(rule: RuleDefinition): RuleSummary {
  return {
    id: rule.id,
    description: rule.description,
    severity: { production: severityOf(rule, 'production'), test: severityOf(rule, 'test') },
    inForce: { ...rule.inForce },
    phase: rule.phase,
    message: rule.message,
    condition: printCondition(rule.conditions),
  };
}

function aspects(rule: RuleDefinition): Record<RuleAspect, string> {
  return {
    condition: printCondition(rule.conditions),
    'severity.production': severityOf(rule, 'production'),
    'severity.test': severityOf(rule, 'test'),
    inForce: inForceText(rule),
    phase: rule.phase,
    scope: rule.scope,
    path: rule.path.join('.'),
    'message.zh': rule.message.zh,
    'message.en': rule.message.en,
    source: rule.source.reference,
  };
}

/**
 * Compares two rule sets (or one set on two dates): which rules the second adds, which it drops, and
 * for the rules both have, what differs — the condition, the severity under each profile, the dates in
 * force, the phase, scope and path, the messages and the source. With dates, a rule not in force on a
 * side's date counts as absent from that side (the summary says so in `notInForceOn`).
 * @example
 * const diff = diffRuleSets({ ruleSet: getBundledRuleSet(), date: '2025-12-31' }, { ruleSet: getBundledRuleSet(), date: '2026-01-01' });
 * diff.added.map((rule) => rule.id); // the rules that came into force on 2026-01-01
 */
export function diffRuleSets(from: RuleSetSide, to: RuleSetSide): RuleSetDiff {
  const before = new Map(from.ruleSet.rules.map((rule) => [rule.id, rule]));
  const after = new Map(to.ruleSet.rules.map((rule) => [rule.id, rule]));
  const added: RuleSummary[] = [];
  const removed: RuleSummary[] = [];
  const changed: RuleChange[] = [];
  for (const rule of to.ruleSet.rules) {
    const old = before.get(rule.id);
    const nowInForce = inForceOn(rule, to.date);
    const wasInForce = old !== undefined && inForceOn(old, from.date);
    // A rule the first set has but not in force on its date comes "added" when it is in force on the second's.
    if (nowInForce && !wasInForce) added.push(old && from.date !== undefined ? { ...summarizeRule(rule), notInForceOn: from.date } : summarizeRule(rule));
    else if (!nowInForce && wasInForce) removed.push({ ...summarizeRule(old), ...(to.date !== undefined ? { notInForceOn: to.date } : {}) });
    else if (nowInForce && wasInForce) {
      const a = aspects(old);
      const b = aspects(rule);
      const changes = (Object.keys(a) as RuleAspect[]).filter((aspect) => a[aspect] !== b[aspect]).map((aspect) => ({ aspect, from: a[aspect], to: b[aspect] }));
      if (changes.length > 0) changed.push({ id: rule.id, changes });
    }
  }
  for (const rule of from.ruleSet.rules) {
    if (!after.has(rule.id) && inForceOn(rule, from.date)) removed.push(summarizeRule(rule));
  }
  const side = (s: RuleSetSide) => ({ version: s.ruleSet.version, ...(s.date !== undefined ? { date: s.date } : {}) });
  return { from: side(from), to: side(to), added, removed, changed };
}
