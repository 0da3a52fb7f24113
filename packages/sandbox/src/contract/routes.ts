/**
 * Every route of the contract, defined once: the OpenAPI document is generated from these and the
 * server registers its handlers from the same objects, so a path cannot exist in one and not the other.
 * Paths are stable: add routes, never rename them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { CODE_TABLE_NAMES, STATUSES, getCodeTable } from '@exlic/core';
import {
  ApplicationPage,
  ApplicationRecord,
  AttachmentList,
  AttachmentRecord,
  BatchDeclareBody,
  BatchIdsBody,
  BatchResult,
  BindBody,
  WriteOff,
  CatalogDocument,
  CodeTableDocument,
  CodeTableList,
  ContractDetailsDocument,
  CopyBody,
  CopyResult,
  CountResult,
  CustomsStatus,
  DeclareBody,
  EKeyBinding,
  EKeyChallenge,
  EmptyBody,
  Me,
  OpinionList,
  Problem,
  ReceiptPage,
  SaveResult,
  SigningPayload,
  Statistics,
  StatusChangeList,
  SubscriptionCreate,
  SubscriptionCreated,
  SubscriptionList,
  WithdrawBody,
  WriteOffPage,
  BINDING_MESSAGE_PREFIX,
  WIRE_SM2_USER_ID,
} from '@exlic/core';
import { FaultSettings, LicenceUse, ReviewBody, RevokeTokenBody, TokenBody, TokenResult } from './schemas';


const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

/** Problems any authenticated route may answer. */
const common = {
  400: problem('Malformed JSON or a parameter or body that does not fit the contract (`malformedJson`, `invalidRequest`).'),
  401: problem('No bearer token, or one the sandbox does not know (`unauthorized`).'),
  429: problem('Too many requests (an injected fault); honour Retry-After.'),
  503: problem('Unavailable: an injected fault, too many open connections, or too many uploads being read at once; honour Retry-After.'),
} as const;
/** Problems of any route that takes a body. */
const withBody = {
  413: problem('The body is larger than the sandbox accepts (`payloadTooLarge`).'),
  415: problem('A JSON route takes `Content-Type: application/json` only (`unsupportedMediaType`).'),
} as const;
const notFound = { 404: problem('No such resource for this enterprise: a foreign id answers exactly like a missing one.') } as const;
const refused = { 409: problem('The operation is not allowed in the application\'s status (`operationNotAllowed`), or a conflict named by `code`.') } as const;
const tooLarge = { 413: problem('The body is larger than the sandbox accepts (`payloadTooLarge`).') } as const;
const stale = {
  412: problem('If-Match names a version that is no longer current (`versionMismatch`); `currentVersion` says which is.'),
  428: problem('An edit without If-Match (`versionRequired`).'),
} as const;
const idempotency = { 422: problem('The Idempotency-Key was used before with a different body (`idempotencyKeyReused`), or the rules refused the application (`validationFailed`).') } as const;

const security = [{ bearer: [] }];
const etagHeader = { ETag: { description: 'The record\'s version, `"<version>"`.', schema: { type: 'string' as const } } };

