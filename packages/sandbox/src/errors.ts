import { SdkError, createErrorGuard } from '@exlic/core';
import type { ProblemCode } from './contract/schemas';

/** Thrown by the sandbox's in-process API (`review`, `useLicence`, `issueToken`) when it refuses; HTTP callers get the same as problem details. */
export class SandboxError extends SdkError {
  override name = 'SandboxError' as const;

  constructor(
    /** The problem code, as on the wire. */
    readonly code: ProblemCode,
    /** The HTTP status the same refusal answers with. */
    readonly status: number,
    message: string,
    /** Extension members of the problem (violations, status, current version …). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** True when `error` is a {@link SandboxError}, from any copy of this package. */
export const isSandboxError = createErrorGuard<SandboxError>('SandboxError');
