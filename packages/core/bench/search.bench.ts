// Per-query lookup latency of the search index over 10,000 catalog-like entries and the largest code
// table, next to Fuse.js and a plain filter on the same queries. Run: npx tsx packages/core/bench/search.bench.ts
import Fuse from 'fuse.js';
import { pinyin } from 'pinyin-pro';
import { catalogKeys, createSearchIndex, getBundledCatalog, getCodeTable, codeTableKeys, type CatalogEntry, type CodeTableEntry } from '../src/index';

const toPinyin = (text: string) => pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ');
const initials = (text: string) => toPinyin(text).split(' ').map((s) => (/^[a-z]+$/.test(s) ? s[0] : s)).join('');

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

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

function time(queries: readonly string[], run: (query: string) => unknown, rounds: number): number[] {
  for (const query of queries.slice(0, 50)) run(query); // warm-up
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const query of queries) {
      const start = process.hrtime.bigint();
      run(query);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples;
}

interface Row { code: string; name: string; nameEn: string; pinyin: string; initials: string }

function compare(title: string, rows: Row[], search: (query: string) => unknown, queries: string[], rounds: { ours: number; fuse: number }) {
  const fuse = new Fuse(rows, { keys: ['code', 'name', 'nameEn', 'pinyin', 'initials'], threshold: 0.3, ignoreLocation: true });
  const filter = (query: string) => rows.filter((row) => row.code.startsWith(query) || row.name.includes(query) || row.nameEn.toLowerCase().includes(query)).slice(0, 10);
  const results = [
    ['exlic index (pinyin included)', stats(time(queries, search, rounds.ours))],
    ['plain filter(startsWith || includes), no pinyin', stats(time(queries, filter, rounds.ours))],
    ['Fuse.js 7 (pinyin fields given to it)', stats(time(queries.slice(0, 200), (q) => fuse.search(q, { limit: 10 }), rounds.fuse))],
  ] as const;
  console.log(`\n${title}: ${rows.length} entries, ${queries.length} queries (codes, code prefixes, Chinese, pinyin initials, full pinyin, English)`);
  console.log('| engine | median ms | p99 ms | mean ms | p99 vs exlic |');
  console.log('|---|---|---|---|---|');
  const ours = results[0][1];
  for (const [name, s] of results) console.log(`| ${name} | ${s.median.toFixed(4)} | ${s.p99.toFixed(4)} | ${s.mean.toFixed(4)} | ${(s.p99 / ours.p99).toFixed(1)}x |`);
}

function queriesFor(rows: Row[]): string[] {
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
const heapBefore = heap();
let start = performance.now();
const catalogIndex = createSearchIndex(catalogEntries, catalogKeys, { pinyin: (text) => pinyinOf.get(text) ?? toPinyin(text) });
const buildMs = performance.now() - start;
const indexBytes = heap() - heapBefore;
const catalogRows: Row[] = catalogEntries.map((e) => ({ code: e.hsCode, name: e.name, nameEn: e.nameEn ?? '', pinyin: toPinyin(e.name), initials: initials(e.name) }));
console.log(`index build over ${catalogEntries.length} catalog entries (pinyin computed beforehand): ${buildMs.toFixed(0)} ms; index heap ${gc ? `${(indexBytes / 1024 / 1024).toFixed(1)} MiB` : 'not measured (run with --expose-gc)'}`);
compare('Catalog', catalogRows, (q) => catalogIndex.search(q), queriesFor(catalogRows), { ours: 5, fuse: 1 });

const countries = getCodeTable('countries').entries;
start = performance.now();
const countryIndex = createSearchIndex(countries as CodeTableEntry[], codeTableKeys);
console.log(`\nindex build over ${countries.length} countries (pinyin precomputed): ${(performance.now() - start).toFixed(1)} ms`);
const countryRows: Row[] = countries.map((e) => ({ code: e.code, name: e.name, nameEn: e.nameEn ?? '', pinyin: toPinyin(e.name), initials: initials(e.name) }));
compare('Largest code table (countries)', countryRows, (q) => countryIndex.search(q), queriesFor(countryRows), { ours: 20, fuse: 5 });
