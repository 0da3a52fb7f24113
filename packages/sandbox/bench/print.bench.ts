// Printable application form (issue 19, point 5): time to render 1, 10 and 50 pages and the PDF's size, after one
// warm-up render (the first render in a process also loads and prepares the font: reported separately).
// Run: npm run bench -- sandbox (or npx tsx packages/sandbox/bench/print.bench.ts)
import type { ExportLicenceApplication } from '@exlic/core';
import { renderApplicationFormPdf } from '../src/print/application-form';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const vehicles: ExportLicenceApplication = {
  schemaVersion: 1,
  licenceNo: '26-BJ-123456',
  status: 'approved',
  year: 2026,
  customsPort: '0200',
  exporter: { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业' },
  consignor: { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业' },
  tradeMode: '0110',
  importingCountry: 'JPN',
  importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
  goods: { hsCode: '8703235990', goodsClass: 'vehicleUsed', name: '二手车' },
  specs: Array.from({ length: 20 }, (_, i) => ({ brand: '示例品牌', model: `XC-${i + 1}`, vin: `LSVAU218XN21832${String(i).padStart(2, '0')}`, registeredOn: '2024-03-01', transferredOn: '2026-08-20', totalValue: '9000', totalValueUsd: '9000' })),
  other: { appliedOn: '2026-09-01', additionalInfo: '附加信息说明'.repeat(50) },
  pledge: true,
};

const time = async (pages: number) => {
  const start = performance.now();
  const pdf = await renderApplicationFormPdf(Array.from({ length: pages }, () => vehicles));
  return { ms: performance.now() - start, bytes: pdf.length };
};

const first = await time(1);
console.log(`first render in the process (loads the font) ${first.ms.toFixed(0).padStart(6)} ms  ${(first.bytes / 1024).toFixed(0)} KiB`);
for (const pages of [1, 10, 50]) {
  const runs = pages === 50 ? 2 : 5;
  const figures = [];
  for (let i = 0; i < runs; i++) figures.push(await time(pages));
  const ms = figures.map((figure) => figure.ms).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  console.log(`${String(pages).padStart(2)} page(s), 20 vehicle rows each: median ${ms.toFixed(0).padStart(6)} ms  ${(figures[0]!.bytes / 1024).toFixed(0).padStart(5)} KiB  (${(ms / pages).toFixed(0)} ms/page)`);
}
const memory = process.memoryUsage();
console.log(`heap used ${(memory.heapUsed / 1024 / 1024).toFixed(0)} MiB, rss ${(memory.rss / 1024 / 1024).toFixed(0)} MiB`);
console.log(machineLine());
