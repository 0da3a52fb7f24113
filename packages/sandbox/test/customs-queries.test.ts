// Customs uses and write-offs, statistics, attachments, contract details, history, code tables, paging and auto-review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, getBundledCatalog } from '@exlic/core';
import { isSandboxError } from '../src/index';
import { declare, draftWithAttachment, reach, startWorld, validApplication, type World } from './helpers';

let world: World;
beforeAll(async () => {
  // The catalog marks the sample's commodity as usable for non-one-batch-one-licence licences (rules.md 23), so a 12-use licence can be declared.
  const bundled = getBundledCatalog();
  const sample = bundled.entries.find((entry) => entry.hsCode === '2825903100')!;
  const catalog = createCatalog([...bundled.entries.filter((entry) => entry.hsCode !== '2825903100'), { ...sample, year: 2026, nonOneBatchOneLicence: true }], { source: 'test catalog' });
  world = await startWorld({ catalog });
}, 60_000);
afterAll(() => world.close());

async function approvedLicence(overrides: Parameters<typeof validApplication>[0] = {}): Promise<string> {
  const { id } = await draftWithAttachment(world.a, overrides);
  expect((await declare(world.a, id)).status).toBe(200);
  await world.served.sandbox.review(id, 'firstReviewPassed');
  return (await world.served.sandbox.review(id, 'secondReviewPassed')).licenceNo!;
}

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (isSandboxError(error) ? error.code : String(error)));

describe('useLicence and write-offs', () => {
  it('uses a one-batch-one-licence licence once', async () => {
    const licence = await approvedLicence();
    const use = await world.served.sandbox.useLicence(licence, { declarationNo: '220120261000000001', port: '0200', date: '2026-12-01', quantity: '40' });
    expect(use).toMatchObject({ quantityUsed: '40', quantityLeft: '60' });
    expect(await refusal(world.served.sandbox.useLicence(licence, { declarationNo: '2', port: '0200', date: '2026-12-02', quantity: '1' }))).toBe('licenceUsedUp');
    const status = await world.a.call('GET', `/v1/licences/${licence}/customs-status`);
    expect(status.body).toMatchObject({ status: 'usedUp', uses: 1, maxUses: 1, quantityLicensed: '100', quantityUsed: '40', quantityLeft: '60', oneBatchOneLicence: true });
  });

  it('uses another licence at most 12 times, never over its quantity, never past validUntil', async () => {
    const licence = await approvedLicence({ oneBatchOneLicence: false });
    expect(await refusal(world.served.sandbox.useLicence(licence, { declarationNo: 'x', port: '0200', date: '2027-01-01', quantity: '1' }))).toBe('licenceExpired');
    expect(await refusal(world.served.sandbox.useLicence(licence, { declarationNo: 'x', port: '0200', date: '2026-12-01', quantity: '100.5' }))).toBe('licenceQuantityExceeded');
    expect(await refusal(world.served.sandbox.useLicence(licence, { declarationNo: 'x', port: '0200', date: '2026-12-01', quantity: '-1' }))).toBe('invalidRequest');
    for (let i = 1; i <= 12; i += 1) {
      await world.served.sandbox.useLicence(licence, { declarationNo: `D${i}`, port: '0200', date: '2026-12-01', quantity: '0.5' });
    }
    expect(await refusal(world.served.sandbox.useLicence(licence, { declarationNo: 'D13', port: '0200', date: '2026-12-01', quantity: '0.5' }))).toBe('licenceUsedUp');
    const first = await world.a.call('GET', `/v1/write-offs?licenceNo=${licence}&limit=5`);
    expect(first.body.items).toHaveLength(5);
    expect(first.body.items[4]).toMatchObject({ declarationNo: 'D5', quantityUsed: '0.5', quantityLeft: '97.5' });
    const rest = await world.a.call('GET', `/v1/write-offs?licenceNo=${licence}&limit=100&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((item: { declarationNo: string }) => item.declarationNo)).toEqual(['D6', 'D7', 'D8', 'D9', 'D10', 'D11', 'D12']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await world.a.call('GET', `/v1/licences/${licence}/customs-status`)).body).toMatchObject({ status: 'usedUp', uses: 12, maxUses: 12, quantityLeft: '94' });
  });

  it('refuses a use of a licence that is not issued, and records uses through the admin route', async () => {
    const { id } = await draftWithAttachment(world.a);
    await declare(world.a, id);
    expect(await refusal(world.served.sandbox.useLicence('26-QL-999999', { declarationNo: 'x', port: '0200', date: '2026-12-01', quantity: '1' }))).toBe('notFound');
    const licence = await approvedLicence();
    const admin = await fetch(`${world.base}/v1/admin/licences/${licence}/uses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.served.sandbox.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ declarationNo: 'ADM-1', port: '0200', date: '2026-12-01', quantity: 3 }),
    });
    expect(admin.status).toBe(201);
    expect(await admin.json()).toMatchObject({ quantityUsed: '3', quantityLeft: '97' });
  });
});

