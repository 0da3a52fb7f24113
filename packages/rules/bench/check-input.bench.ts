// The cost of check()'s input stage (options, reading and parsing, defaults, computed fields, context, result) over the
// same 10,000 generated applications as check.bench.ts: the compiled rules alone (contexts prepared up front) and
// check() end to end, measured in one run, interleaved and repeated, so the ratio holds even on a busy machine. The
// input stage is also timed on its own (check() without the rules: the rules' violations are taken from the rules-alone
// pass), now and as it was before the fast path (the reference path: deep copy, zod, copies filled).
// Also checks that check() reports, for every application, the violations the rules alone report.
// Run: npx tsx packages/rules/bench/check-input.bench.ts   (not a test: nothing here asserts a timing)
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { formatSpread, machineLine, repeat, spread, summaryRow, type Spread } from '../../../test-support/bench';
import { check, cleanViolation, finish, prepare } from '../src/check';
import { evaluateCompiled } from '../src/internal/evaluate';
import { rowShapeViolations } from '../src/internal/format-rules';
import { createContext, readApplication } from '../src/internal/normalize';
import { normalizeCheckOptions } from '../src/options';
import type { CheckResult, Violation } from '../src/types';
import { COUNT, applications, asOf, catalog, compiled, fresh, ruleSet } from './workload';

const RUNS = 7;
const options = { asOf, catalog, ruleSet };

// Each application's rule violations and check() result, computed once before the timed passes: the input stage
// reuses the former, the comparison uses both. The timed passes keep nothing (a count only), so no pass pays for
// the previous one's garbage or for holding 10,000 results.
const rulesResults: Violation[][] = fresh().map((ctx) => evaluateCompiled(compiled, ctx, 'declare', 'production'));
const checkResults: CheckResult[] = applications.map((application) => check(application, options));
let sink = 0;
// Collected before each timed pass when the runtime allows it (npm run bench passes --expose-gc).
const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

// CPU time per application of each measurement (the process's, so a busy machine's waits are left out), beside the wall clock.
const cpu: Record<string, number[]> = {};

/** Runs `body` once over the applications: wall-clock µs per application, and the CPU µs recorded under `name`. */
function timed(name: string, body: () => void): number {
  collect();
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  body();
  const wall = ((performance.now() - started) * 1000) / COUNT;
  const used = process.cpuUsage(cpuStarted);
  (cpu[name] ??= []).push((used.user + used.system) / COUNT);
  return wall;
}

function rulesAlone(): number {
  const batch = fresh();
  return timed('rules', () => {
    for (const ctx of batch) sink += evaluateCompiled(compiled, ctx, 'declare', 'production').length;
  });
}

function endToEnd(): number {
  return timed('check', () => {
    for (const application of applications) sink += check(application, options).violations.length;
  });
}

// The input stage alone: check() with the rules' violations already known.
function inputStage(): number {
  return timed('input', () => {
    for (let i = 0; i < COUNT; i += 1) {
      const { ctx, formatViolations, normalized } = prepare(applications[i], options);
      sink += finish(ctx, formatViolations, rulesResults[i]!, normalized).violations.length;
    }
  });
}

// The input stage as it was before the fast path: the reference read (deep copy, zod and its repair loop), copies filled.
function referenceInputStage(): number {
  return timed('before', () => {
    for (let i = 0; i < COUNT; i += 1) {
      const normalized = normalizeCheckOptions(options);
      const read = readApplication(applications[i], { fast: false });
      const ctx = createContext(read.application, { asOf: normalized.asOf, catalog: normalized.catalog });
      const shape = rowShapeViolations(ctx.app.specs, ctx.goodsClass);
      sink += finish(ctx, shape.length === 0 ? read.violations : [...read.violations, ...shape], rulesResults[i]!, normalized).violations.length;
    }
  });
}

