/** The client's options: what callers pass, and the normalised form the code runs on (defaults in one place). */
import { RequestError } from './errors';

/** What a request hook sees: never the token (the `authorization` header is left out). */
export interface RequestInfo {
  method: string;
  /** Path and query, without the base URL. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The request headers, `authorization` removed. */
  headers: Record<string, string>;
}

/** What a response hook sees. */
export interface ResponseInfo extends RequestInfo {
  status: number;
  requestId: string | undefined;
  /** Milliseconds the attempt took. */
  durationMs: number;
}

/** What a retry hook sees, after the wait and right before the next attempt is sent. */
export interface RetryInfo extends RequestInfo {
  /** The error of the attempt that failed (redacted). */
  error: Error;
  /** Milliseconds waited before this retry (the jittered backoff, or the server's Retry-After). */
  delayMs: number;
}

/** Plain functions called around every attempt (for metrics and tracing). They may not change the request. */
export interface ClientHooks {
  beforeRequest?: (info: RequestInfo) => void;
  afterResponse?: (info: ResponseInfo) => void;
  beforeRetry?: (info: RetryInfo) => void;
}

/** A logger (console, pino, winston…): each line is a message and a secret-free object. */
export interface ClientLogger {
  debug?: (message: string, data: Record<string, unknown>) => void;
  info?: (message: string, data: Record<string, unknown>) => void;
  warn?: (message: string, data: Record<string, unknown>) => void;
}

/** How failed attempts are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 4 */
  limit?: number;
  /** Base delay of the exponential backoff, in milliseconds. @default 200 */
  baseDelay?: number;
  /** Longest wait between attempts, in milliseconds (a longer Retry-After ends the retries). @default 10_000 */
  maxDelay?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The base URL of exlic's sandbox (`exlic sandbox`) or of a server implementing exlic's contract (docs/openapi.yaml), e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
  /** The operator's bearer token. Never logged, never in an error. */
  token: string;
  /** The fetch to call (an in-process handler, a proxy-aware fetch). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Milliseconds one attempt may take. @default 30_000 */
  timeout?: number;
  /** Milliseconds a whole call may take, retries and waits included. @default 120_000 */
  totalTimeout?: number;
  /** Retry policy, or `false` for one attempt only. @default { limit: 4, baseDelay: 200, maxDelay: 10_000 } */
  retry?: RetryOptions | false;
  /** The largest answer accepted, in bytes, success or error, counted while it streams and after decompression; a larger one fails with a `ResponseTooLargeError` and is not read further. Attachment downloads take their own `maxBytes`. @default 16_777_216 (16 MiB) */
  maxResponseBytes?: number;
  /** Functions called around every attempt. */
  hooks?: ClientHooks;
  /** Where the client logs requests, retries and failures (redacted). @default no logging */
  logger?: ClientLogger;
}

/** @internal The options with every default filled in. */
export interface NormalizedClientOptions {
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  timeout: number;
  totalTimeout: number;
  retry: Required<RetryOptions>;
  maxResponseBytes: number;
  hooks: ClientHooks;
  logger: ClientLogger;
}

const KNOWN = new Set(['baseUrl', 'token', 'fetch', 'timeout', 'totalTimeout', 'retry', 'maxResponseBytes', 'hooks', 'logger']);

function refuse(message: string): never {
  throw new RequestError(message, { code: 'invalidOptions', attempts: 0 });
}

/** Checks and completes the caller's options; bad input is refused, never silently replaced by a default. */
export function normalizeClientOptions(options: ClientOptions): NormalizedClientOptions {
  if (typeof options !== 'object' || options === null) refuse('createClient needs an options object: createClient({ baseUrl, token }).');
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) refuse(`Unknown client option "${key}". Known options: ${[...KNOWN].join(', ')}.`);
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    refuse(`The baseUrl "${String(options.baseUrl)}" is not an absolute URL. Pass e.g. http://127.0.0.1:4010.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') refuse(`The baseUrl must be http(s), got ${base.protocol}.`);
  if (typeof options.token !== 'string' || options.token.length === 0 || /[\s]/.test(options.token)) refuse('The token must be a non-empty string without spaces (the operator token the server issued; `exlic sandbox` prints one).');
  const positive = (name: string, value: number | undefined, fallback: number, unit = 'milliseconds'): number => {
    if (value === undefined) return fallback;
    // Timers take at most 2^31-1 ms; a larger value would fire at once.
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (unit === 'milliseconds' && value > 2_147_483_647)) refuse(`The ${name} option must be a positive number of ${unit}, got ${String(value)}.`);
    return value;
  };
  const retry = options.retry === false ? { limit: 1 } : (options.retry ?? {});
  const limit = retry.limit ?? 4;
  if (!Number.isInteger(limit) || limit < 1 || limit > 20) refuse(`retry.limit must be an integer from 1 to 20 (attempts in all), got ${String(limit)}.`);
  return {
    baseUrl: base.href.replace(/\/+$/, ''),
    token: options.token,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeout: positive('timeout', options.timeout, 30_000),
    totalTimeout: positive('totalTimeout', options.totalTimeout, 120_000),
    retry: { limit, baseDelay: positive('retry.baseDelay', (retry as RetryOptions).baseDelay, 200), maxDelay: positive('retry.maxDelay', (retry as RetryOptions).maxDelay, 10_000) },
    maxResponseBytes: positive('maxResponseBytes', options.maxResponseBytes, 16 * 1024 * 1024, 'bytes'),
    hooks: options.hooks ?? {},
    logger: options.logger ?? {},
  };
}
