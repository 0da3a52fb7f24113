/** How APDUs travel in fixed-size HID reports: a 5-byte header on every report, the APDU length on the first one; and the {@link Framing} seam a transport takes. */
import { ProtocolError } from './errors';

/** The command tag of a report carrying APDU bytes. */
export const HID_TAG_APDU = 0x05;

/** Options of {@link frameApdu} and {@link createFrameReader}. */
export interface HidFramingOptions {
  /** The logical channel, echoed by the device so stray reports are ignored. @default 0x0101 */
  channel?: number;
  /** The HID report size in bytes, without a report id. @default 64 */
  reportSize?: number;
}

/** The framing in one place: channel (2, big-endian) ‖ tag 0x05 (1) ‖ sequence (2, from 0) ‖ [first report: APDU length (2)] ‖ data, zero-padded to the report size. */
function normalize(options: HidFramingOptions): { channel: number; reportSize: number } {
  const channel = options.channel ?? 0x0101;
  const reportSize = options.reportSize ?? 64;
  if (reportSize < 8) throw new RangeError('HID reports must be at least 8 bytes.');
  return { channel, reportSize };
}

/**
 * Splits an APDU (or a response) into HID reports.
 *
 * @example
 * ```ts
 * const reports = frameApdu(apdu, { reportSize: 64 }); // each report is 64 bytes
 * ```
 */
export function frameApdu(apdu: Uint8Array, options: HidFramingOptions = {}): Uint8Array[] {
  const { channel, reportSize } = normalize(options);
  if (apdu.length > 0xffff) throw new RangeError(`An APDU of ${apdu.length} bytes does not fit the 2-byte length of the framing.`);
  const reports: Uint8Array[] = [];
  let offset = 0;
  for (let sequence = 0; offset < apdu.length || sequence === 0; sequence++) {
    if (sequence > 0xffff) throw new RangeError('Too many HID reports for one APDU.');
    const report = new Uint8Array(reportSize);
    report[0] = channel >> 8;
    report[1] = channel & 0xff;
    report[2] = HID_TAG_APDU;
    report[3] = sequence >> 8;
    report[4] = sequence & 0xff;
    let cursor = 5;
    if (sequence === 0) {
      report[5] = apdu.length >> 8;
      report[6] = apdu.length & 0xff;
      cursor = 7;
    }
    const chunk = apdu.subarray(offset, offset + reportSize - cursor);
    report.set(chunk, cursor);
    offset += chunk.length;
    reports.push(report);
  }
  return reports;
}

/** Reassembles one APDU from HID reports; `push` returns it once complete, and throws a `ProtocolError` on a wrong channel, tag or sequence. */
export interface FrameReader {
  push(report: Uint8Array): Uint8Array | undefined;
}

/** Creates a {@link FrameReader} for one message. */
export function createFrameReader(options: HidFramingOptions = {}): FrameReader {
  const { channel } = normalize(options);
  let expected = 0;
  let length = 0;
  let received = 0;
  let buffer = new Uint8Array(0);
  return {
    push(report) {
      if (report.length < (expected === 0 ? 7 : 5)) throw new ProtocolError(`HID report of ${report.length} bytes is shorter than its header.`);
      const reportChannel = ((report[0] ?? 0) << 8) | (report[1] ?? 0);
      if (reportChannel !== channel) throw new ProtocolError(`HID report on channel 0x${reportChannel.toString(16)}, expected 0x${channel.toString(16)}.`);
      if (report[2] !== HID_TAG_APDU) throw new ProtocolError(`HID report with tag 0x${(report[2] ?? 0).toString(16)}, expected 0x05.`);
      const sequence = ((report[3] ?? 0) << 8) | (report[4] ?? 0);
      if (sequence !== expected) throw new ProtocolError(`HID report out of order: sequence ${sequence}, expected ${expected}.`);
      let cursor = 5;
      if (sequence === 0) {
        length = ((report[5] ?? 0) << 8) | (report[6] ?? 0);
        buffer = new Uint8Array(length);
        cursor = 7;
      }
      const chunk = report.subarray(cursor, cursor + Math.min(length - received, report.length - cursor));
      buffer.set(chunk, received);
      received += chunk.length;
      expected++;
      return received >= length ? buffer : undefined;
    },
  };
}

/** What one report did to the answer being read: completed it, added to it, or belonged to another exchange (a late, duplicated or stray answer) and was set aside. */
export type FramingStep = { kind: 'complete'; apdu: Uint8Array } | { kind: 'partial' } | { kind: 'stray'; reason: string };

/** Reads the reports of one answer; `push` throws a `ProtocolError` on a report of this exchange that breaks the framing. */
export interface FramingReader {
  push(report: Uint8Array): FramingStep;
}

/**
 * How a transport cuts APDUs into HID reports and pairs each answer with its command. Pass your own to `createHidTransport` (from `@exlic/signer`) for a key that frames differently; the default is {@link createDefaultFraming}.
 */
export interface Framing {
  /** Cuts a command APDU into reports for exchange `tag` (a number from 0 to 0xfffe that the transport increments per exchange). */
  encode(apdu: Uint8Array, tag: number): Uint8Array[];
  /** Starts reading the answer to exchange `tag`; reports of other exchanges come back as `stray`. */
  createReader(tag: number): FramingReader;
}

/**
 * The default framing: the header above, with each exchange on its own channel (`channel + tag`, wrapping within 1..0xffff) that the device echoes, so a late or duplicated answer is recognised and set aside instead of being read as the next command's answer.
 *
 * @example
 * ```ts
 * const transport = createHidTransport({ device, framing: createDefaultFraming({ reportSize: 64 }) });
 * ```
 */
export function createDefaultFraming(options: HidFramingOptions = {}): Framing {
  const { channel: base, reportSize } = normalize(options);
  const channelOf = (tag: number) => ((base - 1 + tag) % 0xffff) + 1;
  return {
    encode: (apdu, tag) => frameApdu(apdu, { channel: channelOf(tag), reportSize }),
    createReader(tag) {
      const channel = channelOf(tag);
      const reader = createFrameReader({ channel, reportSize });
      let expected = 0;
      return {
        push(report) {
          if (report.length < 5) throw new ProtocolError(`HID report of ${report.length} bytes is shorter than its 5-byte header.`);
          const reportChannel = ((report[0] ?? 0) << 8) | (report[1] ?? 0);
          if (reportChannel !== channel) return { kind: 'stray', reason: `report on channel 0x${reportChannel.toString(16)} while reading channel 0x${channel.toString(16)}` };
          const sequence = ((report[3] ?? 0) << 8) | (report[4] ?? 0);
          if (report[2] === HID_TAG_APDU && sequence < expected) return { kind: 'stray', reason: `repeated report ${sequence} on channel 0x${channel.toString(16)}` };
          const apdu = reader.push(report);
          expected++;
          return apdu === undefined ? { kind: 'partial' } : { kind: 'complete', apdu };
        },
      };
    },
  };
}