// check() lists the format violations first, drops a rule's violation at a path a format violation already names, cuts
// echoed values short and lists at most 100 (then one check.moreViolations counting the rest).
function sameViolations(result: CheckResult, rules: readonly Violation[]): boolean {
  const formatPaths = new Set(result.violations.filter((violation) => violation.rule.startsWith('format.')).map((violation) => JSON.stringify(violation.path)));
  const got = result.violations.filter((violation) => !violation.rule.startsWith('format.') && violation.rule !== 'check.moreViolations');
  const cut = result.violations.length > got.length && result.violations.at(-1)!.rule === 'check.moreViolations';
  const kept = rules.filter((violation) => !formatPaths.has(JSON.stringify(violation.path))).map(cleanViolation);
  const expected = cut ? kept.slice(0, got.length) : kept;
  return isDeepStrictEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(expected)));
}

async function main(): Promise<void> {
  console.log(machineLine());
  // Warm up both paths.
  for (let i = 0; i < 2; i += 1) {
    rulesAlone();
    endToEnd();
    inputStage();
    referenceInputStage();
  }
  const rules: number[] = [];
  const full: number[] = [];
  const input: number[] = [];
  const ratios: number[] = [];
  const direct: number[] = [];
  const before: number[] = [];
  // Interleaved: each run measures all, so a burst of load hits every figure of the run.
  await repeat(RUNS, () => {
    const r = rulesAlone();
    const f = endToEnd();
    direct.push(inputStage());
    before.push(referenceInputStage());
    rules.push(r);
    full.push(f);
    input.push(f - r);
    ratios.push(r / f);
    return f;
  });
  const spreadOf = spread;
  const micro = (value: Spread) => `${value.median.toFixed(1)} µs/app (min ${value.min.toFixed(1)}, max ${value.max.toFixed(1)}; ${value.runs} runs)`;
  const rulesSpread = spreadOf(rules);
  const fullSpread = spreadOf(full);
  const ratio = spreadOf(ratios).median;
  const perSecond = (values: number[]) => spreadOf(values.map((us) => 1e6 / us));

  const cpuLine = (name: string) => `${spreadOf(cpu[name]!.slice(-RUNS)).median.toFixed(1)}`;
  const mismatches = checkResults.filter((result, i) => !sameViolations(result, rulesResults[i]!)).length;
  const invalid = checkResults.filter((result) => !result.valid).length;
  console.log(`${COUNT.toLocaleString('en')} generated applications (${(COUNT - invalid).toLocaleString('en')} valid, ${invalid.toLocaleString('en')} invalid); rule set ${ruleSet.version}`);
  console.log(`compiled rules alone   ${micro(rulesSpread)} = ${formatSpread(perSecond(rules), ' apps/s')}`);
  console.log(`check() end to end     ${micro(fullSpread)} = ${formatSpread(perSecond(full), ' apps/s')}`);
  console.log(`input stage (check() - rules, per run pair) ${micro(spreadOf(input))}`);
  console.log(`input stage on its own    ${micro(spreadOf(direct))}`);
  console.log(`input stage before (reference path) ${micro(spreadOf(before))}; before / now ${spreadOf(before.map((value, i) => value / direct[i]!)).median.toFixed(1)}x (median of the runs)`);
  console.log(`CPU µs/app (medians): rules alone ${cpuLine('rules')}, check() ${cpuLine('check')}, input stage ${cpuLine('input')} (before ${cpuLine('before')})`);
  console.log(`check() / rules alone: ${ratio.toFixed(2)}x (median of the run pairs); violations identical for every application: ${mismatches === 0 ? 'yes' : `NO (${mismatches} differ)`}`);
  console.log(`${machineLine()} (violations counted in the timed passes: ${sink.toLocaleString('en')})`);
  summaryRow({
    measure: 'check() end to end',
    exlic: `${formatSpread(perSecond(full), ' apps/s')}; input stage ${spreadOf(direct).median.toFixed(1)} µs/app (was ${spreadOf(before).median.toFixed(1)})`,
    anchor: `the compiled rules alone ${formatSpread(perSecond(rules), ' apps/s')}`,
    ratio: `${ratio.toFixed(2)}x`,
    goal: '>= 0.5x',
    met: ratio >= 0.5 && mismatches === 0,
  });
  if (mismatches > 0) process.exitCode = 1;
}

await main();
