// exlic applications | statistics | events against a sandbox on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

const ENTERPRISE = { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' };
const APPLICATION = {
  schemaVersion: 1, year: 2026, customsPort: '0200', exporter: ENTERPRISE, consignor: ENTERPRISE, tradeMode: '0110', importingCountry: 'JPN', transportMode: '2',
  validUntil: '2026-12-31', paymentMethod: 'TT', importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
  contract: { no: 'EX-CLI-1', signedOn: '2026-08-15', validUntil: '2026-12-31', currency: 'USD' }, goods: { priceCurrency: 'USD', hsCode: '2825903100' },
  specs: [{ unitPrice: '1250.50', quantity: '100' }],
  other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: '2026-09-01', applicantName: '张三', applicantContact: '010-00000000' }, pledge: true,
};

let served: ServedSandbox;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'exlic-cli-client-'));

beforeAll(async () => {
  served = await serveSandbox({ seed: 'demo', autoReview: true, now: () => new Date('2026-11-29T10:00:00Z') });
  const token = (await served.sandbox.seeded()).find((entry) => entry.enterprise.code === ENTERPRISE.code)!.token;
  env = { EXLIC_SERVER: served.url, EXLIC_TOKEN: token };
  writeFileSync(join(dir, 'application.json'), JSON.stringify(APPLICATION));
});
afterAll(async () => {
  await served.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exlic(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env, cwd: dir };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('exlic applications, statistics, events', () => {
  it('saves, declares with a virtual e-key, gets, lists, and reads statistics and events', { timeout: 60_000 }, async () => {
    const saved = await exlic('applications', 'save', 'application.json', '--format', 'json');
    expect(saved.code).toBe(0);
    const id = (JSON.parse(saved.stdout) as { id: string }).id;
    const token = env.EXLIC_TOKEN!;
    const upload = await fetch(`${served.url}/v1/applications/${id}/attachments?type=CONTRACT&fileName=c.pdf`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
    expect(upload.status).toBe(201);
    const declared = await exlic('applications', 'declare', id, '--signer', 'virtual', '--format', 'json');
    expect(declared.stderr).toBe('');
    expect((JSON.parse(declared.stdout) as { mofcomApplicationNo?: string }).mofcomApplicationNo).toBeTruthy();
    const got = await exlic('applications', 'get', id);
    expect(got.stdout).toMatch(new RegExp(`^id\\s+${id}\\n(.*\\n)*status\\s+approved\\n`));
    const listed = await exlic('applications', 'list', '--status', 'approved', '--all', '--format', 'json');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((record) => record.id)).toContain(id);
    const statistics = await exlic('statistics', '--by', 'country', '--year', '2026');
    expect(statistics.stdout).toMatch(/JPN\s+1\s+USD 125050(\.00?)?/);
    const events = await exlic('events', '--format', 'json');
    expect((JSON.parse(events.stdout) as { items: { applicationId: string; to: string }[] }).items.filter((item) => item.applicationId === id).map((item) => item.to)).toEqual(['pendingFirstReview', 'pendingSecondReview', 'approved']);
    const withdrawn = await exlic('applications', 'withdraw', id);
    expect(withdrawn.code).toBe(1);
    expect(withdrawn.stderr).toMatch(/^exlic applications: the server refused \(409 operationNotAllowed\): /);
  });

  it('refuses a missing server or token, a bad format and an unknown verb', async () => {
    const saved = env;
    env = {};
    expect((await exlic('applications', 'list')).stderr).toMatch(/no server/);
    env = saved;
    expect((await exlic('applications', 'list', '--format', 'xml')).code).toBe(2);
    expect((await exlic('applications', 'frobnicate')).stderr).toMatch(/unknown applications verb/);
    expect((await exlic('applications', 'declare', 'x', '--signer', 'nope')).stderr).toMatch(/--signer must be/);
  });
});
