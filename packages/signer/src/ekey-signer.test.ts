import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { decodeApdu, encodeApdu } from './apdu';
import { bindingProof, verifyBindingProof } from './binding';
import { parseCertificate } from './certificate';
import { createEKeySigner } from './ekey-signer';
import { isInvalidPinError, isKeyBusyError, isKeyLockedError, isKeyRemovedError, isNoKeyError, isSignerError, isSignerTimeoutError, isWrongPinError } from './errors';
import { toHex, utf8 } from './internal/bytes';
import { sm2SignatureToRaw } from './sm2';
import { createVirtualEKey, createVirtualTransportFactory } from './virtual-ekey';
import { verifySignature } from './verify';

const PIN = '86420135';
const message = utf8('{"applicationNo":"EL-2026-0001","goods":"锗"}');

const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
};

const sign = async (pin: string, key = createVirtualEKey({ pin: PIN })) => {
  const signer = createEKeySigner({ transport: key.openTransport(), pin });
  try {
    return await signer.sign(message);
  } finally {
    await signer.close();
  }
};

describe('encodeApdu', () => {
  it.each([
    ['no data', { cla: 0, ins: 0xa4, p1: 4, p2: 0 }, '00a40400'],
    ['short Le', { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 16 }, '00b0000010'],
    ['extended Le', { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1024 }, '00b00000000400'],
    ['short data and Le', { cla: 0, ins: 0x2a, p1: 0x9e, p2: 0x9a, data: new Uint8Array(2), le: 0 }, '002a9e9a02000000'],
    ['extended data', { cla: 0, ins: 0x2a, p1: 0, p2: 0, data: new Uint8Array(300) }, `002a000000012c${'00'.repeat(300)}`],
  ] as const)('encodes %s and decodes it back', (_name, command, hex) => {
    const bytes = encodeApdu(command);
    expect(toHex(bytes)).toBe(hex);
    expect(encodeApdu(decodeApdu(bytes))).toEqual(bytes);
  });
});

