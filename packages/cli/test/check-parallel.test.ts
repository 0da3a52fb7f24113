// exlic check on worker threads gives the report --jobs 1 gives, byte for byte, in every format, with the same exit
// code; a worker that dies (a hostile line exhausts its heap) loses no line and does not hang the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBatchChecker, type Batch, type CheckerSetup } from '../src/check/checker';
import { createPool } from '../src/check/pool';
import { parseJsonExact, readNdjson, readNdjsonLines } from '../src/check/read-json';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'packages/cli/dist/bin.js');
const general = JSON.parse(readFileSync(path.join(root, 'examples/applications/general-valid.json'), 'utf8')) as Record<string, unknown>;

function tempFile(name: string, content: string | Uint8Array): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'exlic-parallel-'));
  writeFileSync(path.join(dir, name), content);
  return { dir, file: name };
}

function exlic(dir: string, args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'check', '--as-of', '2026-09-01', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// More than 2,000 applications (so the default starts workers), with everything a real file holds: valid and invalid
// applications, broken JSON, a line that is not UTF-8, blank and CRLF lines, a huge line, and "__proto__" keys.
function mixedFile(): { bytes: Buffer; items: number } {
  const parts: Buffer[] = [];
  let items = 1; // the line that is not UTF-8
  for (let i = 0; i < 2600; i += 1) {
    let line: string;
    if (i % 7 === 3) line = JSON.stringify({ ...general, pledge: false });
    else if (i % 97 === 5) line = '{"pledge": tru';
    else if (i % 89 === 11) line = '   ';
    else if (i % 83 === 13) line = `{"__proto__":{"pledge":true},${JSON.stringify(general).slice(1)}`;
    else if (i === 1500) line = JSON.stringify({ ...general, remarks: '长'.repeat(3 * 1024 * 1024) });
    else line = JSON.stringify(general);
    if (line.trim() !== '') items += 1;
    parts.push(Buffer.from(line), Buffer.from(i % 101 === 17 ? '\r\n' : '\n'));
    if (i === 777) parts.push(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a])); // {"\xff\xfe"}: not UTF-8
  }
  return { bytes: Buffer.concat(parts), items };
}

