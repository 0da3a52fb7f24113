import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOG_KIND_CLASSES, GOODS_CLASSES, readCatalogFile, readCatalogTable, type CatalogCell, type CatalogEntry, type CatalogFileContents, type CatalogTableRow, type GoodsClass, type ParseIssue, type ParseResult } from '@exlic/core';
import { csvRecordLines } from '../check/csv-lines';
import { displayPath, readTextFile } from '../check/inputs';
import { EXIT, UsageError, type CliIo } from '../io';

const USAGE = `Usage: exlic catalog import FILE --year YYYY [--goods-class CLASS] [--sheet NAME] [--partial] [--out FILE]

Reads a commodity catalog and writes it as this SDK's catalog JSON, which "exlic check --catalog" and
"exlic lookup catalog --catalog" read. FILE is the official list as published, a CSV or an XLSX
spreadsheet whose header reads
  序号, 货物种类, 海关商品编号, 货物名称, 单位        (the 2026 list, 商务部 海关总署公告2025年第89号)
or the older 商品编码, 商品名称, 计量单位, or this SDK's own year, hsCode, name, unit, goodsClass …
(CSV or JSON). A title row above the header is skipped; a 货物种类 cell merged over several rows counts
for each of them; units are kept as written (千克/头). The goods class comes from 货物种类 by the table
in @exlic/core's CATALOG_KIND_CLASSES (each row names its source): ${CATALOG_KIND_CLASSES.filter((row) => row.words.length > 0)
  .map((row) => `${row.words.join('/')} → ${row.goodsClass}`)
  .join(', ')}, any other kind → general.

All or nothing: every row it cannot read is listed by line (CSV) or row (XLSX) with the reason, and
nothing is written. A PDF is not read: its text layer does not keep the table's columns; open the
annex in a spreadsheet program or copy its table into one, and save it as XLSX or CSV.

Options:
  --year YYYY          the catalog year (the official list has no year column, so this is needed)
  --goods-class CLASS  the class of rows with no 货物种类 column, e.g. steel's list (公告2025年第79号)
                       (${GOODS_CLASSES.join(', ')})
  --sheet NAME         the worksheet of an XLSX file (default: the first)
  --partial            mark the year as a partial snapshot (a code missing from it is then a warning)
  --out FILE           where to write the JSON (default: standard output)

Example:
  exlic catalog import 出口许可证管理货物目录2026.xlsx --year 2026 --out catalog-2026.json
`;

const USAGE_ZH = `用法：exlic catalog import 文件 --year 年度 [--goods-class 类别] [--sheet 工作表] [--partial] [--out 文件]

读取商品目录，写成本 SDK 的目录 JSON，供 "exlic check --catalog" 和 "exlic lookup catalog --catalog" 使用。
文件可以是官方发布的目录（CSV 或 XLSX），表头为
  序号, 货物种类, 海关商品编号, 货物名称, 单位        （2026 年目录，商务部 海关总署公告2025年第89号）
或较早的 商品编码, 商品名称, 计量单位，也可以是本 SDK 自己的列 year, hsCode, name, unit, goodsClass …（CSV 或 JSON）。
表头上方的标题行会跳过；跨多行合并的“货物种类”单元格对其下各行都有效；计量单位按原样保留（千克/头）。
商品类别按 @exlic/core 的 CATALOG_KIND_CLASSES 表由“货物种类”得出（每行都注明依据）：${CATALOG_KIND_CLASSES.filter((row) => row.words.length > 0)
  .map((row) => `${row.words.join('/')} → ${row.goodsClass}`)
  .join('，')}，其余种类 → general。

要么全部导入，要么一行不导：无法读取的每一行都按行号列出原因，不写任何文件。不读取 PDF：其文字层不保留表格的列，
请把附件中的表格另存为 XLSX 或 CSV 后导入。

选项：
  --year 年度          目录年度（官方目录没有年度列，必须给出）
  --goods-class 类别   没有“货物种类”列的文件（如钢材目录，公告2025年第79号）中各行的商品类别
                       （${GOODS_CLASSES.join(', ')}）
  --sheet 工作表       XLSX 文件的工作表（默认第一个）
  --partial            把该年度标为不完整（不在其中的商品代码只作警告）
  --out 文件           JSON 写到哪里（默认标准输出）

示例：
  exlic catalog import 出口许可证管理货物目录2026.xlsx --year 2026 --out catalog-2026.json
`;

