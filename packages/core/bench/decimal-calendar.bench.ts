// Core's own exact decimals and calendar arithmetic next to decimal.js and date-fns (per-function
// imports) on the work the rules do per application: multiply unit price × quantity per row, sum the
// rows, compare totals; add months to a date and count days between two. Also the gzip size each
// library would add to a browser bundle. This is the measurement behind running core's own code and
// keeping decimal.js and date-fns as test oracles only. Run: npx tsx packages/core/bench/decimal-calendar.bench.ts
import { gzipSync } from 'node:zlib';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { Decimal } from 'decimal.js';
import { build } from 'esbuild';
import { addMonthsIso, compareDecimals, daysBetween, multiplyDecimals, sumDecimals } from '../src/index';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const amount = () => (random() * 100_000).toFixed(Math.floor(random() * 5));
const ROWS = Array.from({ length: 2_000 }, () => Array.from({ length: 10 }, () => [amount(), amount()] as const));
const DATES = Array.from({ length: 20_000 }, () => {
  const d = new Date(2000 + Math.floor(random() * 40), Math.floor(random() * 12), 1 + Math.floor(random() * 28));
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
});
const Exact = Decimal.clone({ precision: 1000 });

function perSecond(label: string, items: number, run: () => unknown): number {
  run(); // warm-up
  const rounds = 5;
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) run();
  const rate = (items * rounds) / ((performance.now() - start) / 1000);
  console.log(`  ${label.padEnd(46)} ${Math.round(rate).toLocaleString('en').padStart(12)} /s`);
  return rate;
}

console.log(`decimals: ${ROWS.length} applications × 10 rows (multiply, sum, compare)`);
const ownDecimal = perSecond('core (BigInt scaled integers)', ROWS.length, () => {
  for (const rows of ROWS) {
    const total = sumDecimals(rows.map(([price, quantity]) => multiplyDecimals(price, quantity)));
    compareDecimals(total, '1000000');
  }
});
const libDecimal = perSecond('decimal.js (precision 1000)', ROWS.length, () => {
  for (const rows of ROWS) {
    const total = rows.reduce((sum, [price, quantity]) => sum.plus(new Exact(price).times(quantity)), new Exact(0));
    total.comparedTo('1000000');
  }
});
console.log(`  core is ${(ownDecimal / libDecimal).toFixed(1)}× decimal.js`);

console.log(`calendar: ${DATES.length} dates (add 6 months, days to the next date)`);
const ownCalendar = perSecond('core (numbers, no Date)', DATES.length, () => {
  for (let i = 0; i < DATES.length; i += 1) {
    addMonthsIso(DATES[i]!, 6);
    daysBetween(DATES[i]!, DATES[(i + 1) % DATES.length]!);
  }
});
const libCalendar = perSecond('date-fns (parseISO, addMonths, format, …)', DATES.length, () => {
  for (let i = 0; i < DATES.length; i += 1) {
    const date = parseISO(DATES[i]!);
    format(addMonths(date, 6), 'yyyy-MM-dd');
    differenceInCalendarDays(parseISO(DATES[(i + 1) % DATES.length]!), date);
  }
});
console.log(`  core is ${(ownCalendar / libCalendar).toFixed(1)}× date-fns`);

async function gzipOf(source: string): Promise<string> {
  const result = await build({ stdin: { contents: source, resolveDir: process.cwd() }, bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, tsconfigRaw: '{}' });
  return `${(gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength / 1000).toFixed(1)} KB gzip`;
}
console.log('what each library adds to a browser bundle:');
console.log(`  decimal.js: ${await gzipOf("import { Decimal } from 'decimal.js'; globalThis.x = Decimal;")}`);
console.log(
  `  date-fns (parseISO, format, addMonths, differenceInCalendarDays): ${await gzipOf(
    "import { parseISO } from 'date-fns/parseISO'; import { format } from 'date-fns/format'; import { addMonths } from 'date-fns/addMonths'; import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays'; globalThis.x = [parseISO, format, addMonths, differenceInCalendarDays];",
  )}`,
);
console.log(machineLine());
