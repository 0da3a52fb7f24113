// Applications per second over 10,000 generated applications of every goods class, valid and invalid:
// the compiled path, json-rules-engine with the engine reused, and a new engine per application.
// Run: npx tsx packages/rules/bench/check.bench.ts   (not a test: nothing here asserts a timing)
import { performance } from 'node:perf_hooks';
import { check } from '../src/check';
import { compileRuleSet } from '../src/internal/compile';
import { evaluateWithEngine } from '../src/internal/engine';
import { evaluateCompiled } from '../src/internal/evaluate';
import { createContext, readApplication } from '../src/internal/normalize';
import { getBundledRuleSet } from '../src/rule-set';
import { generateApplications, testCatalog } from '../test/generate';
import type { Violation } from '../src/types';

const COUNT = 10_000;
const asOf = '2026-09-01';
const catalog = testCatalog();
const ruleSet = getBundledRuleSet();
const compiled = compileRuleSet(ruleSet);
const applications = generateApplications(COUNT, 7);
// The rule evaluation is what the interpreters differ in; reading and normalising is shared, so it is done once up front (and timed separately below).
const contexts = applications.map((application) => createContext(readApplication(application).application, { asOf, catalog }));
const fresh = () => contexts.map((ctx) => ({ ...ctx, memo: new Map<string, unknown>() }));

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function main(): Promise<void> {
  // Warm up every path.
  for (const ctx of fresh().slice(0, 500)) {
    evaluateCompiled(compiled, ctx, 'declare', 'production');
    await evaluateWithEngine(compiled, ctx, 'declare', 'production');
  }

  // The compiled path: the median of 5 full passes (a pass takes a fraction of a second, so one alone is noisy).
  const passes: number[] = [];
  let compiledResults: Violation[][] = [];
  let batch = fresh();
  let t = 0;
  for (let pass = 0; pass < 5; pass += 1) {
    batch = fresh();
    t = performance.now();
    compiledResults = batch.map((ctx) => evaluateCompiled(compiled, ctx, 'declare', 'production'));
    passes.push(performance.now() - t);
  }
  const compiledMs = passes.sort((a, b) => a - b)[2]!;

  batch = fresh();
  t = performance.now();
  const engineResults: Violation[][] = [];
  for (const ctx of batch) engineResults.push(await evaluateWithEngine(compiled, ctx, 'declare', 'production'));
  const engineMs = performance.now() - t;

  const perAppCount = 1_000;
  batch = fresh().slice(0, perAppCount);
  t = performance.now();
  const freshResults: Violation[][] = [];
  for (const ctx of batch) freshResults.push(await evaluateWithEngine(compiled, ctx, 'declare', 'production', { fresh: true }));
  const freshMs = performance.now() - t;

  t = performance.now();
  for (const application of applications) check(application, { asOf, catalog, ruleSet });
  const fullMs = performance.now() - t;

  const same = compiledResults.every((violations, i) => JSON.stringify(violations) === JSON.stringify(engineResults[i]));
  const sameFresh = freshResults.every((violations, i) => JSON.stringify(violations) === JSON.stringify(compiledResults[i]));
  const invalid = compiledResults.filter((violations) => violations.some((v) => v.severity === 'error')).length;
  const violations = compiledResults.reduce((sum, list) => sum + list.length, 0);

  const compiledRate = rate(COUNT, compiledMs);
  const engineRate = rate(COUNT, engineMs);
  const freshRate = rate(perAppCount, freshMs);
  console.log(`rule set ${ruleSet.version}: ${ruleSet.rules.length} rules; ${COUNT} applications (${COUNT - invalid} valid, ${invalid} invalid, ${violations} violations); node ${process.version}`);
  console.log(`compiled (rules only)            ${compiledRate.toLocaleString('en')} apps/s`);
  console.log(`json-rules-engine, engine reused ${engineRate.toLocaleString('en')} apps/s`);
  console.log(`json-rules-engine, new engine    ${freshRate.toLocaleString('en')} apps/s (over ${perAppCount} applications)`);
  console.log(`check() end to end (read, normalise, compiled rules) ${rate(COUNT, fullMs).toLocaleString('en')} apps/s`);
  console.log(`ratio compiled / engine reused: ${(compiledRate / engineRate).toFixed(1)}x; identical violations: ${same && sameFresh ? 'yes' : 'NO'}`);
  if (!same || !sameFresh) process.exitCode = 1;
}

await main();
