// Issue 19: what the user manual allows and forbids, point by point (the rules' and core's parts).
import { COKE_CATEGORY_CODE, COKE_GRADES } from '@exlic/core';
import { describe, expect, it } from 'vitest';
import { check } from './index';
import { TEST_CODES, testCatalog, validApplication } from '../test/generate';

type App = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations reach into any field
const catalog = testCatalog();
const run = (app: unknown) => check(app, { asOf: '2026-09-01', catalog });
const rules = (app: unknown) => run(app).violations.map((violation) => violation.rule);

describe('point 9: coke by category code B02800, and its three grades as data', () => {
  const cokeByCategory = (spec: string): App => {
    const app = validApplication('general') as App;
    // 2704009000 is not in the catalog: only the category code says coke.
    app.goods = { hsCode: '2704009000', categoryCode: COKE_CATEGORY_CODE };
    app.specs = [{ spec, unitPrice: '320', quantity: '100' }];
    return app;
  };

  it('checks the grade of a code the catalog lacks when its category is B02800', () => {
    expect(rules(cokeByCategory('一级焦'))).toContain('coke.spec.grade');
    expect(rules(cokeByCategory('铸造焦'))).not.toContain('coke.spec.grade');
  });

  it('checks the grade when a catalog entry of general goods carries category B02800', () => {
    const app = cokeByCategory('一级焦');
    app.goods = { hsCode: TEST_CODES.general, categoryCode: 'B02800' };
    expect(rules(app)).toContain('coke.spec.grade');
    app.goods.categoryCode = 'C03111';
    expect(rules(app)).not.toContain('coke.spec.grade');
  });

  it('exports the three grades with the manual text, and the rule accepts each by name, by spec text and as name：规格（spec）', () => {
    expect(COKE_GRADES.map((grade) => grade.label.zh)).toEqual(['常规粒度冶金焦', '铸造焦', '小粒度冶金焦']);
    expect(COKE_GRADES[0]!.spec).toBe('粒度：30-90mm；水分：5%；灰：10.5%-12.5%；硫：0.6%-0.75%；挥发份：1.2%-1.5%；CSR62%-65%；CRI26%-28%；M10：8%-9%；m40:80-84');
    expect(new Set(COKE_GRADES.map((grade) => grade.code)).size).toBe(3);
    for (const grade of COKE_GRADES) {
      for (const spec of [grade.label.zh, grade.spec, `${grade.label.zh}：规格（${grade.spec}）`]) expect(rules(cokeByCategory(spec)), spec).not.toContain('coke.spec.grade');
    }
    // Another grade's spec text under this grade's name is no grade.
    expect(rules(cokeByCategory(`${COKE_GRADES[0]!.label.zh}：规格（${COKE_GRADES[1]!.spec}）`))).toContain('coke.spec.grade');
  });
});

describe('point 10: over the class limit is specs.maxRows, and the rows are still checked', () => {
  it('21 used vehicles: specs.maxRows, and the errors of the rows too', () => {
    const app = validApplication('vehicleUsed', 21) as App;
    app.specs[3].vin = 'BAD';
    app.specs[20].registeredOn = '2026-13-01';
    const result = run(app);
    const found = result.violations.map((violation) => `${violation.rule} ${violation.path.join('.')}`);
    expect(found).toContain('specs.maxRows specs');
    expect(found.some((line) => line.includes('specs.3.vin'))).toBe(true);
    expect(found.some((line) => line.includes('specs.20.registeredOn'))).toBe(true);
    expect(found.some((line) => line.startsWith('format.tooLarge'))).toBe(false);
  });

  it('5 general rows: specs.maxRows and a row error, no format.tooLarge', () => {
    const app = validApplication('general', 5) as App;
    delete app.specs[4].quantity;
    const found = run(app).violations.map((violation) => `${violation.rule} ${violation.path.join('.')}`);
    expect(found).toContain('specs.maxRows specs');
    expect(found.some((line) => line.includes('specs.4.quantity'))).toBe(true);
    expect(found.some((line) => line.startsWith('format.tooLarge'))).toBe(false);
  });

  it('format.tooLarge only beyond 200 rows, ten times the largest class limit', () => {
    const at = (rows: number) => rules({ ...validApplication('general'), specs: Array.from({ length: rows }, () => ({ spec: 'S', unitPrice: '1', quantity: '1' })) });
    expect(at(200)).not.toContain('format.tooLarge');
    expect(at(200)).toContain('specs.maxRows');
    expect(at(201)).toContain('format.tooLarge');
  });
});
