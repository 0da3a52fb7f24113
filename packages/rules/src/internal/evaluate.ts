import type { Phase, Profile, RuleScope, Violation } from '../types';
import bundledRuleSet from '../rule-sets/2026.1.json';
import * as generated20261 from '../rule-sets/2026.1.generated';
import { activeRules, buildViolation, elementsOf, SCOPES, type CompiledRuleSet } from './compile';
import type { AppContext, Scope } from './context';

/** The scopes of one application: the application itself and one per element of each scoped array. */
export function scopesOf(ctx: AppContext): Readonly<Record<RuleScope, readonly Scope[]>> {
  const result = {} as Record<RuleScope, Scope[]>;
  for (const name of SCOPES) {
    result[name] = name === 'application' ? [{ ctx, index: -1, row: ctx.app }] : elementsOf(ctx, name).map((row, index) => ({ ctx, index, row }));
  }
  return result;
}

/**
 * True when the rule set is the bundled one its generated module was built from: the very object the
 * bundled JSON was read into (a caller's copy or edit of it is another object, and runs on the closures).
 */
function hasGeneratedCode(compiled: CompiledRuleSet): boolean {
  return compiled.ruleSet === (bundledRuleSet as unknown) && compiled.rules.length === generated20261.ruleCount && compiled.ruleSet.version === generated20261.version;
}

/**
 * Runs a compiled rule set synchronously, in rule-set order and rows ascending: the bundled rule set as
 * its generated straight-line module (src/rule-sets/2026.1.generated.ts), any other on the compiled closures.
 */
export function evaluateCompiled(compiled: CompiledRuleSet, ctx: AppContext, phase: Phase, profile: Profile): Violation[] {
  if (!hasGeneratedCode(compiled)) return evaluateClosures(compiled, ctx, phase, profile);
  const violations: Violation[] = [];
  generated20261.evaluate(compiled.rules, ctx, phase === 'declare', profile, violations);
  return violations;
}

/** Runs a compiled rule set on its closures: rule by rule in file order, element by element, so no sorting is needed. */
export function evaluateClosures(compiled: CompiledRuleSet, ctx: AppContext, phase: Phase, profile: Profile): Violation[] {
  const violations: Violation[] = [];
  const scopes = scopesOf(ctx);
  for (const rule of activeRules(compiled, ctx.appliedOn, phase, ctx.goodsClass)) {
    for (const scope of scopes[rule.def.scope]) if (rule.test(scope)) violations.push(buildViolation(rule, scope, profile));
  }
  return violations;
}
