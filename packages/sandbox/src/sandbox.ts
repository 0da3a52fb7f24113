/** createSandbox: the local Single Window as one `fetch(Request) → Response` handler, plus the authority's in-process controls. */
import { randomBytes } from 'node:crypto';
import { createNodeSm2Engine } from '@exlic/signer/node';
import { createOpenApiDocument } from './contract/document';
import type { ReviewEvent } from './contract/schemas';
import { createFaults, DroppedConnectionError, type SandboxFaults } from './faults';
import * as actions from './handlers/actions';
import * as applications from './handlers/applications';
import * as attachments from './handlers/attachments';
import * as customs from './handlers/customs';
import * as ekey from './handlers/ekey';
import * as pushes from './handlers/pushes';
import { issueToken, revokeToken, seedEnterprises } from './internal/accounts';
import type { Ctx } from './internal/context';
import { openDb } from './internal/db';
import { createHttpApp, type Env, type Handler, type Handlers } from './internal/http';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { toRecord, type ApplicationRecord } from './internal/records';
import { renderReferencePage } from './internal/reference-page';
import { DEMO_ENTERPRISES, normalizeSandboxOptions, type SandboxOptions } from './options';
import type { LicenceUseInput } from './handlers/customs';
import type { WriteOff } from '@exlic/core';

/** An operator token printed at start: which enterprise and operator it belongs to. */
export interface SeededOperator {
  enterprise: { code: string; uscc: string; name: string };
  operator: string;
  token: string;
}

/** A running sandbox. */
export interface Sandbox {
  /** The whole HTTP contract: `Request` in, `Response` out (Node, msw and tests share it). */
  fetch(request: Request): Promise<Response>;
  /** The authority reviews an application: first/second review passed or returned, withdrawal granted or refused. */
  review(id: string, event: ReviewEvent, opinion?: string): Promise<ApplicationRecord>;
  /** Customs records a use of a licence (a write-off entry). */
  useLicence(licenceNo: string, use: LicenceUseInput): Promise<WriteOff>;
  /** Issues a bearer token for an operator of an enterprise (valid 7 days unless `ttlSeconds` says otherwise). */
  issueToken(account: { enterprise: string; operator: string; ttlSeconds?: number }): Promise<string>;
  /** Revokes an operator token: it is refused (401) from then on. */
  revokeToken(token: string): Promise<void>;
  /** The operators seeded at start with a fresh token each (`seed: 'demo'` and `enterprises`). */
  seeded(): Promise<SeededOperator[]>;
  /** Injected faults for clients' tests; off by default. */
  readonly faults: SandboxFaults;
  /** The admin token of `/v1/admin/*` (not enumerable: it stays out of logs and JSON). */
  readonly adminToken: string;
  /** Resolves when every queued push has been delivered or given up. */
  pushesIdle(): Promise<void>;
  /** Stops pushes and closes the database. */
  close(): Promise<void>;
}

