// Runs every benchmark (packages/*/bench/*.bench.ts) one after another with tsx. Not part of npm test.
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv[2];
for (const pkg of readdirSync('packages').sort()) {
  const dir = join('packages', pkg, 'bench');
  if (!existsSync(dir) || (only && only !== pkg)) continue;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.bench.ts')).sort()) {
    console.log(`\n=== ${pkg}/${file}`);
    // --expose-gc lets a benchmark collect garbage before it reads the heap, so memory figures are steady.
    execFileSync('npx', ['--no-install', 'tsx', '--expose-gc', join(dir, file)], { stdio: 'inherit' });
  }
}