describe('statistics', () => {
  it('counts licences and sums amounts per currency by year, month and country, for the own enterprise', async () => {
    const stats = async (groupBy: string) => (await world.b.call('GET', `/v1/statistics?groupBy=${groupBy}`)).body.rows;
    expect(await stats('country')).toEqual([]);
    for (const [country, price] of [['JPN', '10.10'], ['JPN', '0.2'], ['KOR', '3']] as const) {
      const { id } = await draftWithAttachment(world.b, { importingCountry: country, amount: price });
      await declare(world.b, id);
      await world.served.sandbox.review(id, 'firstReviewPassed');
      await world.served.sandbox.review(id, 'secondReviewPassed');
    }
    expect(await stats('country')).toEqual([
      { key: 'JPN', count: 2, amounts: [{ currency: 'USD', amount: '1030' }] },
      { key: 'KOR', count: 1, amounts: [{ currency: 'USD', amount: '300' }] },
    ]);
    expect(await stats('year')).toEqual([{ key: '2026', count: 3, amounts: [{ currency: 'USD', amount: '1330' }] }]);
    expect(await stats('month')).toEqual([{ key: '2026-11', count: 3, amounts: [{ currency: 'USD', amount: '1330' }] }]);
    expect((await world.b.call('GET', '/v1/statistics?groupBy=week', { offContract: true })).status).toBe(400);
  });
});

