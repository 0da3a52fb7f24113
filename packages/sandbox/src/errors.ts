import { SdkError } from '@exlic/core';
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
export function isSandboxError(error: unknown): error is SandboxError {
  return typeof error === 'object' && error !== null && (error as { exlic?: unknown }).exlic === true && (error as { name?: unknown }).name === 'SandboxError';
}
