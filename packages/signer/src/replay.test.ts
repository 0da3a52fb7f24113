import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEKeySigner } from './ekey-signer';
import { isReplayError } from './errors';
import { utf8 } from './internal/bytes';
import { createRecordingTransport, createReplayTransport } from './replay';
import { verifySignature } from './verify';
import { createVirtualEKey } from './virtual-ekey';

const fixture = readFileSync(new URL('../test/fixtures/virtual-sign.apdu', import.meta.url), 'utf8');
const message = utf8('replayed declaration');

describe('createReplayTransport', () => {
  it('replays a recorded signing session that still verifies', async () => {
    const transport = createReplayTransport({ fixture });
    const signer = createEKeySigner({ transport, pin: 'any PIN: VERIFY data is redacted' });
    const result = await signer.sign(message);
    expect(verifySignature({ message, result })).toBe(true);
    await expect(signer.close()).resolves.toBeUndefined();
  });

  it('fails on an APDU the recording does not expect', async () => {
    // Reading the certificate first sends SELECT then READ BINARY, but the recording has VERIFY second.
    const signer = createEKeySigner({ transport: createReplayTransport({ fixture }), pin: '1' });
    const error = await signer.certificate().catch((e: unknown) => e);
    expect(isReplayError(error)).toBe(true);
    expect((error as Error).message).toContain('expects "=> 00200081 [PIN]"');
  });

  it('fails on leftover exchanges when closed early', async () => {
    const transport = createReplayTransport({ fixture });
    const error = await transport.close().catch((e: unknown) => e);
    expect(isReplayError(error)).toBe(true);
    expect((error as Error).message).toMatch(/unused/);
  });

  it('fails on a signature over another message, whose digest differs', async () => {
    const signer = createEKeySigner({ transport: createReplayTransport({ fixture }), pin: '1' });
    expect(isReplayError(await signer.sign(utf8('something else')).catch((e: unknown) => e))).toBe(true);
  });
});

describe('createRecordingTransport', () => {
  it('records a session without the PIN, and the recording replays', async () => {
    const key = createVirtualEKey({ pin: '24681357' });
    const recorder = createRecordingTransport({ transport: key.openTransport() });
    const signer = createEKeySigner({ transport: recorder, pin: '24681357' });
    await signer.sign(message);
    const text = recorder.fixture();
    expect(text).not.toContain(Buffer.from('24681357').toString('hex'));
    expect(text).toContain('00200081 [PIN]');
    const replayed = createEKeySigner({ transport: createReplayTransport({ fixture: text }), pin: 'x' });
    expect(verifySignature({ message, result: await replayed.sign(message) })).toBe(true);
  });
});