/**
 * Creates a sandbox. Nothing listens: serve it with {@link serveSandbox}, hand it to msw, or call `fetch` directly.
 * @example
 * const sandbox = createSandbox({ seed: 'demo', autoReview: true });
 * const [{ token }] = await sandbox.seeded();
 * const response = await sandbox.fetch(new Request('http://sandbox/v1/me', { headers: { authorization: `Bearer ${token}` } }));
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const normalized = normalizeSandboxOptions(options);
  const adminToken = normalized.adminToken ?? `exlic_adm_${randomBytes(24).toString('base64url')}`;
  normalized.adminToken = adminToken;
  const { faults, draw } = createFaults();
  const enterprises = [...(normalized.seed === 'demo' ? DEMO_ENTERPRISES : []), ...normalized.enterprises];
  let ctx: Ctx | undefined;
  let app: OpenAPIHono<Env> | undefined;
  let dispatcher: pushes.PushDispatcher | undefined;
  let seededOperators: SeededOperator[] = [];

  const ready = (async () => {
    const db = await openDb(normalized.db, normalized.dbAuthToken);
    const base = { db, options: normalized, engine: normalized.sm2Engine ?? createNodeSm2Engine(), faults };
    dispatcher = pushes.createPushDispatcher(base);
    const publishTo = dispatcher;
    ctx = { ...base, publish: (receipts) => publishTo.publish(receipts) };
    await seedEnterprises(ctx, enterprises);
    const live = ctx;
    seededOperators = [];
    for (const enterprise of enterprises) {
      for (const operator of enterprise.operators) {
        seededOperators.push({ enterprise: { code: enterprise.code, uscc: enterprise.uscc, name: enterprise.name }, operator: operator.id, token: (await issueToken(live, enterprise.code, operator.id)).token });
      }
    }
    const document = createOpenApiDocument();
    const page = renderReferencePage(document);
    app = createHttpApp(ctx, HANDLERS, (hono) => {
      hono.get('/openapi.json', (c) => c.json(document));
      hono.get('/reference', (c) => c.html(page));
      hono.get('/healthz', (c) => c.json({ ok: true }));
    });
  })();

  const live = async (): Promise<Ctx> => {
    await ready;
    if (ctx === undefined) throw new Error('the sandbox failed to start');
    return ctx;
  };

  const sandbox: Sandbox = {
    async fetch(request) {
      await ready;
      if (app === undefined) throw new Error('the sandbox failed to start');
      const served = app;
      const path = new URL(request.url).pathname;
      const fault = path.startsWith('/v1/') && !path.startsWith('/v1/admin/') ? draw() : undefined;
      if (fault?.when === 'before') {
        if (fault.kind === 'drop') throw new DroppedConnectionError('before');
        if (fault.kind === 'slow') await delay(fault.slowMs);
        else return faultResponse(fault.kind, fault.retryAfterSeconds);
      }
      const response = await served.fetch(request);
      if (fault?.when === 'after') {
        if (fault.kind === 'slow') {
          await delay(fault.slowMs);
          return response;
        }
        await response.body?.cancel();
        if (fault.kind === 'drop') throw new DroppedConnectionError('after');
        return faultResponse(fault.kind, fault.retryAfterSeconds);
      }
      return response;
    },
    async review(id, event, opinion) {
      const c = await live();
      return toRecord(await c.db.serial(() => actions.reviewById(c, id, event, opinion)));
    },
    async useLicence(licenceNo, use) {
      const c = await live();
      return c.db.serial(() => customs.useLicence(c, licenceNo, use));
    },
    async issueToken(account) {
      const c = await live();
      return (await c.db.serial(() => issueToken(c, account.enterprise, account.operator, account.ttlSeconds))).token;
    },
    async revokeToken(token) {
      const c = await live();
      await c.db.serial(() => revokeToken(c, token));
    },
    async seeded() {
      await ready;
      return seededOperators.map((entry) => ({ ...entry }));
    },
    faults,
    adminToken,
    async pushesIdle() {
      await ready;
      await dispatcher?.idle();
    },
    async close() {
      await ready.catch(() => undefined);
      dispatcher?.close();
      await ctx?.db.serial(() => Promise.resolve());
      ctx?.db.close();
    },
  };
  Object.defineProperty(sandbox, 'adminToken', { value: adminToken, enumerable: false });
  Object.defineProperty(sandbox, Symbol.for('nodejs.util.inspect.custom'), { value: () => `Sandbox { db: ${JSON.stringify(normalized.db)} }`, enumerable: false });
  return sandbox;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function faultResponse(kind: 'unavailable' | 'rateLimited', retryAfterSeconds: number): Response {
  const status = kind === 'unavailable' ? 503 : 429;
  const code = kind;
  const problem = {
    type: `https://exlic.dev/problems/${kind === 'unavailable' ? 'unavailable' : 'rate-limited'}`,
    title: kind === 'unavailable' ? 'Service unavailable' : 'Too many requests',
    status,
    detail: `An injected fault: retry after ${retryAfterSeconds} s.`,
    instance: '',
    code,
    message: { zh: kind === 'unavailable' ? '服务暂不可用' : '请求过于频繁', en: `An injected fault: retry after ${retryAfterSeconds} s.` },
    requestId: `req_fault_${randomBytes(4).toString('hex')}`,
    retryAfter: retryAfterSeconds,
  };
  return new Response(JSON.stringify(problem), { status, headers: { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterSeconds) } });
}

const adminSetFaults: Handler<'adminSetFaults'> = (c) => {
  c.var.ctx.faults.set(c.req.valid('json'));
  return c.json(c.var.ctx.faults.get(), 200);
};

const adminIssueToken: Handler<'adminIssueToken'> = async (c) => {
  const { enterprise, operator, ttlSeconds } = c.req.valid('json');
  const issued = await issueToken(c.var.ctx, enterprise, operator, ttlSeconds);
  return c.json({ ...issued, enterprise, operator }, 201);
};

const adminRevokeToken: Handler<'adminRevokeToken'> = async (c) => {
  await revokeToken(c.var.ctx, c.req.valid('json').token);
  return c.body(null, 204);
};

/** Every route's handler, by operation id: a route without a handler does not compile. */
const HANDLERS: Handlers = {
  getMe: ekey.getMe,
  createApplication: applications.createApplication,
  listApplications: applications.listApplications,
  countApplications: applications.countApplications,
  getApplication: applications.getApplication,
  saveApplication: applications.saveApplication,
  deleteApplication: applications.deleteApplication,
  batchDeleteApplications: applications.batchDeleteApplications,
  copyApplication: applications.copyApplication,
  getSigningPayload: applications.getSigningPayload,
  declareApplication: actions.declareApplication,
  batchDeclareApplications: actions.batchDeclareApplications,
  withdrawApplication: actions.withdrawApplication,
  printApplication: actions.printApplication,
  batchPrintApplications: actions.batchPrintApplications,
  listOpinions: actions.listOpinions,
  listStatusChanges: actions.listStatusChanges,
  getContractDetails: applications.getContractDetails,
  putContractDetails: applications.putContractDetails,
  listAttachments: attachments.listAttachments,
  uploadAttachment: attachments.uploadAttachment,
  replaceAttachment: attachments.replaceAttachment,
  downloadAttachment: attachments.downloadAttachment,
  deleteAttachment: attachments.deleteAttachment,
  listHistory: applications.listHistory,
  copyFromHistory: applications.copyFromHistory,
  getCustomsStatus: customs.getCustomsStatus,
  listWriteOffs: customs.listWriteOffs,
  getStatistics: customs.getStatistics,
  listCodeTables: attachments.listCodeTables,
  getCodeTable: attachments.getCodeTableRoute,
  getCatalog: attachments.getCatalogRoute,
  createEKeyChallenge: ekey.createEKeyChallenge,
  bindEKey: ekey.bindEKey,
  createSubscription: pushes.createSubscription,
  listSubscriptions: pushes.listSubscriptions,
  deleteSubscription: pushes.deleteSubscription,
  listEvents: pushes.listEvents,
  adminReview: actions.adminReview,
  adminUseLicence: customs.adminUseLicence,
  adminRecordLicence: customs.adminRecordLicence,
  adminIssueToken,
  adminRevokeToken,
  adminSetFaults,
};
