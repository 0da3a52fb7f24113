import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import type { CliIo } from '../src/io';
import { parseJsonExact } from '../src/check/read-json';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'packages/cli/dist/bin.js');
const general = JSON.parse(spawnSync(process.execPath, ['-e', 'process.stdout.write(require("fs").readFileSync("examples/applications/general-valid.json","utf8"))'], { cwd: root, encoding: 'utf8' }).stdout) as Record<string, unknown>;

function tempDir(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'exlic-stream-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function run(argv: string[], options: { env?: Record<string, string>; cwd?: string; tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => err.push(text) },
    stdin: (async function* () {})(),
    env: options.env ?? {},
    cwd: options.cwd ?? root,
  };
  const code = await main(argv, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('exlic check reads hostile files safely', () => {
  it('the __proto__ repro: mandatory fields under "__proto__" are reported missing, each one', async () => {
    const hidden = ['pledge', 'customsPort', 'specs', 'attachments', 'importer'];
    const rest = Object.fromEntries(Object.entries(general).filter(([name]) => !hidden.includes(name)));
    const text = `{"__proto__":${JSON.stringify(Object.fromEntries(hidden.map((name) => [name, general[name]])))},${JSON.stringify(rest).slice(1)}`;
    const dir = tempDir({ 'proto.json': text, 'proto.ndjson': `${text}\n` });
    for (const file of ['proto.json', 'proto.ndjson']) {
      const { code, out } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', path.join(dir, file)]);
      expect(code).toBe(1);
      const violations = JSON.parse(out).results[0].violations as { rule: string; path: (string | number)[] }[];
      for (const name of hidden) expect(violations.some((violation) => violation.path[0] === name && violation.rule !== 'format.unknownField'), `${file}: ${name}`).toBe(true);
      expect(violations.some((violation) => violation.rule === 'format.unknownField' && violation.path[0] === '__proto__')).toBe(true);
    }
  });

  it('a broken NDJSON line is one error naming the file and line; the other lines are checked', async () => {
    const line = JSON.stringify(general);
    const dir = tempDir({ 'batch.ndjson': `${line}\n{"pledge": tru\n\n${line}\n` });
    const { code, out, err } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', path.join(dir, 'batch.ndjson')]);
    expect(code).toBe(2);
    const doc = JSON.parse(out);
    expect(doc.summary).toMatchObject({ checked: 2, unreadable: 1 });
    expect(doc.results.map((result: { source: string }) => result.source.replace(/^.*\//, ''))).toEqual(['batch.ndjson#0', 'batch.ndjson#2']);
    expect(doc.errors[0].source).toMatch(/batch\.ndjson:2$/);
    expect(doc.errors[0].message).toContain('line 2 is not valid JSON');
    expect(err).toContain('batch.ndjson:2');
  });

  it('reads numbers exactly: 1e400 is a decimal format error, not "required"; long decimals stay exact', async () => {
    expect(parseJsonExact('{"q": 12345678901234567890.123, "n": 3, "e": 1e400, "s": "1e400"}')).toEqual({ q: '12345678901234567890.123', n: 3, e: '1e400', s: '1e400' });
    const specs = [{ ...(general.specs as Record<string, unknown>[])[0], quantity: 'QTY' }];
    const dir = tempDir({ 'big.json': JSON.stringify({ ...general, specs }).replace('"QTY"', '1e400') });
    const { out } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', path.join(dir, 'big.json')]);
    const violations = JSON.parse(out).results[0].violations as { rule: string; path: (string | number)[] }[];
    expect(violations.filter((violation) => violation.path.join('.') === 'specs.0.quantity').map((violation) => violation.rule)).toEqual(['format.decimal']);
  });

  it('deep nesting is one format error at the deepest sane path, also where a number needs the lossless reader', async () => {
    let deep = '"x"';
    for (let i = 0; i < 9000; i += 1) deep = `{"a":${deep}}`;
    const text = JSON.stringify({ ...general, other: { appliedOn: '2026-09-01', extra: 'DEEP' }, year: 'YEAR' }).replace('"DEEP"', deep).replace('"YEAR"', '1e400');
    const dir = tempDir({ 'deep.ndjson': `${text}\n` });
    const { out } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', path.join(dir, 'deep.ndjson')]);
    const violations = JSON.parse(out).results[0].violations as { rule: string; path: (string | number)[] }[];
    expect(violations.filter((violation) => violation.rule === 'format.tooDeep').map((violation) => violation.path.join('.'))).toEqual(['other.extra.a.a.a.a.a.a']);
    expect(violations.some((violation) => violation.path.join('.') === 'year' && violation.rule === 'format.decimal')).toBe(true);
  });

  it('streams a JSON array element by element, in order, and names a broken element by its line', async () => {
    const dir = tempDir({ 'list.json': `[\n${JSON.stringify(general)},\n{"pledge": },\n${JSON.stringify({ ...general, pledge: false })}\n]\n` });
    const { code, out } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', path.join(dir, 'list.json')]);
    expect(code).toBe(2);
    const doc = JSON.parse(out);
    expect(doc.results.map((result: { source: string; valid: boolean }) => [result.source.replace(/^.*#/, ''), result.valid])).toEqual([['0', true], ['2', false]]);
    expect(doc.errors[0].source).toMatch(/list\.json:3$/);
  });
});

describe('exlic check over folders', () => {
  it('follows symbolic links once, notices loops, names a broken link, and goes on', async () => {
    const dir = tempDir({ 'real/a.json': JSON.stringify(general) });
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'linked'));
    symlinkSync(dir, path.join(dir, 'real', 'loop'));
    symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'broken.json'));
    const { code, out, err } = await run(['check', '--format', 'json', '--as-of', '2026-09-01', dir]);
    const doc = JSON.parse(out);
    expect(doc.summary.checked).toBe(1);
    expect(doc.errors.map((error: { source: string; message: string }) => [error.source.replace(/^.*\//, ''), error.message])).toEqual([['broken.json', expect.stringContaining('cannot be followed')]]);
    expect(err).toContain('not read twice');
    expect(code).toBe(2);
  });

  it('a run that checks nothing exits 2 and says why; --rules with no rules is refused', async () => {
    const empty = tempDir({ 'notes.txt': 'no samples here' });
    const nothing = await run(['check', empty]);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('nothing was checked');
    const rules = tempDir({ 'rules.json': JSON.stringify({ version: 'empty', title: { zh: '空', en: 'empty' }, published: '2026-01-01', rules: [] }) });
    const refused = await run(['check', '--rules', path.join(rules, 'rules.json'), 'examples/applications/general-valid.json']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('has no rules');
  });
});

describe('exlic as a command people pipe and script', () => {
  it('checks on worker threads with results in input order, the same as on one thread', () => {
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify(i % 3 === 0 ? { ...general, pledge: false } : general));
    const dir = tempDir({ 'many.ndjson': `${lines.join('\n')}\n` });
    const runWith = (jobs: string) => spawnSync(process.execPath, [bin, 'check', '--format', 'json', '--as-of', '2026-09-01', '--jobs', jobs, 'many.ndjson'], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const one = runWith('0');
    const two = runWith('2');
    expect(two.status).toBe(1);
    const results = JSON.parse(two.stdout).results as { source: string; valid: boolean }[];
    expect(results.map((result) => result.source)).toEqual(lines.map((_, i) => `many.ndjson#${i}`));
    expect(results.map((result) => result.valid)).toEqual(lines.map((_, i) => i % 3 !== 0));
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);

  it('ends quietly with exit 0 when the reader goes away (EPIPE)', () => {
    const lines = Array.from({ length: 3000 }, () => JSON.stringify(general));
    const dir = tempDir({ 'many.ndjson': `${lines.join('\n')}\n` });
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" check --format json --as-of 2026-09-01 many.ndjson | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8' });
    expect(piped.stdout).toBe('{\n');
    expect(piped.stderr).toBe('status 0\n');
  }, 60_000);

  it('exlic help <command> prints that command\'s help', async () => {
    const { code, out } = await run(['help', 'check']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: exlic check');
    expect((await run(['help', 'lookup'])).out).toContain('Usage: exlic lookup');
    expect((await run(['help', 'nope'])).code).toBe(2);
  });

  it('colour follows --color, --no-color, FORCE_COLOR and NO_COLOR', async () => {
    const args = ['check', '--as-of', '2026-09-01', 'examples/applications/general-valid.json'];
    const ESC = '\u001b[';
    expect((await run(args)).out).not.toContain(ESC);
    expect((await run(args, { tty: true })).out).toContain(ESC);
    expect((await run(args, { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain(ESC);
    expect((await run(args, { env: { FORCE_COLOR: '1' } })).out).toContain(ESC);
    expect((await run(args, { tty: true, env: { FORCE_COLOR: '0' } })).out).not.toContain(ESC);
    expect((await run(['--color', ...args])).out).toContain(ESC);
    expect((await run([...args, '--no-color'], { env: { FORCE_COLOR: '1' } })).out).not.toContain(ESC);
  });

  it('reads a GB18030 catalog CSV with a note, and names the line and column of a CSV error', async () => {
    const header = Buffer.from('year,hsCode,name,unit,goodsClass\n');
    const row = Buffer.concat([Buffer.from('2026,7208271000,'), Buffer.from('b8d6b2c4', 'hex'), Buffer.from(','), Buffer.from('c7a7bfcb', 'hex'), Buffer.from(',steel\n')]);
    const dir = tempDir({ 'gb.csv': Buffer.concat([header, row]), 'bad.csv': 'year,hsCode,name,unit,goodsClass\n2026,7208271000,钢材,千克,steel\n2026,7208271001,钢"材,千克,steel\n' });
    const found = await run(['lookup', 'catalog', '钢材', '--catalog', path.join(dir, 'gb.csv'), '--format', 'json']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out)[0]).toMatchObject({ hsCode: '7208271000', name: '钢材', unit: '千克' });
    expect(found.err).toContain('read as GB18030');
    const bad = await run(['lookup', 'catalog', 'x', '--catalog', path.join(dir, 'bad.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.csv:3:\d+/);
  });
});
