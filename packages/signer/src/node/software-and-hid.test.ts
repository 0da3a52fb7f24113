import { generateKeyPairSync } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { createSelfSignedSm2Certificate } from '../certificate';
import { createEKeySigner } from '../ekey-signer';
import { isHidUnavailableError, isKeyBusyError, isNoKeyError, isSignerError } from '../errors';
import { toHex, utf8 } from '../internal/bytes';
import { createSoftwareSigner } from '../software-signer';
import { generateSm2KeyPair } from '../sm2';
import { encodeSm2PrivateKeyPem } from '../sm2-keys';
import { verifySignature } from '../verify';
import { createVirtualEKey } from '../virtual-ekey';
import type { NodeHidModule } from './hid';
import { createHidTransportFactory, hidEKeys, hidLoadError } from './hid';
import { createSelfSignedRsaCertificate } from './rsa';
import { createNodeSoftwareSigner, verifySignatureNode } from './software-signer-node';

describe('createSoftwareSigner and createNodeSoftwareSigner', () => {
  const { privateKey, publicKey } = generateSm2KeyPair();
  const keyPem = encodeSm2PrivateKeyPem(privateKey);
  const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'server' } });
  const message = utf8('x'.repeat(2048));

  it.each([
    ['pure-JS', () => createSoftwareSigner({ privateKey: keyPem, certificate })],
    ['native', () => createNodeSoftwareSigner({ privateKey: keyPem, certificate })],
  ])('signs SM2 (%s) so that sm-crypto verifies it', async (_name, make) => {
    const signer = make();
    const result = await signer.sign(message);
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(result.signature), toHex(publicKey), { der: true, hash: true })).toBe(true);
    expect(verifySignature({ message, result })).toBe(true);
    await signer.close();
    expect(isSignerError(await signer.sign(message).catch((e: unknown) => e))).toBe(true);
  });

  it('refuses a certificate of another key without showing the key', () => {
    const other = createSelfSignedSm2Certificate({ privateKey: generateSm2KeyPair().privateKey, subject: { commonName: 'other' } });
    let error: unknown;
    try {
      createSoftwareSigner({ privateKey: keyPem, certificate: other });
    } catch (e) {
      error = e;
    }
    expect(isSignerError(error)).toBe(true);
    expect(String(error)).not.toContain(toHex(privateKey));
    expect(String(error)).not.toContain(keyPem.split('\n')[1]!);
  });

  it('signs RSA-SHA1 with an RSA PKCS#8 key in Node', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const rsaCertificate = createSelfSignedRsaCertificate({ privateKey: rsa.privateKey, subject: { commonName: 'rsa' } });
    const result = await createNodeSoftwareSigner({ privateKey: rsa.privateKey, certificate: rsaCertificate }).sign(message);
    expect(result.algorithm).toBe('RSA-SHA1');
    expect(verifySignatureNode({ message, result })).toBe(true);
  });
});

describe('hidEKeys', () => {
  it('lists nothing on a machine without e-keys, or says exactly that libusb is missing', async () => {
    const outcome = await hidEKeys.list().then(
      (keys) => ({ keys }),
      (error: unknown) => ({ error }),
    );
    if ('keys' in outcome) expect(outcome.keys).toEqual([]);
    else {
      // On a machine with libusb (CI installs it and sets EXLIC_REQUIRE_LIBUSB=1) listing must work.
      if (process.env['EXLIC_REQUIRE_LIBUSB'] === '1') throw outcome.error;
      expect(isHidUnavailableError(outcome.error)).toBe(true);
      expect((outcome.error as Error).message).toContain('libusb-1.0-0');
    }
  });

  it.each([
    ['libusb-1.0.so.0: cannot open shared object file: No such file or directory', /apt-get install libusb-1.0-0/],
    ["Cannot find module 'node-hid'", /npm install node-hid/],
  ])('turns the load failure %j into a clear HidUnavailableError', (message, expected) => {
    const error = hidLoadError(new Error(message));
    expect(error.message).toMatch(expected);
    expect((error.cause as Error).message).toBe(message);
  });
});

describe('createHidTransportFactory', () => {
  const fakeHid = (key: ReturnType<typeof createVirtualEKey>): NodeHidModule => ({
    devicesAsync: () => Promise.resolve([
      { vendorId: 0x1234, productId: 1, path: '/dev/hidraw7', product: 'e-key', usagePage: 0xff00 },
      { vendorId: 0x046d, productId: 2, path: '/dev/hidraw1', product: 'mouse', usagePage: 0x01 },
    ]),
    HIDAsync: {
      open: () => {
        const device = key.openHidDevice();
        return Promise.resolve({
          write: async (values: number[] | Buffer) => {
            const bytes = Uint8Array.from(values);
            // hidapi's leading report id must be there, and must not reach the device.
            expect(bytes[0]).toBe(0);
            await device.write(bytes.subarray(1));
            return bytes.length;
          },
          read: async (timeout?: number) => {
            const report = await device.read(timeout ?? 1000);
            return report && Buffer.from(report);
          },
          close: () => device.close(),
        });
      },
    },
  });

  it('lists vendor-defined HID devices only and signs through node-hid calls', async () => {
    const key = createVirtualEKey({ pin: '12121212' });
    const factory = createHidTransportFactory({ loadHid: () => fakeHid(key) });
    expect(await factory.list()).toEqual([{ kind: 'hid', path: '/dev/hidraw7', product: 'e-key' }]);
    const signer = createEKeySigner({ transport: await factory.open(), pin: '12121212' });
    const result = await signer.sign(utf8('over node-hid'));
    expect(verifySignatureNode({ message: utf8('over node-hid'), result })).toBe(true);
    await signer.close();
  });

  it('fails with NoKeyError when no e-key is listed', async () => {
    const factory = createHidTransportFactory({ loadHid: () => ({ devicesAsync: () => Promise.resolve([]), HIDAsync: { open: () => Promise.reject(new Error('unreachable')) } }) });
    expect(await factory.list()).toEqual([]);
    expect(isNoKeyError(await factory.open().catch((e: unknown) => e))).toBe(true);
  });

  it.each([
    ['libusb-1.0.so.0: cannot open shared object file: No such file or directory', true],
    ['could not open device', false],
  ])('reports an open failure %j as what list() says (HidUnavailableError) only when the library is missing', async (message, missingLibrary) => {
    const factory = createHidTransportFactory({ loadHid: () => ({ devicesAsync: () => Promise.resolve([]), HIDAsync: { open: () => Promise.reject(new Error(message)) } }) });
    const error = await factory.open({ descriptor: { kind: 'hid', path: '/dev/hidraw7' } }).catch((e: unknown) => e);
    expect(isHidUnavailableError(error)).toBe(missingLibrary);
    expect(isKeyBusyError(error)).toBe(!missingLibrary);
    if (missingLibrary) expect((error as Error).message).toBe(hidLoadError(new Error(message)).message);
  });
});
