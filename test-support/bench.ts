// What every benchmark shares: the machine line (Node, CPUs, load average), figures repeated and given as
// min / median / max, and the summary rows that `npm run bench` (scripts/bench.mjs) gathers from all
// benchmarks into one table at the end of its run. Not part of npm test: nothing here asserts a timing.
import { appendFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** The figures of a measurement repeated several times. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

/** `Node v20.20.2; 2 CPUs; load average 1.3 1.9 2.0`: printed next to every set of figures, since a busy machine changes them. */
export function machineLine(): string {
  return `Node ${process.version}; ${cpus().length} CPUs; load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`;
}

/** The min, median and max of some figures (the median of an even count is the lower middle one). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() needs at least one figure');
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Runs `measure` `times` times, one after another, and gives the spread of the figures it returns. */
export async function repeat(times: number, measure: (run: number) => number | Promise<number>): Promise<Spread> {
  const figures: number[] = [];
  for (let run = 0; run < times; run += 1) figures.push(await measure(run));
  return spread(figures);
}

/** `1,234 (min 1,100, max 1,300; 5 runs)`. */
export function formatSpread(value: Spread, unit = ''): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  return `${n(value.median)}${unit} (min ${n(value.min)}, max ${n(value.max)}; ${value.runs} runs)`;
}

/** One row of the summary table `npm run bench` prints at the end: one row of issue 22's table. */
export interface SummaryRow {
  /** What is measured, e.g. "compiled rules, 10k generated applications". */
  readonly measure: string;
  /** exlic's figure, e.g. "71,000 apps/s (min …, max …)". */
  readonly exlic: string;
  /** The anchor it is compared with and its figure, e.g. "json-rules-engine 650 apps/s". */
  readonly anchor: string;
  /** exlic against the anchor, e.g. "109x" or "1.05x". */
  readonly ratio: string;
  /** The goal, e.g. ">= 100x". */
  readonly goal: string;
  /** Whether the goal is met in this run. */
  readonly met: boolean;
}

/**
 * Prints a summary row, and when run under `npm run bench` (which sets EXLIC_BENCH_ROWS to a file) also
 * appends it there, so the whole run ends with one table of every row side by side.
 */
export function summaryRow(row: SummaryRow): void {
  const withLoad = { ...row, load: loadavg()[0]!.toFixed(1) };
  console.log(`summary: ${row.measure}: ${row.exlic} vs ${row.anchor} = ${row.ratio} (goal ${row.goal}: ${row.met ? 'met' : 'NOT met'})`);
  const file = process.env.EXLIC_BENCH_ROWS;
  if (file) appendFileSync(file, `${JSON.stringify(withLoad)}\n`);
}
