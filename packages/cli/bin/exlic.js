#!/usr/bin/env node
// The `exlic` command's launcher, committed (not built) so that npm links the bin when it installs the
// workspace, which happens before `prepare` builds dist/. It only loads the built CLI.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('exlic: the CLI is not built yet (dist/bin.js is missing); run `npm run build` in the repository, then try again\n');
  process.exit(1);
}
await import(built.href);
