import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isIsoDate } from '@exlic/core';
import { check, diffRuleSets, getBundledRuleSet, type Phase, type Profile, type RuleSet, type RuleSetDiff, type RuleSetSide, type RuleSummary, type Violation } from '@exlic/rules';
import { readRuleSetFile } from '../check/checker';
import { collectFiles, displayPath, openSample } from '../check/inputs';
import { parseJsonExact, readJson, readNdjson } from '../check/read-json';
import { EXIT, UsageError, type CliIo } from '../io';

/** The usage text of `exlic rules` (also `exlic help rules`). */
export const RULES_USAGE = `Usage: exlic rules diff A B [--applications DIR] [--format table|json] [--profile production|test] [--phase save|declare] [--lang zh|en]

Compares two rule sets: the rules B adds, the rules it drops, and for the rules both have what
differs (the condition, the severity under each profile, the dates in force, phase, scope, path,
messages, source). A and B are each
  a rule-set JSON file        e.g. rules-2027.1.json (what "exlic check --rules" reads)
  a bundled version           ${getBundledRuleSet().version} (the one this exlic ships)
  a date YYYY-MM-DD           the bundled rule set with only the rules in force on that date, so
                              "exlic rules diff 2025-12-31 2026-01-01" lists what came into force

Options:
  --applications DIR   also check every application in DIR (.json, .ndjson, folders) under A and
                       under B, and list those whose verdict changes, with the rules that make it
                       change; with a date, each is checked as if applied on that date
  --profile P          the profile the applications are checked under (default production)
  --phase P            the phase they are checked in (default declare)
  --format table|json  table for people (default), one JSON document for machines
  --lang zh|en         the language of rule messages in the table (default from LANG, else en)

Exit: 0 no difference, 1 a difference in the rules or a verdict, 2 bad usage or unreadable input.

Example:
  exlic rules diff ${getBundledRuleSet().version} my-rules.json --applications examples/applications
`;

const RULES_USAGE_ZH = `用法：exlic rules diff A B [--applications 目录] [--format table|json] [--profile production|test] [--phase save|declare] [--lang zh|en]

比较两套规则：B 新增的规则、删除的规则，以及两者都有的规则的差异（条件、各环境下的严重程度、有效期、
阶段、范围、路径、提示语、依据）。A、B 各为
  规则集 JSON 文件      如 rules-2027.1.json（即 "exlic check --rules" 读取的文件）
  内置版本              ${getBundledRuleSet().version}（本 exlic 自带）
  日期 YYYY-MM-DD       内置规则集中当日有效的规则，因此
                        "exlic rules diff 2025-12-31 2026-01-01" 列出当日起生效的规则

选项：
  --applications 目录  另外按 A、B 分别校验目录中的每份申请（.json、.ndjson、子目录），列出结论改变的申请
                       及其原因（新出现和不再有的违规项）；给出日期时，按该日申请校验
  --profile 环境       校验申请所用的环境（默认 production）
  --phase 阶段         校验阶段（默认 declare）
  --format table|json  表格（默认）或一个 JSON 文档
  --lang zh|en         表格中提示语的语言（默认按 LANG，否则 en）

退出码：0 无差异，1 规则或结论有差异，2 用法有误或输入无法读取。

示例：
  exlic rules diff ${getBundledRuleSet().version} my-rules.json --applications examples/applications
`;

interface Side {
  readonly side: RuleSetSide;
  /** How the user named it. */
  readonly label: string;
}

async function resolveSide(io: CliIo, operand: string): Promise<Side> {
  const bundled = getBundledRuleSet();
  if (operand === bundled.version) return { side: { ruleSet: bundled }, label: bundled.version };
  if (/^\d{4}-\d{2}-\d{2}$/.test(operand)) {
    if (!isIsoDate(operand)) throw new UsageError(`${operand} is not a calendar date`);
    return { side: { ruleSet: bundled, date: operand }, label: `${bundled.version} @ ${operand}` };
  }
  const file = path.resolve(io.cwd, operand);
  if (!existsSync(file)) throw new UsageError(`"${operand}" is neither a rule-set file, nor the bundled version ${bundled.version}, nor a date YYYY-MM-DD`);
  let ruleSet: RuleSet;
  try {
    ruleSet = await readRuleSetFile(file);
  } catch (error) {
    throw new UsageError(`${displayPath(io, file)}: not a rule set: ${(error as Error).message}`);
  }
  return { side: { ruleSet }, label: `${ruleSet.version} (${displayPath(io, file)})` };
}

