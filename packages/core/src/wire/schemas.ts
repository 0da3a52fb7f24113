/**
 * The wire format of exlic's HTTP contract (docs/openapi.yaml): one zod schema per concept, each registered
 * with an id (`.meta({ id })`) so that the OpenAPI generator names it as a component. The sandbox registers
 * its routes from these schemas and the client infers its types from them, so the two cannot drift apart.
 */
import * as z from 'zod';
import { EVENTS, OPERATIONS, STATUSES } from '../lifecycle';
import { Attachment, ContractDetails, ExportLicenceApplication } from '../models/application';
import { CatalogEntry, CodeTableEntry } from '../models/catalog';

/** The signer identity hashed into SM2's Z value (GM/T 0009's default), as every exlic signature uses it. */
export const WIRE_SM2_USER_ID = '1234567812345678';

/** The first line of the message a binding signs. */
export const BINDING_MESSAGE_PREFIX = 'exlic-binding-v1';

const SIGNATURE_ENCODING =
  `The SM2 signature with SM3 (GB/T 32918.2, GB/T 32905), user id \`${WIRE_SM2_USER_ID}\` (the ASCII bytes hashed into Z), ` +
  'as the DER encoding of `SEQUENCE { r INTEGER, s INTEGER }`, in standard base64 (RFC 4648 §4, with padding).';
const CERTIFICATE_ENCODING = 'The e-key\'s X.509 certificate (an SM2 public key) in PEM: `-----BEGIN CERTIFICATE-----`, base64 of the DER, `-----END CERTIFICATE-----`.';
const FINGERPRINT =
  'The certificate fingerprint: SM3 (GB/T 32905) over the certificate\'s DER bytes (the PEM body base64-decoded), as 64 lowercase hexadecimal characters.';

/** A sentence in Chinese and English. */
export const LocalizedText = z.object({ zh: z.string(), en: z.string() }).meta({ id: 'LocalizedText', description: 'A sentence in Chinese and English.' });
/** A sentence in Chinese and English. */
export type LocalizedText = z.infer<typeof LocalizedText>;

/** One rule broken by one field, as `@exlic/rules` reports it, or one part of a request that does not fit the contract. */
export const Violation = z
  .object({
    rule: z.string().meta({ description: 'The rule id (`required.customsPort`), or `contract` for a request that does not fit the contract.', example: 'required.customsPort' }),
    path: z.array(z.union([z.string(), z.number()])).meta({ description: 'Keys and indices down to the field, e.g. `["specs", 1, "quantity"]`; empty for the whole document.' }),
    severity: z.enum(['error', 'warning']),
    /** zod's issue code (`invalid_type`, `unrecognized_keys`, …) for a contract violation. */
    code: z.string().optional().meta({ description: 'For a contract violation: the kind of problem (`invalid_type`, `unrecognized_keys`, `too_big`, …).' }),
    message: LocalizedText,
    label: LocalizedText.optional(),
    seen: z.unknown().optional(),
    expected: z.unknown().optional(),
  })
  .meta({ id: 'Violation', description: 'One rule broken by one field, or one part of a request that does not fit the contract.' });
/** One broken rule or contract mismatch. */
export type Violation = z.infer<typeof Violation>;

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
  'exporterMismatch',
  'ekeyNotBound',
  'ekeyMismatch',
  'signatureInvalid',
  'challengeInvalid',
  'licenceUsedUp',
  'licenceExpired',
  'licenceQuantityExceeded',
  'licenceNoTaken',
  'readOnly',
  'rateLimited',
  'unavailable',
  'internal',
] as const;
/** A problem's machine-readable code. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** An application status, as the lifecycle names it. */
export const WireStatus = z.enum(STATUSES).meta({ id: 'Status', description: 'An application status (the lifecycle of the export licence application).' });

/**
 * RFC 9457 problem details (`application/problem+json`), the one shape of every failure, extended with
 * `code`, `message {zh, en}`, `requestId` and the details a client needs to act.
 */
