import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { declareRequiredFields } from '@exlic/core';
import { getBundledRuleSet } from '../rule-set';
import { ruleSetSource } from '../rule-sets/2026.1.source';
import { parseCondition, printCondition } from './condition-text';
import { compileRuleSetSource, requiredRuleFields } from './rule-source';

describe('the rule source', () => {
  it('compiles to exactly the checked-in 2026.1.json (run npm run build:rules -w @exlic/rules after editing the source)', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../rule-sets/2026.1.json', import.meta.url), 'utf8'));
    expect(compileRuleSetSource(ruleSetSource)).toEqual(json);
  });

  it('is a third of the size of the JSON it compiles to', () => {
    const source = readFileSync(new URL('../rule-sets/2026.1.source.ts', import.meta.url), 'utf8').length;
    const json = readFileSync(new URL('../rule-sets/2026.1.json', import.meta.url), 'utf8').length;
    expect(source * 2).toBeLessThan(json);
  });

  it('has a required.<field> rule for every field core marks required to declare, and no other', () => {
    const required = getBundledRuleSet().rules.filter((rule) => rule.id.startsWith('required.')).map((rule) => rule.id.slice('required.'.length));
    expect(required.sort()).toEqual(requiredRuleFields().map((meta) => meta.path).sort());
    const declared = new Set(declareRequiredFields().map((meta) => meta.path));
    for (const path of required) expect(declared.has(path), path).toBe(true);
  });

  it('reads and prints every condition of the rule set the same way back', () => {
    for (const rule of getBundledRuleSet().rules) {
      const condition = 'all' in rule.conditions && rule.conditions.all.length === 1 ? rule.conditions.all[0]! : rule.conditions;
      expect(parseCondition(printCondition(condition), rule.id), rule.id).toEqual(condition);
    }
  });

  it('refuses a malformed condition, naming the rule', () => {
    expect(() => parseCondition('app.year ==', 'r.x')).toThrow(/rule "r.x"/);
    expect(() => parseCondition('(app.year == 1', 'r.y')).toThrow(/expected "\)"/);
    expect(() => parseCondition('app.year is empty', 'r.z')).toThrow(/is blank/);
  });
});
