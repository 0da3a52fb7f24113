import { describe, expect, it } from 'vitest';
import { sm3 } from './sm3';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sm3', () => {
  // The two examples of GB/T 32905-2016, appendix A.
  it.each([
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])('hashes the standard example %j', (message, digest) => {
    expect(hex(sm3(utf8(message)))).toBe(digest);
  });

  it('hashes the concatenation of its parts, across block boundaries', () => {
    const whole = utf8('x'.repeat(200));
    for (const cut of [0, 1, 55, 56, 64, 119, 200]) expect(hex(sm3(whole.slice(0, cut), whole.slice(cut)))).toBe(hex(sm3(whole)));
  });
});
