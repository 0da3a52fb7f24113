/** Save, read, replace, delete, copy and query applications. */
import { canonicalize, defaultValidUntil, type ApplicationPage, type ApplicationRecord, type Violation as WireViolation, type BatchItem, type BatchResult, type ExportLicenceApplication } from '@exlic/core';
import type * as z from 'zod';
import type { ApplicationQuery } from '../contract/routes';
import { check, type CheckOptions } from '@exlic/rules';
import type { InArgs, InStatement } from '@libsql/client';
import { checkVersion, ensureAllowed } from '../internal/call';
import { problemIn, type Env, type Handler } from '../internal/http';
import type { Context } from 'hono';
import { nowIso, randomId, sha256Hex, type Ctx, type Identity } from '../internal/context';
import { commit, etagOf, loadApp, toAppRow, toRecord, updateStatement, type AppRow } from '../internal/records';
import { refuse } from '../internal/problem';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';

const SERVER_OWNED = ['id', 'status', 'mofcomApplicationNo', 'licenceNo', 'attachments'] as const;

/** The current date, `YYYY-MM-DD`, by the sandbox's clock. */
export function todayOf(ctx: Ctx): string {
  return ctx.options.now().toISOString().slice(0, 10);
}

/** The options every check of the sandbox runs with (phase aside): its profile, clock, catalog and USD rates. */
export function checkOptionsOf(ctx: Ctx): Omit<CheckOptions, 'phase'> {
  return { profile: ctx.options.profile, asOf: todayOf(ctx), usdRates: ctx.options.usdRates, ...(ctx.options.catalog === undefined ? {} : { catalog: ctx.options.catalog }) };
}

/** The operator's enterprise as an exporter (出口商代码, 社会信用代码, 名称). */
async function enterpriseParty(ctx: Ctx, identity: Identity): Promise<{ code: string; uscc: string; name: string }> {
  const row = await ctx.db.one('SELECT code, uscc, name FROM enterprises WHERE code = ?', [identity.enterprise]);
  if (row === undefined) throw new Error(`the operator's enterprise ${identity.enterprise} is not in the enterprises table`);
  return { code: String(row.code), uscc: String(row.uscc), name: String(row.name) };
}

function isEmptyParty(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  return Object.values(value).every((part) => part === undefined || part === null || part === '');
}

/**
 * Runs the save-phase rules over the body with what the server fills (core's FieldMeta.serverFilled): the exporter
 * from the operator's enterprise whatever was sent (the manual's grey fields), the consignor defaulted to the
 * exporter, 有效截止日期 defaulted (core's defaultValidUntil), 总值折美元 from the sandbox's rate table, and the
 * application's real attachments (so a row's attachment ids are checked against them). Returns the normalised
 * document without server-owned fields, and the violations.
 */
async function normalizeForSave(ctx: Ctx, identity: Identity, body: Record<string, unknown>, attachments: NonNullable<ExportLicenceApplication['attachments']>): Promise<{ doc: ExportLicenceApplication; violations: WireViolation[] }> {
  const exporter = await enterpriseParty(ctx, identity);
  const filled: Record<string, unknown> = { ...body, exporter, attachments };
  if (isEmptyParty(body.consignor)) filled.consignor = exporter;
  if (body.validUntil === undefined || body.validUntil === null || body.validUntil === '') {
    const other = body.other as { appliedOn?: unknown } | undefined;
    const appliedOn = typeof other?.appliedOn === 'string' ? other.appliedOn : todayOf(ctx);
    const validUntil = defaultValidUntil(appliedOn, typeof body.year === 'number' ? body.year : undefined);
    if (validUntil !== undefined) filled.validUntil = validUntil;
  }
  const result = check(filled, { phase: 'save', ...checkOptionsOf(ctx) });
  const doc: ExportLicenceApplication = { ...result.application };
  for (const key of SERVER_OWNED) delete doc[key];
  return { doc, violations: result.violations.map((violation) => ({ ...violation, path: [...violation.path] })) };
}

/** The attachments' records, to mirror inside the document. */
async function attachmentsOf(ctx: Ctx, applicationId: string): Promise<NonNullable<ExportLicenceApplication['attachments']>> {
  const rows = await ctx.db.all('SELECT id, type, file_name, size, sha256, uploaded_at FROM attachments WHERE application_id = ? ORDER BY uploaded_at, id', [applicationId]);
  return rows.map((row) => ({ id: String(row.id), type: String(row.type), fileName: String(row.file_name), size: Number(row.size), sha256: String(row.sha256), uploadedAt: String(row.uploaded_at) }));
}

/** True for an application of an earlier year (历史数据): read-only, it may only be read and copied. */
function isHistory(ctx: Ctx, row: AppRow): boolean {
  return typeof row.doc.year === 'number' && row.doc.year < Number(todayOf(ctx).slice(0, 4));
}

