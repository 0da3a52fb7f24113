// The generated-client example end to end against `exlic sandbox --port 0`, and the drift check of its generated types.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../../test-support/requirements';
import { runFlow, type FlowOptions } from '../src/flow';
import { createOpensslEKey, hasOpensslSm2, type OpensslEKey } from '../src/openssl-ekey';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const generated = fileURLToPath(new URL('../src/openapi.ts', import.meta.url));
const skip = skipWithout(
  { what: 'the OpenSSL command line with SM2 (OpenSSL 3)', available: hasOpensslSm2(), install: 'install it with `apt-get install openssl`', variable: 'EXLIC_REQUIRE_OPENSSL' },
  'examples/generated-client',
);

describe('the generated types', () => {
  it('equal what openapi-typescript generates from docs/openapi.yaml now (regenerate: npm run gen -w @exlic/example-generated-client)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'exlic-gen-'));
    try {
      const out = join(folder, 'openapi.ts');
      const cli = join(root, 'node_modules/openapi-typescript/bin/cli.js');
      const run = spawnSync(process.execPath, [cli, join(root, 'docs/openapi.yaml'), '-o', out], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      expect(readFileSync(generated, 'utf8')).toBe(readFileSync(out, 'utf8'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(skip)('a client generated from the contract, with OpenSSL as the e-key', () => {
  let sandbox: ChildProcess;
  let baseUrl: string;
  let token: string;
  let ekey: OpensslEKey;

  beforeAll(async () => {
    sandbox = spawn(process.execPath, [join(root, 'packages/cli/bin/exlic.js'), 'sandbox', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // The first line is the URL; then one line per seeded operator with its token; the admin token ends the list.
    const lines = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      sandbox.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/^admin token /m.test(out)) resolve(out.split('\n'));
      });
      sandbox.once('exit', (code) => reject(new Error(`exlic sandbox exited with ${code}`)));
    });
    baseUrl = lines[0]!.trim();
    // The sample's exporter is 3501M000100Y4, one of the demo enterprises.
    const line = lines.find((entry) => entry.startsWith('enterprise 3501M000100Y4 '));
    token = /token (\S+)/.exec(line ?? '')![1]!;
    ekey = createOpensslEKey('generated-client');
  }, 60_000);

  afterAll(async () => {
    ekey?.dispose();
    if (sandbox !== undefined && sandbox.exitCode === null) {
      const exited = new Promise((resolve) => sandbox.once('exit', resolve));
      sandbox.kill('SIGINT');
      await exited;
    }
  });

  it('binds, saves, uploads, declares and reads the receipts from the feed and from verified pushes', async () => {
    const application = JSON.parse(readFileSync(join(root, 'examples/applications/general-valid.json'), 'utf8')) as FlowOptions['application'];
    const result = await runFlow({ baseUrl, token, ekey, application });

    expect(result.enterprise).toBe('3501M000100Y4');
    expect(result.certificateFingerprint).toBe(ekey.fingerprint);
    expect(result.uploaded).toEqual(application.attachments!.map((attachment) => attachment.type));
    expect(result.declaredStatus).toBe('pendingFirstReview');
    expect(result.mofcomApplicationNo).toMatch(/^SQ\d{12}$/);
    // Auto-review (the CLI's default) approves a plain contract number: declared, first review passed, second review passed.
    expect(result.feed.map((receipt) => receipt.to)).toEqual(['pendingFirstReview', 'pendingSecondReview', 'approved']);
    expect(result.pushed.map((receipt) => receipt.id).sort()).toEqual(result.feed.map((receipt) => receipt.id).sort());
  }, 60_000);
});
