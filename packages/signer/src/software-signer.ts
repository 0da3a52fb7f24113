/** A {@link Signer} from a PKCS#8 PEM key and an X.509 PEM certificate, for servers and tests. */
import { parseCertificate } from './certificate';
import { SignerError } from './errors';
import { equalBytes } from './internal/bytes';
import { createSerialQueue } from './internal/serial-queue';
import type { Signer } from './signer';
import type { Sm2Engine } from './sm2';
import { pureSm2Engine, sm2PublicKey } from './sm2';
import { decodePrivateKeyPem } from './sm2-keys';

/** Options of {@link createSoftwareSigner}. */
export interface SoftwareSignerOptions {
  /** The SM2 private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKey: string;
  /** The matching certificate, PEM. */
  certificate: string;
  /** The SM2 implementation. @default pureSm2Engine (pass createNodeSm2Engine() from `@exlic/signer/node` for native speed) */
  engine?: Sm2Engine;
}

/**
 * Creates a signer from an SM2 key and certificate held in memory.
 *
 * @example
 * ```ts
 * const signer = createSoftwareSigner({ privateKey: keyPem, certificate: certPem });
 * const result = await signer.sign(new TextEncoder().encode('hello'));
 * ```
 */
export function createSoftwareSigner(options: SoftwareSignerOptions): Signer {
  const decoded = decodePrivateKeyPem(options.privateKey);
  if (decoded.type !== 'sm2') throw new SignerError('This is an RSA key: use createNodeSoftwareSigner from @exlic/signer/node for RSA-SHA1.');
  const info = parseCertificate(options.certificate);
  if (info.keyType !== 'SM2' || !equalBytes(info.publicKey, sm2PublicKey(decoded.privateKey))) {
    throw new SignerError('The private key does not match the certificate: pass the certificate issued for this key.');
  }
  const engine = options.engine ?? pureSm2Engine;
  const queue = createSerialQueue();
  let privateKey: Uint8Array | undefined = decoded.privateKey;
  return {
    certificate: () => Promise.resolve(options.certificate),
    sign: (data) =>
      queue.run(() => {
        if (!privateKey) return Promise.reject(new SignerError('This software signer is closed. Create a new one.'));
        return Promise.resolve({ algorithm: 'SM2-SM3' as const, signature: engine.sign({ privateKey, message: data }), certificate: options.certificate });
      }),
    close() {
      privateKey?.fill(0);
      privateKey = undefined;
      return Promise.resolve();
    },
  };
}
