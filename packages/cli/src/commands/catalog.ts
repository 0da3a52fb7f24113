import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GOODS_CLASSES, readCatalogFile, type CatalogEntry, type GoodsClass } from '@exlic/core';
import { readTextFile } from '../check/inputs';
import { EXIT, UsageError, type CliIo } from '../io';

const USAGE = `Usage: exlic catalog import FILE [--year YYYY] [--goods-class CLASS] [--partial] [--out FILE]

Reads a commodity catalog (the official 出口许可证管理货物目录 annex as CSV or JSON, with its own
column names 序号, 货物种类, 商品编码, 商品名称, 计量单位 … or this SDK's year, hsCode, name, unit,
goodsClass …) and writes it as this SDK's catalog JSON, which "exlic check --catalog" and
"exlic lookup catalog --catalog" read. All or nothing: every malformed, class-less or conflicting row
is listed by file line and nothing is written.

Options:
  --year YYYY          the catalog year of rows without a year column (the official annex has none)
  --goods-class CLASS  the goods class of rows whose class no column gives and no 货物种类 tells
                       (${GOODS_CLASSES.join(', ')})
  --partial            mark the year(s) as a partial snapshot (a code missing from it is then a warning)
  --out FILE           where to write the JSON (default: standard output)
`;

/** `exlic catalog import FILE`: converts an official or SDK catalog file to the SDK's JSON and reports counts per goods class. */
export async function runCatalog(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      'goods-class': { type: 'string' },
      partial: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const [verb, file, ...extra] = positionals;
  if (verb !== 'import' || file === undefined || extra.length > 0) throw new UsageError(`expected "import FILE"\n\n${USAGE}`);
  if (values.year !== undefined && !/^(20\d\d|2100)$/.test(values.year)) throw new UsageError(`--year takes a year from 2000 to 2100, not "${values.year}"`);
  const goodsClass = values['goods-class'];
  if (goodsClass !== undefined && !(GOODS_CLASSES as readonly string[]).includes(goodsClass)) {
    throw new UsageError(`--goods-class "${goodsClass}" is not a goods class; the classes are ${GOODS_CLASSES.join(', ')}`);
  }
  let input;
  try {
    input = await readTextFile(io, file, 'catalog');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = readCatalogFile(input.text, input.absolute.toLowerCase().endsWith('.csv') ? 'csv' : 'json', {
    ...(values.year !== undefined ? { year: Number(values.year) } : {}),
    ...(goodsClass !== undefined ? { goodsClass: goodsClass as GoodsClass } : {}),
  });
  if (!result.success) {
    io.stderr.write(`exlic catalog: ${input.shown}: not imported, ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:\n`);
    for (const issue of result.issues) io.stderr.write(`  ${issue.line === undefined && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}\n`);
    return EXIT.finding;
  }
  const { entries } = result.data;
  const years = [...new Set(entries.map((entry) => entry.year))].sort((a, b) => a - b);
  const partialYears = values.partial ? years : result.data.partialYears;
  const json = {
    table: 'catalog',
    source: `${path.basename(input.absolute)}, imported by exlic catalog import`,
    partialYears,
    entries: [...entries].sort((a, b) => a.year - b.year || a.hsCode.localeCompare(b.hsCode)),
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (values.out === undefined) io.stdout.write(text);
  else await writeFile(path.resolve(io.cwd, values.out), text);
  const report = values.out === undefined ? io.stderr : io.stdout;
  report.write(summary(entries, years, partialYears));
  return EXIT.ok;
}

function summary(entries: readonly CatalogEntry[], years: readonly number[], partialYears: readonly number[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.goodsClass, (counts.get(entry.goodsClass) ?? 0) + 1);
  const lines = GOODS_CLASSES.filter((name) => counts.has(name)).map((name) => `  ${name.padEnd(20)} ${String(counts.get(name)).padStart(6)}`);
  const state = years.map((year) => `${year} ${partialYears.includes(year) ? 'partial' : 'complete'}`).join(', ');
  return `imported ${entries.length} codes (${state}):\n${lines.join('\n')}\n`;
}
