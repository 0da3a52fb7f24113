// The portal screen by screen in Debian's Chromium (playwright-core; no browser is downloaded): one
// sandbox Single Window on loopback (auto-review on), the example's Vite dev server proxying /v1 to it,
// one browser and one page, used as a user would: keyboard lookups, red prompts and their fixes,
// save, contract details, attachments, declare with the virtual e-key, copy ×2, the query list's
// batch operations, history, customs status, write-offs, statistics and push subscriptions. The tests
// run in order on the same page (each screen builds on the data of the one before). A screenshot of
// every screen is kept in examples/portal/artifacts/ (gitignored). Any console error fails the test.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient } from '@exlic/client';
import { serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRequirement, skipWithout } from '../../../test-support/requirements';

const chromiumNeeded = chromiumRequirement();
const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const LICENCE_NO = /^\d{2}-[0-9A-Z]{2}-\d{6}$/;
const YEAR = new Date().getFullYear();
// The 2026 steel code, typed by the pinyin initials of 非合金钢 (non-alloy steel) in its name.
const steel = { query: 'fhjg', hsCode: '7208390000' };
const SLOW = { timeout: 30_000 };

/** Picks a lookup entry the way the manual says: type, move with the arrows to the code, Enter. */
async function pick(page: Page, path: string, query: string, code: string): Promise<void> {
  const input = page.locator(`input[role="combobox"][data-field="${path}"]`);
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
  await page.locator(`#screen-apply [data-field="${path}"]`).fill(value);
}

async function openScreen(page: Page, screen: string): Promise<void> {
  await page.locator(`nav [data-screen="${screen}"]`).click();
  await page.locator(`#screen-${screen}`).waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
}

/** The application the status panel shows. */
async function panelId(page: Page): Promise<string> {
  return (await page.locator('#panel-id').textContent())?.trim() ?? '';
}

describe.skipIf(skipWithout(chromiumNeeded, 'the portal in Chromium'))('the portal in Chromium, screen by screen', () => {
  let served: ServedSandbox;
  let vite: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let operatorToken: string;
  const consoleErrors: string[] = [];
  /** What the screens hand on to each other. */
  const story = { id: '', licenceNo: '', copies: [] as string[] };

  beforeAll(async () => {
    served = await serveSandbox({ seed: 'demo', autoReview: true, pushes: { attempts: 3, backoffMs: 200, timeoutMs: 5000 } });
    const [operator] = await served.sandbox.seeded();
    if (!operator) throw new Error('the demo seed gave no operator');
    operatorToken = operator.token;
    // vite.config.ts reads these when the server starts: where the sandbox is, and the token the proxy adds.
    process.env['EXLIC_SANDBOX_URL'] = served.url;
    process.env['EXLIC_TOKEN'] = operator.token;
    const { createServer } = await import('vite');
    vite = await createServer({ root, configFile: `${root}vite.config.ts`, server: { port: 0 }, logLevel: 'error' });
    await vite.listen();
    browser = await chromium.launch({
      executablePath: chromiumNeeded.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(artifacts, { recursive: true });
    page = await browser.newPage({ locale: 'en-US', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`console: ${message.text()} (${message.location().url})`);
    });
    await page.goto(vite.resolvedUrls?.local[0] ?? '');
    await page.locator('[data-operator]', { hasText: '签章测试企业' }).waitFor({ timeout: 60_000 });
  }, 180_000);

  afterEach(() => {
    expect(consoleErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
    await served?.close();
    delete process.env['EXLIC_TOKEN'];
    delete process.env['EXLIC_SANDBOX_URL'];
  });

  it('电子钥匙绑定: a wrong PIN is refused beside the field, the right one binds the virtual e-key', { timeout: 60_000 }, async () => {
    await openScreen(page, 'ekey');
    await page.locator('#ekey-bind').click();
    await page.locator('#ekey-pin').fill('00000000');
    await page.locator('#ekey-confirm').click();
    await expect.poll(() => page.locator('#ekey-dialog .prompt').textContent()).toContain('绑定失败');
    await page.locator('#ekey-pin').fill('12345678');
    await page.locator('#ekey-confirm').click();
    await expect.poll(() => page.locator('#ekey-state').getAttribute('data-bound'), SLOW).toBe('true');
    await expect(page.locator('#panel-ekey').getAttribute('data-bound')).resolves.toBe('true');
    await shoot(page, 'ekey');
  });
});
