import { inspect } from 'node:util';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  isAbortedError,
  isAuthenticationError,
  isClientError,
  isConflictError,
  isNetworkError,
  isNotFoundError,
  isRateLimitError,
  isRequestError,
  isServerError,
  isStatusNotAllowedError,
  isTimeoutError,
  isValidationError,
  parseRetryAfter,
  type ClientOptions,
} from './index';

const BASE = 'http://exlic-errors.test';
const TOKEN = 'tok_live_9f8e7d6c5b4a39281706';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json({ type: 'about:blank', title: code, status, detail: code, instance: '/v1/x', code, message: { zh: code, en: `refused: ${code}` }, requestId: 'req_1', ...extra }, { status, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req_1' } });

function client(more: Partial<ClientOptions> = {}) {
  return createClient({ baseUrl: BASE, token: TOKEN, retry: { limit: 4, baseDelay: 1, maxDelay: 50 }, ...more });
}

describe('errors', () => {
  it.each([
    [422, 'validationFailed', { violations: [{ rule: 'required.customsPort', path: ['customsPort'], severity: 'error', message: { zh: '必填', en: 'required' } }] }, isValidationError],
    [409, 'operationNotAllowed', { applicationStatus: 'approved', operation: 'declare', allowedIn: ['draft'] }, isStatusNotAllowedError],
    [404, 'notFound', {}, isNotFoundError],
    [412, 'versionMismatch', { currentVersion: 7 }, isConflictError],
    [401, 'unauthorized', {}, isAuthenticationError],
    [403, 'signatureInvalid', {}, isAuthenticationError],
    [400, 'invalidRequest', {}, isRequestError],
    [429, 'rateLimited', { retryAfter: 0 }, isRateLimitError],
    [503, 'unavailable', { retryAfter: 0 }, isServerError],
  ] as const)('maps %s %s to its class, with request id, status and attempts', async (status, code, extra, guard) => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/applications/app_1`, () => {
      calls += 1;
      return problem(status, code, extra);
    }));
    const error = await client().applications.get('app_1').catch((caught: unknown) => caught);
    expect(guard(error)).toBe(true);
    expect(isClientError(error) && [error.code, error.status, error.requestId, error.attempts]).toEqual([code, status, 'req_1', calls]);
    // Business errors (4xx but 408/429) are never retried; 429 and 5xx are.
    expect(calls).toBe(status === 429 || status >= 500 ? 4 : 1);
    if (isValidationError(error)) expect(error.violations[0]?.rule).toBe('required.customsPort');
    if (isStatusNotAllowedError(error)) expect([error.applicationStatus, error.operation, error.allowedIn]).toEqual(['approved', 'declare', ['draft']]);
    if (isConflictError(error)) expect(error.currentVersion).toBe(7);
  });

  it('reports a network error after retrying a read, and a non-JSON 502 as a server error', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/me`, () => {
      calls += 1;
      return calls < 3 ? HttpResponse.error() : new HttpResponse('<html>bad gateway</html>', { status: 502 });
    }));
    const error = await client({ retry: { limit: 3, baseDelay: 1 } }).me().catch((caught: unknown) => caught);
    expect(isServerError(error) && [error.status, error.attempts, error.code]).toEqual([502, 3, 'http502']);
    server.use(http.get(`${BASE}/v1/me`, () => HttpResponse.error()));
    const network = await client({ retry: false }).me().catch((caught: unknown) => caught);
    expect(isNetworkError(network) && network.attempts).toBe(1);
  });

  it('times out per attempt and per call', async () => {
    server.use(http.get(`${BASE}/v1/me`, async () => {
      await delay(300);
      return HttpResponse.json({});
    }));
    const perAttempt = await client({ timeout: 20, retry: { limit: 2, baseDelay: 1 } }).me().catch((caught: unknown) => caught);
    expect(isTimeoutError(perAttempt) && [perAttempt.limit, perAttempt.attempts]).toEqual(['attempt', 2]);
    const total = await client({ timeout: 1_000, totalTimeout: 40 }).me().catch((caught: unknown) => caught);
    expect(isTimeoutError(total) && total.limit).toBe('total');
  });

  it('ends a call at totalTimeout while it waits to retry, not after the wait', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/me`, () => {
      calls += 1;
      return problem(503, 'unavailable');
    }));
    // Backoffs of up to 10 s and attempts of up to 10 s: only the 300 ms deadline can end this call early.
    const started = Date.now();
    const error = await client({ timeout: 10_000, totalTimeout: 300, retry: { limit: 20, baseDelay: 10_000, maxDelay: 10_000 } }).me().catch((caught: unknown) => caught);
    expect(isTimeoutError(error) && [error.limit, error.status]).toEqual(['total', 503]);
    expect(calls).toBeGreaterThanOrEqual(1);
    // Not a timing figure: a wait cut at the deadline ends within seconds, an uncut one would take up to 10 s more.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops the request and every pending retry when the caller aborts', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/me`, () => {
      calls += 1;
      return problem(503, 'unavailable');
    }));
    const controller = new AbortController();
    const pending = client({ retry: { limit: 10, baseDelay: 10_000, maxDelay: 10_000 } }).me({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((caught: unknown) => caught);
    expect(isAbortedError(error)).toBe(true);
    expect(calls).toBe(1);
    const already = await client().me({ signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
    expect(isAbortedError(already) && already.attempts).toBe(0);
  });
});

