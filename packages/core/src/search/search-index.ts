/** What an entry can be found by. Codes rank first, then names, English names and pinyin. */
export interface SearchKeys {
  /** The entry's codes, primary first (a catalog row: its commodity code, then its category code). */
  readonly codes: readonly string[];
  /** Chinese names: the name, then aliases. */
  readonly names: readonly string[];
  /** English names. */
  readonly englishNames?: readonly string[];
  /** Full pinyin of each name (syllables separated by spaces), parallel to `names`; missing ones come from `options.pinyin`. */
  readonly pinyin?: readonly (string | undefined)[];
}

/** How a hit matched the query, best first. */
export type MatchKind = 'code' | 'codePrefix' | 'exact' | 'prefix' | 'contains';

/** One search result: the entry and how it matched. */
export interface SearchHit<TEntry> {
  readonly entry: TEntry;
  readonly match: MatchKind;
}

/** Options of one search. */
export interface SearchOptions {
  /** At most this many results. @default 10 */
  readonly limit?: number;
}

/** Options of {@link createSearchIndex}. */
export interface SearchIndexOptions {
  /**
   * Turns Chinese text into full pinyin (syllables separated by spaces), for entries whose keys carry
   * none. The bundled tables carry their pinyin; pass `pinyin-pro` here for your own data, e.g.
   * `(text) => pinyin(text, { toneType: 'none' })`.
   */
  readonly pinyin?: (text: string) => string;
}

/** A fuzzy index over entries: by code, code prefix, Chinese characters anywhere, English, pinyin and pinyin initials. */
export interface SearchIndex<TEntry> {
  /** How many entries the index holds. */
  readonly size: number;
  /** The entries that match `query`, best first: exact code, code prefix, exact name, name prefix, then any part of a name. */
  search(query: string, options?: SearchOptions): TEntry[];
  /** As {@link SearchIndex.search}, with how each entry matched. */
  searchHits(query: string, options?: SearchOptions): SearchHit<TEntry>[];
  /** The entries whose code (primary or secondary) is exactly `code`, ignoring case. */
  getByCode(code: string): TEntry[];
}

const SEPARATOR = '\u0001';
const DEFAULT_LIMIT = 10;

/** Folds full-width forms, case and runs of white space, so `ＵＳＡ` and `usa ` are the same query. */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

