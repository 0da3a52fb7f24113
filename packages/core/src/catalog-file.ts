import { getGoodsClass, goodsClassOfKind } from './goods-classes';
import { CatalogEntry, type GoodsClass } from './models/catalog';
import { toParseIssues, type ParseIssue, type ParseResult } from './parse';

/** The columns of a catalog CSV file in this SDK's own names, in the order it writes them; a file may order them as it likes. */
export const CATALOG_COLUMNS = ['year', 'hsCode', 'categoryCode', 'name', 'nameEn', 'unit', 'catalog', 'goodsClass', 'goodsClasses', 'nonOneBatchOneLicence', 'standardSand', 'source'] as const;

type Column = (typeof CATALOG_COLUMNS)[number] | 'seq' | 'kind';

/**
 * The official list's column names (出口许可证管理货物目录 annex, the Single Window's 商品代码表), and
 * the column of this SDK each fills. `序号` is read and dropped; `货物种类` names the kind of goods, from
 * which the goods class is inferred where it can be.
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
  货物种类: 'kind',
  货物名称: 'kind',
  商品类别: 'goodsClass',
  非一批一证: 'nonOneBatchOneLicence',
  标准砂: 'standardSand',
  来源: 'source',
};

/** Options of {@link parseCatalog}. */
export interface ParseCatalogOptions {
  /** The catalog year of rows that give none (the official annex has no year column); a row that gives another year is refused. */
  readonly year?: number;
  /** The goods class of rows whose class neither a column gives nor the kind of goods tells; without it such a row is refused. */
  readonly goodsClass?: GoodsClass;
}

/** What a catalog file holds: its entries, and which years it says are partial. */
export interface CatalogFileContents {
  readonly entries: CatalogEntry[];
  /** Years the file marks partial (`"partialYears": [2026]` in JSON); every other year is complete. */
  readonly partialYears: number[];
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

function csvRows(text: string, issues: ParseIssue[]): RawRow[] {
  const [header, ...body] = parseCsvLines(text);
  if (!header) {
    issues.push(issue(undefined, 'the CSV file is empty: expected a header row and entries', 'invalid_type'));
    return [];
  }
  const columns = header.cells.map((name): Column | undefined => {
    const trimmed = name.trim();
    return (CATALOG_COLUMNS as readonly string[]).includes(trimmed) ? (trimmed as Column) : OFFICIAL_CATALOG_COLUMNS[trimmed];
  });
  const unknown = header.cells.filter((_, i) => columns[i] === undefined).map((name) => name.trim());
  if (unknown.length > 0) {
    issues.push(issue(header.line, `unknown column(s) ${unknown.join(', ')}; expected ${CATALOG_COLUMNS.join(', ')} or the official ${Object.keys(OFFICIAL_CATALOG_COLUMNS).join(', ')}`, 'unrecognized_keys'));
    return [];
  }
  const doubled = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (doubled.length > 0) {
    issues.push(issue(header.line, `column(s) ${[...new Set(doubled)].join(', ')} given twice (under two names)`, 'invalid_type'));
    return [];
  }
  return body.map(({ line, cells }) => {
    if (cells.length > columns.length) issues.push(issue(line, `${cells.length} cells but the header names ${columns.length} columns (a stray comma, or an unquoted name with a comma?)`, 'too_big'));
    const values: Record<string, unknown> = {};
    let kind: string | undefined;
    columns.forEach((column, i) => {
      const cell = cells[i]?.trim() ?? '';
      if (cell === '' || column === undefined || column === 'seq') return;
      if (column === 'kind') kind = cell;
      else if (column === 'year') values.year = /^\d+$/.test(cell) ? Number(cell) : cell;
      else if (column === 'nonOneBatchOneLicence' || column === 'standardSand') {
        const flag = readFlag(cell, column, line, issues);
        if (flag !== undefined) values[column] = flag;
      } else if (column === 'goodsClasses') values.goodsClasses = cell.split(/[|;；\s]+/u).filter((name) => name !== '');
      else values[column] = cell;
    });
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
  // The registry says which 货物种类 words mark a class; any other kind is general goods.
  const match = row.kind === undefined ? undefined : goodsClassOfKind(row.kind);
  if (match) return { goodsClass: match.id, ...(match.sharesCodesWith && values.goodsClasses === undefined ? { goodsClasses: [match.id, ...match.sharesCodesWith] } : {}) };
  if (options.goodsClass !== undefined) return { goodsClass: options.goodsClass };
  if (row.kind !== undefined) return { goodsClass: 'general' };
  return {};
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
  const rows = format === 'csv' ? csvRows(text, issues) : jsonRows(text, issues, partialYears);
  const entries: CatalogEntry[] = [];
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
      issues.push(issue(row.line, `${where(row)}no goods class: give a goodsClass (or 商品类别) column, a 货物种类 the SDK knows, or the class for the whole file (--goods-class)`, 'custom', [index, 'goodsClass']));
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
  });
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: { entries, partialYears: [...new Set(partialYears)].sort((a, b) => a - b) } };
}

/**
 * Reads a caller's catalog and answers its entries; {@link readCatalogFile} also answers which years
 * the file marks partial. Never throws; issues say which line (CSV) or entry (JSON) and column.
 */
export function parseCatalog(text: string, format: 'json' | 'csv', options: ParseCatalogOptions = {}): ParseResult<CatalogEntry[]> {
  const result = readCatalogFile(text, format, options);
  return result.success ? { success: true, data: result.data.entries } : result;
}
