import type { AppContext } from './internal/context';
import { evaluateCompiled } from './internal/evaluate';
import { rowShapeViolations } from './internal/format-rules';
import { LIMITS, cutText, echoValue } from './internal/limits';
import { createContext, readApplication } from './internal/normalize';
import { normalizeCheckOptions, type NormalizedCheckOptions } from './options';
import type { CheckOptions, CheckResult, Violation } from './types';

/** Reads and normalises an application; the shared first half of both interpreters. */
export function prepare(application: unknown, options: CheckOptions | undefined): { ctx: AppContext; formatViolations: Violation[]; normalized: NormalizedCheckOptions } {
  const normalized = normalizeCheckOptions(options);
  const read = readApplication(application);
  // readApplication's application is new objects shared with nothing, so the defaults and computed fields are filled into it in place.
  const ctx = createContext(read.application, { asOf: normalized.asOf, catalog: normalized.catalog, usdRate: normalized.usdRate, usdRates: normalized.usdRates, owned: true });
  const shape = rowShapeViolations(ctx.app.specs, ctx.goodsClass);
  return { ctx, formatViolations: shape.length === 0 ? read.violations : [...read.violations, ...shape], normalized };
}

/** Builds the result from the violations; shared by both interpreters. */
export function finish(ctx: AppContext, formatViolations: readonly Violation[], ruleViolations: readonly Violation[], normalized: NormalizedCheckOptions): CheckResult {
  const violations = formatViolations.length === 0 ? ruleViolations : [...formatViolations, ...withoutFormatPaths(ruleViolations, formatViolations)];
  let valid = true;
  for (let i = 0; i < violations.length; i += 1) if (violations[i]!.severity === 'error') valid = false;
  // Built key by key rather than with conditional spreads (a copy each): the same keys in the same order.
  const result: { -readonly [K in keyof CheckResult]?: CheckResult[K] } = { valid, violations: bounded(violations), application: ctx.app, appliedOn: ctx.appliedOn };
  if (ctx.goodsClass) result.goodsClass = ctx.goodsClass;
  result.ruleSetVersion = normalized.compiled.ruleSet.version;
  result.catalog = ctx.catalogYear !== null ? { source: normalized.catalog.source, year: ctx.catalogYear } : { source: normalized.catalog.source };
  return result as CheckResult;
}

/**
 * At most {@link LIMITS.violations} violations, then one that counts the rest (an error when any of
 * them is one); every echoed value cut to a short prefix and every message stripped of control
 * characters, so a report stays small and a terminal shows text only.
 */
function bounded(violations: readonly Violation[]): Violation[] {
  const shown = violations.length > LIMITS.violations ? violations.slice(0, LIMITS.violations) : violations;
  const out = shown.map(cleanViolation);
  if (violations.length > shown.length) {
    const rest = violations.slice(LIMITS.violations);
    const count = rest.length;
    const errors = rest.filter((violation) => violation.severity === 'error').length;
    out.push({
      rule: 'check.moreViolations',
      path: [],
      severity: errors > 0 ? 'error' : 'warning',
      message: {
        zh: `另有${count}个问题未列出（其中${errors}个错误）；请先改正以上问题`,
        en: `${count.toLocaleString('en')} more violation(s) not listed (${errors.toLocaleString('en')} error(s)); fix the ones above first`,
      },
      seen: count,
    });
  }
  return out;
}

/** A violation with its echoed values cut and its messages stripped of control characters (what check() reports). */
export function cleanViolation(violation: Violation): Violation {
  const { seen, expected, message } = violation;
  const zh = cutText(message.zh, 400);
  const en = cutText(message.en, 400);
  const cleanSeen = seen === undefined ? undefined : echoValue(seen);
  const cleanExpected = expected === undefined ? undefined : echoValue(expected);
  if (zh === message.zh && en === message.en && cleanSeen === seen && cleanExpected === expected) return violation;
  return {
    ...violation,
    message: { zh, en },
    ...(seen !== undefined ? { seen: cleanSeen } : {}),
    ...(expected !== undefined ? { expected: cleanExpected } : {}),
  };
}

// A field whose value was unreadable is reported once, by its format violation, not again as missing.
function withoutFormatPaths(violations: readonly Violation[], formatViolations: readonly Violation[]): Violation[] {
  const paths = new Set(formatViolations.map((violation) => JSON.stringify(violation.path)));
  return violations.filter((violation) => !paths.has(JSON.stringify(violation.path)));
}

/**
 * Checks an export licence application against the Single Window's form rules, synchronously,
 * with the compiled rule set. Never throws on any application value: unreadable data comes back as
 * `format.*` violations, an oversized application as one `format.tooLarge` violation per oversized part,
 * and at most 100 violations are listed, then one `check.moreViolations` counting the rest.
 * Throws {@link CheckOptionsError} for options it cannot use (an `asOf` that is no calendar date, an
 * unknown `phase` or `profile`, a `ruleSet` or `catalog` that is not one), rather than ignoring them.
 * @example
 * const { valid, violations } = check(application, { phase: 'declare', asOf: '2026-09-01' });
 * for (const v of violations) console.log(v.path.join('.'), v.message.en);
 */
export function check(application: unknown, options?: CheckOptions): CheckResult {
  const { ctx, formatViolations, normalized } = prepare(application, options);
  const violations = evaluateCompiled(normalized.compiled, ctx, normalized.phase, normalized.profile);
  return finish(ctx, formatViolations, violations, normalized);
}
