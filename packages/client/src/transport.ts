/** The one request path of every call. ky sends each attempt and decides the retries with its own retry options and hooks; this module adds what ky leaves out: the default idempotency key, a body read within the attempt's timeout and within maxResponseBytes, and one typed, redacted error per way a call can fail. */
import ky, { isHTTPError } from 'ky';
import type { ClientError } from './errors';
import { AbortedError, InvalidResponseError, NetworkError, ResponseTooLargeError, TimeoutError, errorFromProblem, isClientError, isResponseTooLargeError } from './errors';
import { concatBytes } from './internal/bytes';
import type { NormalizedClientOptions, RequestInfo } from './options';
import { redactError, redactText, redactValue } from './redact';
import type { Problem } from './types';

/** Per-call options every method takes. */
export interface CallOptions {
  /** Stops the request and every pending retry. */
  signal?: AbortSignal | undefined;
}

/** @internal One call as a resource describes it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined> | undefined;
  json?: unknown;
  body?: Uint8Array | Blob | undefined;
  contentType?: string | undefined;
  /** The media types asked for. @default 'application/json, application/problem+json' */
  accept?: string | undefined;
  ifMatch?: number | undefined;
  /** The caller's key; without one, a POST gets a fresh key, the same on every attempt of the call. */
  idempotencyKey?: string | undefined;
  /** What the answer is read as; `stream` hands the body over unread (bounded by `maxBytes`, each chunk within `timeout`). @default 'json' */
  responseType?: 'json' | 'bytes' | 'stream' | 'none' | undefined;
  /** The largest answer accepted, in bytes. @default the client's maxResponseBytes */
  maxBytes?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** @internal What a call answers. */
export interface Reply<TData> {
  data: TData;
  status: number;
  etag: string | undefined;
  requestId: string | undefined;
  attempts: number;
  /** The typed, redacted error for a problem inside the answer (a batch item's). */
  errorFor(problem: Problem | undefined, status: number): ClientError;
}

/** @internal */
export type Transport = <TData>(spec: RequestSpec) => Promise<Reply<TData>>;

// Answers worth another attempt: the request may not have been acted on, or the server asks to come back. A 4xx business answer is final.
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const DEFAULT_ACCEPT = 'application/json, application/problem+json';
const NO_BYTES = new Uint8Array(0);
// One decoder for every answer: decode() without { stream: true } keeps no state between calls.
const UTF8 = new TextDecoder();

/** A fresh idempotency key (random UUID). */
export function createIdempotencyKey(): string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Seconds of a Retry-After header (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** How a bounded body fails; the transport turns each into its typed error. */
type BodyFailure = { kind: 'tooLarge'; received: number } | { kind: 'stalled' } | { kind: 'aborted' } | { kind: 'network'; cause: unknown };

/** What a bounded body read needs: the limit, the longest wait for a chunk, the signal that stops it, and how each failure becomes an error. */
interface BodyLimits {
  maxBytes: number;
  idleMs: number;
  signal?: AbortSignal | undefined;
  fail: (failure: BodyFailure) => Error;
}

/**
 * A reader of `source` that fails (with the error `fail` makes) past `maxBytes`, when no chunk comes for `idleMs`,
 * or when `signal` aborts; the source is cancelled then, so nothing more is read from the network. Bytes are
 * counted as they arrive, after any decompression fetch did. `next()` answers undefined at the end.
 */
function boundedReader(source: ReadableStream<Uint8Array>, limits: BodyLimits): { next(): Promise<Uint8Array | undefined>; cancel(reason?: unknown): Promise<void> } {
  const reader = source.getReader();
  let received = 0;
  let stalled = false;
  // Cancelling the reader settles a pending read at once (done), so neither a stall nor an abort leaves a read hanging.
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  limits.signal?.addEventListener('abort', onAbort, { once: true });
  const fail = (failure: BodyFailure): Error => {
    limits.signal?.removeEventListener('abort', onAbort);
    void reader.cancel().catch(() => undefined);
    return limits.fail(failure);
  };
  return {
    async next() {
      const timer = Number.isFinite(limits.idleMs) ? setTimeout(() => ((stalled = true), onAbort()), limits.idleMs) : undefined;
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw fail(limits.signal?.aborted ? { kind: 'aborted' } : { kind: 'network', cause });
      } finally {
        clearTimeout(timer);
      }
      if (limits.signal?.aborted) throw fail({ kind: 'aborted' });
      if (stalled) throw fail({ kind: 'stalled' });
      if (chunk.done) {
        limits.signal?.removeEventListener('abort', onAbort);
        return undefined;
      }
      received += chunk.value.byteLength;
      if (received > limits.maxBytes) throw fail({ kind: 'tooLarge', received });
      return chunk.value;
    },
    cancel(reason) {
      limits.signal?.removeEventListener('abort', onAbort);
      return reader.cancel(reason);
    },
  };
}

