import { describe, expect, it, vi } from 'vitest';
import type * as CoreGoodsClasses from '../../core/src/goods-classes';

// A test build of core whose registry holds one more class: a special-purpose vehicle with the new-vehicle
// row shape. Nothing else changes; both interpreters must apply the generic rules (vehicle group, row
// limit, row totals, goods totals, row shape) to it.
vi.mock('../../core/src/goods-classes', async (importOriginal) => {
  const original = await importOriginal<typeof CoreGoodsClasses>();
  const { VehicleNewSpecRow } = await import('../../core/src/models/spec-rows');
  const special = { id: 'vehicleSpecial', label: { zh: '专用车', en: 'special-purpose vehicles' }, group: 'vehicle', rowSchema: VehicleNewSpecRow, totalField: 'totalValue', rowTotal: 'computed', rowCount: 'quantity', maxRows: 20, usdValue: true } as const;
  const registry = [...original.GOODS_CLASS_REGISTRY, special];
  const byId = new Map<string, (typeof registry)[number]>(registry.map((entry) => [entry.id, entry]));
  return {
    ...original,
    GOODS_CLASS_REGISTRY: registry,
    getGoodsClass: (id: string | null | undefined) => (id == null ? undefined : byId.get(id)),
    goodsClassesInGroup: (group: string) => registry.filter((entry) => entry.group === group).map((entry) => entry.id),
  };
});

const { createCatalog, GOODS_CLASSES, fillComputedFields } = await import('@exlic/core');
const { check } = await import('@exlic/rules');
const { checkWithEngine } = await import('@exlic/rules/engine');
const { validApplication } = await import('./generate');

const catalog = createCatalog([{ year: 2026, hsCode: '8705100000', name: 'test special vehicle', unit: '辆', goodsClass: 'vehicleSpecial' as never }], { source: 'registry test catalog' });
const options = { asOf: '2026-09-01', catalog };

function application(rows: number, mutate: (app: Record<string, any>) => void = () => {}) { // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations
  const app = validApplication('vehicleNew', rows) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations
  app.goods.hsCode = '8705100000';
  mutate(app);
  return app;
}

describe('a goods class added to the registry only', () => {
  it('is a goods class the schema and catalog accept', () => {
    expect(GOODS_CLASSES).toContain('vehicleSpecial');
    expect(catalog.find('8705100000', 2026)?.goodsClass).toBe('vehicleSpecial');
  });

  it('gets the generic rules from both interpreters', async () => {
    const cases = [
      application(2),
      application(21),
      application(2, (app) => delete app.specs[1].brand),
      application(1, (app) => (app.specs[0].totalValue = '1')),
      application(1, (app) => (app.specs[0].vin = 'LSVAU218XN2183294')),
      application(2, (app) => (app.goods.totalQuantity = '999')),
    ];
    const rules: string[][] = [];
    for (const app of cases) {
      const fast = check(app, options);
      const engine = await checkWithEngine(app, options);
      expect(engine.violations).toEqual(fast.violations);
      expect(fast.goodsClass).toBe('vehicleSpecial');
      rules.push(fast.violations.map((violation) => violation.rule));
    }
    // 21 rows pass the class's limit (20): specs.maxRows, and the rows are still checked.
    expect(rules).toEqual([[], ['specs.maxRows'], ['vehicle.brand'], ['specs.totalValue.product'], ['format.rowShape'], ['goods.totalQuantity.sum']]);
  });

  it('computes its totals from the registry entry', () => {
    const app = application(2);
    const filled = fillComputedFields({ schemaVersion: 1, specs: app.specs, goods: {} }, { goodsClass: 'vehicleSpecial' as never, usdRate: '1' });
    expect(filled.specs?.[0]?.totalValue).toBeDefined();
    expect(filled.goods?.totalQuantity).toBe(String(app.specs.reduce((sum: number, row: { quantity: string }) => sum + Number(row.quantity), 0)));
  });
});
