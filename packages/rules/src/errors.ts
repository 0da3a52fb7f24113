import { SdkError, createErrorGuard } from '@exlic/core';

/** A rule set is malformed: an unknown fact or operator, a bad path, a missing field. The message names the rule and the fix. */
export class RuleDefinitionError extends SdkError {
  override name = 'RuleDefinitionError' as const;

  constructor(
    message: string,
    /** The rule's id, when the problem is in one rule. */
    readonly ruleId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An option given to `check`, `checkWithEngine` or `requiredFields` cannot be used: `asOf` that is
 * not a real calendar date, an unknown `phase` or `profile`, a `ruleSet` or `catalog` that is not one.
 * Thrown instead of silently falling back to a default, which would turn rules off unseen.
 */
export class CheckOptionsError extends SdkError {
  override name = 'CheckOptionsError' as const;

  constructor(
    /** The option's name, e.g. `asOf`; `options` when the options value itself is wrong. */
    readonly option: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link RuleDefinitionError}, from any copy of this package or realm. */
export const isRuleDefinitionError = createErrorGuard<RuleDefinitionError>('RuleDefinitionError');

/** True when `error` is a {@link CheckOptionsError}, from any copy of this package or realm. */
export const isCheckOptionsError = createErrorGuard<CheckOptionsError>('CheckOptionsError');
