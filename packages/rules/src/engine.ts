// @exlic/rules/engine: the reference interpreter, apart from the main entry so that `check` users
// (browsers above all) never load json-rules-engine and its dependencies.
import { finish, prepare } from './check';
import { evaluateWithEngine } from './internal/engine';
import type { CheckOptions, CheckResult } from './types';

/**
 * The same check as `check` from `@exlic/rules`, run by json-rules-engine itself, the reference
 * interpreter: slower, asynchronous, and giving the same violations.
 * @example
 * import { checkWithEngine } from '@exlic/rules/engine';
 * const { violations } = await checkWithEngine(application, { asOf: '2026-09-01' });
 */
export async function checkWithEngine(application: unknown, options: CheckOptions = {}): Promise<CheckResult> {
  const { ctx, formatViolations, normalized } = prepare(application, options);
  const violations = await evaluateWithEngine(normalized.compiled, ctx, normalized.phase, normalized.profile);
  return finish(ctx, formatViolations, violations, normalized);
}
