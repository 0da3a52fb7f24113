// `npm run demo [-- --lang zh|en]`: the whole licence story, exactly `exlic demo` of the built CLI (npm ci
// builds it). A sandbox Single Window in memory, a virtual e-key and @exlic/client; nothing leaves the
// machine. Exits with the demo's status: 0, or 1 naming the step that failed.
import { spawnSync } from 'node:child_process';

const bin = new URL('../packages/cli/bin/exlic.js', import.meta.url).pathname;
const { status, error } = spawnSync(process.execPath, [bin, 'demo', ...process.argv.slice(2)], { stdio: 'inherit' });
if (error) console.error(`npm run demo: could not start the CLI (${error.message}); run npm ci first, which builds it.`);
process.exitCode = status ?? 1;
