import { convertToUsd, multiplyDecimals, sumDecimals } from './decimal';
import { todayIsoDate } from './dates';
import { findUsdRate, type UsdRateTable } from './usd-rates';
import type { ExportLicenceApplication, SpecRow } from './models/application';
import { getGoodsClass } from './goods-classes';
import type { GoodsClass } from './models/catalog';

/** The spec-row field that holds a row's total (the registry's `totalField`): `totalValue` for vehicles, `totalPrice` for every other class. */
export function rowTotalField(goodsClass: GoodsClass | null | undefined): 'totalValue' | 'totalPrice' {
  return getGoodsClass(goodsClass)?.totalField ?? 'totalPrice';
}

function totalIsEntered(goodsClass: GoodsClass | null | undefined): boolean {
  return getGoodsClass(goodsClass)?.rowTotal === 'entered';
}

/**
 * A row's total as the portal's screen computes it: `unitPrice × quantity`, exactly. A used vehicle's
 * `totalValue` is entered, not computed, so it is returned as given. `undefined` when it cannot be known.
 * @example rowTotal({ unitPrice: '0.1', quantity: '3' }, 'general') // '0.3'
 */
export function rowTotal(row: SpecRow, goodsClass: GoodsClass | null | undefined): string | undefined {
  if (totalIsEntered(goodsClass)) return row[rowTotalField(goodsClass)];
  return multiplyDecimals(row.unitPrice, row.quantity);
}

/** 合计数量: the sum of the rows' quantities; a used-vehicle row is one vehicle. `undefined` when a row has none, or there are no rows. */
export function goodsTotalQuantity(specs: readonly SpecRow[] | undefined, goodsClass: GoodsClass | null | undefined): string | undefined {
  if (!specs || specs.length === 0) return undefined;
  if (getGoodsClass(goodsClass)?.rowCount === 'oneEach') return String(specs.length);
  return sumDecimals(rowValues(specs, 'quantity'));
}

/** 总金额: the sum of the rows' totals (total price, or total value for vehicles). `undefined` when a row has none, or there are no rows. */
export function goodsTotalAmount(specs: readonly SpecRow[] | undefined, goodsClass: GoodsClass | null | undefined): string | undefined {
  if (!specs || specs.length === 0) return undefined;
  return sumDecimals(rowValues(specs, rowTotalField(goodsClass)));
}

// Each row's value of `field`, by a loop rather than map() with a closure made per call (these run on every check()).
function rowValues(specs: readonly SpecRow[], field: 'quantity' | 'totalPrice' | 'totalValue'): (string | undefined)[] {
  const values = new Array<string | undefined>(specs.length);
  for (let i = 0; i < specs.length; i += 1) values[i] = specs[i]![field];
  return values;
}

/** Options of {@link fillComputedFields}. */
export interface ComputedFieldsOptions {
  /** The goods class of `goods.hsCode` (from the catalog); without it rows are treated as general goods. */
  readonly goodsClass?: GoodsClass | null;
  /**
   * US dollars per one unit of `goods.priceCurrency`, for vehicles' 总值折美元 (`totalValueUsd`, two
   * decimals, half-up). The SDK never guesses a rate: without one the field stays empty.
   */
  readonly usdRate?: string | number;
  /**
   * A rate table to take the rate from when `usdRate` is not given: the rate of `goods.priceCurrency` (USD when empty)
   * in the month of `rateDate`. A currency or month the table lacks leaves the field empty.
   */
  readonly usdRates?: UsdRateTable;
  /** The date whose month's rate applies (`YYYY-MM-DD`). @default other.appliedOn, else today */
  readonly rateDate?: string;
  /**
   * Fill the application's own objects instead of copies, and return the same application: for a caller that holds
   * the only reference to a freshly parsed application (the rules' `check()` does) and wants to skip the copies. The
   * result is the same, field for field and in the same key order. @default false
   */
  readonly inPlace?: boolean;
}

// A field set on a row (or on its copy) keeps its place when the row has the key, and is added last when not: the same
// key order either way. A module function, not a closure per call: fillComputedFields runs on every check().
function setRowField(row: SpecRow, key: string, value: string, inPlace: boolean): SpecRow {
  if (!inPlace) return { ...row, [key]: value };
  (row as Record<string, unknown>)[key] = value;
  return row;
}

/**
 * The application with the fields the screen computes filled where they are empty: each row's total,
 * vehicles' US-dollar value at the caller's rate, and the goods' total quantity and amount. Fields the
 * user filled are kept as they are (the rules report a mismatch); the input is not changed.
 * @example fillComputedFields(application, { goodsClass: 'vehicleNew', usdRate: '1' }).goods?.totalAmount
 * @example fillComputedFields(application, { goodsClass: 'vehicleUsed', usdRates: SANDBOX_USD_RATES, rateDate: '2026-09-01' }) // a server filling 总值折美元 on save
 */
export function fillComputedFields(application: ExportLicenceApplication, options: ComputedFieldsOptions = {}): ExportLicenceApplication {
  const { goodsClass } = options;
  if (!application.specs || application.specs.length === 0) return application;
  const inPlace = options.inPlace === true;
  const field = rowTotalField(goodsClass);
  const usdValue = getGoodsClass(goodsClass)?.usdValue === true;
  const usdRate = options.usdRate ?? (usdValue && options.usdRates ? findUsdRate(options.usdRates, application.goods?.priceCurrency ?? 'USD', options.rateDate ?? application.other?.appliedOn ?? todayIsoDate()) : undefined);
  const entered = totalIsEntered(goodsClass);
  const specs = (inPlace ? application.specs : application.specs.slice()) as SpecRow[];
  for (let i = 0; i < specs.length; i += 1) {
    let filled = specs[i]!;
    if (filled[field] === undefined && !entered) {
      const total = rowTotal(filled, goodsClass);
      if (total !== undefined) filled = setRowField(filled, field, total, inPlace);
    }
    if (usdValue && usdRate !== undefined && filled.totalValueUsd === undefined) {
      const usd = convertToUsd(filled.totalValue, { rate: usdRate });
      if (usd !== undefined) filled = setRowField(filled, 'totalValueUsd', usd, inPlace);
    }
    specs[i] = filled;
  }
  const goods = inPlace ? (application.goods ?? {}) : { ...application.goods };
  goods.totalQuantity ??= goodsTotalQuantity(specs, goodsClass);
  goods.totalAmount ??= goodsTotalAmount(specs, goodsClass);
  if (goods.totalQuantity === undefined) delete goods.totalQuantity;
  if (goods.totalAmount === undefined) delete goods.totalAmount;
  if (!inPlace) return { ...application, specs, goods };
  // As the spread: specs is there already, goods keeps its place or comes last.
  application.goods = goods;
  return application;
}
