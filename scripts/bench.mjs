// Runs every benchmark (packages/*/bench/*.bench.ts) one after another with tsx, after the browser-bundle
// sizes against their budgets. Not part of npm test. `npm run bench -- core` runs one package; `-- size` the sizes only.
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
if (!only || only === 'size') {
  // Browser-bundle sizes next to their budgets (the same check npm test runs), from the built packages.
  console.log('\n=== browser bundles (esbuild, browser, minified, gzip) against their budgets');
  execFileSync(process.execPath, ['scripts/check-size.mjs', '--verbose'], { stdio: 'inherit' });
}
for (const pkg of readdirSync('packages').sort()) {
  const dir = join('packages', pkg, 'bench');
  if (!existsSync(dir) || (only && only !== pkg)) continue;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.bench.ts')).sort()) {
    console.log(`\n=== ${pkg}/${file}`);
    // --expose-gc lets a benchmark collect garbage before it reads the heap, so memory figures are steady.
    execFileSync('npx', ['--no-install', 'tsx', '--expose-gc', join(dir, file)], { stdio: 'inherit' });
  }
}
