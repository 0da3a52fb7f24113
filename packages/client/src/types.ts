/** The wire shapes of the Single Window contract (docs/openapi.yaml), as TypeScript types; the application itself is core's model. */
import type { ClientError } from './errors';
import type { Attachment, CatalogEntry, CodeTableEntry, ContractDetails, ExportLicenceApplication, ExportLicenceApplicationInput, LifecycleEvent, Operation, Status } from '@exlic/core';

/** A sentence in Chinese and English. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/** One rule broken by one field. */
export interface Violation {
  rule: string;
  path: (string | number)[];
  severity: 'error' | 'warning';
  message: LocalizedText;
  label?: LocalizedText | undefined;
  seen?: unknown | undefined;
  expected?: unknown | undefined;
}

/** RFC 9457 problem details, as the server sends every failure. */
export interface Problem {
  type?: string | undefined;
  title?: string | undefined;
  status?: number | undefined;
  detail?: string | undefined;
  instance?: string | undefined;
  code: string;
  message?: LocalizedText | undefined;
  requestId?: string | undefined;
  violations?: Violation[] | undefined;
  applicationStatus?: Status | undefined;
  operation?: string | undefined;
  allowedIn?: Status[] | undefined;
  currentVersion?: number | undefined;
  retryAfter?: number | undefined;
}

/** An application as stored: the document plus the server's fields. */
export interface ApplicationRecord {
  id: string;
  /** Increases with every change. */
  version: number;
  status: Status;
  mofcomApplicationNo?: string | undefined;
  licenceNo?: string | undefined;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  declaredAt?: string | undefined;
  approvedAt?: string | undefined;
  /** What the applicant may do now. */
  allowedOperations: Operation[];
  application: ExportLicenceApplication;
}

/** What a save answers: the stored record and the save-phase violations. */
export interface SaveResult {
  record: ApplicationRecord;
  violations: Violation[];
}

/** One page of a list. */
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

/** A review opinion. */
export interface Opinion {
  stage: 'firstReview' | 'secondReview' | 'withdrawal';
  decision: 'passed' | 'returned' | 'granted' | 'refused';
  text: string;
  reviewer: string;
  at: string;
}

/** One status change of an application. */
export interface StatusChange {
  seq: number;
  at: string;
  event: LifecycleEvent;
  from: Status;
  to: Status;
  actor: string;
  opinion?: string | undefined;
}

/** What customs knows of a licence. */
export interface CustomsStatus {
  licenceNo: string;
  applicationId: string;
  status: 'unused' | 'partiallyUsed' | 'usedUp' | 'expired';
  oneBatchOneLicence: boolean;
  validUntil?: string | undefined;
  unit?: string | undefined;
  uses: number;
  maxUses: number;
  quantityLicensed: string;
  quantityUsed: string;
  quantityLeft: string;
}

/** One use of a licence at customs. */
export interface WriteOff {
  seq: number;
  licenceNo: string;
  declarationNo: string;
  port: string;
  date: string;
  quantityUsed: string;
  quantityLeft: string;
  recordedAt: string;
}

/** Licences issued, grouped. */
export interface Statistics {
  groupBy: 'year' | 'month' | 'country';
  rows: { key: string; count: number; amounts: { currency: string; amount: string }[] }[];
}

/** A code table as the server serves it. */
export interface RemoteCodeTable {
  name: string;
  source?: string | undefined;
  entries: CodeTableEntry[];
}

/** The commodity catalog of one year as the server serves it. */
export interface RemoteCatalog {
  year: number;
  source: string;
  entries: CatalogEntry[];
}

/** A one-time e-key binding challenge. */
export interface EKeyChallenge {
  challenge: string;
  account: string;
  expiresAt: string;
}

/** The operator's e-key binding. */
export interface EKeyBinding {
  certificateFingerprint: string;
  subject?: string | undefined;
  boundAt: string;
}

/** A push subscription. */
export interface Subscription {
  id: string;
  mode: 'document' | 'enterprise' | 'user';
  target: string;
  url: string;
  createdAt: string;
}

/** A new subscription with its signing secret (`whsec_…`), shown once: keep it to verify pushes. */
export interface SubscriptionCreated extends Subscription {
  secret: string;
}

/** A review receipt: one status change, pushed and kept in the event feed. */
export interface Receipt {
  id: string;
  seq: number;
  type: 'application.statusChanged';
  occurredAt: string;
  applicationId: string;
  event: LifecycleEvent;
  from: Status;
  to: Status;
  mofcomApplicationNo?: string | undefined;
  licenceNo?: string | undefined;
  opinion?: string | undefined;
  operator: string;
}

/** One item of a batch answer: its result, or the error that refused it. */
export type BatchItemResult<TValue> = { id: string; ok: true; value: TValue } | { id: string; ok: false; error: ClientError };

/** A batch answer: one item per requested id, in request order. */
export interface BatchResult<TValue> {
  succeeded: number;
  failed: number;
  items: BatchItemResult<TValue>[];
}

/** What an application is saved from: core's input type. */
export type ApplicationInput = ExportLicenceApplicationInput;

export type { Attachment, ContractDetails };
