/** Customs: licence uses (write-offs), customs status, and business statistics. */
import { compareDecimals, isIsoDate, normalizeDecimal, sumDecimals } from '@exlic/core';
import type { ExportLicenceApplication, WriteOff } from '@exlic/core';
import { nowIso, randomId, type Ctx } from '../internal/context';
import type { Handler } from '../internal/http';
import type { DbRow } from '../internal/db';
import { decodeCursor, encodeCursor, pageLimit } from '../internal/paging';
import { refuse } from '../internal/problem';
import { etagOf, toAppRow, toRecord, type AppRow } from '../internal/records';
import { check } from '@exlic/rules';
import { checkOptionsOf } from './applications';

/** A use of a licence at customs. */
export interface LicenceUseInput {
  /** 报关单号. */
  declarationNo: string;
  /** Customs port code. */
  port: string;
  /** Date of the customs declaration, `YYYY-MM-DD`. */
  date: string;
  /** Quantity used, a decimal string (or number). */
  quantity: string | number;
}

const MAX_USES_NON_ONE_BATCH = 12;

function negate(value: string): string {
  return value.startsWith('-') ? value.slice(1) : `-${value}`;
}

/** The licence row of `licenceNo` (limited to `enterprise` when given), or 404. */
async function licenceRow(ctx: Ctx, licenceNo: string, enterprise: string | undefined): Promise<AppRow> {
  const row = await ctx.db.one(
    `SELECT * FROM applications WHERE licence_no = ?${enterprise === undefined ? '' : ' AND enterprise = ?'}`,
    enterprise === undefined ? [licenceNo] : [licenceNo, enterprise],
  );
  if (row === undefined) throw refuse('notFound', `No licence "${licenceNo}"${enterprise === undefined ? '' : ' in your enterprise'}.`);
  return toAppRow(row);
}

interface Usage {
  oneBatchOneLicence: boolean;
  maxUses: number;
  uses: number;
  licensed: string;
  used: string;
  left: string;
}

async function usageOf(ctx: Ctx, row: AppRow): Promise<Usage> {
  const oneBatchOneLicence = row.doc.other?.oneBatchOneLicence ?? true;
  const uses = await ctx.db.all('SELECT quantity_used FROM write_offs WHERE licence_no = ?', [row.licenceNo ?? '']);
  const licensed = row.doc.goods?.totalQuantity ?? row.doc.contract?.quantity ?? '0';
  const used = sumDecimals(uses.map((use) => String(use.quantity_used))) ?? '0';
  return { oneBatchOneLicence, maxUses: oneBatchOneLicence ? 1 : MAX_USES_NON_ONE_BATCH, uses: uses.length, licensed, used, left: sumDecimals([licensed, negate(used)]) ?? licensed };
}

/** Records a use of a licence (the admin route and `sandbox.useLicence()`), refusing over-use and use past validUntil. */
export async function useLicence(ctx: Ctx, licenceNo: string, use: LicenceUseInput): Promise<WriteOff> {
  const row = await licenceRow(ctx, licenceNo, undefined);
  if (row.status !== 'approved' && row.status !== 'printed') throw refuse('operationNotAllowed', `Licence ${licenceNo} is in status "${row.status}" and cannot be used at customs.`, { applicationStatus: row.status, operation: 'useLicence' });
  if (!isIsoDate(use.date)) throw refuse('invalidRequest', `The use's date must be a date written YYYY-MM-DD, got ${JSON.stringify(use.date)}.`);
  const quantity = normalizeDecimal(use.quantity);
  if (quantity === undefined || compareDecimals(quantity, '0') !== 1) throw refuse('invalidRequest', `The quantity used must be a positive decimal, got ${JSON.stringify(use.quantity)}.`);
  if (row.doc.validUntil !== undefined && use.date > row.doc.validUntil) throw refuse('licenceExpired', `Licence ${licenceNo} was valid until ${row.doc.validUntil}; a use on ${use.date} is refused.`);
  const usage = await usageOf(ctx, row);
  if (usage.uses >= usage.maxUses) {
    throw refuse('licenceUsedUp', `Licence ${licenceNo} has been used ${usage.uses} time${usage.uses === 1 ? '' : 's'}, the most ${usage.oneBatchOneLicence ? 'a one-batch-one-licence licence allows (1)' : `a licence allows (${MAX_USES_NON_ONE_BATCH})`}.`);
  }
  if (compareDecimals(quantity, usage.left) === 1) throw refuse('licenceQuantityExceeded', `Licence ${licenceNo} has ${usage.left} left; ${quantity} is more.`);
  const left = sumDecimals([usage.left, negate(quantity)]) ?? '0';
  const recordedAt = nowIso(ctx);
  const last = await ctx.db.one('SELECT COALESCE(MAX(seq), 0) AS seq FROM write_offs');
  const seq = Number(last?.seq ?? 0) + 1;
  await ctx.db.write([
    {
      sql: 'INSERT INTO write_offs (seq, enterprise, licence_no, declaration_no, port, date, quantity_used, quantity_left, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      args: [seq, row.enterprise, licenceNo, use.declarationNo, use.port, use.date, quantity, left, recordedAt],
    },
  ]);
  return { seq, licenceNo, declarationNo: use.declarationNo, port: use.port, date: use.date, quantityUsed: quantity, quantityLeft: left, recordedAt };
}

