import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, convertToUsd, isDecimal, multiplyDecimals, sumDecimals } from './decimal';
import { addMonthsIso, daysBetween, formatIsoDate, toDate } from './dates';
import { normalizeDecimal } from './models/primitives';

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
