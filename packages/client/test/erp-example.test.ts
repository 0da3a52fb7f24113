// The ERP example (examples/erp-integration) end to end: `exlic sandbox` as a child process, the script as another, against it.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = join(root, 'examples/erp-integration/declare-order.ts');

async function startSandbox(): Promise<{ url: string; token: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/cli/src/bin.ts'), 'sandbox', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exlic sandbox exited with ${String(code)}: ${out}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^(http:\/\/\S+)$/m.exec(out)?.[1];
      const token = /enterprise 3501M000100Y4 .* token (\S+)$/m.exec(out)?.[1];
      if (url && token && out.includes('admin token')) resolve({ url, token, stop: () => child.kill('SIGINT') });
    });
  });
}

describe('examples/erp-integration', () => {
  it('stays under 60 lines', () => {
    expect(readFileSync(script, 'utf8').trimEnd().split('\n').length).toBeLessThan(60);
  });

  it('maps the order, checks, saves, uploads, declares with the virtual e-key against exlic sandbox, and prints the receipts', { timeout: 120_000 }, async () => {
    const sandbox = await startSandbox();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, EXLIC_SERVER: sandbox.url, EXLIC_TOKEN: sandbox.token }, timeout: 100_000 });
      const lines = stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^declared app_\S+ as \S+$/);
      expect(lines.slice(1)).toEqual([
        'receipt declared: draft → pendingFirstReview',
        'receipt firstReviewPassed: pendingFirstReview → pendingSecondReview',
        expect.stringMatching(/^receipt secondReviewPassed: pendingSecondReview → approved licence \d{2}-[0-9A-Z]{2}-\d{6}$/),
      ]);
    } finally {
      sandbox.stop();
    }
  });
});
