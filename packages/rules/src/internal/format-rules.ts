import { getField, getGoodsClass, specRowSchemaFor, type GoodsClass, type ParseIssue } from '@exlic/core';
import type { FieldPath, LocalizedText, RuleExplanation, Violation } from '../types';

interface FormatRule {
  readonly id: string;
  readonly description: string;
  readonly zh: (label: string, issue: ParseIssue) => string;
  readonly en: (label: string, issue: ParseIssue) => string;
}

/** The format checks every rule-set version shares: they come from the wire format's schema, not from a rule file. */
const FORMAT_RULES: readonly FormatRule[] = [
  {
    id: 'format.unknownField',
    description: 'The application has a field the wire format does not define (often a misspelt name).',
    zh: (label) => `未知字段“${label}”：数据格式中没有此名称，请检查拼写`,
    en: (label) => `unknown field "${label}": the wire format has no such name (check its spelling)`,
  },
  {
    id: 'format.date',
    description: 'A date field does not hold a calendar date written YYYY-MM-DD.',
    zh: (label) => `“${label}”应为日期，格式为YYYY-MM-DD`,
    en: (label) => `${label} must be a date written YYYY-MM-DD`,
  },
  {
    id: 'format.decimal',
    description: 'A decimal field (amount, quantity, price) does not hold a decimal number.',
    zh: (label) => `“${label}”应为数字，例如"1250.50"`,
    en: (label) => `${label} must be a decimal number such as "1250.50"`,
  },
  {
    id: 'format.type',
    description: 'A field holds the wrong kind of value (e.g. a number where text or a list is expected).',
    zh: (label) => `“${label}”的数据类型不正确`,
    en: (label, issue) => `${label} has the wrong type: ${issue.message}`,
  },
  {
    id: 'format.value',
    description: 'A field holds a value its format does not allow (e.g. an unknown status, a bad digest).',
    zh: (label) => `“${label}”的值不符合格式要求`,
    en: (label, issue) => `${label} is not valid: ${issue.message}`,
  },
  {
    id: 'format.rowShape',
    description: "A spec row holds a field that the goods class's row shape does not have (e.g. a VIN on a general-goods row): the portal shows no such column, so the data was mapped to the wrong shape.",
    // For this rule `issue.message` is the goods class's name in the message's language.
    zh: (label, issue) => `${label}不属于${issue.message}的规格型号信息，请删除或检查商品代码`,
    en: (label, issue) => `${label} is not a column of the spec rows of ${issue.message}: remove it or check the commodity code`,
  },
  {
    id: 'format.tooLarge',
    description: 'A list, object or text is larger than the wire format allows (more than 200 spec rows (ten times the largest class limit: rows over a class’s limit are still read and checked, and `specs.maxRows` reports them), 50 items of another list, 100 fields, 2,000 characters): the value is not read, so it costs one violation however large it is.',
    zh: (label, issue) => `“${label}”超出数据格式的大小限制（${sizeText(issue.message, 'zh')}），未读取`,
    en: (label, issue) => `${label} is larger than the wire format allows (${sizeText(issue.message, 'en')}), so it was not read`,
  },
  {
    id: 'format.tooDeep',
    description: 'Objects or lists are nested deeper than the wire format ever goes: the part below is not read.',
    zh: (label) => `“${label}”嵌套层级过深，数据格式中没有如此深的字段`,
    en: (label, issue) => `${label} is ${issue.message}: the part below was not read`,
  },
  {
    id: 'format.unreadable',
    description: 'The input could not be read at all (e.g. an object whose properties throw).',
    zh: () => '无法读取申请数据',
    en: (_label, issue) => issue.message,
  },
];

// A too_large issue's message is "<count> <unit> > <limit>" (normalize.ts); the violation says it in words.
const SIZE_UNITS = { items: { zh: '条', en: 'items' }, fields: { zh: '个字段', en: 'fields' }, characters: { zh: '个字符', en: 'characters' } } as const;
function sizeText(message: string, language: 'zh' | 'en'): string {
  const match = /^([\d,]+) (items|fields|characters) > ([\d,]+)$/.exec(message);
  if (!match) return message;
  const [, count, unitName, limit] = match as unknown as [string, string, keyof typeof SIZE_UNITS, string];
  const unit = SIZE_UNITS[unitName][language];
  return language === 'zh' ? `${count}${unit}，最多${limit}${unit}` : `${count} ${unit}; at most ${limit}`;
}

