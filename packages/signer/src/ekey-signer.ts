/** A {@link Signer} on top of any {@link Transport}: SELECT, VERIFY PIN, READ CERTIFICATE, SIGN. */
import type { CommandApdu } from './apdu';
import { READ_CHUNK, commandName, commands, decodeResponse, encodeApdu } from './apdu';
import { parseCertificate } from './certificate';
import { SignerError } from './errors';
import { concatBytes, toPem } from './internal/bytes';
import { createSerialQueue } from './internal/serial-queue';
import type { SerialQueue } from './internal/serial-queue';
import type { Signer } from './signer';
import { sm2MessageDigest, sm2SignatureFromRaw } from './sm2';
import { StatusWord, statusWordToError } from './status-words';
import type { Transport } from './transport';

/** Options of {@link createEKeySigner}. */
export interface EKeySignerOptions {
  /** An opened transport to the key (USB HID, virtual, or a replayer). */
  transport: Transport;
  /** The key's PIN, or a function that asks for it when a signature needs it. Never logged nor put in an error. */
  pin: string | (() => string | Promise<string>);
}

// One queue per transport, so two signers over the same key still sign one at a time.
const queues = new WeakMap<Transport, SerialQueue>();

/**
 * Creates a signer that drives an e-key through `transport`.
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
  let queue = queues.get(transport);
  if (!queue) {
    queue = createSerialQueue();
    queues.set(transport, queue);
  }
  const serial = queue;
  let certificate: string | undefined;
  let closed = false;

  const run = async (command: CommandApdu): Promise<Uint8Array> => {
    const response = decodeResponse(await transport.exchange(encodeApdu(command)));
    if (response.statusWord !== StatusWord.OK) throw statusWordToError({ command: commandName(command), statusWord: response.statusWord });
    return response.data;
  };

  const readCertificate = async (): Promise<string> => {
    if (certificate !== undefined) return certificate;
    const chunks: Uint8Array[] = [];
    for (let offset = 0; ; ) {
      const chunk = await run(commands.readCertificate(offset));
      chunks.push(chunk);
      offset += chunk.length;
      if (chunk.length < READ_CHUNK) break;
    }
    certificate = toPem('CERTIFICATE', concatBytes(...chunks));
    return certificate;
  };

  const ensureOpen = () => {
    if (closed) throw new SignerError('This e-key signer is closed. Create a new one.');
  };

  return {
    certificate: () =>
      serial.run(async () => {
        ensureOpen();
        if (certificate !== undefined) return certificate;
        await run(commands.select());
        return readCertificate();
      }),
    sign: (data) =>
      serial.run(async () => {
        ensureOpen();
        await run(commands.select());
        const pin = typeof options.pin === 'function' ? await options.pin() : options.pin;
        await run(commands.verifyPin(pin));
        const pem = await readCertificate();
        const info = parseCertificate(pem);
        if (info.keyType !== 'SM2') throw new SignerError('The e-key holds an RSA certificate; USB e-keys sign with SM2 only. Use the client control for RSA keys.');
        const raw = await run(commands.sign(sm2MessageDigest({ publicKey: info.publicKey, message: data })));
        return { algorithm: 'SM2-SM3', signature: sm2SignatureFromRaw(raw), certificate: pem };
      }),
    async close() {
      if (closed) return;
      closed = true;
      await transport.close();
    },
  };
}
