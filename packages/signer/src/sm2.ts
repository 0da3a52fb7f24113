/** SM2 signatures with SM3 (GB/T 32918.2 / GM/T 0003.2) in pure TypeScript over @noble/curves point arithmetic. */
import { weierstrassN } from '@noble/curves/abstract/weierstrass';
import { randomBytes } from '@noble/hashes/utils';
import { bigIntToBytes, bytesToBigInt, concatBytes, utf8 } from './internal/bytes';
import { decodeInteger, derChildren, derInteger, derSequence, expectTag, readDer } from './internal/der';
import { cacheId, createCache } from './internal/cache';
import { sm3 } from '@exlic/core';

/** The default signer identity of GM/T 0009: the ASCII string `1234567812345678`. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Domain parameters of an SM2 curve (hex, big-endian). */
export interface Sm2CurveParameters {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly Gx: bigint;
  readonly Gy: bigint;
}

/** The recommended curve sm2p256v1 of GB/T 32918.5. */
export const SM2P256V1: Sm2CurveParameters = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

/** Options of {@link Sm2Engine.sign}. */
export interface Sm2SignOptions {
  /** The 32-byte private key d. */
  privateKey: Uint8Array;
  /** The message M; the engine hashes SM3(Z ‖ M). */
  message: Uint8Array;
  /** The signer identity hashed into Z. @default '1234567812345678' */
  userId?: string | Uint8Array;
}

/** Options of {@link Sm2Engine.verify}. */
export interface Sm2VerifyOptions {
  /** The uncompressed public key (65 bytes, 0x04 ‖ x ‖ y). */
  publicKey: Uint8Array;
  message: Uint8Array;
  /** The signature as DER `SEQUENCE { r INTEGER, s INTEGER }` (GM/T 0009). */
  signature: Uint8Array;
  /** @default '1234567812345678' */
  userId?: string | Uint8Array;
}

/** An implementation of SM2-with-SM3: the pure-JS one here, or the native one from `@exlic/signer/node`. */
export interface Sm2Engine {
  /** A short label for benchmarks and logs, such as `pure-js` or `node-openssl`. */
  readonly name: string;
  /** Signs `message` and returns a DER signature. */
  sign(options: Sm2SignOptions): Uint8Array;
  /** True when `signature` is a valid SM2 signature of `message` under `publicKey`. */
  verify(options: Sm2VerifyOptions): boolean;
}

/** @internal The curve-bound SM2 operations; exported from this module for the standard's test-curve vectors only. */
export function createSm2Curve(params: Sm2CurveParameters) {
  const Point = weierstrassN({ ...params, h: 1n });
  const { n } = params;
  const size = Math.ceil(params.p.toString(16).length / 2);
  const mod = (x: bigint): bigint => ((x % n) + n) % n;
  const inverse = (x: bigint): bigint => {
    // Fermat: x^(n-2) mod n, n prime.
    let result = 1n;
    let base = mod(x);
    for (let e = n - 2n; e > 0n; e >>= 1n) {
      if (e & 1n) result = (result * base) % n;
      base = (base * base) % n;
    }
    return result;
  };
  const header = concatBytes(bigIntToBytes(params.a, size), bigIntToBytes(params.b, size), bigIntToBytes(params.Gx, size), bigIntToBytes(params.Gy, size));

  const publicKeyOf = (privateKey: Uint8Array): Uint8Array => Point.BASE.multiply(bytesToBigInt(privateKey)).toBytes(false);

  const userIdDigest = (publicKey: Uint8Array, userId: string | Uint8Array = SM2_DEFAULT_USER_ID): Uint8Array => {
    const id = typeof userId === 'string' ? utf8(userId) : userId;
    const entl = id.length * 8;
    if (entl > 0xffff) throw new RangeError('The SM2 user id must be shorter than 8192 bytes.');
    return sm3(Uint8Array.of(entl >> 8, entl & 0xff), id, header, publicKey.subarray(1));
  };

  const signDigest = (privateKey: Uint8Array, digest: Uint8Array, nonce?: () => bigint): { r: bigint; s: bigint } => {
    const d = bytesToBigInt(privateKey);
    if (d <= 0n || d >= n - 1n) throw new RangeError('The SM2 private key is out of range.');
    const e = bytesToBigInt(digest);
    const dInverse = inverse(1n + d);
    for (;;) {
      const k = nonce ? nonce() : mod(bytesToBigInt(randomBytes(size + 8))) || 1n;
      const x1 = Point.BASE.multiply(k).toAffine().x;
      const r = mod(e + x1);
      if (r === 0n || r + k === n) continue;
      const s = mod(dInverse * (k - r * d));
      if (s !== 0n) return { r, s };
    }
  };

  const verifyPoint = (P: InstanceType<typeof Point>, digest: Uint8Array, r: bigint, s: bigint): boolean => {
    if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
    const t = mod(r + s);
    if (t === 0n) return false;
    const sum = Point.BASE.multiply(s).add(P.multiplyUnsafe(t));
    if (sum.is0()) return false;
    return mod(bytesToBigInt(digest) + sum.toAffine().x) === r;
  };

  const verifyDigest = (publicKey: Uint8Array, digest: Uint8Array, r: bigint, s: bigint): boolean => {
    let P;
    try {
      P = Point.fromBytes(publicKey);
      P.assertValidity();
    } catch {
      return false;
    }
    return verifyPoint(P, digest, r, s);
  };

  return { Point, size, publicKeyOf, userIdDigest, signDigest, verifyDigest, verifyPoint };
}

