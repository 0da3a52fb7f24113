/** Declare, withdraw, print, the review workflow and its automatic mode. */
import { check } from '@exlic/rules';
import { Opinion as OpinionSchema, type LifecycleEvent, type Signature } from '@exlic/core';
import { ensureAllowed } from '../internal/call';
import type { Handler } from '../internal/http';
import { nextCounter } from '../internal/db';
import { nowIso, type Ctx, type Identity } from '../internal/context';
import { commit, etagOf, loadApp, loadAppAndBinding, toAppRow, toRecord, transition, type AppRow, type Receipt } from '../internal/records';
import { refuse } from '../internal/problem';
import type { ReviewEvent } from '../contract/schemas';
import { checkOptionsOf, ensureWritable, loadWritable, perItem, signingBytes, todayOf } from './applications';
import { verifyDeclarationSignature } from './ekey';
import { renderApplicationFormPdf } from '../print/application-form';

/** Declares one application; returns the declared row and the receipts to publish. */
async function declareOne(ctx: Ctx, identity: Identity, id: string, version: number, signature: Signature, receipts: Receipt[]): Promise<AppRow> {
  // The application and the operator's bound e-key in one read.
  const { row, bound } = await loadAppAndBinding(ctx, identity.enterprise, id, identity.operator);
  ensureWritable(ctx, row);
  ensureAllowed(row, 'declare');
  if (version !== row.version) throw refuse('versionMismatch', `Application ${row.id} is at version ${row.version}, not ${version}: sign the current version and declare again.`, { currentVersion: row.version });
  // An operator declares for its own enterprise only (the manual: 出口商 is the logged-in user's enterprise). A save
  // always fills it so; a row saved otherwise (an older sandbox's file database) is refused here.
  if (row.doc.exporter?.code !== identity.enterprise) {
    throw refuse('exporterMismatch', `Application ${row.id} names exporter ${JSON.stringify(row.doc.exporter?.code ?? null)}, but you are an operator of enterprise ${identity.enterprise}: save it again (the exporter is filled from your enterprise) and declare that version.`);
  }
  await verifyDeclarationSignature(ctx, identity, signature, signingBytes(row), bound);
  if ((row.doc.attachments ?? []).length === 0) throw refuse('attachmentRequired', `Application ${row.id} has no attachment: upload at least one (POST /v1/applications/${row.id}/attachments) before declaring.`);
  // 申请日期 is the day of the declaration, set by the server (core's FieldMeta.serverFilled 'onDeclare'); the rules run on that date.
  const declaredDoc = { ...row.doc, other: { ...row.doc.other, appliedOn: todayOf(ctx) } };
  const result = check(declaredDoc, { phase: 'declare', ...checkOptionsOf(ctx) });
  if (!result.valid) {
    const violations = result.violations.filter((violation) => violation.severity === 'error');
    throw refuse('validationFailed', `Application ${row.id} does not pass the declare-phase rules (${violations.length} error${violations.length === 1 ? '' : 's'}): fix the fields named in violations.`, { violations: [...result.violations] });
  }
  const year = todayOf(ctx).slice(0, 4);
  const counter = await nextCounter(ctx.db, `mofcom:${year}`);
  const mofcomNo = `SQ${year}${String(counter.value).padStart(8, '0')}`;
  const moved = await transition(ctx, { ...row, doc: declaredDoc }, 'declared', identity.operator, { mofcomNo, declaredAt: nowIso(ctx) });
  await commit(ctx, [...moved.statements, counter.statement]);
  receipts.push(moved.receipt);
  if (ctx.options.autoReview) await autoReviewDeclared(ctx, moved.row, receipts);
  return moved.row;
}

/** POST /v1/applications/{id}/declare */
export const declareApplication: Handler<'declareApplication'> = async (c) => {
  const { version, signature } = c.req.valid('json');
  const receipts: Receipt[] = [];
  try {
    const row = await declareOne(c.var.ctx, c.var.identity, c.req.valid('param').id, version, signature, receipts);
    return c.json(toRecord(row), 200, { ETag: etagOf(row.version) });
  } finally {
    c.var.ctx.publish(receipts);
  }
};

/** POST /v1/applications/batch-declare */
export const batchDeclareApplications: Handler<'batchDeclareApplications'> = async (c) => {
  const receipts: Receipt[] = [];
  try {
    return c.json(await perItem(c, c.req.valid('json').items, async (item) => toRecord(await declareOne(c.var.ctx, c.var.identity, item.id, item.version, item.signature, receipts))), 200);
  } finally {
    c.var.ctx.publish(receipts);
  }
};