// The official list is about 1,200 rows: its spreadsheet is well under 1 MB, and its XML well under 10 MB
// once unpacked. Anything this large is not it.
const MAX_BYTES = 50 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * Unpacks an XLSX (a ZIP archive) once, counting bytes, and stops as soon as it passes `limit`: a small
 * file that would unpack to gigabytes (a zip bomb) is refused before the spreadsheet parser holds it in
 * memory. Counts what the data inflates to, not the sizes the archive declares, which can lie.
 */
async function unpackedSize(bytes: Uint8Array, limit: number): Promise<{ size: number; over: boolean }> {
  const { Unzip, UnzipInflate } = await import('fflate');
  let size = 0;
  let over = false;
  const files: { terminate(): void }[] = [];
  const unzip = new Unzip((file) => {
    files.push(file);
    file.ondata = (error, chunk) => {
      if (error || over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        for (const open of files) open.terminate();
      }
    };
    // An entry compressed by a method fflate does not know is the spreadsheet parser's to refuse.
    if (file.compression === 0 || file.compression === 8) file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch {
    // Not a ZIP archive, or a broken one: read-excel-file says so in its own words.
  }
  return { size, over };
}

/** `exlic catalog import FILE`: converts an official or SDK catalog file to the SDK's JSON and reports counts per kind and goods class. */
export async function runCatalog(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      'goods-class': { type: 'string' },
      sheet: { type: 'string' },
      partial: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(helpLanguage(io) === 'zh' ? USAGE_ZH : USAGE);
    return EXIT.ok;
  }
  const [verb, file, ...extra] = positionals;
  if (verb !== 'import' || file === undefined || extra.length > 0) throw new UsageError(`expected "import FILE" (exlic catalog --help for the options)`);
  if (values.year !== undefined && !/^(20\d\d|2100)$/.test(values.year)) throw new UsageError(`--year takes a year from 2000 to 2100, not "${values.year}"`);
  const goodsClass = values['goods-class'];
  if (goodsClass !== undefined && !(GOODS_CLASSES as readonly string[]).includes(goodsClass)) {
    throw new UsageError(`--goods-class "${goodsClass}" is not a goods class; the classes are ${GOODS_CLASSES.join(', ')}`);
  }
  const options = {
    ...(values.year !== undefined ? { year: Number(values.year) } : {}),
    ...(goodsClass !== undefined ? { goodsClass: goodsClass as GoodsClass } : {}),
  };
  const absolute = path.resolve(io.cwd, file);
  const shown = displayPath(io, absolute);
  const format = formatOf(absolute);
  const read = await readCatalog(io, file, absolute, shown, format, values.sheet, options);
  if (!read.result.success) {
    if (read.result.issues.some((problem) => problem.code === 'missing_year')) throw new UsageError(`add --year YYYY (e.g. --year 2026): ${shown} has no year column, as the official list has none`);
    const problems = [...read.notes, ...read.result.issues.map(describe)];
    io.stderr.write(`exlic catalog: ${shown}: not imported, ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n`);
    for (const problem of problems) io.stderr.write(`  ${problem}\n`);
    return EXIT.finding;
  }
  const { entries, kinds } = read.result.data;
  const years = [...new Set(entries.map((entry) => entry.year))].sort((a, b) => a - b);
  const partialYears = values.partial ? years : read.result.data.partialYears;
  const json = {
    table: 'catalog',
    source: `${path.basename(absolute)}, imported by exlic catalog import`,
    partialYears,
    entries: [...entries].sort((a, b) => a.year - b.year || a.hsCode.localeCompare(b.hsCode)),
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (values.out === undefined) io.stdout.write(text);
  else await writeFile(path.resolve(io.cwd, values.out), text);
  const report = values.out === undefined ? io.stderr : io.stdout;
  if (read.encoding) report.write(`${shown}: not UTF-8; read as GB18030 (the encoding a Chinese Excel saves)\n`);
  report.write(summary(entries, years, partialYears, kinds));
  return EXIT.ok;
}

// The locale decides the help's language, as for every exlic command (LC_ALL, LC_MESSAGES, LANG).
function helpLanguage(io: CliIo): 'zh' | 'en' {
  return (io.env['LC_ALL'] || io.env['LC_MESSAGES'] || io.env['LANG'] || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

type Format = 'csv' | 'json' | 'xlsx';

function formatOf(file: string): Format {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.json' || extension === '.xlsx') return extension.slice(1) as Format;
  if (extension === '.pdf') {
    throw new UsageError(`${path.basename(file)}: a PDF is not read (its text layer does not keep the table's columns, so rows could be misread); save the annex's table as XLSX or CSV and import that`);
  }
  if (extension === '.xls') throw new UsageError(`${path.basename(file)}: the old binary Excel format is not read; save it as .xlsx (Excel 2007 and later) or .csv`);
  throw new UsageError(`${path.basename(file)}: expected a .csv, .xlsx or .json file`);
}

interface ReadCatalog {
  readonly result: ParseResult<CatalogFileContents>;
  /** Problems found before the rows were read (a stray quote), listed first. */
  readonly notes: string[];
  readonly encoding?: 'gb18030';
}

async function readCatalog(io: CliIo, file: string, absolute: string, shown: string, format: Format, sheet: string | undefined, options: { year?: number; goodsClass?: GoodsClass }): Promise<ReadCatalog> {
  const size = await stat(absolute).then(
    (info) => (info.isFile() ? info.size : -1),
    () => undefined,
  );
  if (size === -1) throw new UsageError(`${shown}: not a file`);
  if (size !== undefined && size > MAX_BYTES) throw new UsageError(`${shown}: ${size} bytes is far more than a catalog (the official list is well under 1 MB); is it the right file?`);
  if (format === 'xlsx') {
    return { result: readCatalogTable(await readSheet(absolute, shown, sheet), options), notes: [] };
  }
  if (sheet !== undefined) throw new UsageError('--sheet is for XLSX files');
  let input;
  try {
    input = await readTextFile(io, file, 'catalog', { gb18030Fallback: format === 'csv' });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = readCatalogFile(input.text, format === 'csv' ? 'csv' : 'json', options);
  // A quote inside an unquoted field swallows what follows: name it first, by line and column.
  const stray = format === 'csv' && !result.success ? csvRecordLines(input.text).strayQuote : undefined;
  return {
    result,
    notes: stray ? [`line ${stray.line}, column ${stray.column}: a quote inside an unquoted field (a field with quotes must be quoted whole, each quote doubled)`] : [],
    ...(input.encoding ? { encoding: input.encoding } : {}),
  };
}

/** The rows of one worksheet, numbered as the spreadsheet numbers them. */
async function readSheet(absolute: string, shown: string, name: string | undefined): Promise<CatalogTableRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new UsageError(`${shown}: cannot read the catalog: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const unpacked = await unpackedSize(bytes, MAX_UNPACKED_BYTES);
  if (unpacked.over) throw new UsageError(`${shown}: unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB, far more than a catalog (the official list unpacks to a few MB); not read`);
  // read-excel-file is loaded only for spreadsheets: the other commands never pay for it.
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    throw new UsageError(`${shown}: not a readable XLSX file (${(error as Error).message}); open it in a spreadsheet program and save it as .xlsx or .csv`);
  }
  const chosen = name === undefined ? sheets[0] : sheets.find((candidate) => candidate.sheet === name);
  if (!chosen) throw new UsageError(`${shown}: no worksheet${name === undefined ? 's' : ` named "${name}"; it has ${sheets.map((candidate) => `"${candidate.sheet}"`).join(', ')}`}`);
  return chosen.data.map((cells, index) => ({ line: index + 1, cells: cells as CatalogCell[] }));
}

function describe(problem: ParseIssue): string {
  return problem.line === undefined && problem.path.length > 0 ? `${problem.path.join('.')}: ${problem.message}` : problem.message;
}

function summary(entries: readonly CatalogEntry[], years: readonly number[], partialYears: readonly number[], kinds: CatalogFileContents['kinds']): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.goodsClass, (counts.get(entry.goodsClass) ?? 0) + 1);
  const state = years.map((year) => `${year} ${partialYears.includes(year) ? 'partial' : 'complete'}`).join(', ');
  const byKind = kinds.length === 0 ? '' : `by kind of goods (货物种类), ${kinds.length} kinds:\n${kinds.map((kind) => `  ${String(kind.codes).padStart(6)}  ${kind.kind} → ${kind.goodsClass}`).join('\n')}\n`;
  const byClass = GOODS_CLASSES.filter((name) => counts.has(name)).map((name) => `  ${name.padEnd(20)} ${String(counts.get(name)).padStart(6)}`);
  return `imported ${entries.length} codes (${state})\n${byKind}by goods class:\n${byClass.join('\n')}\n`;
}
