/** The one interface every signer implements: USB e-key, virtual key, client control, software key. */

/** `SM2-SM3`: SM2 with SM3 and the default user id (GM/T 0009). `RSA-SHA1`: PKCS#1 v1.5 with SHA-1, older keys on the client-control path. */
export type SignatureAlgorithm = 'SM2-SM3' | 'RSA-SHA1';

/** A signature and what is needed to check it. */
export interface SignatureResult {
  algorithm: SignatureAlgorithm;
  /** SM2: DER `SEQUENCE { r, s }`. RSA: the PKCS#1 v1.5 signature block. */
  signature: Uint8Array;
  /** The signer's X.509 certificate, PEM. */
  certificate: string;
  /** The card's certificate number (证书编号) when the signer learns it with the signature: the client control returns it as `Data[1]` of `cus-sec_SpcSignDataAsPEM`. */
  certificateNumber?: string;
}

/**
 * Signs bytes with one key; calls are queued, so a second `sign` waits for the first.
 *
 * @example
 * ```ts
 * const { algorithm, signature, certificate } = await signer.sign(new TextEncoder().encode('{"id":1}'));
 * await signer.close();
 * ```
 */
export interface Signer {
  /** The signer's X.509 certificate, PEM. */
  certificate(): Promise<string>;
  /** Signs `data` (the whole message; the signer hashes it). */
  sign(data: Uint8Array): Promise<SignatureResult>;
  /** Releases the device or connection; the signer cannot be used afterwards. */
  close(): Promise<void>;
}
