/** X.509 certificates for e-keys: a self-signed SM2 certificate builder and a parser for the fields a signer needs. */
import { ProtocolError, isSignerError } from './errors';
import { concatBytes, fromPem, toHex, toPem } from './internal/bytes';
import type { DerNode } from './internal/der';
import { decodeInteger, decodeOid, decodeTime, derBitString, derChildren, derExplicit, derInteger, derOid, derSequence, derSet, derUtcTime, derUtf8String, expectTag, readDer } from './internal/der';
import { pureSm2Engine, sm2PublicKey } from './sm2';
import { OID, encodeSm2SpkiDer } from './sm2-keys';

/** The subject (and issuer) names this package writes and reads. */
export interface CertificateSubject {
  /** CN, usually the operator or enterprise name. */
  commonName: string;
  /** O, the enterprise. */
  organization?: string;
}

/** Options of {@link createSelfSignedSm2Certificate}. */
export interface SelfSignedCertificateOptions {
  /** The 32-byte SM2 private key that owns and signs the certificate. */
  privateKey: Uint8Array;
  subject: CertificateSubject;
  /** @default a random 64-bit serial */
  serialNumber?: bigint;
  /** @default now */
  notBefore?: Date;
  /** @default notBefore + 2 years */
  notAfter?: Date;
}

/** What {@link parseCertificate} reads from an X.509 certificate. */
export interface CertificateInfo {
  /** `SM2` for sm2p256v1 keys, `RSA` for RSA keys. */
  keyType: 'SM2' | 'RSA';
  /** For SM2: the 65-byte uncompressed point. For RSA: the DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Lower-case hex. */
  serialNumber: string;
  subject: CertificateSubject;
  notBefore: Date;
  notAfter: Date;
  /** The whole certificate, DER. */
  der: Uint8Array;
}

function encodeName(name: CertificateSubject): Uint8Array {
  const rdns = [derSet(derSequence(derOid(OID.commonName), derUtf8String(name.commonName)))];
  if (name.organization !== undefined) rdns.push(derSet(derSequence(derOid(OID.organization), derUtf8String(name.organization))));
  return derSequence(...rdns);
}

function decodeName(node: DerNode): CertificateSubject {
  const values = new Map<string, string>();
  for (const rdn of derChildren(node)) {
    for (const attribute of derChildren(rdn)) {
      const [type, value] = derChildren(attribute);
      if (type !== undefined && value !== undefined) values.set(decodeOid(type), new TextDecoder().decode(value.value));
    }
  }
  const organization = values.get(OID.organization);
  return { commonName: values.get(OID.commonName) ?? '', ...(organization === undefined ? {} : { organization }) };
}

function randomSerial(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return BigInt(`0x${toHex(bytes)}`) || 1n;
}

/**
 * Builds a self-signed X.509 v3 certificate (SM2-with-SM3, default user id) for a generated SM2 key, as PEM.
 *
 * @example
 * ```ts
 * const { privateKey } = generateSm2KeyPair();
 * const pem = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'Test operator' } });
 * ```
 */
export function createSelfSignedSm2Certificate(options: SelfSignedCertificateOptions): string {
  return buildSelfSignedCertificate({
    ...options,
    spki: encodeSm2SpkiDer(sm2PublicKey(options.privateKey)),
    algorithm: derSequence(derOid(OID.sm2WithSm3)),
    sign: (tbs) => pureSm2Engine.sign({ privateKey: options.privateKey, message: tbs }),
  });
}

/** @internal Builds a self-signed certificate around any key: the SM2 builder above and the Node entry's RSA builder share it. */
export function buildSelfSignedCertificate(options: Omit<SelfSignedCertificateOptions, 'privateKey'> & { spki: Uint8Array; algorithm: Uint8Array; sign: (tbs: Uint8Array) => Uint8Array }): string {
  const notBefore = options.notBefore ?? new Date();
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const name = encodeName(options.subject);
  const tbs = derSequence(
    derExplicit(0, derInteger(2n)),
    derInteger(options.serialNumber ?? randomSerial()),
    options.algorithm,
    name,
    derSequence(derUtcTime(notBefore), derUtcTime(notAfter)),
    name,
    options.spki,
  );
  return toPem('CERTIFICATE', derSequence(tbs, options.algorithm, derBitString(options.sign(tbs))));
}

/** Parses an X.509 certificate given as PEM (or the bare base64 the client control returns); a malformed one throws a `ProtocolError` (certificates come from keys, controls and peers). */
export function parseCertificate(pem: string): CertificateInfo {
  try {
    return readCertificate(pem);
  } catch (error) {
    if (isSignerError(error)) throw error;
    throw new ProtocolError(`The certificate is malformed: ${(error as Error).message} Pass an X.509 certificate (PEM or base64 DER).`, { cause: error });
  }
}

function readCertificate(pem: string): CertificateInfo {
  const der = fromPem('CERTIFICATE', pem);
  const [tbs] = derChildren(expectTag(readDer(der), 0x30, 'certificate'));
  const fields = derChildren(expectTag(tbs, 0x30, 'tbsCertificate'));
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = expectTag(fields[offset], 0x02, 'certificate serial number');
  const [notBefore, notAfter] = derChildren(expectTag(fields[offset + 3], 0x30, 'certificate validity'));
  const spki = expectTag(fields[offset + 5], 0x30, 'certificate public key');
  const [algorithm, key] = derChildren(spki);
  const [algorithmOid, parameters] = derChildren(expectTag(algorithm, 0x30, 'public key algorithm'));
  const oid = decodeOid(expectTag(algorithmOid, 0x06, 'public key algorithm OID'));
  let keyType: CertificateInfo['keyType'];
  let publicKey: Uint8Array;
  if (oid === OID.ecPublicKey && parameters?.tag === 0x06 && decodeOid(parameters) === OID.sm2Curve) {
    keyType = 'SM2';
    publicKey = expectTag(key, 0x03, 'public key bits').value.subarray(1);
    if (publicKey.length !== 65 || publicKey[0] !== 0x04) throw new TypeError('The SM2 public key is not a 65-byte uncompressed point.');
  } else if (oid === OID.rsaEncryption) {
    keyType = 'RSA';
    publicKey = spki.raw;
  } else {
    throw new TypeError(`Unsupported certificate key algorithm ${oid}: expected SM2 or RSA.`);
  }
  const validity = { notBefore: decodeTime(expectTag(notBefore, notBefore?.tag === 0x18 ? 0x18 : 0x17, 'notBefore')), notAfter: decodeTime(expectTag(notAfter, notAfter?.tag === 0x18 ? 0x18 : 0x17, 'notAfter')) };
  if (Number.isNaN(validity.notBefore.getTime()) || Number.isNaN(validity.notAfter.getTime())) throw new TypeError('The certificate validity holds a date that is not one.');
  return {
    keyType,
    publicKey,
    spki: spki.raw,
    serialNumber: decodeInteger(serial).toString(16),
    subject: decodeName(expectTag(fields[offset + 4], 0x30, 'certificate subject')),
    ...validity,
    der: concatBytes(der),
  };
}
