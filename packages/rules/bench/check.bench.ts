// The bundled rule set over 10,000 generated applications of every goods class, valid and invalid, by each
// interpreter: the generated module (what check() runs), the compiled closures (what a caller's own rule set
// runs on), and json-rules-engine with the engine reused and with a new engine per application. Every
// interpreter's violations are compared, field by field, over all 10,000 applications (exit code 1 if any
// differs). Reading and normalising is shared by all of them, so it is done once up front and not timed
// (bench/check-input.bench.ts measures check() end to end).
// Run: npx tsx --expose-gc packages/rules/bench/check.bench.ts   (not a test: nothing here asserts a timing)
import { performance } from 'node:perf_hooks';
import { formatSpread, machineLine, repeat, spread, summaryRow, type Spread } from '../../../test-support/bench';
import { evaluateWithEngine } from '../src/internal/engine';
import { evaluateClosures, evaluateCompiled } from '../src/internal/evaluate';
import type { Violation } from '../src/types';
import { COUNT, compiled, fresh, ruleSet } from './workload';

// json-rules-engine is ~100x slower: its runs each take a third of the applications (together all of them, so
// every application is compared), and a new engine per application is timed on 300 applications a run.
const ENGINE_RUNS = 3;
const FRESH_PER_RUN = 300;
const FAST_RUNS = 7;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

type Interpreter = 'generated' | 'closures' | 'engine' | 'newEngine';
const results: Record<Interpreter, (string | undefined)[]> = { generated: [], closures: [], engine: [], newEngine: [] };
const keep = (name: Interpreter, from: number, violations: readonly Violation[][]) => violations.forEach((list, i) => (results[name][from + i] = JSON.stringify(list)));

// Applications per second of CPU time (this process's user and system time), by interpreter: steadier than the
// wall clock when other processes share the machine (a run's CPU time includes the garbage collector's threads).
const cpuRates: Record<Interpreter, number[]> = { generated: [], closures: [], engine: [], newEngine: [] };
function cpuRate(name: Interpreter, count: number, since: NodeJS.CpuUsage): void {
  const used = process.cpuUsage(since);
  cpuRates[name].push((count / (used.user + used.system)) * 1e6);
}

// The fast interpreters' timed passes keep nothing but a count (as bench/check-input.bench.ts does), so no pass pays
// for holding 10,000 results; their violations are taken in one untimed pass each. json-rules-engine's runs keep
// theirs: each of its applications takes ~100 times longer than keeping its result.
let sink = 0;
function runSync(name: 'generated' | 'closures', evaluate: typeof evaluateCompiled): number {
  const batch = fresh();
  gc();
  const cpu = process.cpuUsage();
  const start = performance.now();
  let count = 0;
  for (const ctx of batch) count += evaluate(compiled, ctx, 'declare', 'production').length;
  const rate = (COUNT / (performance.now() - start)) * 1000;
  cpuRate(name, COUNT, cpu);
  sink += count;
  return rate;
}

async function runEngine(name: 'engine' | 'newEngine', from: number, to: number): Promise<number> {
  const batch = fresh(from, to);
  gc();
  const out: Violation[][] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const ctx of batch) out.push(await evaluateWithEngine(compiled, ctx, 'declare', 'production', { fresh: name === 'newEngine' }));
  const rate = ((to - from) / (performance.now() - start)) * 1000;
  cpuRate(name, to - from, cpu);
  keep(name, from, out);
  return rate;
}