export const Problem = z
  .object({
    type: z.string().meta({ example: 'https://exlic.dev/problems/operation-not-allowed' }),
    title: z.string(),
    status: z.int().meta({ example: 409 }),
    detail: z.string(),
    instance: z.string().meta({ example: '/v1/applications/app_01/declare' }),
    code: z.enum(PROBLEM_CODES),
    message: LocalizedText,
    requestId: z.string(),
    violations: z.array(Violation).optional().meta({ description: 'The rules\' violations (save or declare phase), or where a request does not fit the contract (`invalidRequest`).' }),
    applicationStatus: WireStatus.optional(),
    operation: z.string().optional().meta({ description: 'The refused operation or review event.' }),
    allowedIn: z.array(WireStatus).optional().meta({ description: 'The statuses the refused operation is allowed in.' }),
    currentVersion: z.int().optional().meta({ description: 'The current version, when an edit carried a stale one.' }),
    retryAfter: z.int().optional().meta({ description: 'Seconds to wait, on 429 and 503 (also in the Retry-After header).' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details: the one shape of every failure.' });
/** A problem details document. */
export type Problem = z.infer<typeof Problem>;

/** The export licence application (wire format v1), core's schema as a named component. */
export const ApplicationDocument = ExportLicenceApplication.meta({
  id: 'ExportLicenceApplication',
  description:
    'The export licence application, wire format v1. Every field is optional here so a draft saves; what a declaration needs is checked by the rules. ' +
    'A declaration signs the RFC 8785 (JSON Canonicalization Scheme) canonical UTF-8 bytes of this document as the record holds it at the declared version (`GET …/signing-payload` returns them).',
});

/** The application as stored: the wire-format document plus the record's server-side fields. */
export const ApplicationRecord = z
  .object({
    id: z.string().meta({ example: 'app_0000000001' }),
    version: z.int().min(1).meta({ description: 'Increases with every change; the ETag is `"<version>"`.' }),
    status: WireStatus,
    mofcomApplicationNo: z.string().optional(),
    licenceNo: z.string().optional().meta({ example: '26-AB-000001' }),
    createdBy: z.string().meta({ description: 'The operator who entered it.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    declaredAt: z.string().optional(),
    approvedAt: z.string().optional(),
    allowedOperations: z.array(z.enum(OPERATIONS)).meta({ description: 'What the applicant may do now (the lifecycle\'s operations matrix).' }),
    application: ApplicationDocument,
  })
  .meta({ id: 'ApplicationRecord', description: 'An application as stored: the document plus the record\'s server-side fields (`application.id`, `status` and the numbers mirror them).' });
/** An application as stored. */
export type ApplicationRecord = z.infer<typeof ApplicationRecord>;

/** What a save answers: the stored record and the save-phase violations (a draft may be incomplete). */
export const SaveResult = z.object({ record: ApplicationRecord, violations: z.array(Violation) }).meta({ id: 'SaveResult', description: 'The stored record and the save-phase violations (a draft may be incomplete).' });
/** What a save answers. */
export type SaveResult = z.infer<typeof SaveResult>;

const nextCursor = z.string().nullable().meta({ description: 'Opaque; pass it back as `cursor` for the next page. `null` on the last page.' });

/** A declaration's signature by the operator's bound e-key. */
export const Signature = z
  .strictObject({
    algorithm: z.literal('SM2-SM3'),
    signature: z.string().min(1).max(1024).meta({ description: SIGNATURE_ENCODING }),
    certificate: z.string().min(1).max(16_384).meta({ description: CERTIFICATE_ENCODING }),
  })
  .meta({
    id: 'Signature',
    description:
      'An SM2-with-SM3 signature by the operator\'s bound e-key over the signed bytes of the operation ' +
      '(for a declaration: the RFC 8785 canonical JSON of `record.application` at the declared version, UTF-8). ' +
      `${SIGNATURE_ENCODING} The certificate must have the fingerprint bound with POST /v1/ekey/bind.`,
  });
/** A declaration's signature. */
export type Signature = z.infer<typeof Signature>;

/** Declare: the version the signature was made over, and the signature over its canonical bytes. */
export const DeclareBody = z
  .strictObject({ version: z.int().min(1).meta({ description: 'The version that was signed; a stale one is refused (412).' }), signature: Signature })
  .meta({ id: 'DeclareBody', description: 'The version the signature was made over, and the signature over that version\'s canonical bytes.' });
/** Declare's body. */
export type DeclareBody = z.infer<typeof DeclareBody>;

/** The bytes to sign for a declaration. */
export const SigningPayload = z
  .object({
    id: z.string(),
    version: z.int(),
    payload: z.string().meta({ description: 'The RFC 8785 canonical JSON of `record.application` at `version`, UTF-8, in standard base64.' }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the payload bytes, lowercase hex: a check that a client canonicalized the same way.' }),
  })
  .meta({ id: 'SigningPayload', description: 'The exact bytes a declaration signs. A client may compute them itself: RFC 8785 canonical JSON of `record.application`.' });
/** The bytes to sign for a declaration. */
export type SigningPayload = z.infer<typeof SigningPayload>;

/** Ids for a batch delete or print. */
export const BatchIdsBody = z.strictObject({ ids: z.array(z.string()).min(1).max(100) }).meta({ id: 'BatchIdsBody', description: 'The applications of a batch, 1-100 ids.' });
/** Ids for a batch. */
export type BatchIdsBody = z.infer<typeof BatchIdsBody>;

/** One item of a batch declare. */
export const BatchDeclareItem = z
  .strictObject({ id: z.string(), version: z.int().min(1), signature: Signature })
  .meta({ id: 'BatchDeclareItem', description: 'One application to declare: its id, the signed version and the signature.' });
/** The applications of a batch declare. */
export const BatchDeclareBody = z.strictObject({ items: z.array(BatchDeclareItem).min(1).max(100) }).meta({ id: 'BatchDeclareBody', description: 'The applications of a batch declare, 1-100.' });
/** Items for a batch declare. */
export type BatchDeclareBody = z.infer<typeof BatchDeclareBody>;

/** One item of a batch answer: its record, or the problem that refused it. */
export const BatchItem = z
  .object({ id: z.string(), ok: z.boolean(), record: ApplicationRecord.optional(), problem: Problem.optional() })
  .meta({ id: 'BatchItem', description: 'One item of a batch answer: `ok` with its record, or the problem that refused it.' });
/** One item of a batch answer. */
export type BatchItem = z.infer<typeof BatchItem>;

/** A batch answer: one item per requested id, in request order; one bad item never hides the others. */
export const BatchResult = z
  .object({ succeeded: z.int(), failed: z.int(), items: z.array(BatchItem) })
  .meta({ id: 'BatchResult', description: 'One item per requested id, in request order; one bad item never hides the others.' });
/** A batch answer. */
export type BatchResult = z.infer<typeof BatchResult>;

/** Withdraw (撤销): an optional reason. */
export const WithdrawBody = z.strictObject({ reason: z.string().max(500).optional() }).meta({ id: 'WithdrawBody', description: 'Withdraw (撤销): an optional reason.' });
/** Withdraw's body. */
export type WithdrawBody = z.infer<typeof WithdrawBody>;

/** Copy (复制): how many copies. */
export const CopyBody = z.strictObject({ count: z.int().min(1).max(50).default(1) }).meta({ id: 'CopyBody', description: 'Copy (复制): how many copies, 1-50.' });
/** Copy's body. */
export type CopyBody = z.input<typeof CopyBody>;

/** A body with nothing in it: the routes that take no input accept `{}` (or no body), as a generated client sends. */
export const EmptyBody = z.object({}).strict().meta({ id: 'EmptyBody', description: 'No input: send `{}` or no body.' });

/** The new drafts a copy made. */
export const CopyResult = z.object({ items: z.array(ApplicationRecord) }).meta({ id: 'CopyResult', description: 'The new drafts a copy made.' });
/** The new drafts a copy made. */
export type CopyResult = z.infer<typeof CopyResult>;

/** A review stage. */
export const ReviewStage = z.enum(['firstReview', 'secondReview', 'withdrawal']).meta({ id: 'ReviewStage', description: 'A review stage.' });

/** One review opinion (审批意见). */
export const Opinion = z
  .object({ stage: ReviewStage, decision: z.enum(['passed', 'returned', 'granted', 'refused']), text: z.string(), reviewer: z.string(), at: z.string() })
  .meta({ id: 'Opinion', description: 'One review opinion (审批意见).' });
/** One review opinion. */
export type Opinion = z.infer<typeof Opinion>;

/** The review opinions of an application, oldest first. */
export const OpinionList = z.object({ items: z.array(Opinion) }).meta({ id: 'OpinionList', description: 'The review opinions, oldest first.' });

/** One status change of an application. */
export const StatusChange = z
  .object({ seq: z.int(), at: z.string(), event: z.enum(EVENTS), from: WireStatus, to: WireStatus, actor: z.string(), opinion: z.string().optional() })
  .meta({ id: 'StatusChange', description: 'One status change of an application.' });
/** One status change. */
export type StatusChange = z.infer<typeof StatusChange>;

/** The status changes of an application, oldest first. */
export const StatusChangeList = z.object({ items: z.array(StatusChange) }).meta({ id: 'StatusChangeList', description: 'Every status change of an application, oldest first.' });

/** A count of applications. */
export const CountResult = z.object({ count: z.int() }).meta({ id: 'CountResult', description: 'A count of applications.' });
/** A count. */
export type CountResult = z.infer<typeof CountResult>;

/** What customs knows of a licence (海关状态). */
export const CustomsStatus = z
  .object({
    licenceNo: z.string(),
    applicationId: z.string(),
    status: z.enum(['unused', 'partiallyUsed', 'usedUp', 'expired']),
    oneBatchOneLicence: z.boolean(),
    validUntil: z.string().optional(),
    unit: z.string().optional(),
    uses: z.int(),
    maxUses: z.int(),
    quantityLicensed: z.string(),
    quantityUsed: z.string(),
    quantityLeft: z.string(),
  })
  .meta({ id: 'CustomsStatus', description: 'What customs knows of a licence (海关状态); quantities are exact decimals as strings.' });
/** What customs knows of a licence. */
export type CustomsStatus = z.infer<typeof CustomsStatus>;

/** One use of a licence at customs (核销数据). */
export const WriteOff = z
  .object({
    seq: z.int(),
    licenceNo: z.string(),
    declarationNo: z.string(),
    port: z.string(),
    date: z.string(),
    quantityUsed: z.string(),
    quantityLeft: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'WriteOff', description: 'One use of a licence at customs (核销数据).' });
/** One write-off. */
export type WriteOff = z.infer<typeof WriteOff>;

/** Business statistics (业务统计): licences and amounts per currency, grouped. */
export const Statistics = z
  .object({
    groupBy: z.enum(['year', 'month', 'country']),
    rows: z.array(z.object({ key: z.string(), count: z.int(), amounts: z.array(z.object({ currency: z.string(), amount: z.string() })) })),
  })
  .meta({ id: 'Statistics', description: 'Business statistics (业务统计): licences and amounts per currency, grouped.' });
/** Business statistics. */
export type Statistics = z.infer<typeof Statistics>;

/** An attachment's record (no content). */
export const AttachmentRecord = Attachment.meta({ id: 'Attachment', description: 'An attachment\'s record; the content is downloaded separately.' });

/** The attachments of an application. */
export const AttachmentList = z.object({ items: z.array(AttachmentRecord) }).meta({ id: 'AttachmentList', description: 'The attachments of an application.' });

/** Contract details (合同信息表). */
export const ContractDetailsDocument = ContractDetails.meta({ id: 'ContractDetails', description: 'Contract details (合同信息表).' });

/** A code table. */
export const CodeTableDocument = z
  .object({ name: z.string(), source: z.string().optional(), entries: z.array(CodeTableEntry) })
  .meta({ id: 'CodeTable', description: 'A code table and where it comes from.' });
/** A code table. */
export type CodeTableDocument = z.infer<typeof CodeTableDocument>;

/** The code tables the sandbox serves. */
export const CodeTableList = z.object({ names: z.array(z.string()) }).meta({ id: 'CodeTableList', description: 'The names of the code tables served.' });

/** The commodity catalog of one year. */
export const CatalogDocument = z
  .object({ year: z.int(), source: z.string(), entries: z.array(CatalogEntry) })
  .meta({ id: 'Catalog', description: 'The commodity catalog of one year (商品代码表).' });
/** The commodity catalog of one year. */
export type CatalogDocument = z.infer<typeof CatalogDocument>;

/** A one-time e-key binding challenge. */
export const EKeyChallenge = z
  .object({
    challenge: z.string().meta({ description: 'Sign it within 5 minutes; it is used up by a successful bind.' }),
    account: z.string().meta({ description: 'The operator id the binding message names.' }),
    expiresAt: z.string(),
  })
  .meta({
    id: 'EKeyChallenge',
    description: `A one-time challenge. The binding message is the UTF-8 bytes of \`${BINDING_MESSAGE_PREFIX}\\n{account}\\n{challenge}\\n{fingerprint}\` (four lines joined by a single LF, no trailing newline), where fingerprint is the certificate's (see BindBody).`,
  });
/** A binding challenge. */
export type EKeyChallenge = z.infer<typeof EKeyChallenge>;

/** The signed answer to a challenge (what `bindingProof` from `@exlic/signer` makes), with the signature in base64. */
export const BindBody = z
  .strictObject({
    account: z.string().meta({ description: 'The challenge\'s `account`.' }),
    challenge: z.string().meta({ description: 'The challenge, as issued.' }),
    algorithm: z.literal('SM2-SM3'),
    certificate: z.string().min(1).max(16_384).meta({ description: CERTIFICATE_ENCODING }),
    certificateFingerprint: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: FINGERPRINT }),
    signature: z.string().min(1).max(1024).meta({ description: `Over the UTF-8 bytes of \`${BINDING_MESSAGE_PREFIX}\\n{account}\\n{challenge}\\n{certificateFingerprint}\`. ${SIGNATURE_ENCODING}` }),
  })
  .meta({
    id: 'BindBody',
    description:
      `A binding proof: the e-key signs \`${BINDING_MESSAGE_PREFIX}\\n{account}\\n{challenge}\\n{certificateFingerprint}\` (UTF-8, LF-separated, no trailing newline) ` +
      `with SM2-with-SM3 and user id \`${WIRE_SM2_USER_ID}\`; the certificate's public key must verify it and its SM3 fingerprint must equal certificateFingerprint.`,
  });
/** A binding proof. */
export type BindBody = z.infer<typeof BindBody>;

/** The operator's e-key binding. */
export const EKeyBinding = z
  .object({ certificateFingerprint: z.string().meta({ description: FINGERPRINT }), subject: z.string().optional(), boundAt: z.string() })
  .meta({ id: 'EKeyBinding', description: 'The operator\'s e-key binding.' });
/** An e-key binding. */
export type EKeyBinding = z.infer<typeof EKeyBinding>;

/** Who the token belongs to. */
export const Me = z
  .object({
    operator: z.object({ id: z.string(), name: z.string() }),
    enterprise: z.object({ code: z.string(), uscc: z.string(), name: z.string() }),
    ekey: EKeyBinding.nullable(),
  })
  .meta({ id: 'Me', description: 'The operator, the enterprise and the e-key binding of the token.' });
/** Who the token belongs to. */
export type Me = z.infer<typeof Me>;

/** Subscription modes (状态推送): one application, every application of the enterprise, or everything this operator entered. */
export const SubscriptionMode = z.enum(['document', 'enterprise', 'user']).meta({ id: 'SubscriptionMode', description: 'One application, every application of the enterprise, or everything this operator entered.' });

/** A new subscription. */
export const SubscriptionCreate = z
  .strictObject({
    mode: SubscriptionMode,
    applicationId: z.string().optional().meta({ description: 'For `document`: the application\'s id or its MOFCOM application number (业务单据编号, `SQ…`); ignored otherwise.' }),
    url: z.url().meta({ description: 'Where receipts are POSTed: http(s), no credentials; a loopback receiver unless the sandbox allows more hosts (`--allow-push-host`). Shown back without its query.' }),
  })
  .meta({ id: 'SubscriptionCreate', description: 'A new subscription.' });
/** A new subscription. */
export type SubscriptionCreate = z.infer<typeof SubscriptionCreate>;

/** A subscription. */
export const Subscription = z
  .object({ id: z.string(), mode: SubscriptionMode, target: z.string(), url: z.string(), createdAt: z.string() })
  .meta({ id: 'Subscription', description: 'A subscription.' });
/** A subscription. */
export type Subscription = z.infer<typeof Subscription>;

/** The subscriptions of the enterprise. */
export const SubscriptionList = z.object({ items: z.array(Subscription) }).meta({ id: 'SubscriptionList', description: 'The enterprise\'s subscriptions.' });

/** A new subscription with its signing secret (`whsec_…`), shown once. */
export const SubscriptionCreated = Subscription.extend({ secret: z.string() }).meta({ id: 'SubscriptionCreated', description: 'A new subscription with its Standard Webhooks signing secret (`whsec_…`), shown once.' });
/** A new subscription with its secret. */
export type SubscriptionCreated = z.infer<typeof SubscriptionCreated>;

/** A review receipt (审核回执): one status change, pushed and kept in the event feed. */
export const Receipt = z
  .object({
    id: z.string().meta({ example: 'evt_0000000001' }),
    seq: z.int(),
    type: z.literal('application.statusChanged'),
    occurredAt: z.string(),
    applicationId: z.string(),
    event: z.enum(EVENTS),
    from: WireStatus,
    to: WireStatus,
    mofcomApplicationNo: z.string().optional(),
    licenceNo: z.string().optional(),
    opinion: z.string().optional(),
    operator: z.string(),
  })
  .meta({ id: 'Receipt', description: 'A review receipt (审核回执): one status change, pushed and kept in the event feed.' });
/** A review receipt. */
export type Receipt = z.infer<typeof Receipt>;

/** One page of applications. */
export const ApplicationPage = z.object({ items: z.array(ApplicationRecord), nextCursor }).meta({ id: 'ApplicationPage', description: 'One page of applications.' });
/** One page of receipts. */
export const ReceiptPage = z.object({ items: z.array(Receipt), nextCursor }).meta({ id: 'ReceiptPage', description: 'One page of receipts.' });
/** One page of write-offs. */
export const WriteOffPage = z.object({ items: z.array(WriteOff), nextCursor }).meta({ id: 'WriteOffPage', description: 'One page of write-offs.' });
/** One page of applications. */
export type ApplicationPage = z.infer<typeof ApplicationPage>;
/** One page of receipts. */
export type ReceiptPage = z.infer<typeof ReceiptPage>;
/** One page of write-offs. */
export type WriteOffPage = z.infer<typeof WriteOffPage>;
