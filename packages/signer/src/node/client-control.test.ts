import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import smCrypto from 'sm-crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidPinError, isKeyLockedError, isKeyRemovedError, isNoKeyError, isSignerTimeoutError, isWrongPinError } from '../errors';
import { toHex, utf8 } from '../internal/bytes';
import { parseCertificate } from '../certificate';
import { sm2SignatureToRaw } from '../sm2';
import { createVirtualEKey } from '../virtual-ekey';
import type { ClientControlEmulator } from '../testing/client-control-emulator';
import { startClientControlEmulator } from '../testing/client-control-emulator';
import { createNodeClientControlSigner } from './client-control-node';
import { createSelfSignedRsaCertificate } from './rsa';
import { verifySignatureNode } from './software-signer-node';

const PIN = '13572468';
let emulator: ClientControlEmulator | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await emulator?.close();
  emulator = undefined;
});

const setup = async (key = createVirtualEKey({ pin: PIN, subject: { commonName: '张三', organization: 'Test Export Co.' } }), password = PIN) => {
  emulator = await startClientControlEmulator({ key, port: 0 });
  const signer = createNodeClientControlSigner({ url: emulator.url, password, timeout: 5000 });
  closers.push(() => signer.close());
  return { key, signer, emulator };
};

describe('createNodeClientControlSigner against the emulator', () => {
  it('listens on a random loopback port when asked for port 0', async () => {
    const { emulator: running } = await setup();
    expect(running.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).not.toBe(61232);
  });

  it('signs with SM2 through cus-sec_SpcSignDataAsPEM, verified by sm-crypto', async () => {
    const { key, signer } = await setup();
    const message = utf8('{"licence":"出口许可证","qty":"12.5"}');
    const result = await signer.sign(message);
    expect(result.algorithm).toBe('SM2-SM3');
    expect(result.certificate).toBe(key.certificate);
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(result.signature), toHex(key.publicKey), { der: true, hash: true })).toBe(true);
    expect(verifySignatureNode({ message, result })).toBe(true);
  });

  it('sends a call over 120 KB as BLOCKTXT frames and still gets a valid signature', async () => {
    const { key, signer, emulator: running } = await setup();
    const message = utf8(JSON.stringify({ goods: '锗锭'.repeat(30_000), note: 'n'.repeat(60_000) }));
    expect(message.length).toBeGreaterThan(200_000);
    const result = await signer.sign(message);
    expect(running.framesReceived).toBeGreaterThan(1);
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(sm2SignatureToRaw(result.signature)), toHex(key.publicKey), { hash: true })).toBe(true);
  });

  it.each([['flat', 'flat'], ['nested and flat in turn', 'alternate'], ['nested, with the greeting only after the first call was sent', 'nested']] as const)(
    'signs through an emulator that greets with open and answers %s',
    async (_name, replyShape) => {
      const key = createVirtualEKey({ pin: PIN, subject: { commonName: '张三', organization: 'Test Export Co.' } });
      emulator = await startClientControlEmulator({ key, port: 0, replyShape, greeting: _name.includes('after') ? 'afterFirstCall' : 'onConnect' });
      const discarded: string[] = [];
      const signer = createNodeClientControlSigner({ url: emulator.url, password: PIN, timeout: 5000, onDiscard: (reason) => discarded.push(reason) });
      closers.push(() => signer.close());
      const message = utf8('{"licence":"出口许可证"}');
      for (let i = 0; i < 2; i++) {
        const result = await signer.sign(message);
        expect(verifySignatureNode({ message, result })).toBe(true);
        expect(result.certificateNumber).toBe(parseCertificate(key.certificate).serialNumber);
      }
      expect(discarded).toEqual([]);
    },
  );

  it('reads card information', async () => {
    const { key, signer } = await setup();
    await expect(signer.cardInfo()).resolves.toEqual({ cardId: key.descriptor.path, certNo: expect.stringMatching(/^[0-9a-f]+$/) as unknown, userName: '张三', entName: 'Test Export Co.' });
  });

  it('maps a wrong password to WrongPinError with retries, then to KeyLockedError, never echoing the password', async () => {
    const wrong = '99998888';
    const { key } = await setup();
    const errors: unknown[] = [];
    // A new signer per try: one signer does not send a refused password twice.
    for (let i = 0; i < 6; i++) {
      const signer = createNodeClientControlSigner({ url: emulator!.url, password: wrong, timeout: 5000 });
      closers.push(() => signer.close());
      errors.push(await signer.sign(utf8('x')).catch((e: unknown) => e));
    }
    expect(errors.slice(0, 5).map((e) => (isWrongPinError(e) ? e.retriesLeft : e))).toEqual([5, 4, 3, 2, 1]);
    expect(isKeyLockedError(errors[5])).toBe(true);
    expect(key.retriesLeft).toBe(0);
    for (const error of errors) expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).not.toContain(wrong);
  });

  it('fails queued signatures with the same refused password at once, spending one try for ten calls', async () => {
    const { key } = await setup(undefined, '99998888');
    const signer = createNodeClientControlSigner({ url: emulator!.url, password: '99998888', timeout: 5000 });
    closers.push(() => signer.close());
    const errors = await Promise.all(Array.from({ length: 10 }, (_, i) => signer.sign(utf8(`x${i}`)).catch((e: unknown) => e)));
    expect(errors.every((e) => isWrongPinError(e) && e.retriesLeft === 5)).toBe(true);
    expect(key.retriesLeft).toBe(5);
  });

  it.each([
    ['empty', ''],
    ['70,000 characters', '7'.repeat(70_000)],
  ])('refuses an %s password locally without spending a try', async (_name, password) => {
    const { key } = await setup(undefined, PIN);
    const signer = createNodeClientControlSigner({ url: emulator!.url, password, timeout: 5000 });
    closers.push(() => signer.close());
    const error = await signer.sign(utf8('x')).catch((e: unknown) => e);
    expect(isInvalidPinError(error)).toBe(true);
    expect(String(error)).not.toContain('7777');
    expect(key.retriesLeft).toBe(6);
  });

  it('reports no key when the e-key is not plugged in, and removal during a signature', async () => {
    const key = createVirtualEKey({ pin: PIN, onCommand: (name) => name === 'SIGN' && key.remove() });
    const { signer } = await setup(key);
    await signer.certificate();
    expect(isKeyRemovedError(await signer.sign(utf8('x')).catch((e: unknown) => e))).toBe(true);
    const other = createNodeClientControlSigner({ url: emulator!.url, password: PIN });
    closers.push(() => other.close());
    expect(isNoKeyError(await other.certificate().catch((e: unknown) => e))).toBe(true);
  });

  it('reports NoKeyError when no control listens', async () => {
    const signer = createNodeClientControlSigner({ url: 'ws://127.0.0.1:1', password: PIN, timeout: 2000 });
    const error = await signer.certificate().catch((e: unknown) => e);
    expect(isNoKeyError(error)).toBe(true);
    expect((error as Error).message).toContain('ws://127.0.0.1:1');
  });

  it('times out when something listens but never answers the WebSocket handshake', async () => {
    const connections: Socket[] = [];
    const silent = createServer((connection) => connections.push(connection));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => {
      for (const connection of connections) connection.destroy();
      silent.close(() => resolve());
    }));
    const signer = createNodeClientControlSigner({ url: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`, password: PIN, timeout: 150 });
    const error = await signer.certificate().catch((e: unknown) => e);
    expect(isSignerTimeoutError(error)).toBe(true);
    expect((error as Error).message).toContain('150 ms');
  });

  it('signs RSA-SHA1 with an older RSA card', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const certificate = createSelfSignedRsaCertificate({ privateKey, subject: { commonName: 'RSA card' } });
    emulator = await startClientControlEmulator({ rsa: { privateKey, certificate, password: PIN }, port: 0 });
    const signer = createNodeClientControlSigner({ url: emulator.url, password: PIN });
    closers.push(() => signer.close());
    const message = utf8('legacy');
    const result = await signer.sign(message);
    expect(result.algorithm).toBe('RSA-SHA1');
    expect(result.signature).toHaveLength(256);
    expect(verifySignatureNode({ message, result })).toBe(true);
    expect(verifySignatureNode({ message: utf8('legacy!'), result })).toBe(false);
  });
});
