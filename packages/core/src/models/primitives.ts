import * as z from 'zod';

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Turns `""` (and whitespace-only text) into "not filled", as the wire format says they mean the same. */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/**
 * A number's shortest round-trip text (`String(n)`) as plain decimal text: `1e-7` is `0.0000001`,
 * `1.5e+21` is `1500000000000000000000`, `-0` is `0`.
 */
function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, integer = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const digits = integer + fraction;
  // The position of the decimal point in `digits` after applying the exponent.
  const point = integer.length + exponent;
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const rest = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  const plainWhole = whole.replace(/^0+(?=\d)/, '');
  const plainRest = rest.replace(/0+$/, '');
  const plain = plainRest === '' ? plainWhole : `${plainWhole}.${plainRest}`;
  return sign === '-' && /[1-9]/.test(plain) ? `-${plain}` : plain;
}

/**
 * Normalises a decimal written as a string or a JSON number to a plain decimal string, or returns
 * `undefined` when it is not one. Strings keep their scale (`"1250.50"` stays); numbers are read
 * from their shortest round-trip text, so `0.1` is `"0.1"`, never `0.1000000000000000055…`.
 */
export function normalizeDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return expandExponent(String(value));
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!DECIMAL_TEXT.test(text)) return undefined;
  let normalised = text.startsWith('+') ? text.slice(1) : text;
  if (normalised.startsWith('.')) normalised = `0${normalised}`;
  if (normalised.startsWith('-.')) normalised = `-0${normalised.slice(1)}`;
  if (normalised.endsWith('.')) normalised = normalised.slice(0, -1);
  return normalised;
}

/** A decimal amount or quantity: a string or JSON number on input, a plain decimal string after parsing. */
export const DecimalString = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const normalised = normalizeDecimal(value);
  if (normalised === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a decimal number such as "1250.50", got ${JSON.stringify(value)}`, params: { format: 'decimal' } });
    return z.NEVER;
  }
  return normalised;
});

/** The number of days in a month of the proleptic Gregorian calendar (`month` 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of the decimal digits of `text` from `start` to `end`, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** True when `text` is a calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isIsoDate(text: unknown): text is string {
  // Character codes and arithmetic rather than a regex or a Date: the rules call this on every date of every application.
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A calendar date as the wire format writes it: `YYYY-MM-DD`. */
export const IsoDate = z.string().refine(isIsoDate, { message: 'expected a date written YYYY-MM-DD', params: { format: 'date' } });

/** A timestamp: ISO 8601 with an offset. */
export const IsoTimestamp = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 timestamp with offset, e.g. 2026-11-27T10:00:00+08:00' });

/** Wraps a schema so that a blank string or `null` counts as "not filled". */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : blankToUndefined(value)), schema.optional());
}

/** An integer, also accepted as a string of digits (`"2026"`). */
export const IntegerLike = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
  z.int({ message: 'expected a whole number' }),
);

/** A code from a code table: the table's code string, trimmed. */
export const Code = z.string().trim();

/** Free text as typed by the user. */
export const Text = z.string();
