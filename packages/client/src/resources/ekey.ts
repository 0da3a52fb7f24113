/** `client.ekey`: bind the operator's account to an e-key (绑卡) by signing a one-time server challenge. */
import { RequestError } from '../errors';
import { pemToDer, toBase64, toHex } from '../internal/bytes';
import { sm3 } from '@exlic/core';
import type { SignerLike } from '../signer-like';
import type { CallOptions, Transport } from '../transport';
import type { EKeyBinding, EKeyChallenge } from '../types';

/** The e-key resource. */
export interface EKeyResource {
  /** A one-time challenge for the token's operator account. */
  challenge(options?: CallOptions): Promise<EKeyChallenge>;
  /** Binds the e-key in `signer` to the operator: asks a challenge (unless given), signs it, sends the proof. */
  bind(options: CallOptions & { signer: SignerLike; challenge?: EKeyChallenge }): Promise<EKeyBinding>;
}

/** The exact bytes a binding signs (the same as `@exlic/signer`'s `bindingPayload`). */
function bindingPayload(account: string, challenge: string, fingerprint: string): Uint8Array {
  for (const value of [account, challenge]) if (value.includes('\n')) throw new RequestError('The binding challenge and account must not contain a line break.', { code: 'challengeInvalid', attempts: 0 });
  return new TextEncoder().encode(`exlic-binding-v1\n${account}\n${challenge}\n${fingerprint}`);
}

/** @internal */
export function createEKeyResource(request: Transport): EKeyResource {
  const challenge = async (options: CallOptions = {}): Promise<EKeyChallenge> =>
    (await request<EKeyChallenge>({ method: 'POST', path: 'v1/ekey/challenge', json: {}, signal: options.signal })).data;
  return {
    challenge,
    async bind(options) {
      const issued = options.challenge ?? (await challenge(options));
      const certificate = await options.signer.certificate();
      const fingerprint = toHex(sm3(pemToDer(certificate, 'CERTIFICATE')));
      const result = await options.signer.sign(bindingPayload(issued.account, issued.challenge, fingerprint));
      const body = { account: issued.account, challenge: issued.challenge, algorithm: result.algorithm, certificate: result.certificate, certificateFingerprint: fingerprint, signature: toBase64(result.signature) };
      return (await request<EKeyBinding>({ method: 'POST', path: 'v1/ekey/bind', json: body, signal: options.signal })).data;
    },
  };
}
