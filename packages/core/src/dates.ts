import { addMonths, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { isIsoDate } from './models/primitives';

/** The calendar date of a `YYYY-MM-DD` text as a local-midnight `Date`, or `undefined` when it is not a real date. */
export function toDate(text: string | undefined): Date | undefined {
  return text !== undefined && isIsoDate(text) ? parseISO(text) : undefined;
}

/** A `Date`'s calendar date as the wire format writes it: `YYYY-MM-DD` (local time). */
export function formatIsoDate(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

/** Today's date as `YYYY-MM-DD`, in local time. */
export function todayIsoDate(): string {
  return formatIsoDate(new Date());
}

/**
 * The date `months` calendar months after a `YYYY-MM-DD` date, clamped to the month's end as
 * date-fns does (`2026-08-31` + 6 months = `2027-02-28`); `undefined` for a non-date.
 */
export function addMonthsIso(text: string, months: number): string | undefined {
  const date = toDate(text);
  return date ? formatIsoDate(addMonths(date, months)) : undefined;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); `undefined` when either is not a date. */
export function daysBetween(from: string, to: string): number | undefined {
  const a = toDate(from);
  const b = toDate(to);
  return a && b ? differenceInCalendarDays(b, a) : undefined;
}