/** POST /v1/applications/{id}/withdraw */
export const withdrawApplication: Handler<'withdrawApplication'> = async (c) => {
  const ctx = c.var.ctx;
  const row = await loadWritable(ctx, c.var.identity, c.req.valid('param').id);
  ensureAllowed(row, 'withdraw');
  const { reason } = c.req.valid('json');
  const moved = await transition(ctx, row, 'withdrawalRequested', c.var.identity.operator, reason === undefined ? {} : { opinion: { stage: 'withdrawal', decision: 'requested', text: reason } });
  await commit(ctx, moved.statements);
  const receipts = [moved.receipt];
  try {
    if (ctx.options.autoReview) await autoReviewWithdrawal(ctx, moved.row, receipts);
  } finally {
    ctx.publish(receipts);
  }
  return c.json(toRecord(moved.row), 200, { ETag: etagOf(moved.row.version) });
};

async function printOne(ctx: Ctx, identity: Identity, id: string): Promise<AppRow> {
  const row = await loadWritable(ctx, identity, id);
  ensureAllowed(row, 'print');
  const moved = await transition(ctx, row, 'printed', identity.operator, {});
  await commit(ctx, moved.statements);
  ctx.publish([moved.receipt]);
  return moved.row;
}

/** True when the caller asks for the printable form: an Accept header that names application/pdf (without q=0). */
function wantsPdf(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const [type, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    return type === 'application/pdf' && !params.some((param) => /^q=0(\.0*)?$/.test(param));
  });
}

/** The printable application form (中华人民共和国出口许可证申请表) of the rows, one page each. */
async function printedForm(ctx: Ctx, rows: readonly AppRow[]): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await renderApplicationFormPdf(rows.map((row) => toRecord(row).application), { now: ctx.options.now() }));
}

const PDF_HEADERS = { 'Content-Type': 'application/pdf', 'X-Content-Type-Options': 'nosniff' } as const;

/** POST /v1/applications/{id}/print */
export const printApplication: Handler<'printApplication'> = async (c) => {
  const row = await printOne(c.var.ctx, c.var.identity, c.req.valid('param').id);
  if (!wantsPdf(c.req.header('accept'))) return c.json(toRecord(row), 200, { ETag: etagOf(row.version) });
  const pdf = await printedForm(c.var.ctx, [row]);
  return c.body(pdf, 200, { ...PDF_HEADERS, ETag: etagOf(row.version), 'Content-Disposition': `inline; filename="${row.licenceNo ?? row.id}.pdf"` });
};

/** POST /v1/applications/batch-print */
export const batchPrintApplications: Handler<'batchPrintApplications'> = async (c) => {
  const items = c.req.valid('json').ids.map((id) => ({ id }));
  const printed: AppRow[] = [];
  const result = await perItem(c, items, async ({ id }) => {
    const row = await printOne(c.var.ctx, c.var.identity, id);
    printed.push(row);
    return toRecord(row);
  });
  // The form of every item, one page each, when every item printed; with any failure the per-item answer says which.
  if (!wantsPdf(c.req.header('accept')) || result.failed > 0 || printed.length === 0) return c.json(result, 200);
  return c.body(await printedForm(c.var.ctx, printed), 200, { ...PDF_HEADERS, 'Content-Disposition': 'inline; filename="applications.pdf"' });
};

/** GET /v1/applications/{id}/opinions */
export const listOpinions: Handler<'listOpinions'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  ensureAllowed(row, 'viewOpinions');
  const rows = await c.var.ctx.db.all(`SELECT stage, decision, text, reviewer, at FROM opinions WHERE application_id = ? AND decision != 'requested' ORDER BY n`, [row.id]);
  return c.json({ items: rows.map((opinion) => ({ stage: OpinionSchema.shape.stage.parse(opinion.stage), decision: OpinionSchema.shape.decision.parse(opinion.decision), text: String(opinion.text), reviewer: String(opinion.reviewer), at: String(opinion.at) })) }, 200);
};

/** GET /v1/applications/{id}/status-changes */
export const listStatusChanges: Handler<'listStatusChanges'> = async (c) => {
  const row = await loadApp(c.var.ctx, c.var.identity.enterprise, c.req.valid('param').id);
  const rows = await c.var.ctx.db.all('SELECT seq, operator, receipt FROM events WHERE application_id = ? ORDER BY seq', [row.id]);
  const items = rows.map((event) => {
    const receipt = JSON.parse(String(event.receipt)) as Receipt;
    return { seq: receipt.seq, at: receipt.occurredAt, event: receipt.event, from: receipt.from, to: receipt.to, actor: String(event.operator), ...(receipt.opinion === undefined ? {} : { opinion: receipt.opinion }) };
  });
  return c.json({ items }, 200);
};

