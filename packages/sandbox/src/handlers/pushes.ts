/** Status push (状态推送): subscriptions, Standard Webhooks deliveries with bounded retries, and the event feed. */
import { randomBytes } from 'node:crypto';
import type { Call, Reply } from '../internal/call';
import { nowIso, randomId, type Ctx } from '../internal/context';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';
import { refuse } from '../internal/problem';
import type { Receipt } from '../internal/records';
import { displayUrl } from '../push/policy';
import { acceptSubscriptionUrl, assertSubscriptionRoom, documentTarget } from '../push/subscriptions';

/** POST /v1/subscriptions */
export async function createSubscription(ctx: Ctx, call: Call): Promise<Reply> {
  const body = call.body as { mode: 'document' | 'enterprise' | 'user'; applicationId?: string; url: string };
  const url = acceptSubscriptionUrl(ctx, body.url);
  await assertSubscriptionRoom(ctx, call.identity.enterprise);
  let target: string;
  if (body.mode === 'document') {
    if (body.applicationId === undefined) throw refuse('invalidRequest', 'A document subscription names the application: pass applicationId (its id or its MOFCOM application number).');
    target = await documentTarget(ctx, call.identity.enterprise, body.applicationId);
  } else {
    target = body.mode === 'enterprise' ? call.identity.enterprise : call.identity.operator;
  }
  const subscription = { id: randomId('sub'), mode: body.mode, target, url: url.toString(), createdAt: nowIso(ctx) };
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  await ctx.db.write([
    {
      sql: 'INSERT INTO subscriptions (id, enterprise, operator, mode, target, url, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [subscription.id, call.identity.enterprise, call.identity.operator, subscription.mode, target, subscription.url, secret, subscription.createdAt],
    },
  ]);
  return { status: 201, body: { ...subscription, url: displayUrl(subscription.url), secret } };
}

/** GET /v1/subscriptions */
export async function listSubscriptions(ctx: Ctx, call: Call): Promise<Reply> {
  const rows = await ctx.db.all('SELECT id, mode, target, url, created_at FROM subscriptions WHERE enterprise = ? ORDER BY created_at, id', [call.identity.enterprise]);
  return { status: 200, body: { items: rows.map((row) => ({ id: String(row.id), mode: String(row.mode), target: String(row.target), url: displayUrl(String(row.url)), createdAt: String(row.created_at) })) } };
}

/** DELETE /v1/subscriptions/{id} */
export async function deleteSubscription(ctx: Ctx, call: Call): Promise<Reply> {
  const [changed] = await ctx.db.write([{ sql: 'DELETE FROM subscriptions WHERE id = ? AND enterprise = ?', args: [call.params.id!, call.identity.enterprise] }]);
  if (changed === 0) throw refuse('notFound', `No subscription "${call.params.id}" in your enterprise.`);
  return { status: 204 };
}

/** GET /v1/events: the enterprise's receipts, oldest first, from a cursor. */
export async function listEvents(ctx: Ctx, call: Call): Promise<Reply> {
  const limit = pageLimit(call.query.limit);
  const after = decodeCursor(call.query.cursor, 'e') ?? 0;
  const rows = await ctx.db.all('SELECT seq, receipt FROM events WHERE enterprise = ? AND seq > ? ORDER BY seq LIMIT ?', [call.identity.enterprise, after, limit]);
  const items = rows.map((row) => JSON.parse(String(row.receipt)) as Receipt);
  const last = items.at(-1)?.seq ?? after;
  return { status: 200, body: { items, nextCursor: encodeCursor('e', last) } };
}

export { createPushDispatcher, type PushDispatcher } from '../push/dispatcher';
