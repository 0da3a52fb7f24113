// exlic check at scale, against the library in one thread, and the command's start-up time.
// 100,000 generated applications (NDJSON, every goods class, valid and invalid): the library's check() in one thread
// (read the lines, JSON.parse, check: the anchor), then `exlic check` with default settings in each format, and with
// --jobs 1; each figure repeated (min / median / max) with the load average, and each run's peak RSS and CPU time
// (worker threads included; the anchor and the default run in turns). Every run's report is read back and its verdicts (valid, and the rules that fired, per application, in
// order) compared with the library's: a difference fails the bench (exit 1). Then 1,000,000 applications with default
// settings (peak RSS; the first 100,000 of them are the same applications, so their verdicts are compared too).
// Run: npm run bench -- cli   (builds nothing: run `npm run build` first). EXLIC_BENCH_REPEAT=N for more or fewer
// runs (default 3); EXLIC_BENCH_MILLION=0 leaves out the million.
// Not a test: nothing here asserts a timing.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { formatSpread, machineLine, repeat, spread, summaryRow, type Spread } from '../../../test-support/bench';
import { TEST_CODES, generateApplications } from '../../rules/test/generate';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'packages/cli/dist/bin.js');
const runs = Number(process.env.EXLIC_BENCH_REPEAT ?? 3);
const million = process.env.EXLIC_BENCH_MILLION !== '0';
const COUNT = 100_000;
const MILLION = 1_000_000;
const RSS_GOAL_MB = 300;
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

interface Run {
  readonly ms: number;
  readonly peakKb: number | undefined;
  /** CPU time (user + system, all threads) as last seen in /proc before the end: a busy machine changes it less than wall time. */
  readonly cpuMs: number | undefined;
  readonly code: number | null;
}

const TICK_MS = 10; // /proc/PID/stat counts CPU time in clock ticks, 100 a second on Linux

/** Runs a process to its end, its output to `outFile`; its wall time and peak RSS (VmHWM polled from /proc on Linux, else unknown). */
function measure(args: string[], outFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const fd = openSync(outFile, 'w');
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', fd, 'inherit'] });
    let peakKb: number | undefined;
    let cpuMs: number | undefined;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb ?? 0, Number(match[1]));
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      } catch {
        // Not Linux, or the process has just ended.
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      closeSync(fd);
      resolve({ ms: performance.now() - start, peakKb, cpuMs, code });
    });
  });
}

// The library as a user gets it (the built package), in one process: read the same NDJSON, JSON.parse, check(). It
// writes each application's verdict (valid|rule,rule) to stdout, after the clock stops, for the comparison.
const LIBRARY = `
import { createInterface } from 'node:readline';
import { createReadStream, readFileSync } from 'node:fs';
import { createCatalog } from '@exlic/core';
import { check } from '@exlic/rules';
const [file, catalogFile, asOf] = process.argv.slice(1);
const catalog = createCatalog(JSON.parse(readFileSync(catalogFile, 'utf8')), { source: 'bench' });
const verdicts = [];
const start = performance.now();
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  const result = check(JSON.parse(line), { asOf, catalog });
  verdicts.push(result.valid + '|' + result.violations.map((v) => v.rule).join(','));
}
const ms = performance.now() - start;
const usage = process.resourceUsage();
process.stderr.write(JSON.stringify({ ms, peakKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }) + '\\n');
process.stdout.write(verdicts.join('\\n'));
`;

/** The verdicts a report gives, in order, in the library script's form (valid|rule,rule per application). */
async function verdictsOf(format: string, file: string, limit = Infinity): Promise<string[]> {
  const verdicts: string[] = [];
  if (format === 'json') {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line.startsWith('    {"source"')) continue;
      const result = JSON.parse(line.replace(/,$/, '')) as { valid: boolean; violations: { rule: string }[] };
      verdicts.push(`${result.valid}|${result.violations.map((violation) => violation.rule).join(',')}`);
      if (verdicts.length >= limit) break;
    }
    return verdicts;
  }
  const text = readFileSync(file, 'utf8');
  if (format === 'table') {
    // "✓ source [class]  counts", then per violation a line with its path and one "message (rule)".
    let current: { valid: boolean; rules: string[] } | undefined;
    const close = () => current && verdicts.push(`${current.valid}|${current.rules.join(',')}`);
    for (const line of text.split('\n')) {
      if (line.startsWith('✓ ') || line.startsWith('✗ ')) {
        close();
        current = { valid: line.startsWith('✓'), rules: [] };
      } else if (current && line.startsWith('            ')) current.rules.push(/\(([^()\s]+)\)$/.exec(line)![1]!);
    }
    close();
    return verdicts;
  }
  // junit: one <testcase> per application; a <failure> when invalid; each violation a line ending "(rule)".
  for (const testcase of text.split('<testcase ').slice(1)) {
    const rules = [...testcase.matchAll(/\(([^()\s]+)\)(?=\n|<\/failure>|<\/system-out>)/g)].map((match) => match[1]!);
    verdicts.push(`${!testcase.includes('<failure')}|${rules.join(',')}`);
  }
  return verdicts;
}

const rate = (count: number) => (ms: number) => (count / ms) * 1000;
const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
let failed = false;