const curve = createSm2Curve(SM2P256V1);

/** Computes Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for `publicKey` on sm2p256v1. */
export function sm2UserIdDigest(options: { publicKey: Uint8Array; userId?: string | Uint8Array }): Uint8Array {
  return curve.userIdDigest(options.publicKey, options.userId);
}

/** Computes e = SM3(Z ‖ M), the value an e-key signs. */
export function sm2MessageDigest(options: { publicKey: Uint8Array; message: Uint8Array; userId?: string | Uint8Array }): Uint8Array {
  return sm3(curve.userIdDigest(options.publicKey, options.userId), options.message);
}

/** Derives the uncompressed public key (65 bytes) of an sm2p256v1 private key. */
export function sm2PublicKey(privateKey: Uint8Array): Uint8Array {
  return curve.publicKeyOf(privateKey);
}

/**
 * Generates a random sm2p256v1 key pair.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = generateSm2KeyPair();
 * ```
 */
export function generateSm2KeyPair(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  for (;;) {
    const d = bytesToBigInt(randomBytes(40)) % (SM2P256V1.n - 2n);
    if (d === 0n) continue;
    const privateKey = bigIntToBytes(d, 32);
    return { privateKey, publicKey: curve.publicKeyOf(privateKey) };
  }
}

/** Encodes (r, s) as the DER `SM2Signature` of GM/T 0009. */
export function encodeSm2Signature(signature: { r: bigint; s: bigint }): Uint8Array {
  return derSequence(derInteger(signature.r), derInteger(signature.s));
}

/** Decodes a DER `SM2Signature` into (r, s). */
export function decodeSm2Signature(der: Uint8Array): { r: bigint; s: bigint } {
  const node = readDer(der);
  // Strict: trailing bytes or extra fields would make one signature verify under many encodings.
  if (node.end !== der.length) throw new TypeError('Malformed SM2 signature: bytes after the DER SEQUENCE.');
  const children = derChildren(expectTag(node, 0x30, 'SM2 signature'));
  if (children.length !== 2) throw new TypeError(`Malformed SM2 signature: ${children.length} fields where r and s are expected.`);
  const [r, s] = children;
  return { r: decodeInteger(expectTag(r, 0x02, 'SM2 signature r')), s: decodeInteger(expectTag(s, 0x02, 'SM2 signature s')) };
}

/** Converts the 64-byte r ‖ s form that e-keys and the client control return into DER. */
export function sm2SignatureFromRaw(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new TypeError(`Expected a 64-byte r‖s SM2 signature, got ${raw.length} bytes.`);
  return encodeSm2Signature({ r: bytesToBigInt(raw.subarray(0, 32)), s: bytesToBigInt(raw.subarray(32)) });
}

/** Converts a DER SM2 signature into the 64-byte r ‖ s form. */
export function sm2SignatureToRaw(der: Uint8Array): Uint8Array {
  const { r, s } = decodeSm2Signature(der);
  return concatBytes(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
}

/** @internal Signs a precomputed e (what an e-key does); `nonce` fixes k for the standard's vectors only. */
export function sm2SignDigest(options: { privateKey: Uint8Array; digest: Uint8Array; nonce?: () => bigint }): Uint8Array {
  return encodeSm2Signature(curve.signDigest(options.privateKey, options.digest, options.nonce));
}

const userIdKey = (userId: string | Uint8Array | undefined): Uint8Array => (userId === undefined ? utf8(SM2_DEFAULT_USER_ID) : typeof userId === 'string' ? utf8(userId) : userId);

/**
 * Creates a pure-JS SM2 engine with its own small cache of Z values and precomputed public-key points, so repeated use of one key costs one point multiplication per signature.
 *
 * @example
 * ```ts
 * const engine = createPureSm2Engine();
 * const signature = engine.sign({ privateKey, message });
 * ```
 */
export function createPureSm2Engine(options: { cacheSize?: number } = {}): Sm2Engine {
  const size = options.cacheSize ?? 32;
  const signing = createCache<Uint8Array>(size);
  const verifying = createCache<{ point: InstanceType<typeof curve.Point>; z: Uint8Array } | undefined>(size);
  return {
    name: 'pure-js',
    sign({ privateKey, message, userId }) {
      const z = signing(cacheId(privateKey, userIdKey(userId)), () => curve.userIdDigest(curve.publicKeyOf(privateKey), userId));
      return encodeSm2Signature(curve.signDigest(privateKey, sm3(z, message)));
    },
    verify({ publicKey, message, signature, userId }) {
      let rs;
      try {
        rs = decodeSm2Signature(signature);
      } catch {
        return false;
      }
      const entry = verifying(cacheId(publicKey, userIdKey(userId)), () => {
        try {
          const point = curve.Point.fromBytes(publicKey);
          point.assertValidity();
          // A windowed table makes later multiplications by this key several times faster.
          point.precompute(8, false);
          return { point, z: curve.userIdDigest(publicKey, userId) };
        } catch {
          return undefined;
        }
      });
      return entry !== undefined && curve.verifyPoint(entry.point, sm3(entry.z, message), rs.r, rs.s);
    },
  };
}

/**
 * The shared pure-JS SM2 engine: runs in browsers and in Node without native code.
 *
 * @example
 * ```ts
 * const signature = pureSm2Engine.sign({ privateKey, message });
 * pureSm2Engine.verify({ publicKey, message, signature }); // true
 * ```
 */
export const pureSm2Engine: Sm2Engine = createPureSm2Engine();
