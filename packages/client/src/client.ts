/** `createClient`: one typed call per operation of exlic's contract over one retrying, bounded, redacting request path. */
import type { ClientOptions } from './options';
import { normalizeClientOptions } from './options';
import type { ApplicationsResource } from './resources/applications';
import { createApplicationsResource } from './resources/applications';
import type { AttachmentsResource } from './resources/attachments';
import { createAttachmentsResource } from './resources/attachments';
import type { EKeyResource } from './resources/ekey';
import { createEKeyResource } from './resources/ekey';
import type { ContractDetailsResource, CustomsResource, StatisticsQuery, TablesResource, WriteOffsResource } from './resources/queries';
import { createQueryResources } from './resources/queries';
import type { EventsResource, SubscriptionsResource } from './resources/subscriptions';
import { createSubscriptionResources } from './resources/subscriptions';
import type { CallOptions } from './transport';
import { createTransport } from './transport';
import type { Me, Statistics } from './types';

/** A client of exlic's contract: every operation of the Single Window's manual as a typed call. */
export interface Client {
  applications: ApplicationsResource;
  attachments: AttachmentsResource;
  contractDetails: ContractDetailsResource;
  customs: CustomsResource;
  writeOffs: WriteOffsResource;
  tables: TablesResource;
  ekey: EKeyResource;
  subscriptions: SubscriptionsResource;
  events: EventsResource;
  /** Licences issued and their amounts, grouped by year, month or country (业务统计). */
  statistics(query: StatisticsQuery): Promise<Statistics>;
  /** The operator, enterprise and e-key binding of the token. */
  me(options?: CallOptions): Promise<Me>;
}

/**
 * Creates a client of exlic's HTTP contract (docs/openapi.yaml), as `exlic sandbox` serves it locally or any server
 * that implements it; `baseUrl` is that server's address. (The Single Window publishes no API for licence
 * applications; the contract is exlic's own.)
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: 'http://127.0.0.1:4010', token: process.env.EXLIC_TOKEN! });
 * for await (const record of client.applications.list({ status: 'approved' })) console.log(record.licenceNo);
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const request = createTransport(normalizeClientOptions(options));
  const queries = createQueryResources(request);
  return {
    applications: createApplicationsResource(request),
    attachments: createAttachmentsResource(request),
    ...queries,
    ...createSubscriptionResources(request),
    ekey: createEKeyResource(request),
    async me(callOptions = {}) {
      return (await request<Me>({ method: 'GET', path: 'v1/me', signal: callOptions.signal })).data;
    },
  };
}
