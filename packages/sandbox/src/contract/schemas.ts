/** The wire shapes of the sandbox's HTTP contract, built on core's zod models so the contract cannot drift from them. */
import { z } from '@hono/zod-openapi';
import { Attachment, CatalogEntry, CodeTableEntry, ContractDetails, EVENTS, ExportLicenceApplication, OPERATIONS, STATUSES } from '@exlic/core';

/**
 * Names a schema of `@exlic/core` as an OpenAPI component. Core's schemas may be created before `@hono/zod-openapi` extends zod (import order is the
 * caller's), so they need not carry the `.openapi` method: call the extension through the prototype instead.
 */
function named<T extends z.ZodType>(schema: T, name: string): T {
  const openapi = (z.ZodType.prototype as unknown as { openapi: (this: T, refId: string) => T }).openapi;
  return openapi.call(schema, name);
}

/** A sentence in Chinese and English. */
export const LocalizedText = z.object({ zh: z.string(), en: z.string() }).openapi('LocalizedText');

/** One rule broken by one field, as `@exlic/rules` reports it. */
export const Violation = z
  .object({
    rule: z.string().openapi({ example: 'required.customsPort' }),
    path: z.array(z.union([z.string(), z.number()])),
    severity: z.enum(['error', 'warning']),
    message: LocalizedText,
    label: LocalizedText.optional(),
    seen: z.unknown().optional(),
    expected: z.unknown().optional(),
  })
  .openapi('Violation');

/** The machine-readable reason of a problem; clients switch on it, never on the text. */
export const PROBLEM_CODES = [
  'unauthorized',
  'forbidden',
  'notFound',
  'invalidRequest',
  'malformedJson',
  'payloadTooLarge',
  'unsupportedMediaType',
  'operationNotAllowed',
  'validationFailed',
  'versionMismatch',
  'versionRequired',
  'idempotencyKeyReused',
  'idempotencyKeyInvalid',
  'attachmentRequired',
  'attachmentTypeTaken',
  'ekeyNotBound',
  'ekeyMismatch',
  'signatureInvalid',
  'challengeInvalid',
  'licenceUsedUp',
  'licenceExpired',
  'licenceQuantityExceeded',
  'readOnly',
  'rateLimited',
  'unavailable',
  'internal',
] as const;
/** A problem's machine-readable code. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * RFC 9457 problem details (`application/problem+json`), the one shape of every failure, extended with
 * `code`, `message {zh, en}`, `requestId` and the details a client needs to act.
 */
export const Problem = z
  .object({
    type: z.string().openapi({ example: 'https://exlic.dev/problems/operation-not-allowed' }),
    title: z.string(),
    status: z.number().int().openapi({ example: 409 }),
    detail: z.string(),
    instance: z.string().openapi({ example: '/v1/applications/app_01/declare' }),
    code: z.enum(PROBLEM_CODES),
    message: LocalizedText,
    requestId: z.string(),
    /** The rules' violations (save or declare phase). */
    violations: z.array(Violation).optional(),
    /** The application's status when an operation was refused in it. */
    applicationStatus: z.enum(STATUSES).optional(),
    /** The refused operation or review event. */
    operation: z.string().optional(),
    /** The statuses the refused operation is allowed in. */
    allowedIn: z.array(z.enum(STATUSES)).optional(),
    /** The current version, when an edit carried a stale one. */
    currentVersion: z.number().int().optional(),
    /** Seconds to wait, on 429 and 503 (also in the Retry-After header). */
    retryAfter: z.number().int().optional(),
  })
  .openapi('Problem');
/** A problem details document. */
export type Problem = z.infer<typeof Problem>;

const Operation = z.enum(OPERATIONS);
const Status = z.enum(STATUSES).openapi('Status');

/** The export licence application (wire format v1), core's schema as a named component. */
export const ApplicationDocument = named(ExportLicenceApplication, 'ExportLicenceApplication');

/** The application as stored: the wire-format document plus the record's server-side fields. */
export const ApplicationRecord = z
  .object({
    id: z.string().openapi({ example: 'app_0000000001' }),
    /** Increases with every change; the ETag is `"<version>"`. */
    version: z.number().int().min(1),
    status: Status,
    mofcomApplicationNo: z.string().optional(),
    licenceNo: z.string().optional().openapi({ example: '26-AB-000001' }),
    /** The operator who entered it. */
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    declaredAt: z.string().optional(),
    approvedAt: z.string().optional(),
    /** What the applicant may do now (lifecycle operations matrix). */
    allowedOperations: z.array(Operation),
    /** The document itself; `id`, `status` and the server numbers mirror the fields above. The declare signature covers `canonicalize(application)` at `version`. */
    application: ApplicationDocument,
  })
  .openapi('ApplicationRecord');

/** What a save answers: the stored record and the save-phase violations (a draft may be incomplete). */
export const SaveResult = z.object({ record: ApplicationRecord, violations: z.array(Violation) }).openapi('SaveResult');

