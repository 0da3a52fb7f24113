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

/** Builds the summary. */
export function summarize(results: readonly ResultRecord[], errors: readonly InputError[], expect: boolean): Summary {
  const valid = results.filter((result) => result.valid).length;
  return {
    checked: results.length,
    valid,
    invalid: results.length - valid,
    unreadable: errors.length,
    ...(expect ? { expectFailures: results.filter((result) => result.expect && !result.expect.ok).length } : {}),
  };
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

/** `--format json`: exactly one JSON document. */
export function renderJson(results: readonly ResultRecord[], errors: readonly InputError[], summary: Summary, meta: Record<string, unknown>): string {
  const document = {
    results: results.map((result) => ({
      source: result.source,
      valid: result.valid,
      ...(result.goodsClass ? { goodsClass: result.goodsClass } : {}),
      ...(result.catalog ? { catalog: result.catalog } : {}),
      ...(result.options ? { options: result.options } : {}),
      violations: result.violations.map(jsonViolation),
      ...(result.expect ? { expect: result.expect } : {}),
    })),
    ...(errors.length > 0 ? { errors } : {}),
    summary,
    ...meta,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `--format table`: for people, grouped per application, coloured when allowed. */
export function renderTable(results: readonly ResultRecord[], errors: readonly InputError[], summary: Summary, options: { lang: 'zh' | 'en'; color: boolean; header: readonly string[] }): string {
  const c = createColors(options.color);
  const zh = options.lang === 'zh';
  const lines: string[] = [...options.header.map((line) => c.dim(line))];
  let lastCatalog: string | undefined;
  for (const result of results) {
    if (result.catalog !== lastCatalog) {
      lastCatalog = result.catalog;
      if (result.catalog) lines.push(c.dim(zh ? `商品代码表：${result.catalog}` : `catalog: ${result.catalog}`));
    }
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
  }
  for (const error of errors) lines.push(`${c.red('!')} ${c.bold(error.source)}  ${error.message}`);
  lines.push('');
  const parts = zh
    ? [`已检查 ${summary.checked} 份`, `有效 ${summary.valid}`, `无效 ${summary.invalid}`, ...(summary.unreadable ? [`无法读取 ${summary.unreadable}`] : []), ...(summary.expectFailures !== undefined ? [`与预期不符 ${summary.expectFailures}`] : [])]
    : [`checked ${summary.checked}`, `valid ${summary.valid}`, `invalid ${summary.invalid}`, ...(summary.unreadable ? [`unreadable ${summary.unreadable}`] : []), ...(summary.expectFailures !== undefined ? [`expectation failures ${summary.expectFailures}`] : [])];
  lines.push(parts.join(zh ? '，' : ', '));
  return `${lines.join('\n')}\n`;
}

function renderDiff(diff: ExpectDiff, c: ReturnType<typeof createColors>, zh: boolean): string[] {
  const lines = [`    ${c.yellow(zh ? '与预期不符：' : 'differs from its expectation:')}${diff.problem ? ` ${diff.problem}` : ''}`];
  const show = (entry: Expectation) => `${entry.rule} ${JSON.stringify(entry.path)}${entry.severity ? ` ${entry.severity}` : ''}`;
  for (const entry of diff.missing) lines.push(c.red(`      - ${show(entry)}`));
  for (const entry of diff.unexpected) lines.push(c.green(`      + ${show(entry)}`));
  return lines;
}

// XML 1.0 forbids most control characters even when escaped: drop them.
function allowedInXml(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!).split("").filter(allowedInXml).join("");
}

/** `--format junit`: one testcase per application, for a tester's CI. */
export function renderJunit(results: readonly ResultRecord[], errors: readonly InputError[], options: { lang: 'zh' | 'en'; expect: boolean }): string {
  const zh = options.lang === 'zh';
  const failed = (result: ResultRecord) => (options.expect ? Boolean(result.expect && !result.expect.ok) : !result.valid);
  const failures = results.filter(failed).length;
  const cases = results.map((result) => {
    const file = result.source.replace(/#\d+$/, '');
    const describe = (violation: Violation) => `${violation.severity} ${pathText(violation.path)}: ${zh ? violation.message.zh : violation.message.en} (${violation.rule})`;
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
    return `    <testcase classname="${xml(file)}" name="${xml(result.source)}">${body}</testcase>`;
  });
  for (const error of errors) cases.push(`    <testcase classname="${xml(error.source)}" name="${xml(error.source)}"><error type="unreadable" message="${xml(error.message)}"/></testcase>`);
  const tests = results.length + errors.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="exlic check" tests="${tests}" failures="${failures}" errors="${errors.length}">`,
    `  <testsuite name="exlic check" tests="${tests}" failures="${failures}" errors="${errors.length}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
