// The client against a hostile server on 127.0.0.1 (issue 18, findings 5-8): huge, endless and compressed-bomb answers, stalled bodies, malformed successes, repeating cursors and reflected secrets.
import { execFile } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  isClientError,
  isConflictError,
  isCursorLoopError,
  isInvalidResponseError,
  isRateLimitError,
  isResponseTooLargeError,
  isStatusNotAllowedError,
  isTimeoutError,
  isValidationError,
  type ClientOptions,
} from '../src/index';
import { MiB, compressedBomb, startHostileServer, streamJsonArray, type HostileServer } from './hostile-server';

const GiB = 1024 * MiB;
const TOKEN = 'tok_reflected_7Hq2x9LmVb3Kp0Zs';
const json = { 'content-type': 'application/json' };

interface ChildResult {
  outcome: 'ok' | 'error';
  value?: unknown;
  name?: string;
  code?: string;
  message?: string;
  ms: number;
  peakRssMb: number;
}

let server: HostileServer;
let childScript: string;
const dir = mkdtempSync(join(tmpdir(), 'exlic-hostile-'));

/** Runs one client call in a fresh Node process (the client bundled from source, as an app would ship it) and answers its outcome and peak RSS. */
function runChild(name: string, call: 'me' | 'download' | 'downloadStream', options: Partial<ClientOptions> = {}, download: { maxBytes?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [childScript, server.url(name), call, JSON.stringify(options), JSON.stringify(download)], { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child for ${name} failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as ChildResult);
    });
  });
}