/** One page of a cursor-paged list; `nextCursor` is opaque and `null` on the last page. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

/** An SM2-SM3 signature by the operator's bound e-key. */
export const Signature = z
  .object({
    algorithm: z.literal('SM2-SM3'),
    /** DER `SEQUENCE { r, s }`, base64. */
    signature: z.string().min(1).max(1024),
    /** The e-key's X.509 certificate, PEM. */
    certificate: z.string().min(1).max(16_384),
  })
  .openapi('Signature');

/** Declare: the version the signature was made over, and the signature over its canonical bytes. */
export const DeclareBody = z.object({ version: z.number().int().min(1), signature: Signature }).openapi('DeclareBody');

/** The bytes to sign for a declaration: `canonicalize(record.application)` at `version`, base64. */
export const SigningPayload = z.object({ id: z.string(), version: z.number().int(), payload: z.string(), sha256: z.string() }).openapi('SigningPayload');

/** Ids for a batch delete or print. */
export const BatchIdsBody = z.object({ ids: z.array(z.string()).min(1).max(100) }).openapi('BatchIdsBody');

/** Items for a batch declare. */
export const BatchDeclareBody = z
  .object({ items: z.array(z.object({ id: z.string(), version: z.number().int().min(1), signature: Signature })).min(1).max(100) })
  .openapi('BatchDeclareBody');

/** One item of a batch answer: its record, or the problem that refused it. */
export const BatchItem = z
  .object({ id: z.string(), ok: z.boolean(), record: ApplicationRecord.optional(), problem: Problem.optional() })
  .openapi('BatchItem');

/** A batch answer: one item per requested id, in request order; one bad item never hides the others. */
export const BatchResult = z
  .object({ succeeded: z.number().int(), failed: z.number().int(), items: z.array(BatchItem) })
  .openapi('BatchResult');

/** Withdraw (撤销): an optional reason. */
export const WithdrawBody = z.object({ reason: z.string().max(500).optional() }).openapi('WithdrawBody');

/** Copy (复制): how many copies. */
export const CopyBody = z.object({ count: z.number().int().min(1).max(50).default(1) }).openapi('CopyBody');

/** The new drafts a copy made. */
export const CopyResult = z.object({ items: z.array(ApplicationRecord) }).openapi('CopyResult');

/** A review stage. */
export const ReviewStage = z.enum(['firstReview', 'secondReview', 'withdrawal']).openapi('ReviewStage');

/** One review opinion (审批意见). */
export const Opinion = z
  .object({ stage: ReviewStage, decision: z.enum(['passed', 'returned', 'granted', 'refused']), text: z.string(), reviewer: z.string(), at: z.string() })
  .openapi('Opinion');

/** One status change of an application. */
export const StatusChange = z
  .object({ seq: z.number().int(), at: z.string(), event: z.enum(EVENTS), from: Status, to: Status, actor: z.string(), opinion: z.string().optional() })
  .openapi('StatusChange');

/** A count of applications. */
export const CountResult = z.object({ count: z.number().int() }).openapi('CountResult');

/** What customs knows of a licence (海关状态). */
export const CustomsStatus = z
  .object({
    licenceNo: z.string(),
    applicationId: z.string(),
    status: z.enum(['unused', 'partiallyUsed', 'usedUp', 'expired']),
    oneBatchOneLicence: z.boolean(),
    validUntil: z.string().optional(),
    unit: z.string().optional(),
    uses: z.number().int(),
    maxUses: z.number().int(),
    quantityLicensed: z.string(),
    quantityUsed: z.string(),
    quantityLeft: z.string(),
  })
  .openapi('CustomsStatus');

/** One use of a licence at customs (核销数据). */
export const WriteOff = z
  .object({
    seq: z.number().int(),
    licenceNo: z.string(),
    declarationNo: z.string(),
    port: z.string(),
    date: z.string(),
    quantityUsed: z.string(),
    quantityLeft: z.string(),
    recordedAt: z.string(),
  })
  .openapi('WriteOff');

/** A use of a licence, recorded by customs (the admin route and `sandbox.useLicence`). */
export const LicenceUse = z
  .object({
    declarationNo: z.string().min(1).max(64),
    port: z.string().min(1).max(16),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    quantity: z.union([z.string(), z.number()]),
  })
  .openapi('LicenceUse');

/** Business statistics (业务统计): licences and amounts per currency, grouped. */
export const Statistics = z
  .object({
    groupBy: z.enum(['year', 'month', 'country']),
    rows: z.array(
      z.object({ key: z.string(), count: z.number().int(), amounts: z.array(z.object({ currency: z.string(), amount: z.string() })) }),
    ),
  })
  .openapi('Statistics');

/** An attachment's record (no content). */
export const AttachmentRecord = named(Attachment, 'Attachment');

/** Contract details (合同信息表). */
export const ContractDetailsSchema = named(ContractDetails, 'ContractDetails');