/** Runs `exlic check` `times` times (`between` runs between two of them); each run's verdicts compared with the library's; the spread of apps/s and the largest peak RSS. */
async function cli(label: string, count: number, file: string, extra: string[], expectedOf: () => readonly string[], times: number, between?: () => void): Promise<{ rate: Spread; peakKb: number }> {
  const format = extra[extra.indexOf('--format') + 1]!;
  let peakKb = 0;
  const outFile = path.join(dir, 'report.txt');
  let differences = 0;
  let code: number | null = null;
  const cpu: number[] = [];
  const figure = await repeat(times, async (index) => {
    const run = await measure([bin, 'check', '--as-of', asOf, '--catalog', catalogFile, ...extra, file], outFile);
    const expected = expectedOf();
    peakKb = Math.max(peakKb, run.peakKb ?? 0);
    if (run.cpuMs !== undefined) cpu.push(run.cpuMs);
    code = run.code;
    const got = await verdictsOf(format, outFile, expected.length);
    if (got.length !== expected.length || got.some((verdict, i) => verdict !== expected[i])) differences += 1;
    rmSync(outFile);
    if (index < times - 1) between?.();
    return rate(count)(run.ms);
  });
  console.log(`  ${label.padEnd(44)} ${formatSpread(figure, ' apps/s')}; peak RSS ${mb(peakKb)}; CPU ${cpu.length > 0 ? formatSpread(spread(cpu), ' ms') : 'n/a'}; exit ${code}; verdicts ${differences === 0 ? 'identical to the library' : `DIFFER in ${differences} run(s)`}`);
  if (differences > 0) failed = true;
  return { rate: figure, peakKb };
}

async function main(): Promise<void> {
  if (!existsSync(bin)) throw new Error('packages/cli/dist/bin.js is missing: run npm run build first');
  console.log(`exlic check: applications of every goods class, valid and invalid, as NDJSON; as of ${asOf}; ${runs} runs per figure`);
  console.log(machineLine());
  const file = await generate(COUNT);
  console.log(`${COUNT.toLocaleString('en')} applications (${(statSync(file).size / 1024 / 1024).toFixed(0)} MB of NDJSON):`);
  // The anchor and the default are measured in turns (library, exlic, library, exlic, …), so both see the same machine.
  let expected: string[] = [];
  let libPeak = 0;
  const libraryRates: number[] = [];
  const libraryCpu: number[] = [];
  const runLibrary = () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', LIBRARY, file, catalogFile, asOf], { cwd: path.join(root, 'packages/cli'), encoding: 'utf8', maxBuffer: 1 << 30 });
    const figures = JSON.parse(run.stderr.trim().split('\n').pop()!) as { ms: number; peakKb: number; cpuMs: number };
    expected = run.stdout.split('\n');
    libPeak = Math.max(libPeak, figures.peakKb);
    libraryCpu.push(figures.cpuMs);
    libraryRates.push(rate(COUNT)(figures.ms));
  };
  runLibrary();
  const json = await cli('exlic check --format json', COUNT, file, ['--format', 'json'], () => expected, runs, runLibrary);
  const library = spread(libraryRates);
  console.log(`  ${'library check(), 1 thread (the anchor)'.padEnd(44)} ${formatSpread(library, ' apps/s')}; peak RSS ${mb(libPeak)}; CPU ${formatSpread(spread(libraryCpu), ' ms')}; in turns with the line above`);
  await cli('exlic check --format table', COUNT, file, ['--format', 'table'], () => expected, Math.min(runs, 2));
  await cli('exlic check --format junit', COUNT, file, ['--format', 'junit'], () => expected, Math.min(runs, 2));
  const one = await cli('exlic check --format json --jobs 1', COUNT, file, ['--format', 'json', '--jobs', '1'], () => expected, 1);
  const ratio = json.rate.median / library.median;
  console.log(`  default json: ${ratio.toFixed(2)}x the library (median over median); --jobs 1: ${(one.rate.median / library.median).toFixed(2)}x; ${machineLine()}`);
  rmSync(file);

  let millionPeak: number | undefined;
  if (million) {
    const big = await generate(MILLION);
    console.log(`${MILLION.toLocaleString('en')} applications (${(statSync(big).size / 1024 / 1024).toFixed(0)} MB of NDJSON), default settings, one run (the first ${COUNT.toLocaleString('en')} verdicts compared):`);
    const run = await cli('exlic check --format json', MILLION, big, ['--format', 'json'], () => expected, 1);
    millionPeak = run.peakKb;
    console.log(`  peak RSS ${mb(millionPeak)} (goal under ${RSS_GOAL_MB} MB); ${machineLine()}`);
    rmSync(big);
  }
  rmSync(dir, { recursive: true, force: true });

  const underGoal = millionPeak !== undefined && millionPeak / 1024 < RSS_GOAL_MB;
  summaryRow({
    measure: 'exlic check --format json, 100k applications',
    exlic: `${formatSpread(json.rate, ' apps/s')} default; 1M peak RSS ${mb(millionPeak)}`,
    anchor: `library check() in one thread, same file: ${formatSpread(library, ' apps/s')}`,
    ratio: `${ratio.toFixed(2)}x`,
    goal: `>= 1.6x with 1M under ${RSS_GOAL_MB} MB`,
    met: ratio >= 1.6 && underGoal,
  });

  // Start-up: the median of 11 runs each.
  const startup = (args: string[]) =>
    repeat(11, () => {
      const start = performance.now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      return performance.now() - start;
    });
  console.log(`start-up: exlic --version ${formatSpread(await startup([bin, '--version']), ' ms')}; node -e 0 ${formatSpread(await startup(['-e', '0']), ' ms')} (goal: exlic --version under 150 ms)`);
  if (failed) {
    console.error('exlic check gave verdicts that differ from the library (see above)');
    process.exitCode = 1;
  }
}

await main();