describe('retries', () => {
  it('honours Retry-After and gives up when it is longer than maxDelay', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/me`, () => {
      calls += 1;
      return calls === 1 ? HttpResponse.json({ code: 'rateLimited' }, { status: 429, headers: { 'retry-after': '1' } }) : HttpResponse.json({ operator: { id: 'x' } });
    }));
    const delays: number[] = [];
    await client({ retry: { limit: 3, baseDelay: 1, maxDelay: 5_000 }, hooks: { beforeRetry: (info) => delays.push(info.delayMs) } }).me();
    expect(calls).toBe(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1_000);
    calls = 0;
    const error = await client({ retry: { limit: 3, baseDelay: 1, maxDelay: 500 } }).me().catch((caught: unknown) => caught);
    expect(isRateLimitError(error) && [error.retryAfter, error.attempts]).toEqual([1, 1]);
  });

  it('sends one Idempotency-Key on every attempt of every POST, the caller\'s when given, and never repeats a PUT or DELETE', async () => {
    const keys: (string | null)[] = [];
    server.use(http.post(`${BASE}/v1/applications/app_1/withdraw`, ({ request }) => {
      keys.push(request.headers.get('idempotency-key'));
      return keys.length < 3 ? HttpResponse.error() : HttpResponse.json({ id: 'app_1', status: 'pendingWithdrawal' });
    }));
    await client().applications.withdraw('app_1');
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    keys.length = 0;
    await client().applications.withdraw('app_1', { idempotencyKey: 'order-42-withdraw' });
    expect(keys).toEqual(['order-42-withdraw', 'order-42-withdraw', 'order-42-withdraw']);
    // A new draft is a POST as well: keyed by default, so a save whose answer was lost is retried under the same key (the server answers the repeat with the first draft).
    const saveKeys: (string | null)[] = [];
    server.use(http.post(`${BASE}/v1/applications`, ({ request }) => {
      saveKeys.push(request.headers.get('idempotency-key'));
      return problem(503, 'unavailable');
    }));
    await expect(client().applications.save(validDraft())).rejects.toSatisfy(isServerError);
    expect(saveKeys).toHaveLength(4);
    expect(new Set(saveKeys).size).toBe(1);
    expect(saveKeys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    // Each call has its own key.
    await client({ retry: false }).applications.save(validDraft()).catch(() => undefined);
    expect(saveKeys).toHaveLength(5);
    expect(saveKeys[4]).not.toBe(saveKeys[0]);
    let puts = 0;
    let deletes = 0;
    server.use(
      http.put(`${BASE}/v1/applications/app_1`, ({ request }) => {
        puts += 1;
        expect(request.headers.get('idempotency-key')).toBeNull();
        return problem(503, 'unavailable');
      }),
      http.delete(`${BASE}/v1/applications/app_1`, () => {
        deletes += 1;
        return HttpResponse.error();
      }),
    );
    await expect(client().applications.save(validDraft(), { id: 'app_1', version: 1 })).rejects.toSatisfy(isServerError);
    await expect(client().applications.delete('app_1')).rejects.toSatisfy(isNetworkError);
    expect([puts, deletes]).toEqual([1, 1]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

function validDraft() {
  return { schemaVersion: 1 as const, year: 2026 };
}

describe('redaction', () => {
  it('keeps the token, PINs and signatures out of messages, causes, toJSON, inspect and logs', async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string, d: unknown) => lines.push(m + JSON.stringify(d)), info: (m: string, d: unknown) => lines.push(m + JSON.stringify(d)), warn: (m: string, d: unknown) => lines.push(m + JSON.stringify(d)) };
    server.use(
      http.get(`${BASE}/v1/applications/:id`, () => {
        // A hostile or careless server echoing secrets back.
        return problem(400, 'invalidRequest', { detail: `bad Authorization: Bearer ${TOKEN}`, message: { zh: 'x', en: `echo ${TOKEN} "pin":"12345678" "signature":"MEUCIQ" whsec_c2VjcmV0c2VjcmV0` } });
      }),
    );
    const c = client({ logger, retry: false });
    const failing = client({ logger, retry: false, fetch: () => Promise.reject(new TypeError(`connect failed with Bearer ${TOKEN}`, { cause: new Error(`socket for token=${TOKEN}`) })) });
    const errors = [await c.applications.get(`app_${TOKEN}`).catch((caught: unknown) => caught), await failing.me().catch((caught: unknown) => caught)];
    expect(isNetworkError(errors[1])).toBe(true);
    for (const error of errors) {
      expect(isClientError(error)).toBe(true);
      const views = [String((error as Error).message), JSON.stringify(error), inspect(error, { depth: 10 }), String((error as Error).stack), inspect((error as Error).cause, { depth: 10 })];
      for (const view of views) {
        expect(view).not.toContain(TOKEN);
        expect(view).not.toContain('12345678');
        expect(view).not.toContain('MEUCIQ');
        expect(view).not.toContain('c2VjcmV0c2VjcmV0');
      }
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(TOKEN);
    expect(JSON.stringify(errors[0])).toContain('[REDACTED]');
  });

  it('refuses bad options with a typed error that does not echo the token', () => {
    expect(() => createClient({ baseUrl: 'not a url', token: TOKEN })).toThrow(/not an absolute URL/);
    expect(() => createClient({ baseUrl: BASE, token: '' })).toThrow(/token/);
    expect(() => createClient({ baseUrl: BASE, token: TOKEN, timeout: -1 })).toThrow(/timeout/);
    // @ts-expect-error unknown option keys are refused at the type level and at run time
    expect(() => createClient({ baseUrl: BASE, token: TOKEN, retries: 3 })).toThrow(/Unknown client option "retries"/);
  });
});
