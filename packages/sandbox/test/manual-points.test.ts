// Issue 19, the sandbox's points: what the user manual allows, the sandbox allows; what it forbids, the sandbox forbids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient as createDb } from '@libsql/client';
import { CODE_TABLE_NAMES, FIELDS, createCatalog, createUsdRateTable, getCodeTable, type CodeTableName } from '@exlic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageTexts } from '../../../test-support/pdf-text';
import { call, declare, draftWithAttachment, reach, startWorld, validApplication, type Operator, type World } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests build and read documents loosely
type Doc = Record<string, any>;

const GENERAL = '2825903100';
/** A test-only catalog entry for used vehicles (the class assignment is for tests, not a fact). */
const USED_VEHICLE = '8703235990';
const catalog = createCatalog(
  [
    { year: 2026, hsCode: GENERAL, name: 'test general', unit: '千克', goodsClass: 'general' },
    { year: 2026, hsCode: USED_VEHICLE, name: 'test used vehicle', unit: '辆', goodsClass: 'vehicleUsed' },
  ],
  { source: 'exlic sandbox test catalog' },
);
const VINS = ['LSVAU218XN2183294', 'LFV2A21K4E3012345', 'JTDBR32E0X0012345'];
const PDF = { 'content-type': 'application/octet-stream' };

/** A used-vehicle application in CNY with `rows` vehicles registered on `registeredOn`, without 有效截止日期 (the server fills it). */
function usedVehicles(rows: number, registeredOn = '2024-01-01'): Doc {
  const base: Doc = validApplication();
  delete base.validUntil;
  return {
    ...base,
    goods: { priceCurrency: 'CNY', hsCode: USED_VEHICLE },
    contract: { ...base.contract, currency: 'CNY' },
    specs: Array.from({ length: rows }, (_, i) => ({ brand: 'B', model: `M${i}`, vin: VINS[i % VINS.length], registeredOn, transferredOn: '2026-11-01', totalValue: '9000' })),
  };
}

async function upload(op: Operator, id: string, type: string, query = ''): Promise<{ status: number; body: Doc }> {
  return op.call('POST', `/v1/applications/${id}/attachments?type=${type}&fileName=${type.toLowerCase()}.pdf${query}`, { raw: new TextEncoder().encode(`${type}${query}`), headers: PDF });
}

function errors(body: Doc): string[] {
  return ((body.violations ?? []) as Doc[]).filter((violation) => violation.severity === 'error').map((violation) => `${violation.rule} ${(violation.path as unknown[]).join('.')}`);
}

function setAt(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = doc;
  for (const part of parts.slice(0, -1)) at = at[part] = typeof at[part] === 'object' && at[part] !== null ? { ...at[part] } : {};
  at[parts.at(-1)!] = value;
}

function getAt(doc: Doc, path: string): unknown {
  return path.split('.').reduce<unknown>((at, part) => (at as Doc | undefined)?.[part], doc);
}

