import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, convertToUsd, isDecimal, multiplyDecimals, sumDecimals } from './decimal';
import { addMonthsIso, daysBetween, formatIsoDate, toDate } from './dates';
import { isIsoDate, normalizeDecimal } from './models/primitives';
import { Decimal } from 'decimal.js';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

describe('exact decimals', () => {
  it.each([
    ['0.1', '3', '0.3'],
    [0.1, 3, '0.3'],
    ['1250.50', '4', '5002'],
    ['0.0001', '0.0001', '0.00000001'],
    ['99999999999999999999', '10', '999999999999999999990'],
  ])('%s × %s = %s', (a, b, product) => {
    expect(multiplyDecimals(a, b)).toBe(product);
  });

  it('sums exactly where binary floating point does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['1', 'x'])).toBeUndefined();
  });

  it('compares by value, not by text', () => {
    expect(compareDecimals('1.50', '1.5')).toBe(0);
    expect(compareDecimals('2', '10')).toBe(-1);
    expect(compareDecimals('abc', '1')).toBeUndefined();
  });

  it('keeps every digit of large amounts (decimal.js alone rounds to 20 significant digits)', () => {
    expect(multiplyDecimals('2', '56407913867713691216')).toBe('112815827735427382432');
    expect(convertToUsd('123456789012345678901.23', { rate: '1' })).toBe('123456789012345678901.23');
  });

  it('converts to US dollars only at a rate the caller gives', () => {
    expect(convertToUsd('10000', { rate: '0.1389' })).toBe('1389.00');
    expect(convertToUsd('1', { rate: '0.125', decimalPlaces: 2 })).toBe('0.13');
    expect(convertToUsd('1', { rate: '0' })).toBeUndefined();
    expect(convertToUsd(undefined, { rate: '1' })).toBeUndefined();
  });

  it.each([
    ['1250.50', '1250.50'],
    [' 7 ', '7'],
    ['+3', '3'],
    ['.5', '0.5'],
    ['5.', '5'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    ['1e3', undefined],
    ['', undefined],
    [Number.NaN, undefined],
    [true, undefined],
  ])('normalizeDecimal(%s) → %s', (input, output) => {
    expect(normalizeDecimal(input)).toBe(output);
    expect(isDecimal(input)).toBe(output !== undefined);
  });

  it('keeps the value of every finite number it normalises', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => Number(normalizeDecimal(n)) === n || Object.is(n, -0)));
  });
});

describe('dates', () => {
  it('adds months with month-end clamping', () => {
    expect(addMonthsIso('2026-03-01', 6)).toBe('2026-09-01');
    expect(addMonthsIso('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsIso('2026-02-30', 1)).toBeUndefined();
  });

  it('counts calendar days', () => {
    expect(daysBetween('2026-01-01', '2026-06-30')).toBe(180);
    expect(daysBetween('2026-06-30', '2026-01-01')).toBe(-180);
    expect(daysBetween('x', '2026-01-01')).toBeUndefined();
  });

  it('round-trips a date', () => {
    expect(formatIsoDate(toDate('2024-02-29')!)).toBe('2024-02-29');
    expect(toDate('2023-02-29')).toBeUndefined();
  });
});

describe('exact decimals agree with decimal.js', () => {
  const decimalText = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat({ max: 8 })).map(([negative, digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    const plain = scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text;
    return negative ? `-${plain}` : plain;
  });

  // decimal.js rounds to 20 significant digits by default; with enough precision it is an exact oracle.
  const Exact = Decimal.clone({ precision: 1000 });

  it('multiplies, sums and compares as decimal.js does', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        expect(multiplyDecimals(a, b)).toBe(new Exact(a).times(b).toFixed());
        expect(sumDecimals([a, b])).toBe(new Exact(a).plus(b).toFixed());
        expect(compareDecimals(a, b)).toBe(new Exact(a).comparedTo(b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('number reading and USD conversion agree with decimal.js', () => {
  const Exact = Decimal.clone({ precision: 1000 });
  const decimalText = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.nat({ max: 6 })).map(([negative, digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    return `${negative ? '-' : ''}${scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text}`;
  });

  it('reads every finite number as decimal.js reads its shortest text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.double({ min: -1e-3, max: 1e-3, noNaN: true })), (n) => {
        expect(normalizeDecimal(n)).toBe(new Decimal(String(n)).toFixed());
      }),
      { numRuns: 2000 },
    );
  });

  it('converts and rounds half-up as decimal.js does', () => {
    fc.assert(
      fc.property(decimalText, decimalText, fc.nat({ max: 6 }), (amount, rate, places) => {
        const expected = new Exact(rate).lte(0) ? undefined : new Exact(amount).times(rate).toFixed(places, Decimal.ROUND_HALF_UP);
        expect(convertToUsd(amount, { rate, decimalPlaces: places })).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses decimal places that are not a whole number', () => {
    expect(convertToUsd('1', { rate: '1', decimalPlaces: 1.5 })).toBeUndefined();
    expect(convertToUsd('1', { rate: '1', decimalPlaces: -1 })).toBeUndefined();
  });
});

describe('calendar arithmetic agrees with date-fns', () => {
  const date = fc.date({ min: new Date(1, 0, 1), max: new Date(9999, 11, 31), noInvalidDate: true }).map((d) => format(d, 'yyyy-MM-dd'));

  it('adds months and counts days as addMonths and differenceInCalendarDays do', () => {
    fc.assert(
      fc.property(date, date, fc.integer({ min: -36, max: 36 }), (a, b, months) => {
        expect(addMonthsIso(a, months)).toBe(formatIsoDate(addMonths(parseISO(a), months)));
        expect(daysBetween(a, b)).toBe(differenceInCalendarDays(parseISO(b), parseISO(a)));
        expect(isIsoDate(a)).toBe(isValid(parseISO(a)));
        expect(toDate(a)?.getTime()).toBe(parseISO(a).getTime());
        expect(formatIsoDate(parseISO(b))).toBe(format(parseISO(b), 'yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-01'])('refuses %s as a date', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });

  it('accepts 29 February of a leap year', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });
});