/** Refuses any write to history data (409 readOnly), as CONTRACT.md promises; copying it is the way to reuse it. */
export function ensureWritable(ctx: Ctx, row: AppRow): void {
  if (!isHistory(ctx, row)) return;
  throw refuse('readOnly', `Application ${row.id} is of ${String(row.doc.year)}, an earlier year: history data is read-only. Copy it into a new draft with POST /v1/history/${row.id}/copy.`);
}

/** The application `id` of the operator's enterprise, for a write: 404 when missing, 409 readOnly when it is history. */
export async function loadWritable(ctx: Ctx, identity: Identity, id: string): Promise<AppRow> {
  const row = await loadApp(ctx, identity.enterprise, id);
  ensureWritable(ctx, row);
  return row;
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
export const createApplication: Handler<'createApplication'> = async (c) => {
  const ctx = c.var.ctx;
  const { doc, violations } = await normalizeForSave(ctx, c.var.identity, c.req.valid('json'), []);
  const { row, statement } = newDraft(ctx, c.var.identity, doc);
  await ctx.db.write([statement]);
  return c.json({ record: toRecord(row), violations }, 201, { ETag: etagOf(1), Location: `/v1/applications/${row.id}` });
};

/** GET /v1/applications/{id} */
export const getApplication: Handler<'getApplication'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  return c.json(toRecord(row), 200, { ETag: etagOf(row.version) });
};

/** PUT /v1/applications/{id} */
export const saveApplication: Handler<'saveApplication'> = async (c) => {
  const ctx = c.var.ctx;
  const row = await loadWritable(ctx, c.var.identity, c.req.valid('param').id);
  ensureAllowed(row, 'save');
  checkVersion(row, c.req.valid('header')['if-match'], true);
  const attachments = await attachmentsOf(ctx, row.id);
  const { doc, violations } = await normalizeForSave(ctx, c.var.identity, c.req.valid('json'), attachments);
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...doc, attachments } };
  await commit(ctx, [updateStatement(row, next)]);
  return c.json({ record: toRecord(next), violations }, 200, { ETag: etagOf(next.version) });
};

/** Deletes one application (and its attachments and opinions) after the lifecycle and version checks. */
async function deleteOne(ctx: Ctx, identity: Identity, id: string, ifMatch: string | undefined): Promise<void> {
  const row = await loadWritable(ctx, identity, id);
  ensureAllowed(row, 'delete');
  checkVersion(row, ifMatch, false);
  await commit(ctx, [
    { sql: 'DELETE FROM applications WHERE id = ? AND version = ?', args: [row.id, row.version] },
    { sql: 'DELETE FROM attachments WHERE application_id = ?', args: [row.id] },
    { sql: 'DELETE FROM opinions WHERE application_id = ?', args: [row.id] },
  ]);
}

/** DELETE /v1/applications/{id} */
export const deleteApplication: Handler<'deleteApplication'> = async (c) => {
  await deleteOne(c.var.ctx, c.var.identity, c.req.valid('param').id, c.req.valid('header')['if-match']);
  return c.body(null, 204);
};

/** Runs `each` per item and answers per item: one bad item never hides the others' results. */
export async function perItem<T extends { id: string }>(c: Context<Env>, items: readonly T[], each: (item: T) => Promise<ApplicationRecord | undefined>): Promise<BatchResult> {
  const results: BatchItem[] = [];
  for (const item of items) {
    try {
      const record = await each(item);
      results.push(record === undefined ? { id: item.id, ok: true } : { id: item.id, ok: true, record });
    } catch (error) {
      results.push({ id: item.id, ok: false, problem: problemIn(c, error) });
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { succeeded, failed: results.length - succeeded, items: results };
}

/** POST /v1/applications/batch-delete */
export const batchDeleteApplications: Handler<'batchDeleteApplications'> = async (c) => {
  const ids = c.req.valid('json').ids.map((id) => ({ id }));
  return c.json(await perItem(c, ids, async ({ id }) => {
    await deleteOne(c.var.ctx, c.var.identity, id, undefined);
    return undefined;
  }), 200);
};

/** Copies `row` `count` times into new drafts of the current year, without the server numbers. */
async function copyRow(ctx: Ctx, identity: Identity, row: AppRow, count: number): Promise<ApplicationRecord[]> {
  const doc: ExportLicenceApplication = { ...row.doc };
  for (const key of SERVER_OWNED) delete doc[key];
  if (typeof doc.year === 'number' && doc.year < Number(todayOf(ctx).slice(0, 4))) doc.year = Number(todayOf(ctx).slice(0, 4));
  const drafts = Array.from({ length: count }, () => newDraft(ctx, identity, doc));
  await ctx.db.write(drafts.map((draft) => draft.statement));
  return drafts.map((draft) => toRecord(draft.row));
}

/** POST /v1/applications/{id}/copy */
export const copyApplication: Handler<'copyApplication'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  ensureAllowed(row, 'copy');
  return c.json({ items: await copyRow(c.var.ctx, c.var.identity, row, c.req.valid('json').count) }, 201);
};

/** POST /v1/history/{id}/copy */
export const copyFromHistory: Handler<'copyFromHistory'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  if (!isHistory(c.var.ctx, row)) throw refuse('notFound', `Application ${row.id} is of the current year, not history data: copy it with POST /v1/applications/${row.id}/copy.`);
  return c.json({ items: await copyRow(c.var.ctx, c.var.identity, row, c.req.valid('json').count) }, 201);
};