const STAGE: Readonly<Record<ReviewEvent, { stage: string; decision: string }>> = {
  firstReviewPassed: { stage: 'firstReview', decision: 'passed' },
  firstReviewReturned: { stage: 'firstReview', decision: 'returned' },
  secondReviewPassed: { stage: 'secondReview', decision: 'passed' },
  secondReviewReturned: { stage: 'secondReview', decision: 'returned' },
  withdrawalGranted: { stage: 'withdrawal', decision: 'granted' },
  withdrawalRefused: { stage: 'withdrawal', decision: 'refused' },
};

const DEFAULT_OPINION: Readonly<Record<ReviewEvent, string>> = {
  firstReviewPassed: '初审通过',
  firstReviewReturned: '初审退回：请核对申请信息后重新申报',
  secondReviewPassed: '复审通过',
  secondReviewReturned: '复审退回：请联系发证机构',
  withdrawalGranted: '同意撤销',
  withdrawalRefused: '不同意撤销',
};

/** The two-character office of the licence number, from the issuing authority's code (`QLAB` → `QL`, `PROV_BJ` → `BJ`). */
function officeOf(authority: string | undefined): string {
  const code = (authority ?? 'QLAB').toUpperCase();
  const part = (code.includes('_') ? code.slice(code.indexOf('_') + 1) : code).replace(/[^0-9A-Z]/g, '');
  return (part + '00').slice(0, 2);
}

/** Applies one review event by the simulated authority; the licence number is issued on second-review approval. */
async function reviewRow(ctx: Ctx, row: AppRow, event: ReviewEvent, opinion: string | undefined, receipts: Receipt[]): Promise<AppRow> {
  const change: Parameters<typeof transition>[4] = { opinion: { ...STAGE[event], text: opinion ?? DEFAULT_OPINION[event] } };
  const statements = [];
  if (event === 'secondReviewPassed' && row.status === 'pendingSecondReview') {
    const year = todayOf(ctx).slice(2, 4);
    const office = officeOf(row.doc.other?.issuingAuthority);
    const counter = await nextCounter(ctx.db, `licence:${year}:${office}`);
    if (counter.value > 999_999) throw refuse('unavailable', `Office ${office} has issued every licence number of 20${year}.`);
    change.licenceNo = `${year}-${office}-${String(counter.value).padStart(6, '0')}`;
    change.approvedAt = nowIso(ctx);
    statements.push(counter.statement);
  }
  const moved = await transition(ctx, row, event as LifecycleEvent, 'authority', change);
  await commit(ctx, [...moved.statements, ...statements]);
  receipts.push(moved.receipt);
  return moved.row;
}

/** The admin route and `sandbox.review()`: the authority reviews application `id` (any enterprise). */
export async function reviewById(ctx: Ctx, id: string, event: ReviewEvent, opinion: string | undefined): Promise<AppRow> {
  const found = await ctx.db.one('SELECT * FROM applications WHERE id = ?', [id]);
  if (found === undefined) throw refuse('notFound', `No application "${id}".`);
  const receipts: Receipt[] = [];
  try {
    return await reviewRow(ctx, toAppRow(found), event, opinion, receipts);
  } finally {
    ctx.publish(receipts);
  }
}

/** POST /v1/admin/applications/{id}/review */
export const adminReview: Handler<'adminReview'> = async (c) => {
  const { event, opinion } = c.req.valid('json');
  const row = await reviewById(c.var.ctx, c.req.valid('param').id, event, opinion);
  return c.json(toRecord(row), 200, { ETag: etagOf(row.version) });
};

function contractNo(row: AppRow): string {
  return row.doc.contract?.no ?? '';
}

/** Auto-review after a declaration, by `contract.no` (the table in CONTRACT.md). */
async function autoReviewDeclared(ctx: Ctx, row: AppRow, receipts: Receipt[]): Promise<void> {
  const no = contractNo(row);
  if (no.startsWith('HOLD-') || no.startsWith('WD-GRANT-') || no.startsWith('REFUSE-WD-')) return;
  if (no.startsWith('RETURN1-')) {
    await reviewRow(ctx, row, 'firstReviewReturned', undefined, receipts);
    return;
  }
  const passed = await reviewRow(ctx, row, 'firstReviewPassed', undefined, receipts);
  await reviewRow(ctx, passed, no.startsWith('RETURN2-') ? 'secondReviewReturned' : 'secondReviewPassed', undefined, receipts);
}

/** Auto-review of a withdrawal request. */
async function autoReviewWithdrawal(ctx: Ctx, row: AppRow, receipts: Receipt[]): Promise<void> {
  const no = contractNo(row);
  if (no.startsWith('HOLD-')) return;
  await reviewRow(ctx, row, no.startsWith('REFUSE-WD-') ? 'withdrawalRefused' : 'withdrawalGranted', undefined, receipts);
}
