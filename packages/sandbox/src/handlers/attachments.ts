/** Attachments (上传附件): upload with a type, list, download, delete, replace a type; and the reference data. */
import { CODE_TABLE_NAMES, findCode, getBundledCatalog, getCodeTable, hasCode, isCodeTableName, type ExportLicenceApplication } from '@exlic/core';
import { checkVersion, ensureAllowed } from '../internal/call';
import { nowIso, randomId, sha256Hex } from '../internal/context';
import type { Handler } from '../internal/http';
import { refuse } from '../internal/problem';
import { etagOf, loadApp } from '../internal/records';
import { commitAttachments, ensureWritable, loadWritable } from './applications';

function checkType(type: string): void {
  if (!hasCode('attachmentTypes', type)) throw refuse('invalidRequest', `"${type}" is not an attachment type: pick a code of the attachmentTypes table (GET /v1/code-tables/attachmentTypes).`);
}

/** True for a type the attachmentTypes table marks perRow: one per spec row (a vehicle's documents), several per application. */
function isPerRow(type: string): boolean {
  return findCode('attachmentTypes', type)?.perRow === 'true';
}

type SpecRows = NonNullable<ExportLicenceApplication['specs']>;

/** The spec rows with `attachmentId` linked to row `index` (the vehicle tables' 附件 column); 400 for a row that does not exist. */
function linkToRow(applicationId: string, specs: SpecRows | undefined, index: number, attachmentId: string): SpecRows {
  const rows = specs ?? [];
  const row = rows[index];
  if (row === undefined) throw refuse('invalidRequest', `Application ${applicationId} has ${rows.length} spec row${rows.length === 1 ? '' : 's'}; row ${index} (counted from 0) does not exist. Save the row first, then upload its document.`);
  return rows.map((each, i) => (i === index ? { ...each, attachments: [...(each.attachments ?? []), attachmentId] } : each));
}

/** The spec rows with the attachment ids `removed` unlinked (or replaced by `replacement`), so no row names a deleted attachment. */
function relinkRows(specs: SpecRows | undefined, removed: ReadonlySet<string>, replacement?: string): SpecRows | undefined {
  if (specs === undefined) return undefined;
  return specs.map((row) => {
    if (!row.attachments?.some((id) => removed.has(id))) return row;
    const ids = row.attachments.flatMap((id) => (removed.has(id) ? (replacement === undefined ? [] : [replacement]) : [id]));
    return { ...row, attachments: [...new Set(ids)] };
  });
}

function attachmentRecord(id: string, type: string, fileName: string, bytes: Uint8Array, uploadedAt: string) {
  return { id, type, fileName, size: bytes.byteLength, sha256: sha256Hex(bytes), uploadedAt };
}

/** GET /v1/applications/{id}/attachments */
export const listAttachments: Handler<'listAttachments'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  return c.json({ items: row.doc.attachments ?? [] }, 200);
};

/** POST /v1/applications/{id}/attachments */
export const uploadAttachment: Handler<'uploadAttachment'> = async (c) => {
  const ctx = c.var.ctx;
  const row = await loadWritable(ctx, c.var.identity, c.req.valid('param').id);
  ensureAllowed(row, 'save');
  checkVersion(row, c.req.valid('header')['if-match'], false);
  const { type, fileName, row: rowIndex } = c.req.valid('query');
  checkType(type);
  const current = row.doc.attachments ?? [];
  if (!isPerRow(type) && current.some((attachment) => attachment.type === type)) throw refuse('attachmentTypeTaken', `Application ${row.id} already has an attachment of type ${type}: replace it with PUT /v1/applications/${row.id}/attachments/types/${type}, or delete it first.`);
  const attachmentId = randomId('att');
  const specs = rowIndex === undefined ? undefined : linkToRow(row.id, row.doc.specs, rowIndex, attachmentId);
  const bytes = c.var.upload;
  const record = attachmentRecord(attachmentId, type, fileName, bytes, nowIso(ctx));
  const next = await commitAttachments(
    ctx,
    row,
    [{ sql: 'INSERT INTO attachments (id, application_id, type, file_name, size, sha256, uploaded_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', args: [record.id, row.id, type, record.fileName, record.size, record.sha256, record.uploadedAt, bytes] }],
    [...current, record],
    specs,
  );
  return c.json(record, 201, { ETag: etagOf(next.version) });
};

