/**
 * The HTTP layer: one OpenAPIHono app whose routes are the contract's (`app.openapi(route, handler)`), and small
 * middleware that each do one job, in this order: request id → log → authentication (from headers, before any body
 * is read) → media type → body limit → unit of work with idempotency → the route's validators → the handler.
 * Every failure becomes problem details in `app.onError`.
 */
import { OpenAPIHono, type RouteHandler } from '@hono/zod-openapi';
import { toParseIssues, type Problem, type Violation } from '@exlic/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type * as z from 'zod';
import { routes, type RouteName } from '../contract/routes';
import { isSandboxError, SandboxError } from '../errors';
import { authenticate, isAdmin } from './accounts';
import { randomId, sha256Hex, type Ctx, type Identity } from './context';
import { refuse, toProblem } from './problem';

/** What the middleware leaves on the context for the handlers. */
export interface Env {
  Variables: {
    ctx: Ctx;
    requestId: string;
    identity: Identity;
    /** An upload's file, read (within the limit) before the unit of work so a slow sender never holds it up. */
    upload: Uint8Array;
    /** The authenticated operator, for the log line (unset until authentication passed). */
    operator: string | undefined;
  };
}

/** The handler of one route: its input typed from the contract (`c.req.valid(...)`), its answers typed by it. */
export type Handler<N extends RouteName> = RouteHandler<(typeof routes)[N], Env>;

/** One handler per route of the contract: a route without a handler does not compile. */
export type Handlers = { readonly [N in RouteName]: Handler<N> };

/** How long an idempotency record is kept (Stripe keeps keys for 24 hours). */
const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The one media type a JSON body may have: the contract names `application/json` only. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** Chinese for zod's issue codes, for the `message.zh` of a contract violation. */
const ISSUE_ZH: Readonly<Record<string, string>> = {
  invalid_type: '类型不符',
  too_big: '超出上限',
  too_small: '低于下限',
  invalid_format: '格式不符',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '未知字段',
  invalid_union: '不符合任何一种允许的形式',
  not_multiple_of: '不是规定的倍数',
  custom: '不符合要求',
};

/** The issues of a failed validation as violations: data a client can show per field, never prose. */
function contractViolations(error: z.ZodError, where: string): Violation[] {
  return toParseIssues(error).map((issue) => {
    const path = [...issue.path];
    const shown = [where, ...path.map(String)].join('.');
    return {
      rule: 'contract',
      code: issue.code,
      path,
      severity: 'error' as const,
      message: { zh: `${shown}：${ISSUE_ZH[issue.code] ?? '不符合接口定义'}`, en: `${shown}: ${issue.message}` },
    };
  });
}

/** The problem document of an error: a refusal as itself, anything else as a 500 that reveals nothing of the request. */
function problemOf(error: unknown, instance: string, requestId: string): Problem {
  if (isSandboxError(error)) return toProblem(error, instance, requestId);
  return toProblem(new SandboxError('internal', 500, `The sandbox failed to handle this request (request ${requestId}); its log has the cause.`), instance, requestId);
}

/** The problem document of an error inside a request (for per-item batch answers). */
export function problemIn(c: Context<Env>, error: unknown): Problem {
  return problemOf(error, new URL(c.req.url).pathname, c.var.requestId);
}

function problemResponse(problem: Problem): Response {
  const retryAfter = problem.retryAfter === undefined ? {} : { 'retry-after': String(problem.retryAfter) };
  return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json', 'x-request-id': problem.requestId, ...retryAfter } });
}

/** Gives every request an id, answered in `x-request-id`. */
function requestId(): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('requestId', randomId('req', 8));
    await next();
    c.res.headers.set('x-request-id', c.var.requestId);
  };
}

/**
 * Closes the connection after refusing a request whose body was not read to its end (401, 413, 415, …): the client
 * learns it cannot reuse the socket, instead of writing its next request behind the unread rest of this one.
 */