/** A code table. */
export const CodeTableDocument = z
  .object({ name: z.string(), source: z.string().optional(), entries: z.array(CodeTableEntry) })
  .openapi('CodeTable');

/** The code tables the sandbox serves. */
export const CodeTableList = z.object({ names: z.array(z.string()) }).openapi('CodeTableList');

/** The commodity catalog of one year. */
export const CatalogDocument = z
  .object({ year: z.number().int(), source: z.string(), entries: z.array(CatalogEntry) })
  .openapi('Catalog');

/** A one-time e-key binding challenge. */
export const EKeyChallenge = z.object({ challenge: z.string(), account: z.string(), expiresAt: z.string() }).openapi('EKeyChallenge');

/** The signed answer to a challenge (what `bindingProof` from `@exlic/signer` makes), with the signature in base64. */
export const BindBody = z
  .object({
    account: z.string(),
    challenge: z.string(),
    algorithm: z.literal('SM2-SM3'),
    certificate: z.string().min(1).max(16_384),
    certificateFingerprint: z.string(),
    signature: z.string().min(1).max(1024),
  })
  .openapi('BindBody');

/** The operator's e-key binding. */
export const EKeyBinding = z
  .object({ certificateFingerprint: z.string(), subject: z.string().optional(), boundAt: z.string() })
  .openapi('EKeyBinding');

/** Who the token belongs to. */
export const Me = z
  .object({
    operator: z.object({ id: z.string(), name: z.string() }),
    enterprise: z.object({ code: z.string(), uscc: z.string(), name: z.string() }),
    ekey: EKeyBinding.nullable(),
  })
  .openapi('Me');

/** Subscription modes (状态推送): one application, every application of the enterprise, or everything this operator entered. */
export const SubscriptionMode = z.enum(['document', 'enterprise', 'user']).openapi('SubscriptionMode');

/** A new subscription. */
export const SubscriptionCreate = z
  .object({
    mode: SubscriptionMode,
    /** The application id for `document`; ignored otherwise (the token's enterprise or operator). */
    applicationId: z.string().optional().openapi({ description: 'For `document`: the application\'s id or its MOFCOM application number (业务单据编号, `SQ…`); ignored otherwise.' }),
    /** Where receipts are POSTed. */
    url: z.url().openapi({ description: 'Where receipts are POSTed: http(s), no credentials; a loopback receiver unless the sandbox allows more hosts. Shown back without its query.' }),
  })
  .openapi('SubscriptionCreate');

/** A subscription. */
export const Subscription = z
  .object({ id: z.string(), mode: SubscriptionMode, target: z.string(), url: z.string(), createdAt: z.string() })
  .openapi('Subscription');

/** A new subscription with its signing secret (`whsec_…`), shown once. */
export const SubscriptionCreated = Subscription.extend({ secret: z.string() }).openapi('SubscriptionCreated');

/** A review receipt (审核回执): one status change, pushed and kept in the event feed. */
export const Receipt = z
  .object({
    id: z.string().openapi({ example: 'evt_0000000001' }),
    seq: z.number().int(),
    type: z.literal('application.statusChanged'),
    occurredAt: z.string(),
    applicationId: z.string(),
    event: z.enum(EVENTS),
    from: Status,
    to: Status,
    mofcomApplicationNo: z.string().optional(),
    licenceNo: z.string().optional(),
    opinion: z.string().optional(),
    operator: z.string(),
  })
  .openapi('Receipt');

/** Review events the authority may take. */
export const REVIEW_EVENTS = ['firstReviewPassed', 'firstReviewReturned', 'secondReviewPassed', 'secondReviewReturned', 'withdrawalGranted', 'withdrawalRefused'] as const;
/** A review event. */
export type ReviewEvent = (typeof REVIEW_EVENTS)[number];

/** The authority's decision (admin route). */
export const ReviewBody = z.object({ event: z.enum(REVIEW_EVENTS), opinion: z.string().max(2000).optional() }).openapi('ReviewBody');

/** Mint an operator token (admin route). */
export const TokenBody = z.object({ enterprise: z.string(), operator: z.string() }).openapi('TokenBody');
/** A minted token. */
export const TokenResult = z.object({ token: z.string(), enterprise: z.string(), operator: z.string() }).openapi('TokenResult');

/** The fault settings (admin route). */
export const FaultSettings = z
  .object({
    seed: z.number().int().optional(),
    /** Probability per request, 0-1, of each fault; each fault strikes before or after the server acted. */
    drop: z.number().min(0).max(1).optional(),
    unavailable: z.number().min(0).max(1).optional(),
    rateLimited: z.number().min(0).max(1).optional(),
    slow: z.number().min(0).max(1).optional(),
    slowMs: z.number().int().min(0).max(60_000).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    when: z.enum(['before', 'after', 'either']).optional(),
  })
  .openapi('FaultSettings');
