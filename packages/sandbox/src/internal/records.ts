/** Rows to wire records, and the one place a status change is written (record, event, opinion). */
import { allowedOperations, nextStatus, STATUSES, type ApplicationRecord, type ExportLicenceApplication, type LifecycleEvent, type Receipt, type Status } from '@exlic/core';
import type { InStatement } from '@libsql/client';
import type { DbRow } from './db';
import { nowIso, randomId, type Ctx } from './context';
import { refuse } from './problem';

export type { ApplicationRecord, Receipt };

/** An application row, typed. */
export interface AppRow {
  n: number;
  id: string;
  enterprise: string;
  createdBy: string;
  status: Status;
  version: number;
  doc: ExportLicenceApplication;
  mofcomNo: string | undefined;
  licenceNo: string | undefined;
  createdAt: string;
  updatedAt: string;
  declaredAt: string | undefined;
  approvedAt: string | undefined;
}

const text = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

function toStatus(value: unknown): Status {
  const status = String(value);
  if (!(STATUSES as readonly string[]).includes(status)) throw new Error(`The database holds an unknown status "${status}".`);
  return status as Status;
}

/** Reads an application row. */
export function toAppRow(row: DbRow): AppRow {
  return {
    n: Number(row.n),
    id: String(row.id),
    enterprise: String(row.enterprise),
    createdBy: String(row.created_by),
    status: toStatus(row.status),
    version: Number(row.version),
    doc: JSON.parse(String(row.doc)) as ExportLicenceApplication,
    mofcomNo: text(row.mofcom_no),
    licenceNo: text(row.licence_no),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    declaredAt: text(row.declared_at),
    approvedAt: text(row.approved_at),
  };
}

/** The document with the server-owned fields set from the row. */
function documentOf(row: Pick<AppRow, 'id' | 'status' | 'mofcomNo' | 'licenceNo' | 'doc'>): ExportLicenceApplication {
  const doc: ExportLicenceApplication = { ...row.doc, id: row.id, status: row.status };
  delete doc.mofcomApplicationNo;
  delete doc.licenceNo;
  if (row.mofcomNo !== undefined) doc.mofcomApplicationNo = row.mofcomNo;
  if (row.licenceNo !== undefined) doc.licenceNo = row.licenceNo;
  return doc;
}

/** The wire record of a row. */
export function toRecord(row: AppRow): ApplicationRecord {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    ...(row.mofcomNo === undefined ? {} : { mofcomApplicationNo: row.mofcomNo }),
    ...(row.licenceNo === undefined ? {} : { licenceNo: row.licenceNo }),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.declaredAt === undefined ? {} : { declaredAt: row.declaredAt }),
    ...(row.approvedAt === undefined ? {} : { approvedAt: row.approvedAt }),
    allowedOperations: allowedOperations(row.status),
    application: documentOf(row),
  };
}

/** The application `id` of `enterprise`, or 404: a foreign id answers exactly like a missing one. */
export async function loadApp(ctx: Ctx, enterprise: string, id: string): Promise<AppRow> {
  const row = await ctx.db.one('SELECT * FROM applications WHERE id = ? AND enterprise = ?', [id, enterprise]);
  if (row === undefined) throw notFound(id);
  return toAppRow(row);
}

function notFound(id: string) {
  return refuse('notFound', `No application "${id}" in your enterprise. Check the id (list them with GET /v1/applications).`);
}

/**
 * {@link loadApp}, and in the same statement the fingerprint of the e-key certificate bound to `operator` (null when
 * none is bound): what a declare reads.
 */
export async function loadAppAndBinding(ctx: Ctx, enterprise: string, id: string, operator: string): Promise<{ row: AppRow; bound: string | null }> {
  const row = await ctx.db.one('SELECT a.*, o.ekey_fingerprint AS bound_fingerprint FROM applications a LEFT JOIN operators o ON o.id = ? WHERE a.id = ? AND a.enterprise = ?', [operator, id, enterprise]);
  if (row === undefined) throw notFound(id);
  return { row: toAppRow(row), bound: row.bound_fingerprint === null || row.bound_fingerprint === undefined ? null : String(row.bound_fingerprint) };
}