describe('attachments and contract details', () => {
  it('uploads by type, refuses a second of a type, replaces, downloads byte for byte, deletes', async () => {
    const { a } = world;
    const { id } = (await a.call('POST', '/v1/applications', { body: validApplication() })).body.record;
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    const up = await a.call('POST', `/v1/applications/${id}/attachments?type=CONTRACT&fileName=合同.pdf`, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ type: 'CONTRACT', fileName: '合同.pdf', size: 6, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const again = await a.call('POST', `/v1/applications/${id}/attachments?type=CONTRACT&fileName=b.pdf`, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(again.body.code).toBe('attachmentTypeTaken');
    expect((await a.call('POST', `/v1/applications/${id}/attachments?type=NOT_A_TYPE&fileName=b.pdf`, { raw: bytes })).body.code).toBe('invalidRequest');
    const replaced = await a.call('PUT', `/v1/applications/${id}/attachments/types/CONTRACT?fileName=v2.pdf`, { raw: new Uint8Array([9, 9]), headers: { 'content-type': 'application/octet-stream' } });
    expect(replaced.status).toBe(200);
    const list = await a.call('GET', `/v1/applications/${id}/attachments`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: replaced.body.id, fileName: 'v2.pdf', size: 2 });
    const download = await fetch(`${world.base}/v1/applications/${id}/attachments/${replaced.body.id}`, { headers: { authorization: `Bearer ${a.token}` } });
    expect([...new Uint8Array(await download.arrayBuffer())]).toEqual([9, 9]);
    expect((await a.call('GET', `/v1/applications/${id}`)).body.application.attachments).toHaveLength(1);
    expect((await a.call('DELETE', `/v1/applications/${id}/attachments/${replaced.body.id}`)).status).toBe(204);
    expect((await a.call('GET', `/v1/applications/${id}/attachments`)).body.items).toEqual([]);
  });

  it('fills contract details with If-Match, in editable statuses only', async () => {
    const { a } = world;
    const { id, version } = (await a.call('POST', '/v1/applications', { body: validApplication() })).body.record;
    const details = { applicantEnterprise: { name: '示例', registeredCapital: '500.5' }, other: { departureOn: '2026-12-10' } };
    const put = await a.call('PUT', `/v1/applications/${id}/contract-details`, { body: details, headers: { 'if-match': `"${version}"` } });
    expect(put.status).toBe(200);
    expect((await a.call('GET', `/v1/applications/${id}/contract-details`)).body).toEqual(details);
    expect((await a.call('PUT', `/v1/applications/${id}/contract-details`, { body: { bogus: 1 }, headers: { 'if-match': '"2"' }, offContract: true })).status).toBe(400);
    const approved = await reach(world, a, 'approved');
    const refused = await a.call('PUT', `/v1/applications/${approved}/contract-details`, { body: details, headers: { 'if-match': '"1"' } });
    expect(refused.body).toMatchObject({ code: 'operationNotAllowed', applicationStatus: 'approved' });
  });
});

describe('queries', () => {
  it('pages newest first with an opaque cursor and filters by status, number, country, year and dates', async () => {
    const { a2 } = world;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await a2.call('POST', '/v1/applications', { body: validApplication({ importingCountry: i % 2 === 0 ? 'USA' : 'DEU' }) })).body.record.id);
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await a2.call('GET', `/v1/applications?limit=2${cursor === '' ? '' : `&cursor=${cursor}`}`);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      if (page.body.nextCursor === null) break;
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    expect((await a2.call('GET', '/v1/applications?importingCountry=DEU')).body.items).toHaveLength(2);
    expect((await a2.call('GET', `/v1/applications?${new URLSearchParams({ status: 'draft,approved' }).toString()}`)).body.items).toHaveLength(5);
    expect((await a2.call('GET', '/v1/applications?status=approved')).body.items).toHaveLength(0);
    expect((await a2.call('GET', '/v1/applications?year=2026&createdFrom=2026-11-29&createdTo=2026-11-29')).body.items).toHaveLength(5);
    expect((await a2.call('GET', '/v1/applications?createdFrom=2026-11-30')).body.items).toHaveLength(0);
    expect((await a2.call('GET', '/v1/applications?cursor=bm90LWEtY3Vyc29y')).body.code).toBe('invalidRequest');
    expect((await a2.call('GET', '/v1/applications?limit=1000', { offContract: true })).status).toBe(400);
  });

  it('lists history data (earlier years) and copies from it into drafts of this year', async () => {
    const { b } = world;
    const old = (await b.call('POST', '/v1/applications', { body: validApplication({ year: 2024 }) })).body.record;
    const history = await b.call('GET', '/v1/history');
    expect(history.body.items.map((item: { id: string }) => item.id)).toEqual([old.id]);
    const copied = await b.call('POST', `/v1/history/${old.id}/copy`, { body: { count: 1 } });
    expect(copied.status).toBe(201);
    expect(copied.body.items[0]).toMatchObject({ status: 'draft', application: { year: 2026 } });
    const current = (await b.call('POST', '/v1/applications', { body: validApplication() })).body.record;
    expect((await b.call('POST', `/v1/history/${current.id}/copy`, { body: {} })).status).toBe(404);
  });

  it('serves the code tables and the catalog by year', async () => {
    const names = await world.a.call('GET', '/v1/code-tables');
    expect(names.body.names).toContain('attachmentTypes');
    const table = await world.a.call('GET', '/v1/code-tables/tradeModes');
    expect(table.body.entries.find((entry: { code: string }) => entry.code === '0110').name).toBe('一般贸易');
    expect(table.headers.get('etag')).toBeTruthy();
    expect((await world.a.call('GET', '/v1/code-tables/nope')).status).toBe(404);
    const catalog = await world.a.call('GET', '/v1/catalog/2023');
    expect(catalog.body.entries.map((entry: { hsCode: string }) => entry.hsCode)).toContain('2825903100');
    expect((await world.a.call('GET', '/v1/catalog/1999')).status).toBe(404);
  });
});

describe('auto-review by the data', () => {
  it.each([
    ['EX-1', 'approved', 'granted'],
    ['RETURN1-1', 'firstReviewReturned', null],
    ['RETURN2-1', 'secondReviewReturned', null],
    ['HOLD-1', 'pendingFirstReview', 'pendingWithdrawal'],
    ['WD-GRANT-1', 'pendingFirstReview', 'withdrawn'],
    ['REFUSE-WD-1', 'pendingFirstReview', 'pendingFirstReview'],
  ] as const)('contract %s: declare → %s, withdraw → %s', async (contractNo, afterDeclare, afterWithdraw) => {
    const auto = await startWorld({ autoReview: true });
    try {
      const { id } = await draftWithAttachment(auto.a, { contractNo });
      expect((await declare(auto.a, id)).status).toBe(200);
      const record = (await auto.a.call('GET', `/v1/applications/${id}`)).body;
      expect(record.status).toBe(afterDeclare);
      if (afterDeclare === 'approved') expect(record.licenceNo).toMatch(/^26-QL-\d{6}$/);
      if (afterDeclare.endsWith('Returned')) expect((await auto.a.call('GET', `/v1/applications/${id}/opinions`)).body.items.at(-1).decision).toBe('returned');
      if (afterWithdraw !== null && afterWithdraw !== 'granted') {
        expect((await auto.a.call('POST', `/v1/applications/${id}/withdraw`, { body: {} })).status).toBe(200);
        expect((await auto.a.call('GET', `/v1/applications/${id}`)).body.status).toBe(afterWithdraw);
      }
    } finally {
      await auto.close();
    }
  }, 30_000);
});
