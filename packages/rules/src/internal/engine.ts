import { Engine } from 'json-rules-engine';
import type { Phase, Profile, RuleScope, Violation } from '../types';
import { buildViolation, isActive, SCOPES, type CompiledRule, type CompiledRuleSet } from './compile';
import type { AppContext, Scope } from './context';
import { scopesOf } from './evaluate';
import { FACTS } from './facts';
import { CUSTOM_OPERATORS } from './operators';

// The runtime fact through which every dynamic fact reaches the shared context.
const SCOPE_FACT = 'exlic:scope';

function createEngine(rules: readonly CompiledRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const [name, spec] of Object.entries(CUSTOM_OPERATORS)) engine.addOperator(name, spec.evaluate);
  for (const [id, fact] of Object.entries(FACTS)) {
    engine.addFact(id, async (params, almanac) => fact(await almanac.factValue<Scope>(SCOPE_FACT), params as Record<string, unknown>));
  }
  for (const rule of rules) {
    const { conditions, event, name, priority } = rule.def;
    engine.addRule({ conditions: conditions as never, event: { type: event.type, params: { ...event.params } }, name, ...(priority !== undefined ? { priority } : {}) });
  }
  return engine;
}

// Engines are reused: one per rule set, scope and set of active rules (the active set changes only with the date and phase).
const engines = new WeakMap<CompiledRuleSet, Map<string, Engine>>();

function engineFor(compiled: CompiledRuleSet, scope: RuleScope, active: readonly CompiledRule[]): Engine {
  let byKey = engines.get(compiled);
  if (!byKey) {
    byKey = new Map();
    engines.set(compiled, byKey);
  }
  const key = `${scope}|${active.map((rule) => rule.order).join(',')}`;
  let engine = byKey.get(key);
  if (!engine) {
    engine = createEngine(active);
    byKey.set(key, engine);
  }
  return engine;
}

/** Options of {@link evaluateWithEngine}. */
export interface EngineEvaluationOptions {
  /** Build a new engine for this application instead of reusing the cached one (for measuring). */
  readonly fresh?: boolean;
}

/**
 * Runs the rule set with json-rules-engine itself (the reference interpreter): one run for the
 * application and one per element of each scoped array, each with the scope as a runtime fact.
 */
export async function evaluateWithEngine(compiled: CompiledRuleSet, ctx: AppContext, phase: Phase, profile: Profile, options: EngineEvaluationOptions = {}): Promise<Violation[]> {
  const found: { order: number; index: number; violation: Violation }[] = [];
  const scopes = scopesOf(ctx);
  for (const name of SCOPES) {
    const elements = scopes[name];
    if (elements.length === 0) continue;
    const active = compiled.byScope[name].filter((rule) => isActive(rule.def, ctx.appliedOn, phase));
    if (active.length === 0) continue;
    const engine = options.fresh ? createEngine(active) : engineFor(compiled, name, active);
    for (const scope of elements) {
      const { events } = await engine.run({ [SCOPE_FACT]: scope });
      for (const event of events) {
        const rule = compiled.byId.get(String(event.params?.rule));
        if (rule) found.push({ order: rule.order, index: scope.index, violation: buildViolation(rule, scope, profile) });
      }
    }
  }
  found.sort((a, b) => a.order - b.order || a.index - b.index);
  return found.map((entry) => entry.violation);
}
