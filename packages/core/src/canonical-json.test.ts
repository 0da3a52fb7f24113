import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalize, isCanonicalizationError, type CanonicalizationError } from './canonical-json';

/** Rebuilds every object of a JSON value with its keys in a shuffled order. */
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  let state = seed || 1;
  for (let i = entries.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, shuffleKeys(item, seed + 7)]));
}

describe('canonicalJson', () => {
  it('writes numbers as RFC 8785 §3.2.2.3 does (ECMAScript forms)', () => {
    // Values from RFC 8785 Appendix B, written as the RFC writes them; that they round to other doubles is the point.
    // eslint-disable-next-line no-loss-of-precision
    const inputs = [0, -0, 1e21, 1e-7, 0.000001, 333333333.33333329, 1e23, 9007199254740992, 295147905179352830000];
    expect(canonicalJson(inputs)).toBe(
      '[0,0,1e+21,1e-7,0.000001,333333333.3333333,1e+23,9007199254740992,295147905179352830000]',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 §3.2.3 shows', () => {
    // The sorting example of RFC 8785 §3.2.3.
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // Read the member names off the text: JSON.parse would reorder the integer-like key "1".
    const keys = [...canonicalJson(value).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((match) => JSON.parse(`"${match[1]}"`) as string);
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
    expect(canonicalJson(value).startsWith('{"\\r":"Carriage Return","1":"One","\u0080":"Control"')).toBe(true);
  });

  it('escapes strings minimally and keeps non-ASCII as UTF-8', () => {
    expect(canonicalJson({ text: '一般贸易\n"\u001f' })).toBe('{"text":"一般贸易\\n\\"\\u001f"}');
  });

  it('drops undefined members and writes undefined array items as null, like JSON', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
  });

  it.each([
    [Number.NaN, 'NaN'],
    [{ a: Infinity }, 'Infinity'],
    [{ s: '\ud800' }, 'surrogate'],
    [10n, 'bigint'],
  ])('refuses %s with a CanonicalizationError', (value, words) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(isCanonicalizationError(caught)).toBe(true);
    expect((caught as CanonicalizationError).message).toContain(words);
  });

  it('refuses cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('gives the same bytes under any key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 1_000_000 }), (value, seed) => {
        expect(canonicalize(shuffleKeys(value, seed))).toEqual(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips: parsing the canonical text gives the same value back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('returns UTF-8 bytes', () => {
    expect(Array.from(canonicalize({ a: '锗' }))).toEqual(Array.from(new TextEncoder().encode('{"a":"锗"}')));
  });
});
