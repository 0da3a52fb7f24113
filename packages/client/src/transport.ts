/** The one request path of every call: one ky attempt at a time, retried with full-jitter backoff when that is safe, bounded per attempt and per call, stoppable by the caller's signal. */
import ky from 'ky';
import type { ClientError } from './errors';
import { AbortedError, NetworkError, TimeoutError, errorFromProblem } from './errors';
import type { NormalizedClientOptions, RequestInfo } from './options';
import { redactError, redactValue } from './redact';
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
  ifMatch?: number | undefined;
  /** Sent on every attempt; its presence makes a write safe to retry. */
  idempotencyKey?: string | undefined;
  /** What the answer is read as. @default 'json' */
  responseType?: 'json' | 'bytes' | 'none' | undefined;
  signal?: AbortSignal | undefined;
}

/** @internal What a call answers. */
export interface Reply<TData> {
  data: TData;
  status: number;
  etag: string | undefined;
  requestId: string | undefined;
  attempts: number;
}

/** @internal */
export type Transport = <TData>(spec: RequestSpec) => Promise<Reply<TData>>;

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Problem).code === 'string') return parsed as Problem;
  } catch {
    // Not JSON (a proxy's HTML page): the status alone decides the error.
  }
  return undefined;
}

/** @internal Builds the request function of a client. */
export function createTransport(options: NormalizedClientOptions): Transport {
  const secrets = [options.token];
  const { hooks, logger, retry } = options;
  const api = ky.create({ prefixUrl: options.baseUrl, fetch: options.fetch, retry: 0, throwHttpErrors: false, timeout: false });
  const log = (level: 'debug' | 'info' | 'warn', message: string, data: Record<string, unknown>): void => {
    logger[level]?.(message, redactValue(data, secrets) as Record<string, unknown>);
  };

  return async function request<TData>(spec: RequestSpec): Promise<Reply<TData>> {
    const path = `${spec.path}${queryString(spec.query)}`;
    const retrySafe = spec.method === 'GET' || spec.idempotencyKey !== undefined;
    const limit = retrySafe ? retry.limit : 1;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    if (spec.ifMatch !== undefined) headers['if-match'] = `"${spec.ifMatch}"`;
    if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;

    // One controller per call: the caller's signal and totalTimeout both end it, and we remember which one did.
    const call = new AbortController();
    let ended: 'aborted' | 'total' | undefined;
    const onCallerAbort = (): void => {
      ended ??= 'aborted';
      call.abort(spec.signal?.reason);
    };
    if (spec.signal?.aborted) onCallerAbort();
    spec.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const totalTimer = setTimeout(() => {
      ended ??= 'total';
      call.abort(new Error('totalTimeout'));
    }, options.totalTimeout);
    const deadline = Date.now() + options.totalTimeout;

    const base = { method: spec.method, path: `/${spec.path}`, secrets };
    const endedError = (attempts: number, status?: number, requestId?: string): ClientError =>
      ended === 'total'
        ? new TimeoutError(`${spec.method} /${spec.path} took longer than totalTimeout (${options.totalTimeout} ms) over ${attempts} attempt(s). Raise totalTimeout or check the server.`, { ...base, code: 'timeout', attempts, status, requestId, limit: 'total' })
        : new AbortedError(`${spec.method} /${spec.path} was aborted by the caller's signal after ${attempts} attempt(s).`, { ...base, code: 'aborted', attempts, status, requestId, cause: spec.signal?.reason });

    try {
      for (let attempt = 1; ; attempt += 1) {
        if (ended) throw endedError(attempt - 1);
        const info: RequestInfo = { method: spec.method, path: `/${path}`, attempt, headers: { ...headers } };
        hooks.beforeRequest?.(info);
        log('debug', 'exlic request', { ...info });
        const started = Date.now();
        let failure: ClientError;
        let retryAfter: number | undefined;
        try {
          const response = await api(path, {
            method: spec.method,
            headers: { ...headers, authorization: `Bearer ${options.token}` },
            ...(spec.json === undefined ? {} : { json: spec.json }),
            ...(spec.body === undefined ? {} : { body: spec.body }),
            timeout: Math.max(1, Math.min(options.timeout, deadline - Date.now())),
            signal: call.signal,
          });
          const requestId = response.headers.get('x-request-id') ?? undefined;
          const durationMs = Date.now() - started;
          hooks.afterResponse?.({ ...info, status: response.status, requestId, durationMs });
          log('info', 'exlic response', { method: spec.method, path: `/${path}`, attempt, status: response.status, requestId, durationMs });
          if (response.ok) {
            const type = spec.responseType ?? 'json';
            let data: unknown;
            if (type === 'bytes') data = new Uint8Array(await response.arrayBuffer());
            else if (type === 'none' || response.status === 204) {
              await response.body?.cancel();
              data = undefined;
            } else data = await response.json();
            return { data: data as TData, status: response.status, etag: response.headers.get('etag') ?? undefined, requestId, attempts: attempt };
          }
          const problem = await readProblem(response);
          retryAfter = parseRetryAfter(response.headers.get('retry-after')) ?? problem?.retryAfter;
          failure = errorFromProblem(problem, { ...base, status: response.status, requestId: requestId ?? problem?.requestId, attempts: attempt, retryAfter });
          if (!retrySafe || !RETRY_STATUSES.has(response.status)) throw failure;
        } catch (error) {
          if (typeof error === 'object' && error !== null && (error as { exlicClient?: unknown }).exlicClient === true) throw error;
          if (ended) throw endedError(attempt);
          const isTimeout = (error as { name?: unknown }).name === 'TimeoutError';
          failure = isTimeout
            ? new TimeoutError(`${spec.method} /${spec.path}: attempt ${attempt} got no answer within timeout (${options.timeout} ms).`, { ...base, code: 'timeout', attempts: attempt, limit: 'attempt', cause: error })
            : new NetworkError(`${spec.method} /${spec.path} failed without an answer (attempt ${attempt}): ${redactError(error, secrets).message}. Check the server address and the network.`, { ...base, code: 'network', attempts: attempt, cause: error });
        }
        if (attempt >= limit) throw failure;
        const backoff = Math.random() * Math.min(retry.maxDelay, retry.baseDelay * 2 ** (attempt - 1));
        const delayMs = Math.max(backoff, (retryAfter ?? 0) * 1000);
        // A wait past the longest allowed delay or past the call's deadline cannot end well: give the caller the error now.
        if (delayMs > retry.maxDelay || Date.now() + delayMs >= deadline) throw failure;
        hooks.beforeRetry?.({ ...info, error: failure, delayMs });
        log('warn', 'exlic retry', { method: spec.method, path: `/${path}`, attempt, code: failure.code, status: failure.status, delayMs: Math.round(delayMs) });
        try {
          await sleep(delayMs, call.signal);
        } catch {
          throw endedError(attempt);
        }
      }
    } finally {
      clearTimeout(totalTimer);
      spec.signal?.removeEventListener('abort', onCallerAbort);
    }
  };
}
