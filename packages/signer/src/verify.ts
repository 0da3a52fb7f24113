/** Checks a {@link SignatureResult} against the message, with the certificate it carries. */
import { parseCertificate } from './certificate';
import type { SignatureResult } from './signer';
import type { Sm2Engine } from './sm2';
import { pureSm2Engine } from './sm2';

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The signed bytes. */
  message: Uint8Array;
  /** What a signer returned. */
  result: SignatureResult;
  /** @default pureSm2Engine */
  engine?: Sm2Engine;
}

/**
 * True when an SM2-SM3 signature is valid for `message` under the key of its certificate; RSA-SHA1 needs `verifySignatureNode` from `@exlic/signer/node`.
 *
 * @example
 * ```ts
 * const ok = verifySignature({ message: bytes, result: await signer.sign(bytes) });
 * ```
 */
export function verifySignature(options: VerifySignatureOptions): boolean {
  if (options.result.algorithm !== 'SM2-SM3') throw new TypeError('RSA-SHA1 signatures are verified with verifySignatureNode from @exlic/signer/node.');
  const info = parseCertificate(options.result.certificate);
  if (info.keyType !== 'SM2') return false;
  return (options.engine ?? pureSm2Engine).verify({ publicKey: info.publicKey, message: options.message, signature: options.result.signature });
}
