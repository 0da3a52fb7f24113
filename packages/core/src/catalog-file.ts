import { catalogKindClass } from './catalog-kinds';
import { getGoodsClass } from './goods-classes';
import { CatalogEntry, type GoodsClass } from './models/catalog';
import { toParseIssues, type ParseIssue, type ParseResult } from './parse';

/** The columns of a catalog CSV file in this SDK's own names, in the order it writes them; a file may order them as it likes. */
export const CATALOG_COLUMNS = ['year', 'hsCode', 'categoryCode', 'name', 'nameEn', 'unit', 'catalog', 'goodsClass', 'goodsClasses', 'nonOneBatchOneLicence', 'standardSand', 'source'] as const;

type Column = (typeof CATALOG_COLUMNS)[number] | 'seq' | 'kind';

/**
 * The official list's column names, and the column of this SDK each fills. The 2026 annex
 * (商务部 海关总署公告2025年第89号) reads `序号, 货物种类, 海关商品编号, 货物名称, 单位`, e.g.
 * `1, 活牛, 0102290000, 非改良种用家牛, 千克/头`; older lists and the Single Window's 商品代码表 say
 * 商品编码, 商品名称, 计量单位. `序号` is read and dropped; `货物种类` names the kind of goods, from which
 * {@link CATALOG_KIND_CLASSES} gives the goods class.
 */
export const OFFICIAL_CATALOG_COLUMNS: Readonly<Record<string, Column>> = {
  序号: 'seq',
  年度: 'year',
  商品编码: 'hsCode',
  商品代码: 'hsCode',
  出口商品代码: 'hsCode',
  海关商品编码: 'hsCode',
  海关商品编号: 'hsCode',
  商品大类码: 'categoryCode',
  商品名称: 'name',
  货品名称: 'name',
  计量单位: 'unit',
  单位: 'unit',
  商品目录: 'catalog',
  货物名称: 'name',
  货物种类: 'kind',
  商品类别: 'goodsClass',
  非一批一证: 'nonOneBatchOneLicence',
  标准砂: 'standardSand',
  来源: 'source',
};

/** Options of {@link parseCatalog}. */
export interface ParseCatalogOptions {
  /** The catalog year of rows that give none (the official annex has no year column); a row that gives another year is refused. */
  readonly year?: number;
  /** The goods class of rows with neither a class column nor a 货物种类 (kind of goods); without it such a row is refused. */
  readonly goodsClass?: GoodsClass;
}

/** How many codes of one 货物种类 a file held, and the goods class they got. */
export interface CatalogKindCount {
  readonly kind: string;
  readonly goodsClass: GoodsClass;
  readonly codes: number;
}

/** What a catalog file holds: its entries, which years it says are partial, and how many codes of each kind of goods. */
export interface CatalogFileContents {
  readonly entries: CatalogEntry[];
  /** Years the file marks partial (`"partialYears": [2026]` in JSON); every other year is complete. */
  readonly partialYears: number[];
  /** Codes per 货物种类, in the file's order, when the file has that column (the official list); empty otherwise. */
  readonly kinds: CatalogKindCount[];
}

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields, each with its 1-based line. */
export function parseCsvLines(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = (): void => {
    row.push(field);
    if (row.some((cell) => cell.trim() !== '')) rows.push({ line: rowLine, cells: row });
    row = [];
    field = '';
  };
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i]!;
    if (char === '\n') line += 1;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') {
        i += 1;
        line += 1;
      } else if (char === '\r') line += 1;
      endRow();
      rowLine = line;
    } else field += char;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  return parseCsvLines(text).map((row) => row.cells);
}

function issue(line: number | undefined, message: string, code = 'custom', path: (string | number)[] = []): ParseIssue {
  return { path, code, message: line === undefined ? message : `line ${line}: ${message}`, ...(line === undefined ? {} : { line }) };
}

const YES = new Set(['true', '是', 'y', 'yes', '1']);
const NO = new Set(['false', '否', 'n', 'no', '0', '']);

