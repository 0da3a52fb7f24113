import { describe, expect, it } from 'vitest';
import type { ExportLicenceApplication } from './models/application';
import { fillComputedFields, goodsTotalAmount, goodsTotalQuantity, rowTotal } from './totals';

const app = (specs: ExportLicenceApplication['specs'], goods: ExportLicenceApplication['goods'] = {}): ExportLicenceApplication => ({ schemaVersion: 1, specs, goods });

describe('rowTotal', () => {
  it.each([
    [{ unitPrice: '0.1', quantity: '3' }, 'general', '0.3'],
    [{ unitPrice: '1250.50', quantity: '4' }, 'steel', '5002'],
    [{ unitPrice: '30000', quantity: '2' }, 'vehicleNew', '60000'],
    [{ totalValue: '8000' }, 'vehicleUsed', '8000'],
    [{ unitPrice: '1' }, 'general', undefined],
  ] as const)('%j as %s → %s', (row, goodsClass, total) => {
    expect(rowTotal(row, goodsClass)).toBe(total);
  });
});

describe('goods totals', () => {
  it('sums quantities and totals exactly', () => {
    const specs = [{ quantity: '0.1', totalPrice: '0.1' }, { quantity: '0.2', totalPrice: '0.2' }];
    expect(goodsTotalQuantity(specs, 'general')).toBe('0.3');
    expect(goodsTotalAmount(specs, 'general')).toBe('0.3');
  });

  it('counts a used-vehicle row as one vehicle and sums total values for vehicles', () => {
    const specs = [{ totalValue: '8000' }, { totalValue: '9000.5' }];
    expect(goodsTotalQuantity(specs, 'vehicleUsed')).toBe('2');
    expect(goodsTotalAmount(specs, 'vehicleUsed')).toBe('17000.5');
  });

  it('knows no total while a row lacks its figure, or without rows', () => {
    expect(goodsTotalQuantity([{ quantity: '1' }, {}], 'general')).toBeUndefined();
    expect(goodsTotalAmount([], 'general')).toBeUndefined();
  });
});

describe('fillComputedFields', () => {
  it('fills row totals and goods totals where empty, keeping what the user filled', () => {
    const filled = fillComputedFields(app([{ unitPrice: '0.1', quantity: '3' }, { unitPrice: '2', quantity: '1.5', totalPrice: '3.00' }]), { goodsClass: 'general' });
    expect(filled.specs?.map((row) => row.totalPrice)).toEqual(['0.3', '3.00']);
    expect(filled.goods).toEqual({ totalQuantity: '4.5', totalAmount: '3.3' });
  });

  it('converts vehicles to US dollars only at a rate the caller gives', () => {
    const specs = [{ brand: '红旗', unitPrice: '200000', quantity: '1' }];
    expect(fillComputedFields(app(specs), { goodsClass: 'vehicleNew' }).specs?.[0]).toEqual({ ...specs[0], totalValue: '200000' });
    expect(fillComputedFields(app(specs), { goodsClass: 'vehicleNew', usdRate: '0.1389' }).specs?.[0]?.totalValueUsd).toBe('27780.00');
  });

  it('leaves an application without rows as it is, and does not change its input', () => {
    const empty = app(undefined);
    expect(fillComputedFields(empty, { goodsClass: 'general' })).toBe(empty);
    const input = app([{ unitPrice: '2', quantity: '2' }]);
    const before = JSON.stringify(input);
    fillComputedFields(input, { goodsClass: 'general' });
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('fillComputedFields in place', () => {
  const cases: [ExportLicenceApplication, Parameters<typeof fillComputedFields>[1]][] = [
    [app([{ unitPrice: '0.1', quantity: '3' }, { unitPrice: '2', quantity: '5', totalPrice: '9' }]), { goodsClass: 'general' }],
    [{ schemaVersion: 1, specs: [{ unitPrice: '1', quantity: '2', totalPrice: undefined }] }, { goodsClass: 'steel' }],
    [app([{ quantity: '2', unitPrice: '18000' }], { hsCode: '8703236110', totalAmount: '1' }), { goodsClass: 'vehicleNew', usdRate: '0.14' }],
    [app([{ totalValue: '9000' }, { totalValue: '8000.5', totalValueUsd: undefined }], { priceCurrency: 'EUR' }), { goodsClass: 'vehicleUsed', usdRate: '1.08' }],
    [app([{ unitPrice: 'x' }]), { goodsClass: null }],
    [app([]), { goodsClass: 'general' }],
  ];
  it.each(cases)('fills the same fields in the same key order as the copies, into the same objects (%#)', (application, options) => {
    const copied = fillComputedFields(structuredClone(application), options);
    const original = structuredClone(application);
    const owned = structuredClone(application);
    const filled = fillComputedFields(owned, { ...options, inPlace: true });
    expect(filled).toBe(owned);
    // Same values, same keys in the same order, at every level (JSON keeps the order; toStrictEqual the undefined-valued keys).
    expect(JSON.stringify(filled)).toBe(JSON.stringify(copied));
    expect(filled).toStrictEqual(copied);
    for (const [i, row] of (filled.specs ?? []).entries()) expect(Object.keys(row)).toEqual(Object.keys(copied.specs![i]!));
    // Without inPlace the input is left as it was.
    const input = structuredClone(application);
    fillComputedFields(input, options);
    expect(input).toStrictEqual(original);
  });
});
