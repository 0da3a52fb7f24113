import { describe, expect, it } from 'vitest';
import { checkCode, createFrameAssembler, decodeFrame, encodeFrameHeader, encodeFrames, splitBlocks } from './protocol';

describe('checkCode', () => {
  it.each([
    ['123456789', '374B'],
    ['', 'FFFF'],
  ])('computes the swapped CRC-16/MODBUS of %j', (text, expected) => {
    expect(checkCode(text)).toBe(expected);
  });
});

describe('splitBlocks', () => {
  it('counts characters above U+00FF as 3 bytes', () => {
    expect(splitBlocks('a'.repeat(20), { maxBytes: 10 }).map((b) => b.length)).toEqual([8, 8, 4]);
    expect(splitBlocks('锗'.repeat(6), { maxBytes: 10 }).map((b) => b.length)).toEqual([3, 3]);
  });
});

describe('encodeFrames', () => {
  it('writes a 128-character header with every field at its offset', () => {
    const header = encodeFrameHeader({ checkCode: 'AB12', blockCheckCode: '0F0F', totalLength: 123456, blockLength: 999, blockCount: 3, guid: '12345678-1234-1234-1234-123456789abc', blockIndex: 2 });
    expect(header).toHaveLength(128);
    expect(header.slice(0, 84)).toBe(['BLOCKTXT', 'AB12', '0F0F', '0000000000123456', '00000999', '0003', '12345678-1234-1234-1234-123456789abc', '0002'].join(''));
    expect(header.slice(84)).toBe('0'.repeat(44));
    expect(decodeFrame(header).header.totalLength).toBe(123456);
  });

  it('splits a 300 KB message and reassembles it, in any order', () => {
    const text = JSON.stringify({ _method: 'cus-sec_SpcSignDataAsPEM', _id: 1, args: { inData: '出口许可证'.repeat(20_000) + 'x'.repeat(100_000) } });
    const frames = encodeFrames(text, { guid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(frames.length).toBeGreaterThan(2);
    const assembler = createFrameAssembler();
    const order = [...frames.keys()].reverse();
    const results = order.map((i) => assembler.push(frames[i]!));
    expect(results.at(-1)).toEqual({ kind: 'complete', guid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', text });
    expect(results[0]).toMatchObject({ kind: 'next', next: 0, ok: true });
  });

  it('asks again for a block that fails its check code', () => {
    const frames = encodeFrames('z'.repeat(50), { guid: 'g'.repeat(36), maxBytes: 20 });
    const corrupted = `${frames[0]!.slice(0, -1)}y`;
    expect(createFrameAssembler().push(corrupted)).toMatchObject({ kind: 'next', next: 0, ok: false });
  });
});