const BY_ID = new Map(FORMAT_RULES.map((rule) => [rule.id, rule]));

function ruleFor(issue: ParseIssue): FormatRule {
  const id =
    issue.code === 'unreadable'
      ? 'format.unreadable'
      : issue.code === 'too_large'
        ? 'format.tooLarge'
        : issue.code === 'too_deep'
          ? 'format.tooDeep'

      : issue.code === 'unrecognized_keys'
        ? 'format.unknownField'
        : issue.format === 'date'
          ? 'format.date'
          : issue.format === 'decimal'
            ? 'format.decimal'
            : issue.code === 'invalid_type'
              ? 'format.type'
              : 'format.value';
  return BY_ID.get(id)!;
}

/** The field's label for a path, falling back to the path itself. */
export function labelFor(path: FieldPath): LocalizedText | undefined {
  return getField(path)?.label;
}

function describePath(path: FieldPath): string {
  return path.length === 0 ? '(application)' : path.map((key) => (typeof key === 'number' ? `[${key}]` : key)).join('.').replace(/\.\[/g, '[');
}

/** A parse issue as a `format.*` violation (always an error). */
export function formatViolation(issue: ParseIssue, seen: unknown): Violation {
  const rule = ruleFor(issue);
  const label = labelFor(issue.path);
  const row = issue.path.find((key) => typeof key === 'number');
  const rowText = typeof row === 'number' ? { zh: `第${row + 1}项`, en: ` (item ${row + 1})` } : { zh: '', en: '' };
  const unknown = rule.id === 'format.unknownField';
  const zhLabel = unknown ? describePath(issue.path) : `${rowText.zh}${label?.zh ?? describePath(issue.path)}`;
  const enLabel = unknown ? describePath(issue.path) : `${label?.en ?? describePath(issue.path)}${rowText.en}`;
  const violation: Violation = {
    rule: rule.id,
    path: issue.path,
    severity: 'error',
    message: { zh: rule.zh(zhLabel, issue), en: rule.en(enLabel, issue) },
    ...(label && !unknown ? { label } : {}),
    ...(seen !== undefined ? { seen } : {}),
  };
  return violation;
}

/** The explanation of a `format.*` rule, or undefined. */
export function explainFormatRule(id: string): RuleExplanation | undefined {
  const rule = BY_ID.get(id);
  if (!rule) return undefined;
  return {
    id: rule.id,
    description: rule.description,
    covers: [],
    source: { kind: 'schema', reference: 'exlic field reference (docs/reference/fields.md): the wire format (types, dates YYYY-MM-DD, decimals, field names)' },
    inForce: {},
    severity: 'error',
    phase: 'save',
    scope: 'application',
    path: [],
    message: { zh: rule.zh('{label}', { path: [], code: '', message: '{message}' }), en: rule.en('{label}', { path: [], code: '', message: '{message}' }) },
    ruleSetVersion: 'schema',
  };
}

/** The ids of the format rules. */
export const FORMAT_RULE_IDS: readonly string[] = FORMAT_RULES.map((rule) => rule.id);

/** A `format.rowShape` violation for every filled spec-row field that the goods class's row shape lacks (the wire format's four row shapes). */
export function rowShapeViolations(specs: readonly Record<string, unknown>[] | undefined, goodsClass: GoodsClass | null): Violation[] {
  if (!specs || goodsClass === null) return [];
  const allowed = specRowSchemaFor(goodsClass).shape;
  const rule = BY_ID.get('format.rowShape')!;
  const names = getGoodsClass(goodsClass)?.label ?? { zh: goodsClass, en: goodsClass };
  const violations: Violation[] = [];
  specs.forEach((row, index) => {
    for (const key of Object.keys(row)) {
      if (Object.prototype.hasOwnProperty.call(allowed, key) || row[key] === undefined) continue;
      const path = ['specs', index, key];
      const label = labelFor(path);
      const zhLabel = `规格型号第${index + 1}行的“${label?.zh ?? key}”`;
      const enLabel = `${label?.en ?? key} (spec row ${index + 1})`;
      violations.push({
        rule: rule.id,
        path,
        severity: 'error',
        message: { zh: rule.zh(zhLabel, { path, code: 'row_shape', message: names.zh }), en: rule.en(enLabel, { path, code: 'row_shape', message: names.en }) },
        ...(label ? { label } : {}),
        seen: row[key],
      });
    }
  });
  return violations;
}
