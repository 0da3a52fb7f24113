import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyDecimals, sumDecimals } from './decimal';
import { normalizeDecimal } from './models/primitives';

// multiplyDecimals and sumDecimals as they were before their safe-integer fast path (verbatim, renamed `old*`):
// BigInt on every call. The fast versions must give the same text for every input.
interface Scaled {
  readonly digits: bigint;
  readonly scale: number;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

function readPlain(value: string | number | undefined): RegExpExecArray | null {
  if (value === undefined) return null;
  const match = typeof value === 'string' ? PLAIN.exec(value) : null;
  if (match) return match;
  const text = normalizeDecimal(value);
  return text === undefined ? null : PLAIN.exec(text);
}

function toScaled(value: string | number | undefined): Scaled | undefined {
  const match = readPlain(value);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  const digits = BigInt(match[2]! + fraction);
  return { digits: match[1] === '-' ? -digits : digits, scale: fraction.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.digits, b.digits, a.scale];
  return a.scale < b.scale ? [a.digits * 10n ** BigInt(b.scale - a.scale), b.digits, b.scale] : [a.digits, b.digits * 10n ** BigInt(a.scale - b.scale), a.scale];
}

function toText({ digits, scale }: Scaled): string {
  const negative = digits < 0n;
  let text = (negative ? -digits : digits).toString();
  if (scale > 0) {
    text = text.padStart(scale + 1, '0');
    text = `${text.slice(0, -scale)}.${text.slice(-scale)}`.replace(/\.?0+$/, '');
  }
  return negative && text !== '0' ? `-${text}` : text;
}

function oldMultiplyDecimals(a: string | number | undefined, b: string | number | undefined): string | undefined {
  const x = toScaled(a);
  const y = toScaled(b);
  return x && y ? toText({ digits: x.digits * y.digits, scale: x.scale + y.scale }) : undefined;
}

function oldSumDecimals(values: readonly (string | number | undefined)[]): string | undefined {
  let total: Scaled = { digits: 0n, scale: 0 };
  for (const value of values) {
    const next = toScaled(value);
    if (!next) return undefined;
    const [p, q, scale] = align(total, next);
    total = { digits: p + q, scale };
  }
  return toText(total);
}

// Plain decimals of up to 18 digits and scale 0-6: signs, zeros (also -0 and 0.000), trailing and leading zeros;
// the fast path takes those of at most 15 digits, the rest must fall back to the exact path unharmed.
const plain = fc
  .tuple(fc.boolean(), fc.constantFrom(0, 1, 2, 3, 6, 9, 12, 15, 16, 18), fc.nat({ max: 6 }), fc.nat({ max: 3 }), fc.nat({ max: 2 }))
  .chain(([negative, maxDigits, scale, trailingZeros, leadingZeros]) =>
    fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) - 1n }).map((digits) => {
      const text = '0'.repeat(leadingZeros) + digits.toString().padStart(scale + 1, '0') + '0'.repeat(trailingZeros);
      const fraction = scale + trailingZeros;
      const body = fraction > 0 ? `${text.slice(0, -fraction)}.${text.slice(-fraction)}` : text;
      return negative ? `-${body}` : body;
    }),
  );
// Other inputs the functions accept or refuse: numbers, text that needs normalising, junk.
const other = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.constantFrom(undefined, '', '-', '.', '-.5', '+1.5', '.5', '5.', ' 12 ', '1e3', '1.2.3', '--1', '0x10', '１２', '9007199254740993', '999999999999999', '-999999999999999.9'),
  fc.string({ maxLength: 8 }),
);
const decimal = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: other });

describe('the fast multiply and sum match the exact path they sit in front of', () => {
  it('multiplies to the same text', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(multiplyDecimals(a, b)).toBe(oldMultiplyDecimals(a, b));
      }),
      { numRuns: 20000 },
    );
  });

  it('sums to the same text', () => {
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 6 }), (values) => {
        expect(sumDecimals(values)).toBe(oldSumDecimals(values));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    ['94906265', '94906266'], // the product just below 2^53
    ['94906266', '94906267'], // the product just above 2^53
    ['9007199254740991', '1'],
    ['999999999999999', '9.99'],
    ['-0', '5'],
    ['-0.000', '-1.50'],
    ['0.000001', '0.000001'],
    ['123456789012345', '0.1'],
  ])('%s × %s, and their sum', (a, b) => {
    expect(multiplyDecimals(a, b)).toBe(oldMultiplyDecimals(a, b));
    expect(sumDecimals([a, b, a])).toBe(oldSumDecimals([a, b, a]));
  });

  it('sums past the safe integers exactly', () => {
    const values = Array.from({ length: 20 }, () => '999999999999999.999999');
    expect(sumDecimals(values)).toBe(oldSumDecimals(values));
    expect(sumDecimals(['999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999', '999999999999999'])).toBe('9999999999999990');
  });
});