/** The ETag of a version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The statement that writes a row's changed fields and bumps its version (guarded by the version it was read at). */
export function updateStatement(row: AppRow, next: AppRow): InStatement {
  return {
    sql: `UPDATE applications SET status = ?, version = ?, year = ?, hs_code = ?, importing_country = ?, mofcom_no = ?, licence_no = ?, doc = ?, updated_at = ?, declared_at = ?, approved_at = ?
          WHERE id = ? AND version = ?`,
    args: [
      next.status,
      next.version,
      typeof next.doc.year === 'number' ? next.doc.year : null,
      next.doc.goods?.hsCode ?? null,
      next.doc.importingCountry ?? null,
      next.mofcomNo ?? null,
      next.licenceNo ?? null,
      JSON.stringify(next.doc),
      next.updatedAt,
      next.declaredAt ?? null,
      next.approvedAt ?? null,
      row.id,
      row.version,
    ],
  };
}

/** What a status change writes: the new row, its statements, and the receipt to publish after commit. */
export interface Transition {
  row: AppRow;
  statements: InStatement[];
  receipt: Receipt;
}

/**
 * Moves `row` by `event` (refusing any other move with a problem naming the status and the event), writing the
 * record, the event feed entry and, for a review, the opinion. `seq` is the event's place in its enterprise's feed.
 */
export async function transition(
  ctx: Ctx,
  row: AppRow,
  event: LifecycleEvent,
  actor: string,
  change: Partial<Pick<AppRow, 'mofcomNo' | 'licenceNo' | 'declaredAt' | 'approvedAt'>> & { opinion?: { stage: string; decision: string; text: string } },
): Promise<Transition> {
  let to: Status;
  try {
    to = nextStatus(row.status, event);
  } catch {
    throw refuse('operationNotAllowed', `"${event}" cannot happen to an application in status "${row.status}".`, { applicationStatus: row.status, operation: event });
  }
  const at = nowIso(ctx);
  const next: AppRow = { ...row, status: to, version: row.version + 1, updatedAt: at };
  if (change.mofcomNo !== undefined) next.mofcomNo = change.mofcomNo;
  if (change.licenceNo !== undefined) next.licenceNo = change.licenceNo;
  if (change.declaredAt !== undefined) next.declaredAt = change.declaredAt;
  if (change.approvedAt !== undefined) next.approvedAt = change.approvedAt;
  // The place in the enterprise's own feed, and an opaque id: no enterprise can count another's status changes.
  const seq = await ctx.db.next(`events:${row.enterprise}`, async () => Number((await ctx.db.one('SELECT COALESCE(MAX(enterprise_seq), 0) AS seq FROM events WHERE enterprise = ?', [row.enterprise]))?.seq ?? 0));
  const receipt: Receipt = {
    id: randomId('evt', 12),
    seq,
    type: 'application.statusChanged',
    occurredAt: at,
    applicationId: row.id,
    event,
    from: row.status,
    to,
    ...(next.mofcomNo === undefined ? {} : { mofcomApplicationNo: next.mofcomNo }),
    ...(next.licenceNo === undefined ? {} : { licenceNo: next.licenceNo }),
    ...(change.opinion === undefined ? {} : { opinion: change.opinion.text }),
    operator: row.createdBy,
  };
  const statements: InStatement[] = [
    updateStatement(row, next),
    { sql: 'INSERT INTO events (enterprise_seq, enterprise, application_id, operator, receipt) VALUES (?, ?, ?, ?, ?)', args: [seq, row.enterprise, row.id, actor, JSON.stringify(receipt)] },
  ];
  if (change.opinion !== undefined) {
    statements.push({
      sql: 'INSERT INTO opinions (application_id, stage, decision, text, reviewer, at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [row.id, change.opinion.stage, change.opinion.decision, change.opinion.text, actor, at],
    });
  }
  return { row: next, statements, receipt };
}

/** Writes statements that must change exactly the rows they guard (the version guard of an update). */
export async function commit(ctx: Ctx, statements: InStatement[]): Promise<void> {
  const changed = await ctx.db.write(statements);
  if (changed[0] === 0) throw refuse('versionMismatch', 'The application changed while this request was handled; read it again and retry.');
}
