/** The client's errors: one base, a subclass per way a call can fail, each recognised by brand and name (never `instanceof`), so guards work across realms and duplicate copies. */
import { SdkError, createErrorGuard } from '@exlic/core';
import type { Operation, Status } from '@exlic/core';
import { redactError, redactText, redactValue } from './redact';
import type { Problem, Violation } from './types';

/** What every client error carries about the call that failed. */
export interface ClientErrorDetails {
  /** The problem code of the server's answer (`notFound`, `versionMismatch`…), or the client's own (`network`, `timeout`, `aborted`). */
  code: string;
  /** The server's request id (`X-Request-Id`), when an answer arrived. */
  requestId?: string | undefined;
  /** The HTTP status of the last answer, when one arrived. */
  status?: number | undefined;
  /** How many attempts were made (1 when the call was not retried). */
  attempts: number;
  /** The HTTP method. */
  method?: string | undefined;
  /** The path called, without the base URL or query secrets. */
  path?: string | undefined;
  /** The server's problem details, when it answered with one. */
  problem?: Problem | undefined;
  /** The underlying error; kept redacted. */
  cause?: unknown;
  /** Secrets to remove from the message and cause (the client's token). */
  secrets?: readonly string[] | undefined;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The base of every error the client throws; `code`, `status`, `requestId` and `attempts` say what to do next. Every value a server controls is redacted before it is kept. */
export class ClientError extends SdkError {
  override name: string = 'ClientError';
  /** The problem code (see {@link ClientErrorDetails.code}). */
  readonly code: string;
  /** The server's request id, when an answer arrived. */
  readonly requestId: string | undefined;
  /** The HTTP status of the last answer, when one arrived. */
  readonly status: number | undefined;
  /** How many attempts were made. */
  readonly attempts: number;
  /** The HTTP method. */
  readonly method: string | undefined;
  /** The path called. */
  readonly path: string | undefined;
  /** The server's problem details (redacted). */
  readonly problem: Problem | undefined;

  constructor(message: string, details: ClientErrorDetails) {
    const secrets = details.secrets ?? [];
    super(redactText(message, secrets), details.cause === undefined ? undefined : { cause: redactError(details.cause, secrets) });
    this.code = redactText(details.code, secrets);
    this.requestId = typeof details.requestId === 'string' ? redactText(details.requestId, secrets) : undefined;
    this.status = details.status;
    this.attempts = details.attempts;
    this.method = details.method;
    this.path = details.path === undefined ? undefined : redactText(details.path, secrets);
    // A server's problem is data from outside: copied with its secrets removed, and only ever read back from this copy.
    this.problem = isObject(details.problem) ? (redactValue(details.problem, secrets) as Problem) : undefined;
  }

