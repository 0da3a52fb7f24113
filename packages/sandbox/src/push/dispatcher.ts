/** Delivers receipts to subscribers: signed per Standard Webhooks, through the bounded queue, to checked addresses only. */
import { Webhook } from 'standardwebhooks';
import type { Ctx } from '../internal/context';
import type { Receipt } from '../internal/records';
import { resolvePushTarget, PushTargetRefusedError } from './policy';
import { postTo } from './post';
import { createDeliveryQueue, type AttemptOutcome, type Delivery } from './queue';

/** Delivers receipts to subscribers: signed, through a bounded queue, retried with doubling backoff a bounded number of times. */
export interface PushDispatcher {
  /** Queues the receipts of a committed unit of work. */
  publish(receipts: readonly Receipt[]): void;
  /** Resolves when every queued delivery has finished (delivered, given up or dropped). */
  idle(): Promise<void>;
  /** Stops: queued deliveries are dropped and attempts in flight aborted (the event feed still holds every receipt). */
  close(): void;
}

/** Creates the dispatcher of a sandbox. */
export function createPushDispatcher(ctx: Omit<Ctx, 'publish'>): PushDispatcher {
  const settings = ctx.options.pushes;
  const queue = createDeliveryQueue(settings);
  const matching = new Set<Promise<void>>();
  let closed = false;

  function delivery(rawUrl: string, secret: string, receipt: Receipt): Delivery | undefined {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return undefined;
    }
    const body = JSON.stringify(receipt);
    const webhook = new Webhook(secret);
    return {
      receiver: url.origin,
      async attempt(closing): Promise<AttemptOutcome> {
        // The timeout covers resolving, connecting and waiting for the status line.
        const signal = AbortSignal.any([closing, AbortSignal.timeout(settings.timeoutMs)]);
        let target;
        try {
          target = await abortable(resolvePushTarget(url, ctx.options.allowPushHosts, settings.lookup), signal);
        } catch (error) {
          return error instanceof PushTargetRefusedError ? 'refused' : 'failed';
        }
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
          const status = await postTo(url, target, headers, body, signal);
          // A redirect (3xx) is a failed attempt: it is never followed, so a signed receipt never reaches another origin.
          return status >= 200 && status < 300 ? 'delivered' : 'failed';
        } catch {
          // A refused connection or a timeout: retried like a 5xx.
          return 'failed';
        }
      },
    };
  }

  async function match(receipts: readonly Receipt[]): Promise<void> {
    for (const receipt of receipts) {
      // One read: the subscriptions of the application's document, its enterprise and its operator, within the
      // application's enterprise (an application gone meanwhile has no enterprise to hold them to), in the order they were made.
      const rows = await ctx.db.all(
        `SELECT s.url, s.secret FROM subscriptions s LEFT JOIN applications a ON a.id = ?1
         WHERE ((s.mode = 'document' AND s.target = ?1) OR (s.mode = 'enterprise' AND s.target = COALESCE(a.enterprise, '')) OR (s.mode = 'user' AND s.target = ?2))
           AND (a.enterprise IS NULL OR s.enterprise = a.enterprise)
         ORDER BY s.rowid`,
        [receipt.applicationId, receipt.operator],
      );
      for (const row of rows) {
        if (closed) return;
        const next = delivery(String(row.url), String(row.secret), receipt);
        if (next !== undefined) queue.enqueue(next);
      }
    }
  }

  return {
    publish(receipts) {
      if (receipts.length === 0 || closed) return;
      const work: Promise<void> = match(receipts)
        .catch(() => undefined)
        .finally(() => matching.delete(work));
      matching.add(work);
    },
    async idle() {
      do {
        while (matching.size > 0) await Promise.all([...matching]);
        await queue.idle();
      } while (matching.size > 0);
    },
    close() {
      closed = true;
      queue.close();
    },
  };
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
