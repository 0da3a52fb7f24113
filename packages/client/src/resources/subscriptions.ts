/** `client.subscriptions` (状态推送) and `client.events`: receipts pushed to you, and the feed to catch up on the ones you missed. */
import type { SubscriptionCreate } from '@exlic/core';
import type { PagedList } from '../paging';
import type { IdempotentOptions } from './applications';
import { createPagedList } from '../paging';
import type { CallOptions, Transport } from '../transport';
import type { Page, Receipt, Subscription, SubscriptionCreated } from '../types';

/** A new subscription. */
export interface SubscriptionInput {
  /** `document`: one application; `enterprise`: every application of the enterprise; `user`: what this operator entered. */
  mode: 'document' | 'enterprise' | 'user';
  /** The application id, for `document`. */
  target?: string;
  /** Where receipts are POSTed. */
  url: string;
}

/** The subscriptions resource. */
export interface SubscriptionsResource {
  /** Creates a subscription; keep its `secret` to verify pushes (it is shown once). */
  create(input: SubscriptionInput, options?: IdempotentOptions): Promise<SubscriptionCreated>;
  list(options?: CallOptions): Promise<Subscription[]>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

/** The events resource. */
export interface EventsResource {
  /** Receipts after the cursor `after`, oldest first: await it for one page (its `nextCursor` is where to resume), or `for await` until the feed is caught up. */
  list(query?: { after?: string | undefined; limit?: number | undefined }, options?: CallOptions): PagedList<Receipt>;
}

/** @internal */
export function createSubscriptionResources(request: Transport): { subscriptions: SubscriptionsResource; events: EventsResource } {
  return {
    subscriptions: {
      async create(input, options = {}) {
        const json: SubscriptionCreate = { mode: input.mode, url: input.url, ...(input.target === undefined ? {} : { applicationId: input.target }) };
        return (await request<SubscriptionCreated>({ method: 'POST', path: 'v1/subscriptions', json, idempotencyKey: options.idempotencyKey, signal: options.signal })).data;
      },
      async list(options = {}) {
        return (await request<{ items: Subscription[] }>({ method: 'GET', path: 'v1/subscriptions', signal: options.signal })).data.items;
      },
      async delete(id, options = {}) {
        await request({ method: 'DELETE', path: `v1/subscriptions/${encodeURIComponent(id)}`, responseType: 'none', signal: options.signal });
      },
    },
    events: {
      list(query = {}, options = {}) {
        // The feed always answers a cursor to resume from, so iteration ends at the first empty page.
        return createPagedList({
          path: '/v1/events',
          fetchPage: async (cursor) => (await request<Page<Receipt>>({ method: 'GET', path: 'v1/events', query: { limit: query.limit, cursor }, signal: options.signal })).data,
          start: query.after,
          stopOnEmpty: true,
        });
      },
    },
  };
}