  /** A plain, secret-free object for logs and structured output. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message, code: this.code, status: this.status, requestId: this.requestId, attempts: this.attempts, method: this.method, path: this.path };
    for (const [key, value] of Object.entries(this)) if (!(key in json) && key !== 'exlic' && key !== 'problem') json[key] = value;
    if (this.cause !== undefined) json.cause = { name: (this.cause as Error).name, message: (this.cause as Error).message };
    return json;
  }

  /** What `util.inspect` (and so `console.log`) shows: the same secret-free view as `toJSON()`, with the stack. */
  [INSPECT](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of the (already redacted) problem when it has the type the contract gives it; a hostile server's other types are dropped. */
function field<TValue>(problem: Problem | undefined, key: string, accept: (value: unknown) => value is TValue): TValue | undefined {
  const value = problem === undefined ? undefined : (problem as unknown as Record<string, unknown>)[key];
  return accept(value) ? value : undefined;
}
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

/** The application breaks form rules (`validationFailed`, `attachmentRequired`): fix the fields in `violations`. */
export class ValidationError extends ClientError {
  override name = 'ValidationError' as const;
  /** The rules' violations, field by field. */
  readonly violations: readonly Violation[];
  constructor(message: string, details: ClientErrorDetails) {
    super(message, details);
    this.violations = (field(this.problem, 'violations', isArray) ?? []) as Violation[];
  }
}

/** The operation is not allowed in the application's status (`operationNotAllowed`). */
export class StatusNotAllowedError extends ClientError {
  override name = 'StatusNotAllowedError' as const;
  /** The application's status when the operation was refused. */
  readonly applicationStatus: Status | undefined;
  /** The refused operation. */
  readonly operation: Operation | string | undefined;
  /** The statuses the operation is allowed in. */
  readonly allowedIn: readonly Status[];
  constructor(message: string, details: ClientErrorDetails) {
    super(message, details);
    this.applicationStatus = field(this.problem, 'applicationStatus', isString) as Status | undefined;
    this.operation = field(this.problem, 'operation', isString);
    this.allowedIn = (field(this.problem, 'allowedIn', isArray)?.filter(isString) ?? []) as Status[];
  }
}

/** No such record for this enterprise (`notFound`); a foreign id answers the same. */
export class NotFoundError extends ClientError {
  override name = 'NotFoundError' as const;
}

/** The record changed since it was read (`versionMismatch`), a version is required, an idempotency key was reused for another body, or the resource is taken: read it again. */
export class ConflictError extends ClientError {
  override name = 'ConflictError' as const;
  /** The record's current version, when the server named it. */
  readonly currentVersion: number | undefined;
  constructor(message: string, details: ClientErrorDetails & { currentVersion?: number | undefined }) {
    super(message, details);
    this.currentVersion = details.currentVersion ?? field(this.problem, 'currentVersion', isNumber);
  }
}

/** The token is missing or unknown (401), or the caller may not do this (403: forbidden, e-key not bound or mismatched, signature or challenge invalid). */
export class AuthenticationError extends ClientError {
  override name = 'AuthenticationError' as const;
}

/** Too many requests (429) and still so after the retries. */
export class RateLimitError extends ClientError {
  override name = 'RateLimitError' as const;
  /** Seconds the server asked to wait, when it said. */
  readonly retryAfter: number | undefined;
  constructor(message: string, details: ClientErrorDetails & { retryAfter?: number | undefined }) {
    super(message, details);
    this.retryAfter = details.retryAfter ?? field(this.problem, 'retryAfter', isNumber);
  }
}

/** The server failed (5xx) and still did after the retries. */
export class ServerError extends ClientError {
  override name = 'ServerError' as const;
}

/** Any other refusal the caller must fix (400, 413, 415 and unknown 4xx). */
export class RequestError extends ClientError {
  override name = 'RequestError' as const;
}

/** No answer arrived: the connection failed or dropped. */
export class NetworkError extends ClientError {
  override name = 'NetworkError' as const;
}

/** An attempt (`timeout`) or the whole call (`totalTimeout`) took too long. */
export class TimeoutError extends ClientError {
  override name = 'TimeoutError' as const;
  /** Which limit struck. */
  readonly limit: 'attempt' | 'total';
  constructor(message: string, details: ClientErrorDetails & { limit: 'attempt' | 'total' }) {
    super(message, details);
    this.limit = details.limit;
  }
}

/** The caller's `AbortSignal` stopped the call. */
export class AbortedError extends ClientError {
  override name = 'AbortedError' as const;
}

/** A pushed receipt failed verification: forged, altered, replayed, expired or malformed. */
export class PushVerificationError extends ClientError {
  override name = 'PushVerificationError' as const;
  /** Why: `signature`, `replayed`, `expired`, `headers` or `body`. */
  readonly reason: 'signature' | 'replayed' | 'expired' | 'headers' | 'body';
  constructor(message: string, reason: PushVerificationError['reason']) {
    super(message, { code: `push.${reason}`, attempts: 0 });
    this.reason = reason;
  }
}

/** The answer arrived but is larger than the limit (`maxResponseBytes`, or a download's `maxBytes`), counted while it streams and after decompression; nothing past the limit was read. */
export class ResponseTooLargeError extends ClientError {
  override name = 'ResponseTooLargeError' as const;
  /** The limit, in bytes. */
  readonly limit: number;
  /** Bytes read (or announced by Content-Length) when reading stopped. */
  readonly received: number;
  constructor(message: string, details: ClientErrorDetails & { limit: number; received: number }) {
    super(message, details);
    this.limit = details.limit;
    this.received = details.received;
  }
}

/** A success answer (2xx) that is not what the contract promises: not JSON, empty, or not the shape of a page. It is never retried: the same server would answer the same. */
export class InvalidResponseError extends ClientError {
  override name: string = 'InvalidResponseError';
  /** What was wrong: `notJson`, `empty`, `shape` or `cursorLoop`. */
  readonly reason: 'notJson' | 'empty' | 'shape' | 'cursorLoop';
  constructor(message: string, details: ClientErrorDetails & { reason: InvalidResponseError['reason'] }) {
    super(message, details);
    this.reason = details.reason;
  }
}

/** A paged list answered a cursor it had answered before: following it would loop forever, so paging stopped. */
export class CursorLoopError extends InvalidResponseError {
  override name = 'CursorLoopError' as const;
  /** Pages read before the repeat was seen. */
  readonly pages: number;
  constructor(message: string, details: ClientErrorDetails & { pages: number }) {
    super(message, { ...details, reason: 'cursorLoop' });
    this.pages = details.pages;
  }
}

// Every class above by name, for the guard of the base class (core's guard checks the exlic brand and the name, never instanceof).
const NAMES = ['ClientError', 'ValidationError', 'StatusNotAllowedError', 'NotFoundError', 'ConflictError', 'AuthenticationError', 'RateLimitError', 'ServerError', 'RequestError', 'NetworkError', 'TimeoutError', 'AbortedError', 'PushVerificationError', 'ResponseTooLargeError', 'InvalidResponseError', 'CursorLoopError'] as const;

/** True for any error of `@exlic/client`. */
export const isClientError = createErrorGuard<ClientError>(...NAMES);
/** True for a {@link ValidationError}. */
export const isValidationError = createErrorGuard<ValidationError>('ValidationError');
/** True for a {@link StatusNotAllowedError}. */
export const isStatusNotAllowedError = createErrorGuard<StatusNotAllowedError>('StatusNotAllowedError');
/** True for a {@link NotFoundError}. */
export const isNotFoundError = createErrorGuard<NotFoundError>('NotFoundError');
/** True for a {@link ConflictError}. */
export const isConflictError = createErrorGuard<ConflictError>('ConflictError');
/** True for an {@link AuthenticationError}. */
export const isAuthenticationError = createErrorGuard<AuthenticationError>('AuthenticationError');
/** True for a {@link RateLimitError}. */
export const isRateLimitError = createErrorGuard<RateLimitError>('RateLimitError');
/** True for a {@link ServerError}. */
export const isServerError = createErrorGuard<ServerError>('ServerError');
/** True for a {@link RequestError}. */
export const isRequestError = createErrorGuard<RequestError>('RequestError');
/** True for a {@link NetworkError}. */
export const isNetworkError = createErrorGuard<NetworkError>('NetworkError');
/** True for a {@link TimeoutError}. */
export const isTimeoutError = createErrorGuard<TimeoutError>('TimeoutError');
/** True for an {@link AbortedError}. */
export const isAbortedError = createErrorGuard<AbortedError>('AbortedError');
/** True for a {@link PushVerificationError}. */
export const isPushVerificationError = createErrorGuard<PushVerificationError>('PushVerificationError');
/** True for a {@link ResponseTooLargeError}. */
export const isResponseTooLargeError = createErrorGuard<ResponseTooLargeError>('ResponseTooLargeError');
/** True for an {@link InvalidResponseError}, a {@link CursorLoopError} included. */
export const isInvalidResponseError = createErrorGuard<InvalidResponseError>('InvalidResponseError', 'CursorLoopError');
/** True for a {@link CursorLoopError}. */
export const isCursorLoopError = createErrorGuard<CursorLoopError>('CursorLoopError');

/** The error for a problem answer: the subclass its code and status call for. */
export function errorFromProblem(problem: Problem | undefined, details: Omit<ClientErrorDetails, 'code' | 'problem'> & { status: number; retryAfter?: number | undefined }): ClientError {
  const code = problem?.code ?? `http${details.status}`;
  const where = `${details.method ?? ''} ${details.path ?? ''}`.trim();
  const said = problem?.message?.en ?? problem?.detail ?? problem?.title ?? `HTTP ${details.status}`;
  const message = `${where} failed with ${details.status} ${code}: ${said}${details.attempts > 1 ? ` (after ${details.attempts} attempts)` : ''}`;
  const all = { ...details, code, problem };
  if (code === 'validationFailed' || code === 'attachmentRequired') return new ValidationError(message, all);
  if (code === 'operationNotAllowed') return new StatusNotAllowedError(message, all);
  if (details.status === 404) return new NotFoundError(message, all);
  if (details.status === 401 || details.status === 403) return new AuthenticationError(message, all);
  if (details.status === 429) return new RateLimitError(message, all);
  if (details.status >= 500) return new ServerError(message, all);
  if (details.status === 409 || details.status === 412 || details.status === 428 || code === 'idempotencyKeyReused') return new ConflictError(message, all);
  return new RequestError(message, all);
}
