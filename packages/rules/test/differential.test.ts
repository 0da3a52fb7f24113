import { describe, expect, it } from 'vitest';
import { check, checkWithEngine } from '@exlic/rules';
import { generateApplications, testCatalog } from './generate';

describe('check and checkWithEngine', () => {
  const catalog = testCatalog();
  const applications = generateApplications(3000, 42);

  it('give identical violations over 3,000 generated applications of every class', async () => {
    let invalid = 0;
    const rulesSeen = new Set<string>();
    for (const [i, application] of applications.entries()) {
      for (const profile of ['production', 'test'] as const) {
        if (profile === 'test' && i % 5 !== 0) continue;
        const options = { asOf: '2026-09-01', catalog, profile };
        const compiled = check(application, options);
        const engine = await checkWithEngine(application, options);
        expect(engine.violations, `application ${i} (${profile})`).toEqual(compiled.violations);
        expect(engine.valid).toBe(compiled.valid);
        if (!compiled.valid) invalid += 1;
        for (const violation of compiled.violations) rulesSeen.add(violation.rule);
      }
    }
    // The generated set really exercises the rules: both valid and invalid applications, and most rules fire.
    expect(invalid).toBeGreaterThan(1000);
    expect(invalid).toBeLessThan(3000);
    expect(rulesSeen.size).toBeGreaterThan(60);
  });

  it('agree in the save phase too', async () => {
    for (const application of applications.slice(0, 500)) {
      const options = { asOf: '2026-09-01', catalog, phase: 'save' as const };
      expect((await checkWithEngine(application, options)).violations).toEqual(check(application, options).violations);
    }
  });
});
