/** A {@link Signer} on top of any {@link Transport}: SELECT, VERIFY PIN, READ CERTIFICATE, SIGN, in the key's {@link CommandSet}. */
import type { CommandApdu } from './apdu';
import { decodeResponse, encodeApdu } from './apdu';
import { parseCertificate } from './certificate';
import type { CommandSet } from './command-set';
import { defaultCommandSet } from './command-set';
import { InvalidPinError, ProtocolError, SignerError, isSignerError, isWrongPinError } from './errors';
import type { WrongPinError } from './errors';
import { concatBytes, equalBytes, toPem, utf8 } from './internal/bytes';
import { createSerialQueue } from './internal/serial-queue';
import type { SerialQueue } from './internal/serial-queue';
import type { Signer } from './signer';
import type { Sm2Engine } from './sm2';
import { pureSm2Engine, sm2MessageDigest, sm2SignatureFromRaw } from './sm2';
import { sm3 } from '@exlic/core';
import type { Transport } from './transport';

/** Options of {@link createEKeySigner}. */
export interface EKeySignerOptions {
  /** An opened transport to the key (USB HID, virtual, or a replayer). */
  transport: Transport;
  /** The key's PIN, or a function that asks for it when a signature needs it. Never logged nor put in an error. */
  pin: string | (() => string | Promise<string>);
  /** The key model's command set. @default defaultCommandSet */
  commandSet?: CommandSet;
  /** The SM2 engine that checks each signature before it is returned; in Node, `createNodeSm2Engine()` from `@exlic/signer/node` checks faster. @default pureSm2Engine */
  engine?: Sm2Engine;
}

// One queue per transport, so two signers over the same key still sign one at a time; and the PIN the key last refused (its SM3 digest only), so queued operations with it fail at once instead of spending tries.
interface KeyState {
  queue: SerialQueue;
  refused?: { digest: Uint8Array; error: WrongPinError } | undefined;
}
const states = new WeakMap<Transport, KeyState>();

// The largest certificate read: a bound on what a misbehaving key can make the signer collect.
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Runs a step and turns a malformed answer (a parse failure in our code) into a ProtocolError naming the step. */
function parsed<T>(step: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isSignerError(error)) throw error;
    throw new ProtocolError(`The e-key's answer to ${step} is malformed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Creates a signer that drives an e-key through `transport`. Every signature is checked against the certificate's key and the message before it is returned, so a crossed or corrupted answer fails with a `ProtocolError` rather than yielding a signature over other data.
 *
 * @example
 * ```ts
 * const key = createVirtualEKey({ pin: '12345678' });
 * const signer = createEKeySigner({ transport: key.openTransport(), pin: '12345678' });
 * const { signature, certificate } = await signer.sign(bytes);
 * ```
 */
export function createEKeySigner(options: EKeySignerOptions): Signer {
  const { transport } = options;
  const commandSet = options.commandSet ?? defaultCommandSet;
  const engine = options.engine ?? pureSm2Engine;
  let state = states.get(transport);
  if (!state) {
    state = { queue: createSerialQueue() };
    states.set(transport, state);
  }
  const key = state;
  let certificate: string | undefined;
  let closed = false;

  const run = async (name: string, command: CommandApdu): Promise<Uint8Array> => {
    const answer = await transport.exchange(encodeApdu(command));
    const response = parsed(name, () => decodeResponse(answer));
    if (response.statusWord !== commandSet.okStatusWord) throw commandSet.statusWordToError({ command: name, statusWord: response.statusWord });
    return response.data;
  };

  const readCertificate = async (): Promise<string> => {
    if (certificate !== undefined) return certificate;
    const chunks: Uint8Array[] = [];
    for (let offset = 0; ; ) {
      const chunk = await run('READ CERTIFICATE', commandSet.readCertificate(offset, commandSet.readChunk));
      if (chunk.length > commandSet.readChunk) throw new ProtocolError(`The e-key answered READ CERTIFICATE with ${chunk.length} bytes where ${commandSet.readChunk} were asked for.`);
      chunks.push(chunk);
      offset += chunk.length;
      if (offset > MAX_CERTIFICATE_BYTES) throw new ProtocolError(`The e-key's certificate exceeds ${MAX_CERTIFICATE_BYTES} bytes; that is no certificate.`);
      if (chunk.length < commandSet.readChunk) break;
    }
    const pem = toPem('CERTIFICATE', concatBytes(...chunks));
    parsed('READ CERTIFICATE', () => parseCertificate(pem));
    certificate = pem;
    return pem;
  };

  const pinBytes = async (): Promise<Uint8Array> => {
    const pin = typeof options.pin === 'function' ? await options.pin() : options.pin;
    if (typeof pin !== 'string' || pin === '') throw new InvalidPinError('The PIN is empty; it was not sent to the e-key, so no try was spent. Pass the e-key PIN.');
    const bytes = utf8(pin);
    if (bytes.length > commandSet.maxPinBytes) throw new InvalidPinError(`The PIN is longer than the ${commandSet.maxPinBytes} bytes an e-key accepts; it was not sent, so no try was spent. Check the PIN.`);
    return bytes;
  };

  const verifyPin = async (pin: Uint8Array) => {
    const digest = sm3(pin);
    if (key.refused && equalBytes(key.refused.digest, digest)) throw key.refused.error;
    try {
      await run('VERIFY PIN', commandSet.verifyPin(pin));
      key.refused = undefined;
    } catch (error) {
      if (isWrongPinError(error)) key.refused = { digest, error };
      throw error;
    }
  };

  const ensureOpen = () => {
    if (closed) throw new SignerError('This e-key signer is closed. Create a new one.');
  };

  return {
    certificate: () =>
      key.queue.run(async () => {
        ensureOpen();
        if (certificate !== undefined) return certificate;
        await run('SELECT', commandSet.select(commandSet.aid));
        return readCertificate();
      }),
    sign: (data) =>
      key.queue.run(async () => {
        ensureOpen();
        const pin = await pinBytes();
        await run('SELECT', commandSet.select(commandSet.aid));
        await verifyPin(pin);
        const pem = await readCertificate();
        const info = parseCertificate(pem);
        if (info.keyType !== 'SM2') throw new SignerError('The e-key holds an RSA certificate; USB e-keys sign with SM2 only. Use the client control for RSA keys.');
        const raw = await run('SIGN', commandSet.sign(sm2MessageDigest({ publicKey: info.publicKey, message: data })));
        const signature = parsed('SIGN', () => sm2SignatureFromRaw(raw));
        // The last line of defence against a crossed answer: a signature that does not verify over this very message is never returned.
        if (!engine.verify({ publicKey: info.publicKey, message: data, signature })) throw new ProtocolError('The e-key answered SIGN with a signature that does not verify over this message with its certificate (an answer to another command?). Nothing was signed; sign again.');
        return { algorithm: 'SM2-SM3', signature, certificate: pem };
      }),
    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
    },
  };
}
