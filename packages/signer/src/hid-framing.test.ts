import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrameReader, frameApdu } from './hid-framing';

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
