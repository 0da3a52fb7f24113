import type { CatalogEntry } from './models/catalog';
import { createSearchIndex, type SearchIndex, type SearchIndexOptions, type SearchKeys, type SearchOptions } from './search/search-index';
import { bundledPinyin } from './tables';
import bundled2023 from './data/catalog/catalog-2023.json';
import bundled2026 from './data/catalog/catalog-2026.json';

/** Whether a catalog year is the official list loaded whole (`complete`) or a partial snapshot (form rule 14). */
export type CatalogCompleteness = 'complete' | 'partial';

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
  /** Whether a year it covers is complete or a partial snapshot; undefined for a year it does not cover. */
  completeness(year: number): CatalogCompleteness | undefined;
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
  /** Years that are partial snapshots; every other year the entries hold is taken as complete (the official list loaded whole). */
  readonly partialYears?: readonly number[];
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
  const partial = new Set(options.partialYears ?? []);
  return {
    source: options.source ?? 'caller-supplied catalog',
    entries,
    years,
    completeness: (year) => (years.includes(year) ? (partial.has(year) ? 'partial' : 'complete') : undefined),
    find: (hsCode, year) => (year === undefined ? latest.get(hsCode) : byCode.get(`${year}:${hsCode}`)),
    search: (query, searchOptions = {}) => indexFor(searchOptions.year).search(query, searchOptions),
  };
}

let bundled: Catalog | undefined;

/** The catalog snapshot this SDK ships, with its provenance in `source`; every year it holds is partial (see the data README for coverage). */
export function getBundledCatalog(): Catalog {
  return (bundled ??= createCatalog([...(bundled2023.entries as CatalogEntry[]), ...(bundled2026.entries as CatalogEntry[])], {
    source: `exlic bundled catalog: ${bundled2026.title.zh} (partial) and ${bundled2023.title.zh} (partial)`,
    partialYears: [...bundled2023.partialYears, ...bundled2026.partialYears],
  }));
}

