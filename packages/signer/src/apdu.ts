/** ISO 7816-4 command APDUs for the e-key: encoding (short and extended) and the four commands this package sends. */
import { concatBytes, utf8 } from './internal/bytes';

/** A command APDU before encoding. */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; 0 means "as much as there is" (256 short, 65536 extended). */
  le?: number;
}

/** A response APDU split into data and status word. */
export interface ResponseApdu {
  data: Uint8Array;
  statusWord: number;
}

/** Encodes a command APDU, switching to extended length (ISO 7816-4 §5.1) when data exceeds 255 bytes or Le exceeds 256. */
export function encodeApdu(command: CommandApdu): Uint8Array {
  const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
  const data = command.data ?? new Uint8Array(0);
  const extended = data.length > 255 || (command.le ?? 0) > 256;
  if (data.length > 65535) throw new RangeError(`APDU data of ${data.length} bytes exceeds 65535.`);
  const parts: Uint8Array[] = [header];
  if (data.length > 0) parts.push(extended ? Uint8Array.of(0, data.length >> 8, data.length & 0xff) : Uint8Array.of(data.length), data);
  if (command.le !== undefined) {
    const le = command.le;
    if (extended) parts.push(data.length > 0 ? Uint8Array.of((le >> 8) & 0xff, le & 0xff) : Uint8Array.of(0, (le >> 8) & 0xff, le & 0xff));
    else parts.push(Uint8Array.of(le & 0xff));
  }
  return concatBytes(...parts);
}

/** Decodes a command APDU (the device side); throws a `RangeError` on a malformed length. */
export function decodeApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new RangeError('An APDU has at least 4 bytes.');
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const base = { cla, ins, p1, p2 };
  const body = bytes.subarray(4);
  if (body.length === 0) return base;
  if (body.length === 1) return { ...base, le: body[0] ?? 0 };
  if (body[0] === 0 && body.length >= 3) {
    const lc = ((body[1] ?? 0) << 8) | (body[2] ?? 0);
    if (body.length === 3) return { ...base, le: lc };
    if (body.length === 3 + lc) return { ...base, data: body.subarray(3, 3 + lc) };
    if (body.length === 5 + lc) return { ...base, data: body.subarray(3, 3 + lc), le: ((body[3 + lc] ?? 0) << 8) | (body[4 + lc] ?? 0) };
    throw new RangeError('Malformed extended APDU length.');
  }
  const lc = body[0] ?? 0;
  if (body.length === 1 + lc) return { ...base, data: body.subarray(1) };
  if (body.length === 2 + lc) return { ...base, data: body.subarray(1, 1 + lc), le: body[1 + lc] ?? 0 };
  throw new RangeError('Malformed short APDU length.');
}

/** Splits a response APDU into data and status word. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new RangeError('A response APDU has at least the 2-byte status word.');
  return { data: bytes.subarray(0, -2), statusWord: ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0) };
}

/** Appends a status word to response data. */
export function encodeResponse(response: ResponseApdu): Uint8Array {
  return concatBytes(response.data, Uint8Array.of(response.statusWord >> 8, response.statusWord & 0xff));
}

/** The e-key application's AID: a proprietary ("F" category, ISO 7816-5) identifier, ASCII "EXLICKEY". */
export const EKEY_AID = Uint8Array.of(0xf0, 0x45, 0x58, 0x4c, 0x49, 0x43, 0x4b, 0x45, 0x59);

/** The instruction bytes of the command set. */
export const Ins = { SELECT: 0xa4, VERIFY: 0x20, READ_BINARY: 0xb0, PSO: 0x2a } as const;

/** The PIN reference used with VERIFY (P2): a specific (application) PIN, ISO 7816-4 §7.5.6. */
export const PIN_REFERENCE = 0x81;

/** How many certificate bytes one READ BINARY asks for. */
export const READ_CHUNK = 1024;

/** Builds the four commands. The PIN is only ever placed in the VERIFY data field, never in a message. */
export const commands = {
  /** SELECT by DF name: 00 A4 04 00 Lc AID. */
  select: (): CommandApdu => ({ cla: 0x00, ins: Ins.SELECT, p1: 0x04, p2: 0x00, data: EKEY_AID }),
  /** VERIFY: 00 20 00 81 Lc PIN (ASCII). */
  verifyPin: (pin: string): CommandApdu => ({ cla: 0x00, ins: Ins.VERIFY, p1: 0x00, p2: PIN_REFERENCE, data: utf8(pin) }),
  /** READ BINARY of the certificate file at `offset`: 00 B0 offset-hi offset-lo Le (extended). */
  readCertificate: (offset: number): CommandApdu => ({ cla: 0x00, ins: Ins.READ_BINARY, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le: READ_CHUNK }),
  /** PERFORM SECURITY OPERATION: COMPUTE DIGITAL SIGNATURE over e = SM3(Z ‖ M): 00 2A 9E 9A 20 e Le. */
  sign: (digest: Uint8Array): CommandApdu => ({ cla: 0x00, ins: Ins.PSO, p1: 0x9e, p2: 0x9a, data: digest, le: 0 }),
};

/** Names a command for error messages (never with its data). */
export function commandName(command: Pick<CommandApdu, 'ins'>): string {
  switch (command.ins) {
    case Ins.SELECT:
      return 'SELECT';
    case Ins.VERIFY:
      return 'VERIFY PIN';
    case Ins.READ_BINARY:
      return 'READ CERTIFICATE';
    case Ins.PSO:
      return 'SIGN';
    default:
      return `INS 0x${command.ins.toString(16)}`;
  }
}
