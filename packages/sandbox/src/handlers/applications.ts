/** Save, read, replace, delete, copy and query applications. */
import { canonicalize, type ExportLicenceApplication } from '@exlic/core';
import { check, type Violation } from '@exlic/rules';
import type { InArgs, InStatement } from '@libsql/client';
import { checkVersion, ensureAllowed, type Call, type Reply } from '../internal/call';
import { nowIso, randomId, sha256Hex, type Ctx, type Identity } from '../internal/context';
import { commit, etagOf, loadApp, toAppRow, toRecord, updateStatement, type AppRow } from '../internal/records';
import { refuse } from '../internal/problem';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';

const SERVER_OWNED = ['id', 'status', 'mofcomApplicationNo', 'licenceNo', 'attachments'] as const;

/** The current date, `YYYY-MM-DD`, by the sandbox's clock. */
export function todayOf(ctx: Ctx): string {
  return ctx.options.now().toISOString().slice(0, 10);
}

/** Runs the save-phase rules and returns the normalised document without server-owned fields, and the violations. */
function normalizeForSave(ctx: Ctx, body: unknown): { doc: ExportLicenceApplication; violations: Violation[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refuse('invalidRequest', 'The body must be one export licence application, a JSON object.');
  const result = check(body, { phase: 'save', profile: ctx.options.profile, asOf: todayOf(ctx), ...(ctx.options.catalog === undefined ? {} : { catalog: ctx.options.catalog }) });
  const doc: ExportLicenceApplication = { ...result.application };
  for (const key of SERVER_OWNED) delete doc[key];
  return { doc, violations: [...result.violations] };
}

/** The attachments' records, to mirror inside the document. */
async function attachmentsOf(ctx: Ctx, applicationId: string): Promise<NonNullable<ExportLicenceApplication['attachments']>> {
  const rows = await ctx.db.all('SELECT id, type, file_name, size, sha256, uploaded_at FROM attachments WHERE application_id = ? ORDER BY uploaded_at, id', [applicationId]);
  return rows.map((row) => ({ id: String(row.id), type: String(row.type), fileName: String(row.file_name), size: Number(row.size), sha256: String(row.sha256), uploadedAt: String(row.uploaded_at) }));
}

/** Inserts a new draft for `identity` with `doc`; returns its row and statement. */
function newDraft(ctx: Ctx, identity: Identity, doc: ExportLicenceApplication): { row: AppRow; statement: InStatement } {
  const at = nowIso(ctx);
  const id = randomId('app');
  const stored: ExportLicenceApplication = { ...doc, attachments: [] };
  const row: AppRow = { n: 0, id, enterprise: identity.enterprise, createdBy: identity.operator, status: 'draft', version: 1, doc: stored, mofcomNo: undefined, licenceNo: undefined, createdAt: at, updatedAt: at, declaredAt: undefined, approvedAt: undefined };
  const statement: InStatement = {
    sql: `INSERT INTO applications (id, enterprise, created_by, status, version, year, hs_code, importing_country, doc, created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?, ?, ?, ?, ?)`,
    args: [id, identity.enterprise, identity.operator, typeof doc.year === 'number' ? doc.year : null, doc.goods?.hsCode ?? null, doc.importingCountry ?? null, JSON.stringify(stored), at, at],
  };
  return { row, statement };
}

/** POST /v1/applications */
export async function createApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const { doc, violations } = normalizeForSave(ctx, call.body);
  const { row, statement } = newDraft(ctx, call.identity, doc);
  await ctx.db.write([statement]);
  return { status: 201, body: { record: toRecord(row), violations }, headers: { ETag: etagOf(1), Location: `/v1/applications/${row.id}` } };
}

/** GET /v1/applications/{id} */
export async function getApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  return { status: 200, body: toRecord(row), headers: { ETag: etagOf(row.version) } };
}

/** PUT /v1/applications/{id} */
export async function saveApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'save');
  checkVersion(row, call.headers['if-match'], true);
  const { doc, violations } = normalizeForSave(ctx, call.body);
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...doc, attachments: await attachmentsOf(ctx, row.id) } };
  await commit(ctx, [updateStatement(row, next)]);
  return { status: 200, body: { record: toRecord(next), violations }, headers: { ETag: etagOf(next.version) } };
}

