import { SdkError } from '@exlic/core';

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

/** True when `error` is a {@link RuleDefinitionError}, from any copy of this package. */
export function isRuleDefinitionError(error: unknown): error is RuleDefinitionError {
  return error instanceof Error && error.name === 'RuleDefinitionError' && (error as { exlic?: unknown }).exlic === true;
}