describe('exlic check on worker threads', () => {
  it('gives byte for byte the report of --jobs 1 in every format, with the same exit code, by default and with --jobs 3', () => {
    const mixed = mixedFile();
    const { dir, file } = tempFile('mixed.ndjson', mixed.bytes);
    for (const format of ['json', 'table', 'junit']) {
      const one = exlic(dir, ['--format', format, '--jobs', '1', file]);
      expect(one.code, format).toBe(2); // unreadable lines make it 2
      for (const jobs of [[], ['--jobs', '3']]) {
        const parallel = exlic(dir, ['--format', format, ...jobs, file]);
        expect(parallel.code, `${format} ${jobs.join(' ')}`).toBe(one.code);
        expect(parallel.stdout === one.stdout, `${format} ${jobs.join(' ')}: stdout differs`).toBe(true);
        expect(parallel.stderr).toBe(one.stderr);
      }
      if (format === 'json') {
        const doc = JSON.parse(one.stdout) as { results: { source: string }[]; errors: { source: string; message: string }[]; summary: { checked: number; unreadable: number } };
        expect(doc.summary.checked + doc.summary.unreadable).toBe(mixed.items);
        expect(doc.errors.find((error) => error.message.includes('not valid UTF-8'))?.source).toBe(`${file}:779`);
        expect(doc.results.at(-1)?.source).toBe(`${file}#${mixed.items - 1}`);
      }
    }
  }, 180_000);

  it('the examples folder (folder catalogs, JSON and NDJSON files, --expect) on workers gives the report of --jobs 1', () => {
    for (const args of [['--format', 'table'], ['--format', 'junit', '--expect'], ['--format', 'json', '--expect']]) {
      const one = exlic(root, [...args, '--jobs', '1', 'examples/applications']);
      const parallel = exlic(root, [...args, '--jobs', '3', 'examples/applications']);
      expect(parallel.code, args.join(' ')).toBe(one.code);
      expect(parallel.stdout === one.stdout, `${args.join(' ')}: stdout differs`).toBe(true);
      expect(parallel.stderr).toBe(one.stderr);
    }
    expect(exlic(root, ['--format', 'table', '--jobs', '3', 'examples/applications']).stdout).toMatch(/catalog: examples\/applications\/used-vehicles\/catalog\.json/);
  }, 120_000);

  it('a JSON array checked on workers gives the report of --jobs 1, broken elements included', () => {
    const values = Array.from({ length: 2600 }, (_, i) => (i % 211 === 7 ? '{"pledge": }' : JSON.stringify(i % 5 === 0 ? { ...general, pledge: false } : general)));
    const { dir, file } = tempFile('list.json', `[\n${values.join(',\n')}\n]\n`);
    for (const format of ['json', 'table']) {
      const one = exlic(dir, ['--format', format, '--jobs', '1', file]);
      const parallel = exlic(dir, ['--format', format, '--jobs', '2', file]);
      expect(parallel.code).toBe(2);
      expect(parallel.code).toBe(one.code);
      expect(parallel.stdout === one.stdout, `${format}: stdout differs`).toBe(true);
      expect(parallel.stderr).toBe(one.stderr);
    }
  }, 120_000);

  it('a hostile line of megabytes (twenty million numbers) is checked on the main thread: no worker runs out of memory, no line is lost', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify(i % 3 === 0 ? { ...general, pledge: false } : general));
    // About 160 MB once parsed: beyond a worker's heap (whose exhaustion can end the whole process), well within the main thread's.
    lines[1700] = `[${'0,'.repeat(20_000_000)}0]`;
    const { dir, file } = tempFile('hostile.ndjson', `${lines.join('\n')}\n`);
    const one = exlic(dir, ['--format', 'json', '--jobs', '1', file]);
    const parallel = exlic(dir, ['--format', 'json', '--jobs', '2', file]);
    expect(parallel.code).toBe(1);
    expect(parallel.code).toBe(one.code);
    expect(parallel.stdout === one.stdout, 'stdout differs').toBe(true);
    const results = (JSON.parse(parallel.stdout) as { results: { source: string; valid: boolean }[] }).results;
    expect(results.map((result) => result.source)).toEqual(lines.map((_, i) => `${file}#${i}`));
    expect(results[1700]!.valid).toBe(false);
    expect(parallel.stderr).toBe(one.stderr);
  }, 180_000);

  it('when worker threads die, their batches are checked again on this thread, in order, and the run ends', async () => {
    // A real worker thread that is ready, then ends at its first batch.
    const { dir } = tempFile('dying-worker.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.on('message', () => process.exit(3));\n");
    const setup: CheckerSetup = { phase: 'declare', profile: 'production', asOf: '2026-09-01', cwd: root, report: { format: 'json', lang: 'en', color: false, expect: false } };
    const local = await createBatchChecker(setup);
    const lost: string[] = [];
    const pool = await createPool(2, setup, path.join(dir, 'dying-worker.mjs'), local, (error) => lost.push(error.message));
    const file = { shown: 'a.ndjson', ndjson: true };
    const batches: Batch[] = Array.from({ length: 6 }, (_, b) => ({
      kind: 'lines',
      file,
      bytes: Buffer.from(`${Array.from({ length: 5 }, (_, i) => JSON.stringify((b + i) % 2 ? general : { ...general, pledge: false })).join('\n')}\n`),
      firstLine: 1 + b * 5,
      firstIndex: b * 5,
    }));
    try {
      const results = await Promise.all(batches.map((batch) => pool.run(batch)));
      const expected = await Promise.all(batches.map((batch) => local(batch)));
      expect(results).toEqual(expected);
      expect(results.reduce((sum, result) => sum + result.checked, 0)).toBe(30);
      expect(lost).toEqual([expect.stringContaining('exit code 3'), expect.stringContaining('exit code 3')]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

async function* stream<T>(chunks: readonly T[]): AsyncGenerator<T> {
  yield* chunks;
}

describe('cutting NDJSON into runs of lines', () => {
  it('numbers lines and applications as the line reader does, however the bytes arrive', async () => {
    const text = ['{"a":1}', '', '  ', '{"b":"长"}\r', 'not json', '\u3000', '{"c":[1,2]}', '{"d":"\u2028"}', ''].join('\n').repeat(40);
    const expected: { index: number; line: number; text: string }[] = [];
    for await (const item of readNdjson(stream([text]))) if (item.kind === 'text') expected.push({ index: item.index, line: item.line, text: item.text });
    const bytes = Buffer.from(text);
    for (const [chunkSize, runBytes] of [[1, 5], [7, 64], [64, 1], [bytes.length, 100], [3, 1 << 20]] as const) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
      const got: { index: number; line: number; text: string }[] = [];
      let counted = 0;
      for await (const run of readNdjsonLines(stream(chunks), runBytes)) {
        if (run.kind !== 'lines') throw new Error('no errors expected');
        const runLines = Buffer.from(run.bytes).toString('utf8').split('\n');
        if (runLines.at(-1) === '') runLines.pop();
        let index = run.firstIndex;
        runLines.forEach((line, i) => {
          if (line.trim() !== '') got.push({ index: index++, line: run.firstLine + i, text: line.trim() });
        });
        expect(index - run.firstIndex).toBe(run.count);
        counted += run.count;
      }
      expect(got, `chunks of ${chunkSize}, runs of ${runBytes}`).toEqual(expected);
      expect(counted).toBe(expected.length);
    }
  });
});

describe('reading numbers exactly, quickly', () => {
  it('a string that looks like a number (a VIN with "2E0") does not send the text to the slow lossless reader, and changes nothing', () => {
    const vin = { vin: 'JTDBR32E0X0012345', note: 'a "quoted" 1e5 and \\ 12345678901234567', q: 1.5, n: -3, list: [0, 10.25] };
    expect(parseJsonExact(JSON.stringify(vin))).toEqual(vin);
    // Numbers outside strings are still read exactly, however the strings around them look.
    expect(parseJsonExact('{"vin":"JTDBR32E0X0012345","q":12345678901234567890.123,"e":1e400,"s":"x\\"1e400"}')).toEqual({ vin: 'JTDBR32E0X0012345', q: '12345678901234567890.123', e: '1e400', s: 'x"1e400' });
    expect(parseJsonExact('{"s":"JTDBR32E0X0012345","t":0.12345678901234567890}')).toEqual({ s: 'JTDBR32E0X0012345', t: '0.12345678901234567890' });
    // Broken text is refused either way.
    expect(() => parseJsonExact('{"vin":"JTDBR32E0X0012345",')).toThrow();
  });
});
