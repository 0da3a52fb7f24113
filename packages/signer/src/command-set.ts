/** The seam for a vendor's e-key: which application to select, which APDUs to send, how much certificate to read at once, and what status words mean. */
import type { CommandApdu } from './apdu';
import { EKEY_AID, Ins, PIN_REFERENCE, READ_CHUNK } from './apdu';
import type { SignerError } from './errors';
import { StatusWord, statusWordToError } from './status-words';

/** Everything {@link createEKeySigner} needs to know about one key model's command set. */
export interface CommandSet {
  /** The application identifier SELECT names. */
  aid: Uint8Array;
  /** Certificate bytes one READ asks for; a shorter answer ends the certificate. */
  readChunk: number;
  /** The longest PIN the key accepts, in UTF-8 bytes; a longer one is refused before it reaches the key. */
  maxPinBytes: number;
  /** The status word of success. */
  okStatusWord: number;
  select(aid: Uint8Array): CommandApdu;
  /** VERIFY with the PIN as UTF-8 bytes. */
  verifyPin(pin: Uint8Array): CommandApdu;
  readCertificate(offset: number, length: number): CommandApdu;
  /** Signs the 32-byte SM2 digest e = SM3(Z ‖ M); the answer is r ‖ s (64 bytes). */
  sign(digest: Uint8Array): CommandApdu;
  /** True for the command that carries the PIN, so recordings mask its data. */
  isPinCommand(apdu: Uint8Array): boolean;
  /** The status-word map: turns a status word other than `okStatusWord` into the most specific error. */
  statusWordToError(options: { command: string; statusWord: number }): SignerError;
}

/** Options of {@link createCommandSet}: the parts of the default set to replace. */
export type CommandSetOptions = Partial<CommandSet>;

/**
 * The command set this package defines on ISO 7816-4 (see the README), with any part replaced; a real key whose set differs gets a profile this way.
 *
 * @example
 * ```ts
 * const commandSet = createCommandSet({ aid: Uint8Array.of(0xa0, 0x00, 0x00, 0x00, 0x03), readChunk: 240 });
 * const signer = createEKeySigner({ transport, pin, commandSet });
 * ```
 */
export function createCommandSet(options: CommandSetOptions = {}): CommandSet {
  const readChunk = options.readChunk ?? READ_CHUNK;
  if (!Number.isInteger(readChunk) || readChunk < 1 || readChunk > 65536) throw new RangeError(`readChunk must be an integer from 1 to 65536, got ${readChunk}.`);
  return {
    aid: options.aid ?? EKEY_AID,
    readChunk,
    maxPinBytes: options.maxPinBytes ?? 64,
    okStatusWord: options.okStatusWord ?? StatusWord.OK,
    select: options.select ?? ((aid) => ({ cla: 0x00, ins: Ins.SELECT, p1: 0x04, p2: 0x00, data: aid })),
    verifyPin: options.verifyPin ?? ((pin) => ({ cla: 0x00, ins: Ins.VERIFY, p1: 0x00, p2: PIN_REFERENCE, data: pin })),
    readCertificate: options.readCertificate ?? ((offset, length) => ({ cla: 0x00, ins: Ins.READ_BINARY, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le: length })),
    sign: options.sign ?? ((digest) => ({ cla: 0x00, ins: Ins.PSO, p1: 0x9e, p2: 0x9a, data: digest, le: 0 })),
    isPinCommand: options.isPinCommand ?? ((apdu) => apdu[1] === Ins.VERIFY && apdu.length > 5),
    statusWordToError: options.statusWordToError ?? statusWordToError,
  };
}

/** The default command set (the one the virtual e-key speaks). */
export const defaultCommandSet: CommandSet = createCommandSet();