/** Deletes one application (and its attachments and opinions) after the lifecycle and version checks. */
async function deleteOne(ctx: Ctx, identity: Identity, id: string, ifMatch: string | undefined): Promise<void> {
  const row = await loadApp(ctx, identity.enterprise, id);
  ensureAllowed(row, 'delete');
  checkVersion(row, ifMatch, false);
  await commit(ctx, [
    { sql: 'DELETE FROM applications WHERE id = ? AND version = ?', args: [row.id, row.version] },
    { sql: 'DELETE FROM attachments WHERE application_id = ?', args: [row.id] },
    { sql: 'DELETE FROM opinions WHERE application_id = ?', args: [row.id] },
  ]);
}

/** DELETE /v1/applications/{id} */
export async function deleteApplication(ctx: Ctx, call: Call): Promise<Reply> {
  await deleteOne(ctx, call.identity, call.params.id!, call.headers['if-match']);
  return { status: 204 };
}

/** Runs `each` per id and answers per item: one bad item never hides the others' results. */
export async function perItem(call: Call, ids: readonly string[], each: (id: string, index: number) => Promise<unknown>): Promise<Reply> {
  const items = [];
  for (const [index, id] of ids.entries()) {
    try {
      const record = await each(id, index);
      items.push(record === undefined ? { id, ok: true } : { id, ok: true, record });
    } catch (error) {
      items.push({ id, ok: false, problem: call.problemOf(error) });
    }
  }
  const succeeded = items.filter((item) => item.ok).length;
  return { status: 200, body: { succeeded, failed: items.length - succeeded, items } };
}

/** POST /v1/applications/batch-delete */
export async function batchDeleteApplications(ctx: Ctx, call: Call): Promise<Reply> {
  const { ids } = call.body as { ids: string[] };
  return perItem(call, ids, (id) => deleteOne(ctx, call.identity, id, undefined));
}

/** Copies `row` `count` times into new drafts of the current year, without the server numbers. */
async function copyRow(ctx: Ctx, identity: Identity, row: AppRow, count: number): Promise<Reply> {
  const doc: ExportLicenceApplication = { ...row.doc };
  for (const key of SERVER_OWNED) delete doc[key];
  if (typeof doc.year === 'number' && doc.year < Number(todayOf(ctx).slice(0, 4))) doc.year = Number(todayOf(ctx).slice(0, 4));
  const drafts = Array.from({ length: count }, () => newDraft(ctx, identity, doc));
  await ctx.db.write(drafts.map((draft) => draft.statement));
  return { status: 201, body: { items: drafts.map((draft) => toRecord(draft.row)) } };
}

/** POST /v1/applications/{id}/copy */
export async function copyApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'copy');
  return copyRow(ctx, call.identity, row, (call.body as { count?: number } | undefined)?.count ?? 1);
}

/** POST /v1/history/{id}/copy */
export async function copyFromHistory(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  if (!isHistory(ctx, row)) throw refuse('notFound', `Application ${row.id} is of the current year, not history data: copy it with POST /v1/applications/${row.id}/copy.`);
  return copyRow(ctx, call.identity, row, (call.body as { count?: number } | undefined)?.count ?? 1);
}

function isHistory(ctx: Ctx, row: AppRow): boolean {
  return typeof row.doc.year === 'number' && row.doc.year < Number(todayOf(ctx).slice(0, 4));
}

