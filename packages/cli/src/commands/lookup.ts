import { parseArgs } from 'node:util';
import { CODE_TABLE_NAMES, getBundledCatalog, isCodeTableName, searchCodeTable, type Catalog } from '@exlic/core';
import { loadCatalogFile } from '../check/inputs';
import { EXIT, UsageError, type CliIo } from '../io';

const TABLES = [...CODE_TABLE_NAMES, 'catalog'] as const;

const USAGE = `Usage: exlic lookup TABLE QUERY [--limit N] [--year YYYY] [--catalog FILE] [--format table|json]

Searches a code table or the commodity catalog the way the portal's lookup does: by code digits or
letters, Chinese characters anywhere in the name, English name, full pinyin or pinyin initials
(ybmy finds 一般贸易). Best matches first.

TABLE   one of ${TABLES.join(', ')}
QUERY   what to look for ("" lists the table in code order)

Options:
  --limit N        at most N results (default 10)
  --year YYYY      catalog only: entries of that catalog year
  --catalog FILE   catalog only: your catalog (.json array or .csv with the same columns) instead of the bundled snapshot
  --format F       table (default) or json: a JSON array of entries, best first
`;

async function loadCatalog(file: string, io: CliIo): Promise<Catalog> {
  try {
    return (await loadCatalogFile(io, file, { pinyin: true, note: (text) => io.stderr.write(`exlic lookup: note: ${text}\n`) })).catalog;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function renderTable(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  const width = (text: string) => [...text].reduce((sum, char) => sum + ((char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  // A loop, not Math.max(...spread): a spread of 100,000+ rows overflows the stack.
  const widths = columns.map((column) => rows.reduce((widest, row) => Math.max(widest, width(row[column] ?? '')), width(column)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((column) => row[column] ?? '')))].join('\n') + '\n';
}

/** `exlic lookup TABLE QUERY`: prints the best matches of a code table or the catalog. */
export async function runLookup(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '10' },
      year: { type: 'string' },
      catalog: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const [table, query, ...extra] = positionals;
  if (table === undefined || query === undefined || extra.length > 0) throw new UsageError(`expected TABLE and QUERY\n\n${USAGE}`);
  if (table !== 'catalog' && !isCodeTableName(table)) throw new UsageError(`unknown table "${table}"; the tables are: ${TABLES.join(', ')}`);
  if (!/^[1-9]\d{0,5}$/.test(values.limit)) throw new UsageError(`--limit takes a whole number from 1, not "${values.limit}"`);
  const limit = Number(values.limit);
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format is table or json, not "${values.format}"`);
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year takes a year such as 2023, not "${values.year}"`);
  if (table !== 'catalog' && (values.year !== undefined || values.catalog !== undefined)) {
    throw new UsageError('--year and --catalog apply to the catalog only');
  }

  let rows: Record<string, unknown>[];
  let columns: string[];
  if (table === 'catalog') {
    const catalog = values.catalog ? await loadCatalog(values.catalog, io) : getBundledCatalog();
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !catalog.years.includes(year)) {
      io.stderr.write(`exlic lookup: the catalog has no entries for ${year}; it covers ${catalog.years.join(', ') || 'no year'}\n`);
    }
    rows = catalog.search(query, year === undefined ? { limit } : { limit, year }).map(({ pinyin: _pinyin, ...entry }) => ({ code: entry.hsCode, ...entry }));
    columns = ['hsCode', 'categoryCode', 'name', 'unit', 'goodsClass', 'year'];
  } else {
    rows = searchCodeTable(table, query, { limit }).map(({ pinyin: _pinyin, ...entry }) => entry);
    columns = ['code', 'name', 'nameEn'];
  }

  if (values.format === 'json') io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) io.stderr.write(`no entry of ${table} matches "${query}"\n`);
  else io.stdout.write(renderTable(rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] === undefined ? '' : String(row[c])]))), columns));
  return rows.length > 0 ? EXIT.ok : EXIT.finding;
}