/** The filters of the application query, as the contract validated them. */
type ApplicationFilters = z.output<typeof ApplicationQuery>;

/** The SQL filter of the application query (申请单查询) for `identity`. */
function queryFilter(identity: Identity, query: ApplicationFilters): { where: string; args: (string | number)[] } {
  const clauses = ['enterprise = ?'];
  const args: (string | number)[] = [identity.enterprise];
  if (query.scope !== 'enterprise') {
    clauses.push('created_by = ?');
    args.push(identity.operator);
  }
  const equal: [string | number | undefined, string][] = [[query.id, 'id'], [query.mofcomApplicationNo, 'mofcom_no'], [query.licenceNo, 'licence_no'], [query.hsCode, 'hs_code'], [query.importingCountry, 'importing_country'], [query.year, 'year']];
  for (const [value, column] of equal) {
    if (value !== undefined) {
      clauses.push(`${column} = ?`);
      args.push(value);
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
async function page(ctx: Ctx, where: string, args: (string | number)[], query: { cursor?: string | undefined; limit?: number | undefined }): Promise<ApplicationPage> {
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor, 'a');
  const rows = await ctx.db.all(`SELECT * FROM applications WHERE ${where}${before === undefined ? '' : ' AND n < ?'} ORDER BY n DESC LIMIT ?`, [...args, ...(before === undefined ? [] : [before]), limit + 1] as InArgs);
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map((row) => toRecord(toAppRow(row)));
  const last = rows[limit - 1];
  return { items, nextCursor: more && last !== undefined ? encodeCursor('a', Number(last.n)) : null };
}

/** GET /v1/applications */
export const listApplications: Handler<'listApplications'> = async (c) => {
  const query = c.req.valid('query');
  const { where, args } = queryFilter(c.var.identity, query);
  return c.json(await page(c.var.ctx, where, args, query), 200);
};

/** GET /v1/applications/count */
export const countApplications: Handler<'countApplications'> = async (c) => {
  const { where, args } = queryFilter(c.var.identity, c.req.valid('query'));
  const row = await c.var.ctx.db.one(`SELECT COUNT(*) AS count FROM applications WHERE ${where}`, args);
  return c.json({ count: Number(row?.count ?? 0) }, 200);
};

/** GET /v1/history */
export const listHistory: Handler<'listHistory'> = async (c) => {
  const query = c.req.valid('query');
  const currentYear = Number(todayOf(c.var.ctx).slice(0, 4));
  if (query.year !== undefined && query.year >= currentYear) return c.json({ items: [], nextCursor: null }, 200);
  const where = query.year === undefined ? 'enterprise = ? AND year < ?' : 'enterprise = ? AND year = ?';
  return c.json(await page(c.var.ctx, where, [c.var.identity.enterprise, query.year ?? currentYear], query), 200);
};

/** GET /v1/applications/{id}/signing-payload */
export const getSigningPayload: Handler<'getSigningPayload'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  const bytes = signingBytes(row);
  return c.json({ id: row.id, version: row.version, payload: Buffer.from(bytes).toString('base64'), sha256: sha256Hex(bytes) }, 200, { ETag: etagOf(row.version) });
};

/** The canonical bytes a declaration of this version signs. */
export function signingBytes(row: AppRow): Uint8Array {
  return canonicalize(toRecord(row).application);
}

/** GET /v1/applications/{id}/contract-details */
export const getContractDetails: Handler<'getContractDetails'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  return c.json(row.doc.contractDetails ?? {}, 200, { ETag: etagOf(row.version) });
};

/** PUT /v1/applications/{id}/contract-details */
export const putContractDetails: Handler<'putContractDetails'> = async (c) => {
  const ctx = c.var.ctx;
  const row = await loadWritable(ctx, c.var.identity, c.req.valid('param').id);
  ensureAllowed(row, 'save');
  checkVersion(row, c.req.valid('header')['if-match'], true);
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...row.doc, contractDetails: c.req.valid('json') } };
  await commit(ctx, [updateStatement(row, next)]);
  return c.json(toRecord(next), 200, { ETag: etagOf(next.version) });
};

/**
 * Writes an attachment change and the document's mirror of the attachment list in one commit, bumping the version;
 * `specs`, when given, are the spec rows with their attachment links changed to match.
 */
export async function commitAttachments(ctx: Ctx, row: AppRow, statements: InStatement[], attachments: NonNullable<ExportLicenceApplication['attachments']>, specs?: ExportLicenceApplication['specs']): Promise<AppRow> {
  const next: AppRow = { ...row, version: row.version + 1, updatedAt: nowIso(ctx), doc: { ...row.doc, attachments, ...(specs === undefined ? {} : { specs }) } };
  await commit(ctx, [updateStatement(row, next), ...statements]);
  return next;
}