/** The longest code of the attachmentTypes table, so every code the table lists fits the routes that take one. */
const ATTACHMENT_TYPE_MAX = Math.max(...getCodeTable('attachmentTypes').entries.map((entry) => entry.code.length));
/** An attachment type code as a route takes it (the code table's longest code, AFTER_SALES_CONFIRMATION, is 24 characters). */
const AttachmentTypeCode = z.string().min(1).max(Math.max(32, ATTACHMENT_TYPE_MAX));
/** The largest spec-row index a route accepts (the rules check rows up to their format bound). */
const MAX_SPEC_ROW_INDEX = 199;
const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'app_0000000001' }) });
const IfMatch = z.object({ 'if-match': z.string().optional().openapi({ param: { name: 'if-match', in: 'header' }, description: 'The ETag of the version being edited.' }) });
const IfMatchRequired = z.object({ 'if-match': z.string().optional().openapi({ param: { name: 'if-match', in: 'header' }, description: 'The ETag of the version being edited. An edit needs it: without it the answer is 428 (`versionRequired`) with the current version.' }) });
const IdempotencyKey = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'A repeat with the same key returns the first answer and changes nothing; the same key with a different body is refused (422).' }),
});
const Paging = {
  cursor: z.string().max(512).optional().openapi({ description: 'The `nextCursor` of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: 'Items per page, 1-100.', example: 20 }),
};

/** The filters of the application query (申请单查询). */
export const ApplicationQuery = z.object({
  scope: z.enum(['mine', 'enterprise']).optional().openapi({ description: 'The current operator\'s applications (default) or the whole enterprise\'s.' }),
  id: z.string().optional(),
  mofcomApplicationNo: z.string().optional(),
  licenceNo: z.string().optional(),
  status: z.string().optional().openapi({ description: `One status or several, comma-separated: ${STATUSES.join(', ')}.` }),
  hsCode: z.string().optional(),
  importingCountry: z.string().optional(),
  year: z.coerce.number().int().optional(),
  createdFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'First day of the creation date range, YYYY-MM-DD.' }),
  createdTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'Last day of the creation date range, YYYY-MM-DD.' }),
});

/** How an e-key is bound, precisely enough to implement without `@exlic/signer`. */
const BINDING_DESCRIPTION = [
  'Binding (绑卡) in two steps: POST /v1/ekey/challenge gives `{ challenge, account }`; the e-key then signs the binding message and POST /v1/ekey/bind sends the proof.',
  '',
  `- The binding message is the UTF-8 bytes of \`${BINDING_MESSAGE_PREFIX}\\n{account}\\n{challenge}\\n{fingerprint}\` (four lines separated by a single LF, no trailing newline).`,
  '- `fingerprint` is SM3 (GB/T 32905) over the certificate\'s DER bytes (the PEM body, base64-decoded), written as 64 lowercase hexadecimal characters.',
  `- The signature is SM2 with SM3 (GB/T 32918.2) with the user id \`${WIRE_SM2_USER_ID}\` (those 16 ASCII bytes hashed into Z), encoded as DER \`SEQUENCE { r INTEGER, s INTEGER }\` and sent in standard base64.`,
  '- The certificate is the e-key\'s X.509 certificate in PEM (`-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----`).',
  '',
  'A declaration (POST …/declare) is signed the same way, over the RFC 8785 canonical JSON (UTF-8) of `record.application` at the declared version, by the e-key whose certificate fingerprint is bound.',
].join('\n');

/** How a declaration is signed. */
const DECLARE_DESCRIPTION = [
  'Runs the declare-phase rules, needs an attachment, and an SM2 signature by the operator\'s bound e-key; assigns the MOFCOM application number.',
  '',
  '- The signed bytes are the RFC 8785 (JSON Canonicalization Scheme) canonical JSON of `record.application` at `version`, UTF-8; GET …/signing-payload returns them base64-encoded, with their SHA-256.',
  `- \`signature.signature\` is SM2 with SM3 over those bytes, user id \`${WIRE_SM2_USER_ID}\`, DER \`SEQUENCE { r, s }\`, standard base64.`,
  '- `signature.certificate` is the e-key\'s certificate in PEM; its fingerprint (SM3 over the DER, lowercase hex) must be the one bound with POST /v1/ekey/bind.',
].join('\n');

/**
 * The body of a save: an export licence application as entered so far. The server reads it leniently (a draft may be
 * incomplete or hold a value of the wrong form): the save-phase rules report every field that does not fit as a violation
 * instead of refusing the draft. A client should send a document that fits ExportLicenceApplication.
 */
const ApplicationDraft = z.looseObject({}).meta({
  description: 'An export licence application (ExportLicenceApplication) as entered so far. A draft that does not fit yet is still saved: the save-phase rules answer each field that does not fit as a violation.',
  allOf: [{ $ref: '#/components/schemas/ExportLicenceApplication' }],
});