function readFlag(value: string, column: string, line: number, issues: ParseIssue[]): boolean | undefined {
  const text = value.trim().toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return text === '' ? undefined : false;
  issues.push(issue(line, `${column} "${value}" is not a yes/no value (true/false, 是/否)`));
  return undefined;
}

interface RawRow {
  readonly line: number | undefined;
  readonly label: string;
  readonly values: Record<string, unknown>;
  readonly kind?: string;
}

/** A cell of a spreadsheet row: text, or what a spreadsheet parser reads (a number, a flag, a date), or nothing. */
export type CatalogCell = string | number | boolean | Date | null | undefined;

/** One row of a table read from a file: its 1-based line (CSV) or row number (spreadsheet), and its cells. */
export interface CatalogTableRow {
  readonly line: number;
  readonly cells: readonly CatalogCell[];
}

// A spreadsheet that stores a code as a number drops its leading zero (0102290000 → 102290000): a whole
// number of 9 digits in the code column can only be such a code, so it is written back with its zero.
function cellText(cell: CatalogCell, column: Column | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (column === 'hsCode' && Number.isInteger(cell) && cell >= 1e8 && cell < 1e9) return `0${cell}`;
    return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  }
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

// A spreadsheet header may wrap a long name over two lines in its cell (海关商品\n编号).
function columnOf(text: string): Column | undefined {
  const name = text.replace(/\s+/gu, '');
  return (CATALOG_COLUMNS as readonly string[]).includes(name) ? (name as Column) : OFFICIAL_CATALOG_COLUMNS[name];
}

function tableRows(table: readonly CatalogTableRow[], issues: ParseIssue[], options: ParseCatalogOptions): RawRow[] {
  const filled = table.filter((row) => row.cells.some((cell) => cellText(cell, undefined) !== ''));
  // The published list may open with a title (出口许可证管理货物目录（2026年）) above the header: the header is
  // the first row that names the code column, when only one-cell rows stand above it.
  const codeRow = filled.findIndex((row) => row.cells.some((cell) => columnOf(cellText(cell, undefined)) === 'hsCode'));
  const skip = codeRow > 0 && filled.slice(0, codeRow).every((row) => row.cells.filter((cell) => cellText(cell, undefined) !== '').length === 1) ? codeRow : 0;
  const [header, ...body] = filled.slice(skip);
  if (!header) {
    issues.push(issue(undefined, 'the file is empty: expected a header row and entries', 'invalid_type'));
    return [];
  }
  const names = header.cells.map((cell) => cellText(cell, undefined));
  const columns = names.map(columnOf);
  const unknown = names.filter((name, i) => columns[i] === undefined && name !== '');
  if (unknown.length > 0) {
    issues.push(issue(header.line, `unknown column(s) ${unknown.join(', ')}; expected ${CATALOG_COLUMNS.join(', ')} or the official ${Object.keys(OFFICIAL_CATALOG_COLUMNS).join(', ')}`, 'unrecognized_keys'));
    return [];
  }
  const doubled = columns.filter((column, i) => column !== undefined && columns.indexOf(column) !== i);
  if (doubled.length > 0) {
    issues.push(issue(header.line, `column(s) ${[...new Set(doubled)].join(', ')} given twice (under two names)`, 'invalid_type'));
    return [];
  }
  if (!columns.includes('year') && options.year === undefined) {
    issues.push(issue(undefined, 'the file has no year column (the official list has none): give the catalog year (exlic catalog import … --year 2026)', 'missing_year', ['year']));
    return [];
  }
  // The official list writes 货物种类 once per kind, in a cell merged over the kind's rows: an empty kind
  // cell below a filled one belongs to the same kind.
  let lastKind: string | undefined;
  return body.map(({ line, cells }) => {
    const used = cells.reduce<number>((last, cell, i) => (cellText(cell, columns[i]) !== '' ? i + 1 : last), 0);
    if (used > columns.length) issues.push(issue(line, `${used} cells but the header names ${columns.length} columns (a stray comma, or an unquoted name with a comma?)`, 'too_big'));
    const values: Record<string, unknown> = {};
    let kind: string | undefined;
    columns.forEach((column, i) => {
      const cell = cellText(cells[i], column);
      if (cell === '' || column === undefined || column === 'seq') return;
      if (column === 'kind') kind = cell;
      else if (column === 'year') values.year = /^\d+$/.test(cell) ? Number(cell) : cell;
      else if (column === 'nonOneBatchOneLicence' || column === 'standardSand') {
        const flag = readFlag(cell, column, line, issues);
        if (flag !== undefined) values[column] = flag;
      } else if (column === 'goodsClasses') values.goodsClasses = cell.split(/[|;；\s]+/u).filter((name) => name !== '');
      else values[column] = cell;
    });
    if (kind === undefined && columns.includes('kind')) kind = lastKind;
    lastKind = kind;
    return { line, label: `line ${line}`, values, ...(kind !== undefined ? { kind } : {}) };
  });
}

