/** Binding (绑卡): the signed answer to a server challenge that ties an operator account to this key's certificate. */
import { fromPem, toHex, utf8 } from './internal/bytes';
import type { SignatureAlgorithm, Signer } from './signer';
import type { Sm2Engine } from './sm2';
import { sm3 } from '@exlic/core';
import { verifySignature } from './verify';

/** What the server checks to bind `account` to the certificate. */
export interface BindingProof {
  account: string;
  challenge: string;
  algorithm: SignatureAlgorithm;
  /** The key's certificate, PEM. */
  certificate: string;
  /** SM3 of the certificate's DER, hex: what the account is bound to. */
  certificateFingerprint: string;
  /** The signature over {@link bindingPayload}. */
  signature: Uint8Array;
}

/** Options of {@link bindingProof}. */
export interface BindingProofOptions {
  signer: Signer;
  /** The operator account being bound. */
  account: string;
  /** The server's one-time challenge (nonce). */
  challenge: string;
}

/** The exact bytes a binding signs: `exlic-binding-v1`, account, challenge and certificate fingerprint, one per line. */
export function bindingPayload(options: { account: string; challenge: string; certificateFingerprint: string }): Uint8Array {
  for (const [name, value] of Object.entries(options)) if (value.includes('\n')) throw new TypeError(`The binding ${name} must not contain a line break.`);
  return utf8(`exlic-binding-v1\n${options.account}\n${options.challenge}\n${options.certificateFingerprint}`);
}

/** SM3 of a certificate's DER, lower-case hex. */
export function certificateFingerprint(certificate: string): string {
  return toHex(sm3(fromPem('CERTIFICATE', certificate)));
}

/**
 * Signs a server challenge to bind an operator account to the signer's certificate.
 *
 * @example
 * ```ts
 * const proof = await bindingProof({ signer, account: 'op-001', challenge: serverNonce });
 * ```
 */
export async function bindingProof(options: BindingProofOptions): Promise<BindingProof> {
  const certificate = await options.signer.certificate();
  const fingerprint = certificateFingerprint(certificate);
  const result = await options.signer.sign(bindingPayload({ account: options.account, challenge: options.challenge, certificateFingerprint: fingerprint }));
  return { account: options.account, challenge: options.challenge, algorithm: result.algorithm, certificate: result.certificate, certificateFingerprint: fingerprint, signature: result.signature };
}

/** Options of {@link verifyBindingProof}. */
export interface VerifyBindingProofOptions {
  proof: BindingProof;
  /** The challenge the server issued; the proof must answer exactly this one. */
  challenge: string;
  /** @default pureSm2Engine */
  engine?: Sm2Engine;
}

/** True when `proof` answers `challenge`, its fingerprint matches its certificate, and its SM2 signature is valid. */
export function verifyBindingProof(options: VerifyBindingProofOptions): boolean {
  const { proof } = options;
  if (proof.challenge !== options.challenge || certificateFingerprint(proof.certificate) !== proof.certificateFingerprint) return false;
  const message = bindingPayload({ account: proof.account, challenge: proof.challenge, certificateFingerprint: proof.certificateFingerprint });
  return verifySignature({ message, result: proof, ...(options.engine === undefined ? {} : { engine: options.engine }) });
}
