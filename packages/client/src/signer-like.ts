/** The signer shape the client signs with: any object with `@exlic/signer`'s `Signer` methods (e-key, virtual key, client control, software key), without depending on that package. */

/** A signature and what is needed to check it. */
export interface SignatureLike {
  /** Only `SM2-SM3` is accepted by the Single Window for declarations. */
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
