/** PEM encodings of SM2 keys: PKCS#8 private keys and SubjectPublicKeyInfo public keys. */
import { fromPem, toPem } from './internal/bytes';
import { decodeOid, derBitString, derChildren, derExplicit, derInteger, derOctetString, derOid, derSequence, expectTag, readDer } from './internal/der';
import { sm2PublicKey } from './sm2';

/** @internal OIDs of GM/T 0006 and RFC 5480. */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  sm2Curve: '1.2.156.10197.1.301',
  sm2WithSm3: '1.2.156.10197.1.501',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
} as const;

const sm2Algorithm = (): Uint8Array => derSequence(derOid(OID.ecPublicKey), derOid(OID.sm2Curve));

/** @internal DER SubjectPublicKeyInfo of an SM2 public key. */
export function encodeSm2SpkiDer(publicKey: Uint8Array): Uint8Array {
  return derSequence(sm2Algorithm(), derBitString(publicKey));
}

/** @internal DER PKCS#8 PrivateKeyInfo of an SM2 private key. */
export function encodeSm2Pkcs8Der(privateKey: Uint8Array): Uint8Array {
  const ecPrivateKey = derSequence(derInteger(1n), derOctetString(privateKey), derExplicit(1, derBitString(sm2PublicKey(privateKey))));
  return derSequence(derInteger(0n), sm2Algorithm(), derOctetString(ecPrivateKey));
}

/**
 * Encodes an SM2 private key as a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form {@link createSoftwareSigner} reads.
 *
 * @example
 * ```ts
 * const pem = encodeSm2PrivateKeyPem(generateSm2KeyPair().privateKey);
 * ```
 */
export function encodeSm2PrivateKeyPem(privateKey: Uint8Array): string {
  return toPem('PRIVATE KEY', encodeSm2Pkcs8Der(privateKey));
}

/** The key inside a PKCS#8 PEM: SM2 keys are decoded, RSA keys are passed on as DER for the Node entry. */
export type DecodedPrivateKey = { type: 'sm2'; privateKey: Uint8Array } | { type: 'rsa'; pkcs8: Uint8Array };

/** Decodes a PKCS#8 PEM private key; throws a `TypeError` naming the problem (never the key bytes) when it is not SM2 or RSA. */
export function decodePrivateKeyPem(pem: string): DecodedPrivateKey {
  const der = fromPem('PRIVATE KEY', pem);
  const [, algorithm, keyOctets] = derChildren(expectTag(readDer(der), 0x30, 'PKCS#8 private key'));
  const [algorithmOid, parameters] = derChildren(expectTag(algorithm, 0x30, 'PKCS#8 algorithm'));
  const oid = decodeOid(expectTag(algorithmOid, 0x06, 'PKCS#8 algorithm OID'));
  if (oid === OID.rsaEncryption) return { type: 'rsa', pkcs8: der };
  if (oid !== OID.ecPublicKey || parameters?.tag !== 0x06 || decodeOid(parameters) !== OID.sm2Curve) {
    throw new TypeError(`Unsupported private key algorithm ${oid}: expected an SM2 (curve ${OID.sm2Curve}) or RSA PKCS#8 key.`);
  }
  const ecPrivateKey = readDer(expectTag(keyOctets, 0x04, 'PKCS#8 key octets').value);
  const [, d] = derChildren(expectTag(ecPrivateKey, 0x30, 'ECPrivateKey'));
  const privateKey = expectTag(d, 0x04, 'ECPrivateKey d').value;
  const padded = new Uint8Array(32);
  padded.set(privateKey.subarray(Math.max(0, privateKey.length - 32)), 32 - Math.min(32, privateKey.length));
  return { type: 'sm2', privateKey: padded };
}
