/** ISO 7816-4 status words the e-key answers with, and their mapping to named errors. */
import type { SignerErrorOptions } from './errors';
import type { SignerError } from './errors';
import { DeviceStatusError, KeyLockedError, WrongPinError } from './errors';

/** Named status words (ISO/IEC 7816-4 §5.1.3). */
export const StatusWord = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTHENTICATION_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1_P2: 0x6a86,
  WRONG_PARAMETERS: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

/** Returns the name of a status word, e.g. `SECURITY_STATUS_NOT_SATISFIED`; `63Cx` is `WRONG_PIN`. */
export function statusWordName(statusWord: number): string {
  if ((statusWord & 0xfff0) === 0x63c0) return 'WRONG_PIN';
  for (const [name, value] of Object.entries(StatusWord)) if (value === statusWord) return name;
  return 'UNKNOWN_STATUS';
}

const cause = (options: SignerErrorOptions): SignerErrorOptions => ('cause' in options ? { cause: options.cause } : {});

/** Turns a non-9000 status word into the most specific error: 63Cx → WrongPinError, 6983 → KeyLockedError, others → DeviceStatusError. */
export function statusWordToError(options: { command: string; statusWord: number } & SignerErrorOptions): SignerError {
  const { command, statusWord } = options;
  if ((statusWord & 0xfff0) === 0x63c0) {
    const retriesLeft = statusWord & 0x0f;
    return retriesLeft === 0 ? new KeyLockedError(cause(options)) : new WrongPinError(retriesLeft, cause(options));
  }
  if (statusWord === StatusWord.AUTHENTICATION_METHOD_BLOCKED) return new KeyLockedError(cause(options));
  return new DeviceStatusError(command, statusWord, statusWordName(statusWord), cause(options));
}
