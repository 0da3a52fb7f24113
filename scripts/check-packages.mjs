// Packaging checks for every workspace package: publint (strict) and @arethetypeswrong/cli.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
let failed = 0;
for (const dir of root.workspaces) {
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
  ]) {
    try {
      execFileSync('npx', ['--no-install', tool, ...args], { stdio: 'inherit' });
    } catch {
      failed += 1;
      console.error(`${tool} failed for ${dir}`);
    }
  }
}
if (failed > 0) process.exit(1);
console.log(`packaging checks passed for ${root.workspaces.length} packages`);
