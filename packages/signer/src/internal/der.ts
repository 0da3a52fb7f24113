/** The small DER subset needed for SM2 signatures, PKCS#8, SubjectPublicKeyInfo and X.509 certificates. */
import { bigIntToBytes, bytesToBigInt, concatBytes, utf8 } from './bytes';

export interface DerNode {
  readonly tag: number;
  /** The content octets. */
  readonly value: Uint8Array;
  /** The whole TLV, header included. */
  readonly raw: Uint8Array;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), encodeLength(value.length), value);
}

export const derSequence = (...children: Uint8Array[]): Uint8Array => tlv(0x30, concatBytes(...children));
export const derSet = (...children: Uint8Array[]): Uint8Array => tlv(0x31, concatBytes(...children));
export const derOctetString = (value: Uint8Array): Uint8Array => tlv(0x04, value);
export const derBitString = (value: Uint8Array): Uint8Array => tlv(0x03, concatBytes(Uint8Array.of(0), value));
export const derUtf8String = (text: string): Uint8Array => tlv(0x0c, utf8(text));
export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const derExplicit = (index: number, child: Uint8Array): Uint8Array => tlv(0xa0 + index, child);

export function derInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('Negative INTEGER values are not used here.');
  let length = 1;
  while (value >= 1n << BigInt(8 * length)) length++;
  let bytes = bigIntToBytes(value, length);
  if ((bytes[0] ?? 0) & 0x80) bytes = concatBytes(Uint8Array.of(0), bytes);
  return tlv(0x02, bytes);
}

export function derOid(oid: string): Uint8Array {
  const parts = oid.split('.').map((p) => Number.parseInt(p, 10));
  const [first = 0, second = 0, ...rest] = parts;
  const out: number[] = [first * 40 + second];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let n = Math.floor(part / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift((n & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function derUtcTime(date: Date): Uint8Array {
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = date.getUTCFullYear();
  // RFC 5280: UTCTime until 2049, GeneralizedTime from 2050 on.
  const text = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return year < 2050 ? tlv(0x17, utf8(`${pad(year % 100)}${text}`)) : tlv(0x18, utf8(`${year}${text}`));
}

export function readDer(bytes: Uint8Array, offset = 0): DerNode & { end: number } {
  const tag = bytes[offset];
  let lengthByte = bytes[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new TypeError('Truncated DER data.');
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new TypeError('Unsupported DER length.');
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = bytes[cursor++];
      if (lengthByte === undefined) throw new TypeError('Truncated DER length.');
      length = length * 256 + lengthByte;
    }
  }
  const end = cursor + length;
  if (end > bytes.length) throw new TypeError('Truncated DER value.');
  return { tag, value: bytes.subarray(cursor, end), raw: bytes.subarray(offset, end), end };
}

export function derChildren(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let offset = 0; offset < node.value.length; ) {
    const child = readDer(node.value, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node?.tag !== tag) throw new TypeError(`Malformed ${what}: expected tag 0x${tag.toString(16)}, got ${node === undefined ? 'nothing' : `0x${node.tag.toString(16)}`}.`);
  return node;
}

export function decodeInteger(node: DerNode): bigint {
  return bytesToBigInt(node.value);
}

export function decodeOid(node: DerNode): string {
  const bytes = node.value;
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let acc = 0;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    acc = acc * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

export function decodeTime(node: DerNode): Date {
  const text = new TextDecoder().decode(node.value);
  if (!(node.tag === 0x17 ? /^\d{12}Z$/ : /^\d{14}Z$/).test(text)) throw new TypeError('Malformed certificate time: expected YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ (GeneralizedTime).');
  const full = node.tag === 0x17 ? `${Number(text.slice(0, 2)) >= 50 ? '19' : '20'}${text}` : text;
  return new Date(Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)), Number(full.slice(8, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14))));
}
