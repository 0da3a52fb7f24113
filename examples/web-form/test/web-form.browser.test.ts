// The web form end to end in Debian's Chromium (playwright-core; no browser is downloaded): a sandbox
// Single Window on loopback, the example's Vite dev server proxying /v1 to it, and a user who types a
// steel commodity by pinyin initials, meets a red prompt, fixes it, saves, uploads, declares with the
// virtual e-key, watches the status change, and prints the form to PDF. The screenshot and the PDF
// are kept in examples/web-form/artifacts/ (gitignored).
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRequirement, skipWithout } from '../../../test-support/requirements';

const chromiumNeeded = chromiumRequirement();
const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const LICENCE_NO = /^\d{2}-[0-9A-Z]{2}-\d{6}$/;
// The 2026 steel code, typed by the pinyin initials of 非合金钢 (non-alloy steel) in its name.
const steel = { query: 'fhjg', hsCode: '7208390000' };

/** Picks a lookup entry the way the manual says: type, move with the arrows to the code, Enter. */
async function pick(page: Page, path: string, query: string, code: string): Promise<void> {
  const input = page.locator(`input[data-field="${path}"]`);
  await input.click();
  await input.fill('');
  await input.pressSequentially(query);
  const list = page.locator(`#${await input.getAttribute('aria-controls')}`);
  await list.locator(`[role="option"][data-code="${code}"]`).waitFor();
  for (let moves = 0; moves < 10; moves++) {
    // The active option is the one the combobox names in aria-activedescendant, as a screen reader reads it.
    const active = await list.locator(`#${await input.getAttribute('aria-activedescendant')}`).getAttribute('data-code');
    if (active === code) break;
    await input.press('ArrowDown');
  }
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toMatch(new RegExp(`^${code} `));
}

async function fill(page: Page, path: string, value: string): Promise<void> {
  await page.locator(`input[data-field="${path}"]`).fill(value);
}

