import { readFile } from 'node:fs/promises';
import { isIsoDate } from '@exlic/core';
import type { Violation } from '@exlic/rules';

/** One violation a sample must produce: its rule and path, and optionally its severity. */
export interface Expectation {
  readonly rule: string;
  readonly path: readonly (string | number)[];
  readonly severity?: 'error' | 'warning';
}

/** The difference between what a sample must produce and what it produced. */
export interface ExpectDiff {
  readonly ok: boolean;
  /** Expected, not produced. */
  readonly missing: readonly Expectation[];
  /** Produced, not expected. */
  readonly unexpected: readonly Expectation[];
  /** Why there is no expectation to compare with, when there is none. */
  readonly problem?: string;
}

/** The expectation file beside a sample: `a.json` → `a.expect.json`, `a.ndjson` → `a.expect.json`. */
export function expectFileFor(sample: string): string {
  return sample.replace(/\.(nd)?json$/, '.expect.json');
}

function isExpectation(value: unknown): value is Expectation {
  const entry = value as Expectation | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.rule === 'string' &&
    Array.isArray(entry.path) &&
    entry.path.every((key) => typeof key === 'string' || typeof key === 'number') &&
    (entry.severity === undefined || entry.severity === 'error' || entry.severity === 'warning')
  );
}

/** Check options a sample's expectation file may set for that sample (under `--expect`): they override the command line's. */
export interface SampleOptions {
  readonly phase?: 'save' | 'declare';
  readonly profile?: 'production' | 'test';
  readonly asOf?: string;
}

/** A parsed expectation file: the options the sample is checked with, and the violations by application index. */
export interface ExpectationFile {
  readonly options: SampleOptions;
  readonly byIndex: ReadonlyMap<number, readonly Expectation[]>;
}

const OPTION_VALUES: Readonly<Record<keyof SampleOptions, (value: unknown) => boolean>> = {
  phase: (value) => value === 'save' || value === 'declare',
  profile: (value) => value === 'production' || value === 'test',
  asOf: (value) => typeof value === 'string' && isIsoDate(value),
};

function readOptions(value: unknown): SampleOptions | string {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the expectation file\'s "options" must be an object such as {"profile": "test"}';
  for (const [key, option] of Object.entries(value)) {
    const valid = OPTION_VALUES[key as keyof SampleOptions];
    if (!valid) return `the expectation file's option "${key}" is unknown; the options are phase, profile and asOf`;
    if (!valid(option)) return `the expectation file's option "${key}" cannot be ${JSON.stringify(option)} (phase: save|declare, profile: production|test, asOf: YYYY-MM-DD)`;
  }
  return value as SampleOptions;
}

/**
 * Reads an expectation file. Its violations are a list of `{rule, path, severity?}` for a file holding
 * one application, or an object `{"0": [...], "1": [...]}` by application index for a file holding
 * several; either stands alone, or as `{"options": {"profile": "test"}, "violations": …}` when the
 * sample must be checked with options of its own. Returns the parsed file, or a problem sentence.
 */
export async function readExpectations(file: string): Promise<ExpectationFile | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no expectation file' : `cannot read the expectation file: ${(error as Error).message}`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `the expectation file is not valid JSON: ${(error as Error).message}`;
  }
  let options: SampleOptions | string = {};
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && 'violations' in json) {
    options = readOptions((json as { options?: unknown }).options);
    json = (json as { violations: unknown }).violations;
  }
  if (typeof options === 'string') return options;
  const byIndex = new Map<number, Expectation[]>();
  const entries: [string, unknown][] = Array.isArray(json) ? [['0', json]] : json !== null && typeof json === 'object' ? Object.entries(json) : [];
  if (entries.length === 0 && !Array.isArray(json)) return 'the expectation file must be a list of {"rule", "path"}, an object of such lists by application index, or {"options": {…}, "violations": …}';
  for (const [key, list] of entries) {
    const index = Number(key.replace(/^#/, ''));
    if (!Number.isInteger(index) || !Array.isArray(list) || !list.every(isExpectation)) {
      return `the expectation file's entry "${key}" must be a list of {"rule": string, "path": [...], "severity"?: "error"|"warning"}`;
    }
    byIndex.set(index, list);
  }
  return { options, byIndex };
}

const keyOf = (entry: Expectation, withSeverity: boolean) => `${entry.rule} ${JSON.stringify(entry.path)}${withSeverity && entry.severity ? ` ${entry.severity}` : ''}`;

/** Compares expected with actual violations by rule and path (and severity where the expectation gives one). */
export function diffExpectations(expected: readonly Expectation[], actual: readonly Violation[]): ExpectDiff {
  const missing: Expectation[] = [];
  const remaining = actual.map((violation) => ({ rule: violation.rule, path: violation.path, severity: violation.severity }) as Expectation);
  for (const entry of expected) {
    const at = remaining.findIndex((candidate) => keyOf(candidate, entry.severity !== undefined) === keyOf(entry, true));
    if (at < 0) missing.push(entry);
    else remaining.splice(at, 1);
  }
  return { ok: missing.length === 0 && remaining.length === 0, missing, unexpected: remaining };
}
