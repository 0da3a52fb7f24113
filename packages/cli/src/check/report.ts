import { createColors } from 'picocolors';
import type { Violation } from '@exlic/rules';
import type { ExpectDiff, Expectation, SampleOptions } from './expect';
import type { InputError } from './inputs';

/** One checked application, as every format reports it. */
export interface ResultRecord {
  readonly source: string;
  readonly valid: boolean;
  readonly violations: readonly Violation[];
  readonly goodsClass?: string;
  /** The catalog file used, when not the bundled snapshot. */
  readonly catalog?: string;
  /** Options the sample's expectation file set for it, when any. */
  readonly options?: SampleOptions;
  readonly expect?: ExpectDiff;
}

/** Counts for the summary line. */
export interface Summary {
  readonly checked: number;
  readonly valid: number;
  readonly invalid: number;
  readonly unreadable: number;
  readonly expectFailures?: number;
}

/** The counts of some results (a batch, checked on any thread). */
export interface BatchCounts {
  readonly checked: number;
  readonly valid: number;
  /** Results that differ from their expectation (under `--expect`). */
  readonly expectFailures: number;
}

/** Counts results as they stream past, for the summary line. */
export class SummaryCounter {
  private checked = 0;
  private valid = 0;
  private unreadable = 0;
  private expectFailures = 0;

  constructor(private readonly expect: boolean) {}

  /** Adds the counts of a batch of results. */
  add(counts: BatchCounts): void {
    this.checked += counts.checked;
    this.valid += counts.valid;
    this.expectFailures += counts.expectFailures;
  }

  addError(): void {
    this.unreadable += 1;
  }

  get summary(): Summary {
    return {
      checked: this.checked,
      valid: this.valid,
      invalid: this.checked - this.valid,
      unreadable: this.unreadable,
      ...(this.expect ? { expectFailures: this.expectFailures } : {}),
    };
  }
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(application)' : path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function jsonViolation(violation: Violation) {
  return {
    rule: violation.rule,
    path: violation.path,
    severity: violation.severity,
    message: violation.message,
    ...(violation.seen !== undefined ? { seen: violation.seen } : {}),
    ...(violation.expected !== undefined ? { expected: violation.expected } : {}),
  };
}

/**
 * A report written as the results stream in: text for the start, for each result and input error, and for the end.
 * `result` and `error` keep no state, so worker threads format their own batches; what depends on the results before
 * (JSON's comma between results, the table's line naming a catalog when it changes) is added by whoever writes in order.
 */
export interface ReportWriter {
  begin(): string;
  /** One result on its own: no separator before it and no catalog line. */
  result(result: ResultRecord): string;
  /** What goes between two results (JSON's comma; nothing in the other formats). */
  readonly separator: string;
  /** The line that says the results after it used `catalog` (table only: empty in the other formats). */
  catalogLine(catalog: string): string;
  error(error: InputError): string;
  end(summary: Summary, errors: readonly InputError[]): string;
}