describe('issue 19: the sandbox as the manual describes it', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ catalog });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('point 1: takes every code of every code table through every route that takes codes of that table', async () => {
    // Fields of the document that take a table's codes (attachment types go through the upload routes instead).
    const coded = FIELDS.filter((field): field is typeof field & { table: CodeTableName } => field.table !== undefined && !field.path.includes('[]'));
    const longest = Math.max(...coded.map((field) => getCodeTable(field.table).entries.length));
    for (let i = 0; i < longest; i++) {
      const body: Doc = validApplication();
      for (const field of coded) {
        const entries = getCodeTable(field.table).entries;
        setAt(body, field.path, entries[i % entries.length]!.code);
      }
      const saved = await world.a.call('POST', '/v1/applications', { body });
      expect(saved.status).toBe(201);
      for (const field of coded) {
        const entries = getCodeTable(field.table).entries;
        expect(getAt(saved.body.record.application, field.path), field.path).toBe(entries[i % entries.length]!.code);
        expect(errors(saved.body).filter((line) => line.startsWith('format.') && line.endsWith(` ${field.path}`))).toEqual([]);
      }
      await world.a.call('DELETE', `/v1/applications/${saved.body.record.id}`);
    }
    // Attachment types: the upload query and the replace path take every code (AFTER_SALES_CONFIRMATION is 24 characters).
    const { id } = await draftWithAttachment(world.a);
    for (const { code } of getCodeTable('attachmentTypes').entries) {
      const uploaded = code === 'CONTRACT' ? { status: 201 } : await upload(world.a, id, code);
      expect(uploaded.status, code).toBe(201);
      const replaced = await world.a.call('PUT', `/v1/applications/${id}/attachments/types/${code}?fileName=${code}.pdf`, { raw: new Uint8Array([1, 2, 3]), headers: PDF });
      expect(replaced.status, code).toBe(200);
      expect(replaced.body.type).toBe(code);
    }
    // The code-table route serves every table with every code.
    for (const name of CODE_TABLE_NAMES) {
      const table = await world.a.call('GET', `/v1/code-tables/${name}`);
      expect(table.status).toBe(200);
      expect((table.body.entries as Doc[]).map((entry) => entry.code)).toEqual(getCodeTable(name).entries.map((entry) => entry.code));
    }
  }, 300_000);

  it('point 1 done-when: a used vehicle registered 120 days before the application, with its after-sales confirmation, is declared and approved', async () => {
    // The sandbox's day is 2026-11-29; 120 days earlier is 2026-08-01.
    const saved = await world.a.call('POST', '/v1/applications', { body: usedVehicles(1, '2026-08-01') });
    const id = saved.body.record.id as string;
    expect((await upload(world.a, id, 'CONTRACT')).status).toBe(201);
    expect((await upload(world.a, id, 'VEHICLE_DOC', '&row=0')).status).toBe(201);
    // Without the after-sales confirmation the declaration is refused by the 180-day rule.
    const refused = await declare(world.a, id);
    expect(refused.status).toBe(422);
    const confirmation = await upload(world.a, id, 'AFTER_SALES_CONFIRMATION', '&row=0');
    expect(confirmation.status).toBe(201);
    const declared = await declare(world.a, id);
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body.status).toBe('pendingFirstReview');
    await world.served.sandbox.review(id, 'firstReviewPassed');
    const approved = await world.served.sandbox.review(id, 'secondReviewPassed');
    expect(approved.status).toBe('approved');
    expect(approved.application.specs?.[0]?.attachments).toContain(confirmation.body.id);
  }, 60_000);

  it('point 2: fills the exporter from the operator\'s enterprise whatever the body said, and defaults the consignor to it', async () => {
    const body: Doc = { ...validApplication(), exporter: { code: '1100776367555', uscc: '289999997763675559', name: '别人的企业' } };
    delete body.consignor;
    const saved = await world.a.call('POST', '/v1/applications', { body });
    const enterpriseA = { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: 'A' };
    expect(saved.body.record.application.exporter).toEqual(enterpriseA);
    expect(saved.body.record.application.consignor).toEqual(enterpriseA);
    // A consignor the user entered is kept; the exporter is refilled on every save.
    const consignor = { code: '1100776367555', uscc: '289999997763675559', name: '发货企业' };
    const put = await world.a.call('PUT', `/v1/applications/${saved.body.record.id}`, { body: { ...body, consignor, exporter: consignor }, headers: { 'if-match': '"1"' } });
    expect(put.status).toBe(200);
    expect(put.body.record.application.exporter).toEqual(enterpriseA);
    expect(put.body.record.application.consignor).toEqual(consignor);
    const byB = await world.b.call('POST', '/v1/applications', { body: validApplication() });
    expect(byB.body.record.application.exporter).toEqual({ code: '1100776367555', uscc: '289999997763675559', name: 'B' });
  });

  it('point 3: twenty used vehicles, each with its own registration document linked to its row, can be declared', async () => {
    const saved = await world.a.call('POST', '/v1/applications', { body: usedVehicles(20) });
    const id = saved.body.record.id as string;
    expect((await upload(world.a, id, 'CONTRACT')).status).toBe(201);
    const documents: string[] = [];
    for (let row = 0; row < 20; row++) {
      const uploaded = await upload(world.a, id, 'VEHICLE_DOC', `&row=${row}`);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      documents.push(uploaded.body.id as string);
    }
    const record = (await world.a.call('GET', `/v1/applications/${id}`)).body;
    expect((record.application.specs as Doc[]).map((row) => row.attachments)).toEqual(documents.map((document) => [document]));
    // A second CONTRACT is still one too many; a row that does not exist is refused.
    expect((await upload(world.a, id, 'CONTRACT')).body.code).toBe('attachmentTypeTaken');
    expect((await upload(world.a, id, 'VEHICLE_DOC', '&row=20')).status).toBe(400);
    const declared = await declare(world.a, id);
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
  }, 120_000);

  it('point 3: a row naming an attachment the application does not have is refused on declaration, and deleting a document unlinks it', async () => {
    const body = usedVehicles(2);
    body.specs[0].attachments = ['att_does_not_exist'];
    const saved = await world.a.call('POST', '/v1/applications', { body });
    const id = saved.body.record.id as string;
    await upload(world.a, id, 'CONTRACT');
    await upload(world.a, id, 'VEHICLE_DOC', '&row=0');
    const uploaded = await upload(world.a, id, 'VEHICLE_DOC', '&row=1');
    const refused = await declare(world.a, id);
    expect(refused.status).toBe(422);
    expect(errors(refused.body).filter((line) => line.startsWith('specs.attachments.exists specs.0.attachments'))).toHaveLength(1);
    const deleted = await world.a.call('DELETE', `/v1/applications/${id}/attachments/${uploaded.body.id}`);
    expect(deleted.status).toBe(204);
    const record = (await world.a.call('GET', `/v1/applications/${id}`)).body;
    expect(record.application.specs[1].attachments ?? []).toEqual([]);
  });

  it('point 5: print answers the printable form as a PDF (one page) with the licence number and the exporter, and moves approved → printed', async () => {
    const id = await reach(world, world.a, 'approved');
    const licenceNo = (await world.a.call('GET', `/v1/applications/${id}`)).body.licenceNo as string;
    const response = await fetch(`${world.base}/v1/applications/${id}/print`, { method: 'POST', headers: { authorization: `Bearer ${world.a.token}`, accept: 'application/pdf', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pages = await pdfPageTexts(new Uint8Array(await response.arrayBuffer()));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(licenceNo);
    expect(pages[0]).toContain('3501M000100Y4');
    expect((await world.a.call('GET', `/v1/applications/${id}`)).body.status).toBe('printed');
    // Batch print: one page per application when every item printed; without Accept: application/pdf, the per-item JSON as before.
    const ids = [await reach(world, world.a, 'approved'), await reach(world, world.a, 'approved')];
    const batch = await fetch(`${world.base}/v1/applications/batch-print`, { method: 'POST', headers: { authorization: `Bearer ${world.a.token}`, accept: 'application/pdf', 'content-type': 'application/json' }, body: JSON.stringify({ ids }) });
    expect(batch.headers.get('content-type')).toBe('application/pdf');
    const batchPages = await pdfPageTexts(new Uint8Array(await batch.arrayBuffer()));
    expect(batchPages).toHaveLength(2);
    for (const [i, each] of ids.entries()) expect(batchPages[i]).toContain((await world.a.call('GET', `/v1/applications/${each}`)).body.licenceNo);
    const json = await world.a.call('POST', '/v1/applications/batch-print', { headers: { accept: 'application/pdf' }, body: { ids: [await reach(world, world.a, 'approved'), 'app_missing'] } });
    expect(json.headers.get('content-type')).toContain('application/json');
    expect([json.body.succeeded, json.body.failed]).toEqual([1, 1]);
  }, 120_000);

  it('point 6: fills 总值折美元 from the rate table, pre-fills 有效截止日期, and sets 申请日期 on declaration', async () => {
    const saved = await world.a.call('POST', '/v1/applications', { body: usedVehicles(1) });
    const application = saved.body.record.application;
    // 9000 CNY at core's sandbox rate 0.14.
    expect(application.specs[0].totalValueUsd).toBe('1260.00');
    // The application date is not set yet: the default counts from today (2026-11-29), capped at the year's end.
    expect(application.validUntil).toBe('2026-12-31');
    const id = saved.body.record.id as string;
    await upload(world.a, id, 'CONTRACT');
    await upload(world.a, id, 'VEHICLE_DOC', '&row=0');
    const declared = await declare(world.a, id);
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body.application.other.appliedOn).toBe('2026-11-29');
  }, 60_000);

  it('point 8: records a licence issued directly at MOFCOM, whose write-off data is then queried like the others', async () => {
    const admin = world.served.sandbox.adminToken;
    const licence = { enterprise: '3501M000100Y4', licenceNo: '26-BJ-123456', approvedAt: '2026-10-08', application: { ...validApplication({ oneBatchOneLicence: false }), specs: [{ unitPrice: '10', quantity: '40' }] } };
    const recorded = await call(world.base, 'POST', '/v1/admin/licences', { token: admin, body: licence });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.status).toBe('approved');
    expect(recorded.body.licenceNo).toBe('26-BJ-123456');
    expect((await call(world.base, 'POST', '/v1/admin/licences', { token: admin, body: licence })).body.code).toBe('licenceNoTaken');
    expect((await world.a.call('POST', '/v1/admin/licences', { body: licence })).status).toBe(401);
    const use = await world.served.sandbox.useLicence('26-BJ-123456', { declarationNo: '020120261000000001', port: '0200', date: '2026-11-20', quantity: '15' });
    expect(use.quantityLeft).toBe('25');
    const writeOffs = await world.a.call('GET', '/v1/write-offs?licenceNo=26-BJ-123456');
    expect(writeOffs.body.items.map((item: Doc) => item.quantityUsed)).toEqual(['15']);
    expect((await world.a.call('GET', '/v1/licences/26-BJ-123456/customs-status')).body.status).toBe('partiallyUsed');
    // Another enterprise does not see it.
    expect((await world.b.call('GET', '/v1/licences/26-BJ-123456/customs-status')).status).toBe(404);
  });
});

