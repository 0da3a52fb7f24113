// Per-query lookup latency (p50 / p99, repeated) of the search index over 10,000 catalog-like entries and the largest
// code table, next to a plain filter over the same keys (pinyin included, precomputed once) whose result set is
// checked equal to exlic's for every query, and Fuse.js for reference. Run: npx tsx packages/core/bench/search.bench.ts
import Fuse from 'fuse.js';
import { pinyin } from 'pinyin-pro';
import { catalogKeys, createSearchIndex, getBundledCatalog, getCodeTable, codeTableKeys, type CatalogEntry, type CodeTableEntry, type SearchIndex, type SearchKeys } from '../src/index';
import { formatSpread, machineLine, spread, summaryRow, type Spread } from '../../../test-support/bench';

const toPinyin = (text: string) => pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ');

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Words of real catalog names, recombined: the index sees the same character and pinyin statistics as a real catalog.
const WORDS = ['锗', '氧化物', '氢氧化物', '氯化', '硫酸', '硝酸', '碳酸', '其他', '钢', '热轧', '冷轧', '卷材', '板材', '焦炭', '半焦炭', '天然砂', '石英砂', '载人车辆', '小轿车', '发动机', '点燃式', '活塞', '内燃', '成套散件', '铝', '铜', '锌', '钨', '锑', '稀土', '钼', '矿砂', '精矿', '大米', '玉米', '小麦', '棉花', '原油', '成品油', '煤炭', '石蜡', '白银', '铂', '滑石', '镁砂', '矾土', '氟石', '碳化硅', '甲烷', '乙烷', '氟', '二氟', '一氯'];
const EN = ['oxide', 'hydroxide', 'chloride', 'sulphate', 'nitrate', 'carbonate', 'steel', 'coil', 'coke', 'sand', 'vehicle', 'engine', 'aluminium', 'copper', 'zinc', 'tungsten', 'rare earth', 'rice', 'maize', 'wheat', 'cotton', 'crude oil', 'coal', 'silver'];

function makeCatalog(size: number): CatalogEntry[] {
  const codes = new Set<string>();
  const entries: CatalogEntry[] = [];
  while (entries.length < size) {
    const hsCode = String(Math.floor(random() * 9_000_000_000) + 1_000_000_000);
    if (codes.has(hsCode)) continue;
    codes.add(hsCode);
    const words = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(WORDS));
    entries.push({ year: 2026, hsCode, categoryCode: `C0${Math.floor(random() * 9000 + 1000)}`, name: words.join(''), nameEn: `${pick(EN)} ${pick(EN)}`, unit: '千克', goodsClass: 'general' });
  }
  return entries;
}

/** p50 and p99 of one pass over the queries, in ms per query. */
function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

