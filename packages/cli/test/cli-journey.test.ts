// The CLI alone takes examples/applications/steel-valid.json to an approved licence in a sandbox it started itself:
// exlic sandbox, ekey bind, applications save, attachments upload (each type the file lists), declare (the sandbox's
// automatic review decides by the data), get, opinions, status-changes, customs status, events, print.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSelfSignedSm2Certificate, encodeSm2PrivateKeyPem, generateSm2KeyPair } from '@exlic/signer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runSandbox } from '../src/commands/sandbox';
import type { CliIo } from '../src/io';
import { main } from '../src/main';
import { pdfPageTexts } from '../../../test-support/pdf-text';

const SAMPLE = fileURLToPath(new URL('../../../examples/applications/steel-valid.json', import.meta.url));
const ENTERPRISE = '3501M000100Y4'; // the sample's exporter, one of the sandbox's demo enterprises

const dir = mkdtempSync(join(tmpdir(), 'exlic-cli-journey-'));
const stop = new AbortController();
let sandboxRun: Promise<number>;
let env: Record<string, string>;
let adminToken: string;

function memoryIo(environment: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string | Uint8Array) => out.push(typeof t === 'string' ? t : Buffer.from(t).toString('utf8')) }, stderr: { write: (t: string | Uint8Array) => err.push(String(t)) }, stdin: (async function* () {})(), env: environment, cwd: dir };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function exlic(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = memoryIo(env);
  const code = await main(args, run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

beforeAll(async () => {
  // The sample is dated 2026 (applied 2026-09-01, valid until 2026-12-31): the clock is set inside its validity so
  // the declare-phase date rules pass on any day this test runs. Only Date is faked; timers stay real.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-29T10:00:00Z'), shouldAdvanceTime: true });
  const started = memoryIo({});
  sandboxRun = runSandbox(['--port', '0'], started.io, stop.signal);
  await vi.waitFor(() => expect(started.stdout()).toMatch(/admin token/), { timeout: 20_000, interval: 50 });
  const url = /^(http:\/\/\S+)\n/.exec(started.stdout())![1]!;
  const token = new RegExp(`enterprise ${ENTERPRISE} .* token (\\S+)`).exec(started.stdout())![1]!;
  env = { EXLIC_SERVER: url, EXLIC_TOKEN: token };
  adminToken = /^admin token (\S+)$/m.exec(started.stdout())![1]!;
  env.EXLIC_ADMIN_TOKEN = adminToken;
  const { privateKey } = generateSm2KeyPair();
  writeFileSync(join(dir, 'key.pem'), encodeSm2PrivateKeyPem(privateKey));
  writeFileSync(join(dir, 'cert.pem'), createSelfSignedSm2Certificate({ privateKey, subject: { commonName: '测试操作员', organization: '示例出口有限公司' } }));
});

afterAll(async () => {
  stop.abort();
  await sandboxRun;
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI alone, from a JSON file to an approved licence', () => {
  it('binds, saves, uploads, declares, is approved, and shows opinions, changes, customs and receipts', { timeout: 90_000 }, async () => {
    const signer = 'pem:key.pem,cert.pem';
    const bound = await exlic('ekey', 'bind', '--signer', signer, '--format', 'json');
    expect(bound.stderr).toBe('');
    expect((JSON.parse(bound.stdout) as { certificateFingerprint: string }).certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);

    const saved = await exlic('applications', 'save', SAMPLE, '--format', 'json');
    expect(saved.code, saved.stderr).toBe(0);
    const id = (JSON.parse(saved.stdout) as { id: string; status: string }).id;

    // Declaring before the attachments: one line saying what is missing and which command adds it.
    const early = await exlic('applications', 'declare', id, '--signer', signer);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^exlic applications: the server refused \(422 attachmentRequired\): .*exlic attachments upload ID --type TYPE FILE/);
    expect(early.stderr.trim().split('\n')).toHaveLength(1);

    // Each attachment type the sample lists, uploaded from a file whose name becomes the attachment's name.
    const types = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as { attachments: { type: string }[] }).attachments.map((attachment) => attachment.type);
    expect(types.length).toBeGreaterThan(0);
    for (const [index, type] of types.entries()) {
      const file = `${type.toLowerCase()}-${index}.pdf`;
      writeFileSync(join(dir, file), `%PDF-1.4 ${type} scan ${index}\n`);
      const uploaded = await exlic('attachments', 'upload', id, '--type', type, file, '--format', 'json');
      expect(uploaded.code, uploaded.stderr).toBe(0);
      expect(JSON.parse(uploaded.stdout)).toMatchObject({ type, fileName: file, size: readFileSync(join(dir, file)).length });
    }
    const listed = await exlic('attachments', 'list', id, '--format', 'json');
    expect((JSON.parse(listed.stdout) as { type: string }[]).map((attachment) => attachment.type).sort()).toEqual([...types].sort());
    const first = (JSON.parse(listed.stdout) as { id: string; fileName: string }[])[0]!;
    expect((await exlic('attachments', 'download', id, first.id, '--out', 'back.pdf')).code).toBe(0);
    expect(readFileSync(join(dir, 'back.pdf'), 'utf8')).toBe(readFileSync(join(dir, first.fileName), 'utf8'));
    const piped = await exlic('attachments', 'download', id, first.id, '--out', '-');
    expect(piped.stdout).toBe(readFileSync(join(dir, first.fileName), 'utf8'));

    const declared = await exlic('applications', 'declare', id, '--signer', signer, '--format', 'json');
    expect(declared.code, declared.stderr).toBe(0);
    expect((JSON.parse(declared.stdout) as { mofcomApplicationNo: string }).mofcomApplicationNo).toMatch(/^SQ2026\d{8}$/);

    const got = await exlic('applications', 'get', id, '--format', 'json');
    const record = JSON.parse(got.stdout) as { status: string; licenceNo: string };
    expect(record.status).toBe('approved');
    expect(record.licenceNo).toMatch(/^26-QL-\d{6}$/);
    const table = await exlic('applications', 'get', id);
    expect(table.stdout).toMatch(new RegExp(`status\\s+approved\\nmofcomApplicationNo\\s+SQ2026\\d{8}\\nlicenceNo\\s+${record.licenceNo}\\n`));

    const opinions = await exlic('applications', 'opinions', id, '--format', 'json');
    expect((JSON.parse(opinions.stdout) as { stage: string; decision: string }[]).map((opinion) => `${opinion.stage}:${opinion.decision}`)).toEqual(['firstReview:passed', 'secondReview:passed']);
    const changes = await exlic('applications', 'status-changes', id);
    expect(changes.stdout).toMatch(/draft\s+pendingFirstReview[\s\S]*pendingSecondReview\s+approved/);
    const customs = await exlic('customs', 'status', record.licenceNo, '--format', 'json');
    expect(JSON.parse(customs.stdout)).toMatchObject({ licenceNo: record.licenceNo, applicationId: id, status: 'unused' });
    const events = await exlic('events', '--format', 'json');
    expect((JSON.parse(events.stdout) as { items: { applicationId: string; to: string }[] }).items.filter((item) => item.applicationId === id).map((item) => item.to)).toEqual(['pendingFirstReview', 'pendingSecondReview', 'approved']);
    // Customs uses the licence (exlic sandbox use-licence plays customs): write-offs and the customs status show it.
    const use = await exlic('sandbox', 'use-licence', record.licenceNo, '--declaration-no', '020120261000000001', '--customs-port', '0200', '--date', '2026-11-29', '--quantity', '50000', '--admin-token', adminToken);
    expect(use.code, use.stderr).toBe(0);
    const writeOffs = await exlic('write-offs', '--licence-no', record.licenceNo);
    expect(writeOffs.stdout).toMatch(new RegExp(`^seq\\s+licenceNo\\s+declarationNo[^\\n]*\\n-[- ]+\\n1\\s+${record.licenceNo}\\s+020120261000000001\\s+0200\\s+2026-11-29\\s+50000(\\.0+)?\\s+150000(\\.0+)?\\n$`));
    expect(JSON.parse((await exlic('customs', 'status', record.licenceNo, '--format', 'json')).stdout)).toMatchObject({ status: 'usedUp', uses: 1, oneBatchOneLicence: true }); // 一批一证: one use ends it
    const count = await exlic('applications', 'count', '--status', 'approved', '--hs-code', '7208271000');
    expect(Number(count.stdout)).toBeGreaterThanOrEqual(1);

    // Print: the status moves to printed and --out writes the printable application form, read back by PDF.js.
    const exporterName = (JSON.parse((await exlic('applications', 'get', id, '--format', 'json')).stdout) as { application: { exporter: { name: string } } }).application.exporter.name;
    const printed = await exlic('applications', 'print', id, '--out', 'licence.pdf');
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^wrote licence\.pdf \(\d+ bytes\)\n$/);
    const pages = await pdfPageTexts(new Uint8Array(readFileSync(join(dir, 'licence.pdf'))));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(record.licenceNo);
    expect(pages[0]).toContain(exporterName);
    expect((JSON.parse((await exlic('applications', 'get', id, '--format', 'json')).stdout) as { status: string }).status).toBe('printed');
  });

  it('copies, deletes, replaces contract details, lists with filters, and manages a subscription', { timeout: 60_000 }, async () => {
    const saved = await exlic('applications', 'save', SAMPLE, '--format', 'json');
    const id = (JSON.parse(saved.stdout) as { id: string }).id;
    const copies = await exlic('applications', 'copy', id, '--count', '2', '--format', 'json');
    const copyIds = (JSON.parse(copies.stdout) as { id: string; status: string }[]).map((copy) => copy.id);
    expect(copyIds).toHaveLength(2);
    const drafts = await exlic('applications', 'list', '--status', 'draft', '--all', '--format', 'json');
    expect((JSON.parse(drafts.stdout) as { id: string }[]).map((draft) => draft.id)).toEqual(expect.arrayContaining([id, ...copyIds]));
    // One page at a time: the cursor of the next page on stderr, and that page follows it.
    const page1 = await exlic('applications', 'list', '--status', 'draft', '--limit', '1', '--format', 'json');
    const cursor = /^more: --cursor (\S+) \(or --all\)\n$/.exec(page1.stderr)![1]!;
    const page2 = await exlic('applications', 'list', '--status', 'draft', '--limit', '1', '--cursor', cursor, '--format', 'json');
    const [one, two] = [page1, page2].map((page) => (JSON.parse(page.stdout) as { id: string }[]).map((record) => record.id));
    expect(one).toHaveLength(1);
    expect(two).toHaveLength(1);
    expect(two).not.toEqual(one);
    expect((await exlic('applications', 'delete', copyIds[0]!)).stdout).toBe(`deleted ${copyIds[0]}\n`);
    expect((await exlic('applications', 'get', copyIds[0]!)).code).toBe(1);

    // declare-many: one row per application; both then pass the automatic review.
    const batch = [copyIds[1]!, id];
    for (const target of batch) {
      writeFileSync(join(dir, 'scan.pdf'), `%PDF-1.4 ${target}\n`);
      for (const type of ['CONTRACT', 'QUALITY_CERT']) expect((await exlic('attachments', 'upload', target, '--type', type, 'scan.pdf')).code).toBe(0);
    }
    const many = await exlic('applications', 'declare-many', ...batch, '--signer', 'pem:key.pem,cert.pem', '--format', 'json');
    expect(many.code, many.stderr).toBe(0);
    expect(JSON.parse(many.stdout)).toMatchObject({ succeeded: 2, failed: 0, items: [{ id: batch[0], ok: true, record: { mofcomApplicationNo: expect.stringMatching(/^SQ2026/) } }, { id: batch[1], ok: true }] });
    for (const target of batch) expect((JSON.parse((await exlic('applications', 'get', target, '--format', 'json')).stdout) as { status: string }).status).toBe('approved');
    const again = await exlic('applications', 'declare-many', ...batch, '--signer', 'pem:key.pem,cert.pem');
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(new RegExp(`${batch[0]}\\s+no\\s+operationNotAllowed: `));
    expect(again.stderr).toBe('exlic applications: 2 of 2 not declared (see the error column)\n');

    // History: an application of an earlier year is listed there and copied into this year.
    const old = { ...(JSON.parse(readFileSync(SAMPLE, 'utf8')) as Record<string, unknown>), year: 2025 };
    writeFileSync(join(dir, 'old.json'), JSON.stringify(old));
    const oldId = (JSON.parse((await exlic('applications', 'save', 'old.json', '--format', 'json')).stdout) as { id: string }).id;
    const history = await exlic('history', 'list', '--year', '2025', '--format', 'json');
    expect((JSON.parse(history.stdout) as { id: string }[]).map((item) => item.id)).toEqual([oldId]);
    const copied = JSON.parse((await exlic('history', 'copy', oldId, '--format', 'json')).stdout) as { id: string; application: { year: number }; status: string }[];
    expect(copied.map((item) => `${item.status} ${item.application.year}`)).toEqual(['draft 2026']);

    // Withdraw: a contract numbered HOLD-… stays in review in the sandbox (its automatic review waits), so it can be withdrawn; the withdrawal waits too.
    const held = { ...(JSON.parse(readFileSync(SAMPLE, 'utf8')) as { contract: Record<string, unknown> }) };
    held.contract = { ...held.contract, no: 'HOLD-CLI-1' };
    writeFileSync(join(dir, 'held.json'), JSON.stringify(held));
    const heldId = (JSON.parse((await exlic('applications', 'save', 'held.json', '--format', 'json')).stdout) as { id: string }).id;
    for (const type of ['CONTRACT', 'QUALITY_CERT', 'OTHER']) expect((await exlic('attachments', 'upload', heldId, '--type', type, 'scan.pdf')).code).toBe(0);
    const extra = (JSON.parse((await exlic('attachments', 'list', heldId, '--format', 'json')).stdout) as { id: string; type: string }[]).find((attachment) => attachment.type === 'OTHER')!;
    expect((await exlic('attachments', 'delete', heldId, extra.id)).stdout).toBe(`deleted attachment ${extra.id}\n`);
    expect((JSON.parse((await exlic('attachments', 'list', heldId, '--format', 'json')).stdout) as { type: string }[]).map((attachment) => attachment.type).sort()).toEqual(['CONTRACT', 'QUALITY_CERT']);
    expect((await exlic('applications', 'declare', heldId, '--signer', 'pem:key.pem,cert.pem')).code).toBe(0);
    const withdrawn = await exlic('applications', 'withdraw', heldId, '--reason', '合同取消', '--format', 'json');
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect((JSON.parse(withdrawn.stdout) as { status: string }).status).toBe('pendingWithdrawal');
    // The authority's answer, played with exlic sandbox review (EXLIC_ADMIN_TOKEN); a wrong admin token is one line.
    const refusedAdmin = await exlic('sandbox', 'review', heldId, 'withdrawalGranted', '--admin-token', 'wrong-token-0000000');
    expect(refusedAdmin.code).toBe(1);
    expect(refusedAdmin.stderr).toMatch(/^exlic sandbox: the sandbox refused \(401 unauthorized\): Unauthorized: .* → use the admin token "exlic sandbox" printed \(EXLIC_ADMIN_TOKEN\)\n$/);
    const granted = await exlic('sandbox', 'review', heldId, 'withdrawalGranted', '--opinion', '同意撤销（测试）');
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toMatch(/^id\s+\S+\nstatus\s+withdrawn\n$/);
    const last = (JSON.parse((await exlic('applications', 'status-changes', heldId, '--format', 'json')).stdout) as { event: string; to: string; opinion?: string }[]).at(-1);
    expect(last).toMatchObject({ event: 'withdrawalGranted', to: 'withdrawn', opinion: '同意撤销（测试）' });

    writeFileSync(join(dir, 'details.json'), JSON.stringify({ foreignContract: { exporterSignatory: '张三', goodsDescription: '热轧卷板' } }));
    const draft = copied[0]!.id;
    const put = await exlic('contract-details', 'put', draft, 'details.json');
    expect(put.code, put.stderr).toBe(0);
    const details = await exlic('contract-details', 'get', draft);
    expect(details.stdout).toMatch(/foreignContract\.exporterSignatory\s+张三\n/);

    const created = await exlic('subscriptions', 'create', '--url', 'http://127.0.0.1:9/receipts');
    expect(created.stdout).toMatch(/secret whsec_\S+ +\(shown once/);
    const subscriptions = JSON.parse((await exlic('subscriptions', 'list', '--format', 'json')).stdout) as { id: string; url: string }[];
    const subscription = subscriptions.find((item) => item.url === 'http://127.0.0.1:9/receipts')!;
    expect((await exlic('subscriptions', 'delete', subscription.id)).code).toBe(0);
    expect((JSON.parse((await exlic('subscriptions', 'list', '--format', 'json')).stdout) as { id: string }[]).map((item) => item.id)).not.toContain(subscription.id);
  });

  it('follows the receipts feed until stopped', { timeout: 60_000 }, async () => {
    const { runEvents } = await import('../src/commands/events');
    const run = memoryIo(env);
    const follow = new AbortController();
    const after = (JSON.parse((await exlic('events', '--format', 'json')).stdout) as { nextCursor: string }).nextCursor;
    const following = runEvents(['--follow', '--after', after, '--interval', '0.2', '--format', 'json'], run.io, follow.signal);
    const saved = JSON.parse((await exlic('applications', 'save', SAMPLE, '--format', 'json')).stdout) as { id: string };
    writeFileSync(join(dir, 'c.pdf'), '%PDF-1.4 contract\n');
    await exlic('attachments', 'upload', saved.id, '--type', 'CONTRACT', 'c.pdf');
    await exlic('attachments', 'upload', saved.id, '--type', 'QUALITY_CERT', 'c.pdf');
    expect((await exlic('applications', 'declare', saved.id, '--signer', 'pem:key.pem,cert.pem')).code).toBe(0);
    await vi.waitFor(() => expect(run.stdout().trim().split('\n')).toHaveLength(3), { timeout: 20_000, interval: 100 });
    follow.abort();
    expect(await following).toBe(0);
    expect(run.stdout().trim().split('\n').map((line) => (JSON.parse(line) as { to: string; applicationId: string }).to)).toEqual(['pendingFirstReview', 'pendingSecondReview', 'approved']);
    expect(run.stderr()).toMatch(/^next cursor \S+\n$/);

    // The same in a table: the header once, a row per receipt, aligned.
    const table = memoryIo(env);
    const tableStop = new AbortController();
    const tabled = runEvents(['--follow', '--after', after, '--interval', '0.2'], table.io, tableStop.signal);
    await vi.waitFor(() => expect(table.stdout().trim().split('\n')).toHaveLength(5), { timeout: 20_000, interval: 100 });
    tableStop.abort();
    expect(await tabled).toBe(0);
    const lines = table.stdout().trim().split('\n');
    expect(lines[0]).toMatch(/^seq\s+occurredAt\s+applicationId\s+event\s+from\s+to\s+licenceNo$/);
    expect(lines.slice(2).map((line) => line.indexOf(saved.id))).toEqual([lines[0]!.indexOf('applicationId'), lines[0]!.indexOf('applicationId'), lines[0]!.indexOf('applicationId')]);
    expect(lines[4]).toMatch(/pendingSecondReview\s+approved\s+26-QL-\d{6}$/);
  });
});
