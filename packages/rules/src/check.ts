import { getBundledCatalog, isIsoDate, todayIsoDate } from '@exlic/core';
import { compileRuleSet, type CompiledRuleSet } from './internal/compile';
import type { AppContext } from './internal/context';
import { evaluateCompiled } from './internal/evaluate';
import { rowShapeViolations } from './internal/format-rules';
import { createContext, readApplication } from './internal/normalize';
import { getBundledRuleSet } from './rule-set';
import type { CheckOptions, CheckResult, Phase, Profile, Violation } from './types';

/** The options with defaults applied. */
interface NormalizedCheckOptions {
  readonly phase: Phase;
  readonly profile: Profile;
  readonly asOf: string;
  readonly compiled: CompiledRuleSet;
  readonly catalog: NonNullable<CheckOptions['catalog']>;
  readonly usdRate?: string | number;
}

function normalizeOptions(options: CheckOptions): NormalizedCheckOptions {
  return {
    phase: options.phase === 'save' ? 'save' : 'declare',
    profile: options.profile === 'test' ? 'test' : 'production',
    asOf: typeof options.asOf === 'string' && isIsoDate(options.asOf) ? options.asOf : todayIsoDate(),
    compiled: compileRuleSet(options.ruleSet ?? getBundledRuleSet()),
    catalog: options.catalog ?? getBundledCatalog(),
    ...(options.usdRate !== undefined ? { usdRate: options.usdRate } : {}),
  };
}

/** Reads and normalises an application; the shared first half of both interpreters. */
export function prepare(application: unknown, options: CheckOptions = {}): { ctx: AppContext; formatViolations: Violation[]; normalized: NormalizedCheckOptions } {
  const normalized = normalizeOptions(options);
  const read = readApplication(application);
  const ctx = createContext(read.application, { asOf: normalized.asOf, catalog: normalized.catalog, usdRate: normalized.usdRate });
  const shape = rowShapeViolations(ctx.app.specs, ctx.goodsClass);
  return { ctx, formatViolations: shape.length === 0 ? read.violations : [...read.violations, ...shape], normalized };
}

/** Builds the result from the violations; shared by both interpreters. */
export function finish(ctx: AppContext, formatViolations: readonly Violation[], ruleViolations: readonly Violation[], normalized: NormalizedCheckOptions): CheckResult {
  const violations = formatViolations.length === 0 ? ruleViolations : [...formatViolations, ...withoutFormatPaths(ruleViolations, formatViolations)];
  return {
    valid: !violations.some((violation) => violation.severity === 'error'),
    violations,
    application: ctx.app,
    appliedOn: ctx.appliedOn,
    ...(ctx.goodsClass ? { goodsClass: ctx.goodsClass } : {}),
    ruleSetVersion: normalized.compiled.ruleSet.version,
    catalog: { source: normalized.catalog.source, ...(ctx.catalogYear !== null ? { year: ctx.catalogYear } : {}) },
  };
}

// A field whose value was unreadable is reported once, by its format violation, not again as missing.
function withoutFormatPaths(violations: readonly Violation[], formatViolations: readonly Violation[]): Violation[] {
  const paths = new Set(formatViolations.map((violation) => JSON.stringify(violation.path)));
  return violations.filter((violation) => !paths.has(JSON.stringify(violation.path)));
}

/**
 * Checks an export licence application against the Single Window's form rules, synchronously,
 * with the compiled rule set. Never throws on any input: unreadable data comes back as `format.*` violations.
 * @example
 * const { valid, violations } = check(application, { phase: 'declare', asOf: '2026-09-01' });
 * for (const v of violations) console.log(v.path.join('.'), v.message.en);
 */
export function check(application: unknown, options: CheckOptions = {}): CheckResult {
  const { ctx, formatViolations, normalized } = prepare(application, options);
  const violations = evaluateCompiled(normalized.compiled, ctx, normalized.phase, normalized.profile);
  return finish(ctx, formatViolations, violations, normalized);
}
