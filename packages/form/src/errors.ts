import { SdkError, createErrorGuard } from '@exlic/core';

/**
 * Why a form action was refused: `unknownField` (a path the form does not have), `notEditable` (a grey
 * field, or an application whose status allows no edits), `rowLimit` (the goods class's row limit),
 * `badIndex` (no row, producer or certificate at that index), `badOption` (an option the form cannot use).
 */
export type FormErrorCode = 'unknownField' | 'notEditable' | 'rowLimit' | 'badIndex' | 'badOption';

/** A form action or option was refused; `code` says why and the message what to do. */
export class FormError extends SdkError {
  /** Always `FormError`: what {@link isFormError} recognises. */
  override name = 'FormError' as const;

  constructor(
    /** Why the action was refused. */
    readonly code: FormErrorCode,
    message: string,
    /** The field path concerned, where there is one. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** True when `error` is a {@link FormError}, from any copy of this package or realm. */
export const isFormError = createErrorGuard<FormError>('FormError');
