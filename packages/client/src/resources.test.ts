import { sandboxHandlers } from '@exlic/sandbox/msw';
import { createSandbox, type Sandbox } from '@exlic/sandbox';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTERPRISE, createTestKey, validApplication } from '../test/helpers';
import { createClient, isConflictError, isNotFoundError, isStatusNotAllowedError, isValidationError, type Client, type SignerLike } from './index';

const BASE = 'http://exlic-sandbox.test/api';

describe('every client method through msw and @exlic/sandbox/msw', () => {
  let sandbox: Sandbox;
  let client: Client;
  let key: SignerLike;
  const paths: string[] = [];
  const server = setupServer();

  beforeAll(async () => {
    sandbox = createSandbox({ enterprises: [{ ...ENTERPRISE, operators: [{ id: 'a-op' }] }], autoReview: true, now: () => new Date('2026-11-29T10:00:00Z') });
    server.use(...sandboxHandlers(sandbox, BASE));
    server.listen({ onUnhandledRequest: 'error' });
    const token = await sandbox.issueToken({ enterprise: ENTERPRISE.code, operator: 'a-op' });
    client = createClient({ baseUrl: BASE, token, hooks: { afterResponse: (info) => paths.push(`${info.method} ${info.path}`) } });
    key = createTestKey();
    const binding = await client.ekey.bind({ signer: key });
    expect(binding.certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
  afterAll(async () => {
    server.close();
    await sandbox.close();
  });

  async function ready(contractNo: string): Promise<string> {
    const { record, violations } = await client.applications.save(validApplication({ contractNo }));
    expect(violations.filter((violation) => violation.severity === 'error')).toEqual([]);
    await client.attachments.upload(record.id, { type: 'CONTRACT', file: new Blob([`contract ${contractNo}`]), fileName: 'contract.pdf' });
    return record.id;
  }

  it('me answers the operator, enterprise and bound key', async () => {
    const me = await client.me();
    expect(me.enterprise.code).toBe(ENTERPRISE.code);
    expect(me.ekey?.certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('saves, reads, replaces with the version, copies and deletes a draft', async () => {
    const { record } = await client.applications.save(validApplication({ contractNo: 'EX-CRUD-1' }));
    expect((await client.applications.get(record.id)).application.contract?.no).toBe('EX-CRUD-1');
    const replaced = await client.applications.save(validApplication({ contractNo: 'EX-CRUD-2' }), { id: record.id, version: record.version });
    expect(replaced.record.version).toBe(record.version + 1);
    await expect(client.applications.save(validApplication(), { id: record.id, version: record.version })).rejects.toSatisfy(isConflictError);
    const copies = await client.applications.copy(record.id, 3);
    expect(copies.map((copy) => copy.status)).toEqual(['draft', 'draft', 'draft']);
    await client.applications.delete(copies[0]!.id);
    await expect(client.applications.get(copies[0]!.id)).rejects.toSatisfy(isNotFoundError);
    const batch = await client.applications.deleteMany([copies[1]!.id, 'app_missing', copies[2]!.id]);
    expect(batch.items.map((item) => [item.id, item.ok])).toEqual([
      [copies[1]!.id, true],
      ['app_missing', false],
      [copies[2]!.id, true],
    ]);
    expect(batch.succeeded).toBe(2);
    const failed = batch.items[1]!;
    expect(!failed.ok && isNotFoundError(failed.error)).toBe(true);
  });

  it('uploads with size and SHA-256, lists, downloads and deletes attachments', async () => {
    const { record } = await client.applications.save(validApplication({ contractNo: 'EX-ATT-1' }));
    const content = new TextEncoder().encode('%PDF-1.7 the contract');
    const uploaded = await client.attachments.upload(record.id, { type: 'CONTRACT', file: content, fileName: 'c.pdf' });
    expect(uploaded.size).toBe(content.length);
    expect(uploaded.sha256).toBe('a'.repeat(0) + Buffer.from(await crypto.subtle.digest('SHA-256', content)).toString('hex'));
    expect((await client.attachments.list(record.id)).map((item) => item.id)).toEqual([uploaded.id]);
    expect(await client.attachments.download(record.id, uploaded.id!)).toEqual(content);
    await client.attachments.delete(record.id, uploaded.id!);
    expect(await client.attachments.list(record.id)).toEqual([]);
  });

  it('reads and saves contract details under the version', async () => {
    const { record } = await client.applications.save(validApplication({ contractNo: 'EX-CD-1' }));
    const saved = await client.contractDetails.save(record.id, { applicantEnterprise: { name: ENTERPRISE.name } }, { version: record.version });
    expect(saved.version).toBe(record.version + 1);
    expect((await client.contractDetails.get(record.id)).applicantEnterprise?.name).toBe(ENTERPRISE.name);
  });

  it('declares, then reads history, prints, and answers customs status, write-offs and statistics', async () => {
    const id = await ready('EX-DECL-1');
    const declared = await client.applications.declare(id, { signer: key });
    expect(declared.mofcomApplicationNo).toBeTruthy();
    const approved = await client.applications.get(id);
    expect(approved.status).toBe('approved');
    expect((await client.applications.history(id)).map((change) => change.event)).toContain('declared');
    const printed = await client.applications.print(id, { as: 'record' });
    expect(printed.status).toBe('printed');
    const licenceNo = approved.licenceNo!;
    expect((await client.customs.status(licenceNo)).status).toBe('unused');
    await sandbox.useLicence(licenceNo, { declarationNo: '220120261000000001', port: '0200', date: '2026-11-29', quantity: '40' });
    const writeOffs = await client.writeOffs.list({ licenceNo });
    expect(writeOffs.items.map((item) => item.quantityUsed)).toEqual(['40']);
    const statistics = await client.statistics({ by: 'country', year: 2026 });
    expect(statistics.rows.find((row) => row.key === 'JPN')?.count).toBeGreaterThanOrEqual(1);
    await expect(client.applications.declare(id, { signer: key })).rejects.toSatisfy(isStatusNotAllowedError);
  });

  it('withdraws and reads opinions of returned applications', async () => {
    const toWithdraw = await ready('WD-GRANT-1');
    await client.applications.declare(toWithdraw, { signer: key });
    expect((await client.applications.withdraw(toWithdraw, { reason: 'order cancelled' })).status).toMatch(/withdrawn|pendingWithdrawal/);
    const returned = await ready('RETURN1-1');
    await client.applications.declare(returned, { signer: key });
    const opinions = await client.applications.opinions(returned);
    expect(opinions[0]?.decision).toBe('returned');
  });

  it('refuses to declare an incomplete application with its violations', async () => {
    const { record } = await client.applications.save({ ...validApplication({ contractNo: 'EX-BAD-1' }), customsPort: undefined });
    await client.attachments.upload(record.id, { type: 'CONTRACT', file: new Uint8Array([1, 2, 3]) });
    const error = await client.applications.declare(record.id, { signer: key }).catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.violations.map((violation) => violation.path.join('.'))).toContain('customsPort');
  });

  it('declares many, answering per item, and prints many', async () => {
    const ids = [await ready('EX-MANY-1'), await ready('EX-MANY-2')];
    const { record: bare } = await client.applications.save(validApplication({ contractNo: 'EX-MANY-3' }));
    const result = await client.applications.declareMany([ids[0]!, bare.id, 'app_missing', ids[1]!], { signer: key });
    expect(result.items.map((item) => item.ok)).toEqual([true, false, false, true]);
    expect(result).toMatchObject({ succeeded: 2, failed: 2 });
    const bareItem = result.items[1]!;
    expect(!bareItem.ok && isValidationError(bareItem.error)).toBe(true);
    const printed = await client.applications.printMany([...ids, bare.id]);
    expect(printed.items.map((item) => item.ok)).toEqual([true, true, false]);
    const refused = printed.items[2]!;
    expect(!refused.ok && isStatusNotAllowedError(refused.error) && refused.error.applicationStatus).toBe('draft');
  });

  it('pages lists: the first page as a promise, every item by iteration, and stops fetching on break', async () => {
    for (let i = 0; i < 5; i += 1) await client.applications.save(validApplication({ contractNo: `EX-PAGE-${i}` }));
    const total = await client.applications.count();
    const first = await client.applications.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const all: string[] = [];
    for await (const record of client.applications.list({ limit: 2 })) all.push(record.id);
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    paths.length = 0;
    let seen = 0;
    for await (const record of client.applications.list({ limit: 2 })) {
      expect(record.id).toBe(all[seen]);
      seen += 1;
      if (seen === 3) break;
    }
    expect(paths.filter((path) => path.startsWith('GET /v1/applications?'))).toHaveLength(2);
  });

  it('reads the event feed from a cursor and as an iterable', async () => {
    const page = await client.events.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    const rest: string[] = [];
    for await (const receipt of client.events.list({ after: page.nextCursor!, limit: 3 })) rest.push(receipt.id);
    const every: string[] = [];
    for await (const receipt of client.events.list({ limit: 100 })) every.push(receipt.id);
    expect([page.items[0]!.id, ...rest]).toEqual(every);
  });

  it('creates, lists and deletes subscriptions', async () => {
    const created = await client.subscriptions.create({ mode: 'enterprise', url: 'http://127.0.0.1:9/receipts' });
    expect(created.secret).toMatch(/^whsec_/);
    expect((await client.subscriptions.list()).map((item) => item.id)).toContain(created.id);
    await client.subscriptions.delete(created.id);
    expect((await client.subscriptions.list()).map((item) => item.id)).not.toContain(created.id);
  });

  it('serves code tables and the catalog, searchable with core', async () => {
    const names = await client.tables.list();
    expect(names).toContain('countries');
    const countries = await client.tables.get('countries');
    expect(countries.search('JPN')[0]?.code).toBe('JPN');
    const catalog = await client.tables.catalog(2023);
    const entry = catalog.entries[0]!;
    expect(catalog.find(entry.hsCode, 2023)).toEqual(entry);
    expect(catalog.search(entry.hsCode).map((hit) => hit.hsCode)).toContain(entry.hsCode);
  });
});
