import { Decimal } from 'decimal.js';
import { normalizeDecimal } from './models/primitives';

function toDecimal(value: string | number | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const normalised = normalizeDecimal(value);
  return normalised === undefined ? undefined : new Decimal(normalised);
}

/** True when `value` is a decimal written as the wire format allows (string or finite number). */
export function isDecimal(value: unknown): value is string | number {
  return normalizeDecimal(value) !== undefined;
}

/**
 * `a × b` exactly, as a plain decimal string, or `undefined` when either is missing or not a decimal.
 * @example multiplyDecimals('0.1', '3') // '0.3'
 */
export function multiplyDecimals(a: string | number | undefined, b: string | number | undefined): string | undefined {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return x && y ? x.times(y).toFixed() : undefined;
}

/**
 * The exact sum of the given decimals, as a plain decimal string; `undefined` when any is missing or not a decimal.
 * @example sumDecimals(['0.1', '0.2']) // '0.3'
 */
export function sumDecimals(values: readonly (string | number | undefined)[]): string | undefined {
  let total = new Decimal(0);
  for (const value of values) {
    const decimal = toDecimal(value);
    if (!decimal) return undefined;
    total = total.plus(decimal);
  }
  return total.toFixed();
}

/** Compares two decimals exactly: -1, 0 or 1; `undefined` when either is not a decimal. `"1.50"` equals `"1.5"`. */
export function compareDecimals(a: string | number | undefined, b: string | number | undefined): -1 | 0 | 1 | undefined {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return x && y ? (x.comparedTo(y) as -1 | 0 | 1) : undefined;
}

/** Options of {@link convertToUsd}. */
export interface UsdConversionOptions {
  /** US dollars per one unit of the source currency, e.g. `"0.1389"` for CNY. Never guessed by the SDK. */
  readonly rate: string | number;
  /** Decimal places of the result. @default 2 */
  readonly decimalPlaces?: number;
}

/**
 * Converts an amount to US dollars at a rate the caller gives (half-up to `decimalPlaces`);
 * `undefined` when the amount or rate is not a decimal, or the rate is not positive.
 * @example convertToUsd('10000', { rate: '0.1389' }) // '1389.00'
 */
export function convertToUsd(amount: string | number | undefined, options: UsdConversionOptions): string | undefined {
  const value = toDecimal(amount);
  const rate = toDecimal(options.rate);
  if (!value || !rate || rate.lte(0)) return undefined;
  return value.times(rate).toFixed(options.decimalPlaces ?? 2, Decimal.ROUND_HALF_UP);
}