function time(queries: readonly string[], run: (query: string) => unknown): number[] {
  const samples: number[] = [];
  for (const query of queries) {
    const start = process.hrtime.bigint();
    run(query);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

/**
 * A row as a user would prepare it for a plain filter: the same keys exlic's index searches (codes, names,
 * pinyin without spaces, pinyin initials, English names; from core's own key function), normalised once
 * (NFKC, lower case), joined into one string per row.
 */
interface Row<TEntry> { entry: TEntry; code: string; name: string; nameEn: string; pinyin: string; initials: string; haystack: string }

const fold = (text: string) => text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');

function rowOf<TEntry>(entry: TEntry, keys: SearchKeys, pinyinOf?: (text: string) => string): Row<TEntry> {
  const parts: string[] = keys.codes.map(fold);
  let pinyinText = '';
  let initialsText = '';
  keys.names.forEach((name, i) => {
    parts.push(fold(name));
    const syllables = keys.pinyin?.[i] ?? pinyinOf?.(name);
    if (!syllables) return;
    const folded = fold(syllables);
    const joined = folded.replace(/ /g, '');
    // Initials as a user types them: the first letter of each syllable, other tokens (2.5, <1.5mm) whole.
    const initials = folded.split(' ').filter(Boolean).map((token) => (/^[a-zü]+$/.test(token) ? token[0] : token)).join('');
    parts.push(joined, initials);
    if (i === 0) [pinyinText, initialsText] = [joined, initials];
  });
  for (const english of keys.englishNames ?? []) parts.push(fold(english));
  return { entry, code: keys.codes[0] ?? '', name: keys.names[0] ?? '', nameEn: keys.englishNames?.[0] ?? '', pinyin: pinyinText, initials: initialsText, haystack: parts.filter(Boolean).join('\u0001') };
}

/** Every row with a key containing the query (and, for a query with spaces, the query without them: "yi ban" is "yiban"). */
function plainFilter<TEntry>(rows: readonly Row<TEntry>[], query: string): TEntry[] {
  const q = fold(query);
  const joined = q.includes(' ') ? q.replace(/ /g, '') : undefined;
  const out: TEntry[] = [];
  for (const row of rows) if (row.haystack.includes(q) || (joined !== undefined && row.haystack.includes(joined))) out.push(row.entry);
  return out;
}

const sameSet = <T>(a: readonly T[], b: readonly T[]): boolean => {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
};

const REPEATS = Number(process.env.EXLIC_BENCH_REPEATS ?? 5);
// Fuse.js takes milliseconds a query over the catalog: a sample keeps the run short.
const FUSE_QUERIES = 60;

/** exlic's index against a plain filter over the same keys, both answering every match (the same sets, checked per query), and Fuse.js for reference. */
function compare<TEntry>(title: string, rows: Row<TEntry>[], index: SearchIndex<TEntry>, queries: string[]): { ratio: Spread; ours: Spread; plain: Spread } {
  const all = { limit: rows.length };
  let mismatches = 0;
  for (const query of queries) {
    if (!sameSet(index.search(query, all), plainFilter(rows, query))) {
      mismatches += 1;
      if (mismatches <= 3) console.error(`  mismatch for "${query}": exlic ${index.search(query, all).length} results, plain filter ${plainFilter(rows, query).length}`);
    }
  }
  // Warm-up.
  for (const query of queries.slice(0, 100)) {
    index.search(query, all);
    index.search(query);
    plainFilter(rows, query);
  }
  // Interleaved passes: exlic (every match), the plain filter, exlic (first 10, what a form's suggestion list asks).
  const figures = { ours: [] as { p50: number; p99: number }[], plain: [] as { p50: number; p99: number }[], top10: [] as { p50: number; p99: number }[] };
  for (let run = 0; run < REPEATS; run += 1) {
    figures.ours.push(percentiles(time(queries, (q) => index.search(q, all))));
    figures.plain.push(percentiles(time(queries, (q) => plainFilter(rows, q))));
    figures.top10.push(percentiles(time(queries, (q) => index.search(q))));
  }
  const fuse = new Fuse(rows, { keys: ['code', 'name', 'nameEn', 'pinyin', 'initials'], threshold: 0.3, ignoreLocation: true });
  const fuseFigures = percentiles(time(queries.slice(0, FUSE_QUERIES), (q) => fuse.search(q, { limit: 10 })));
  const us = (ms: number) => ms * 1000;
  const line = (name: string, runs: { p50: number; p99: number }[]) =>
    `| ${name} | ${formatSpread(spread(runs.map((r) => us(r.p50))), ' µs')} | ${formatSpread(spread(runs.map((r) => us(r.p99))), ' µs')} |`;
  console.log(`\n${title}: ${rows.length} entries, ${queries.length} queries (codes, code prefixes, Chinese, pinyin initials, full pinyin, English); ${machineLine()}`);
  console.log(`result sets compared per query (exlic with no limit vs the plain filter): ${mismatches} mismatch(es) in ${queries.length}`);
  if (mismatches > 0) process.exitCode = 1;
  console.log('| engine | p50 per query | p99 per query |');
  console.log('|---|---|---|');
  console.log(line('exlic index, every match', figures.ours));
  console.log(line('plain filter over the same keys (pinyin included), every match', figures.plain));
  console.log(line('exlic index, first 10 (default limit)', figures.top10));
  console.log(`| Fuse.js 7 (fuzzy, limit 10, first ${FUSE_QUERIES} queries, one pass; its sets differ, not compared) | ${Math.round(us(fuseFigures.p50)).toLocaleString('en')} µs | ${Math.round(us(fuseFigures.p99)).toLocaleString('en')} µs |`);
  // How many times faster exlic's p99 is than the plain filter's, per pass.
  return { ratio: spread(figures.plain.map((plain, i) => plain.p99 / figures.ours[i]!.p99)), ours: spread(figures.ours.map((r) => us(r.p99))), plain: spread(figures.plain.map((r) => us(r.p99))) };
}

function queriesFor(rows: Row<unknown>[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const row = pick(rows);
    const chars = [...row.name];
    const start = Math.floor(random() * Math.max(1, chars.length - 2));
    switch (i % 6) {
      case 0: queries.push(row.code); break;
      case 1: queries.push(row.code.slice(0, 2 + Math.floor(random() * 4))); break;
      case 2: queries.push(chars.slice(start, start + 1 + Math.floor(random() * 3)).join('')); break;
      case 3: queries.push(row.initials.slice(0, 2 + Math.floor(random() * 4))); break;
      case 4: queries.push(row.pinyin.replace(/ /g, '').slice(0, 4 + Math.floor(random() * 6))); break;
      default: queries.push(row.nameEn.split(' ')[0]!.slice(0, 3 + Math.floor(random() * 4))); break;
    }
    // A row without pinyin or an English name gives an empty query: ask for its code instead.
    if (queries[queries.length - 1]!.trim() === '') queries[queries.length - 1] = row.code;
  }
  return queries;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

const catalogEntries = [...makeCatalog(10_000), ...getBundledCatalog().entries];
// Pinyin first, so the index's own build time and memory are measured apart from pinyin-pro's.
const pinyinOf = new Map(catalogEntries.map((entry) => [entry.name, toPinyin(entry.name)]));
const pinyinFor = (text: string) => pinyinOf.get(text) ?? toPinyin(text);
console.log(machineLine());
const heapBefore = heap();
const start = performance.now();
const catalogIndex = createSearchIndex(catalogEntries, catalogKeys, { pinyin: pinyinFor });
const buildMs = performance.now() - start;
const indexBytes = heap() - heapBefore;
const catalogRows = catalogEntries.map((entry) => rowOf(entry, catalogKeys(entry), pinyinFor));
console.log(`index build over ${catalogEntries.length} catalog entries (pinyin computed beforehand): ${buildMs.toFixed(0)} ms; index heap ${gc ? `${(indexBytes / 1024 / 1024).toFixed(1)} MiB` : 'not measured (run with --expose-gc)'}`);
const catalog = compare('Catalog', catalogRows, catalogIndex, queriesFor(catalogRows));

const countries = getCodeTable('countries').entries as CodeTableEntry[];
const countryStart = performance.now();
const countryIndex = createSearchIndex(countries, codeTableKeys);
console.log(`\nindex build over ${countries.length} countries (pinyin bundled): ${(performance.now() - countryStart).toFixed(1)} ms`);
const countryRows = countries.map((entry) => rowOf(entry, codeTableKeys(entry)));
compare('Largest code table (countries)', countryRows, countryIndex, queriesFor(countryRows));

summaryRow({
  measure: 'catalog search p99, every match (not in the table)',
  exlic: formatSpread(catalog.ours, ' µs'),
  anchor: `plain filter, same keys and sets ${formatSpread(catalog.plain, ' µs')}`,
  ratio: `${catalog.ratio.median.toFixed(1)}x faster (min ${catalog.ratio.min.toFixed(1)}, max ${catalog.ratio.max.toFixed(1)})`,
  goal: 'faster than the filter',
  met: catalog.ratio.median > 1,
});
