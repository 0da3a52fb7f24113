/** `client.ekey`: bind the operator's account to an e-key (绑卡) by signing a one-time server challenge. */
import { RequestError } from '../errors';
import { BINDING_MESSAGE_PREFIX, sm3 } from '@exlic/core';
import { pemToDer, toHex } from '../internal/bytes';
import type { SignerLike } from '../signer-like';
import { signForWire } from '../signer-like';
import type { CallOptions, Transport } from '../transport';
import type { BindBody } from '@exlic/core';
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
  return new TextEncoder().encode(`${BINDING_MESSAGE_PREFIX}\n${account}\n${challenge}\n${fingerprint}`);
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
      const signed = await signForWire(options.signer, bindingPayload(issued.account, issued.challenge, fingerprint), 'binding an e-key');
      const body: BindBody = { account: issued.account, challenge: issued.challenge, algorithm: signed.algorithm, certificate: signed.certificate, certificateFingerprint: fingerprint, signature: signed.signature };
      return (await request<EKeyBinding>({ method: 'POST', path: 'v1/ekey/bind', json: body, signal: options.signal })).data;
    },
  };
}