describe.skipIf(skipWithout(chromiumNeeded, 'the web form in Chromium'))('the web form in Chromium', () => {
  let served: ServedSandbox;
  let vite: ViteDevServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    served = await serveSandbox({ seed: 'demo', autoReview: true });
    const [operator] = await served.sandbox.seeded();
    if (!operator) throw new Error('the demo seed gave no operator');
    // vite.config.ts reads these when the server starts: where the sandbox is, and the token the proxy adds.
    process.env['EXLIC_SANDBOX_URL'] = served.url;
    process.env['EXLIC_TOKEN'] = operator.token;
    const { createServer } = await import('vite');
    vite = await createServer({ root, configFile: `${root}vite.config.ts`, server: { port: 0 }, logLevel: 'error' });
    await vite.listen();
    url = vite.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launch({
      executablePath: chromiumNeeded.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await served?.close();
    delete process.env['EXLIC_TOKEN'];
    delete process.env['EXLIC_SANDBOX_URL'];
  });

  it('fills, checks, saves, declares with the virtual e-key and prints an application', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    // The account's enterprise is back-filled into the grey exporter fields.
    await expect.poll(() => page.locator('input[data-field="exporter.name"]').inputValue(), { timeout: 60_000 }).not.toBe('');
    await expect(page.locator('[data-path="exporter.name"]').getAttribute('class')).resolves.toContain('system');
    await expect(page.locator('[data-path="customsPort"]').getAttribute('class')).resolves.toContain('required');

    // The commodity by pinyin (非合金钢 → fhjg in the 2026 catalog): the spec rows take steel's shape, and steel's producers appear.
    await pick(page, 'goods.hsCode', steel.query, steel.hsCode);
    await expect.poll(() => page.locator('#section-specs').getAttribute('data-goods-class')).toBe('steel');
    await expect(page.locator('#section-producers').count()).resolves.toBe(1);
    await expect(page.locator('input[data-field="goods.unit"]').inputValue()).resolves.toBe('千克');

    await pick(page, 'customsPort', '0200', '0200');
    await pick(page, 'importingCountry', 'rb', 'JPN');
    await pick(page, 'transportMode', '2', '2');
    await pick(page, 'paymentMethod', 'TT', 'TT');
    await fill(page, 'validUntil', '2026-12-31');
    await fill(page, 'importer.nameZh', '示例进口株式会社');
    await fill(page, 'importer.nameEn', 'Example Import K.K.');
    await fill(page, 'contract.no', 'EX-2026-WEB-1');
    await fill(page, 'contract.signedOn', '2026-11-02');
    await fill(page, 'contract.validUntil', '2026-12-31');
    await fill(page, 'specs.0.spec', 'SPHC 1.2mm');
    await fill(page, 'specs.0.unitPrice', '0.62');

    // A quantity that is not a number: the red prompt appears beside the field as the user types.
    await fill(page, 'specs.0.quantity', '二十万');
    const prompt = page.locator('[data-path="specs.0.quantity"] .prompt');
    await expect.poll(() => prompt.textContent()).toMatch(/数量/);
    await expect(prompt.evaluate((element) => getComputedStyle(element).color)).resolves.toBe('rgb(200, 16, 46)');
    await fill(page, 'specs.0.quantity', '200000');
    await expect.poll(() => prompt.textContent()).toBe('');
    await expect.poll(() => page.locator('input[data-field="goods.totalAmount"]').inputValue()).toBe('124000');

    await page.locator('button[data-list="producers"]').click();
    await fill(page, 'producers.0.name', '示例钢铁股份有限公司');
    await fill(page, 'producers.0.uscc', '91350100M000100Y43');
    await page.locator('button[data-list="qualityCertificateNos"]').click();
    await fill(page, 'qualityCertificateNos.0', 'QC-2026-0001');
    await page.locator('input[data-field="pledge"]').check();
    await fill(page, 'other.applicantName', '张三');
    await fill(page, 'other.applicantContact', '010-00000000');

    await page.locator('#save').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('draft');
    await expect.poll(() => page.locator('input[data-field="id"]').inputValue()).not.toBe('');

    for (const [type, name] of [['CONTRACT', 'contract.pdf'], ['QUALITY_CERT', 'quality-certificate.pdf']] as const) {
      await page.locator('#attachment-type').selectOption(type);
      await page.locator('#attachment-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${name}`) });
      await page.locator('#upload').click();
      await page.locator(`#attachment-list [data-type="${type}"]`).waitFor();
    }
    await expect.poll(() => page.locator('#summary').getAttribute('data-errors')).toBe('0');

    // Declare: the page binds its virtual e-key, signs the server's signing payload, and the reviews pass.
    await page.locator('#declare').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status'), { timeout: 30_000 }).toBe('approved');
    await expect.poll(() => page.locator('#ekey-state').getAttribute('data-bound')).toBe('true');
    const licenceNo = await page.locator('input[data-field="licenceNo"]').inputValue();
    expect(licenceNo).toMatch(LICENCE_NO);
    await expect(page.locator('#log').textContent()).resolves.toContain('pendingFirstReview');
    await expect.poll(() => page.locator(`#application-list tr[data-status="approved"]`).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#chart-country rect[data-key="JPN"]').getAttribute('data-count')).toBe('1');

    await page.screenshot({ path: `${artifacts}web-form.png`, fullPage: true });

    // Print: approved → printed, and the form laid out for A4.
    await page.locator('#print').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('printed');
    await expect(page.locator('.print-page [data-print="licenceNo"]').textContent()).resolves.toContain(licenceNo);
    await page.screenshot({ path: `${artifacts}print-preview.png` });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: `${artifacts}application.pdf`, format: 'A4', printBackground: true });
    const pdf = readFileSync(`${artifacts}application.pdf`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    expect(errors).toEqual([]);
  });
});
