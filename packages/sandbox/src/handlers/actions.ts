/** Declare, withdraw, print, the review workflow and its automatic mode. */
import { check } from '@exlic/rules';
import type { LifecycleEvent } from '@exlic/core';
import { ensureAllowed, type Call, type Reply } from '../internal/call';
import { nextCounter } from '../internal/db';
import { nowIso, type Ctx, type Identity } from '../internal/context';
import { commit, etagOf, loadApp, toAppRow, toRecord, transition, type AppRow, type Receipt } from '../internal/records';
import { refuse } from '../internal/problem';
import type { ReviewEvent } from '../contract/schemas';
import { perItem, signingBytes, todayOf } from './applications';
import { verifyDeclarationSignature, type WireSignature } from './ekey';

/** Declares one application; returns the declared row and the receipts to publish. */
async function declareOne(ctx: Ctx, identity: Identity, id: string, version: number, signature: WireSignature, receipts: Receipt[]): Promise<AppRow> {
  const row = await loadApp(ctx, identity.enterprise, id);
  ensureAllowed(row, 'declare');
  if (version !== row.version) throw refuse('versionMismatch', `Application ${row.id} is at version ${row.version}, not ${version}: sign the current version and declare again.`, { currentVersion: row.version });
  await verifyDeclarationSignature(ctx, identity, signature, signingBytes(row));
  if ((row.doc.attachments ?? []).length === 0) throw refuse('attachmentRequired', `Application ${row.id} has no attachment: upload at least one (POST /v1/applications/${row.id}/attachments) before declaring.`);
  const result = check(row.doc, { phase: 'declare', profile: ctx.options.profile, asOf: todayOf(ctx), ...(ctx.options.catalog === undefined ? {} : { catalog: ctx.options.catalog }) });
  if (!result.valid) {
    const violations = result.violations.filter((violation) => violation.severity === 'error');
    throw refuse('validationFailed', `Application ${row.id} does not pass the declare-phase rules (${violations.length} error${violations.length === 1 ? '' : 's'}): fix the fields named in violations.`, { violations: [...result.violations] });
  }
  const year = todayOf(ctx).slice(0, 4);
  const counter = await nextCounter(ctx.db, `mofcom:${year}`);
  const mofcomNo = `SQ${year}${String(counter.value).padStart(8, '0')}`;
  const moved = await transition(ctx, row, 'declared', identity.operator, { mofcomNo, declaredAt: nowIso(ctx) });
  await commit(ctx, [...moved.statements, counter.statement]);
  receipts.push(moved.receipt);
  if (ctx.options.autoReview) await autoReviewDeclared(ctx, moved.row, receipts);
  return moved.row;
}

/** POST /v1/applications/{id}/declare */
export async function declareApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const body = call.body as { version: number; signature: WireSignature };
  const receipts: Receipt[] = [];
  try {
    const row = await declareOne(ctx, call.identity, call.params.id!, body.version, body.signature, receipts);
    return { status: 200, body: toRecord(row), headers: { ETag: etagOf(row.version) } };
  } finally {
    ctx.publish(receipts);
  }
}

/** POST /v1/applications/batch-declare */
export async function batchDeclareApplications(ctx: Ctx, call: Call): Promise<Reply> {
  const { items } = call.body as { items: { id: string; version: number; signature: WireSignature }[] };
  const receipts: Receipt[] = [];
  try {
    return await perItem(call, items.map((item) => item.id), async (id, index) => toRecord(await declareOne(ctx, call.identity, id, items[index]!.version, items[index]!.signature, receipts)));
  } finally {
    ctx.publish(receipts);
  }
}

/** POST /v1/applications/{id}/withdraw */
export async function withdrawApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'withdraw');
  const reason = (call.body as { reason?: string } | undefined)?.reason;
  const moved = await transition(ctx, row, 'withdrawalRequested', call.identity.operator, reason === undefined ? {} : { opinion: { stage: 'withdrawal', decision: 'requested', text: reason } });
  await commit(ctx, moved.statements);
  const receipts = [moved.receipt];
  try {
    if (ctx.options.autoReview) await autoReviewWithdrawal(ctx, moved.row, receipts);
  } finally {
    ctx.publish(receipts);
  }
  return { status: 200, body: toRecord(moved.row), headers: { ETag: etagOf(moved.row.version) } };
}

async function printOne(ctx: Ctx, identity: Identity, id: string): Promise<AppRow> {
  const row = await loadApp(ctx, identity.enterprise, id);
  ensureAllowed(row, 'print');
  const moved = await transition(ctx, row, 'printed', identity.operator, {});
  await commit(ctx, moved.statements);
  ctx.publish([moved.receipt]);
  return moved.row;
}

/** POST /v1/applications/{id}/print */
export async function printApplication(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await printOne(ctx, call.identity, call.params.id!);
  return { status: 200, body: toRecord(row), headers: { ETag: etagOf(row.version) } };
}

/** POST /v1/applications/batch-print */
export async function batchPrintApplications(ctx: Ctx, call: Call): Promise<Reply> {
  const { ids } = call.body as { ids: string[] };
  return perItem(call, ids, async (id) => toRecord(await printOne(ctx, call.identity, id)));
}

/** GET /v1/applications/{id}/opinions */
export async function listOpinions(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  ensureAllowed(row, 'viewOpinions');
  const rows = await ctx.db.all(`SELECT stage, decision, text, reviewer, at FROM opinions WHERE application_id = ? AND decision != 'requested' ORDER BY n`, [row.id]);
  return { status: 200, body: { items: rows.map((opinion) => ({ stage: String(opinion.stage), decision: String(opinion.decision), text: String(opinion.text), reviewer: String(opinion.reviewer), at: String(opinion.at) })) } };
}

/** GET /v1/applications/{id}/status-changes */
export async function listStatusChanges(ctx: Ctx, call: Call): Promise<Reply> {
  const row = await loadApp(ctx, call.identity.enterprise, call.params.id!);
  const rows = await ctx.db.all('SELECT seq, operator, receipt FROM events WHERE application_id = ? ORDER BY seq', [row.id]);
  const items = rows.map((event) => {
    const receipt = JSON.parse(String(event.receipt)) as Receipt;
    return { seq: receipt.seq, at: receipt.occurredAt, event: receipt.event, from: receipt.from, to: receipt.to, actor: String(event.operator), ...(receipt.opinion === undefined ? {} : { opinion: receipt.opinion }) };
  });
  return { status: 200, body: { items } };
}

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
export function officeOf(authority: string | undefined): string {
  const code = (authority ?? 'QLAB').toUpperCase();
  const part = (code.includes('_') ? code.slice(code.indexOf('_') + 1) : code).replace(/[^0-9A-Z]/g, '');
  return (part + '00').slice(0, 2);
}

/** Applies one review event by the simulated authority; the licence number is issued on second-review approval. */
export async function reviewRow(ctx: Ctx, row: AppRow, event: ReviewEvent, opinion: string | undefined, receipts: Receipt[]): Promise<AppRow> {
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
export async function adminReview(ctx: Ctx, call: Call): Promise<Reply> {
  const body = call.body as { event: ReviewEvent; opinion?: string };
  const row = await reviewById(ctx, call.params.id!, body.event, body.opinion);
  return { status: 200, body: toRecord(row), headers: { ETag: etagOf(row.version) } };
}

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
