/** Attachments (上传附件): upload with a type, list, download, delete, replace a type; and the reference data. */
import { CODE_TABLE_NAMES, getBundledCatalog, getCodeTable, hasCode, isCodeTableName } from '@exlic/core';
import { checkVersion, ensureAllowed, type Call, type Reply } from '../internal/call';
import { nowIso, randomId, sha256Hex, type Ctx } from '../internal/context';
import { refuse } from '../internal/problem';
import { etagOf, loadApp } from '../internal/records';
import { commitAttachments } from './applications';

function checkType(type: string): void {
  if (!hasCode('attachmentTypes', type)) throw refuse('invalidRequest', `"${type}" is not an attachment type: pick a code of the attachmentTypes table (GET /v1/code-tables/attachmentTypes).`);
}

function attachmentRecord(id: string, type: string, fileName: string, bytes: Uint8Array, uploadedAt: string) {
  return { id, type, fileName, size: bytes.byteLength, sha256: sha256Hex(bytes), uploadedAt };
}

/** GET /v1/applications/{id}/attachments */
export async function listAttachments(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  return { status: 200, body: { items: row.doc.attachments ?? [] } };
}

/** POST /v1/applications/{id}/attachments */
export async function uploadAttachment(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'save');
  checkVersion(row, call.headers['if-match'], false);
  const type = call.query.type as string;
  checkType(type);
  const current = row.doc.attachments ?? [];
  if (current.some((attachment) => attachment.type === type)) throw refuse('attachmentTypeTaken', `Application ${row.id} already has an attachment of type ${type}: replace it with PUT /v1/applications/${row.id}/attachments/types/${type}, or delete it first.`);
  const bytes = call.raw ?? new Uint8Array();
  const record = attachmentRecord(randomId('att'), type, call.query.fileName as string, bytes, nowIso(ctx));
  const next = await commitAttachments(
    ctx,
    row,
    [{ sql: 'INSERT INTO attachments (id, application_id, type, file_name, size, sha256, uploaded_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', args: [record.id, row.id, type, record.fileName, record.size, record.sha256, record.uploadedAt, bytes] }],
    [...current, record],
  );
  return { status: 201, body: record, headers: { ETag: etagOf(next.version) } };
}

/** PUT /v1/applications/{id}/attachments/types/{type} */
export async function replaceAttachment(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'save');
  checkVersion(row, call.headers['if-match'], false);
  const type = call.params.type!;
  checkType(type);
  const bytes = call.raw ?? new Uint8Array();
  const record = attachmentRecord(randomId('att'), type, call.query.fileName as string, bytes, nowIso(ctx));
  const next = await commitAttachments(
    ctx,
    row,
    [
      { sql: 'DELETE FROM attachments WHERE application_id = ? AND type = ?', args: [row.id, type] },
      { sql: 'INSERT INTO attachments (id, application_id, type, file_name, size, sha256, uploaded_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', args: [record.id, row.id, type, record.fileName, record.size, record.sha256, record.uploadedAt, bytes] },
    ],
    [...(row.doc.attachments ?? []).filter((attachment) => attachment.type !== type), record],
  );
  return { status: 200, body: record, headers: { ETag: etagOf(next.version) } };
}

/** GET /v1/applications/{id}/attachments/{attachmentId} */
export async function downloadAttachment(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  const found = await ctx.db.one('SELECT file_name, content FROM attachments WHERE id = ? AND application_id = ?', [call.params.attachmentId!, row.id]);
  if (found === undefined) throw refuse('notFound', `Application ${row.id} has no attachment "${call.params.attachmentId}".`);
  const content = found.content as ArrayBuffer;
  return {
    status: 200,
    bytes: new Uint8Array(content),
    contentType: 'application/octet-stream',
    headers: { 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(String(found.file_name))}` },
  };
}

/** DELETE /v1/applications/{id}/attachments/{attachmentId} */
export async function deleteAttachment(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  const current = row.doc.attachments ?? [];
  if (!current.some((attachment) => attachment.id === call.params.attachmentId)) throw refuse('notFound', `Application ${row.id} has no attachment "${call.params.attachmentId}".`);
  ensureAllowed(row, 'save');
  checkVersion(row, call.headers['if-match'], false);
  const next = await commitAttachments(
    ctx,
    row,
    [{ sql: 'DELETE FROM attachments WHERE id = ? AND application_id = ?', args: [call.params.attachmentId!, row.id] }],
    current.filter((attachment) => attachment.id !== call.params.attachmentId),
  );
  return { status: 204, headers: { ETag: etagOf(next.version) } };
}

/** GET /v1/code-tables */
export function listCodeTables(): Promise<Reply> {
  return Promise.resolve({ status: 200, body: { names: [...CODE_TABLE_NAMES] } });
}

/** GET /v1/code-tables/{name} */
export function getCodeTableRoute(_ctx: Ctx, call: Call): Promise<Reply> {
  const name = call.params.name;
  if (!isCodeTableName(name)) return Promise.reject(refuse('notFound', `No code table "${String(name)}"; the tables are: ${CODE_TABLE_NAMES.join(', ')}.`));
  const table = getCodeTable(name);
  return Promise.resolve({ status: 200, body: { name, source: table.source, entries: table.entries }, headers: { ETag: `"${table.version}"` } });
}

/** GET /v1/catalog/{year} */
export function getCatalogRoute(_ctx: Ctx, call: Call): Promise<Reply> {
  const year = Number(call.params.year);
  const catalog = getBundledCatalog();
  const entries = catalog.entries.filter((entry) => entry.year === year);
  if (entries.length === 0) return Promise.reject(refuse('notFound', `The sandbox's catalog has no year ${year}; it holds ${catalog.years.join(', ')}.`));
  return Promise.resolve({ status: 200, body: { year, source: catalog.source, entries }, headers: { ETag: `"${year}-${entries.length}"` } });
}
