import { explainFormatRule } from './internal/format-rules';
import { getBundledRuleSet } from './rule-set';
import type { RuleExplanation, RuleSet } from './types';

/**
 * What a rule checks, where it comes from, when it is in force and what it says; `undefined` for an unknown id.
 * @example explainRule('ods.approvalNo')?.source.reference
 */
export function explainRule(id: string, options: { readonly ruleSet?: RuleSet } = {}): RuleExplanation | undefined {
  const ruleSet = options.ruleSet ?? getBundledRuleSet();
  const def = ruleSet.rules.find((rule) => rule.id === id);
  if (!def) return explainFormatRule(id);
  return {
    id: def.id,
    description: def.description,
    covers: def.covers,
    source: def.source,
    inForce: def.inForce,
    severity: def.severity,
    ...(def.severityByProfile ? { severityByProfile: def.severityByProfile } : {}),
    phase: def.phase,
    scope: def.scope,
    path: def.path,
    message: def.message,
    ruleSetVersion: ruleSet.version,
  };
}

/** The ids of every rule: the rule set's and the shared `format.*` ones. */
export function listRules(options: { readonly ruleSet?: RuleSet } = {}): string[] {
  return (options.ruleSet ?? getBundledRuleSet()).rules.map((rule) => rule.id);
}