const pdf = { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } as const;
const AcceptPdf = z.object({
  accept: z.string().optional().openapi({ param: { name: 'accept', in: 'header' }, description: '`application/pdf` for the printable application form; anything else (or none) for JSON.' }),
});
const PRINT_DESCRIPTION = 'Moves approved → printed. With `Accept: application/pdf` the answer is the printable application form (中华人民共和国出口许可证申请表) as a PDF, every field of the manual\'s form with its Chinese label, the licence number once issued; otherwise the JSON record.';

/** A licence issued outside the Single Window (directly at MOFCOM), recorded by the admin so its write-off data can be queried. */
const ExternalLicence = z
  .object({
    enterprise: z.string().min(1).max(32).openapi({ description: 'The holder\'s enterprise code (出口商代码); the exporter fields are filled from it.' }),
    licenceNo: z.string().regex(/^\d{2}-[0-9A-Z]{2}-\d{6}$/).openapi({ description: 'The licence number as MOFCOM issued it.', example: '26-BJ-123456' }),
    approvedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'The day it was issued. @default today' }),
    application: ApplicationDraft,
  })
  .openapi('ExternalLicence', { description: 'A licence issued directly at MOFCOM (商务部), not through the Single Window: its data, so customs write-offs and queries find it like the others.' });

const tags = {
  applications: ['applications'],
  actions: ['actions'],
  queries: ['queries'],
  attachments: ['attachments'],
  reference: ['reference data'],
  ekey: ['e-key'],
  pushes: ['pushes'],
  admin: ['admin (the simulated authority)'],
};

