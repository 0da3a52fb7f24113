import type { Phase, Profile, RuleScope, Violation } from '../types';
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

/** Runs a compiled rule set synchronously: rule by rule in file order, element by element, so no sorting is needed. */
export function evaluateCompiled(compiled: CompiledRuleSet, ctx: AppContext, phase: Phase, profile: Profile): Violation[] {
  const violations: Violation[] = [];
  const scopes = scopesOf(ctx);
  for (const rule of activeRules(compiled, ctx.appliedOn, phase, ctx.goodsClass)) {
    for (const scope of scopes[rule.def.scope]) if (rule.test(scope)) violations.push(buildViolation(rule, scope, profile));
  }
  return violations;
}
