import { describe, expect, it } from 'vitest';
import { createCatalog, type GoodsClass } from '@exlic/core';
import { check, getBundledRuleSet, type CheckOptions, type RuleSet } from '@exlic/rules';
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

// Three interpreters of the same rules: check() runs the bundled rule set as its generated module
// (src/rule-sets/2026.1.generated.ts); a copy of that rule set is another object, so check() runs it on the
// compiled closures, as it runs any caller's own rule set; checkWithEngine runs it on json-rules-engine.
const closuresRuleSet = JSON.parse(JSON.stringify(getBundledRuleSet())) as RuleSet;

async function expectSameViolations(application: unknown, options: CheckOptions, what: string): Promise<{ valid: boolean; rules: string[] }> {
  const generated = check(application, options);
  const closures = check(application, { ...options, ruleSet: closuresRuleSet });
  const engine = await checkWithEngine(application, options);
  // Every field of every violation, in order (rule, path, severity, message, label, seen, expected).
  expect(closures.violations, `${what}: closures`).toStrictEqual(generated.violations);
  expect(engine.violations, `${what}: json-rules-engine`).toStrictEqual(generated.violations);
  expect(engine.valid).toBe(generated.valid);
  return { valid: generated.valid, rules: generated.violations.map((violation) => violation.rule) };
}

/** The dates where a rule comes into force or leaves it: each `from` and the day before, each `to` and the day after. */
function inForceEdges(ruleSet: RuleSet): string[] {
  const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const edges = new Set<string>();
  for (const { inForce } of ruleSet.rules) {
    if (inForce.from) edges.add(inForce.from).add(shift(inForce.from, -1));
    if (inForce.to) edges.add(inForce.to).add(shift(inForce.to, 1));
  }
  return [...edges].sort();
}

// json-rules-engine is the slow side here (about 500 applications/s on an idle core). `npm test` runs a
// seeded sample sized so the test takes a few seconds on one busy core; `EXLIC_DIFFERENTIAL_COUNT`
// raises it (the benchmark and a release check run 3,000 or more). The timeout leaves room for a
// machine whose two cores are both loaded by other test files.
const COUNT = Number(process.env.EXLIC_DIFFERENTIAL_COUNT ?? 1000);
const SAVE_COUNT = Math.min(COUNT, 300);
const EDGE_COUNT = Math.min(COUNT, 60);
const TIMEOUT_MS = 120_000 + COUNT * 40;

describe('the generated module, the closures and json-rules-engine', () => {
  const catalogs = [testCatalog(), flaggedCatalog()];
  const applications = generateApplications(COUNT, 42);

  it(`give identical violations over ${COUNT} generated applications of every class`, { timeout: TIMEOUT_MS }, async () => {
    let invalid = 0;
    const rulesSeen = new Set<string>();
    for (const [i, application] of applications.entries()) {
      for (const profile of ['production', 'test'] as const) {
        if (profile === 'test' && i % 5 !== 0) continue;
        const { valid, rules } = await expectSameViolations(application, { asOf: '2026-09-01', catalog: catalogs[i % 2]!, profile }, `application ${i} (${profile})`);
        if (!valid) invalid += 1;
        for (const rule of rules) rulesSeen.add(rule);
      }
    }
    // The generated set really exercises the rules: both valid and invalid applications, and most rules fire.
    expect(invalid).toBeGreaterThan(COUNT / 3);
    expect(invalid).toBeLessThan(COUNT);
    expect(rulesSeen.size).toBeGreaterThan(70);
  });

  it(`agree in the save phase too (${SAVE_COUNT} applications)`, { timeout: TIMEOUT_MS }, async () => {
    for (const [i, application] of applications.slice(0, SAVE_COUNT).entries()) {
      await expectSameViolations(application, { asOf: '2026-09-01', catalog: catalogs[0]!, phase: 'save' }, `application ${i} (save)`);
    }
  });

  const edges = inForceEdges(getBundledRuleSet());
  it(`agree on the days around the rules' in-force dates (${edges.join(', ')})`, { timeout: TIMEOUT_MS }, async () => {
    expect(edges.length).toBeGreaterThanOrEqual(4);
    const fired = new Map<string, Set<string>>();
    for (const [i, original] of applications.slice(0, EDGE_COUNT).entries()) {
      for (const date of edges) {
        const application = structuredClone(original) as { other?: Record<string, unknown> };
        application.other = { ...application.other, appliedOn: date };
        for (const phase of ['declare', 'save'] as const) {
          const { rules } = await expectSameViolations(application, { asOf: date, catalog: catalogs[i % 2]!, phase }, `application ${i} on ${date} (${phase})`);
          for (const rule of rules) fired.set(date, (fired.get(date) ?? new Set()).add(rule));
        }
      }
    }
    // The edges matter: a dated rule fires from its first day on and not the day before.
    const datedRule = getBundledRuleSet().rules.find((rule) => rule.inForce.from === '2026-01-01' && [...(fired.get('2026-01-01') ?? [])].includes(rule.id));
    expect(datedRule, 'a rule in force from 2026-01-01 fires in the sample').toBeDefined();
    expect(fired.get('2025-12-31')?.has(datedRule!.id) ?? false).toBe(false);
  });

  it("runs a caller's edited copy of the bundled rule set as edited, not as the generated module", () => {
    const bundled = getBundledRuleSet();
    const without = { ...bundled, rules: bundled.rules.filter((rule) => rule.id !== 'required.customsPort') };
    const application = applications.find((candidate) => check(candidate, { asOf: '2026-09-01', catalog: catalogs[0]! }).violations.some((violation) => violation.rule === 'required.customsPort'));
    expect(application).toBeDefined();
    const edited = check(application, { asOf: '2026-09-01', catalog: catalogs[0]!, ruleSet: without });
    expect(edited.violations.some((violation) => violation.rule === 'required.customsPort')).toBe(false);
  });
});
