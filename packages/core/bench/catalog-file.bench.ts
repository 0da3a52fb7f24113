// Reading the official list: readCatalogFile over a CSV of the 2026 annex's size (1,159 codes in the
// official columns) and ten times that, then building the catalog. Run: npx tsx packages/core/bench/catalog-file.bench.ts
import { createCatalog, readCatalogFile } from '../src/index';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const KINDS = ['钢材', '焦炭', '天然砂(含标准砂)', '消耗臭氧层物质', '汽车(包括成套散件)及其底盘', '二手车', '小麦', '玉米', '稀土', '钨及钨制品'];

// Synthetic rows with the official columns; the codes are sequence numbers, not real commodity codes.
function officialCsv(rows: number): string {
  const lines = ['序号,货物种类,商品编码,商品名称,计量单位'];
  for (let i = 0; i < rows; i += 1) lines.push(`${i + 1},${KINDS[i % KINDS.length]},${String(1_000_000_000 + i * 7)},"名称${i}，含逗号",千克`);
  return `${lines.join('\n')}\n`;
}

for (const rows of [1_159, 11_590]) {
  const text = officialCsv(rows);
  const runs: number[] = [];
  let entries = 0;
  for (let round = 0; round < 7; round += 1) {
    const start = performance.now();
    const result = readCatalogFile(text, 'csv', { year: 2026 });
    if (!result.success) throw new Error(result.issues[0]!.message);
    const catalog = createCatalog(result.data.entries);
    catalog.find(String(1_000_000_000 + 7), 2026);
    runs.push(performance.now() - start);
    entries = result.data.entries.length;
  }
  runs.sort((a, b) => a - b);
  console.log(`${entries} rows (${(text.length / 1024).toFixed(0)} KB CSV): read + index median ${runs[3]!.toFixed(1)} ms, best ${runs[0]!.toFixed(1)} ms`);
}
