import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from './errors';
import { createDefaultFraming, createFrameReader, frameApdu } from './hid-framing';

const roundTrip = (apdu: Uint8Array, reportSize = 64) => {
  const reports = frameApdu(apdu, { reportSize });
  const reader = createFrameReader({ reportSize });
  let result: Uint8Array | undefined;
  reports.forEach((report, index) => {
    result = reader.push(report);
    expect(result === undefined).toBe(index < reports.length - 1);
  });
  return { reports, result };
};

describe('frameApdu', () => {
  it.each([
    ['1-byte', 1, 1],
    ['report-sized', 64, 2],
    ['first-report-exact', 57, 1],
    ['4 KB', 4096, 70],
  ] as const)('round-trips a %s APDU through %#', (_name, length, reportCount) => {
    const apdu = Uint8Array.from({ length }, (_, i) => (i * 13 + 1) & 0xff);
    const { reports, result } = roundTrip(apdu);
    expect(reports).toHaveLength(reportCount);
    expect(reports.every((report) => report.length === 64)).toBe(true);
    expect(result).toEqual(apdu);
  });

  it('writes channel, tag, sequence and length into the header', () => {
    const [first, second] = frameApdu(new Uint8Array(100), { channel: 0xabcd });
    expect(Array.from(first!.subarray(0, 7))).toEqual([0xab, 0xcd, 0x05, 0x00, 0x00, 0x00, 100]);
    expect(Array.from(second!.subarray(0, 5))).toEqual([0xab, 0xcd, 0x05, 0x00, 0x01]);
  });

  it('rejects a report out of sequence or on another channel', () => {
    const reports = frameApdu(new Uint8Array(200));
    expect(() => createFrameReader().push(reports[1]!)).toThrow(/sequence 1, expected 0/);
    expect(() => createFrameReader({ channel: 2 }).push(reports[0]!)).toThrow(/channel/);
  });

  it('round-trips any APDU up to 5000 bytes at any report size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 5000 }), fc.integer({ min: 8, max: 128 }), (apdu, reportSize) => {
        expect(roundTrip(apdu, reportSize).result).toEqual(apdu);
      }),
      { numRuns: 60 },
    );
  });
});

describe('createDefaultFraming', () => {
  const framing = createDefaultFraming();

  it('puts each exchange on its own channel, from 0x0101, wrapping within 1..0xffff', () => {
    expect(Array.from(framing.encode(Uint8Array.of(1), 0)[0]!.subarray(0, 2))).toEqual([0x01, 0x01]);
    expect(Array.from(framing.encode(Uint8Array.of(1), 1)[0]!.subarray(0, 2))).toEqual([0x01, 0x02]);
    const wrapped = framing.encode(Uint8Array.of(1), 0xffff - 0x0101 + 1)[0]!;
    expect(((wrapped[0]! << 8) | wrapped[1]!)).toBe(1);
  });

  it('sets aside reports of another exchange and repeated reports, and completes its own answer', () => {
    const answer = Uint8Array.from({ length: 100 }, (_, i) => i);
    const own = framing.encode(answer, 5);
    const other = framing.encode(Uint8Array.of(0x90, 0x00), 4);
    const reader = framing.createReader(5);
    expect(reader.push(other[0]!)).toMatchObject({ kind: 'stray' });
    expect(reader.push(own[0]!)).toEqual({ kind: 'partial' });
    expect(reader.push(own[0]!)).toMatchObject({ kind: 'stray', reason: expect.stringContaining('repeated') as unknown });
    expect(reader.push(own[1]!)).toEqual({ kind: 'complete', apdu: answer });
  });

  it('throws a ProtocolError on a short or out-of-order report of its own exchange', () => {
    const reports = framing.encode(new Uint8Array(200), 2);
    expect(() => framing.createReader(2).push(Uint8Array.of(1, 2))).toThrow(ProtocolError);
    expect(() => framing.createReader(2).push(reports[2]!)).toThrow(/sequence 2, expected 0/);
  });
});
