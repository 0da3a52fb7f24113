// Issue 19: what the user manual allows and forbids, point by point (the rules' and core's parts).
import { COKE_CATEGORY_CODE, COKE_GRADES, SANDBOX_USD_RATES, addMonthsIso, createUsdRateTable, defaultValidUntil } from '@exlic/core';
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

describe('point 6: 总值折美元 from a rate table, and a default 有效截止日期 the rules accept', () => {
  const vehicles = (currency: string, appliedOn: string): App => {
    const app = validApplication('vehicleNew', 2) as App;
    app.goods.priceCurrency = currency;
    app.other.appliedOn = appliedOn;
    app.validUntil = defaultValidUntil(appliedOn, 2026);
    return app;
  };
  const usd = (app: App, options: Parameters<typeof check>[1]) => (check(app, { asOf: '2026-09-01', catalog, ...options }).application.specs ?? []).map((row) => (row as App).totalValueUsd);

  it('fills each row from the table: the rate of the price currency in the month of the application date, exactly', () => {
    const rates = createUsdRateTable({
      source: 'test table',
      rates: { CNY: [{ from: '2026-08', usdPerUnit: '0.1391' }, { from: '2026-01', usdPerUnit: '0.1379' }], EUR: [{ from: '2026-09', usdPerUnit: '1.0873' }] },
    });
    // 2 × 18000 = 36000 per row.
    expect(usd(vehicles('CNY', '2026-09-01'), { usdRates: rates })).toEqual(['5007.60', '5007.60']);
    expect(usd(vehicles('CNY', '2026-07-31'), { usdRates: rates })).toEqual(['4964.40', '4964.40']);
    expect(usd(vehicles('EUR', '2026-09-01'), { usdRates: rates })).toEqual(['39142.80', '39142.80']);
    expect(usd(vehicles('USD', '2026-09-01'), { usdRates: rates })).toEqual(['36000.00', '36000.00']);
    // A month before the table's first rate, or a currency it lacks: empty, never guessed.
    expect(usd(vehicles('EUR', '2026-08-31'), { usdRates: rates })).toEqual([undefined, undefined]);
    expect(usd(vehicles('JPY', '2026-09-01'), { usdRates: rates })).toEqual([undefined, undefined]);
    // usdRate still works and wins over the table.
    expect(usd(vehicles('CNY', '2026-09-01'), { usdRates: rates, usdRate: '0.5' })).toEqual(['18000.00', '18000.00']);
    expect(usd(vehicles('CNY', '2026-09-01'), { usdRates: SANDBOX_USD_RATES })).toEqual(['5040.00', '5040.00']);
    expect(SANDBOX_USD_RATES.source).toMatch(/not published rates/);
  });

  it('refuses a rate that is not an exact positive decimal, a bad month and a table given as anything else', () => {
    expect(() => createUsdRateTable({ source: 's', rates: { CNY: [{ from: '2026-13', usdPerUnit: '0.1' }] } })).toThrow(TypeError);
    expect(() => createUsdRateTable({ source: 's', rates: { CNY: [{ from: '2026-01', usdPerUnit: '-0.1' }] } })).toThrow(TypeError);
    expect(() => createUsdRateTable({ source: 's', rates: { CNY: [{ from: '2026-01', usdPerUnit: '0' }] } })).toThrow(TypeError);
    expect(() => createUsdRateTable({ source: '', rates: {} })).toThrow(TypeError);
    expect(() => check(validApplication('general'), { usdRates: { CNY: '0.14' } as never })).toThrow(/usdRates/);
  });

  it('defaultValidUntil gives a date every validity rule accepts, for every day of two years and the licence years around it', () => {
    const validity = (app: App) => rules(app).filter((rule) => rule.startsWith('validity.') || rule.startsWith('dates.validUntil'));
    let checked = 0;
    for (let day = 0; day < 730; day += 3) {
      const appliedOn = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      for (const year of [2025, 2026, 2027]) {
        const app = validApplication('general') as App;
        app.year = year;
        app.other.appliedOn = appliedOn;
        app.contract = { signedOn: appliedOn, validUntil: `${year}-12-31` };
        const validUntil = defaultValidUntil(appliedOn, year);
        if (validUntil === undefined) {
          // No date can satisfy the rules: the year is over, or starts more than six months on.
          expect(year < Number(appliedOn.slice(0, 4)) || addMonthsIso(appliedOn, 6)! < `${year}-01-01`, `${appliedOn} ${year}`).toBe(true);
          continue;
        }
        app.validUntil = validUntil;
        expect(validity(app), `${appliedOn} ${year} → ${validUntil}`).toEqual([]);
        // It is the latest such date: one day later breaks a rule.
        app.validUntil = new Date(Date.parse(`${validUntil}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(validity(app).length, `${appliedOn} ${year} → after ${validUntil}`).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
  });
});

describe('point 3: per-row vehicle documents', () => {
  it('twenty used vehicles, each with its own vehicle document, and the recent ones with their own after-sales confirmation, pass', () => {
    const app = validApplication('vehicleUsed', 20) as App;
    app.attachments = app.attachments.filter((attachment: App) => attachment.type !== 'AFTER_SALES_CONFIRMATION');
    for (const [i, row] of (app.specs as App[]).entries()) {
      if (i % 2 === 0) continue;
      // Registered 120 days before the application date (2026-09-01).
      row.registeredOn = '2026-05-04';
      app.attachments.push({ id: `s${i}`, type: 'AFTER_SALES_CONFIRMATION' });
      row.attachments.push(`s${i}`);
    }
    const result = run(app);
    expect(result.violations.filter((violation) => violation.severity === 'error')).toEqual([]);
    expect(app.attachments.filter((attachment: App) => attachment.type === 'VEHICLE_DOC')).toHaveLength(20);
    // A row without its own vehicle document, or linking another row's, is reported in its row.
    app.specs[3].attachments = ['s3'];
    app.specs[4].attachments = ['v4', 'v2'];
    const found = run(app).violations.map((violation) => `${violation.rule} ${violation.path.join('.')}`);
    expect(found).toContain('vehicleUsed.vehicleDocument specs.3.attachments');
    expect(found).toContain('specs.attachments.ownDocument specs.4.attachments');
  });
});
