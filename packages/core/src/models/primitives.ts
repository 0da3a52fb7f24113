import { Decimal } from 'decimal.js';
import { isValid, parseISO } from 'date-fns';
import { z } from 'zod';

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Turns `""` (and whitespace-only text) into "not filled", as the wire format says they mean the same. */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/**
 * Normalises a decimal written as a string or a JSON number to a plain decimal string, or returns
 * `undefined` when it is not one. Strings keep their scale (`"1250.50"` stays); numbers are read
 * from their shortest round-trip text, so `0.1` is `"0.1"`, never `0.1000000000000000055…`.
 */
export function normalizeDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return new Decimal(String(value)).toFixed();
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

/** True when `text` is a calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isValid(parseISO(text));
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
