import { describe, expect, it } from 'vitest';
import { SANDBOX_USD_RATES, createUsdRateTable, fillComputedFields, findUsdRate } from './index';
import type { ExportLicenceApplication } from './index';

const rates = createUsdRateTable({ source: 'test', rates: { CNY: [{ from: '2026-09', usdPerUnit: '0.1404' }, { from: '2026-03', usdPerUnit: '0.1387' }] } });

describe('USD rate tables', () => {
  it('finds the rate of the date’s month, else the latest earlier month; USD is 1; nothing is guessed', () => {
    expect(findUsdRate(rates, 'CNY', '2026-09-30')).toBe('0.1404');
    expect(findUsdRate(rates, 'CNY', '2026-08-31')).toBe('0.1387');
    expect(findUsdRate(rates, 'CNY', '2026-02-28')).toBeUndefined();
    expect(findUsdRate(rates, 'USD', '1999-01-01')).toBe('1');
    expect(findUsdRate(rates, 'EUR', '2026-09-01')).toBeUndefined();
    expect(findUsdRate(rates, '__proto__', '2026-09-01')).toBeUndefined();
    expect(findUsdRate(rates, 'CNY', 'September')).toBeUndefined();
    expect(Object.isFrozen(SANDBOX_USD_RATES.rates.CNY)).toBe(true);
  });

  it('fills 总值折美元 on save the way a server does: the table, the price currency, the date', () => {
    const application: ExportLicenceApplication = {
      schemaVersion: 1,
      goods: { priceCurrency: 'CNY' },
      specs: [{ totalValue: '65000' }, { totalValue: '70000.5', totalValueUsd: '1' }],
    };
    const filled = fillComputedFields(application, { goodsClass: 'vehicleUsed', usdRates: rates, rateDate: '2026-09-15' });
    // 65000 × 0.1404 = 9126.00 exactly; a value the user entered stays.
    expect(filled.specs?.map((row) => row.totalValueUsd)).toEqual(['9126.00', '1']);
    expect(fillComputedFields(application, { goodsClass: 'vehicleUsed', usdRates: rates, rateDate: '2026-01-15' }).specs?.[0]?.totalValueUsd).toBeUndefined();
    // General goods carry no USD value.
    expect(fillComputedFields({ ...application, specs: [{ unitPrice: '1', quantity: '2' }] }, { goodsClass: 'general', usdRates: rates, rateDate: '2026-09-15' }).specs?.[0]?.totalValueUsd).toBeUndefined();
  });
});