/** Every route, by operation id. */
export const routes = {
  getMe: createRoute({ operationId: 'getMe', method: 'get', path: '/v1/me', tags: tags.ekey, security, summary: 'The operator, enterprise and e-key binding of the token', responses: { 200: { description: 'Who you are', content: json(Me) }, ...common } }),

  createApplication: createRoute({
    operationId: 'createApplication', method: 'post', path: '/v1/applications', tags: tags.applications, security,
    summary: 'Save a new draft (暂存)', description: 'Runs the save-phase rules; violations are returned as data, since a draft may be incomplete. Server-owned fields in the body (id, status, numbers) are ignored.',
    request: { headers: IdempotencyKey, body: { content: json(ApplicationDraft), required: true } },
    responses: { 201: { description: 'The new draft', headers: etagHeader, content: json(SaveResult) }, ...common, ...withBody, ...tooLarge, ...idempotency },
  }),
  listApplications: createRoute({
    operationId: 'listApplications', method: 'get', path: '/v1/applications', tags: tags.queries, security,
    summary: 'Application query (申请单查询), cursor-paged, newest first',
    request: { query: ApplicationQuery.extend(Paging) },
    responses: { 200: { description: 'One page', content: json(ApplicationPage) }, ...common },
  }),
  countApplications: createRoute({
    operationId: 'countApplications', method: 'get', path: '/v1/applications/count', tags: tags.queries, security,
    summary: 'Count the applications matching the query filters', request: { query: ApplicationQuery },
    responses: { 200: { description: 'The count', content: json(CountResult) }, ...common },
  }),
  getApplication: createRoute({
    operationId: 'getApplication', method: 'get', path: '/v1/applications/{id}', tags: tags.applications, security, summary: 'Read an application',
    request: { params: IdParam }, responses: { 200: { description: 'The record', headers: etagHeader, content: json(ApplicationRecord) }, ...common, ...notFound },
  }),
  saveApplication: createRoute({
    operationId: 'saveApplication', method: 'put', path: '/v1/applications/{id}', tags: tags.applications, security,
    summary: 'Replace a draft (编辑)', description: 'Allowed in draft, firstReviewReturned and withdrawn; the status is kept.',
    request: { params: IdParam, headers: IfMatchRequired, body: { content: json(ApplicationDraft), required: true } },
    responses: { 200: { description: 'The new version', headers: etagHeader, content: json(SaveResult) }, ...common, ...withBody, ...notFound, ...refused, ...stale, ...tooLarge },
  }),
  deleteApplication: createRoute({
    operationId: 'deleteApplication', method: 'delete', path: '/v1/applications/{id}', tags: tags.applications, security, summary: 'Delete (删除)',
    request: { params: IdParam, headers: IfMatch }, responses: { 204: { description: 'Gone' }, ...common, ...notFound, ...refused, 412: stale[412] },
  }),
  batchDeleteApplications: createRoute({
    operationId: 'batchDeleteApplications', method: 'post', path: '/v1/applications/batch-delete', tags: tags.actions, security, summary: 'Batch delete (批量删除), per item',
    request: { headers: IdempotencyKey, body: { content: json(BatchIdsBody), required: true } }, responses: { 200: { description: 'Per-item results', content: json(BatchResult) }, ...common, ...withBody, ...idempotency },
  }),
  copyApplication: createRoute({
    operationId: 'copyApplication', method: 'post', path: '/v1/applications/{id}/copy', tags: tags.actions, security,
    summary: 'Copy ×N (复制)', description: 'Allowed in any status; each copy is a new draft without the server-returned numbers.',
    request: { params: IdParam, headers: IdempotencyKey, body: { content: json(CopyBody), required: false } },
    responses: { 201: { description: 'The copies', content: json(CopyResult) }, ...common, ...withBody, ...notFound, ...idempotency },
  }),
  getSigningPayload: createRoute({
    operationId: 'getSigningPayload', method: 'get', path: '/v1/applications/{id}/signing-payload', tags: tags.actions, security,
    summary: 'The canonical bytes a declaration signs', description: '`canonicalize(record.application)` of the current version, base64: a client may compute the same itself.',
    request: { params: IdParam }, responses: { 200: { description: 'The payload', headers: etagHeader, content: json(SigningPayload) }, ...common, ...notFound },
  }),
  declareApplication: createRoute({
    operationId: 'declareApplication', method: 'post', path: '/v1/applications/{id}/declare', tags: tags.actions, security,
    summary: 'Declare (申报)', description: DECLARE_DESCRIPTION,
    request: { params: IdParam, headers: IdempotencyKey, body: { content: json(DeclareBody), required: true } },
    responses: {
      200: { description: 'Declared: pendingFirstReview', headers: etagHeader, content: json(ApplicationRecord) },
      ...common, ...withBody, ...notFound, ...refused, 412: stale[412], ...idempotency,
      403: problem('No e-key bound (`ekeyNotBound`), another key (`ekeyMismatch`), a bad signature (`signatureInvalid`), or an exporter that is not the operator\'s enterprise (`exporterMismatch`).'),
    },
  }),
  batchDeclareApplications: createRoute({
    operationId: 'batchDeclareApplications', method: 'post', path: '/v1/applications/batch-declare', tags: tags.actions, security, summary: 'Batch declare (批量申报), per item',
    request: { headers: IdempotencyKey, body: { content: json(BatchDeclareBody), required: true } }, responses: { 200: { description: 'Per-item results', content: json(BatchResult) }, ...common, ...withBody, ...idempotency, ...tooLarge },
  }),
  withdrawApplication: createRoute({
    operationId: 'withdrawApplication', method: 'post', path: '/v1/applications/{id}/withdraw', tags: tags.actions, security, summary: 'Withdraw (撤销): pendingFirstReview → pendingWithdrawal',
    request: { params: IdParam, headers: IdempotencyKey, body: { content: json(WithdrawBody), required: false } },
    responses: { 200: { description: 'Withdrawal requested', headers: etagHeader, content: json(ApplicationRecord) }, ...common, ...withBody, ...notFound, ...refused, ...idempotency },
  }),
  printApplication: createRoute({
    operationId: 'printApplication', method: 'post', path: '/v1/applications/{id}/print', tags: tags.actions, security, summary: 'Print (打印): approved → printed',
    description: PRINT_DESCRIPTION,
    request: { params: IdParam, headers: IdempotencyKey.extend(AcceptPdf.shape), body: { content: json(EmptyBody), required: false } },
    responses: { 200: { description: 'Printed: the record, or with `Accept: application/pdf` the printable application form (one A4 page)', headers: etagHeader, content: { ...json(ApplicationRecord), ...pdf } }, ...common, ...withBody, ...notFound, ...refused, ...idempotency },
  }),
  batchPrintApplications: createRoute({
    operationId: 'batchPrintApplications', method: 'post', path: '/v1/applications/batch-print', tags: tags.actions, security, summary: 'Batch print (批量打印), per item',
    description: `${PRINT_DESCRIPTION}\n\nWith \`Accept: application/pdf\` the answer is one PDF, a page per application in the order given, when every item printed; when any item failed it is the per-item JSON result (which items failed, and why), the others being printed.`,
    request: { headers: IdempotencyKey.extend(AcceptPdf.shape), body: { content: json(BatchIdsBody), required: true } },
    responses: { 200: { description: 'Per-item results, or the printable forms as one PDF', content: { ...json(BatchResult), ...pdf } }, ...common, ...withBody, ...idempotency },
  }),
  listOpinions: createRoute({
    operationId: 'listOpinions', method: 'get', path: '/v1/applications/{id}/opinions', tags: tags.queries, security, summary: 'Review opinions (查看审批意见)',
    request: { params: IdParam }, responses: { 200: { description: 'The opinions, oldest first', content: json(OpinionList) }, ...common, ...notFound, ...refused },
  }),
  listStatusChanges: createRoute({
    operationId: 'listStatusChanges', method: 'get', path: '/v1/applications/{id}/status-changes', tags: tags.queries, security, summary: 'Every status change of an application',
    request: { params: IdParam }, responses: { 200: { description: 'Oldest first', content: json(StatusChangeList) }, ...common, ...notFound },
  }),
  getContractDetails: createRoute({
    operationId: 'getContractDetails', method: 'get', path: '/v1/applications/{id}/contract-details', tags: tags.applications, security, summary: 'Contract details (合同信息表)',
    request: { params: IdParam }, responses: { 200: { description: 'The form (empty object when not filled)', headers: etagHeader, content: json(ContractDetailsDocument) }, ...common, ...notFound },
  }),
  putContractDetails: createRoute({
    operationId: 'putContractDetails', method: 'put', path: '/v1/applications/{id}/contract-details', tags: tags.applications, security, summary: 'Fill the contract details (editable statuses)',
    request: { params: IdParam, headers: IfMatchRequired, body: { content: json(ContractDetailsDocument), required: true } },
    responses: { 200: { description: 'The new version', headers: etagHeader, content: json(ApplicationRecord) }, ...common, ...withBody, ...notFound, ...refused, ...stale, ...tooLarge },
  }),

  listAttachments: createRoute({
    operationId: 'listAttachments', method: 'get', path: '/v1/applications/{id}/attachments', tags: tags.attachments, security, summary: 'List attachments',
    request: { params: IdParam }, responses: { 200: { description: 'The attachments', content: json(AttachmentList) }, ...common, ...notFound },
  }),
  uploadAttachment: createRoute({
    operationId: 'uploadAttachment', method: 'post', path: '/v1/applications/{id}/attachments', tags: tags.attachments, security,
    summary: 'Upload an attachment of a type (上传附件)', description: 'The body is the file itself. At most one attachment per type (409 `attachmentTypeTaken`: replace it instead), except types the attachmentTypes table marks `perRow` (a vehicle\'s own documents): several of those, one per spec row, each linked with `row`. Bumps the version.',
    request: {
      params: IdParam,
      headers: IfMatch.extend(IdempotencyKey.shape),
      query: z.object({
        type: AttachmentTypeCode.openapi({ description: 'Attachment type code (attachmentTypes table).' }),
        fileName: z.string().min(1).max(255),
        row: z.coerce.number().int().min(0).max(MAX_SPEC_ROW_INDEX).optional().openapi({ description: 'The spec row (counted from 0) the document belongs to: the server links its id into that row\'s `attachments` (the vehicle tables\' 附件 column).' }),
      }),
      body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
    },
    responses: { 201: { description: 'Stored', headers: etagHeader, content: json(AttachmentRecord) }, ...common, ...notFound, ...refused, ...tooLarge, 412: stale[412], ...idempotency },
  }),
  replaceAttachment: createRoute({
    operationId: 'replaceAttachment', method: 'put', path: '/v1/applications/{id}/attachments/types/{type}', tags: tags.attachments, security, summary: 'Replace the attachment of a type',
    request: {
      params: IdParam.extend({ type: AttachmentTypeCode.openapi({ param: { name: 'type', in: 'path' } }) }),
      headers: IfMatch,
      query: z.object({ fileName: z.string().min(1).max(255) }),
      body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
    },
    responses: { 200: { description: 'Stored', headers: etagHeader, content: json(AttachmentRecord) }, ...common, ...notFound, ...refused, ...tooLarge, 412: stale[412] },
  }),
  downloadAttachment: createRoute({
    operationId: 'downloadAttachment', method: 'get', path: '/v1/applications/{id}/attachments/{attachmentId}', tags: tags.attachments, security, summary: 'Download an attachment',
    request: { params: IdParam.extend({ attachmentId: z.string().openapi({ param: { name: 'attachmentId', in: 'path' } }) }) },
    responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...common, ...notFound },
  }),
  deleteAttachment: createRoute({
    operationId: 'deleteAttachment', method: 'delete', path: '/v1/applications/{id}/attachments/{attachmentId}', tags: tags.attachments, security, summary: 'Delete an attachment (editable statuses)',
    request: { params: IdParam.extend({ attachmentId: z.string().openapi({ param: { name: 'attachmentId', in: 'path' } }) }), headers: IfMatch },
    responses: { 204: { description: 'Gone' }, ...common, ...notFound, ...refused, 412: stale[412] },
  }),

  listHistory: createRoute({
    operationId: 'listHistory', method: 'get', path: '/v1/history', tags: tags.queries, security, summary: 'History data (历史数据查询): earlier years\' applications, read-only',
    request: { query: z.object({ year: z.coerce.number().int().optional(), ...Paging }) }, responses: { 200: { description: 'One page', content: json(ApplicationPage) }, ...common },
  }),
  copyFromHistory: createRoute({
    operationId: 'copyFromHistory', method: 'post', path: '/v1/history/{id}/copy', tags: tags.queries, security, summary: 'Copy from history data into new drafts',
    request: { params: IdParam, headers: IdempotencyKey, body: { content: json(CopyBody), required: false } }, responses: { 201: { description: 'The copies', content: json(CopyResult) }, ...common, ...withBody, ...notFound, ...idempotency },
  }),
  getCustomsStatus: createRoute({
    operationId: 'getCustomsStatus', method: 'get', path: '/v1/licences/{licenceNo}/customs-status', tags: tags.queries, security, summary: 'Customs status (海关状态查询)',
    request: { params: z.object({ licenceNo: z.string().openapi({ param: { name: 'licenceNo', in: 'path' }, example: '26-AB-000001' }) }) },
    responses: { 200: { description: 'What customs knows', content: json(CustomsStatus) }, ...common, ...notFound },
  }),
  listWriteOffs: createRoute({
    operationId: 'listWriteOffs', method: 'get', path: '/v1/write-offs', tags: tags.queries, security, summary: 'Write-off data (核销数据查询), cursor-paged, oldest first',
    request: { query: z.object({ licenceNo: z.string().optional(), ...Paging }) }, responses: { 200: { description: 'One page', content: json(WriteOffPage) }, ...common },
  }),
  getStatistics: createRoute({
    operationId: 'getStatistics', method: 'get', path: '/v1/statistics', tags: tags.queries, security,
    summary: 'Business statistics (业务统计): licences issued and their amounts per currency',
    request: { query: z.object({ groupBy: z.enum(['year', 'month', 'country']), year: z.coerce.number().int().optional() }) },
    responses: { 200: { description: 'The rows, by key', content: json(Statistics) }, ...common },
  }),

  listCodeTables: createRoute({ operationId: 'listCodeTables', method: 'get', path: '/v1/code-tables', tags: tags.reference, security, summary: 'The code tables', responses: { 200: { description: 'Names', content: json(CodeTableList) }, ...common } }),
  getCodeTable: createRoute({
    operationId: 'getCodeTable', method: 'get', path: '/v1/code-tables/{name}', tags: tags.reference, security, summary: 'One code table',
    request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' }, description: CODE_TABLE_NAMES.join(', ') }) }) },
    responses: { 200: { description: 'The table', headers: etagHeader, content: json(CodeTableDocument) }, ...common, ...notFound },
  }),
  getCatalog: createRoute({
    operationId: 'getCatalog', method: 'get', path: '/v1/catalog/{year}', tags: tags.reference, security, summary: 'The commodity catalog of a year (商品代码表)',
    request: { params: z.object({ year: z.coerce.number().int().openapi({ param: { name: 'year', in: 'path', required: true }, type: 'integer', example: 2023 }) }) },
    responses: { 200: { description: 'The catalog', headers: etagHeader, content: json(CatalogDocument) }, ...common, ...notFound },
  }),

  createEKeyChallenge: createRoute({
    operationId: 'createEKeyChallenge', method: 'post', path: '/v1/ekey/challenge', tags: tags.ekey, security, summary: 'A one-time challenge to bind the operator\'s e-key (绑卡)',
    description: BINDING_DESCRIPTION,
    request: { headers: IdempotencyKey, body: { content: json(EmptyBody), required: false } },
    responses: { 201: { description: 'The challenge', content: json(EKeyChallenge) }, ...common, ...withBody, ...idempotency },
  }),
  bindEKey: createRoute({
    operationId: 'bindEKey', method: 'post', path: '/v1/ekey/bind', tags: tags.ekey, security, summary: 'Bind the e-key with the signed challenge',
    description: BINDING_DESCRIPTION,
    request: { headers: IdempotencyKey, body: { content: json(BindBody), required: true } },
    responses: { 200: { description: 'Bound', content: json(EKeyBinding) }, ...common, ...withBody, ...idempotency, 403: problem('The proof does not answer the challenge or its signature is invalid (`challengeInvalid`, `signatureInvalid`).') },
  }),

  createSubscription: createRoute({
    operationId: 'createSubscription', method: 'post', path: '/v1/subscriptions', tags: tags.pushes, security, summary: 'Subscribe to receipts (状态推送)',
    request: { headers: IdempotencyKey, body: { content: json(SubscriptionCreate), required: true } }, responses: { 201: { description: 'Created; the secret is shown once', content: json(SubscriptionCreated) }, ...common, ...withBody, 403: problem('The URL\'s host is not allowed (only loopback receivers unless the sandbox allows more), or the enterprise has as many subscriptions as the sandbox keeps (`forbidden`).'), ...notFound, ...idempotency },
  }),
  listSubscriptions: createRoute({ operationId: 'listSubscriptions', method: 'get', path: '/v1/subscriptions', tags: tags.pushes, security, summary: 'The enterprise\'s subscriptions', responses: { 200: { description: 'Subscriptions', content: json(SubscriptionList) }, ...common } }),
  deleteSubscription: createRoute({
    operationId: 'deleteSubscription', method: 'delete', path: '/v1/subscriptions/{id}', tags: tags.pushes, security, summary: 'Unsubscribe',
    request: { params: IdParam }, responses: { 204: { description: 'Gone' }, ...common, ...notFound },
  }),
  listEvents: createRoute({
    operationId: 'listEvents', method: 'get', path: '/v1/events', tags: tags.pushes, security, summary: 'The ordered event feed of the enterprise\'s receipts, from a cursor',
    request: { query: z.object({ ...Paging }) }, responses: { 200: { description: 'One page, oldest first; keep `nextCursor` (also returned on the last page as the place to resume)', content: json(ReceiptPage) }, ...common },
  }),

  adminReview: createRoute({
    operationId: 'adminReview', method: 'post', path: '/v1/admin/applications/{id}/review', tags: tags.admin, security: [{ admin: [] }], summary: 'Review: first/second pass or return, withdrawal granted or refused',
    request: { params: IdParam, headers: IdempotencyKey, body: { content: json(ReviewBody), required: true } },
    responses: { 200: { description: 'The new status', headers: etagHeader, content: json(ApplicationRecord) }, ...common, ...withBody, ...notFound, ...refused, ...idempotency },
  }),
  adminUseLicence: createRoute({
    operationId: 'adminUseLicence', method: 'post', path: '/v1/admin/licences/{licenceNo}/uses', tags: tags.admin, security: [{ admin: [] }], summary: 'Record a use of a licence at customs (write-off)',
    request: { params: z.object({ licenceNo: z.string().openapi({ param: { name: 'licenceNo', in: 'path' } }) }), headers: IdempotencyKey, body: { content: json(LicenceUse), required: true } },
    responses: { 201: { description: 'The write-off entry', content: json(WriteOff) }, ...common, ...withBody, ...notFound, ...refused, ...idempotency },
  }),
  adminRecordLicence: createRoute({
    operationId: 'adminRecordLicence', method: 'post', path: '/v1/admin/licences', tags: tags.admin, security: [{ admin: [] }],
    summary: 'Record a licence issued outside the Single Window (directly at MOFCOM)',
    description: 'The manual: 企业可查询在商务部以及单一窗口申领的证书核销数据. The licence is kept as an approved application of the enterprise (created by `mofcom`, with no MOFCOM application number), so customs uses (POST /v1/admin/licences/{licenceNo}/uses), write-off data, the customs status and the application query find it like a licence issued here.',
    request: { headers: IdempotencyKey, body: { content: json(ExternalLicence), required: true } },
    responses: { 201: { description: 'The recorded licence', headers: etagHeader, content: json(ApplicationRecord) }, ...common, ...withBody, ...idempotency, 404: problem('No such enterprise.'), 409: problem('The licence number is recorded already (`licenceNoTaken`).') },
  }),
  adminIssueToken: createRoute({
    operationId: 'adminIssueToken', method: 'post', path: '/v1/admin/tokens', tags: tags.admin, security: [{ admin: [] }], summary: 'Issue an operator token of an enterprise',
    request: { headers: IdempotencyKey, body: { content: json(TokenBody), required: true } }, responses: { 201: { description: 'The token', content: json(TokenResult) }, ...common, ...withBody, ...notFound, ...idempotency },
  }),
  adminRevokeToken: createRoute({
    operationId: 'adminRevokeToken', method: 'post', path: '/v1/admin/tokens/revoke', tags: tags.admin, security: [{ admin: [] }], summary: 'Revoke an operator token',
    request: { headers: IdempotencyKey, body: { content: json(RevokeTokenBody), required: true } }, responses: { 204: { description: 'Revoked (or never known)' }, ...common, ...withBody, ...idempotency },
  }),
  adminSetFaults: createRoute({
    operationId: 'adminSetFaults', method: 'put', path: '/v1/admin/faults', tags: tags.admin, security: [{ admin: [] }], summary: 'Set the injected faults (all zero: off)',
    request: { body: { content: json(FaultSettings), required: true } }, responses: { 200: { description: 'The settings now', content: json(FaultSettings) }, ...common },
  }),
} as const;

/** The operation id of a route. */
export type RouteName = keyof typeof routes;
