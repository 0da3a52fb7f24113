import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from './internal/bytes';
import { createPureSm2Engine, createSm2Curve, decodeSm2Signature, generateSm2KeyPair, pureSm2Engine, sm2MessageDigest, sm2PublicKey, sm2SignDigest, sm2UserIdDigest } from './sm2';
import { sm3 } from '@exlic/core';
// sm-crypto is the independent implementation the signatures are checked against (dev dependency only).
import smCrypto from 'sm-crypto';

// Values from GB/T 32918.5-2017 Annex A / GM/T 0003.5-2012 A.2.
const VECTOR = {
  d: '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8',
  publicKey: '0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13',
  k: '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21',
  z: 'B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3',
  e: 'F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640',
  r: 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3',
  s: 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA',
};
const message = utf8('message digest');

describe('sm3', () => {
  it('hashes "abc" to the GB/T 32905 Annex A.1 value', () => {
    expect(toHex(sm3(utf8('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 2048])('matches sm-crypto on a %i-byte message', (length) => {
    const data = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
    expect(toHex(sm3(data))).toBe(smCrypto.sm3(Array.from(data)));
  });
});

describe('sm2 on sm2p256v1 (GB/T 32918.5 Annex A)', () => {
  const d = fromHex(VECTOR.d);
  const publicKey = fromHex(VECTOR.publicKey);

  it('derives the published public key', () => {
    expect(toHex(sm2PublicKey(d)).toUpperCase()).toBe(VECTOR.publicKey);
  });

  it('computes Z and e with the default user id', () => {
    expect(toHex(sm2UserIdDigest({ publicKey })).toUpperCase()).toBe(VECTOR.z);
    expect(toHex(sm2MessageDigest({ publicKey, message })).toUpperCase()).toBe(VECTOR.e);
  });

  it('signs to exactly (r, s) with the published k', () => {
    const signature = sm2SignDigest({ privateKey: d, digest: fromHex(VECTOR.e), nonce: () => BigInt(`0x${VECTOR.k}`) });
    const { r, s } = decodeSm2Signature(signature);
    expect(r.toString(16).toUpperCase()).toBe(VECTOR.r);
    expect(s.toString(16).toUpperCase()).toBe(VECTOR.s);
    expect(pureSm2Engine.verify({ publicKey, message, signature })).toBe(true);
  });

  it.each(['', 'ALICE123@YAHOO.COM', '1234567812345679'])('rejects the published signature under user id %j', (userId) => {
    const signature = sm2SignDigest({ privateKey: d, digest: fromHex(VECTOR.e), nonce: () => BigInt(`0x${VECTOR.k}`) });
    expect(pureSm2Engine.verify({ publicKey, message, signature, userId })).toBe(false);
  });

  it('verifies both ways with sm-crypto', () => {
    const { privateKey, publicKey: pub } = generateSm2KeyPair();
    const data = Uint8Array.from({ length: 2048 }, (_, i) => i & 0xff);
    const ours = pureSm2Engine.sign({ privateKey, message: data });
    expect(smCrypto.sm2.doVerifySignature(Array.from(data), toHex(ours), toHex(pub), { der: true, hash: true })).toBe(true);
    const theirs = smCrypto.sm2.doSignature(Array.from(data), toHex(privateKey), { der: true, hash: true, publicKey: toHex(pub) });
    expect(pureSm2Engine.verify({ publicKey: pub, message: data, signature: fromHex(theirs) })).toBe(true);
    expect(pureSm2Engine.verify({ publicKey: pub, message: data.subarray(1), signature: fromHex(theirs) })).toBe(false);
  });
});

describe('sm2 on the Fp-256 test curve (GM/T 0003.2 Annex A)', () => {
  const curve = createSm2Curve({
    p: 0x8542d69e4c044f18e8b92435bf6ff7de457283915c45517d722edb8b08f1dfc3n,
    a: 0x787968b4fa32c3fd2417842e73bbfeff2f3c848b6831d7e0ec65228b3937e498n,
    b: 0x63e4c6d3b23b0c849cf84241484bfe48f61d59a5b16ba06e6e12d1da27c5249an,
    n: 0x8542d69e4c044f18e8b92435bf6ff7dd297720630485628d5ae74ee7c32e79b7n,
    Gx: 0x421debd61b62eab6746434ebc3cc315e32220b3badd50bdc4c4e6c147fedd43dn,
    Gy: 0x0680512bcbb42c07d47349d2153b70c4e5d7fdfcbfa36ea1a85841b9e46e09a2n,
  });
  const d = fromHex('128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263');

  it('computes Z and signs to exactly the published (r, s)', () => {
    const publicKey = curve.publicKeyOf(d);
    const z = curve.userIdDigest(publicKey, 'ALICE123@YAHOO.COM');
    expect(toHex(z).toUpperCase()).toBe('F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A');
    const e = sm3(z, message);
    const { r, s } = curve.signDigest(d, e, () => 0x6cb28d99385c175c94f94e934817663fc176d925dd72b727260dbaae1fb2f96fn);
    expect(r.toString(16).toUpperCase()).toBe('40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1');
    expect(s.toString(16).toUpperCase()).toBe('6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7');
    expect(curve.verifyDigest(publicKey, e, r, s)).toBe(true);
    expect(curve.verifyDigest(publicKey, e, r, s + 1n)).toBe(false);
  });
});

describe('createPureSm2Engine caches', () => {
  it('never lets a cached key or user id answer for another', () => {
    const engine = createPureSm2Engine({ cacheSize: 2 });
    const a = generateSm2KeyPair();
    const b = generateSm2KeyPair();
    const signature = engine.sign({ privateKey: a.privateKey, message });
    expect(engine.verify({ publicKey: a.publicKey, message, signature })).toBe(true);
    expect(engine.verify({ publicKey: b.publicKey, message, signature })).toBe(false);
    expect(engine.verify({ publicKey: a.publicKey, message, signature, userId: 'other' })).toBe(false);
    expect(engine.verify({ publicKey: Uint8Array.of(4, ...new Uint8Array(64)), message, signature })).toBe(false);
    expect(engine.verify({ publicKey: a.publicKey, message, signature })).toBe(true);
    const other = engine.sign({ privateKey: b.privateKey, message });
    expect(smCrypto.sm2.doVerifySignature(Array.from(message), toHex(other), toHex(b.publicKey), { der: true, hash: true })).toBe(true);
  });
});
