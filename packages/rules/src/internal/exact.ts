// Fast exact helpers for the hot path. They agree with @exlic/core's isIsoDate, compareDecimals,
// multiplyDecimals, sumDecimals and addMonthsIso on plain decimal text and YYYY-MM-DD dates (tested
// against them in exact.test.ts), without date-fns parsing or decimal.js allocations per call.
import { compareDecimals, multiplyDecimals, sumDecimals } from '@exlic/core';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a calendar date written YYYY-MM-DD that exists. */
export function isDate(text: unknown): text is string {
  if (typeof text !== 'string' || text.length !== 10) return false;
  const match = DATE.exec(text);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

/** The date `months` calendar months later, clamped to the month's end (as date-fns addMonths does); undefined for a non-date. */
export function addMonths(text: string, months: number): string | undefined {
  if (!isDate(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(month / 12);
  const m = (((month % 12) + 12) % 12) + 1;
  const d = Math.min(Number(text.slice(8, 10)), daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface Scaled {
  readonly digits: bigint;
  readonly scale: number;
}

function scaled(text: string): Scaled | undefined {
  const match = PLAIN.exec(text);
  if (!match) return undefined;
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[2]}${fraction}`);
  return { digits: match[1] === '-' ? -digits : digits, scale: fraction.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint] {
  if (a.scale === b.scale) return [a.digits, b.digits];
  return a.scale < b.scale ? [a.digits * 10n ** BigInt(b.scale - a.scale), b.digits] : [a.digits, b.digits * 10n ** BigInt(a.scale - b.scale)];
}

function toText(value: Scaled): string {
  const negative = value.digits < 0n;
  let text = (negative ? -value.digits : value.digits).toString();
  if (value.scale > 0) {
    text = text.padStart(value.scale + 1, '0');
    text = `${text.slice(0, -value.scale)}.${text.slice(-value.scale)}`.replace(/\.?0+$/, '');
  }
  return negative && text !== '0' ? `-${text}` : text;
}

// Magnitude comparison of plain decimal text without allocating numbers: integer parts by length then digits, then fractions without trailing zeros.
function compareMagnitude(aInt: string, aFrac: string, bInt: string, bFrac: string): -1 | 0 | 1 {
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  if (aFrac === bFrac) return 0;
  return aFrac < bFrac ? -1 : 1;
}

function parts(text: string): [boolean, string, string] | undefined {
  const match = PLAIN.exec(text);
  if (!match) return undefined;
  return [match[1] === '-', match[2]!.replace(/^0+/, ''), (match[3] ?? '').replace(/0+$/, '')];
}

/** -1, 0 or 1 comparing two decimals exactly; undefined when either is not one. */
export function compare(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = parts(a);
    const y = parts(b);
    if (x && y) {
      const xNegative = x[0] && (x[1] !== '' || x[2] !== '');
      const yNegative = y[0] && (y[1] !== '' || y[2] !== '');
      if (xNegative !== yNegative) return xNegative ? -1 : 1;
      const order = compareMagnitude(x[1], x[2], y[1], y[2]);
      return xNegative ? ((-order || 0) as -1 | 0 | 1) : order;
    }
  }
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return undefined;
  return compareDecimals(a, b);
}

/** a × b exactly, as plain decimal text; undefined when either is missing or not a decimal. */
export function multiply(a: unknown, b: unknown): string | undefined {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = scaled(a);
    const y = scaled(b);
    if (x && y) return toText({ digits: x.digits * y.digits, scale: x.scale + y.scale });
  }
  return multiplyDecimals(a as string | undefined, b as string | undefined);
}

/** The exact sum, as plain decimal text; undefined when any is missing or not a decimal. */
export function sum(values: readonly unknown[]): string | undefined {
  let total: Scaled = { digits: 0n, scale: 0 };
  for (const value of values) {
    const next = typeof value === 'string' ? scaled(value) : undefined;
    if (!next) return sumDecimals(values as (string | undefined)[]);
    const [p, q] = align(total, next);
    total = { digits: p + q, scale: Math.max(total.scale, next.scale) };
  }
  return toText(total);
}