/** PUT /v1/applications/{id}/attachments/types/{type} */
export const replaceAttachment: Handler<'replaceAttachment'> = async (c) => {
  const ctx = c.var.ctx;
  const { id, type } = c.req.valid('param');
  const row = await loadWritable(ctx, c.var.identity, id);
  ensureAllowed(row, 'save');
  checkVersion(row, c.req.valid('header')['if-match'], false);
  checkType(type);
  const replaced = (row.doc.attachments ?? []).filter((attachment) => attachment.type === type);
  if (replaced.length > 1) throw refuse('attachmentTypeTaken', `Application ${row.id} has ${replaced.length} attachments of type ${type} (one per spec row): delete the one to change (DELETE /v1/applications/${row.id}/attachments/{attachmentId}) and upload its successor with ?row=.`);
  const bytes = c.var.upload;
  const record = attachmentRecord(randomId('att'), type, c.req.valid('query').fileName, bytes, nowIso(ctx));
  const next = await commitAttachments(
    ctx,
    row,
    [
      { sql: 'DELETE FROM attachments WHERE application_id = ? AND type = ?', args: [row.id, type] },
      { sql: 'INSERT INTO attachments (id, application_id, type, file_name, size, sha256, uploaded_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', args: [record.id, row.id, type, record.fileName, record.size, record.sha256, record.uploadedAt, bytes] },
    ],
    [...(row.doc.attachments ?? []).filter((attachment) => attachment.type !== type), record],
    // A row that linked the replaced document links its successor.
    relinkRows(row.doc.specs, new Set(replaced.flatMap((attachment) => (attachment.id === undefined ? [] : [attachment.id]))), record.id),
  );
  return c.json(record, 200, { ETag: etagOf(next.version) });
};

/** GET /v1/applications/{id}/attachments/{attachmentId} */
export const downloadAttachment: Handler<'downloadAttachment'> = async (c) => {
  const { id, attachmentId } = c.req.valid('param');
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, id);
  const found = await c.var.ctx.db.one('SELECT file_name, content FROM attachments WHERE id = ? AND application_id = ?', [attachmentId, row.id]);
  if (found === undefined) throw refuse('notFound', `Application ${row.id} has no attachment "${attachmentId}".`);
  // A local database gives a blob as a Buffer, a libSQL server as an ArrayBuffer.
  const content = found.content;
  if (!(content instanceof ArrayBuffer) && !(content instanceof Uint8Array)) throw new TypeError(`attachment ${attachmentId} has no stored bytes`);
  return c.body(content instanceof ArrayBuffer ? new Uint8Array(content) : new Uint8Array(content.buffer as ArrayBuffer, content.byteOffset, content.byteLength), 200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(String(found.file_name))}`,
    // A download is never rendered as something else by a browser that sniffs.
    'X-Content-Type-Options': 'nosniff',
  });
};

/** DELETE /v1/applications/{id}/attachments/{attachmentId} */
export const deleteAttachment: Handler<'deleteAttachment'> = async (c) => {
  const ctx = c.var.ctx;
  const { id, attachmentId } = c.req.valid('param');
  const row = await loadApp(ctx, c.var.identity.enterprise, id);
  const current = row.doc.attachments ?? [];
  if (!current.some((attachment) => attachment.id === attachmentId)) throw refuse('notFound', `Application ${row.id} has no attachment "${attachmentId}".`);
  ensureWritable(ctx, row);
  ensureAllowed(row, 'save');
  checkVersion(row, c.req.valid('header')['if-match'], false);
  const next = await commitAttachments(
    ctx,
    row,
    [{ sql: 'DELETE FROM attachments WHERE id = ? AND application_id = ?', args: [attachmentId, row.id] }],
    current.filter((attachment) => attachment.id !== attachmentId),
    relinkRows(row.doc.specs, new Set([attachmentId])),
  );
  return c.body(null, 204, { ETag: etagOf(next.version) });
};

/** GET /v1/code-tables */
export const listCodeTables: Handler<'listCodeTables'> = (c) => c.json({ names: [...CODE_TABLE_NAMES] }, 200);

/** GET /v1/code-tables/{name} */
export const getCodeTableRoute: Handler<'getCodeTable'> = (c) => {
  const { name } = c.req.valid('param');
  if (!isCodeTableName(name)) throw refuse('notFound', `No code table "${name}"; the tables are: ${CODE_TABLE_NAMES.join(', ')}.`);
  const table = getCodeTable(name);
  return c.json({ name, source: table.source, entries: [...table.entries] }, 200, { ETag: `"${table.version}"` });
};

/** GET /v1/catalog/{year} */
export const getCatalogRoute: Handler<'getCatalog'> = (c) => {
  const { year } = c.req.valid('param');
  const catalog = getBundledCatalog();
  const entries = catalog.entries.filter((entry) => entry.year === year);
  if (entries.length === 0) throw refuse('notFound', `The sandbox's catalog has no year ${year}; it holds ${catalog.years.join(', ')}.`);
  return c.json({ year, source: catalog.source, entries }, 200, { ETag: `"${year}-${entries.length}"` });
};
