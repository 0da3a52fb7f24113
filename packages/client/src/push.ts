// @exlic/client/push: pushed receipts (状态推送) over Standard Webhooks: verify what arrives (signature, freshness, no replay), and sign test pushes. An entry of its own: receivers need it, browser forms do not.
import { Webhook } from 'standardwebhooks';
import { PushVerificationError } from './errors';

export { PushVerificationError, isPushVerificationError } from './errors';
import type { Receipt } from './types';

/** Request headers as a `Headers` object or a plain record (Node's `IncomingHttpHeaders`). */
export type PushHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Remembers the `webhook-id`s already processed; `@exlic/client` keeps them in memory, pass your own (e.g. a database table) to share them between processes. */
export interface PushIdStore {
  /** True when the id was already processed; otherwise records it (atomically, for a shared store) and answers false. */
  seen(id: string, timestamp: number): boolean | Promise<boolean>;
}

/** Options of {@link verifyPush}. */
export interface VerifyPushOptions {
  /** How far the push's timestamp may be from now, in seconds. @default 300 */
  toleranceSeconds?: number;
  /** The current time. @default new Date() */
  now?: Date;
  /** Refuses an id it has seen; without one, replays within the tolerance are not detected. */
  ids?: PushIdStore;
  /** Largest body accepted, in bytes. @default 1_048_576 */
  maxBytes?: number;
}

function header(headers: PushHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | readonly string[] | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value as readonly string[]).join(' ') : undefined;
}

function equalText(a: string, b: string): boolean {
  // Constant time over the longer text, so the comparison does not say how much of a forged signature matched.
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

function webhookFor(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    throw new PushVerificationError('The push secret is not a Standard Webhooks secret: pass the `whsec_…` secret the subscription was created with.', 'headers');
  }
}

/**
 * Verifies a pushed receipt and returns it: the `webhook-signature` must be the subscription secret's HMAC of
 * id, timestamp and the raw body, the timestamp within `toleranceSeconds`, and the id not processed before.
 * Anything else throws a {@link PushVerificationError} saying why (`signature`, `expired`, `replayed`, `headers`, `body`).
 *
 * @example
 * ```ts
 * const receipt = await verifyPush(await request.text(), request.headers, secret, { ids: receiver });
 * ```
 */
export async function verifyPush(rawBody: string | Uint8Array, headers: PushHeaders, secret: string, options: VerifyPushOptions = {}): Promise<Receipt> {
  const maxBytes = options.maxBytes ?? 1_048_576;
  if ((typeof rawBody === 'string' ? rawBody.length : rawBody.byteLength) > maxBytes) throw new PushVerificationError(`The push body is larger than ${maxBytes} bytes; refused unread.`, 'body');
  let body: string;
  try {
    body = typeof rawBody === 'string' ? rawBody : new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
  } catch {
    throw new PushVerificationError('The push body is not UTF-8 text.', 'body');
  }
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) throw new PushVerificationError('The push lacks a webhook-id, webhook-timestamp or webhook-signature header: it did not come from a server implementing exlic\'s contract (is this request a push?).', 'headers');
  if (!/^\d{1,12}$/.test(timestampText)) throw new PushVerificationError(`The push's webhook-timestamp "${timestampText.slice(0, 40)}" is not a Unix time in seconds.`, 'headers');
  const timestamp = Number(timestampText);
  const expected = webhookFor(secret).sign(id, new Date(timestamp * 1000), body);
  const matched = signatures.split(' ').some((candidate) => candidate.startsWith('v1,') && equalText(candidate, expected));
  if (!matched) throw new PushVerificationError(`The push ${id.slice(0, 80)} has no valid signature for this secret: it was forged, altered on the way, or signed with another subscription's secret.`, 'signature');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(now - timestamp) > tolerance) throw new PushVerificationError(`The push ${id.slice(0, 80)} was signed at ${timestamp}, ${now - timestamp} s from now (tolerance ${tolerance} s): refused as expired. Catch up through client.events.list instead.`, 'expired');
  if (options.ids && (await options.ids.seen(id, timestamp))) throw new PushVerificationError(`The push ${id.slice(0, 80)} was already processed: refused as a replay.`, 'replayed');
  let receipt: unknown;
  try {
    receipt = JSON.parse(body);
  } catch {
    throw new PushVerificationError('The push body is signed but is not JSON.', 'body');
  }
  if (typeof receipt !== 'object' || receipt === null || typeof (receipt as Receipt).id !== 'string' || typeof (receipt as Receipt).applicationId !== 'string') {
    throw new PushVerificationError('The push body is signed but is not a receipt (no id or applicationId).', 'body');
  }
  return receipt as Receipt;
}

/** A push receiver: {@link verifyPush} with one secret and an in-memory record of processed ids (kept for twice the tolerance, then forgotten, since older pushes are refused as expired). */
export interface PushReceiver extends PushIdStore {
  verify(rawBody: string | Uint8Array, headers: PushHeaders, options?: Pick<VerifyPushOptions, 'now'>): Promise<Receipt>;
}

/** Creates a {@link PushReceiver} for one subscription secret. */
export function createPushReceiver(options: { secret: string; toleranceSeconds?: number; maxBytes?: number }): PushReceiver {
  const tolerance = options.toleranceSeconds ?? 300;
  const processed = new Map<string, number>();
  const receiver: PushReceiver = {
    seen(id, timestamp) {
      for (const [known, at] of processed) if (at < timestamp - 2 * tolerance) processed.delete(known);
      if (processed.has(id)) return true;
      processed.set(id, timestamp);
      return false;
    },
    verify: (rawBody, headers, verifyOptions = {}) =>
      verifyPush(rawBody, headers, options.secret, { toleranceSeconds: tolerance, ids: receiver, ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }), ...verifyOptions }),
  };
  return receiver;
}

/** A signed test push: the body to POST and its Standard Webhooks headers. */
export interface SignedPush {
  body: string;
  headers: { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string; 'content-type': 'application/json' };
}

/** Signs a push as `exlic sandbox` does, for receivers' tests. */
export function signPush(options: { secret: string; body: unknown; id?: string; timestamp?: Date }): SignedPush {
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const id = options.id ?? `msg_${globalThis.crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const signature = webhookFor(options.secret).sign(id, timestamp, body);
  return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature, 'content-type': 'application/json' } };
}
