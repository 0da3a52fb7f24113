import { parseArgs } from 'node:util';
import { getBundledCatalog, isIsoDate, todayIsoDate, type Catalog } from '@exlic/core';
import { check, getBundledRuleSet, loadRuleSet, type CheckOptions, type RuleSet } from '@exlic/rules';
import { diffExpectations, expectFileFor, readExpectations, type ExpectationFile } from '../check/expect';
import { collectInputs, displayPath, loadCatalogFile, readTextFile, type InputError, type LoadedCatalog } from '../check/inputs';
import { renderJson, renderJunit, renderTable, summarize, type ResultRecord } from '../check/report';
import { EXIT, UsageError, colorEnabled, type CliIo } from '../io';

const USAGE = `Usage: exlic check [options] PATH...

Checks export licence applications against the Single Window form rules.
PATH is a .json file (one application or an array), an .ndjson file, a folder of those, or - for standard input.

Options:
  --phase save|declare        save: format checks only; declare: every rule (default declare)
  --profile production|test   test: check-character failures of credit codes are warnings (default production)
  --as-of YYYY-MM-DD          today's date for date rules (default today)
  --catalog FILE              commodity catalog (.json or .csv) for every PATH; otherwise a folder's
                              catalog.json / catalog.csv applies to the files under it, else the bundled snapshot
  --rules FILE                a rule-set JSON file (default: the bundled rule set)
  --format table|json|junit   report format (default table)
  --lang zh|en                language of messages in table and junit (default from LANG, else en)
  --expect                    compare each sample with NAME.expect.json beside it; exit 1 on any difference
                              (the file may set the sample's own phase, profile and asOf: see the README)
  -h, --help                  this help

Exit: 0 all valid (or all as expected), 1 any invalid (or any difference), 2 bad usage or unreadable input.
`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}

async function loadRules(io: CliIo, file: string): Promise<RuleSet> {
  let shown: string;
  let text: string;
  try {
    ({ shown, text } = await readTextFile(io, file, 'rule set'));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    return loadRuleSet(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${shown}: not a usable rule set: ${(error as Error).message}`);
  }
}

function progress(io: CliIo, total: number): ((done: number) => void) | undefined {
  if (!io.stderr.isTTY || total <= 1000) return undefined;
  let last = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === last && done !== total) return;
    last = percent;
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

/** `exlic check`: checks applications and reports as a table, JSON or JUnit; returns the exit code. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      phase: { type: 'string' },
      profile: { type: 'string' },
      'as-of': { type: 'string' },
      catalog: { type: 'string' },
      rules: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      expect: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const phase = oneOf('phase', values.phase, ['save', 'declare'], 'declare');
  const profile = oneOf('profile', values.profile, ['production', 'test'], 'production');
  const format = oneOf('format', values.format, ['table', 'json', 'junit'], 'table');
  const lang = oneOf('lang', values.lang, ['zh', 'en'], io.env.LANG?.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  const asOf = values['as-of'] ?? todayIsoDate();
  if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${asOf}"`);
  if (positionals.length === 0) throw new UsageError(`no PATH given\n\n${USAGE}`);
  if (values.expect && positionals.includes('-')) throw new UsageError('--expect reads NAME.expect.json beside each file, so it cannot check standard input');

  const ruleSet = values.rules ? await loadRules(io, values.rules) : getBundledRuleSet();
  let fixedCatalog: LoadedCatalog | undefined;
  if (values.catalog) {
    try {
      fixedCatalog = await loadCatalogFile(io, values.catalog);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }

  const collected = await collectInputs(io, positionals, fixedCatalog === undefined);
  const errors: InputError[] = [...collected.errors];
  const folderCatalogs = new Map<string, Catalog | null>();
  for (const file of collected.folderCatalogs) {
    try {
      const loaded = await loadCatalogFile(io, file);
      folderCatalogs.set(loaded.file, loaded.catalog);
    } catch (error) {
      errors.push({ source: displayPath(io, file), message: (error as Error).message.replace(/^[^:]*: /, '') });
      folderCatalogs.set(displayPath(io, file), null);
    }
  }

  const expectations = new Map<string, ExpectationFile | string>();
  if (values.expect) {
    for (const [shown, absolute] of collected.files) expectations.set(shown, await readExpectations(expectFileFor(absolute)));
  }

  const base: Omit<CheckOptions, 'catalog'> = { phase, profile, asOf, ruleSet };
  const results: ResultRecord[] = [];
  const tick = progress(io, collected.inputs.length);
  collected.inputs.forEach((input, i) => {
    tick?.(i + 1);
    const folder = input.catalogFile !== undefined ? folderCatalogs.get(input.catalogFile) : undefined;
    if (folder === null) return; // Its folder catalog is unreadable: reported once as an input error.
    const catalog = fixedCatalog?.catalog ?? folder ?? getBundledCatalog();
    const catalogName = fixedCatalog?.file ?? input.catalogFile;
    const found = values.expect ? expectations.get(input.file) : undefined;
    const sampleOptions = typeof found === 'object' ? found.options : {};
    const result = check(input.value, { ...base, ...sampleOptions, catalog });
    let expect;
    if (values.expect) {
      if (typeof found === 'string' || found === undefined) {
        expect = { ok: false, missing: [], unexpected: [], problem: `${found ?? 'no expectation file'} (${displayPath(io, expectFileFor(collected.files.get(input.file) ?? input.file))})` };
      } else {
        expect = diffExpectations(found.byIndex.get(input.index) ?? [], result.violations);
      }
    }
    results.push({
      source: input.source,
      valid: result.valid,
      violations: result.violations,
      ...(result.goodsClass ? { goodsClass: result.goodsClass } : {}),
      ...(catalogName ? { catalog: catalogName } : {}),
      ...(Object.keys(sampleOptions).length > 0 ? { options: sampleOptions } : {}),
      ...(expect ? { expect } : {}),
    });
  });

  const summary = summarize(results, errors, Boolean(values.expect));
  if (format === 'json') {
    io.stdout.write(renderJson(results, errors, summary, { ruleSet: ruleSet.version, phase, profile, asOf }));
  } else if (format === 'junit') {
    io.stdout.write(renderJunit(results, errors, { lang, expect: Boolean(values.expect) }));
  } else {
    const header = [`exlic check · rules ${ruleSet.version} · ${phase} · ${profile} · as of ${asOf}${fixedCatalog ? ` · catalog ${fixedCatalog.file}` : ''}`];
    io.stdout.write(renderTable(results, errors, summary, { lang, color: colorEnabled(io, io.stdout), header }));
  }
  if (format !== 'table') for (const error of errors) io.stderr.write(`exlic check: ${error.source}: ${error.message}\n`);

  if (errors.length > 0) return EXIT.usage;
  if (values.expect) return results.every((result) => result.expect?.ok) ? EXIT.ok : EXIT.finding;
  return results.every((result) => result.valid) ? EXIT.ok : EXIT.finding;
}
