import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { getBundledRuleSet } from '../rule-set';
import { generateRuleSetModule } from './generate-code';

describe('the generated rule-set module', () => {
  it('is exactly what the bundled rule set generates (run npm run build:rules -w @exlic/rules after editing the rules)', () => {
    const committed = readFileSync(new URL('../rule-sets/2026.1.generated.ts', import.meta.url), 'utf8');
    expect(generateRuleSetModule(getBundledRuleSet(), '2026.1.json')).toBe(committed);
  });

  it('changes when a rule changes, so an edited rule set without regenerating fails the test above', () => {
    const ruleSet = getBundledRuleSet();
    const edited = { ...ruleSet, rules: ruleSet.rules.map((rule) => (rule.id === 'other.additionalInfo.maxLength' ? { ...rule, conditions: { all: [{ fact: 'application', path: '$.other.additionalInfo', operator: 'lengthGreaterThan', value: 200 }] } } : rule)) };
    const before = generateRuleSetModule(ruleSet, '2026.1.json');
    const after = generateRuleSetModule(edited, '2026.1.json');
    expect(before).toContain('330)');
    expect(after).not.toEqual(before);
    expect(after).toContain('200)');
  });

  it('refuses a rule naming a fact or operator that does not exist, naming the rule', () => {
    const ruleSet = getBundledRuleSet();
    const withRule = (conditions: unknown) => ({ ...ruleSet, rules: [{ ...ruleSet.rules[0]!, id: 'bad.rule', conditions }] }) as never;
    expect(() => generateRuleSetModule(withRule({ all: [{ fact: 'nope', operator: 'equal', value: 1 }] }), 'x.json')).toThrow(/rule "bad.rule": unknown fact "nope"/);
    expect(() => generateRuleSetModule(withRule({ all: [{ fact: 'application', path: '$.year', operator: 'sortOf', value: 1 }] }), 'x.json')).toThrow(/rule "bad.rule": unknown operator "sortOf"/);
  });

  it('uses no new Function or eval, so a browser with a strict content security policy runs it', () => {
    const committed = readFileSync(new URL('../rule-sets/2026.1.generated.ts', import.meta.url), 'utf8');
    expect(committed).not.toMatch(/new Function|\beval\(/);
  });
});
