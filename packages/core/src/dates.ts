import { format, parseISO } from 'date-fns';
import { daysInMonth, isIsoDate } from './models/primitives';

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
 * date-fns' addMonths does (`2026-08-31` + 6 months = `2027-02-28`); `undefined` for a non-date.
 */
export function addMonthsIso(text: string, months: number): string | undefined {
  if (!isIsoDate(text) || !Number.isInteger(months)) return undefined;
  // Calendar arithmetic on the numbers, not on a Date: no time zone can move the day, and it is cheap enough for hot loops.
  const monthIndex = Number(text.slice(5, 7)) - 1 + months;
  const year = Number(text.slice(0, 4)) + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const day = Math.min(Number(text.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function dayNumber(text: string): number {
  let year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); `undefined` when either is not a date. */
export function daysBetween(from: string, to: string): number | undefined {
  return isIsoDate(from) && isIsoDate(to) ? dayNumber(to) - dayNumber(from) : undefined;
}
