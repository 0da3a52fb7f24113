// Runs every benchmark (packages/*/bench/*.bench.ts) one after another with tsx, after the browser-bundle
// sizes against their budgets, and ends with one table of the summary rows the benchmarks reported
// (test-support/bench.ts's summaryRow), side by side. Not part of npm test: nothing here asserts a timing.
// `npm run bench -- core` runs one package; `-- size` the sizes only. Each benchmark's time and the total are
// printed; a benchmark that fails is named at the end (exit code 1) after the others have run.
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv[2];
const rowsDir = mkdtempSync(join(tmpdir(), 'exlic-bench-'));
const rowsFile = join(rowsDir, 'rows.ndjson');
const started = loadavg().map((value) => value.toFixed(1)).join(' ');
const startedAt = performance.now();
const timings = [];
const failed = [];
try {
  if (!only || only === 'size') {
    // Browser-bundle sizes next to their budgets (the same check npm test runs), from the built packages.
    console.log('\n=== browser bundles (esbuild, browser, minified, gzip) against their budgets');
    execFileSync(process.execPath, ['scripts/check-size.mjs', '--verbose'], { stdio: 'inherit' });
  }
  for (const pkg of readdirSync('packages').sort()) {
    const dir = join('packages', pkg, 'bench');
    if (!existsSync(dir) || (only && only !== pkg)) continue;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.bench.ts')).sort()) {
      console.log(`\n=== ${pkg}/${file} (load average ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);
      const benchStarted = performance.now();
      try {
        // --expose-gc lets a benchmark collect garbage before it reads the heap, so memory figures are steady.
        execFileSync('npx', ['--no-install', 'tsx', '--expose-gc', join(dir, file)], { stdio: 'inherit', env: { ...process.env, EXLIC_BENCH_ROWS: rowsFile } });
      } catch {
        // Its output says why; the other benchmarks still run, and the run ends with exit code 1.
        failed.push(`${pkg}/${file}`);
      }
      timings.push([`${pkg}/${file}`, (performance.now() - benchStarted) / 1000]);
    }
  }
  printSummary();
  console.log(`\n=== time: ${timings.map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`).join(', ')}; total ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  if (failed.length > 0) {
    console.log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(rowsDir, { recursive: true, force: true });
}

function printSummary() {
  if (!existsSync(rowsFile)) return;
  const rows = readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  if (rows.length === 0) return;
  const header = ['measure', 'exlic', 'anchor', 'ratio', 'goal', 'met', 'load'];
  const cells = rows.map((row) => [row.measure, row.exlic, row.anchor, row.ratio, row.goal, row.met ? 'yes' : 'NO', row.load]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => String(line[i]).length)));
  const line = (values) => values.map((value, i) => String(value).padEnd(widths[i])).join(' | ');
  console.log(`\n=== summary, side by side (Node ${process.version}; ${cpus().length} CPUs; load average at start ${started}, at end ${loadavg().map((value) => value.toFixed(1)).join(' ')})`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const values of cells) console.log(line(values));
}
