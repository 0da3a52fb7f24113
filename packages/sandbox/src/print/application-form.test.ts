import type { ExportLicenceApplication } from '@exlic/core';
import { describe, expect, it } from 'vitest';
import { validApplication } from '../../test/helpers';
import { APPLICATION_FORM_TITLE, renderApplicationFormPdf } from './application-form';

/** The text of each page, read back by Mozilla's PDF.js (a reader we did not write), and the lowest baseline drawn on any page. */
async function readPdf(pdf: Uint8Array): Promise<{ pages: string[]; lowest: number; pageHeight: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: pdf.slice(), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  let lowest = Infinity;
  let pageHeight = 0;
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    pageHeight = page.view[3]!;
    const content = await page.getTextContent();
    for (const item of content.items) if ('transform' in item && item.str !== '') lowest = Math.min(lowest, item.transform[5] as number);
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await document.destroy();
  return { pages, lowest, pageHeight };
}
const pageTexts = async (pdf: Uint8Array) => (await readPdf(pdf)).pages;

/** The sandbox tests' valid application, made a steel one with every part of the form filled. */
const steel = (licenceNo: string, exporter: string): ExportLicenceApplication => {
  const base = validApplication() as ExportLicenceApplication;
  return {
    ...base,
    id: 'app-1',
    licenceNo,
    status: 'approved',
    exporter: { code: '1100776367555', uscc: '289999997763675559', name: exporter },
    consignor: { code: '1100776367555', uscc: '289999997763675559', name: exporter },
    contract: { ...base.contract, no: 'HT-2026-001', quantity: '1000', unit: '035', amount: '520000' },
    goods: { hsCode: '7208271000', name: '厚度<1.5mm其他的热轧卷材', unit: '千克', priceCurrency: 'USD', totalQuantity: '1000', totalAmount: '520000' },
    specs: [
      { spec: 'Q235B 1.2mm', unitPrice: '520', quantity: '600', totalPrice: '312000' },
      { spec: 'Q345B 1.4mm', unitPrice: '520', quantity: '400', totalPrice: '208000' },
    ],
    producers: [{ name: '示例钢铁有限公司', uscc: '91350100M000100Y43' }],
    qualityCertificateNos: ['ZS-2026-0815'],
    other: { ...base.other, additionalInfo: '附加信息'.repeat(100) },
  };
};

const squash = (text: string) => text.replace(/\s+/g, '');

describe('renderApplicationFormPdf', () => {
  it('prints the form with the licence number, the exporter, the goods and the spec rows, in Chinese', { timeout: 60_000 }, async () => {
    const pdf = await renderApplicationFormPdf([steel('26-BJ-123456', '签章测试企业')]);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const [page] = (await pageTexts(pdf)).map(squash);
    expect(page).toContain(APPLICATION_FORM_TITLE);
    expect(page).toContain('26-BJ-123456');
    expect(page).toContain('签章测试企业');
    expect(page).toContain('7208271000');
    expect(page).toContain('热轧卷材');
    expect(page).toContain('Q345B1.4mm');
    expect(page).toContain('示例钢铁有限公司');
    expect(page).toContain('ZS-2026-0815');
    // Codes print with their names from core's tables; labels are the portal's.
    expect(page).toContain('0110一般贸易');
    expect(page).toContain('出口商社会信用代码');
    expect(page).toContain('有效截止日期');
  });

  it('prints one page per application, each with its own licence number and exporter', { timeout: 60_000 }, async () => {
    const pdf = await renderApplicationFormPdf([steel('26-BJ-000001', '甲公司'), steel('26-SH-000002', '乙公司'), steel('26-GZ-000003', '丙公司')]);
    const pages = (await pageTexts(pdf)).map(squash);
    expect(pages).toHaveLength(3);
    expect(pages.map((page) => [page.includes('26-BJ-000001') && page.includes('甲公司'), page.includes('26-SH-000002') && page.includes('乙公司'), page.includes('26-GZ-000003') && page.includes('丙公司')])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ]);
  });

  it('keeps twenty used vehicles on one page, and embeds only the glyphs used', { timeout: 60_000 }, async () => {
    const app: ExportLicenceApplication = {
      ...steel('26-BJ-000020', '二手车出口企业'),
      goods: { hsCode: '8703235990', goodsClass: 'vehicleUsed', name: '二手车' },
      specs: Array.from({ length: 20 }, (_, i) => ({ brand: '示例品牌', model: `XC-${i + 1}`, vin: `LSVAU218XN21832${String(i).padStart(2, '0')}`, registeredOn: '2024-03-01', transferredOn: '2026-08-20', totalValue: '9000', totalValueUsd: '9000' })),
    };
    const pdf = await renderApplicationFormPdf([app]);
    const read = await readPdf(pdf);
    const pages = read.pages.map(squash);
    expect(pages).toHaveLength(1);
    // Everything, down to the last field (附加信息说明), is drawn on the page, above its bottom margin.
    expect(pages[0]).toContain('附加信息说明');
    expect(read.lowest).toBeGreaterThan(20);
    expect(read.pageHeight).toBeGreaterThan(800);
    expect(pages[0]).toContain('LSVAU218XN2183219');
    expect(pages[0]).toContain('车架号');
    // The Noto Sans SC subset file is over a megabyte; the page carries only what it draws.
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('keeps an oversized application to one page with bounded work: 100,000 rows, a 1,000,000-character name, characters no font has', { timeout: 60_000 }, async () => {
    const app: ExportLicenceApplication = {
      ...steel('26-BJ-999999', `巨${'大'.repeat(1_000_000)}`),
      specs: Array.from({ length: 100_000 }, (_, i) => ({ spec: `S${i}`, unitPrice: '1', quantity: '1' })),
      qualityCertificateNos: Array.from({ length: 100_000 }, (_, i) => `Q${i}`),
      importer: { nameZh: '𠀀𠀁 emoji 🚢', nameEn: 'Ship\u0000ping' },
    };
    const pages = (await pageTexts(await renderApplicationFormPdf([app]))).map(squash);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('26-BJ-999999');
    expect(pages[0]).toContain('共100000行');
    expect(pages[0]).toContain('S19');
    expect(pages[0]).not.toContain('S20');
  });
});
