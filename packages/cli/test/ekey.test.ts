import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEKeySigner, createVirtualEKey, createVirtualTransportFactory, verifySignature } from '@exlic/signer';
import { createReplayTransport } from '@exlic/signer/protocol';
import { runEKey } from '../src/commands/ekey';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

const PIN = '20261129';

function memoryIo(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const virtualKeys = () => {
  const key = createVirtualEKey({ pin: PIN, id: 'virtual-1', subject: { commonName: '李四', organization: 'Test Export Co.' } });
  return { key, factory: createVirtualTransportFactory({ keys: [key] }) };
};

describe('exlic ekey', () => {
  it('lists the keys plugged in', async () => {
    const { factory } = virtualKeys();
    const run = memoryIo();
    expect(await runEKey(['list'], run.io, factory)).toBe(0);
    expect(run.stdout()).toBe('virtual-1  exlic virtual e-key\n');
  });

  it('reads the certificate without a PIN', async () => {
    const { key, factory } = virtualKeys();
    const run = memoryIo();
    expect(await runEKey(['info'], run.io, factory)).toBe(0);
    expect(run.stdout()).toMatch(/holder\s+李四\nenterprise\s+Test Export Co\.\nserial\s+[0-9a-f]+\nvalid\s+\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\nkey\s+SM2\nSM3\s+[0-9a-f]{64}\n/);
    const pem = memoryIo();
    expect(await runEKey(['info', '--pem', '--key', 'virtual-1'], pem.io, factory)).toBe(0);
    expect(pem.stdout()).toBe(key.certificate);
  });

  it('records a session to a fixture with the PIN masked, and the fixture replays', async () => {
    const { factory } = virtualKeys();
    const dir = mkdtempSync(join(tmpdir(), 'exlic-ekey-'));
    const run = memoryIo({ EXLIC_PIN: PIN }, dir);
    expect(await runEKey(['record', '--out', 'session.apdu', '--message', '{"applicationNo":"EL-1"}'], run.io, factory), run.stderr()).toBe(0);
    const fixture = readFileSync(join(dir, 'session.apdu'), 'utf8');
    expect(fixture).toContain('=> 00200081 [PIN]');
    expect(fixture).not.toContain(Buffer.from(PIN).toString('hex'));
    expect(fixture).not.toContain(PIN);
    const signer = createEKeySigner({ transport: createReplayTransport({ fixture }), pin: 'masked' });
    const message = new TextEncoder().encode('{"applicationNo":"EL-1"}');
    expect(verifySignature({ message, result: await signer.sign(message) })).toBe(true);
    await signer.close();
  });

  it('asks for the PIN in the environment, never on the command line', async () => {
    const { factory } = virtualKeys();
    await expect(runEKey(['record', '--out', 'x.apdu'], memoryIo().io, factory)).rejects.toThrow(/EXLIC_PIN/);
    const run = memoryIo();
    expect(await main(['ekey', '--pin', PIN], run.io)).toBe(2);
  });

  it('reports a wrong PIN as a failure of the key, exit 1, without the PIN', async () => {
    const { factory } = virtualKeys();
    // The old variable still works, with a one-line note.
    const run = memoryIo({ EXLIC_EKEY_PIN: '99999999' }, mkdtempSync(join(tmpdir(), 'exlic-ekey-')));
    expect(await runEKey(['record', '--out', 'x.apdu'], run.io, factory)).toBe(1);
    expect(run.stderr()).toMatch(/^exlic: note: EXLIC_EKEY_PIN is deprecated; set EXLIC_PIN instead \(it is read first\)\nexlic ekey: the e-key failed: The e-key refused the PIN: 5 tries left/);
    expect(run.stderr()).not.toContain('99999999');
  });

  it('is listed in the help and answers --help', async () => {
    const run = memoryIo();
    expect(await main(['ekey', '--help'], run.io)).toBe(0);
    expect(run.stdout()).toContain('exlic ekey record --out FILE');
    const help = memoryIo();
    await main(['--help'], help.io);
    expect(help.stdout()).toMatch(/ekey\s+bind an e-key to your account/);
  });
});
