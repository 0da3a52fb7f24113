// @exlic/rules: the Single Window's export licence form rules as versioned data. Everything public is named here.
// checkWithEngine (json-rules-engine, the reference interpreter) is at @exlic/rules/engine, so this entry never loads it.
export { check } from './check';
export { requiredFields } from './required-fields';
export { explainRule, listRules } from './explain';
export { getBundledRuleSet, loadRuleSet } from './rule-set';
export { diffRuleSets } from './diff';
export type { RuleAspect, RuleAspectChange, RuleChange, RuleSetDiff, RuleSetSide, RuleSummary } from './diff';
export { CheckOptionsError, RuleDefinitionError, isCheckOptionsError, isRuleDefinitionError } from './errors';
export type {
  CatalogUse,
  CheckOptions,
  CheckResult,
  Condition,
  FactCondition,
  FactReference,
  FieldPath,
  InForce,
  LocalizedText,
  Phase,
  Profile,
  RequiredFieldsOptions,
  RuleDefinition,
  RuleExplanation,
  RuleScope,
  RuleSet,
  RuleSource,
  Severity,
  Violation,
} from './types';
// Intentionally not exported: the compiler, the facts and operators (src/internal), and anything of json-rules-engine's.