describe('issue 19: rates, history and foreign exporters', () => {
  it('point 6: the rate table is a sandbox option', async () => {
    const usdRates = createUsdRateTable({ source: 'test rates', rates: { CNY: [{ from: '2026-01', usdPerUnit: '0.15' }] } });
    const world = await startWorld({ catalog, usdRates });
    try {
      const saved = await world.a.call('POST', '/v1/applications', { body: usedVehicles(1) });
      expect(saved.body.record.application.specs[0].totalValueUsd).toBe('1350.00');
    } finally {
      await world.close();
    }
  }, 60_000);

  it('point 4: history (an earlier year) is read-only, 409 readOnly on every write, and copying it works', async () => {
    // Late in 2025, then early in 2026 (within the operators' tokens' week).
    let now = new Date('2025-12-30T10:00:00Z');
    const world = await startWorld({ now: () => now });
    try {
      const draft = await draftWithAttachment(world.a, { year: 2025, validUntil: '2025-12-31' });
      const declared = await draftWithAttachment(world.a, { year: 2025, validUntil: '2025-12-31' });
      expect((await declare(world.a, declared.id)).status).toBe(200);
      now = new Date('2026-01-02T10:00:00Z');
      const id = draft.id;
      const attachmentId = ((await world.a.call('GET', `/v1/applications/${id}`)).body.application.attachments as Doc[])[0]!.id as string;
      const ifMatch = { 'if-match': `"${draft.version}"` };
      const writes = [
        await world.a.call('PUT', `/v1/applications/${id}`, { body: validApplication({ year: 2025 }), headers: ifMatch }),
        await world.a.call('DELETE', `/v1/applications/${id}`),
        await declare(world.a, id),
        await upload(world.a, id, 'OTHER'),
        await world.a.call('PUT', `/v1/applications/${id}/attachments/types/CONTRACT?fileName=c.pdf`, { raw: new Uint8Array([1]), headers: PDF }),
        await world.a.call('DELETE', `/v1/applications/${id}/attachments/${attachmentId}`),
        await world.a.call('PUT', `/v1/applications/${id}/contract-details`, { body: {}, headers: ifMatch }),
        await world.a.call('POST', `/v1/applications/${declared.id}/withdraw`, { body: {} }),
        await world.a.call('POST', `/v1/applications/${declared.id}/print`, { body: {} }),
      ];
      expect(writes.map((answer) => `${answer.status} ${String(answer.body?.code)}`)).toEqual(writes.map(() => '409 readOnly'));
      const batch = await world.a.call('POST', '/v1/applications/batch-delete', { body: { ids: [id] } });
      expect(batch.body.items[0].problem.code).toBe('readOnly');
      expect((await world.a.call('GET', `/v1/applications/${id}`)).body.version).toBe(draft.version);
      const copied = await world.a.call('POST', `/v1/history/${id}/copy`, { body: { count: 1 } });
      expect(copied.status).toBe(201);
      expect(copied.body.items[0].application.year).toBe(2026);
      expect((await world.a.call('POST', `/v1/applications/${copied.body.items[0].id}/copy`, { body: { count: 1 } })).status).toBe(201);
    } finally {
      await world.close();
    }
  }, 120_000);

  it('point 2: an application whose exporter is another enterprise (saved by an older sandbox) cannot be declared: 403 exporterMismatch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-exporter-'));
    const file = `file:${join(dir, 'sandbox.db')}`;
    const world = await startWorld({ db: file });
    try {
      const { id } = await draftWithAttachment(world.a);
      // Rewrite the stored exporter as a sandbox that did not fill it would have kept it.
      const db = createDb({ url: file });
      const row = await db.execute({ sql: 'SELECT doc FROM applications WHERE id = ?', args: [id] });
      const doc = JSON.parse(String(row.rows[0]!.doc)) as Doc;
      doc.exporter = { code: '1100776367555', uscc: '289999997763675559', name: 'B' };
      await db.execute({ sql: 'UPDATE applications SET doc = ? WHERE id = ?', args: [JSON.stringify(doc), id] });
      db.close();
      const refused = await declare(world.a, id);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('exporterMismatch');
      expect((await world.a.call('GET', `/v1/applications/${id}`)).body.status).toBe('draft');
    } finally {
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
