// @exlic/core in a real browser: Debian's Chromium, driven by playwright-core (never a downloaded browser).
// playwright-core gives each launch a fresh temporary profile of its own.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRequirement, skipWithout } from '../../../test-support/requirements';
import { bundleForBrowser } from './bundle';

const chromiumNeeded = chromiumRequirement();
const CHROMIUM = chromiumNeeded.path;

describe.skipIf(skipWithout(chromiumNeeded, '@exlic/core in Chromium'))('@exlic/core in Chromium', () => {
  let browser: Browser;

  // Launching Chromium takes about a second on an idle machine and many on two busy cores: generous timeouts.
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  }, 30_000);

  it('parses, searches with pinyin and canonicalizes in the page', { timeout: 60_000 }, async () => {
    const bundle = await bundleForBrowser(
      `import { parseApplication, searchCodeTable, getBundledCatalog, canonicalJson, checkCreditCode, multiplyDecimals } from '@exlic/core';
          window.exlicResult = {
            parsed: parseApplication({ specs: [{ quantity: 0.1, unitPrice: '3' }] }),
            tradeMode: searchCodeTable('tradeModes', 'ybmy')[0].code,
            coke: getBundledCatalog().search('jt')[0].hsCode,
            canonical: canonicalJson({ b: [1e21], a: '锗' }),
            credit: checkCreditCode('289999997763675559').valid,
            total: multiplyDecimals('0.1', '3'),
          };`,
    );
    expect(bundle.errors).toEqual([]);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>exlic</title>');
    await page.addScriptTag({ content: bundle.code });
    const result = await page.evaluate(() => (globalThis as unknown as { exlicResult: unknown }).exlicResult);
    expect(errors).toEqual([]);
    expect(result).toEqual({
      parsed: { success: true, data: { schemaVersion: 1, specs: [{ quantity: '0.1', unitPrice: '3' }] } },
      tradeMode: '0110',
      coke: '2704001000',
      canonical: '{"a":"锗","b":[1e+21]}',
      credit: false,
      total: '0.3',
    });
  });
});