/** POST /v1/admin/licences/{licenceNo}/uses */
export const adminUseLicence: Handler<'adminUseLicence'> = async (c) => c.json(await useLicence(c.var.ctx, c.req.valid('param').licenceNo, c.req.valid('json')), 201);

/**
 * POST /v1/admin/licences: records a licence issued directly at MOFCOM as an approved application of the enterprise
 * (created by `mofcom`, no MOFCOM application number), normalised by the save-phase rules with the exporter filled
 * from the enterprise, so write-offs, the customs status and the queries find it like the others.
 */
export const adminRecordLicence: Handler<'adminRecordLicence'> = async (c) => {
  const ctx = c.var.ctx;
  const { enterprise, licenceNo, approvedAt, application } = c.req.valid('json');
  const holder = await ctx.db.one('SELECT code, uscc, name FROM enterprises WHERE code = ?', [enterprise]);
  if (approvedAt !== undefined && !isIsoDate(approvedAt)) throw refuse('invalidRequest', `approvedAt must be a real date, YYYY-MM-DD; got ${approvedAt}.`);
  if (holder === undefined) throw refuse('notFound', `No enterprise "${enterprise}" in this sandbox.`);
  if ((await ctx.db.one('SELECT id FROM applications WHERE licence_no = ?', [licenceNo])) !== undefined) throw refuse('licenceNoTaken', `Licence ${licenceNo} is recorded already.`);
  const exporter = { code: String(holder.code), uscc: String(holder.uscc), name: String(holder.name) };
  const doc: ExportLicenceApplication = { ...check({ ...application, exporter }, { phase: 'save', ...checkOptionsOf(ctx) }).application, attachments: [] };
  for (const key of ['id', 'status', 'mofcomApplicationNo', 'licenceNo'] as const) delete doc[key];
  doc.year = Number(`20${licenceNo.slice(0, 2)}`);
  const at = nowIso(ctx);
  const row: AppRow = { n: 0, id: randomId('app'), enterprise, createdBy: 'mofcom', status: 'approved', version: 1, doc, mofcomNo: undefined, licenceNo, createdAt: at, updatedAt: at, declaredAt: undefined, approvedAt: approvedAt === undefined ? at : `${approvedAt}T00:00:00.000Z` };
  await ctx.db.write([
    {
      sql: `INSERT INTO applications (id, enterprise, created_by, status, version, year, hs_code, importing_country, licence_no, doc, created_at, updated_at, approved_at) VALUES (?, ?, 'mofcom', 'approved', 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [row.id, enterprise, doc.year, doc.goods?.hsCode ?? null, doc.importingCountry ?? null, licenceNo, JSON.stringify(doc), at, at, row.approvedAt ?? null],
    },
  ]);
  return c.json(toRecord(row), 201, { ETag: etagOf(1) });
};

/** GET /v1/licences/{licenceNo}/customs-status */
export const getCustomsStatus: Handler<'getCustomsStatus'> = async (c) => {
  const ctx = c.var.ctx;
  const { licenceNo } = c.req.valid('param');
  const row = await licenceRow(ctx, licenceNo, c.var.identity.enterprise);
  const usage = await usageOf(ctx, row);
  const today = ctx.options.now().toISOString().slice(0, 10);
  const status =
    usage.uses >= usage.maxUses || compareDecimals(usage.left, '0') !== 1 ? 'usedUp' : row.doc.validUntil !== undefined && today > row.doc.validUntil ? 'expired' : usage.uses === 0 ? 'unused' : 'partiallyUsed';
  return c.json(
    {
      licenceNo,
      applicationId: row.id,
      status,
      oneBatchOneLicence: usage.oneBatchOneLicence,
      ...(row.doc.validUntil === undefined ? {} : { validUntil: row.doc.validUntil }),
      ...(row.doc.contract?.unit === undefined ? {} : { unit: row.doc.contract.unit }),
      uses: usage.uses,
      maxUses: usage.maxUses,
      quantityLicensed: usage.licensed,
      quantityUsed: usage.used,
      quantityLeft: usage.left,
    },
    200,
  );
};

function toWriteOff(row: DbRow): WriteOff {
  return {
    seq: Number(row.seq),
    licenceNo: String(row.licence_no),
    declarationNo: String(row.declaration_no),
    port: String(row.port),
    date: String(row.date),
    quantityUsed: String(row.quantity_used),
    quantityLeft: String(row.quantity_left),
    recordedAt: String(row.recorded_at),
  };
}

/** GET /v1/write-offs */
export const listWriteOffs: Handler<'listWriteOffs'> = async (c) => {
  const { licenceNo, cursor, limit: asked } = c.req.valid('query');
  const limit = pageLimit(asked);
  const after = decodeCursor(cursor, 'w') ?? 0;
  const rows = await c.var.ctx.db.all(
    `SELECT * FROM write_offs WHERE enterprise = ? AND seq > ?${licenceNo === undefined ? '' : ' AND licence_no = ?'} ORDER BY seq LIMIT ?`,
    licenceNo === undefined ? [c.var.identity.enterprise, after, limit + 1] : [c.var.identity.enterprise, after, licenceNo, limit + 1],
  );
  const items = rows.slice(0, limit).map(toWriteOff);
  const last = rows[limit - 1];
  return c.json({ items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor('w', Number(last.seq)) : null }, 200);
};

/** GET /v1/statistics: licences issued (by approval date) and their amounts per currency. */
export const getStatistics: Handler<'getStatistics'> = async (c) => {
  const { groupBy, year } = c.req.valid('query');
  const rows = await c.var.ctx.db.all(
    `SELECT * FROM applications WHERE enterprise = ? AND licence_no IS NOT NULL${year === undefined ? '' : ' AND substr(approved_at, 1, 4) = ?'} ORDER BY n`,
    year === undefined ? [c.var.identity.enterprise] : [c.var.identity.enterprise, String(year)],
  );
  const groups = new Map<string, { count: number; amounts: Map<string, string[]> }>();
  for (const raw of rows) {
    const row = toAppRow(raw);
    const approved = row.approvedAt ?? row.updatedAt;
    const key = groupBy === 'year' ? approved.slice(0, 4) : groupBy === 'month' ? approved.slice(0, 7) : (row.doc.importingCountry ?? '');
    const group = groups.get(key) ?? { count: 0, amounts: new Map<string, string[]>() };
    group.count += 1;
    const amount = row.doc.goods?.totalAmount ?? row.doc.contract?.amount;
    const currency = row.doc.goods?.priceCurrency ?? row.doc.contract?.currency;
    if (amount !== undefined && currency !== undefined) group.amounts.set(currency, [...(group.amounts.get(currency) ?? []), amount]);
    groups.set(key, group);
  }
  const result = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => ({
      key,
      count: group.count,
      amounts: [...group.amounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amounts]) => ({ currency, amount: sumDecimals(amounts) ?? '0' })),
    }));
  return c.json({ groupBy, rows: result }, 200);
};
