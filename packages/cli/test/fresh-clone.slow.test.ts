// A new user's first commands, on a fresh clone: `npm ci`, then the README's `npx --no-install exlic`, then
// every shell block of the getting-started guides (docs/getting-started.en.md and .zh.md), as written.
// npm links workspace bins before `prepare` builds dist/, so this proves the committed launcher
// (packages/cli/bin/exlic.js) is what gets linked. A clone holds commits only: this tests HEAD, not
// uncommitted changes. Slow (npm ci builds every package), so `npm test` runs it on its own after the
// other tests (npm run test:clone), never beside them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8' });
const inGit = head.status === 0;
if (!inGit) process.stderr.write('skipped fresh-clone test: not in a git checkout (it clones the repository\'s HEAD); run it from a clone\n');

/** A shell block of a guide: its fence's words after the language (`clone`, `server`), and its text. */
interface ShellBlock {
  readonly guide: string;
  readonly marks: string[];
  readonly text: string;
}

function shellBlocks(guide: string): ShellBlock[] {
  const text = readFileSync(join(repositoryRoot, guide), 'utf8');
  return [...text.matchAll(/^```(?:sh|bash|shell)([^\n]*)\n([\s\S]*?)^```/gm)].map((match) => ({ guide, marks: match[1]!.trim().split(/\s+/).filter(Boolean), text: match[2]! }));
}

// A guide's comment starts at a # after a space; the docs never put one inside quotes.
const withoutComment = (line: string) => line.replace(/\s+#\s.*$/, '').trim();

/**
 * Starts a long-running command of a `server` block, waits for the URL it prints first, checks that the
 * contract answers there, and stops it. `--port 0` is added so that the test never collides with another
 * sandbox on this machine; the command is otherwise as the guide writes it.
 */
async function probeServer(clone: string, command: string): Promise<void> {
  const child = spawn('bash', ['-c', `exec ${command} --port 0`], { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${command}: no URL within 60 s; stderr: ${stderr}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(out.slice(0, out.indexOf('\n')));
        }
      });
      void exited.then((code) => reject(new Error(`${command} exited with ${code}: ${stderr}`)));
    });
    expect(url, command).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const contract = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(contract.openapi, command).toBe('3.1.0');
    expect(Object.keys(contract.paths), command).toContain('/v1/applications/{id}/declare');
  } finally {
    // The whole group: bash became npx, which started node.
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    await exited;
  }
}

describe.skipIf(!inGit)('a fresh clone', () => {
  const folder = mkdtempSync(join(tmpdir(), 'exlic-fresh-clone-'));
  const clone = join(folder, 'exlic');
  // The clone has a full node_modules: removing it takes a while on a busy disk.
  afterAll(() => rmSync(folder, { recursive: true, force: true }), 180_000);

  it('links exlic on npm ci, so npx --no-install exlic lookup and exlic sandbox answer from the clone', { timeout: 600_000 }, async () => {
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repositoryRoot, clone], { stdio: 'pipe' });
    execFileSync('git', ['checkout', '--quiet', '--detach', head.stdout.trim()], { cwd: clone, stdio: 'pipe' });
    // --prefer-offline: the packages are in npm's cache after the repository's own npm ci.
    const install = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, encoding: 'utf8', timeout: 540_000 });
    expect(install.status, install.stderr).toBe(0);

    const lookup = spawnSync('npx', ['--no-install', 'exlic', 'lookup', 'tradeModes', 'ybmy', '--format', 'json'], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(lookup.status, lookup.stderr).toBe(0);
    const rows = JSON.parse(lookup.stdout) as { code: string; name: string }[];
    expect(rows[0]).toMatchObject({ code: '0110', name: '一般贸易' });

    // exlic sandbox --port 0: the first line printed is the URL, and the contract answers there.
    await probeServer(clone, 'npx --no-install exlic sandbox');
  });

  // Runs after the test above, in the clone it installed.
  for (const guide of ['docs/getting-started.en.md', 'docs/getting-started.zh.md']) {
    it(`runs every shell block of ${guide} as written`, { timeout: 600_000 }, async () => {
      const blocks = shellBlocks(guide);
      expect(blocks.length).toBeGreaterThanOrEqual(4);
      for (const block of blocks) {
        if (block.marks.includes('clone')) {
          // What the test did itself: a clone (of HEAD, not of the network) and npm ci.
          expect(block.text).toMatch(/git clone \S+/);
          expect(block.text).toMatch(/^npm ci$/m);
          continue;
        }
        if (block.marks.includes('server')) {
          const commands = block.text.split('\n').map(withoutComment).filter((line) => line !== '');
          expect(commands.length).toBeGreaterThan(0);
          for (const command of commands) await probeServer(clone, command);
          continue;
        }
        const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', block.text], { cwd: clone, encoding: 'utf8', timeout: 300_000 });
        expect(run.status, `${guide}:\n${block.text}\n${run.stdout}\n${run.stderr}`).toBe(0);
      }
    });
  }
});