/** What makes a {@link ReportWriter}: plain data, so a worker thread can make the same one. */
export interface WriterOptions {
  readonly format: 'table' | 'json' | 'junit';
  readonly lang: 'zh' | 'en';
  readonly color: boolean;
  readonly expect: boolean;
  /** The table's header lines. */
  readonly header?: readonly string[];
  /** What the JSON report ends with (rule set, phase, profile, as-of date). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** The writer of a format. */
export function createWriter(options: WriterOptions): ReportWriter {
  if (options.format === 'json') return jsonWriter(options.meta ?? {});
  if (options.format === 'junit') return junitWriter(options);
  return tableWriter({ lang: options.lang, color: options.color, header: options.header ?? [] });
}

/** `--format json`: exactly one JSON document, written result by result (one line each) so memory stays flat. */
function jsonWriter(meta: Readonly<Record<string, unknown>>): ReportWriter {
  return {
    begin: () => '{\n  "results": [\n',
    result: (result) => {
      const record = {
        source: result.source,
        valid: result.valid,
        ...(result.goodsClass ? { goodsClass: result.goodsClass } : {}),
        ...(result.catalog ? { catalog: result.catalog } : {}),
        ...(result.options ? { options: result.options } : {}),
        violations: result.violations.map(jsonViolation),
        ...(result.expect ? { expect: result.expect } : {}),
      };
      return `    ${JSON.stringify(record)}`;
    },
    separator: ',\n',
    catalogLine: () => '',
    error: () => '',
    end: (summary, errors) => {
      const tail = { ...(errors.length > 0 ? { errors } : {}), summary, ...meta };
      const body = JSON.stringify(tail, null, 2).slice(1, -2);
      return `${summary.checked === 0 ? '' : '\n'}  ],${body}\n}\n`;
    },
  };
}

/** `--format table`: for people, grouped per application, coloured when allowed; written as the results come. */
function tableWriter(options: { lang: 'zh' | 'en'; color: boolean; header: readonly string[] }): ReportWriter {
  const c = createColors(options.color);
  const zh = options.lang === 'zh';
  return {
    begin: () => (options.header.length > 0 ? `${options.header.map((line) => c.dim(line)).join('\n')}\n` : ''),
    separator: '',
    catalogLine: (catalog) => `${c.dim(zh ? `商品代码表：${catalog}` : `catalog: ${catalog}`)}\n`,
    result: (result) => {
      const lines: string[] = [];
      const mark = result.valid ? c.green('✓') : c.red('✗');
      const errorsCount = result.violations.filter((violation) => violation.severity === 'error').length;
      const warnings = result.violations.length - errorsCount;
      const counts = result.violations.length === 0 ? (zh ? '无问题' : 'no findings') : zh ? `${errorsCount}个错误，${warnings}个警告` : `${errorsCount} error(s), ${warnings} warning(s)`;
      lines.push(`${mark} ${c.bold(result.source)}${result.goodsClass ? c.dim(` [${result.goodsClass}]`) : ''}  ${c.dim(counts)}`);
      for (const violation of result.violations) {
        const severity = violation.severity === 'error' ? c.red(zh ? '错误' : 'error  ') : c.yellow(zh ? '警告' : 'warning');
        const label = violation.label ? (zh ? violation.label.zh : violation.label.en) : '';
        lines.push(`    ${severity} ${label ? `${c.bold(label)} ` : ''}${c.dim(pathText(violation.path))}`);
        lines.push(`            ${zh ? violation.message.zh : violation.message.en} ${c.dim(`(${violation.rule})`)}`);
      }
      if (result.expect && !result.expect.ok) lines.push(...renderDiff(result.expect, c, zh));
      return `${lines.join('\n')}\n`;
    },
    error: (error) => `${c.red('!')} ${c.bold(error.source)}  ${error.message}\n`,
    end: (summary) => {
      const parts = zh
        ? [`已检查 ${summary.checked} 份`, `有效 ${summary.valid}`, `无效 ${summary.invalid}`, ...(summary.unreadable ? [`无法读取 ${summary.unreadable}`] : []), ...(summary.expectFailures !== undefined ? [`与预期不符 ${summary.expectFailures}`] : [])]
        : [`checked ${summary.checked}`, `valid ${summary.valid}`, `invalid ${summary.invalid}`, ...(summary.unreadable ? [`unreadable ${summary.unreadable}`] : []), ...(summary.expectFailures !== undefined ? [`expectation failures ${summary.expectFailures}`] : [])];
      return `\n${parts.join(zh ? '，' : ', ')}\n`;
    },
  };
}

function renderDiff(diff: ExpectDiff, c: ReturnType<typeof createColors>, zh: boolean): string[] {
  const lines = [`    ${c.yellow(zh ? '与预期不符：' : 'differs from its expectation:')}${diff.problem ? ` ${diff.problem}` : ''}`];
  const show = (entry: Expectation) => `${entry.rule} ${JSON.stringify(entry.path)}${entry.severity ? ` ${entry.severity}` : ''}`;
  for (const entry of diff.missing) lines.push(c.red(`      - ${show(entry)}`));
  for (const entry of diff.unexpected) lines.push(c.green(`      + ${show(entry)}`));
  return lines;
}

// XML 1.0 forbids most control characters even when escaped: drop them (and escape the five markup characters).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const XML_SPECIAL = /[<>&"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const XML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

function xml(text: string): string {
  return text.replace(XML_SPECIAL, (char) => XML_ENTITIES[char] ?? '');
}

/**
 * `--format junit`: one testcase per application, for a tester's CI, written as the results come.
 * The totals are not known until the end, so the suite carries them in a closing `<system-out>`;
 * JUnit readers count the testcases themselves.
 */
function junitWriter(options: { lang: 'zh' | 'en'; expect: boolean }): ReportWriter {
  const zh = options.lang === 'zh';
  const failed = (result: ResultRecord) => (options.expect ? Boolean(result.expect && !result.expect.ok) : !result.valid);
  const describe = (violation: Violation) => `${violation.severity} ${pathText(violation.path)}: ${zh ? violation.message.zh : violation.message.en} (${violation.rule})`;
  return {
    separator: '',
    catalogLine: () => '',
    begin: () => '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="exlic check">\n  <testsuite name="exlic check">\n',
    result: (result) => {
      const file = result.source.replace(/#\d+$/, '');
      let body = '';
      if (failed(result)) {
        if (options.expect && result.expect) {
          const lines = [...(result.expect.problem ? [result.expect.problem] : []), ...result.expect.missing.map((entry) => `- ${entry.rule} ${JSON.stringify(entry.path)}`), ...result.expect.unexpected.map((entry) => `+ ${entry.rule} ${JSON.stringify(entry.path)}`)];
          body = `<failure type="expectation" message="${xml(`${lines.length} difference(s) from the expectation`)}">${xml(lines.join('\n'))}</failure>`;
        } else {
          const errs = result.violations.filter((violation) => violation.severity === 'error');
          body = `<failure type="invalid" message="${xml(`${errs.length} error(s)`)}">${xml(result.violations.map(describe).join('\n'))}</failure>`;
        }
      } else if (result.violations.length > 0) {
        body = `<system-out>${xml(result.violations.map(describe).join('\n'))}</system-out>`;
      }
      return `    <testcase classname="${xml(file)}" name="${xml(result.source)}">${body}</testcase>\n`;
    },
    error: (error) => `    <testcase classname="${xml(error.source)}" name="${xml(error.source)}"><error type="unreadable" message="${xml(error.message)}"/></testcase>\n`,
    end: (summary) => {
      const text = `checked ${summary.checked}, valid ${summary.valid}, invalid ${summary.invalid}, unreadable ${summary.unreadable}${summary.expectFailures !== undefined ? `, expectation failures ${summary.expectFailures}` : ''}`;
      return `    <system-out>${xml(text)}</system-out>\n  </testsuite>\n</testsuites>\n`;
    },
  };
}
