/** The default 有效截止日期 (valid-until date) a form or server pre-fills. */
import { addMonthsIso } from './dates';
import { isIsoDate } from './models/primitives';

/** The longest a licence may be valid, in calendar months from the application date (货物出口许可证管理办法 第三十条). */
export const LICENCE_VALIDITY_MONTHS = 6;

/**
 * The valid-until date to pre-fill: six calendar months after the application date, but not past 31 December of the
 * licence year — the latest date the validity rules allow (`validity.sixMonths`, `validity.yearEnd`), and in the
 * licence year, on or after the application date (`dates.validUntil.*`). Undefined when no date satisfies them all
 * (a licence year before the application date's, or one that starts more than six months after it) or the date is not
 * a real `YYYY-MM-DD` date. The user may enter an earlier date.
 *
 * @example
 * ```ts
 * defaultValidUntil('2026-03-15');        // '2026-09-15'
 * defaultValidUntil('2026-09-01', 2026);  // '2026-12-31'
 * defaultValidUntil('2026-12-20', 2027);  // '2027-06-20'
 * ```
 */
export function defaultValidUntil(appliedOn: string, year?: number): string | undefined {
  if (!isIsoDate(appliedOn)) return undefined;
  const licenceYear = year ?? Number(appliedOn.slice(0, 4));
  if (!Number.isInteger(licenceYear)) return undefined;
  const limit = addMonthsIso(appliedOn, LICENCE_VALIDITY_MONTHS)!;
  const yearEnd = `${String(licenceYear).padStart(4, '0')}-12-31`;
  const candidate = limit < yearEnd ? limit : yearEnd;
  // In the licence year and not before the application date.
  if (candidate < appliedOn || Number(candidate.slice(0, 4)) !== licenceYear) return undefined;
  return candidate;
}
