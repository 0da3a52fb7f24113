/** Status push (状态推送): subscriptions, Standard Webhooks deliveries with bounded retries, and the event feed. */
import { randomBytes } from 'node:crypto';
import { Receipt as ReceiptSchema, SubscriptionMode } from '@exlic/core';
import { nowIso, randomId } from '../internal/context';
import type { Handler } from '../internal/http';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';
import { refuse } from '../internal/problem';
import { displayUrl } from '../push/policy';
import { acceptSubscriptionUrl, assertSubscriptionRoom, documentTarget } from '../push/subscriptions';

/** POST /v1/subscriptions */
export const createSubscription: Handler<'createSubscription'> = async (c) => {
  const { ctx, identity } = c.var;
  const body = c.req.valid('json');
  const url = acceptSubscriptionUrl(ctx, body.url);
  await assertSubscriptionRoom(ctx, identity.enterprise);
  let target: string;
  if (body.mode === 'document') {
    if (body.applicationId === undefined) throw refuse('invalidRequest', 'A document subscription names the application: pass applicationId (its id or its MOFCOM application number).');
    target = await documentTarget(ctx, identity.enterprise, body.applicationId);
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
  return c.json({ ...subscription, url: displayUrl(subscription.url), secret }, 201);
};

/** GET /v1/subscriptions */
export const listSubscriptions: Handler<'listSubscriptions'> = async (c) => {
  const rows = await c.var.ctx.db.all('SELECT id, mode, target, url, created_at FROM subscriptions WHERE enterprise = ? ORDER BY created_at, id', [c.var.identity.enterprise]);
  return c.json({ items: rows.map((row) => ({ id: String(row.id), mode: SubscriptionMode.parse(row.mode), target: String(row.target), url: displayUrl(String(row.url)), createdAt: String(row.created_at) })) }, 200);
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

export { createPushDispatcher, type PushDispatcher } from '../push/dispatcher';