function closeUnread(): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (c.res.status >= 400 && hasBody(c)) c.res.headers.set('connection', 'close');
  };
}

/** One log line per request, after it was answered. */
function requestLog(ctx: Ctx): MiddlewareHandler<Env> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const operator = c.get('operator');
    ctx.options.logger?.({ requestId: c.var.requestId, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ...(operator === undefined ? {} : { operator }), durationMs: performance.now() - started });
  };
}

/** Authenticates from the Authorization header alone, before any body is read: an anonymous upload costs nothing. */
function authentication(ctx: Ctx): MiddlewareHandler<Env> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    if (new URL(c.req.url).pathname.startsWith('/v1/admin/')) {
      if (ctx.options.adminToken === undefined || !isAdmin(ctx.options.adminToken, authorization)) throw refuse('unauthorized', 'Admin routes take the sandbox\'s admin token: Authorization: Bearer <admin token>.');
      c.set('identity', { operator: 'authority', operatorName: 'authority', enterprise: '' });
    } else {
      c.set('identity', await authenticate(ctx, authorization));
    }
    c.set('operator', c.var.identity.operator);
    await next();
  };
}

/** Whether a request carries a body: by its framing headers over HTTP, by its stream in process (a Request built by a caller has no Content-Length). */
function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return length !== '0';
  // A Request made in process (sandbox.fetch, msw) carries its body without Content-Length: its Content-Type says there is one.
  return c.req.header('transfer-encoding') !== undefined || (c.req.raw.body !== null && c.req.header('content-type') !== undefined);
}

/**
 * A JSON route reads only `application/json`; anything else with a body is refused before it is read. A route whose body
 * is optional reads no body as `{}`, so its schema's defaults apply and the handler always gets validated input.
 */
function jsonMediaType(optional: boolean): MiddlewareHandler<Env> {
  return async (c, next) => {
    const type = c.req.header('content-type');
    if (hasBody(c)) {
      if (type === undefined || !JSON_MEDIA_TYPE.test(type)) throw refuse('unsupportedMediaType', `This route takes Content-Type: application/json, not ${type === undefined ? 'none' : JSON.stringify(type.slice(0, 60))}.`);
    } else if (optional) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', 'application/json');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body: '{}', signal: c.req.raw.signal });
    }
    await next();
  };
}

/**
 * Hono's body limit, answering a problem: a declared Content-Length over the limit is refused unread, a longer stream
 * when it passes the limit. A request framed by its Content-Length is checked here, without touching its body stream:
 * Hono's middleware would make @hono/node-server build a web stream for the body, where it otherwise reads the body
 * straight from the socket.
 */
function limitBody(limit: number): MiddlewareHandler<Env> {
  const tooLarge = () => refuse('payloadTooLarge', `The body is larger than ${limit} bytes, the most this route accepts.`);
  const streamed = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || !/^\d{1,15}$/.test(length) || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(length) > limit) throw tooLarge();
    await next();
  };
}

/** The parsed JSON body (Hono caches it for the route's validator), or undefined without one. */
async function jsonBody(c: Context): Promise<unknown> {
  if (!hasBody(c)) return undefined;
  const text = await c.req.text();
  if (text.length === 0) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    // The route's validator reads the body again: given the parsed value, Hono does not parse it a second time (through a new Response).
    c.req.bodyCache.json = Promise.resolve(parsed);
    return parsed;
  } catch (error) {
    throw refuse('malformedJson', `The body is not valid JSON (${error instanceof SyntaxError ? error.message.slice(0, 120) : 'unreadable'}); send one JSON document with Content-Type: application/json.`);
  }
}

