// The cost of one keystroke in a form, and of one full re-check, on a new-vehicle application with 20
// spec rows (the largest form the rules allow). A keystroke updates the field, its row's totals and the
// goods totals and publishes a snapshot; the rules run later, debounced, once per pause (or per
// maxWaitMs), never per keystroke. Not a test: nothing here asserts a timing.
// Run: npm run bench -- form   (or npx tsx packages/form/bench/form.bench.ts)
import { performance } from 'node:perf_hooks';
import { check } from '@exlic/rules';
import { createApplicationForm, createManualScheduler } from '../src/index';
import { testCatalog, validApplication } from '../../rules/test/generate';
import { machineLine } from '../../../test-support/bench';

const AS_OF = '2026-09-01';
const catalog = testCatalog();
const scheduler = createManualScheduler();
const form = createApplicationForm({ scheduler, asOf: AS_OF, catalog, usdRate: '0.1389', account: { enterprise: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' } } });
form.load(validApplication('vehicleNew', 20));
let published = 0;
form.subscribe(() => (published += 1));

function stats(samples: number[]): { median: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99) };
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

/** Times `count` keystrokes into a field: each types one more character (or the next digit). */
function keystrokes(path: string, count: number, text: (i: number) => string): { median: number; p99: number } {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = text(i);
    const start = performance.now();
    form.setValue(path, value);
    samples.push(performance.now() - start);
    // A pause now and then, as a user's: the debounced check runs outside the timed keystrokes.
    if (i % 50 === 49) form.flush();
  }
  form.flush();
  return stats(samples);
}

// Warm up every path.
keystrokes('specs.7.model', 500, (i) => `M${i}`);
keystrokes('specs.7.quantity', 500, (i) => String(1 + (i % 9)));
keystrokes('importer.nameEn', 500, (i) => `Example ${i}`);

const COUNT = 5_000;
const rows: [string, { median: number; p99: number }][] = [
  ['a row\'s text (specs.7.model)', keystrokes('specs.7.model', COUNT, (i) => 'Model X'.slice(0, 1 + (i % 7)) + String(i))],
  ['a row\'s quantity (specs.7.quantity: row total, USD value, goods totals)', keystrokes('specs.7.quantity', COUNT, (i) => String(1 + (i % 97)))],
  ['a basic field (importer.nameEn)', keystrokes('importer.nameEn', COUNT, (i) => `Example Import ${i}`)],
];

// A full re-check: what runs once per pause (the declare check, the required fields, the fields whose violations moved).
const checks: number[] = [];
for (let i = 0; i < 1_000; i += 1) {
  form.setValue('specs.3.quantity', String(1 + (i % 5)));
  const start = performance.now();
  form.flush();
  checks.push(performance.now() - start);
}
const recheck = stats(checks);

const app = form.toApplication();
const alone: number[] = [];
for (let i = 0; i < 1_000; i += 1) {
  const start = performance.now();
  check(app, { asOf: AS_OF, catalog });
  alone.push(performance.now() - start);
}
const checkAlone = stats(alone);

console.log(`form with ${Object.keys(form.getSnapshot().fields).length} fields (a new-vehicle application, 20 spec rows); ${COUNT} keystrokes per line; snapshots published: ${published}`);
for (const [name, { median, p99 }] of rows) console.log(`  keystroke into ${name}: median ${us(median)}, p99 ${us(p99)}`);
console.log(`  full re-check after a pause (the declare check, what blocks saving read from it, the required fields, the fields whose violations moved): median ${us(recheck.median)}, p99 ${us(recheck.p99)}`);
console.log(`  check() alone on the same application, for comparison: median ${us(checkAlone.median)}, p99 ${us(checkAlone.p99)}`);
console.log(machineLine());
