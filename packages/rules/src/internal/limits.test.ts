import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, cutText, echoValue } from './limits';

// cutText as it was before its short-plain-text shortcut (verbatim, renamed): the shortcut must change no result.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
function oldCutText(text: string, max: number = LIMITS.echo): string {
  const clean = text.length > max * 4 ? text.slice(0, max * 4).replace(CONTROL, '') : text.replace(CONTROL, '');
  if (clean.length <= max && text.length <= max * 4) return clean;
  return `${clean.slice(0, max)}… (${text.length.toLocaleString('en')} characters)`;
}

// Plain text, and every edge of the control ranges (each range's first and last character and their neighbours).
const EDGES = [0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x9f, 0xa0, 0x2029, 0x202a, 0x202e, 0x202f, 0x2065, 0x2066, 0x2069, 0x206a, 0xfeff, 0x3000];
const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'aZ09 -.,中文校验位…') },
  { weight: 2, arbitrary: fc.constantFrom(...EDGES.map((code) => String.fromCharCode(code))) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = fc.nat({ max: 420 }).chain((length) => fc.array(char, { minLength: length, maxLength: length }).map((chars) => chars.join('')));

describe('cutText', () => {
  it('gives what it gave before the shortcut for short, long, plain and dirty text, at the default and at 400', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, 80, 400, 0, 1), (value, max) => {
        expect(cutText(value, max)).toBe(oldCutText(value, max));
      }),
      { numRuns: 5000 },
    );
  });

  it('strips each control range and keeps their neighbours', () => {
    for (const code of EDGES) {
      const value = `a${String.fromCharCode(code)}b`;
      expect(cutText(value)).toBe(oldCutText(value));
    }
    expect(cutText('a\u202eb\u2066c\u0085d')).toBe('abcd');
    expect(echoValue('x'.repeat(81))).toBe(`${'x'.repeat(80)}… (81 characters)`);
  });
});
