/**
 * The client's wire types: each one inferred from the schema in `@exlic/core` that the sandbox serves and
 * docs/openapi.yaml is generated from, so a change of the contract the client does not follow fails to compile
 * (and `types.test-d.ts` pins them). Only the client's own shapes (filters, batch outcomes) are written here.
 */
import type { ExportLicenceApplicationInput, Status } from '@exlic/core';
import type { ClientError } from './errors';

export type {
  ApplicationRecord,
  Attachment,
  CatalogDocument as RemoteCatalog,
  CodeTableDocument as RemoteCodeTable,
  ContractDetails,
  CustomsStatus,
  EKeyBinding,
  EKeyChallenge,
  LocalizedText,
  Me,
  Opinion,
  Problem,
  Receipt,
  SaveResult,
  Statistics,
  StatusChange,
  Subscription,
  SubscriptionCreated,
  Violation,
  WriteOff,
} from '@exlic/core';

/** One page of a list (the contract's `ApplicationPage`, `ReceiptPage`, `WriteOffPage`). */
export interface Page<TItem> {
  items: TItem[];
  /** Pass to the next call; `null` on the last page. */
  nextCursor: string | null;
}

/** Filters of {@link ApplicationsResource.list}. */
export interface ApplicationFilters {
  scope?: 'mine' | 'enterprise' | undefined;
  id?: string | undefined;
  mofcomApplicationNo?: string | undefined;
  licenceNo?: string | undefined;
  status?: Status | readonly Status[] | undefined;
  hsCode?: string | undefined;
  importingCountry?: string | undefined;
  year?: number | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** Items per page, 1-100. @default 20 */
  limit?: number | undefined;
  /** Start after this cursor. */
  cursor?: string | undefined;
}

/** One item of a batch answer: its result, or the typed error that refused it. */
export type BatchItemResult<TValue> = { id: string; ok: true; value: TValue } | { id: string; ok: false; error: ClientError };

/** A batch answer: one item per requested id, in request order. */
export interface BatchResult<TValue> {
  succeeded: number;
  failed: number;
  items: BatchItemResult<TValue>[];
}

/** What an application is saved from: core's input type. */
export type ApplicationInput = ExportLicenceApplicationInput;