function jsonRows(text: string, issues: ParseIssue[], partialYears: number[]): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    issues.push(issue(undefined, `not valid JSON: ${(error as Error).message}`, 'invalid_json'));
    return [];
  }
  const record = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const rows = Array.isArray(parsed) ? parsed : record?.entries;
  if (!Array.isArray(rows)) {
    issues.push(issue(undefined, 'expected a JSON array of catalog entries, or an object with an "entries" array', 'invalid_type'));
    return [];
  }
  const partial = record?.partialYears;
  if (partial !== undefined) {
    if (Array.isArray(partial) && partial.every((year) => Number.isInteger(year))) partialYears.push(...(partial as number[]));
    else issues.push(issue(undefined, '"partialYears" must be a list of years', 'invalid_type', ['partialYears']));
  }
  return rows.map((row, index) => ({ line: undefined, label: `entry ${index + 1}`, values: row !== null && typeof row === 'object' && !Array.isArray(row) ? { ...(row as Record<string, unknown>) } : { invalid: row } }));
}

// CSV issues carry their line already; JSON entries are named by their position.
function where(row: RawRow): string {
  return row.line === undefined ? `${row.label}: ` : '';
}

function inferClass(row: RawRow, options: ParseCatalogOptions): { goodsClass?: unknown; goodsClasses?: unknown } {
  const { values } = row;
  if (values.goodsClass !== undefined) return {};
  // CATALOG_KIND_CLASSES says which 货物种类 words mark a class, and that any other kind is general goods;
  // the caller's class for the file is for rows with no kind (steel's list has no such column).
  if (row.kind !== undefined) {
    const match = catalogKindClass(row.kind);
    return { goodsClass: match.goodsClass, ...(match.sharesCodesWith && values.goodsClasses === undefined ? { goodsClasses: [match.goodsClass, ...match.sharesCodesWith] } : {}) };
  }
  return options.goodsClass !== undefined ? { goodsClass: options.goodsClass } : {};
}

/**
 * Reads a catalog file: JSON (an array of entries, or an object with `entries` and optionally
 * `partialYears`) or CSV with a header row in this SDK's column names ({@link CATALOG_COLUMNS}) or the
 * official ones ({@link OFFICIAL_CATALOG_COLUMNS}). All or nothing: malformed rows, rows without a goods
 * class, and conflicting rows (one year and code twice) are refused, every problem listed with its
 * file line. Never throws.
 * @example
 * const result = readCatalogFile(csvText, 'csv', { year: 2026 });
 * if (!result.success) for (const problem of result.issues) console.error(problem.message);
 */
export function readCatalogFile(text: string, format: 'json' | 'csv', options: ParseCatalogOptions = {}): ParseResult<CatalogFileContents> {
  const issues: ParseIssue[] = [];
  const partialYears: number[] = [];
  const rows = format === 'csv' ? tableRows(parseCsvLines(text), issues, options) : jsonRows(text, issues, partialYears);
  return readRows(rows, issues, partialYears, options);
}

/**
 * Reads a catalog table that a spreadsheet parser has read (the first sheet of an XLSX file, say):
 * a header row in this SDK's or the official column names, then one row per code, each with its row
 * number. Numbers, dates and flags are taken as the spreadsheet holds them; a code stored as a number
 * gets back the leading zero the spreadsheet dropped. All or nothing, like {@link readCatalogFile}.
 * @example
 * const result = readCatalogTable(sheet.map((cells, i) => ({ line: i + 1, cells })), { year: 2026 });
 */