describe('createEKeySigner over a virtual e-key', () => {
  it('signs through the framed HID transport, and sm-crypto verifies the signature', async () => {
    const key = createVirtualEKey({ pin: PIN, subject: { commonName: '测试操作员', organization: 'Test Trading Co.' } });
    const result = await sign(PIN, key);
    expect(result.algorithm).toBe('SM2-SM3');
    expect(result.certificate).toBe(key.certificate);
    expect(parseCertificate(result.certificate).subject.commonName).toBe('测试操作员');
    expect(verifySignature({ message, result })).toBe(true);
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(result.signature), toHex(key.publicKey), { der: true, hash: true })).toBe(true);
    expect(verifySignature({ message: utf8('tampered'), result })).toBe(false);
  });

  it('reports a wrong PIN with the retries left, and locks after 6 wrong PINs', async () => {
    const key = createVirtualEKey({ pin: PIN });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const error = await sign('00000000', key).catch((e: unknown) => e);
      expect(isWrongPinError(error)).toBe(true);
      expect((error as { retriesLeft: number }).retriesLeft).toBe(6 - attempt);
    }
    expect(isKeyLockedError(await sign('00000000', key).catch((e: unknown) => e))).toBe(true);
    // Locked means locked: even the right PIN no longer works.
    expect(isKeyLockedError(await sign(PIN, key).catch((e: unknown) => e))).toBe(true);
    expect(key.retriesLeft).toBe(0);
  });

  it('resets the retry counter after a right PIN', async () => {
    const key = createVirtualEKey({ pin: PIN });
    await sign('11111111', key).catch(() => undefined);
    expect(key.retriesLeft).toBe(5);
    await sign(PIN, key);
    expect(key.retriesLeft).toBe(6);
  });

  it('never puts the PIN into an error message, property or cause', async () => {
    const key = createVirtualEKey({ pin: PIN });
    const wrongPin = '97531864';
    const errors: unknown[] = [];
    for (let i = 0; i < 7; i++) errors.push(await sign(wrongPin, key).catch((e: unknown) => e));
    for (const error of errors) {
      expect(isSignerError(error)).toBe(true);
      const dump = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error) + JSON.stringify((error as Error).cause ?? null);
      expect(dump).not.toContain(wrongPin);
      expect(dump).not.toContain(PIN);
    }
  });

  it('fails with KeyRemovedError when the key is pulled out in the middle of a signature', async () => {
    const key = createVirtualEKey({ pin: PIN, onCommand: (name) => name === 'SIGN' && key.remove() });
    const error = await sign(PIN, key).catch((e: unknown) => e);
    expect(isKeyRemovedError(error)).toBe(true);
    expect(key.present).toBe(false);
    expect(isNoKeyError(thrown(() => key.openTransport()))).toBe(true);
  });

  it('times out when the key does not answer in time', async () => {
    const key = createVirtualEKey({ pin: PIN, latency: 200 });
    const signer = createEKeySigner({ transport: key.openTransport({ timeout: 20 }), pin: PIN });
    const error = await signer.sign(message).catch((e: unknown) => e);
    expect(isSignerTimeoutError(error)).toBe(true);
    expect((error as Error).message).toContain('20 ms');
  });

  it('queues concurrent signatures instead of failing, one at a time', async () => {
    const seen: string[] = [];
    const key = createVirtualEKey({ pin: PIN, latency: 2, onCommand: (name) => seen.push(name) });
    const signer = createEKeySigner({ transport: key.openTransport(), pin: PIN });
    const results = await Promise.all([signer.sign(utf8('a')), signer.sign(utf8('b')), signer.sign(utf8('c'))]);
    expect(results.map((r, i) => verifySignature({ message: utf8('abc'[i]!), result: r }))).toEqual([true, true, true]);
    // Each signature's commands run as one block: SELECT, VERIFY, (READ the first time), SIGN.
    const blocks = seen.join(',').split('SELECT,').filter(Boolean).map((b) => b.replace(/,$/, ''));
    expect(blocks).toEqual(['VERIFY PIN,READ CERTIFICATE,SIGN', 'VERIFY PIN,SIGN', 'VERIFY PIN,SIGN']);
    await signer.close();
  });

  it('fails ten queued signatures with the same wrong PIN after one try, not by locking the key', async () => {
    const key = createVirtualEKey({ pin: PIN });
    const signer = createEKeySigner({ transport: key.openTransport(), pin: '00000000' });
    const errors = await Promise.all(Array.from({ length: 10 }, (_, i) => signer.sign(utf8(`m${i}`)).catch((e: unknown) => e)));
    expect(errors.every((e) => isWrongPinError(e) && e.retriesLeft === 5)).toBe(true);
    expect(key.retriesLeft).toBe(5);
    await signer.close();
  });

  it('tries a different PIN from a PIN function after a refused one', async () => {
    const key = createVirtualEKey({ pin: PIN });
    const pins = ['00000000', PIN];
    const signer = createEKeySigner({ transport: key.openTransport(), pin: () => pins.shift() ?? PIN });
    expect(isWrongPinError(await signer.sign(message).catch((e: unknown) => e))).toBe(true);
    expect(verifySignature({ message, result: await signer.sign(message) })).toBe(true);
    expect(key.retriesLeft).toBe(6);
    await signer.close();
  });

  it.each([
    ['an empty PIN', ''],
    ['a 70,000-character PIN', '9'.repeat(70_000)],
  ])('refuses %s locally: no command reaches the key, no try is spent', async (_name, pin) => {
    const seen: string[] = [];
    const key = createVirtualEKey({ pin: PIN, onCommand: (name) => seen.push(name) });
    const signer = createEKeySigner({ transport: key.openTransport(), pin });
    const error = await signer.sign(message).catch((e: unknown) => e);
    expect(isInvalidPinError(error)).toBe(true);
    expect(String(error)).not.toContain('9999');
    expect(seen).toEqual([]);
    expect(key.retriesLeft).toBe(6);
    await signer.close();
  });

  it('answers busy when a second session opens a key that is already open', () => {
    const key = createVirtualEKey({ pin: PIN });
    key.openTransport();
    expect(isKeyBusyError(thrown(() => key.openTransport()))).toBe(true);
  });

  it('lists only plugged-in virtual keys and opens by descriptor', async () => {
    const a = createVirtualEKey({ pin: PIN, id: 'a' });
    const b = createVirtualEKey({ pin: PIN, id: 'b' });
    const factory = createVirtualTransportFactory({ keys: [a, b] });
    a.remove();
    expect((await factory.list()).map((d) => d.path)).toEqual(['b']);
    const signer = createEKeySigner({ transport: await factory.open({ descriptor: b.descriptor }), pin: PIN });
    expect(await signer.certificate()).toBe(b.certificate);
    b.remove();
    expect(isNoKeyError(await factory.open().catch((e: unknown) => e))).toBe(true);
  });
});

describe('bindingProof', () => {
  it('signs the challenge so the server can bind the account to this certificate', async () => {
    const key = createVirtualEKey({ pin: PIN });
    const signer = createEKeySigner({ transport: key.openTransport(), pin: () => Promise.resolve(PIN) });
    const proof = await bindingProof({ signer, account: 'operator-001', challenge: 'c0ffee-42' });
    expect(proof.certificate).toBe(key.certificate);
    expect(verifyBindingProof({ proof, challenge: 'c0ffee-42' })).toBe(true);
    expect(verifyBindingProof({ proof, challenge: 'another' })).toBe(false);
    expect(verifyBindingProof({ proof: { ...proof, account: 'operator-002' }, challenge: 'c0ffee-42' })).toBe(false);
    expect(sm2SignatureToRaw(proof.signature)).toHaveLength(64);
  });
});