async function main(): Promise<void> {
  // Warm up every path.
  for (const ctx of fresh(0, 500)) {
    evaluateCompiled(compiled, ctx, 'declare', 'production');
    evaluateClosures(compiled, { ...ctx, memo: new Map() }, 'declare', 'production');
    await evaluateWithEngine(compiled, { ...ctx, memo: new Map() }, 'declare', 'production');
  }
  console.log(machineLine());

  keep('generated', 0, fresh().map((ctx) => evaluateCompiled(compiled, ctx, 'declare', 'production')));
  keep('closures', 0, fresh().map((ctx) => evaluateClosures(compiled, ctx, 'declare', 'production')));

  // The generated module and the closures interleaved, run by run, so a busy machine slows both alike.
  const fast: Record<'generated' | 'closures', number[]> = { generated: [], closures: [] };
  for (let run = 0; run < FAST_RUNS; run += 1) {
    fast.generated.push(runSync('generated', evaluateCompiled));
    fast.closures.push(runSync('closures', evaluateClosures));
  }
  const generated = await repeat(FAST_RUNS, (run) => fast.generated[run]!);
  const closures = await repeat(FAST_RUNS, (run) => fast.closures[run]!);
  const third = Math.ceil(COUNT / ENGINE_RUNS);
  const engine = await repeat(ENGINE_RUNS, (run) => runEngine('engine', run * third, Math.min(COUNT, (run + 1) * third)));
  const newEngine = await repeat(ENGINE_RUNS, (run) => runEngine('newEngine', run * FRESH_PER_RUN, (run + 1) * FRESH_PER_RUN));
  console.log(machineLine());

  // Identical violations: every application against the generated module's, by every interpreter that ran it.
  const differing = (name: Interpreter) => results[name].filter((json, i) => json !== undefined && json !== results.generated[i]).length;
  const compared = (name: Interpreter) => results[name].filter((json) => json !== undefined).length;
  const mismatches = (['closures', 'engine', 'newEngine'] as const).map((name) => ({ name, compared: compared(name), differing: differing(name) }));
  const identical = mismatches.every((entry) => entry.differing === 0) && compared('engine') === COUNT && compared('closures') === COUNT;
  const lists = results.generated.map((json) => JSON.parse(json!) as Violation[]);
  const invalid = lists.filter((violations) => violations.some((violation) => violation.severity === 'error')).length;
  const total = lists.reduce((sum, violations) => sum + violations.length, 0);

  const rate = (value: Spread) => formatSpread(value, ' apps/s');
  console.log(`rule set ${ruleSet.version}: ${ruleSet.rules.length} rules; ${COUNT.toLocaleString('en')} applications (${(COUNT - invalid).toLocaleString('en')} valid, ${invalid.toLocaleString('en')} invalid, ${total.toLocaleString('en')} violations), declare phase`);
  console.log(`generated module (check()'s rules)   ${rate(generated)}`);
  console.log(`compiled closures (own rule sets)    ${rate(closures)}  -> generated ${(generated.median / closures.median).toFixed(2)}x`);
  console.log(`json-rules-engine, engine reused     ${rate(engine)}  (${ENGINE_RUNS} runs of ${third.toLocaleString('en')} applications)`);
  console.log(`json-rules-engine, new engine        ${rate(newEngine)}  (${ENGINE_RUNS} runs of ${FRESH_PER_RUN} applications)`);
  const cpu = (name: Interpreter) => spread(cpuRates[name]).median;
  console.log(`on CPU time (medians): generated ${Math.round(cpu('generated')).toLocaleString('en')}, closures ${Math.round(cpu('closures')).toLocaleString('en')}, json-rules-engine reused ${Math.round(cpu('engine')).toLocaleString('en')} apps/s -> generated ${(cpu('generated') / cpu('engine')).toFixed(1)}x the engine, ${(cpu('generated') / cpu('closures')).toFixed(2)}x the closures`);
  for (const { name, compared: count, differing: wrong } of mismatches) console.log(`identical violations, ${name} vs generated: ${wrong === 0 ? 'yes' : `NO (${wrong} differ)`} over ${count.toLocaleString('en')} applications`);

  // The timed passes found as many violations as the compared ones (they keep only the count).
  const countsAgree = sink === FAST_RUNS * 2 * total;
  console.log(`timed passes found the compared passes' ${total.toLocaleString('en')} violations each: ${countsAgree ? 'yes' : 'NO'}`);
  if (!countsAgree) process.exitCode = 1;
  const ratio = generated.median / engine.median;
  summaryRow({
    measure: 'compiled rules, 10k generated applications, identical violations',
    exlic: `${rate(generated)}; identical violations: ${identical ? 'yes' : 'NO'}`,
    anchor: `json-rules-engine (engine reused) ${rate(engine)}`,
    ratio: `${ratio.toFixed(1)}x`,
    goal: '>= 100x and >= 150,000 apps/s',
    met: identical && ratio >= 100 && generated.median >= 150_000,
  });
  if (!identical) process.exitCode = 1;
}

await main();
