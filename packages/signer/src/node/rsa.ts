/** RSA with SHA-1 on Node's crypto, for older keys on the client-control path. */
import { X509Certificate, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import type { CertificateSubject } from '../certificate';
import { buildSelfSignedCertificate } from '../certificate';
import { derNull, derOid, derSequence } from '../internal/der';
import { OID } from '../sm2-keys';

/** Options of {@link createSelfSignedRsaCertificate}. */
export interface SelfSignedRsaCertificateOptions {
  /** The RSA private key, PKCS#8 PEM. */
  privateKey: string;
  subject: CertificateSubject;
  /** @default now */
  notBefore?: Date;
  /** @default notBefore + 2 years */
  notAfter?: Date;
}

/**
 * Builds a self-signed sha1WithRSAEncryption certificate, as older client-control cards hold.
 *
 * @example
 * ```ts
 * const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
 * const certificate = createSelfSignedRsaCertificate({ privateKey, subject: { commonName: 'Old card' } });
 * ```
 */
export function createSelfSignedRsaCertificate(options: SelfSignedRsaCertificateOptions): string {
  const key = createPrivateKey(options.privateKey);
  const spki = new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  return buildSelfSignedCertificate({
    subject: options.subject,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
    ...(options.notAfter === undefined ? {} : { notAfter: options.notAfter }),
    spki,
    algorithm: derSequence(derOid(OID.sha1WithRsa), derNull()),
    sign: (tbs) => new Uint8Array(cryptoSign('sha1', tbs, key)),
  });
}

/** @internal Signs with RSA PKCS#1 v1.5 over SHA-1. */
export function rsaSha1Sign(privateKey: string | Uint8Array, data: Uint8Array): Uint8Array {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' });
  return new Uint8Array(cryptoSign('sha1', data, key));
}

/** @internal Verifies RSA PKCS#1 v1.5 over SHA-1 with the certificate's key. */
export function rsaSha1Verify(certificate: string, data: Uint8Array, signature: Uint8Array): boolean {
  return cryptoVerify('sha1', data, new X509Certificate(certificate).publicKey, signature);
}
