/**
 * The base class of every error exlic throws. Each package subclasses it; `isSdkError` recognises
 * them across realms and bundles by their `exlic` brand, not by `instanceof`.
 */
export class SdkError extends Error {
  override name: string = 'SdkError';
  /** Brand that survives structured cloning and duplicate copies of this package. */
  readonly exlic = true as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A type guard made by {@link createErrorGuard}. */
export type ErrorGuard<TError extends SdkError> = (error: unknown) => error is TError;

/**
 * Makes the `isXError` guard of an error class: true for an object that carries exlic's brand
 * (`exlic: true`), a string `message`, and one of `names` as its `name` (any name when `names` is
 * empty). No `instanceof`, so an error thrown in another realm (a `node:vm` context, an iframe, a
 * worker's structured clone) or by a duplicate copy of a package is recognised as well.
 * @example
 * export const isRuleDefinitionError = createErrorGuard<RuleDefinitionError>('RuleDefinitionError');
 */
export function createErrorGuard<TError extends SdkError>(...names: readonly string[]): ErrorGuard<TError> {
  const accepted = new Set(names);
  return (error: unknown): error is TError => {
    if (typeof error !== 'object' || error === null) return false;
    // Own-or-inherited reads of plain data properties; a hostile getter must not make a guard throw.
    try {
      const candidate = error as { exlic?: unknown; name?: unknown; message?: unknown };
      if (candidate.exlic !== true || typeof candidate.message !== 'string') return false;
      return accepted.size === 0 || (typeof candidate.name === 'string' && accepted.has(candidate.name));
    } catch {
      return false;
    }
  };
}

/** True when `error` is any exlic error, whichever package, copy or realm threw it. */
export const isSdkError: ErrorGuard<SdkError> = createErrorGuard<SdkError>();