beforeAll(async () => {
  const bombs = { gzip: await compressedBomb('gzip', 400 * MiB), br: await compressedBomb('br', 400 * MiB), deflate: await compressedBomb('deflate', 400 * MiB) };
  const bomb = (encoding: keyof typeof bombs) => (_request: unknown, response: ServerResponse) => {
    response.writeHead(200, { ...json, 'content-encoding': encoding, 'content-length': bombs[encoding].length }).end(bombs[encoding]);
  };
  const pages = new Map<string, number>();
  server = await startHostileServer({
    huge: async (_request, response) => {
      response.writeHead(200, json);
      await streamJsonArray(response, GiB);
    },
    endless: async (_request, response) => {
      response.writeHead(200, json);
      await streamJsonArray(response, Number.POSITIVE_INFINITY);
    },
    gzip: bomb('gzip'),
    br: bomb('br'),
    deflate: bomb('deflate'),
    declaredHuge: (_request, response) => {
      // Announces 600 MB and sends a little: refused from the header, before reading.
      response.writeHead(200, { ...json, 'content-length': String(600 * MiB) });
      response.write('[');
    },
    error600: async (_request, response) => {
      response.writeHead(503, { 'content-type': 'application/problem+json' });
      await streamJsonArray(response, 600 * MiB);
    },
    attachment: async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      await streamJsonArray(response, GiB);
    },
    stall: (_request, response) => {
      response.writeHead(200, json);
      response.write('{"operator":');
    },
    stallAttachment: (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write('%PDF-1.7 first bytes, then nothing');
    },
    html: (_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Login</body></html>'),
    empty: (_request, response) => void response.writeHead(200, json).end(),
    broken: (_request, response) => void response.writeHead(200, json).end('{"operator": {"id": "a-op"'),
    // Paging: `loop` answers the same cursor forever (with items), `emptyLoop` empty pages with a cursor, `cycle` A → B → A.
    loop: (_request, response) => void response.writeHead(200, json).end(JSON.stringify({ items: [{ id: 'app_1' }], nextCursor: 'c_same' })),
    emptyLoop: (_request, response) => void response.writeHead(200, json).end(JSON.stringify({ items: [], nextCursor: 'c_same' })),
    cycle: (request, response) => {
      const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
      pages.set('cycle', (pages.get('cycle') ?? 0) + 1);
      response.writeHead(200, json).end(JSON.stringify({ items: [{ id: `app_${pages.get('cycle')}` }], nextCursor: cursor === 'A' ? 'B' : 'A' }));
    },
    eventsLoop: (_request, response) => void response.writeHead(200, json).end(JSON.stringify({ items: [{ id: 'evt_1' }], nextCursor: 'c_same' })),
    notAPage: (_request, response) => void response.writeHead(200, json).end(JSON.stringify({ items: 'all of them', nextCursor: 7 })),
  });
  // The child runs the client bundled from source (core too), so it measures the client and not a TypeScript loader.
  childScript = join(dir, 'hostile-child.mjs');
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  await build({ entryPoints: [here('./hostile-child.ts')], outfile: childScript, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning', alias: { '@exlic/core': here('../../core/src/index.ts') } });
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('maxResponseBytes: a huge answer fails typed, in bounded memory, without reading it', () => {
  // Before (issue 18): a 1 GiB answer took the client to 2.1 GB RSS, a 400 MB gzip bomb succeeded at 1.3-1.7 GB, a 600 MB error body was read in full, a 1 GiB download was buffered (3 GB).
  it.each([
    ['a 1 GiB JSON answer', 'huge', 'me'],
    ['an endless body', 'endless', 'me'],
    ['a 400 KB gzip body that inflates to 400 MB', 'gzip', 'me'],
    ['a brotli body that inflates to 400 MB', 'br', 'me'],
    ['a deflate body that inflates to 400 MB', 'deflate', 'me'],
    ['a 600 MB error body (503, so retryable)', 'error600', 'me'],
    ['a 1 GiB attachment download', 'attachment', 'download'],
    ['a 1 GiB attachment stream under the default bound', 'attachment', 'downloadStream'],
  ] as const)('%s', { timeout: 180_000 }, async (_title, name, call) => {
    const before = server.written.get(name) ?? 0;
    const requestsBefore = server.requests.get(name) ?? 0;
    const result = await runChild(name, call);
    expect(result).toMatchObject({ outcome: 'error', name: 'ResponseTooLargeError', code: 'responseTooLarge' });
    expect(result.message).toMatch(/more than 16777216 bytes.*maxResponseBytes/);
    expect(result.peakRssMb).toBeLessThan(150);
    // Reading stopped near the limit (socket buffers hold a few MB more), and a too-large answer is never asked for again.
    expect(server.written.get(name)! - before).toBeLessThan(128 * MiB);
    expect(server.requests.get(name)! - requestsBefore).toBe(1);
  });

  it('refuses an answer whose Content-Length is over the limit before reading it', async () => {
    const error = await createClient({ baseUrl: server.url('declaredHuge'), token: TOKEN, retry: false }).me().catch((caught: unknown) => caught);
    expect(isResponseTooLargeError(error) && [error.limit, error.received]).toEqual([16 * MiB, 600 * MiB]);
  });

  it('streams a 1 GiB attachment to its end in bounded memory when the caller lifts the bound', { timeout: 180_000 }, async () => {
    const unbounded = await runChild('attachment', 'downloadStream', {}, { maxBytes: Number.MAX_SAFE_INTEGER });
    expect(unbounded.outcome).toBe('ok');
    expect(unbounded.value).toBeGreaterThan(GiB);
    // Streamed, not buffered: a buffered GiB would be over 1,024 MB. Reading a whole GiB lets consumed chunks wait for
    // the collector, more on Node 24 (195 MB measured) than on 20, so this bound is looser than the 150 MB of the
    // typed-error cases above, where reading stops at the limit.
    expect(unbounded.peakRssMb).toBeLessThan(400);
  });

  it('honours a smaller maxResponseBytes', async () => {
    const error = await createClient({ baseUrl: server.url('huge'), token: TOKEN, retry: false, maxResponseBytes: 1_000_000 }).me().catch((caught: unknown) => caught);
    expect(isResponseTooLargeError(error) && error.limit).toBe(1_000_000);
    expect(isResponseTooLargeError(error) && error.received).toBeGreaterThan(1_000_000);
    expect(isResponseTooLargeError(error) && error.received).toBeLessThan(1_200_000);
  });
});

describe('timeout covers the body', () => {
  it('fails a body that stalls after the headers as a per-attempt timeout, and retries a read', { timeout: 30_000 }, async () => {
    const before = server.requests.get('stall') ?? 0;
    const started = Date.now();
    const error = await createClient({ baseUrl: server.url('stall'), token: TOKEN, timeout: 300, retry: { limit: 2, baseDelay: 1 } }).me().catch((caught: unknown) => caught);
    expect(isTimeoutError(error) && [error.limit, error.attempts]).toEqual(['attempt', 2]);
    expect(server.requests.get('stall')! - before).toBe(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('errors a download stream that stalls with a TimeoutError', { timeout: 30_000 }, async () => {
    const client = createClient({ baseUrl: server.url('stallAttachment'), token: TOKEN, timeout: 300 });
    const stream = await client.attachments.downloadStream('app_1', 'att_1');
    const chunks: Uint8Array[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(new TextDecoder().decode(chunks[0])).toContain('%PDF-1.7');
    expect(isTimeoutError(error) && error.limit).toBe('attempt');
  });
});

describe('a malformed success answer', () => {
  // Before (issue 18): reported as NetworkError "failed without an answer", and a GET was sent four times.
  it.each([
    ['an HTML page', 'html', 'notJson'],
    ['an empty body', 'empty', 'empty'],
    ['broken JSON', 'broken', 'notJson'],
  ] as const)('is an InvalidResponseError for %s, never retried', async (_title, name, reason) => {
    const before = server.requests.get(name) ?? 0;
    const error = await createClient({ baseUrl: server.url(name), token: TOKEN, retry: { limit: 4, baseDelay: 1 } }).me().catch((caught: unknown) => caught);
    expect(isInvalidResponseError(error) && [error.reason, error.status, error.attempts]).toEqual([reason, 200, 1]);
    expect((error as Error).message).toMatch(/baseUrl/);
    expect(server.requests.get(name)! - before).toBe(1);
  });

  it('is an InvalidResponseError for a page without items and a cursor', async () => {
    const error = await createClient({ baseUrl: server.url('notAPage'), token: TOKEN }).applications.list().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isInvalidResponseError(error) && error.reason).toBe('shape');
  });
});

describe('paging on a repeating cursor', () => {
  // Before (issue 18): the walk never ended (stopped by hand at 2,000 pages).
  it.each([
    ['pages with items', 'loop', 2],
    ['empty pages', 'emptyLoop', 2],
    ['a cycle A → B → A', 'cycle', 3],
  ] as const)('ends with a CursorLoopError for %s', async (_title, name, pages) => {
    const before = server.requests.get(name) ?? 0;
    const client = createClient({ baseUrl: server.url(name), token: TOKEN });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const record of client.applications.list()) seen.push(record.id);
    })().catch((caught: unknown) => caught);
    expect(isCursorLoopError(error) && error.pages).toBe(pages);
    expect(isInvalidResponseError(error)).toBe(true);
    expect(server.requests.get(name)! - before).toBe(pages);
  });

  it('ends the event feed on a repeating cursor too', async () => {
    const client = createClient({ baseUrl: server.url('eventsLoop'), token: TOKEN });
    const error = await (async () => {
      for await (const receipt of client.events.list()) void receipt;
    })().catch((caught: unknown) => caught);
    expect(isCursorLoopError(error)).toBe(true);
  });
});

/** Every string of `value`'s views: message, JSON, inspect, stack, and the same for each cause down the chain. */
function views(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    const e = current as Error;
    out.push(String(e.message), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), String(e.stack), JSON.stringify(Object.entries(e)));
    current = e.cause;
  }
  return out;
}

describe('redaction of everything a server controls', () => {
  // Before (issue 18): JSON.stringify(err) and util.inspect(err) showed the token through violations, requestId and currentVersion.
  const reflect = (status: number, code: string) => ({
    type: `https://errors.example/${TOKEN}`,
    title: `Title ${TOKEN}`,
    status,
    detail: `You sent Authorization: Bearer ${TOKEN}`,
    instance: `/v1/applications/${TOKEN}`,
    code,
    message: { zh: `令牌 ${TOKEN}`, en: `token ${TOKEN}` },
    requestId: `req_${TOKEN}`,
    violations: [{ rule: `rule.${TOKEN}`, path: ['contract', TOKEN, 0], severity: 'error', message: { zh: TOKEN, en: TOKEN }, label: { zh: TOKEN, en: TOKEN }, seen: { [TOKEN]: [TOKEN] }, expected: TOKEN }],
    applicationStatus: TOKEN,
    operation: TOKEN,
    allowedIn: [TOKEN, 'draft'],
    currentVersion: TOKEN,
    retryAfter: TOKEN,
    extension: { nested: [[{ deep: TOKEN }]] },
  });
  let reflecting: HostileServer;
  beforeAll(async () => {
    const answer = (status: number, code: string) => (_request: unknown, response: ServerResponse) =>
      void response.writeHead(status, { 'content-type': 'application/problem+json', 'x-request-id': `hdr_${TOKEN}`, 'retry-after': '0' }).end(JSON.stringify(reflect(status, code)));
    reflecting = await startHostileServer({
      validation: answer(422, 'validationFailed'),
      status: answer(409, 'operationNotAllowed'),
      version: answer(412, 'versionMismatch'),
      rate: answer(429, 'rateLimited'),
      token: answer(400, TOKEN),
      html: (_request, response) => void response.writeHead(200, { 'content-type': `text/html; token=${TOKEN}`, 'x-request-id': TOKEN }).end(`<p>${TOKEN}</p>`),
      batch: (_request, response) => void response.writeHead(200, json).end(JSON.stringify({ items: [{ id: 'app_1', ok: false, problem: { ...reflect(422, 'validationFailed'), status: TOKEN } }] })),
      loop: (_request, response) => void response.writeHead(200, { ...json, 'x-request-id': TOKEN }).end(JSON.stringify({ items: [], nextCursor: TOKEN })),
      huge: async (_request, response) => {
        response.writeHead(200, { ...json, 'x-request-id': TOKEN });
        await streamJsonArray(response, 2 * MiB);
      },
    });
  });
  afterAll(() => reflecting.close());

  it('keeps a reflected token out of every field, JSON.stringify, util.inspect, the message and the cause chain', async () => {
    const client = (name: string, more: Partial<ClientOptions> = {}) => createClient({ baseUrl: reflecting.url(name), token: TOKEN, retry: { limit: 2, baseDelay: 1 }, ...more });
    const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
    const errors = [
      await caught(client('validation').applications.get('app_1')),
      await caught(client('status').applications.get('app_1')),
      await caught(client('version').applications.get('app_1')),
      await caught(client('rate').applications.get('app_1')),
      await caught(client('token').applications.get('app_1')),
      await caught(client('html').me()),
      await caught(
        (async () => {
          for await (const page of client('loop').applications.list().pages()) void page;
        })(),
      ),
      await caught(client('huge', { maxResponseBytes: 1_000 }).me()),
      await caught(client('validation', { fetch: () => Promise.reject(new TypeError(`connect to ${TOKEN} failed`, { cause: new Error(`socket ${TOKEN}`, { cause: { detail: TOKEN } }) })) }).me()),
    ];
    const batch = await client('batch').applications.deleteMany(['app_1']);
    const item = batch.items[0]!;
    errors.push(item.ok ? undefined : item.error);

    expect(isValidationError(errors[0]) && errors[0].violations.length).toBe(1);
    expect(isStatusNotAllowedError(errors[1]) && errors[1].allowedIn).toContain('draft');
    expect(isConflictError(errors[2]) && errors[2].currentVersion).toBeUndefined();
    expect(isRateLimitError(errors[3]) && errors[3].retryAfter).toBe(0);
    expect(isInvalidResponseError(errors[5])).toBe(true);
    expect(isCursorLoopError(errors[6])).toBe(true);
    expect(isResponseTooLargeError(errors[7])).toBe(true);
    for (const [index, error] of errors.entries()) {
      expect(isClientError(error), `error ${index}`).toBe(true);
      for (const view of views(error)) expect(view, `error ${index}`).not.toContain(TOKEN);
      // Every own field, read directly.
      for (const [key, value] of Object.entries(error as object)) expect(JSON.stringify(value) ?? '', `error ${index}.${key}`).not.toContain(TOKEN);
    }
  });
});
