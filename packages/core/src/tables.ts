import type { CodeTableEntry } from './models/catalog';
import { createSearchIndex, type SearchIndex, type SearchKeys, type SearchOptions } from './search/search-index';
import { CODE_TABLE_NAMES, type CodeTableName } from './table-names';
import pinyinOf from './data/pinyin.generated.json';
import attachmentTypes from './data/tables/attachment-types.json';
import countries from './data/tables/countries.json';
import currencies from './data/tables/currencies.json';
import customsPorts from './data/tables/customs-ports.json';
import issuingAuthorities from './data/tables/issuing-authorities.json';
import paymentMethods from './data/tables/payment-methods.json';
import tradeModes from './data/tables/trade-modes.json';
import transportModes from './data/tables/transport-modes.json';
import units from './data/tables/units.json';

/** A code table as data: its entries, with the version, code system and source they come from. */
export interface CodeTable {
  readonly table: CodeTableName;
  readonly title: { readonly zh: string; readonly en: string };
  /** The snapshot's date or version. */
  readonly version: string;
  /** Whose codes these are (China Customs', ISO's, or this SDK's own). */
  readonly codeSystem: string;
  /** Where the codes and names come from. */
  readonly source: string;
  /** What the snapshot leaves out. */
  readonly omits: string;
  readonly entries: readonly CodeTableEntry[];
}

const BUNDLED: Readonly<Record<CodeTableName, CodeTable>> = {
  customsPorts: customsPorts as CodeTable,
  countries: countries as CodeTable,
  tradeModes: tradeModes as CodeTable,
  transportModes: transportModes as CodeTable,
  currencies: currencies as CodeTable,
  units: units as CodeTable,
  paymentMethods: paymentMethods as CodeTable,
  issuingAuthorities: issuingAuthorities as CodeTable,
  attachmentTypes: attachmentTypes as CodeTable,
};

const PINYIN: Readonly<Record<string, string>> = pinyinOf;

/** The pinyin the build computed for a bundled name, if it has one. */
export function bundledPinyin(text: string): string | undefined {
  return PINYIN[text];
}

/** True when `name` is one of the bundled code tables' names. */
export function isCodeTableName(name: unknown): name is CodeTableName {
  return typeof name === 'string' && (CODE_TABLE_NAMES as readonly string[]).includes(name);
}

/**
 * A bundled code table snapshot, with its source and what it omits.
 * @example getCodeTable('tradeModes').entries.find((e) => e.code === '0110')?.name // '一般贸易'
 */
export function getCodeTable(name: CodeTableName): CodeTable {
  return BUNDLED[name];
}

/** What a code-table entry is found by: its code, name, aliases, English name and their pinyin. */
export function codeTableKeys(entry: CodeTableEntry): SearchKeys {
  const names = [entry.name, ...(entry.aliases ?? [])];
  return {
    codes: [entry.code],
    names,
    englishNames: entry.nameEn ? [entry.nameEn] : [],
    pinyin: entry.pinyin ?? names.map((name) => PINYIN[name]),
  };
}

const indexes = new Map<CodeTable, SearchIndex<CodeTableEntry>>();
const byCode = new Map<CodeTable, Map<string, CodeTableEntry>>();

function entriesByCode(table: CodeTableName | CodeTable): Map<string, CodeTableEntry> {
  const data = typeof table === 'string' ? BUNDLED[table] : table;
  let codes = byCode.get(data);
  if (!codes) {
    codes = new Map(data.entries.map((entry) => [entry.code, entry]));
    byCode.set(data, codes);
  }
  return codes;
}

/** The search index of a code table (bundled by name, or your own table), built once and kept. */
export function getCodeTableIndex(table: CodeTableName | CodeTable): SearchIndex<CodeTableEntry> {
  const data = typeof table === 'string' ? BUNDLED[table] : table;
  let index = indexes.get(data);
  if (!index) {
    index = createSearchIndex(data.entries, codeTableKeys);
    indexes.set(data, index);
  }
  return index;
}

/**
 * Searches a code table as the portal's lookup does: by code digits or letters, Chinese characters
 * anywhere in the name, the English name, full pinyin or pinyin initials. Best first.
 * @example searchCodeTable('tradeModes', 'ybmy')[0]?.code // '0110'
 */
export function searchCodeTable(table: CodeTableName | CodeTable, query: string, options?: SearchOptions): CodeTableEntry[] {
  return getCodeTableIndex(table).search(query, options);
}

/** True when `code` is a code of the table, exactly (codes are case-sensitive on the wire). */
export function hasCode(table: CodeTableName | CodeTable, code: string): boolean {
  return entriesByCode(table).has(code);
}

/** The entry of a code, or undefined. */
export function findCode(table: CodeTableName | CodeTable, code: string): CodeTableEntry | undefined {
  return entriesByCode(table).get(code);
}

const legacyByTable = new Map<CodeTable, Map<string, CodeTableEntry>>();

function legacyCodes(data: CodeTable): Map<string, CodeTableEntry> {
  let legacy = legacyByTable.get(data);
  if (!legacy) {
    legacy = new Map();
    for (const entry of data.entries) {
      // Old code forms, then the names a user may type instead of the code (一般贸易 for 0110).
      const forms = [entry.customsCode, ...(Array.isArray(entry.legacyCodes) ? entry.legacyCodes : []), entry.name, ...(entry.aliases ?? [])];
      for (const form of forms) if (typeof form === 'string' && form !== '' && !legacy.has(form)) legacy.set(form, entry);
    }
    legacyByTable.set(data, legacy);
  }
  return legacy;
}

/**
 * The entry a code that the table does not hold most likely means (form rule 14): an old form the
 * table records (`customsCode` or `legacyCodes`: `502` for `USD`), an entry's name or alias typed for
 * its code (`一般贸易` for `0110`), the code with its leading zeros
 * dropped (`110` for `0110`), or, for customs ports, the customs district of a sub-district code
 * (`2248` for `2200`). Undefined when the code is in the table or nothing fits.
 * @example suggestCode('tradeModes', '110')?.code // '0110'
 */
export function suggestCode(table: CodeTableName | CodeTable, code: string): CodeTableEntry | undefined {
  const data = typeof table === 'string' ? BUNDLED[table] : table;
  const trimmed = code.trim();
  if (trimmed === '' || hasCode(data, trimmed)) return undefined;
  const codes = entriesByCode(data);
  const upper = trimmed.toUpperCase();
  if (upper !== trimmed && codes.has(upper)) return codes.get(upper);
  const legacy = legacyCodes(data).get(trimmed);
  if (legacy) return legacy;
  if (/^\d+$/.test(trimmed)) {
    const width = data.entries.find((entry) => /^\d+$/.test(entry.code))?.code.length ?? 0;
    if (trimmed.length < width) {
      const padded = codes.get(trimmed.padStart(width, '0'));
      if (padded) return padded;
    }
    if (data.table === 'customsPorts' && trimmed.length === 4) return codes.get(`${trimmed.slice(0, 2)}00`);
  }
  return undefined;
}
