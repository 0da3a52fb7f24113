import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import { fromHex, toHex, utf8 } from '../internal/bytes';
import { generateSm2KeyPair, pureSm2Engine, sm2SignDigest, sm2MessageDigest } from '../sm2';
import { createNodeSm2Engine } from './sm2-native';

describe('createNodeSm2Engine', () => {
  const engine = createNodeSm2Engine();

  it('verifies the GB/T 32918.5 Annex A signature and rejects it under an empty user id', () => {
    const privateKey = fromHex('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
    const publicKey = fromHex('0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13');
    const message = utf8('message digest');
    const signature = sm2SignDigest({ privateKey, digest: sm2MessageDigest({ publicKey, message }), nonce: () => 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n });
    expect(engine.verify({ publicKey, message, signature })).toBe(true);
    expect(engine.verify({ publicKey, message, signature, userId: '' })).toBe(false);
  });

  it('signs what sm-crypto and the pure engine verify, and verifies what they sign', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7) & 0xff);
    const ours = engine.sign({ privateKey, message });
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(ours), toHex(publicKey), { der: true, hash: true })).toBe(true);
    expect(pureSm2Engine.verify({ publicKey, message, signature: ours })).toBe(true);
    const theirs = fromHex(smCrypto.sm2.doSignature(Array.from(message), toHex(privateKey), { der: true, hash: true, publicKey: toHex(publicKey) }));
    expect(engine.verify({ publicKey, message, signature: theirs })).toBe(true);
    expect(engine.verify({ publicKey, message: message.subarray(0, 100), signature: theirs })).toBe(false);
  });

  it('honours a non-default user id the way sm-crypto does', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = utf8('binding');
    const signature = engine.sign({ privateKey, message, userId: 'ALICE123@YAHOO.COM' });
    expect(smCrypto.sm2.doVerifySignature('binding', toHex(signature), toHex(publicKey), { der: true, hash: true, userId: 'ALICE123@YAHOO.COM' })).toBe(true);
    expect(engine.verify({ publicKey, message, signature })).toBe(false);
  });
});
