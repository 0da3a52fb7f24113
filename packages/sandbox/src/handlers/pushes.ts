/** Status push (状态推送): subscriptions, Standard Webhooks deliveries with bounded retries, and the event feed. */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Receipt as ReceiptSchema, SubscriptionMode } from '@exlic/core';
import { nowIso, randomId, type Ctx } from '../internal/context';
import type { Handler } from '../internal/http';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';
import { refuse } from '../internal/problem';
import { loadApp, type Receipt } from '../internal/records';

/** POST /v1/subscriptions */
export const createSubscription: Handler<'createSubscription'> = async (c) => {
  const { ctx, identity } = c.var;
  const body = c.req.valid('json');
  const url = new URL(body.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('invalidRequest', `A subscription URL must be http or https, got ${url.protocol}.`);
  let target: string;
  if (body.mode === 'document') {
    if (body.applicationId === undefined) throw refuse('invalidRequest', 'A document subscription names the application: pass applicationId.');
    target = (await loadApp(ctx, identity.enterprise, body.applicationId)).id;
  } else {
    target = body.mode === 'enterprise' ? identity.enterprise : identity.operator;
  }
  const subscription = { id: randomId('sub'), mode: body.mode, target, url: url.toString(), createdAt: nowIso(ctx) };
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  await ctx.db.write([
    {
      sql: 'INSERT INTO subscriptions (id, enterprise, operator, mode, target, url, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [subscription.id, identity.enterprise, identity.operator, subscription.mode, target, subscription.url, secret, subscription.createdAt],
    },
  ]);
  return c.json({ ...subscription, secret }, 201);
};

/** GET /v1/subscriptions */
export const listSubscriptions: Handler<'listSubscriptions'> = async (c) => {
  const rows = await c.var.ctx.db.all('SELECT id, mode, target, url, created_at FROM subscriptions WHERE enterprise = ? ORDER BY created_at, id', [c.var.identity.enterprise]);
  return c.json({ items: rows.map((row) => ({ id: String(row.id), mode: SubscriptionMode.parse(row.mode), target: String(row.target), url: String(row.url), createdAt: String(row.created_at) })) }, 200);
};

/** DELETE /v1/subscriptions/{id} */
export const deleteSubscription: Handler<'deleteSubscription'> = async (c) => {
  const { id } = c.req.valid('param');
  const [changed] = await c.var.ctx.db.write([{ sql: 'DELETE FROM subscriptions WHERE id = ? AND enterprise = ?', args: [id, c.var.identity.enterprise] }]);
  if (changed === 0) throw refuse('notFound', `No subscription "${id}" in your enterprise.`);
  return c.body(null, 204);
};

/** GET /v1/events: the enterprise's receipts, oldest first, from a cursor. */
export const listEvents: Handler<'listEvents'> = async (c) => {
  const query = c.req.valid('query');
  const limit = pageLimit(query.limit);
  const after = decodeCursor(query.cursor, 'e') ?? 0;
  const rows = await c.var.ctx.db.all('SELECT receipt FROM events WHERE enterprise = ? AND enterprise_seq > ? ORDER BY enterprise_seq LIMIT ?', [c.var.identity.enterprise, after, limit]);
  const items = rows.map((row) => ReceiptSchema.parse(JSON.parse(String(row.receipt))));
  const last = items.at(-1)?.seq ?? after;
  return c.json({ items, nextCursor: encodeCursor('e', last) }, 200);
};

/** Delivers receipts to subscribers: signed, retried with doubling backoff a bounded number of times. */
export interface PushDispatcher {
  /** Queues the receipts of a committed unit of work. */
  publish(receipts: readonly Receipt[]): void;
  /** Resolves when every queued delivery has finished (delivered or given up). */
  idle(): Promise<void>;
  /** Stops retrying; pending deliveries are dropped (the event feed still holds them). */
  close(): void;
}

/** Creates the dispatcher of a sandbox. */
export function createPushDispatcher(ctx: Omit<Ctx, 'publish'>): PushDispatcher {
  const pending = new Set<Promise<void>>();
  const waits = new Map<ReturnType<typeof setTimeout>, () => void>();
  let closed = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      waits.set(timer, resolve);
    });

  async function deliver(url: string, secret: string, receipt: Receipt): Promise<void> {
    const body = JSON.stringify(receipt);
    const webhook = new Webhook(secret);
    const { attempts, backoffMs, timeoutMs } = ctx.options.pushes;
    for (let attempt = 1; attempt <= attempts && !closed; attempt += 1) {
      // Each attempt is signed afresh with the wall clock (not the sandbox's business clock), so its timestamp is inside the receiver's tolerance; the id stays the same, so receivers dedupe.
      const timestamp = new Date();
      const headers = {
        'content-type': 'application/json',
        'webhook-id': receipt.id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': webhook.sign(receipt.id, timestamp, body),
        'user-agent': 'exlic-sandbox',
      };
      try {
        const response = await ctx.options.pushFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // A refused connection or a timeout: retried like a 5xx.
      }
      if (attempt < attempts && !closed) await wait(backoffMs * 2 ** (attempt - 1));
    }
  }

  async function dispatch(receipts: readonly Receipt[]): Promise<void> {
    for (const receipt of receipts) {
      const owner = await ctx.db.one('SELECT enterprise FROM applications WHERE id = ?', [receipt.applicationId]);
      const enterprise = owner === undefined ? undefined : String(owner.enterprise);
      const rows = await ctx.db.all(
        `SELECT url, secret, enterprise FROM subscriptions WHERE (mode = 'document' AND target = ?) OR (mode = 'enterprise' AND target = ?) OR (mode = 'user' AND target = ?)`,
        [receipt.applicationId, enterprise ?? '', receipt.operator],
      );
      for (const row of rows) {
        if (enterprise !== undefined && String(row.enterprise) !== enterprise) continue;
        track(deliver(String(row.url), String(row.secret), receipt));
      }
    }
  }

  function track(work: Promise<void>): void {
    const promise = work.catch(() => undefined).finally(() => pending.delete(promise));
    pending.add(promise);
  }

  return {
    publish(receipts) {
      if (receipts.length === 0 || closed) return;
      track(dispatch(receipts));
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      closed = true;
      for (const [timer, resolve] of waits) {
        clearTimeout(timer);
        resolve();
      }
      waits.clear();
    },
  };
}
