// A new user's first two commands, on a fresh clone: `npm ci`, then the README's `npx --no-install exlic`.
// npm links workspace bins before `prepare` builds dist/, so this proves the committed launcher
// (packages/cli/bin/exlic.js) is what gets linked. A clone holds commits only: this tests HEAD, not
// uncommitted changes. Slow (npm ci builds every package), so `npm test` runs it on its own after the
// other tests (npm run test:clone), never beside them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repositoryRoot, encoding: 'utf8' });
const inGit = head.status === 0;
if (!inGit) process.stderr.write('skipped fresh-clone test: not in a git checkout (it clones the repository\'s HEAD); run it from a clone\n');

describe.skipIf(!inGit)('a fresh clone', () => {
  const folder = mkdtempSync(join(tmpdir(), 'exlic-fresh-clone-'));
  // The clone has a full node_modules: removing it takes a while on a busy disk.
  afterAll(() => rmSync(folder, { recursive: true, force: true }), 180_000);

  it('links exlic on npm ci, so npx --no-install exlic lookup and exlic sandbox answer from the clone', { timeout: 600_000 }, async () => {
    const clone = join(folder, 'exlic');
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
    const sandbox = spawn('npx', ['--no-install', 'exlic', 'sandbox', '--port', '0'], { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        sandbox.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
        });
        sandbox.once('exit', (code) => reject(new Error(`exlic sandbox exited with ${code}`)));
      });
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const contract = (await (await fetch(`${firstLine}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
      expect(contract.openapi).toBe('3.1.0');
      expect(Object.keys(contract.paths)).toContain('/v1/applications/{id}/declare');
    } finally {
      sandbox.kill('SIGINT');
    }
  });
});
