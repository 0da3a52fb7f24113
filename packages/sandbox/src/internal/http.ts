/** The HTTP layer: one Hono app, routes registered from the contract, every failure as problem details. */
import { Hono, type Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { routes, type RouteName } from '../contract/routes';
import { isSandboxError, SandboxError } from '../errors';
import { authenticate, isAdmin } from './accounts';
import type { Call, Reply } from './call';
import { randomId, sha256Hex, type Ctx, type Identity } from './context';
import { refuse, toProblem } from './problem';
import type { Problem } from '../contract/schemas';

/** A handler of one route. */
export type Handler = (ctx: Ctx, call: Call) => Promise<Reply>;

/** Routes whose body is an application document: validated by the rules (a draft may be incomplete), not by the schema. */
const RULES_CHECKED_BODY = new Set<RouteName>(['createApplication', 'saveApplication']);

type RouteDef = (typeof routes)[RouteName];
interface RequestParts {
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: { content: Record<string, { schema: z.ZodType }>; required?: boolean };
}

function partsOf(route: RouteDef): RequestParts {
  return ((route as { request?: RequestParts }).request ?? {}) as RequestParts;
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (schema === undefined) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw refuse('invalidRequest', `The ${where} does not fit the contract: ${issuesText(result.error)}.`);
  return result.data;
}

/** Reads at most `limit` bytes of a body; a longer one is refused with 413 without reading the rest. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw refuse('payloadTooLarge', `The body is ${declared} bytes; this route accepts at most ${limit}.`);
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
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

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (error) {
    throw refuse('malformedJson', `The body is not valid UTF-8 JSON (${(error as Error).message.slice(0, 120)}); send one JSON document with Content-Type: application/json.`);
  }
}

function problemResponse(problem: Problem, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json', 'x-request-id': problem.requestId, ...extraHeaders } });
}

function replyResponse(reply: Reply, requestId: string): Response {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...reply.headers };
  if (reply.bytes !== undefined) {
    headers['content-type'] = reply.contentType ?? 'application/octet-stream';
    return new Response(reply.bytes, { status: reply.status, headers });
  }
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** Turns anything thrown into a problem; unexpected errors become a 500 that reveals nothing of the request. */
function problemOf(error: unknown, instance: string, requestId: string): Problem {
  if (isSandboxError(error)) return toProblem(error, instance, requestId);
  return toProblem(new SandboxError('internal', 500, `The sandbox failed to handle this request (request ${requestId}); its log has the cause.`), instance, requestId);
}

interface Stored {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Builds the Hono app that serves every route of the contract with `handlers`. */
export function createHttpApp(ctx: Ctx, handlers: Readonly<Record<RouteName, Handler>>, extra: (app: Hono) => void): Hono {
  const app = new Hono();
  extra(app);
  for (const [name, route] of Object.entries(routes) as [RouteName, RouteDef][]) {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(route.method.toUpperCase(), path, (c) => handle(ctx, c, name, route, handlers[name]));
  }
  app.notFound((c) => problemResponse(problemOf(refuse('notFound', `No route ${c.req.method} ${new URL(c.req.url).pathname}; the contract is at /openapi.json.`), new URL(c.req.url).pathname, randomId('req', 8))));
  return app;
}

async function handle(ctx: Ctx, c: Context, name: RouteName, route: RouteDef, handler: Handler): Promise<Response> {
  const started = performance.now();
  const url = new URL(c.req.url);
  const requestId = randomId('req', 8);
  let operator: string | undefined;
  let response: Response;
  try {
    response = await handleInner();
  } catch (error) {
    if (!isSandboxError(error)) ctx.options.logger?.({ requestId, method: c.req.method, path: url.pathname, status: 500, ...(operator === undefined ? {} : { operator }), durationMs: 0 });
    const problem = problemOf(error, url.pathname, requestId);
    response = problemResponse(problem);
  }
  ctx.options.logger?.({ requestId, method: c.req.method, path: url.pathname, status: response.status, ...(operator === undefined ? {} : { operator }), durationMs: performance.now() - started });
  return response;

  async function handleInner(): Promise<Response> {
    const parts = partsOf(route);
    const authorization = c.req.header('authorization');
    const admin = name.startsWith('admin');
    // The body is read before the serial section: a slow upload never holds up other requests.
    let raw: Uint8Array | undefined;
    let body: unknown;
    const content = parts.body?.content;
    if (content !== undefined) {
      if (content['application/octet-stream'] !== undefined) {
        raw = await readLimited(c.req.raw, ctx.options.maxAttachmentBytes);
      } else {
        raw = await readLimited(c.req.raw, ctx.options.maxJsonBytes);
        const type = c.req.header('content-type');
        if (raw.byteLength > 0 && type !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) throw refuse('unsupportedMediaType', `This route takes application/json, not ${type.slice(0, 60)}.`);
        if (raw.byteLength === 0 && parts.body?.required === true) throw refuse('invalidRequest', 'This route needs a JSON body.');
        body = raw.byteLength === 0 ? undefined : parseJson(raw);
        if (!RULES_CHECKED_BODY.has(name) && body !== undefined) body = validate(content['application/json']?.schema, body, 'body');
      }
    }
    const params = validate(parts.params, c.req.param(), 'path') as Record<string, string>;
    const query = validate(parts.query, Object.fromEntries(url.searchParams), 'query') as Record<string, unknown>;
    const headers = { 'if-match': c.req.header('if-match'), 'idempotency-key': c.req.header('idempotency-key') };
    const idempotencyKey = parts.headers !== undefined && 'idempotency-key' in (parts.headers as z.ZodObject).shape ? headers['idempotency-key'] : undefined;
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) throw refuse('idempotencyKeyInvalid', 'An Idempotency-Key is 1-255 characters.');

    return ctx.db.serial(async () => {
      let identity: Identity;
      if (admin) {
        if (ctx.options.adminToken === undefined || !isAdmin(ctx.options.adminToken, authorization)) throw refuse('unauthorized', 'Admin routes take the sandbox\'s admin token: Authorization: Bearer <admin token>.');
        identity = { operator: 'authority', operatorName: 'authority', enterprise: '' };
      } else {
        identity = await authenticate(ctx, authorization);
      }
      operator = identity.operator;
      const call: Call = { identity, params, query, headers, body, raw, url, problemOf: (error) => problemOf(error, url.pathname, requestId) };
      if (idempotencyKey === undefined) return replyResponse(await handler(ctx, call), requestId);

      const fingerprint = sha256Hex(`${c.req.method} ${url.pathname}?${url.searchParams.toString()}\n${sha256Hex(raw ?? new Uint8Array())}`);
      const previous = await ctx.db.one('SELECT fingerprint, status, headers, body FROM idempotency WHERE operator = ? AND key = ?', [identity.operator, idempotencyKey]);
      if (previous !== undefined) {
        if (String(previous.fingerprint) !== fingerprint) throw refuse('idempotencyKeyReused', 'This Idempotency-Key was used with a different request: use a new key for a new request, and the same key only to retry the same one.');
        const stored: Stored = { status: Number(previous.status), headers: JSON.parse(String(previous.headers)) as Record<string, string>, body: String(previous.body) };
        return new Response(stored.body === '' ? null : stored.body, { status: stored.status, headers: { ...stored.headers, 'idempotent-replayed': 'true', 'x-request-id': requestId } });
      }
      let response: Response;
      try {
        response = replyResponse(await handler(ctx, call), requestId);
      } catch (error) {
        if (!isSandboxError(error)) throw error;
        response = problemResponse(problemOf(error, url.pathname, requestId));
      }
      if (response.status < 500) {
        const text = await response.clone().text();
        const kept: Record<string, string> = {};
        for (const header of ['content-type', 'etag', 'location']) {
          const value = response.headers.get(header);
          if (value !== null) kept[header] = value;
        }
        await ctx.db.write([
          { sql: 'INSERT INTO idempotency (operator, key, fingerprint, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', args: [identity.operator, idempotencyKey, fingerprint, response.status, JSON.stringify(kept), text, ctx.options.now().toISOString()] },
        ]);
      }
      return response;
    });
  }
}
