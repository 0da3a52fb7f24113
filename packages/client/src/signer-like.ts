/** The signer shape the client signs with: any object with `@exlic/signer`'s `Signer` methods (e-key, virtual key, client control, software key), without depending on that package. */
import type { Signature } from '@exlic/core';
import { RequestError } from './errors';
import { toBase64 } from './internal/bytes';

/** A signature and what is needed to check it. */
export interface SignatureLike {
  /** Only `SM2-SM3` is accepted by exlic's contract, for declarations and bindings. */
  algorithm: string;
  /** DER `SEQUENCE { r, s }`. */
  signature: Uint8Array;
  /** The signer's X.509 certificate, PEM. */
  certificate: string;
}

/** Anything that signs bytes with an e-key: `@exlic/signer`'s `Signer` fits. */
export interface SignerLike {
  /** The signer's X.509 certificate, PEM. */
  certificate(): Promise<string>;
  /** Signs `data` (the whole message; the signer hashes it). */
  sign(data: Uint8Array): Promise<SignatureLike>;
}

/** @internal Signs `data` and answers the signature as the contract carries it (SM2-SM3 only, DER in base64, the certificate in PEM); `what` names the operation in the error. */
export async function signForWire(signer: SignerLike, data: Uint8Array, what: string): Promise<Signature> {
  const result = await signer.sign(data);
  if (result.algorithm !== 'SM2-SM3') throw new RequestError(`The signer signed with ${result.algorithm}; ${what} needs SM2-SM3. Use an SM2 e-key.`, { code: 'signatureAlgorithm', attempts: 0 });
  return { algorithm: 'SM2-SM3', signature: toBase64(result.signature), certificate: result.certificate };
}