/** One application whose verdict or findings differ between A and B. */
interface VerdictChange {
  readonly file: string;
  readonly index: number;
  readonly from: 'valid' | 'invalid';
  readonly to: 'valid' | 'invalid';
  /** Violations B reports and A does not (rule, field, severity, message). */
  readonly appear: readonly Violation[];
  /** Violations A reports and B does not. */
  readonly disappear: readonly Violation[];
}

const violationKey = (violation: Violation) => `${violation.rule}|${violation.path.join('.')}|${violation.severity}`;

// A date side checks each application as if applied on that date: the rules' dates are compared with other.appliedOn.
function onDate(application: unknown, date: string | undefined): unknown {
  if (date === undefined || application === null || typeof application !== 'object' || Array.isArray(application)) return application;
  const record = application as Record<string, unknown>;
  const other = record['other'] !== null && typeof record['other'] === 'object' && !Array.isArray(record['other']) ? record['other'] : {};
  return { ...record, other: { ...other, appliedOn: date } };
}

async function compareApplications(io: CliIo, dir: string, a: RuleSetSide, b: RuleSetSide, options: { phase: Phase; profile: Profile }): Promise<{ checked: number; changes: VerdictChange[] }> {
  const collected = await collectFiles(io, [dir], false);
  const changes: VerdictChange[] = [];
  let checked = 0;
  for (const file of collected.files) {
    if (file.kind === 'error') throw new UsageError(`${file.error.source}: ${file.error.message}`);
    const items = file.absolute.endsWith('.ndjson') ? readNdjson(openSample(io, file)) : readJson(openSample(io, file));
    for await (const item of items) {
      if (item.kind === 'error') throw new UsageError(`${file.shown}:${item.line}: ${item.message}`);
      let application: unknown;
      try {
        application = parseJsonExact(item.text);
      } catch (error) {
        throw new UsageError(`${file.shown}:${item.line}: ${(error as Error).message}`);
      }
      checked++;
      const before = check(onDate(application, a.date), { ...options, ruleSet: a.ruleSet, ...(a.date ? { asOf: a.date } : {}) });
      const after = check(onDate(application, b.date), { ...options, ruleSet: b.ruleSet, ...(b.date ? { asOf: b.date } : {}) });
      const was = new Set(before.violations.map(violationKey));
      const is = new Set(after.violations.map(violationKey));
      const appear = after.violations.filter((violation) => !was.has(violationKey(violation)));
      const disappear = before.violations.filter((violation) => !is.has(violationKey(violation)));
      if (appear.length > 0 || disappear.length > 0) {
        changes.push({ file: file.shown, index: item.index, from: before.valid ? 'valid' : 'invalid', to: after.valid ? 'valid' : 'invalid', appear, disappear });
      }
    }
  }
  return { checked, changes };
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

/** `exlic rules diff A B`: what changed between two rule sets (or dates), and which applications it changes. */
export async function runRules(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      applications: { type: 'string' },
      format: { type: 'string' },
      profile: { type: 'string' },
      phase: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const lang = oneOf('lang', values.lang, ['zh', 'en'] as const, (io.env['LC_ALL'] || io.env['LC_MESSAGES'] || io.env['LANG'] || '').toLowerCase().startsWith('zh') ? 'zh' : 'en');
  if (values.help) {
    io.stdout.write(lang === 'zh' ? RULES_USAGE_ZH : RULES_USAGE);
    return EXIT.ok;
  }
  const [verb, first, second, ...extra] = positionals;
  if (verb !== 'diff' || first === undefined || second === undefined || extra.length > 0) throw new UsageError('expected "diff A B" (exlic rules --help for what A and B may be)');
  const format = oneOf('format', values.format, ['table', 'json'] as const, 'table');
  const profile = oneOf('profile', values.profile, ['production', 'test'] as const, 'production');
  const phase = oneOf('phase', values.phase, ['save', 'declare'] as const, 'declare');
  const a = await resolveSide(io, first);
  const b = await resolveSide(io, second);
  const diff = diffRuleSets(a.side, b.side);
  const applications = values.applications === undefined ? undefined : await compareApplications(io, values.applications, a.side, b.side, { phase, profile });
  if (format === 'json') {
    const verdicts = applications && { folder: values.applications, profile, phase, checked: applications.checked, changed: applications.changes };
    io.stdout.write(`${JSON.stringify({ ...diff, ...(verdicts ? { applications: verdicts } : {}) }, null, 2)}\n`);
  } else {
    io.stdout.write(table(diff, a.label, b.label, lang, applications && { folder: values.applications!, profile, phase, ...applications }));
  }
  const differs = diff.added.length + diff.removed.length + diff.changed.length + (applications?.changes.length ?? 0) > 0;
  return differs ? EXIT.finding : EXIT.ok;
}

const WORDS = {
  en: { rules: 'rules', added: 'added', removed: 'removed', changed: 'changed', production: 'production', test: 'test', always: 'always in force', inForce: 'in force', to: 'to', notInForceOn: 'not in force on', applicationsIn: 'applications in', profile: 'profile', checked: 'checked', changeVerdict: 'change verdict', findingsOnly: 'more change findings only', findingsDiffer: 'findings differ', now: 'now:      ', noLonger: 'no longer:', valid: 'valid', invalid: 'invalid' },
  zh: { rules: '规则', added: '新增', removed: '删除', changed: '修改', production: '生产', test: '联调', always: '一直有效', inForce: '有效期', to: '至', notInForceOn: '此日尚未生效或已失效：', applicationsIn: '申请样例目录', profile: '环境', checked: '份已校验', changeVerdict: '份结论改变', findingsOnly: '份仅违规项改变', findingsDiffer: '违规项不同', now: '新出现：', noLonger: '不再有：', valid: '有效', invalid: '无效' },
} as const;

type Words = (typeof WORDS)[keyof typeof WORDS];

function severities(rule: RuleSummary, w: Words): string {
  return `${w.production} ${rule.severity.production}, ${w.test} ${rule.severity.test}`;
}

function inForce(rule: RuleSummary, w: Words): string {
  return rule.inForce.from === undefined && rule.inForce.to === undefined ? w.always : `${w.inForce} ${rule.inForce.from ?? '…'} ${w.to} ${rule.inForce.to ?? '…'}`;
}

function summaryLine(mark: string, rule: RuleSummary, w: Words, lang: 'zh' | 'en'): string[] {
  return [`  ${mark} ${rule.id}  [${severities(rule, w)}; ${inForce(rule, w)}${rule.notInForceOn ? `; ${w.notInForceOn} ${rule.notInForceOn}` : ''}]`, `      ${rule.message[lang]}`];
}

function table(diff: RuleSetDiff, from: string, to: string, lang: 'zh' | 'en', applications?: { folder: string; profile: Profile; phase: Phase; checked: number; changes: VerdictChange[] }): string {
  const w = WORDS[lang];
  const lines = [`${w.rules}: ${from} → ${to}`, ''];
  lines.push(`${w.added} (${diff.added.length}):`);
  for (const rule of diff.added) lines.push(...summaryLine('+', rule, w, lang));
  lines.push(`${w.removed} (${diff.removed.length}):`);
  for (const rule of diff.removed) lines.push(...summaryLine('-', rule, w, lang));
  lines.push(`${w.changed} (${diff.changed.length}):`);
  for (const change of diff.changed) {
    lines.push(`  ~ ${change.id}`);
    for (const aspect of change.changes) lines.push(`      ${aspect.aspect}: ${aspect.from}`, `      ${' '.repeat(aspect.aspect.length)}→ ${aspect.to}`);
  }
  if (applications) {
    const flipped = applications.changes.filter((change) => change.from !== change.to);
    const verdict = (value: 'valid' | 'invalid') => w[value];
    lines.push('', `${w.applicationsIn} ${applications.folder} (${applications.phase}, ${w.profile} ${applications.profile}): ${applications.checked} ${w.checked}, ${flipped.length} ${w.changeVerdict}, ${applications.changes.length - flipped.length} ${w.findingsOnly}`);
    for (const change of applications.changes) {
      lines.push(`  ${change.file}${change.index > 0 ? ` #${change.index + 1}` : ''}: ${change.from === change.to ? `${verdict(change.from)} (${w.findingsDiffer})` : `${verdict(change.from)} → ${verdict(change.to)}`}`);
      for (const violation of change.appear) lines.push(`      ${w.now}  ${violation.severity === 'error' ? '✖' : '⚠'} ${violation.rule} ${violation.path.join('.')}: ${violation.message[lang]}`);
      for (const violation of change.disappear) lines.push(`      ${w.noLonger}  ${violation.severity === 'error' ? '✖' : '⚠'} ${violation.rule} ${violation.path.join('.')}: ${violation.message[lang]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
