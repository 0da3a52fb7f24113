import * as z from 'zod';
import { CatalogEntry } from './models/catalog';
import { toParseIssues, type ParseIssue, type ParseResult } from './parse';
import { createSearchIndex, type SearchIndex, type SearchIndexOptions, type SearchKeys, type SearchOptions } from './search/search-index';
import { bundledPinyin } from './tables';
import bundled2023 from './data/catalog/catalog-2023.json';

/** Options of a catalog search. */
export interface CatalogSearchOptions extends SearchOptions {
  /** Only entries of this catalog year. */
  readonly year?: number;
}

/** A commodity catalog: its entries, a fuzzy search and lookups by code. */
export interface Catalog {
  /** Where the entries come from (the bundled snapshot's source, or the caller's file). */
  readonly source: string;
  readonly entries: readonly CatalogEntry[];
  /** The years the catalog covers, ascending. */
  readonly years: readonly number[];
  /** The entry of a 10-digit code in a year; without a year, the entry of the latest year that has the code. */
  find(hsCode: string, year?: number): CatalogEntry | undefined;
  /** Searches by code prefix, category code, or any part of the Chinese or English name, or pinyin. Best first. */
  search(query: string, options?: CatalogSearchOptions): CatalogEntry[];
}

/** What a catalog entry is found by: its commodity code, its category code, its names and pinyin. */
export function catalogKeys(entry: CatalogEntry): SearchKeys {
  return {
    codes: entry.categoryCode ? [entry.hsCode, entry.categoryCode] : [entry.hsCode],
    names: [entry.name],
    englishNames: entry.nameEn ? [entry.nameEn] : [],
    pinyin: [entry.pinyin ?? bundledPinyin(entry.name)],
  };
}

/** Options of {@link createCatalog}. */
export interface CatalogOptions extends SearchIndexOptions {
  /** Where the entries come from, for reports. @default 'caller-supplied catalog' */
  readonly source?: string;
}

/**
 * A catalog over your own entries (e.g. the live catalog the client fetched, or a file a tester
 * keeps); it replaces the bundled snapshot wherever a catalog is accepted.
 */
export function createCatalog(entries: readonly CatalogEntry[], options: CatalogOptions = {}): Catalog {
  const byCode = new Map<string, CatalogEntry>();
  const latest = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    byCode.set(`${entry.year}:${entry.hsCode}`, entry);
    const previous = latest.get(entry.hsCode);
    if (!previous || previous.year < entry.year) latest.set(entry.hsCode, entry);
  }
  const years = [...new Set(entries.map((entry) => entry.year))].sort((a, b) => a - b);
  const indexOptions: SearchIndexOptions = options.pinyin ? { pinyin: options.pinyin } : {};
  let all: SearchIndex<CatalogEntry> | undefined;
  const byYear = new Map<number, SearchIndex<CatalogEntry>>();
  const indexFor = (year: number | undefined): SearchIndex<CatalogEntry> => {
    if (year === undefined) return (all ??= createSearchIndex(entries, catalogKeys, indexOptions));
    let index = byYear.get(year);
    if (!index) {
      index = createSearchIndex(entries.filter((entry) => entry.year === year), catalogKeys, indexOptions);
      byYear.set(year, index);
    }
    return index;
  };
  return {
    source: options.source ?? 'caller-supplied catalog',
    entries,
    years,
    find: (hsCode, year) => (year === undefined ? latest.get(hsCode) : byCode.get(`${year}:${hsCode}`)),
    search: (query, searchOptions = {}) => indexFor(searchOptions.year).search(query, searchOptions),
  };
}

let bundled: Catalog | undefined;

/** The catalog snapshot this SDK ships, with its provenance in `source`. */
export function getBundledCatalog(): Catalog {
  return (bundled ??= createCatalog(bundled2023.entries as CatalogEntry[], { source: bundled2023.source }));
}

/** The columns of a catalog CSV file, in the order this SDK writes them; a file may order them as it likes. */
export const CATALOG_COLUMNS = ['year', 'hsCode', 'categoryCode', 'name', 'nameEn', 'unit', 'catalog', 'goodsClass'] as const;

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i]!;
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
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

const CatalogFile = z.array(CatalogEntry);

/**
 * Reads a caller's catalog: a JSON array of entries (or an object with `entries`), or CSV with a
 * header row naming the columns of {@link CATALOG_COLUMNS}. Never throws; issues say which row and column.
 */
export function parseCatalog(text: string, format: 'json' | 'csv'): ParseResult<CatalogEntry[]> {
  let rows: unknown;
  if (format === 'json') {
    try {
      const parsed: unknown = JSON.parse(text);
      rows = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown } | null)?.entries;
    } catch (error) {
      return { success: false, issues: [{ path: [], code: 'invalid_json', message: `not valid JSON: ${(error as Error).message}` }] };
    }
    if (!Array.isArray(rows)) return { success: false, issues: [{ path: [], code: 'invalid_type', message: 'expected a JSON array of catalog entries, or an object with an "entries" array' }] };
  } else {
    const [header, ...body] = parseCsv(text);
    if (!header) return { success: false, issues: [{ path: [], code: 'invalid_type', message: 'the CSV file is empty: expected a header row and entries' }] };
    const columns = header.map((name) => name.trim());
    const unknown = columns.filter((name) => !(CATALOG_COLUMNS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      return { success: false, issues: [{ path: [0], code: 'unrecognized_keys', message: `unknown column(s) ${unknown.join(', ')}; expected ${CATALOG_COLUMNS.join(', ')}` }] };
    }
    rows = body.map((cells) => {
      const entry: Record<string, unknown> = {};
      columns.forEach((name, i) => {
        const cell = cells[i]?.trim() ?? '';
        if (cell !== '') entry[name] = name === 'year' && /^\d+$/.test(cell) ? Number(cell) : cell;
      });
      return entry;
    });
  }
  const result = CatalogFile.safeParse(rows);
  if (result.success) return { success: true, data: result.data };
  const issues: ParseIssue[] = toParseIssues(result.error);
  return { success: false, issues };
}
