// `npm run demo`: what exlic does today, on a fresh clone, with the built CLI.
// 1. look up code tables and the catalog as the portal's lookups do (pinyin initials included);
// 2. check the sample applications against the form rules (some are invalid on purpose);
// 3. hold them to their expected violations, as a tester's CI would: this step decides the exit code.
import { spawnSync } from 'node:child_process';

const bin = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
const run = (title, args) => {
  console.log(`\n$ exlic ${args.join(' ')}    # ${title}`);
  return spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' }).status;
};

run('trade mode by pinyin initials', ['lookup', 'tradeModes', 'ybmy']);
run('importing country by full pinyin', ['lookup', 'countries', 'eluosi']);
run('commodity catalog by Chinese characters', ['lookup', 'catalog', '锗', '--limit', '3']);
const found = run('every sample application (exit 1: some are invalid on purpose)', ['check', 'examples/applications']);
const expected = run('every sample against its .expect.json', ['check', '--expect', 'examples/applications']);
console.log(`\ndemo: check exited ${found} (invalid samples found), --expect exited ${expected} (${expected === 0 ? 'every sample gave exactly its expected violations' : 'a sample differs from its expectations'})`);
process.exitCode = expected ?? 1;
