import { readFile } from 'node:fs/promises';
import { getBundledCatalog, type Catalog } from '@exlic/core';
import { check, getBundledRuleSet, loadRuleSet, type RuleSet, type Violation } from '@exlic/rules';
import type { SampleOptions } from './expect';
import { loadCatalogFile } from './inputs';
import { parseJsonExact } from './read-json';

/** What every checker of a run shares: the command line's options. Plain data, so a worker thread can receive it. */
export interface CheckerSetup {
  readonly phase: 'save' | 'declare';
  readonly profile: 'production' | 'test';
  readonly asOf: string;
  /** Absolute path of the `--rules` file, when one was given. */
  readonly rulesFile?: string;
  readonly cwd: string;
}

/** One application to check: its JSON text (parsed by the checker, so a worker does the parsing too), and what applies to it. */
export interface CheckTask {
  readonly text: string;
  /** Absolute path of the catalog file that applies, when not the bundled snapshot. */
  readonly catalogFile?: string;
  /** Options the sample's expectation file sets for it. */
  readonly options?: SampleOptions;
}

/** What checking one task gave: a result, or why its text could not be read. */
export type CheckOutcome = { readonly error: string } | { readonly valid: boolean; readonly violations: readonly Violation[]; readonly goodsClass?: string };

/** Checks batches of tasks; made once per thread. */
export type Checker = (tasks: readonly CheckTask[]) => Promise<CheckOutcome[]>;

/** Reads a rule-set file for `--rules`; throws an Error saying what is wrong (including a rule set with no rules, which would check nothing). */
export async function readRuleSetFile(file: string): Promise<RuleSet> {
  const ruleSet = loadRuleSet(JSON.parse(await readFile(file, 'utf8')));
  if (ruleSet.rules.length === 0) throw new Error(`rule set ${ruleSet.version} has no rules, so it would check nothing`);
  return ruleSet;
}

/** Makes the checker of one thread: the rule set read once, catalogs read once each (those given are used as they are). */
export async function createChecker(setup: CheckerSetup, catalogs: Map<string, Catalog> = new Map()): Promise<Checker> {
  const ruleSet = setup.rulesFile ? await readRuleSetFile(setup.rulesFile) : getBundledRuleSet();
  const base = { phase: setup.phase, profile: setup.profile, asOf: setup.asOf, ruleSet };
  const io = { cwd: setup.cwd };
  return async (tasks) => {
    for (const task of tasks) {
      if (task.catalogFile !== undefined && !catalogs.has(task.catalogFile)) catalogs.set(task.catalogFile, (await loadCatalogFile(io, task.catalogFile)).catalog);
    }
    return tasks.map((task): CheckOutcome => {
      let value: unknown;
      try {
        value = parseJsonExact(task.text);
      } catch (error) {
        return { error: error instanceof RangeError ? 'nested too deeply to read' : cut((error as Error).message) };
      }
      const catalog = task.catalogFile !== undefined ? catalogs.get(task.catalogFile)! : getBundledCatalog();
      const result = check(value, { ...base, ...task.options, catalog });
      return { valid: result.valid, violations: result.violations, ...(result.goodsClass ? { goodsClass: result.goodsClass } : {}) };
    });
  };
}

// The parser's message, cut and cleaned: V8 quotes the text it could not read, which may be megabytes.
function cut(message: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = String(message).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
