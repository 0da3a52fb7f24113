import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import type { CliIo } from '../src/io';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = 'examples/applications';

function io(stdin = '', env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: (async function* () {
      yield stdin;
    })(),
    env,
    cwd: root,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

async function run(args: string[], stdin = '', env: Record<string, string> = {}) {
  const streams = io(stdin, env);
  const code = await main(['check', ...args], streams.io);
  return { code, out: streams.out(), err: streams.err() };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'exlic-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('exlic check', () => {
  it('prints one JSON document and exits 1 when an application is invalid', async () => {
    const { code, out } = await run(['--format', 'json', `${examples}/general-valid.json`, `${examples}/ods-invalid.json`]);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(doc.summary).toEqual({ checked: 2, valid: 1, invalid: 1, unreadable: 0 });
    expect(doc.results[1]).toMatchObject({ source: `${examples}/ods-invalid.json#0`, valid: false });
    expect(doc.results[1].violations[0]).toMatchObject({ rule: 'ods.approvalNo', path: ['goods', 'approvalNo'], severity: 'error', message: { zh: expect.any(String), en: expect.any(String) } });
  });

  it('exits 0 when all are valid', async () => {
    expect((await run(['--format', 'json', `${examples}/general-valid.json`])).code).toBe(0);
  });

  it('uses a folder catalog and says so per result', async () => {
    const { out } = await run(['--format', 'json', `${examples}/used-vehicles`]);
    const doc = JSON.parse(out);
    expect(doc.results[0]).toMatchObject({ catalog: `${examples}/used-vehicles/catalog.json`, goodsClass: 'vehicleUsed' });
  });

  it('passes --expect over the examples, and fails with a diff when an expectation is wrong', async () => {
    const passing = await run(['--expect', examples]);
    expect(passing.code).toBe(0);
    const dir = tempDir({ 'a.json': JSON.stringify({ goods: { hsCode: '12' } }), 'a.expect.json': JSON.stringify([{ rule: 'format.hsCode', path: ['goods', 'hsCode'] }, { rule: 'ods.approvalNo', path: ['goods', 'approvalNo'] }]) });
    const failing = await run(['--expect', '--phase', 'save', dir]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('- ods.approvalNo ["goods","approvalNo"]');
  });

  it('reports a table for people, with labels and paths, in the chosen language, without colour when NO_COLOR is set', async () => {
    const { out } = await run(['--lang', 'zh', `${examples}/coke-invalid.json`], '', { NO_COLOR: '1' });
    expect(out).toContain('✗ examples/applications/coke-invalid.json#0 [coke]');
    expect(out).toContain('规格、等级 specs[0].spec');
    expect(out).not.toContain('\u001b[');
  });

  it('writes JUnit, one testcase per application', async () => {
    const { out, code } = await run(['--format', 'junit', `${examples}/ods-valid.json`, `${examples}/ods-invalid.json`]);
    expect(code).toBe(1);
    expect(out.match(/<testcase /g)).toHaveLength(2);
    expect(out).toContain('<failure type="invalid"');
  });

  it('exits 2 naming the file for bad JSON and a missing file, and still checks the others', async () => {
    const dir = tempDir({ 'bad.json': '{ nope' });
    const { code, out, err } = await run(['--format', 'json', path.join(dir, 'bad.json'), 'missing.json', `${examples}/general-valid.json`]);
    expect(code).toBe(2);
    const doc = JSON.parse(out);
    expect(doc.summary.checked).toBe(1);
    expect(doc.errors.map((e: { source: string; message: string }) => [e.source.replace(/^.*\//, ''), e.message])).toEqual([
      ['bad.json:1', expect.stringContaining('cut off')],
      ['missing.json', 'no such file or folder'],
    ]);
    expect(err).toContain('missing.json: no such file or folder');
  });

  it('reads standard input as JSON or NDJSON', async () => {
    const one = await run(['--format', 'json', '-'], JSON.stringify([{}, {}]));
    expect(JSON.parse(one.out).results.map((r: { source: string }) => r.source)).toEqual(['-#0', '-#1']);
    const nd = await run(['--format', 'json', '--phase', 'save', '-'], '{}\n{"validUntil":"x"}\n');
    expect(JSON.parse(nd.out).summary).toMatchObject({ checked: 2, valid: 1, invalid: 1 });
  });

  it.each([[['--format', 'xml', 'a.json']], [['--phase', 'later', 'a.json']], [['--as-of', '2026-13-01', 'a.json']], [[]], [['--bogus', 'a.json']]])('exits 2 on bad usage %j', async (args) => {
    expect((await run(args)).code).toBe(2);
  });

  it('applies --profile test to the manual test enterprise', async () => {
    const file = `${examples}/test-enterprise.json`;
    expect((await run(['--format', 'json', file])).code).toBe(1);
    expect((await run(['--format', 'json', '--profile', 'test', file])).code).toBe(0);
  });

  it('runs as a real process: stdin and exit codes', () => {
    const bin = path.join(root, 'packages/cli/dist/bin.js');
    const valid = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '-'], { cwd: root, input: JSON.stringify({}), encoding: 'utf8' });
    expect(valid.status).toBe(1);
    expect(JSON.parse(valid.stdout).summary.invalid).toBe(1);
    const usage = spawnSync(process.execPath, [bin, 'check', '--format', 'nope', 'x'], { cwd: root, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--format');
  });
});

describe('the progress bar', () => {
  const ndjson = (count: number) => `${Array.from({ length: count }, () => '{"pledge":true}').join('\n')}\n`;
  const runWithTty = async (count: number, tty: boolean) => {
    const dir = tempDir({ 'batch.ndjson': ndjson(count) });
    const err: string[] = [];
    const streams: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => err.push(text), isTTY: tty },
      stdin: (async function* () {})(),
      env: {},
      cwd: dir,
    };
    const code = await main(['check', '--format', 'json', 'batch.ndjson'], streams);
    return { code, err: err.join('') };
  };

  it('counts on a terminal for a run over 1,000 applications and ends at the total', async () => {
    const { code, err } = await runWithTty(1501, true);
    expect(code).toBe(1);
    // Counted as batches come back (500 applications at most each), so a count between 1,000 and the total shows first.
    expect(err).toMatch(/^\rexlic check: 1,\d{3} checked\r/);
    expect(err).toMatch(/\rexlic check: 1,501 checked\n$/);
  });

  it('stays silent for 1,000 applications, and when stderr is not a terminal', async () => {
    expect((await runWithTty(1000, true)).err).toBe('');
    expect((await runWithTty(1001, false)).err).toBe('');
  });
});

describe('expectation files with options', () => {
  const sample = JSON.stringify({ exporter: { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业' } });
  const expectUscc = (severity: string) => [{ rule: 'identifier.exporter.uscc.checkCharacter', path: ['exporter', 'uscc'], severity }];

  it('checks a sample with the options its expectation file sets', async () => {
    const dir = tempDir({
      'a.json': sample,
      'a.expect.json': JSON.stringify({ options: { profile: 'test', phase: 'save' }, violations: [] }),
    });
    // In the save phase only format checks run, so the credit code is not looked at: no violation at all.
    const { code, out } = await run(['--expect', '--format', 'json', path.join(dir, 'a.json')]);
    expect(code).toBe(0);
    expect(JSON.parse(out).results[0]).toMatchObject({ options: { profile: 'test', phase: 'save' }, violations: [], expect: { ok: true } });
  });

  it('downgrades the check character only where the file asks for the test profile', async () => {
    const dir = tempDir({
      'test.json': sample,
      'test.expect.json': JSON.stringify({ options: { profile: 'test' }, violations: expectUscc('warning') }),
      'prod.json': sample,
      'prod.expect.json': JSON.stringify(expectUscc('warning')),
    });
    const { out } = await run(['--expect', '--format', 'json', path.join(dir, 'test.json'), path.join(dir, 'prod.json')]);
    const [test, prod] = JSON.parse(out).results as { expect: { ok: boolean; missing: unknown[] } }[];
    expect(test!.expect.missing).toEqual([]);
    // Under the command line's production profile the same failure is an error, so the warning is missing.
    expect(prod!.expect.missing).toEqual(expectUscc('warning'));
  });

  it.each([
    [{ options: { profile: 'staging' }, violations: [] }, /option "profile" cannot be "staging"/],
    [{ options: { locale: 'zh' }, violations: [] }, /option "locale" is unknown/],
    [{ options: [], violations: [] }, /"options" must be an object/],
  ])('names a bad option: %j', async (file, message) => {
    const dir = tempDir({ 'a.json': sample, 'a.expect.json': JSON.stringify(file) });
    const { code, out } = await run(['--expect', '--format', 'json', path.join(dir, 'a.json')]);
    expect(code).toBe(1);
    expect(JSON.parse(out).results[0].expect.problem).toMatch(message);
  });
});
