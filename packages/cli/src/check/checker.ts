import { readFile } from 'node:fs/promises';
import { getBundledCatalog, type Catalog } from '@exlic/core';
import { check, getBundledRuleSet, loadRuleSet, type RuleSet } from '@exlic/rules';
import { diffExpectations, readExpectations, type ExpectDiff, type ExpectationFile } from './expect';
import { displayPath, loadCatalogFile, type InputError } from './inputs';
import { isBlankLine, parseJsonExact } from './read-json';
import { createWriter, type BatchCounts, type ResultRecord, type WriterOptions } from './report';

/** What every checker of a run shares: the command line's options. Plain data, so a worker thread can receive it. */
export interface CheckerSetup {
  readonly phase: 'save' | 'declare';
  readonly profile: 'production' | 'test';
  readonly asOf: string;
  /** Absolute path of the `--rules` file, when one was given. */
  readonly rulesFile?: string;
  readonly cwd: string;
  /** The report's format: each checker formats its own results, so only text crosses between threads. */
  readonly report: WriterOptions;
}

/** The file a batch comes from, and what applies to every application in it. */
export interface BatchFile {
  /** The path as the report shows it. */
  readonly shown: string;
  /** NDJSON (errors name a line) rather than JSON (errors name the line a value starts on). */
  readonly ndjson: boolean;
  /** Absolute path of the catalog file that applies, when not the bundled snapshot. */
  readonly catalogFile?: string;
  /** The catalog as the report names it. */
  readonly catalogName?: string;
  /** Under `--expect`: the absolute path of the sample's expectation file. */
  readonly expectFile?: string;
}

/**
 * Some consecutive applications of one file: NDJSON bytes cut at line ends (split, decoded and parsed by the checker,
 * so a worker does that work), or values a JSON file's reader has cut out, each with its index and line.
 */
export type Batch =
  | { readonly kind: 'lines'; readonly file: BatchFile; readonly bytes: Uint8Array; readonly firstLine: number; readonly firstIndex: number }
  | { readonly kind: 'values'; readonly file: BatchFile; readonly items: readonly { readonly index: number; readonly line: number; readonly text: string }[] };

/**
 * A checked batch: its report text, split where its first result begins (the table names a changed catalog there and
 * JSON puts a comma there, both known only to whoever writes in order), its counts, and the parts it could not read.
 */
export interface BatchResult extends BatchCounts {
  /** Report text before the first result: only errors. */
  readonly head: string;
  /** Report text from the first result on; empty when the batch has no result. A worker sends it encoded as UTF-8. */
  readonly body: string | Uint8Array;
  readonly errors: readonly InputError[];
}

/** Checks batches; made once per thread. */
export type BatchChecker = (batch: Batch) => Promise<BatchResult>;

/** Reads a rule-set file for `--rules`; throws an Error saying what is wrong (including a rule set with no rules, which would check nothing). */
export async function readRuleSetFile(file: string): Promise<RuleSet> {
  const ruleSet = loadRuleSet(JSON.parse(await readFile(file, 'utf8')));
  if (ruleSet.rules.length === 0) throw new Error(`rule set ${ruleSet.version} has no rules, so it would check nothing`);
  return ruleSet;
}

/**
 * Makes the checker of one thread: the rule set read once, catalogs and expectation files read once each (those given
 * are used as they are). It parses, checks and formats each application, so the thread that writes only joins text.
 */
