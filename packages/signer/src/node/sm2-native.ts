/** SM2-with-SM3 on Node's OpenSSL: the fast path for servers, standard-conformant by hashing Z itself. */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, createSign, createVerify } from 'node:crypto';
import { toHex } from '../internal/bytes';
import { cacheId, createCache } from '../internal/cache';
import type { Sm2Engine } from '../sm2';
import { sm2PublicKey, sm2UserIdDigest } from '../sm2';
import { encodeSm2Pkcs8Der, encodeSm2SpkiDer } from '../sm2-keys';

/** Options of {@link createNodeSm2Engine}. */
export interface NodeSm2EngineOptions {
  /** How many imported keys (and their Z values) to keep. @default 64 */
  cacheSize?: number;
}

interface CachedKey {
  key: KeyObject;
  publicKey: Uint8Array;
  z: Map<string, Uint8Array>;
}

/**
 * Creates the native SM2 engine: Node's `createSign('SM3')` over Z ‖ M with a PKCS#8-imported SM2 key.
 *
 * Node's crypto alone is not standard SM2: `crypto.sign(null, …)` hashes with an empty user id, and a key from `generateKeyPair('ec', { namedCurve: 'SM2' })` signs plain ECDSA. A key re-imported from PKCS#8 is an SM2 key, and `createSign('SM3')` hashes exactly what it is given without adding a Z, so feeding it Z ‖ M gives e = SM3(Z ‖ M) as GB/T 32918 defines it.
 *
 * @example
 * ```ts
 * import { createNodeSm2Engine } from '@exlic/signer/node';
 * const engine = createNodeSm2Engine();
 * const signature = engine.sign({ privateKey, message });
 * ```
 */
export function createNodeSm2Engine(options: NodeSm2EngineOptions = {}): Sm2Engine {
  const cacheSize = options.cacheSize ?? 64;
  const privateCache = createCache<CachedKey>(cacheSize);
  const publicCache = createCache<CachedKey>(cacheSize);

  const zOf = (entry: CachedKey, userId: string | Uint8Array | undefined): Uint8Array => {
    const id = userId === undefined ? '' : typeof userId === 'string' ? `s:${userId}` : `b:${toHex(userId)}`;
    let z = entry.z.get(id);
    if (!z) {
      z = sm2UserIdDigest(userId === undefined ? { publicKey: entry.publicKey } : { publicKey: entry.publicKey, userId });
      entry.z.set(id, z);
    }
    return z;
  };

  return {
    name: 'node-openssl',
    sign({ privateKey, message, userId }) {
      // Importing a KeyObject costs more than a signature, so imported keys are cached (by an SM3 digest, never the key itself) in this engine only.
      const entry = privateCache(cacheId(privateKey), () => ({
        key: createPrivateKey({ key: Buffer.from(encodeSm2Pkcs8Der(privateKey)), format: 'der', type: 'pkcs8' }),
        publicKey: sm2PublicKey(privateKey),
        z: new Map(),
      }));
      const signer = createSign('SM3');
      signer.update(zOf(entry, userId));
      signer.update(message);
      return new Uint8Array(signer.sign(entry.key));
    },
    verify({ publicKey, message, signature, userId }) {
      let entry: CachedKey;
      try {
        entry = publicCache(cacheId(publicKey), () => ({
          key: createPublicKey({ key: Buffer.from(encodeSm2SpkiDer(publicKey)), format: 'der', type: 'spki' }),
          publicKey,
          z: new Map(),
        }));
      } catch {
        return false;
      }
      const verifier = createVerify('SM3');
      verifier.update(zOf(entry, userId));
      verifier.update(message);
      try {
        return verifier.verify(entry.key, signature);
      } catch {
        return false;
      }
    },
  };
}