export function readCatalogTable(table: readonly CatalogTableRow[], options: ParseCatalogOptions = {}): ParseResult<CatalogFileContents> {
  const issues: ParseIssue[] = [];
  return readRows(tableRows(table, issues, options), issues, [], options);
}

function readRows(rows: readonly RawRow[], issues: ParseIssue[], partialYears: number[], options: ParseCatalogOptions): ParseResult<CatalogFileContents> {
  const entries: CatalogEntry[] = [];
  const kinds = new Map<string, CatalogKindCount>();
  const seen = new Map<string, { row: RawRow; entry: CatalogEntry }>();
  rows.forEach((row, index) => {
    const values: Record<string, unknown> = { ...row.values, ...inferClass(row, options) };
    // Standard sand (标准砂) shares the natural-sand kind in the official list; its rows say so in their names.
    if (values.goodsClass === 'naturalSand' && values.standardSand === undefined && typeof values.name === 'string' && values.name.includes('标准砂')) values.standardSand = true;
    if (values.year === undefined && options.year !== undefined) values.year = options.year;
    else if (options.year !== undefined && values.year !== options.year) {
      issues.push(issue(row.line, `year ${String(values.year)} where the file is read as year ${options.year}`, 'custom', [index, 'year']));
    }
    if (values.goodsClass === undefined) {
      issues.push(issue(row.line, `${where(row)}no goods class: give a goodsClass (or 商品类别) column, a 货物种类 column, or the class for the whole file (--goods-class)`, 'custom', [index, 'goodsClass']));
      return;
    }
    const parsed = CatalogEntry.safeParse(values);
    if (!parsed.success) {
      for (const problem of toParseIssues(parsed.error)) {
        issues.push(issue(row.line, `${where(row)}${problem.path.join('.') || 'row'}: ${problem.message}`, problem.code, [index, ...problem.path]));
      }
      return;
    }
    const entry = parsed.data;
    if (entry.goodsClasses && !entry.goodsClasses.includes(entry.goodsClass)) {
      issues.push(issue(row.line, `${where(row)}goodsClass ${entry.goodsClass} is not among its goodsClasses ${entry.goodsClasses.join(', ')}`, 'custom', [index, 'goodsClasses']));
      return;
    }
    if (!getGoodsClass(entry.goodsClass)) return;
    const key = `${entry.year}:${entry.hsCode}`;
    const earlier = seen.get(key);
    if (earlier) {
      const differs = [earlier.entry.goodsClass !== entry.goodsClass ? `goods class ${earlier.entry.goodsClass} vs ${entry.goodsClass}` : '', earlier.entry.name !== entry.name ? `name "${earlier.entry.name}" vs "${entry.name}"` : '']
        .filter((part) => part !== '')
        .join(', ');
      issues.push(issue(row.line, `${where(row)}${entry.hsCode} (year ${entry.year}) appears again (first at ${earlier.row.label})${differs ? `: ${differs}` : ''}; one row per code and year`, 'custom', [index, 'hsCode']));
      return;
    }
    seen.set(key, { row, entry });
    entries.push(entry);
    if (row.kind !== undefined) {
      const counted = kinds.get(row.kind);
      kinds.set(row.kind, { kind: row.kind, goodsClass: entry.goodsClass, codes: (counted?.codes ?? 0) + 1 });
    }
  });
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: { entries, partialYears: [...new Set(partialYears)].sort((a, b) => a - b), kinds: [...kinds.values()] } };
}

/**
 * Reads a caller's catalog and answers its entries; {@link readCatalogFile} also answers which years
 * the file marks partial. Never throws; issues say which line (CSV) or entry (JSON) and column.
 */
export function parseCatalog(text: string, format: 'json' | 'csv', options: ParseCatalogOptions = {}): ParseResult<CatalogEntry[]> {
  const result = readCatalogFile(text, format, options);
  return result.success ? { success: true, data: result.data.entries } : result;
}
