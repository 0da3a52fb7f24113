/**
 * US-dollar rates for 总值折美元 (a vehicle row's value in USD): a table by currency and month, as customs publishes
 * its monthly conversion rates. Rates are exact decimal strings: US dollars per one unit of the currency.
 */
import { isDecimal } from './decimal';

/** One currency's rate from a month on: in force from the first day of `from` until the next entry's month. */
export interface UsdRateEntry {
  /** The first month the rate applies to, `YYYY-MM`. */
  readonly from: string;
  /** US dollars per one unit of the currency, an exact decimal string (`"0.1400"`). */
  readonly usdPerUnit: string;
}

/** A rate table: where its rates come from, and each currency's rates by month (currency codes of the currencies table, e.g. `CNY`). */
export interface UsdRateTable {
  /** Where the rates come from, in words a reader can check. */
  readonly source: string;
  /** Rates per currency code, each list sorted by `from`. */
  readonly rates: Readonly<Record<string, readonly UsdRateEntry[]>>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Builds a rate table, checking every entry: currency codes of three capital letters, months `YYYY-MM`, rates
 * positive exact decimals; each currency's entries are sorted by month, and a month given twice is refused.
 * Throws a TypeError that names the bad entry.
 *
 * @example
 * ```ts
 * const rates = createUsdRateTable({ source: '海关总署 2026年9月 折算汇率', rates: { CNY: [{ from: '2026-09', usdPerUnit: '0.1404' }] } });
 * check(application, { usdRates: rates });
 * ```
 */
export function createUsdRateTable(input: { source: string; rates: Readonly<Record<string, readonly UsdRateEntry[]>> }): UsdRateTable {
  if (typeof input?.source !== 'string' || input.source.trim() === '') throw new TypeError('A USD rate table needs its source: where its rates come from.');
  const rates: Record<string, readonly UsdRateEntry[]> = Object.create(null) as Record<string, readonly UsdRateEntry[]>;
  for (const [currency, entries] of Object.entries(input.rates ?? {})) {
    if (!CURRENCY.test(currency)) throw new TypeError(`USD rate table: "${currency.slice(0, 20)}" is not a currency code of three capital letters (CNY, EUR …).`);
    if (!Array.isArray(entries)) throw new TypeError(`USD rate table: the rates of ${currency} must be a list of { from: "YYYY-MM", usdPerUnit: "0.1400" }.`);
    const sorted = entries.map((entry: UsdRateEntry) => {
      if (typeof entry?.from !== 'string' || !MONTH.test(entry.from)) throw new TypeError(`USD rate table: ${currency} has a month that is not YYYY-MM.`);
      if (typeof entry.usdPerUnit !== 'string' || !isDecimal(entry.usdPerUnit) || !/[1-9]/.test(entry.usdPerUnit) || entry.usdPerUnit.startsWith('-')) {
        throw new TypeError(`USD rate table: the ${currency} rate from ${entry.from} must be a positive decimal string such as "0.1400".`);
      }
      return Object.freeze({ from: entry.from, usdPerUnit: entry.usdPerUnit });
    });
    sorted.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.from === sorted[i - 1]!.from) throw new TypeError(`USD rate table: ${currency} has two rates from ${sorted[i]!.from}.`);
    rates[currency] = Object.freeze(sorted);
  }
  return Object.freeze({ source: input.source, rates: Object.freeze(rates) });
}

/** True for a value {@link createUsdRateTable} made or one of its shape (a source and rates by currency). */
export function isUsdRateTable(value: unknown): value is UsdRateTable {
  const table = value as Partial<UsdRateTable> | null;
  return typeof table === 'object' && table !== null && typeof table.source === 'string' && typeof table.rates === 'object' && table.rates !== null && !Array.isArray(table.rates);
}

/**
 * The rate for a currency on a date (`YYYY-MM-DD`): the entry of the date's month, else the latest earlier one; `"1"`
 * for USD; undefined when the table has no rate in force (the field then stays empty: the SDK never guesses a rate).
 *
 * @example findUsdRate(SANDBOX_USD_RATES, 'CNY', '2026-09-01') // '0.14'
 */
export function findUsdRate(table: UsdRateTable, currency: string | undefined, date: string | undefined): string | undefined {
  if (currency === 'USD') return '1';
  if (currency === undefined || date === undefined || !/^\d{4}-\d{2}/.test(date)) return undefined;
  const month = date.slice(0, 7);
  const entries = Object.prototype.hasOwnProperty.call(table.rates, currency) ? table.rates[currency] : undefined;
  let found: string | undefined;
  for (const entry of entries ?? []) {
    if (entry.from > month) break;
    found = entry.usdPerUnit;
  }
  return found;
}

/**
 * The sandbox's rate table: round, illustrative rates from January 2026 for the currencies the samples use. They are
 * NOT published rates; a real deployment passes the rates it must use (customs' monthly conversion rates, 海关总署
 * 公布的月度折算汇率) with {@link createUsdRateTable}.
 */
export const SANDBOX_USD_RATES: UsdRateTable = createUsdRateTable({
  source: 'exlic sandbox: illustrative round rates from 2026-01 for testing, not published rates. Replace them with the monthly customs conversion rates (海关总署月度折算汇率) a deployment must use.',
  rates: {
    CNY: [{ from: '2026-01', usdPerUnit: '0.14' }],
    EUR: [{ from: '2026-01', usdPerUnit: '1.08' }],
    GBP: [{ from: '2026-01', usdPerUnit: '1.27' }],
    HKD: [{ from: '2026-01', usdPerUnit: '0.128' }],
    JPY: [{ from: '2026-01', usdPerUnit: '0.0068' }],
  },
});