/** A web stream over a {@link boundedReader}, pulled only as fast as it is consumed. */
function boundedStream(source: ReadableStream<Uint8Array>, limits: BodyLimits): ReadableStream<Uint8Array> {
  const reader = boundedReader(source, limits);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await reader.next();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Every byte of a bounded body, in one array. */
async function readAll(source: ReadableStream<Uint8Array>, limits: BodyLimits): Promise<Uint8Array> {
  const reader = boundedReader(source, limits);
  const parts: Uint8Array[] = [];
  for (let chunk = await reader.next(); chunk !== undefined; chunk = await reader.next()) parts.push(chunk);
  return concatBytes(parts);
}

/** The declared length of an uncompressed body, when the server gave one. */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

function parseProblem(bytes: Uint8Array): Problem | undefined {
  if (bytes.byteLength === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(UTF8.decode(bytes));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Problem).code === 'string') return parsed as Problem;
  } catch {
    // Not JSON (a proxy's HTML page): the status alone decides the error.
  }
  return undefined;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** @internal Builds the request function of a client. */
export function createTransport(options: NormalizedClientOptions): Transport {
  const secrets = [options.token];
  const authorization = `Bearer ${options.token}`;
  const { hooks, logger, retry } = options;
  const log = (level: 'debug' | 'info' | 'warn', message: string, data: Record<string, unknown>): void => {
    logger[level]?.(message, redactValue(data, secrets) as Record<string, unknown>);
  };
  const api = ky.create({
    prefixUrl: options.baseUrl,
    throwHttpErrors: true,
    // Per attempt, and it covers reading the body: the attempt's fetch (below) resolves only once the body is read.
    timeout: options.timeout,
    retry: {
      // ky counts retries, our option counts attempts.
      limit: retry.limit - 1,
      // Reads, and POSTs, which always carry an idempotency key; PUT and DELETE are never repeated.
      methods: ['get', 'post'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: RETRY_STATUSES,
      maxRetryAfter: retry.maxDelay,
      // Full jitter: a random wait between 0 and the capped exponential delay.
      delay: (attempt) => Math.min(retry.maxDelay, retry.baseDelay * 2 ** (attempt - 1)),
      jitter: true,
      backoffLimit: retry.maxDelay,
      retryOnTimeout: true,
    },
  });

  return async function request<TData>(spec: RequestSpec): Promise<Reply<TData>> {
    const path = `${spec.path}${queryString(spec.query)}`;
    const where = `${spec.method} /${spec.path}`;
    const maxBytes = spec.maxBytes ?? options.maxResponseBytes;
    const responseType = spec.responseType ?? 'json';
    const headers: Record<string, string> = { accept: spec.accept ?? DEFAULT_ACCEPT, authorization };
    // Every POST carries an Idempotency-Key, the caller's or a fresh one, set here and nowhere else (stripe-node's
    // `_defaultIdempotencyKey`). ky builds the request once and sends a clone of it on each attempt, so every retry
    // sends the key of the first attempt. (Set here rather than in a ky beforeRequest hook: a hook costs every call,
    // GETs included, a copy of ky's options.)
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    else if (spec.method === 'POST') headers['idempotency-key'] = createIdempotencyKey();
    if (spec.ifMatch !== undefined) headers['if-match'] = `"${spec.ifMatch}"`;
    if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;

    // The call ends at totalTimeout or when the caller's signal aborts, whichever comes first. No timer or signal of
    // our own on the common path (each costs microseconds per call): ky gets the caller's signal (it stops an attempt
    // and the wait before a retry), a wait is cut at the deadline, and only an attempt that could outlive the deadline
    // gets a deadline timer of its own (see `attempt`).
    const deadline = Date.now() + options.totalTimeout;
    let ended: 'aborted' | 'total' | undefined;
    // Why the call ended before an answer, if it did: the first of the deadline and the caller's signal.
    const endedBy = (): 'aborted' | 'total' | undefined => (ended ??= spec.signal?.aborted ? 'aborted' : undefined);

    let attempts = 0;
    let requestId: string | undefined;
    let status: number | undefined;
    let plannedDelay = 0;
    // The request of the last attempt, for the retry hook.
    let lastRequest: Request | undefined;
    // The body the last attempt read, by its response (ky hands the response on with its body used; attempts run one after another).
    let lastResponse: Response | undefined;
    let lastBody: Uint8Array = NO_BYTES;
    const base = { method: spec.method, path: `/${spec.path}`, secrets };
    const endedError = (): ClientError =>
      endedBy() === 'total'
        ? new TimeoutError(`${where} took longer than totalTimeout (${options.totalTimeout} ms) over ${attempts} attempt(s). Raise totalTimeout or check the server.`, { ...base, code: 'timeout', attempts, status, requestId, limit: 'total' })
        : new AbortedError(`${where} was aborted by the caller's signal after ${attempts} attempt(s).`, { ...base, code: 'aborted', attempts, status, requestId, cause: spec.signal?.reason });
    const bodyError = (failure: BodyFailure): Error => {
      if (failure.kind === 'tooLarge')
        return new ResponseTooLargeError(
          `${where} answered more than ${maxBytes} bytes (stopped at ${failure.received}): the limit is maxResponseBytes (or maxBytes of this call). Raise it if such an answer is expected; otherwise check that baseUrl is exlic's sandbox or a server implementing exlic's contract.`,
          { ...base, code: 'responseTooLarge', attempts, status, requestId, limit: maxBytes, received: failure.received },
        );
      if (failure.kind === 'stalled') return new TimeoutError(`${where}: the answer stalled, no bytes for ${options.timeout} ms (timeout). Try again, or raise timeout for a slow network.`, { ...base, code: 'timeout', attempts, status, requestId, limit: 'attempt' });
      if (failure.kind === 'aborted') return endedBy() ? endedError() : new AbortedError(`${where}: reading the answer was aborted.`, { ...base, code: 'aborted', attempts, status, requestId });
      return new NetworkError(`${where}: the connection failed while the answer was read (attempt ${attempts}): ${redactError(failure.cause, secrets).message}. Check the network and try again.`, { ...base, code: 'network', attempts, status, requestId, cause: failure.cause });
    };
    // What the hooks and the logger see of an attempt: built only when one of them is there to see it.
    const infoOf = (input: Request, attempt: number): RequestInfo => {
      const sent: Record<string, string> = {};
      input.headers.forEach((value, key) => {
        if (key !== 'authorization') sent[key] = value;
      });
      return { method: spec.method, path: `/${path}`, attempt, headers: sent };
    };

    // One attempt, as ky's fetch: sends, then reads the whole body here, inside ky's timeout and retry loop, so a body that stalls is an attempt that timed out, a connection dropped mid-body is retried like a missing answer, and no answer (success or error) is read past maxBytes.
    const attempt = async (target: string | URL | Request, init?: RequestInit): Promise<Response> => {
      // ky always hands over a Request.
      const input = target as Request;
      attempts += 1;
      lastRequest = input;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        ended ??= 'total';
        throw endedError();
      }
      let signal = input.signal;
      let deadlineTimer: ReturnType<typeof setTimeout> | undefined;
      if (remaining < options.timeout) {
        // ky's per-attempt timeout would end this attempt after the call's deadline: end it at the deadline instead.
        const late = new AbortController();
        deadlineTimer = setTimeout(() => {
          ended ??= 'total';
          late.abort(new Error('totalTimeout'));
        }, remaining);
        signal = AbortSignal.any([input.signal, late.signal]);
        init = { ...init, signal };
      }
      try {
        const info = hooks.beforeRequest || hooks.afterResponse || logger.debug || logger.info ? infoOf(input, attempts) : undefined;
        if (info) hooks.beforeRequest?.(info);
        if (info && logger.debug) log('debug', 'exlic request', { ...info });
        const started = Date.now();
        const response = await options.fetch(input, init);
        requestId = response.headers.get('x-request-id') ?? undefined;
        status = response.status;
        if (info) {
          const durationMs = Date.now() - started;
          hooks.afterResponse?.({ ...info, status, requestId, durationMs });
          if (logger.info) log('info', 'exlic response', { method: spec.method, path: `/${path}`, attempt: info.attempt, status, requestId, durationMs });
        }
        const declared = declaredLength(response);
        if (declared !== undefined && declared > maxBytes) {
          await response.body?.cancel().catch(() => undefined);
          throw bodyError({ kind: 'tooLarge', received: declared });
        }
        if (response.body === null || (responseType === 'stream' && response.ok)) return response;
        // A body of a declared length within the limit is read whole, in one piece (fetch ends it at that length); any other is counted chunk by chunk.
        lastBody = declared === undefined ? await readAll(response.body, { maxBytes, idleMs: Number.POSITIVE_INFINITY, signal, fail: bodyError }) : new Uint8Array(await response.arrayBuffer());
        lastResponse = response;
        return response;
      } finally {
        clearTimeout(deadlineTimer);
      }
    };

    const failure = (error: unknown): ClientError => {
      if (isClientError(error)) return error;
      if (endedBy()) return endedError();
      if ((error as { name?: unknown }).name === 'TimeoutError')
        return new TimeoutError(`${where}: attempt ${attempts} got no complete answer within timeout (${options.timeout} ms). Try again later, or raise timeout for a slow network.`, { ...base, code: 'timeout', attempts, status, requestId, limit: 'attempt', cause: error });
      return new NetworkError(`${where} failed without an answer (attempt ${attempts}): ${redactError(error, secrets).message}. Check the server address and the network.`, { ...base, code: 'network', attempts, cause: error });
    };

    if (spec.signal?.aborted) throw endedError();
    let response: Response;
    try {
      response = await api(path, {
        method: spec.method,
        headers,
        ...(spec.json === undefined ? {} : { json: spec.json }),
        ...(spec.body === undefined ? {} : { body: spec.body }),
        ...(spec.signal === undefined ? {} : { signal: spec.signal }),
        fetch: attempt,
        retry: {
          shouldRetry: ({ error }) => {
            // Our own verdicts (an answer too large) and a call that has ended are final; everything else is ky's decision by method, status and Retry-After.
            if (endedBy() || isResponseTooLargeError(error)) return false;
            plannedDelay = -1;
            if (!isHTTPError(error)) return undefined;
            const after = parseRetryAfter(error.response.headers.get('retry-after'));
            if (after === undefined || !RETRY_STATUSES.includes(error.response.status)) return undefined;
            // A wait past the longest allowed delay or past the call's deadline cannot end well: give the caller the error now.
            if (after * 1000 > retry.maxDelay || Date.now() + after * 1000 >= deadline) return false;
            plannedDelay = after * 1000;
            return undefined;
          },
          // Full jitter, and no wait past the call's deadline (the attempt after it ends the call).
          jitter: (delay) => (plannedDelay = Math.min(Math.random() * delay, Math.max(0, deadline - Date.now()))),
        },
        hooks: {
          beforeRetry: [
            ({ error, retryCount }) => {
              // The wait was cut at the deadline: there is no time left for another attempt.
              if (Date.now() >= deadline) {
                ended ??= 'total';
                throw endedError();
              }
              if (!hooks.beforeRetry && !logger.warn) return;
              const cause = isHTTPError(error) ? httpFailure(error.response, retryCount) : failure(error);
              const info = lastRequest ? infoOf(lastRequest, attempts) : { method: spec.method, path: `/${path}`, attempt: retryCount, headers: {} };
              hooks.beforeRetry?.({ ...info, error: cause, delayMs: Math.max(0, plannedDelay) });
              log('warn', 'exlic retry', { method: spec.method, path: `/${path}`, attempt: retryCount, code: cause.code, status: cause.status, delayMs: Math.round(Math.max(0, plannedDelay)) });
            },
          ],
        },
      });
    } catch (error) {
      if (isHTTPError(error) && !endedBy()) throw httpFailure(error.response, attempts);
      throw failure(error);
    }
    const reply = (data: unknown): Reply<TData> => ({
      data: data as TData,
      status: response.status,
      etag: response.headers.get('etag') ?? undefined,
      requestId,
      attempts,
      // The item's status is the server's word too: anything but an HTTP status counts as a server failure.
      errorFor: (problem, itemStatus) => errorFromProblem(problem, { ...base, status: Number.isInteger(itemStatus) && itemStatus >= 400 && itemStatus <= 599 ? itemStatus : 500, requestId, attempts }),
    });
    if (responseType === 'stream') {
      // The stream outlives the call: the caller's signal still stops it, and each chunk must come within timeout.
      return reply(boundedStream(response.body ?? new Blob([]).stream(), { maxBytes, idleMs: options.timeout, signal: spec.signal, fail: bodyError }));
    }
    const bytes = response === lastResponse ? lastBody : NO_BYTES;
    if (responseType === 'none' || response.status === 204) return reply(undefined);
    if (responseType === 'bytes') return reply(bytes);
    if (bytes.byteLength === 0) invalid('empty', response);
    const type = response.headers.get('content-type');
    if (type !== null && !JSON_MEDIA_TYPE.test(type)) invalid('notJson', response);
    try {
      return reply(JSON.parse(UTF8.decode(bytes)));
    } catch {
      return invalid('notJson', response);
    }

    function httpFailure(response: Response, attemptsSoFar: number): ClientError {
      // The attempt read the body already (bounded): these bytes are in memory.
      const problem = parseProblem(response === lastResponse ? lastBody : NO_BYTES);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      return errorFromProblem(problem, { ...base, status: response.status, requestId: response.headers.get('x-request-id') ?? problem?.requestId, attempts: attemptsSoFar, retryAfter });
    }

    function invalid(reason: 'notJson' | 'empty', response: Response): never {
      const type = redactText(response.headers.get('content-type') ?? 'no content type', secrets);
      const what = reason === 'empty' ? 'an empty body' : `a body that is not JSON (${type})`;
      throw new InvalidResponseError(`${where} answered ${response.status} with ${what}, where the contract promises JSON. It was not retried. Check that baseUrl is exlic's sandbox or a server implementing exlic's contract (a proxy or a web page answers like this).`, {
        ...base,
        code: 'invalidResponse',
        reason,
        attempts,
        status: response.status,
        requestId,
      });
    }
  };
}
