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

/** True when `error` is any exlic error, whichever package or copy of it threw. */
export function isSdkError(error: unknown): error is SdkError {
  return typeof error === 'object' && error !== null && (error as { exlic?: unknown }).exlic === true && error instanceof Error;
}