export async function createBatchChecker(setup: CheckerSetup, catalogs: Map<string, Catalog> = new Map()): Promise<BatchChecker> {
  const ruleSet = setup.rulesFile ? await readRuleSetFile(setup.rulesFile) : getBundledRuleSet();
  const base = { phase: setup.phase, profile: setup.profile, asOf: setup.asOf, ruleSet };
  const io = { cwd: setup.cwd };
  const writer = createWriter(setup.report);
  const expectations = new Map<string, ExpectationFile | string>();
  const strict = new TextDecoder('utf-8', { fatal: true });

  return async (batch) => {
    const { file } = batch;
    if (file.catalogFile !== undefined && !catalogs.has(file.catalogFile)) catalogs.set(file.catalogFile, (await loadCatalogFile(io, file.catalogFile)).catalog);
    let expectation: ExpectationFile | string | undefined;
    if (file.expectFile !== undefined) {
      expectation = expectations.get(file.expectFile) ?? (await readExpectations(file.expectFile));
      expectations.set(file.expectFile, expectation);
    }
    const sampleOptions = typeof expectation === 'object' && Object.keys(expectation.options).length > 0 ? expectation.options : undefined;
    const options = { ...base, ...sampleOptions, catalog: file.catalogFile !== undefined ? catalogs.get(file.catalogFile)! : getBundledCatalog() };

    const parts: string[] = [];
    let head = '';
    let checked = 0;
    let valid = 0;
    let expectFailures = 0;
    const errors: InputError[] = [];
    const fail = (error: InputError) => {
      errors.push(error);
      const text = writer.error(error);
      if (checked === 0) head += text;
      else parts.push(text);
    };
    const one = (index: number, line: number, text: string) => {
      let value: unknown;
      try {
        value = parseJsonExact(text);
      } catch (error) {
        const reason = error instanceof RangeError ? 'nested too deeply to read' : cut((error as Error).message);
        fail({ source: `${file.shown}:${line}`, message: `${file.ndjson ? `line ${line}` : `the value starting on line ${line}`} is not valid JSON: ${reason}` });
        return;
      }
      const result = check(value, options);
      let diff: ExpectDiff | undefined;
      if (file.expectFile !== undefined) {
        diff =
          typeof expectation === 'object'
            ? diffExpectations(expectation.byIndex.get(index) ?? [], result.violations)
            : { ok: false, missing: [], unexpected: [], problem: `${expectation ?? 'no expectation file'} (${displayPath(io, file.expectFile)})` };
        if (!diff.ok) expectFailures += 1;
      }
      const record: ResultRecord = {
        source: `${file.shown}#${index}`,
        valid: result.valid,
        violations: result.violations,
        ...(result.goodsClass ? { goodsClass: result.goodsClass } : {}),
        ...(file.catalogName ? { catalog: file.catalogName } : {}),
        ...(sampleOptions ? { options: sampleOptions } : {}),
        ...(diff ? { expect: diff } : {}),
      };
      if (checked > 0 && writer.separator !== '') parts.push(writer.separator);
      parts.push(writer.result(record));
      checked += 1;
      if (result.valid) valid += 1;
    };

    if (batch.kind === 'values') {
      for (const item of batch.items) one(item.index, item.line, item.text);
    } else {
      // A Buffer for its native indexOf (a batch that crossed threads arrives as a plain Uint8Array).
      const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
      let text: string | undefined;
      try {
        text = strict.decode(bytes);
      } catch {
        // Not UTF-8 somewhere: read line by line below, so only the lines at fault are errors.
      }
      let index = batch.firstIndex;
      let line = batch.firstLine;
      if (text !== undefined) {
        // A line break is one byte and one character, so these are the lines the splitter counted.
        for (let start = 0; start < text.length; line += 1) {
          let end = text.indexOf('\n', start);
          if (end < 0) end = text.length;
          const trimmed = text.slice(start, end).trim();
          if (trimmed !== '') one(index++, line, trimmed);
          start = end + 1;
        }
      } else {
        for (let start = 0; start < bytes.length; line += 1) {
          let end = bytes.indexOf(10, start);
          if (end < 0) end = bytes.length;
          if (!isBlankLine(bytes, start, end)) {
            let lineText: string | undefined;
            try {
              lineText = strict.decode(bytes.subarray(start, end));
            } catch {
              fail({ source: `${file.shown}:${line}`, message: `line ${line} is not valid UTF-8 text; save the file as UTF-8` });
            }
            if (lineText !== undefined) one(index, line, lineText.trim());
            index += 1;
          }
          start = end + 1;
        }
      }
    }
    return { head, body: parts.join(''), checked, valid, expectFailures, errors };
  };
}

// The parser's message, cut and cleaned: V8 quotes the text it could not read, which may be megabytes.
function cut(message: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = String(message).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
