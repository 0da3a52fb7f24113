// `exlic rules diff A B`: a modified copy of the bundled rule set, derived here and passed by file, against the
// bundled one; and the bundled set on two dates. The verdicts come from real checks of the sample applications.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffRuleSets, getBundledRuleSet, type RuleDefinition, type RuleSetDiff } from '@exlic/rules';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

const examples = fileURLToPath(new URL('../../../examples/applications/', import.meta.url));

function memoryIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env: {}, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** The bundled set with steel's producer rule relaxed to a warning and its message reworded, one rule dropped and one added. */
function modifiedRuleSet() {
  const bundled = getBundledRuleSet();
  const rules = structuredClone(bundled.rules) as RuleDefinition[];
  const producers = rules.find((rule) => rule.id === 'steel.producers')!;
  Object.assign(producers, { severity: 'warning', message: { ...producers.message, en: 'Name a producer for steel.' } });
  const dropped = rules.findIndex((rule) => rule.id === 'required.year');
  rules.splice(dropped, 1);
  const template = rules.find((rule) => rule.id === 'required.customsPort')!;
  rules.push({ ...structuredClone(template), id: 'required.remarks', name: 'required.remarks', path: ['other', 'remarks'], event: { type: 'violation', params: { rule: 'required.remarks' } }, conditions: { all: [{ fact: 'application', path: '$.other.remarks', operator: 'isBlank', value: true }] }, message: { zh: '请填写“备注”', en: 'Remarks are required.' } });
  return { ...bundled, version: `${bundled.version}-relaxed`, rules };
}

describe('exlic rules diff', () => {
  it('lists the changed, removed and added rules, and the application whose verdict changes and why', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-rules-diff-'));
    writeFileSync(join(dir, 'relaxed.json'), JSON.stringify(modifiedRuleSet()));
    mkdirSync(join(dir, 'apps'));
    const sample = JSON.parse(readFileSync(join(examples, 'steel-valid.json'), 'utf8')) as Record<string, unknown>;
    // With remarks, valid under both sets; without its producers, invalid under the bundled set only.
    const steel: Record<string, unknown> = { ...sample, other: { ...(sample['other'] as object), remarks: '一批交货' } };
    writeFileSync(join(dir, 'apps', 'steel-valid.json'), JSON.stringify(steel));
    const { producers: _producers, ...noProducer } = steel;
    writeFileSync(join(dir, 'apps', 'steel-no-producer.json'), JSON.stringify(noProducer));

    const json = memoryIo(dir);
    expect(await main(['rules', 'diff', getBundledRuleSet().version, 'relaxed.json', '--applications', 'apps', '--format', 'json'], json.io), json.stderr()).toBe(1);
    const report = JSON.parse(json.stdout()) as RuleSetDiff & { applications: { checked: number; changed: { file: string; from: string; to: string; appear: { rule: string; severity: string }[]; disappear: { rule: string; severity: string }[] }[] } };
    expect(report.added.map((rule) => rule.id)).toEqual(['required.remarks']);
    expect(report.removed.map((rule) => rule.id)).toEqual(['required.year']);
    const producerChange = report.changed.find((change) => change.id === 'steel.producers');
    expect(producerChange?.changes).toEqual([
      { aspect: 'severity.production', from: 'error', to: 'warning' },
      { aspect: 'severity.test', from: 'error', to: 'warning' },
      { aspect: 'message.en', from: getBundledRuleSet().rules.find((rule) => rule.id === 'steel.producers')!.message.en, to: 'Name a producer for steel.' },
    ]);
    expect(report.changed).toHaveLength(1);
    expect(report.applications.checked).toBe(2);
    expect(report.applications.changed).toHaveLength(1);
    const [flipped] = report.applications.changed;
    expect(flipped).toMatchObject({ file: 'apps/steel-no-producer.json', from: 'invalid', to: 'valid' });
    expect(flipped!.disappear).toEqual([expect.objectContaining({ rule: 'steel.producers', severity: 'error' })]);
    expect(flipped!.appear).toEqual([expect.objectContaining({ rule: 'steel.producers', severity: 'warning' })]);

    const table = memoryIo(dir);
    expect(await main(['rules', 'diff', getBundledRuleSet().version, 'relaxed.json', '--applications', 'apps'], table.io)).toBe(1);
    expect(table.stdout()).toMatch(/~ steel\.producers\n\s+severity\.production: error\n\s+→ warning/);
    expect(table.stdout()).toMatch(/apps\/steel-no-producer\.json: invalid → valid\n\s+now: +⚠ steel\.producers/);
    expect(table.stdout()).toContain('2 checked, 1 change verdict');
  });

  it('between two dates lists the rules that came into force, and a set against itself differs in nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-rules-diff-'));
    const run = memoryIo(dir);
    expect(await main(['rules', 'diff', '2025-12-31', '2026-01-01', '--format', 'json'], run.io)).toBe(1);
    const report = JSON.parse(run.stdout()) as RuleSetDiff;
    const startingThen = getBundledRuleSet().rules.filter((rule) => rule.inForce.from === '2026-01-01').map((rule) => rule.id);
    expect(startingThen.length).toBeGreaterThan(0);
    expect(report.added.map((rule) => rule.id)).toEqual(startingThen);
    expect(report.added.every((rule) => rule.notInForceOn === '2025-12-31')).toBe(true);
    expect(report.removed).toEqual([]);
    // The other way round, they are removed.
    expect(diffRuleSets({ ruleSet: getBundledRuleSet(), date: '2026-01-01' }, { ruleSet: getBundledRuleSet(), date: '2025-12-31' }).removed.map((rule) => rule.id)).toEqual(startingThen);

    const same = memoryIo(dir);
    expect(await main(['rules', 'diff', getBundledRuleSet().version, getBundledRuleSet().version], same.io)).toBe(0);
    expect(same.stdout()).toContain('changed (0)');
  });

  it('refuses an operand that is no file, version or date, in one line with exit 2', async () => {
    const run = memoryIo(mkdtempSync(join(tmpdir(), 'exlic-rules-diff-')));
    expect(await main(['rules', 'diff', '2019.9', '2026-02-30'], run.io)).toBe(2);
    expect(run.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/"2019\.9" is neither a rule-set file, nor the bundled version/);
  });

  it('helps in the locale\'s language, with an example', async () => {
    for (const [env, pattern] of [[{ LANG: 'zh_CN.UTF-8' }, /^用法：exlic rules diff A B[\s\S]*示例：\n {2}exlic rules diff /], [{ LANG: 'C' }, /^Usage: exlic rules diff A B[\s\S]*Example:\n {2}exlic rules diff /]] as const) {
      const run = memoryIo(tmpdir());
      expect(await main(['rules', '--help'], { ...run.io, env })).toBe(0);
      expect(run.stdout()).toMatch(pattern);
    }
  });
});
