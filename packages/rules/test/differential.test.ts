import { describe, expect, it } from 'vitest';
import { createCatalog, type GoodsClass } from '@exlic/core';
import { check } from '@exlic/rules';
import { checkWithEngine } from '@exlic/rules/engine';
import { generateApplications, testCatalog } from './generate';

// The same codes as a partial year whose entries carry the flags and several classes (rules 14, 20, 23, 24).
function flaggedCatalog() {
  const entries = testCatalog().entries.map((entry) => {
    if (entry.goodsClass === 'general') return { ...entry, nonOneBatchOneLicence: true };
    if (entry.goodsClass === 'naturalSand') return { ...entry, standardSand: true };
    if (entry.goodsClass === 'vehicleNew') return { ...entry, goodsClasses: ['vehicleNew', 'vehicleNewModified', 'vehicleUsed'] as GoodsClass[] };
    return entry;
  });
  return createCatalog(entries.filter((entry) => entry.goodsClass !== 'coke'), { source: 'flagged partial test catalog', partialYears: [2026] });
}

// json-rules-engine is the slow side here (about 500 applications/s on an idle core). `npm test` runs a
// seeded sample sized so the test takes a few seconds on one busy core; `EXLIC_DIFFERENTIAL_COUNT`
// raises it (the benchmark and a release check run 3,000 or more). The timeout leaves room for a
// machine whose two cores are both loaded by other test files.
const COUNT = Number(process.env.EXLIC_DIFFERENTIAL_COUNT ?? 1000);
const SAVE_COUNT = Math.min(COUNT, 300);
const TIMEOUT_MS = 120_000 + COUNT * 40;

describe('check and checkWithEngine', () => {
  const catalogs = [testCatalog(), flaggedCatalog()];
  const applications = generateApplications(COUNT, 42);

  it(`give identical violations over ${COUNT} generated applications of every class`, { timeout: TIMEOUT_MS }, async () => {
    let invalid = 0;
    const rulesSeen = new Set<string>();
    for (const [i, application] of applications.entries()) {
      for (const profile of ['production', 'test'] as const) {
        if (profile === 'test' && i % 5 !== 0) continue;
        const options = { asOf: '2026-09-01', catalog: catalogs[i % 2]!, profile };
        const compiled = check(application, options);
        const engine = await checkWithEngine(application, options);
        expect(engine.violations, `application ${i} (${profile})`).toEqual(compiled.violations);
        expect(engine.valid).toBe(compiled.valid);
        if (!compiled.valid) invalid += 1;
        for (const violation of compiled.violations) rulesSeen.add(violation.rule);
      }
    }
    // The generated set really exercises the rules: both valid and invalid applications, and most rules fire.
    expect(invalid).toBeGreaterThan(COUNT / 3);
    expect(invalid).toBeLessThan(COUNT);
    expect(rulesSeen.size).toBeGreaterThan(70);
  });

  it(`agree in the save phase too (${SAVE_COUNT} applications)`, { timeout: TIMEOUT_MS }, async () => {
    for (const application of applications.slice(0, SAVE_COUNT)) {
      const options = { asOf: '2026-09-01', catalog: catalogs[0]!, phase: 'save' as const };
      expect((await checkWithEngine(application, options)).violations).toEqual(check(application, options).violations);
    }
  });
});
