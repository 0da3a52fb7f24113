// exlic check at scale, against the library in one process, and the command's start-up time.
// For 10,000, 100,000 and 1,000,000 generated applications (NDJSON, every goods class, valid and invalid):
// the CLI in each format (applications/s and peak RSS, workers included), next to the library's check()
// on the same file in one process (JSON.parse + check, single-threaded). Then `exlic --version` next to `node -e 0`.
// Run: npm run bench -- cli   (builds nothing: run `npm run build` first). EXLIC_BENCH_COUNTS=10000,100000 for fewer.
// Not a test: nothing here asserts a timing.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { TEST_CODES, generateApplications } from '../../rules/test/generate';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'packages/cli/dist/bin.js');
const counts = (process.env.EXLIC_BENCH_COUNTS ?? '10000,100000,1000000').split(',').map(Number);
const asOf = '2026-09-01';
const dir = mkdtempSync(path.join(tmpdir(), 'exlic-cli-bench-'));
const catalogFile = path.join(dir, 'catalog.json');
writeFileSync(catalogFile, JSON.stringify(Object.entries(TEST_CODES).map(([goodsClass, hsCode]) => ({ year: 2026, hsCode, name: `test ${goodsClass}`, unit: '千克', goodsClass }))));

async function generate(count: number): Promise<string> {
  const file = path.join(dir, `apps-${count}.ndjson`);
  const out = createWriteStream(file);
  for (let written = 0, seed = 1; written < count; seed += 1) {
    const batch = generateApplications(Math.min(10_000, count - written), seed);
    if (!out.write(`${batch.map((application) => JSON.stringify(application)).join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    written += batch.length;
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

/** Runs a process to its end, output to /dev/null; its wall time and peak RSS (VmHWM polled from /proc on Linux, else unknown). */
function measure(args: string[]): Promise<{ ms: number; peakKb: number | undefined; code: number | null }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    let peakKb: number | undefined;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb ?? 0, Number(match[1]));
      } catch {
        // Not Linux, or the process has just ended.
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - start, peakKb, code });
    });
  });
}

// The library as a user gets it (the built package), in one process: read the same NDJSON, JSON.parse, check().
const LIBRARY = `
import { createInterface } from 'node:readline';
import { createReadStream, readFileSync } from 'node:fs';
import { createCatalog } from '@exlic/core';
import { check } from '@exlic/rules';
const [file, catalogFile, asOf] = process.argv.slice(1);
const catalog = createCatalog(JSON.parse(readFileSync(catalogFile, 'utf8')), { source: 'bench' });
const start = performance.now();
let count = 0, valid = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  count += 1;
  if (check(JSON.parse(line), { asOf, catalog }).valid) valid += 1;
}
process.stdout.write(JSON.stringify({ ms: performance.now() - start, count, valid, peakKb: process.resourceUsage().maxRSS }));
`;

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en').padStart(8);
const mb = (kb: number | undefined) => (kb === undefined ? '     n/a' : `${(kb / 1024).toFixed(0).padStart(5)} MB`);

async function main(): Promise<void> {
  if (!existsSync(bin)) throw new Error('packages/cli/dist/bin.js is missing: run npm run build first');
  console.log(`node ${process.version}; applications of every goods class, valid and invalid, as NDJSON; as of ${asOf}`);
  console.log('applications  what                       apps/s    peak RSS');
  for (const count of counts) {
    const file = await generate(count);
    const size = (statSync(file).size / 1024 / 1024).toFixed(0);
    const library = spawnSync(process.execPath, ['--input-type=module', '-e', LIBRARY, file, catalogFile, asOf], { cwd: path.join(root, 'packages/cli'), encoding: 'utf8' });
    const lib = JSON.parse(library.stdout) as { ms: number; count: number; peakKb: number };
    console.log(`${count.toLocaleString('en').padStart(12)}  library check(), 1 thread ${rate(count, lib.ms)}  ${mb(lib.peakKb)}   (${size} MB of NDJSON)`);
    for (const format of ['table', 'json', 'junit']) {
      const run = await measure([bin, 'check', '--format', format, '--as-of', asOf, '--catalog', catalogFile, file]);
      console.log(`${count.toLocaleString('en').padStart(12)}  exlic check --format ${format.padEnd(5)} ${rate(count, run.ms)}  ${mb(run.peakKb)}   exit ${run.code}`);
    }
    rmSync(file);
  }
  rmSync(dir, { recursive: true, force: true });

  // Start-up: the median of 11 runs each.
  const median = (args: string[]) => {
    const times = Array.from({ length: 11 }, () => {
      const start = performance.now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      return performance.now() - start;
    });
    return times.sort((a, b) => a - b)[5]!;
  };
  console.log(`start-up: exlic --version ${median([bin, '--version']).toFixed(0)} ms; node -e 0 ${median(['-e', '0']).toFixed(0)} ms (goal: exlic --version under 150 ms)`);
}

await main();