function lowerBound(keys: readonly string[], target: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A sorted list of (key, entry id) pairs, searched by prefix with a binary search. */
class SortedKeys {
  readonly keys: string[];
  readonly ids: Int32Array;

  constructor(pairs: [string, number][]) {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    this.keys = pairs.map((pair) => pair[0]);
    this.ids = Int32Array.from(pairs, (pair) => pair[1]);
  }

  /** Calls `visit(id, exact)` for each key starting with `prefix`, in key order, until it returns false. */
  scanPrefix(prefix: string, visit: (id: number, exact: boolean) => boolean): void {
    for (let i = lowerBound(this.keys, prefix); i < this.keys.length; i += 1) {
      const key = this.keys[i]!;
      if (!key.startsWith(prefix)) return;
      if (!visit(this.ids[i]!, key.length === prefix.length)) return;
    }
  }
}

/** The first letter of each pinyin syllable; tokens that are not syllables (`2.5`, `<1.5mm`) are kept whole, as a user types them. */
function initialsOf(syllables: string): string {
  return syllables
    .split(' ')
    .filter(Boolean)
    .map((token) => (/^[a-zü]+$/.test(token) ? token[0] : token))
    .join('');
}

/**
 * Builds a fuzzy index over `entries`. Lookups are binary searches over sorted keys and one n-gram
 * posting list, not scans, so a query costs microseconds over a full year's catalog.
 * @example
 * const index = createSearchIndex(table.entries, codeTableKeys);
 * index.search('ybmy'); // [{ code: '0110', name: '一般贸易', … }]
 */
export function createSearchIndex<TEntry>(
  entries: readonly TEntry[],
  keysOf: (entry: TEntry) => SearchKeys,
  options: SearchIndexOptions = {},
): SearchIndex<TEntry> {
  const prepared = entries.map((entry, position) => ({ entry, position, keys: keysOf(entry) }));
  // Ids follow rank: shorter names first, then codes, so posting lists are already in result order.
  prepared.sort((a, b) => (a.keys.names[0]?.length ?? 0) - (b.keys.names[0]?.length ?? 0) || compareCodes(a.keys.codes[0], b.keys.codes[0]) || a.position - b.position);

  const byCode = new Map<string, number[]>();
  const codePairs: [string, number][] = [];
  const namePairs: [string, number][] = [];
  const haystacks: string[] = [];
  const postings = new Map<string, number[]>();

  prepared.forEach(({ keys }, id) => {
    const parts: string[] = [];
    for (const raw of keys.codes) {
      const code = normalizeQuery(raw);
      if (!code) continue;
      const list = byCode.get(code);
      if (list) list.push(id);
      else byCode.set(code, [id]);
      codePairs.push([code, id]);
      parts.push(code);
    }
    const addKey = (raw: string | undefined) => {
      if (!raw) return;
      const key = normalizeQuery(raw);
      if (!key) return;
      namePairs.push([key, id]);
      parts.push(key);
    };
    keys.names.forEach((name, i) => {
      addKey(name);
      const syllables = keys.pinyin?.[i] ?? options.pinyin?.(name);
      if (syllables) {
        const folded = normalizeQuery(syllables);
        addKey(folded.replace(/ /g, ''));
        addKey(initialsOf(folded));
      }
    });
    keys.englishNames?.forEach(addKey);
    haystacks.push(parts.join(SEPARATOR));
    // 1-, 2- and 3-grams of each key (never across two keys): a query of three or more characters intersects
    // through its rarest trigram, which keeps the list to verify short even for digit runs and pinyin fragments.
    // Ids only grow, so a list whose last id is this one already has it.
    for (const part of parts) {
      for (let i = 0; i < part.length; i += 1) {
        for (let n = 1; n <= 3 && i + n <= part.length; n += 1) {
          const gram = part.slice(i, i + n);
          const list = postings.get(gram);
          if (!list) postings.set(gram, [id]);
          else if (list[list.length - 1] !== id) list.push(id);
        }
      }
    }
  });

  // Packed once built: a typed array per gram takes about half the memory of a growable list.
  const packed = new Map<string, Int32Array>();
  for (const [gram, ids] of postings) packed.set(gram, Int32Array.from(ids));
  postings.clear();

  const codes = new SortedKeys(codePairs);
  const names = new SortedKeys(namePairs);
  const sortedEntries = prepared.map((item) => item.entry);
  const inCodeOrder = prepared.map((_, id) => id).sort((a, b) => compareCodes(prepared[a]!.keys.codes[0], prepared[b]!.keys.codes[0]));

  // Which entries the current query has already returned: a stamp per entry instead of a Set per query, so a search allocates only its results.
  const stamps = new Uint32Array(sortedEntries.length);
  let stamp = 0;

  function collect(query: string, hits: SearchHit<TEntry>[], limit: number): void {
    const add = (id: number, match: MatchKind): boolean => {
      if (stamps[id] !== stamp) {
        stamps[id] = stamp;
        hits.push({ entry: sortedEntries[id]!, match });
      }
      return hits.length < limit;
    };
    for (const id of byCode.get(query) ?? []) if (!add(id, 'code')) return;
    let open = true;
    codes.scanPrefix(query, (id) => (open = add(id, 'codePrefix')));
    if (!open) return;
    // Exact names before prefixes: the first pass takes only keys equal to the query.
    names.scanPrefix(query, (id, exact) => (exact ? (open = add(id, 'exact')) : true));
    if (!open) return;
    names.scanPrefix(query, (id) => (open = add(id, 'prefix')));
    if (!open) return;
    const gramSize = Math.min(3, query.length);
    const grams = Array.from({ length: query.length - gramSize + 1 }, (_, i) => query.slice(i, i + gramSize));
    let rarest: Int32Array | undefined;
    for (const gram of grams) {
      const list = packed.get(gram);
      if (!list) return;
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    for (const id of rarest ?? []) {
      if (stamps[id] !== stamp && haystacks[id]!.includes(query) && !add(id, 'contains')) return;
    }
  }

  function searchHits(query: string, searchOptions: SearchOptions = {}): SearchHit<TEntry>[] {
    const limit = Math.max(0, Math.floor(searchOptions.limit ?? DEFAULT_LIMIT));
    if (limit === 0) return [];
    const normalised = normalizeQuery(query);
    if (!normalised) return inCodeOrder.slice(0, limit).map((id) => ({ entry: sortedEntries[id]!, match: 'prefix' as const }));
    const hits: SearchHit<TEntry>[] = [];
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) stamps.fill(0);
    collect(normalised, hits, limit);
    // "yi ban" is the pinyin key "yiban": try the query without spaces too.
    if (hits.length < limit && normalised.includes(' ')) collect(normalised.replace(/ /g, ''), hits, limit);
    return hits;
  }

  return {
    size: sortedEntries.length,
    searchHits,
    search: (query, searchOptions) => searchHits(query, searchOptions).map((hit) => hit.entry),
    getByCode: (code) => (byCode.get(normalizeQuery(code)) ?? []).map((id) => sortedEntries[id]!),
  };
}

function compareCodes(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
