/** The Node flavour of the software signer and of verification: native SM2, plus RSA-SHA1. */
import { parseCertificate } from '../certificate';
import { SignerError } from '../errors';
import { createSerialQueue } from '../internal/serial-queue';
import type { Signer, SignatureResult } from '../signer';
import { createSoftwareSigner } from '../software-signer';
import { decodePrivateKeyPem } from '../sm2-keys';
import { verifySignature } from '../verify';
import { rsaSha1Sign, rsaSha1Verify } from './rsa';
import { createNodeSm2Engine } from './sm2-native';

const nativeEngine = createNodeSm2Engine();

/** Options of {@link createNodeSoftwareSigner}. */
export interface NodeSoftwareSignerOptions {
  /** SM2 or RSA private key, PKCS#8 PEM. */
  privateKey: string;
  /** The matching certificate, PEM. */
  certificate: string;
}

/**
 * Creates a software signer for Node: SM2 keys sign on OpenSSL (native speed), RSA keys sign RSA-SHA1.
 *
 * @example
 * ```ts
 * import { createNodeSoftwareSigner } from '@exlic/signer/node';
 * const signer = createNodeSoftwareSigner({ privateKey: readFileSync('key.pem', 'utf8'), certificate: readFileSync('cert.pem', 'utf8') });
 * ```
 */
export function createNodeSoftwareSigner(options: NodeSoftwareSignerOptions): Signer {
  const decoded = decodePrivateKeyPem(options.privateKey);
  if (decoded.type === 'sm2') return createSoftwareSigner({ ...options, engine: nativeEngine });
  if (parseCertificate(options.certificate).keyType !== 'RSA') throw new SignerError('The private key is RSA but the certificate is not: pass the certificate issued for this key.');
  const queue = createSerialQueue();
  let key: Uint8Array | undefined = decoded.pkcs8;
  return {
    certificate: () => Promise.resolve(options.certificate),
    sign: (data) =>
      queue.run(async (): Promise<SignatureResult> => {
        if (!key) throw new SignerError('This software signer is closed. Create a new one.');
        return { algorithm: 'RSA-SHA1', signature: rsaSha1Sign(key, data), certificate: options.certificate };
      }),
    close() {
      key?.fill(0);
      key = undefined;
      return Promise.resolve();
    },
  };
}

/**
 * Verifies any {@link SignatureResult} in Node: SM2-SM3 natively, RSA-SHA1 with the certificate's RSA key.
 *
 * @example
 * ```ts
 * verifySignatureNode({ message, result: await signer.sign(message) }); // true
 * ```
 */
export function verifySignatureNode(options: { message: Uint8Array; result: SignatureResult }): boolean {
  if (options.result.algorithm === 'RSA-SHA1') return rsaSha1Verify(options.result.certificate, options.message, options.result.signature);
  return verifySignature({ ...options, engine: nativeEngine });
}
