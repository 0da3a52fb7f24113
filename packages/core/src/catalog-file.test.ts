import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCatalogFile } from './catalog-file';
import { createCatalog, getBundledCatalog } from './catalog';
import { GOODS_CLASS_REGISTRY, getGoodsClass } from './goods-classes';
import { GOODS_CLASSES, isVehicleClass } from './models/catalog';
import { specRowSchemaFor } from './parse';
import { getField } from './fields';
import { rowTotalField, goodsTotalQuantity } from './totals';
import { suggestCode } from './tables';

describe('readCatalogFile', () => {
  it("reads this SDK's own JSON with partialYears, and refuses a code given twice with another class", () => {
    const ok = readCatalogFile(JSON.stringify({ partialYears: [2026], entries: [{ year: 2026, hsCode: '7208390000', name: '钢', unit: '千克', goodsClass: 'steel' }] }), 'json');
    expect(ok).toMatchObject({ success: true, data: { partialYears: [2026], entries: [{ hsCode: '7208390000', goodsClass: 'steel' }] } });
    const twice = readCatalogFile(JSON.stringify([
      { year: 2026, hsCode: '7208390000', name: '钢', unit: '千克', goodsClass: 'steel' },
      { year: 2026, hsCode: '7208390000', name: '钢', unit: '千克', goodsClass: 'general' },
      { year: 2025, hsCode: '7208390000', name: '钢', unit: '千克', goodsClass: 'general' },
    ]), 'json');
    expect(twice.success).toBe(false);
    if (!twice.success) expect(twice.issues.map((issue) => issue.message)).toEqual(['entry 2: 7208390000 (year 2026) appears again (first at entry 1): goods class steel vs general; one row per code and year']);
  });

  it('refuses a goodsClass outside its goodsClasses, an unknown column, and a bad yes/no flag', () => {
    const csv = 'year,hsCode,name,unit,goodsClass,goodsClasses,nonOneBatchOneLicence\n2026,8703236110,车,辆,vehicleUsed,vehicleNew|vehicleNewModified,否\n2026,2505100000,砂,千克,naturalSand,,maybe\n';
    const result = readCatalogFile(csv, 'csv');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues.map((issue) => issue.line)).toEqual([3, 2]);
    const unknown = readCatalogFile('hsCode,名字\n', 'csv');
    expect(unknown.success === false && unknown.issues[0]!.message).toMatch(/line 1: unknown column\(s\) 名字/);
  });

  it('infers classes and standard sand from the official kinds of goods', () => {
    const csv = '序号,货物种类,商品编码,商品名称,计量单位\n1,天然砂(含标准砂),2505100000,标准砂,千克\n2,二手车,8703236110,小轿车,辆\n3,汽车(包括成套散件)及其底盘,8703235910,载人车辆,辆\n4,小麦,0000000001,测试行,千克\n';
    const result = readCatalogFile(csv, 'csv', { year: 2026 });
    expect(result.success && result.data.entries.map((entry) => [entry.goodsClass, entry.goodsClasses ?? null, entry.standardSand ?? false])).toEqual([
      ['naturalSand', null, true],
      ['vehicleUsed', null, false],
      ['vehicleNew', ['vehicleNew', 'vehicleNewModified', 'vehicleUsed'], false],
      ['general', null, false],
    ]);
  });

  it('never throws on junk, and never half-loads', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('json' as const, 'csv' as const), (text, format) => {
        const result = readCatalogFile(text, format, { year: 2026 });
        if (result.success) for (const entry of result.data.entries) expect(/^\d{10}$/.test(entry.hsCode)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the goods-class registry', () => {
  it('is where every class-dependent answer comes from', () => {
    expect(GOODS_CLASSES).toEqual(GOODS_CLASS_REGISTRY.map((definition) => definition.id));
    for (const definition of GOODS_CLASS_REGISTRY) {
      expect(specRowSchemaFor(definition.id)).toBe(definition.rowSchema);
      expect(rowTotalField(definition.id)).toBe(definition.totalField);
      expect(isVehicleClass(definition.id)).toBe(definition.group === 'vehicle');
      expect(getField('specs[].vin')?.goodsClasses?.includes(definition.id)).toBe('vin' in definition.rowSchema.shape);
    }
    expect(goodsTotalQuantity([{ quantity: '5' }, { quantity: '7' }], 'vehicleUsed')).toBe('2');
    expect(goodsTotalQuantity([{ quantity: '5' }, { quantity: '7' }], 'vehicleNew')).toBe('12');
    expect(getGoodsClass('nonsense')).toBeUndefined();
  });
});

describe('catalog completeness and code hints', () => {
  it('the bundled catalog holds 7208390000 as steel in a partial 2026', () => {
    const catalog = getBundledCatalog();
    expect(catalog.find('7208390000', 2026)?.goodsClass).toBe('steel');
    expect(catalog.completeness(2026)).toBe('partial');
    expect(catalog.completeness(2024)).toBeUndefined();
    expect(createCatalog(catalog.entries).completeness(2026)).toBe('complete');
  });

  it('names the right code for legacy forms', () => {
    expect(suggestCode('tradeModes', '110')?.code).toBe('0110');
    expect(suggestCode('currencies', '502')?.code).toBe('USD');
    expect(suggestCode('currencies', 'usd')?.code).toBe('USD');
    expect(suggestCode('customsPorts', '2248')?.code).toBe('2200');
    expect(suggestCode('tradeModes', '一般贸易')?.code).toBe('0110');
    expect(suggestCode('countries', '日本')?.code).toBe('JPN');
    expect(suggestCode('tradeModes', '0110')).toBeUndefined();
    expect(suggestCode('tradeModes', '1110')).toBeUndefined();
  });
});
