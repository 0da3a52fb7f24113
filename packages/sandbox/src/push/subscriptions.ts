/** The rules of `POST /v1/subscriptions` that the handler applies: the URL policy, the cap per enterprise, the document a subscription names. */
import type { Ctx } from '../internal/context';
import { refuse } from '../internal/problem';
import { checkSubscriptionUrl, PushTargetRefusedError } from './policy';

/** The URL to store for a new subscription, or a refusal: `400 invalidRequest` for a malformed URL, `403 forbidden` for a host the policy does not allow. */
export function acceptSubscriptionUrl(ctx: Ctx, raw: string): URL {
  try {
    return checkSubscriptionUrl(raw, ctx.options.allowPushHosts);
  } catch (error) {
    if (!(error instanceof PushTargetRefusedError)) throw error;
    throw refuse(error.kind === 'url' ? 'invalidRequest' : 'forbidden', error.message);
  }
}

/** Refuses a new subscription when the enterprise already has as many as the sandbox keeps (`403 forbidden`). */
export async function assertSubscriptionRoom(ctx: Ctx, enterprise: string): Promise<void> {
  const max = ctx.options.pushes.maxSubscriptionsPerEnterprise;
  const row = await ctx.db.one('SELECT COUNT(*) AS n FROM subscriptions WHERE enterprise = ?', [enterprise]);
  if (Number(row?.n ?? 0) >= max) throw refuse('forbidden', `Your enterprise has ${max} subscriptions, the most the sandbox keeps: delete one you no longer need (DELETE /v1/subscriptions/{id}) first.`);
}

/**
 * The application a document subscription names, by exlic's id or by its MOFCOM application number (业务单据编号,
 * `SQ…`, assigned on declaration), within the caller's enterprise; a foreign or unknown one is `404 notFound`.
 * @returns exlic's id, which the subscription stores and receipts carry
 */
export async function documentTarget(ctx: Ctx, enterprise: string, idOrNumber: string): Promise<string> {
  const row = await ctx.db.one('SELECT id FROM applications WHERE enterprise = ? AND (id = ? OR mofcom_no = ?) ORDER BY id = ? DESC LIMIT 1', [enterprise, idOrNumber, idOrNumber, idOrNumber]);
  if (row === undefined) throw refuse('notFound', `No application "${idOrNumber}" in your enterprise: give its id or its MOFCOM application number (业务单据编号, SQ…); list them with GET /v1/applications.`);
  return String(row.id);
}