/** The SQL filter of the application query (申请单查询) for `identity`. */
function queryFilter(identity: Identity, query: Record<string, unknown>): { where: string; args: (string | number)[] } {
  const clauses = ['enterprise = ?'];
  const args: (string | number)[] = [identity.enterprise];
  if (query.scope !== 'enterprise') {
    clauses.push('created_by = ?');
    args.push(identity.operator);
  }
  const equal: [string, string][] = [['id', 'id'], ['mofcomApplicationNo', 'mofcom_no'], ['licenceNo', 'licence_no'], ['hsCode', 'hs_code'], ['importingCountry', 'importing_country'], ['year', 'year']];
  for (const [key, column] of equal) {
    const value = query[key];
    if (value !== undefined) {
      clauses.push(`${column} = ?`);
      args.push(value as string | number);
    }
  }
  if (typeof query.status === 'string') {
    const statuses = query.status.split(',').map((status) => status.trim()).filter(Boolean);
    clauses.push(`status IN (${statuses.map(() => '?').join(', ')})`);
    args.push(...statuses);
  }
  if (typeof query.createdFrom === 'string') {
    clauses.push('substr(created_at, 1, 10) >= ?');
    args.push(query.createdFrom);
  }
  if (typeof query.createdTo === 'string') {
    clauses.push('substr(created_at, 1, 10) <= ?');
    args.push(query.createdTo);
  }
  return { where: clauses.join(' AND '), args };
}

/** One newest-first page of the rows matching `where`. */
async function page(ctx: Ctx, where: string, args: (string | number)[], query: Record<string, unknown>): Promise<Reply> {
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor, 'a');
  const rows = await ctx.db.all(`SELECT * FROM applications WHERE ${where}${before === undefined ? '' : ' AND n < ?'} ORDER BY n DESC LIMIT ?`, [...args, ...(before === undefined ? [] : [before]), limit + 1] as InArgs);
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map((row) => toRecord(toAppRow(row)));
  const last = rows[limit - 1];
  return { status: 200, body: { items, nextCursor: more && last !== undefined ? encodeCursor('a', Number(last.n)) : null } };
}

/** GET /v1/applications */
export async function listApplications(ctx: Ctx, call: Call): Promise<Reply> {
  const { where, args } = queryFilter(call.identity, call.query);
  return page(ctx, where, args, call.query);
}

/** GET /v1/applications/count */
export async function countApplications(ctx: Ctx, call: Call): Promise<Reply> {
  const { where, args } = queryFilter(call.identity, call.query);
  const row = await ctx.db.one(`SELECT COUNT(*) AS count FROM applications WHERE ${where}`, args);
  return { status: 200, body: { count: Number(row?.count ?? 0) } };
}

/** GET /v1/history */
export async function listHistory(ctx: Ctx, call: Call): Promise<Reply> {
  const currentYear = Number(todayOf(ctx).slice(0, 4));
  const year = call.query.year as number | undefined;
  if (year !== undefined && year >= currentYear) return { status: 200, body: { items: [], nextCursor: null } };
  const where = year === undefined ? 'enterprise = ? AND year < ?' : 'enterprise = ? AND year = ?';
  return page(ctx, where, [call.identity.enterprise, year ?? currentYear], call.query);
}

/** GET /v1/applications/{id}/signing-payload */
export async function getSigningPayload(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  const bytes = signingBytes(row);
  return { status: 200, body: { id: row.id, version: row.version, payload: Buffer.from(bytes).toString('base64'), sha256: sha256Hex(bytes) }, headers: { ETag: etagOf(row.version) } };
}

/** The canonical bytes a declaration of this version signs. */
export function signingBytes(row: AppRow): Uint8Array {
  return canonicalize(toRecord(row).application);
}

/** GET /v1/applications/{id}/contract-details */
export async function getContractDetails(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  return { status: 200, body: row.doc.contractDetails ?? {}, headers: { ETag: etagOf(row.version) } };
}

/** PUT /v1/applications/{id}/contract-details */
export async function putContractDetails(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'save');
  checkVersion(row, call.headers['if-match'], true);
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...row.doc, contractDetails: call.body as ExportLicenceApplication['contractDetails'] } };
  await commit(ctx, [updateStatement(row, next)]);
  return { status: 200, body: toRecord(next), headers: { ETag: etagOf(next.version) } };
}

/** Writes an attachment change and the document's mirror of the attachment list in one commit, bumping the version. */
export async function commitAttachments(ctx: Ctx, row: AppRow, statements: InStatement[], attachments: NonNullable<ExportLicenceApplication['attachments']>): Promise<AppRow> {
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...row.doc, attachments } };
  await commit(ctx, [updateStatement(row, next), ...statements]);
  return next;
}