/** Reads an upload's body, refusing it (413) as soon as it passes `limit`, without reading the rest. */
async function readUpload(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) throw refuse('payloadTooLarge', `The body is ${declared} bytes; this route accepts at most ${limit}.`);
  const stream = c.req.raw.body;
  if (stream === null) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw refuse('payloadTooLarge', `The body is larger than ${limit} bytes, the most this route accepts.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * What makes two requests "the same" for an idempotency key: method, path, query and body, with the SM2 signature
 * values left out — an SM2 signature is randomised, so a client that signs again on a retry sends the same declaration.
 */
function fingerprintOf(c: Context, body: unknown): string {
  const url = new URL(c.req.url);
  const stripped = JSON.stringify(body ?? null, (key, value: unknown) => (key === 'signature' && typeof value === 'string' ? '' : value));
  return sha256Hex(`${c.req.method} ${url.pathname}?${url.searchParams.toString()}\n${stripped}`);
}

/** Answers that are kept for an idempotency key: the request ran (not a refusal of its form, its credentials or the server's state). */
function keepsAnswer(status: number): boolean {
  return status < 500 && status !== 400 && status !== 401 && status !== 413 && status !== 415 && status !== 429;
}

/**
 * Runs the rest of a write in one unit of work (serialised, one transaction), and makes it safe to retry: with an
 * Idempotency-Key, a repeat returns the first answer and changes nothing, the same key with another request is refused,
 * and the first answer is stored in the same transaction as the change it answers.
 */
function unitOfWork(ctx: Ctx, { idempotent, upload }: { idempotent: boolean; upload: boolean }, uploads: { reading: number }): MiddlewareHandler<Env> {
  return async (c, next) => {
    const key = idempotent ? c.req.header('idempotency-key') : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 255)) throw refuse('idempotencyKeyInvalid', 'An Idempotency-Key is 1-255 characters.');
    let body: unknown;
    if (upload) {
      if (uploads.reading >= ctx.options.maxConcurrentUploads) throw refuse('unavailable', `${uploads.reading} uploads are being read; retry in 1 s.`, { retryAfter: 1 });
      uploads.reading += 1;
      let file: Uint8Array;
      try {
        file = await readUpload(c, ctx.options.maxAttachmentBytes);
      } finally {
        uploads.reading -= 1;
      }
      c.set('upload', file);
      body = sha256Hex(file);
    } else {
      body = await jsonBody(c);
    }
    const operator = c.var.identity.operator;
    try {
      await ctx.db.unit(async () => {
        const now = ctx.options.now();
        const oldest = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS).toISOString();
        const fingerprint = key === undefined ? '' : fingerprintOf(c, body);
        if (key !== undefined) {
          const previous = await ctx.db.one('SELECT fingerprint, status, headers, body FROM idempotency WHERE operator = ? AND key = ? AND created_at >= ?', [operator, key, oldest]);
          if (previous !== undefined) {
            if (String(previous.fingerprint) !== fingerprint) throw refuse('idempotencyKeyReused', 'This Idempotency-Key was used with a different request: use a new key for a new request, and the same key only to retry the same one.');
            const headers = new Headers(JSON.parse(String(previous.headers)) as Record<string, string>);
            headers.set('idempotent-replayed', 'true');
            c.res = new Response(String(previous.body) === '' ? null : String(previous.body), { status: Number(previous.status), headers });
            return;
          }
        }
        const reply = key === undefined ? undefined : recordJson(c);
        await next();
        // A failure that is not a refusal undoes the unit; onError has answered it already.
        if (c.error !== undefined && !isSandboxError(c.error)) throw ROLLBACK;
        if (key === undefined || !keepsAnswer(c.res.status)) return;
        const kept: Record<string, string> = {};
        for (const header of ['content-type', 'etag', 'location']) {
          const value = c.res.headers.get(header);
          if (value !== null) kept[header] = value;
        }
        await ctx.db.write([
          { sql: 'DELETE FROM idempotency WHERE created_at < ?', args: [oldest] },
          { sql: 'INSERT OR REPLACE INTO idempotency (operator, key, fingerprint, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', args: [operator, key, fingerprint, c.res.status, JSON.stringify(kept), reply?.response === c.res ? reply.text : await c.res.clone().text(), now.toISOString()] },
        ]);
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
  };
}

/**
 * Makes the handler's `c.json(…)` keep the text it sends (the same Response Hono's `c.json` makes), so the answer kept
 * for an idempotency key is that text, not the Response's stream read back through a clone.
 */
function recordJson(c: Context<Env>): { response?: Response; text: string } {
  const seen: { response?: Response; text: string } = { text: '' };
  const json = (object: unknown, arg?: number | ResponseInit, headers?: Record<string, string | string[]>): Response => {
    seen.text = JSON.stringify(object);
    seen.response = c.body(seen.text, arg as ContentfulStatusCode, { 'Content-Type': 'application/json', ...headers });
    return seen.response;
  };
  c.json = json as unknown as typeof c.json;
  return seen;
}

/** Thrown inside a unit of work to roll it back after the answer was already made. */
const ROLLBACK = Symbol('rollback');

/** Reads run one at a time with writes, so a read never sees half of a unit of work. */
function serialRead(ctx: Ctx): MiddlewareHandler<Env> {
  return async (_c, next) => {
    await ctx.db.serial(() => next());
  };
}

/** Builds the Hono app that serves every route of the contract with `handlers`; `extra` adds the non-contract routes first. */
export function createHttpApp(ctx: Ctx, handlers: Handlers, extra: (app: OpenAPIHono<Env>) => void): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        const violations = contractViolations(result.error, result.target === 'json' ? 'body' : result.target);
        throw refuse('invalidRequest', `The request does not fit the contract (${violations.length} problem${violations.length === 1 ? '' : 's'}; see violations).`, { violations });
      }
    },
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.use('*', requestLog(ctx));
  app.use('*', closeUnread());
  extra(app);
  app.use('/v1/*', authentication(ctx));
  const uploads = { reading: 0 };
  for (const name of Object.keys(routes) as RouteName[]) register(app, ctx, handlers, name, uploads);
  app.notFound((c) => problemResponse(problemOf(refuse('notFound', `No route ${c.req.method} ${new URL(c.req.url).pathname}; the contract is at /openapi.json.`), new URL(c.req.url).pathname, c.var.requestId)));
  app.onError((error, c) => {
    const instance = new URL(c.req.url).pathname;
    if (error instanceof HTTPException && error.status === 400) return problemResponse(problemOf(refuse('malformedJson', 'The body is not valid JSON; send one JSON document with Content-Type: application/json.'), instance, c.var.requestId));
    if (!isSandboxError(error)) {
      // The cause of a 500, logged once with the request id; the answer says only where to look.
      ctx.options.logger?.({ requestId: c.var.requestId, method: c.req.method, path: instance, status: 500, durationMs: 0, error: `${error.name}: ${error.message}` });
    }
    return problemResponse(problemOf(error, instance, c.var.requestId));
  });
  return app;
}

/** Registers one route: its own middleware (by what its body is), then `app.openapi` with its handler. */
function register<N extends RouteName>(app: OpenAPIHono<Env>, ctx: Ctx, handlers: Handlers, name: N, uploads: { reading: number }): void {
  const route = routes[name];
  const handler: Handler<N> = handlers[name];
  const path = route.path.replace(/\{(\w+)\}/g, ':$1');
  const method = route.method.toUpperCase();
  const body = 'request' in route && 'body' in route.request ? route.request.body : undefined;
  const content = body?.content;
  const upload = content !== undefined && 'application/octet-stream' in content;
  const idempotent = 'request' in route && 'headers' in route.request && 'idempotency-key' in route.request.headers.shape;
  if (content !== undefined && !upload) app.on(method, path, jsonMediaType(body?.required !== true), limitBody(ctx.options.maxJsonBytes));
  app.on(method, path, method === 'GET' ? serialRead(ctx) : unitOfWork(ctx, { idempotent, upload }, uploads));
  app.openapi(route, handler);
}
