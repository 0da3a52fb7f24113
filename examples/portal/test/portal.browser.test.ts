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

/** Keeps a screenshot of the screen; a dialog is shot as the user sees it (the viewport), a screen whole. */
async function shoot(page: Page, name: string, dialog = false): Promise<void> {
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: !dialog });
}

/** The application the status panel shows. */
async function panelId(page: Page): Promise<string> {
  return (await page.locator('#panel-id').textContent())?.trim() ?? '';
}

/** Ticks exactly the given rows of the query list. */
async function tick(page: Page, ids: readonly string[]): Promise<void> {
  for (const box of await page.locator('#application-list tbody input[type="checkbox"]').all()) {
    const id = await box.getAttribute('value');
    await box.setChecked(ids.includes(id ?? ''));
  }
}

/** Opens a row of the query list, sets its contract number, saves and uploads the two attachments steel needs. */
async function prepareCopy(page: Page, id: string, contractNo: string): Promise<void> {
  await page.locator(`#application-list tr[data-id="${id}"] a.open-row`).click();
  await expect.poll(() => panelId(page), SLOW).toBe(id);
  await page.locator('#screen-apply [data-field="contract.no"]').fill(contractNo);
  await page.locator('#save').click();
  await expect.poll(() => page.locator('#panel-version').textContent(), SLOW).toBe('2');
  await page.locator('#open-attachments').click();
  const dialog = page.locator('#attachments-dialog');
  for (const type of ['CONTRACT', 'QUALITY_CERT']) {
    await dialog.locator('#attachment-type').selectOption(type);
    await dialog.locator('#attachment-file').setInputFiles({ name: `${type}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${type}`) });
    await dialog.locator('#attachment-upload').click();
    await dialog.locator(`#attachment-list tr[data-type="${type}"]`).waitFor(SLOW);
  }
  await dialog.locator('.close').click();
  await expect.poll(() => page.locator('#summary').getAttribute('data-can-declare'), SLOW).toBe('true');
  await page.locator('#back').click();
  await page.locator('#screen-query').waitFor();
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

  it('状态推送: subscribes by user and by enterprise (receipts are checked at the end)', { timeout: 60_000 }, async () => {
    await openScreen(page, 'push');
    await page.locator('#p-subscribe').click();
    // By document needs the application number: the red prompt says so.
    await expect.poll(() => page.locator('#screen-push .prompt.error').first().textContent()).toContain('申请单号');
    for (const mode of ['user', 'enterprise']) {
      await page.locator(`#screen-push input[data-mode="${mode}"]`).check();
      await page.locator('#p-subscribe').click();
      await page.locator(`#subscription-list tr[data-mode="${mode}"]`).waitFor(SLOW);
    }
  });

  it('许可证申请: keyboard lookups, a red prompt and its fix, the blockers list, save, contract details, attachments, declare, copy ×2', { timeout: 150_000 }, async () => {
    await openScreen(page, 'apply');
    // Defect: dates were mm/dd/yyyy (a locale date input on an en-US browser): they are YYYY-MM-DD text.
    const validUntil = page.locator('#screen-apply [data-field="validUntil"]');
    await expect(validUntil.getAttribute('type')).resolves.toBe('text');
    await expect(validUntil.getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD');
    await expect(validUntil.inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The account's enterprise is back-filled grey.
    await expect(page.locator('#screen-apply [data-field="exporter.name"]').inputValue()).resolves.toBe('签章测试企业');
    await expect(page.locator('#screen-apply [data-path="customsPort"]').getAttribute('class')).resolves.toContain('required');
    // Defect: credit-code warnings on grey fields with no explanation: the prompt says where the value comes from.
    const usccPrompt = page.locator('#screen-apply [data-path="exporter.uscc"] .prompt');
    await expect.poll(() => usccPrompt.textContent()).toContain('此项由登录账户的企业信息带出，本页不能修改');
    await expect(page.locator('#screen-apply [data-path="exporter.uscc"]').getAttribute('class')).resolves.toContain('system');

    // The commodity by pinyin initials; the spec rows take steel's shape, producers and certificates appear.
    await pick(page, 'goods.hsCode', steel.query, steel.hsCode);
    await expect.poll(() => page.locator('#section-specs').getAttribute('data-goods-class')).toBe('steel');
    await page.locator('#section-producers').waitFor();
    // Defect: 商品类别 stayed blank after a steel code: it shows the catalog's class.
    await expect.poll(() => page.locator('#screen-apply [data-field="goods.goodsClass"]').inputValue()).toBe('钢材');
    await expect.poll(() => page.locator('#screen-apply [data-field="goods.unit"]').inputValue()).toBe('千克');

    // Defect: Declare was pressable with local errors. It is disabled, and the summary says how many.
    await expect(page.locator('#declare').isDisabled()).resolves.toBe(true);
    await page.locator('#save').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status'), SLOW).toBe('draft');
    story.id = await panelId(page);
    // Defect: "3 to fix" without showing what: the list names each field and jumps to it.
    const errors = Number(await page.locator('#summary').getAttribute('data-errors'));
    expect(errors).toBeGreaterThan(3);
    await expect(page.locator('#blocker-list li[data-blocker]:not([data-blocker="ekey"])').count()).resolves.toBe(errors);
    await page.locator('#blocker-list li[data-blocker="customsPort"] button').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('customsPort');
    await expect(page.locator('#blocker-list li[data-blocker="attachments"]').count()).resolves.toBeGreaterThan(0);

    // Defect: a saved draft was missing from the list until declared: it is there at once.
    await openScreen(page, 'query');
    await page.locator(`#application-list tr[data-id="${story.id}"][data-status="draft"]`).waitFor(SLOW);
    await openScreen(page, 'apply');

    await pick(page, 'customsPort', '0200', '0200');
    await pick(page, 'importingCountry', 'rb', 'JPN');
    await pick(page, 'transportMode', '2', '2');
    await pick(page, 'paymentMethod', 'TT', 'TT');
    await fill(page, 'validUntil', `${YEAR}-12-31`);
    await fill(page, 'importer.nameZh', '示例进口株式会社');
    await fill(page, 'importer.nameEn', 'Example Import K.K.');
    await fill(page, 'contract.no', 'EX-PORTAL-1');
    await fill(page, 'contract.signedOn', `${YEAR}-01-02`);
    await fill(page, 'contract.validUntil', `${YEAR}-12-31`);
    await fill(page, 'specs.0.spec', 'SPHC 1.2mm');
    await fill(page, 'specs.0.unitPrice', '0.62');
    // A quantity that is not a number: the red prompt appears beside the field as the user types; then the fix.
    await fill(page, 'specs.0.quantity', '二十万');
    const prompt = page.locator('#screen-apply [data-path="specs.0.quantity"] .prompt');
    await expect.poll(() => prompt.textContent()).toMatch(/数量/);
    await expect(prompt.evaluate((element) => getComputedStyle(element).color)).resolves.toBe('rgb(200, 16, 46)');
    await fill(page, 'specs.0.quantity', '200000');
    await expect.poll(() => prompt.textContent()).toBe('');
    await expect.poll(() => page.locator('#screen-apply [data-field="goods.totalAmount"]').inputValue()).toBe('124000');
    await page.locator('button[data-list="producers"]').click();
    await fill(page, 'producers.0.name', '示例钢铁股份有限公司');
    await fill(page, 'producers.0.uscc', '91350100M000100Y43');
    await page.locator('button[data-list="qualityCertificateNos"]').click();
    await fill(page, 'qualityCertificateNos.0', 'QC-2026-0001');
    await page.locator('#screen-apply [data-field="pledge"]').check();
    await fill(page, 'other.applicantName', '张三');
    await fill(page, 'other.applicantContact', '010-00000000');
    await page.locator('#save').click();
    await expect.poll(() => page.locator('#panel-version').textContent(), SLOW).toBe('2');
    // Only the attachment is missing now.
    await expect.poll(() => page.locator('#blocker-list li[data-blocker]').evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute('data-blocker')))])).toEqual(['attachments']);
    await expect(page.locator('#declare').isDisabled()).resolves.toBe(true);

    // 合同信息: the four groups, saved and read back.
    await page.locator('#open-contract').click();
    const contract = page.locator('#contract-dialog');
    await expect(contract.locator('fieldset[data-group]').count()).resolves.toBe(4);
    const details: [string, string][] = [
      ['contractDetails.applicantEnterprise.contactPerson', '李四'],
      ['contractDetails.foreignContract.exporterSignatory', '王五'],
      ['contractDetails.domesticAgencyContract.agentName', '示例代理有限公司'],
      ['contractDetails.other.departureOn', `${YEAR}-03-01`],
    ];
    for (const [path, value] of details) await contract.locator(`[data-field="${path}"]`).fill(value);
    await contract.locator('#contract-save').click();
    await expect.poll(() => page.locator('#panel-version').textContent(), SLOW).toBe('3');
    await page.locator('#open-contract').click();
    for (const [path, value] of details) await expect.poll(() => contract.locator(`[data-field="${path}"]`).inputValue()).toBe(value);
    await shoot(page, 'contract-details', true);
    await contract.locator('.close').click();

    // 上传附件: the type is required; upload two, list, download, delete one, upload its type again.
    await page.locator('#open-attachments').click();
    const dialog = page.locator('#attachments-dialog');
    await dialog.locator('#attachment-file').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 contract') });
    await dialog.locator('#attachment-upload').click();
    await expect.poll(() => dialog.locator('[data-path="attachment-type"] .prompt').textContent()).toContain('附件类型必填');
    for (const [type, name] of [['CONTRACT', 'contract.pdf'], ['QUALITY_CERT', 'quality-certificate.pdf']] as const) {
      await dialog.locator('#attachment-type').selectOption(type);
      await dialog.locator('#attachment-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 ${name}`) });
      await dialog.locator('#attachment-upload').click();
      await dialog.locator(`#attachment-list tr[data-type="${type}"]`).waitFor(SLOW);
    }
    await dialog.locator('#attachment-list tr[data-type="CONTRACT"] input[type="checkbox"]').check();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('#attachment-download').click()]);
    expect(download.suggestedFilename()).toBe('contract.pdf');
    expect(readFileSync(await download.path()).toString('latin1')).toBe('%PDF-1.4 contract.pdf');
    await dialog.locator('#attachment-list tr[data-type="QUALITY_CERT"] input[type="checkbox"]').check();
    await dialog.locator('#attachment-list tr[data-type="CONTRACT"] input[type="checkbox"]').uncheck();
    await dialog.locator('#attachment-delete').click();
    await expect.poll(() => dialog.locator('#attachment-list tr[data-type="QUALITY_CERT"]').count(), SLOW).toBe(0);
    await dialog.locator('#attachment-type').selectOption('QUALITY_CERT');
    await dialog.locator('#attachment-file').setInputFiles({ name: 'quality-certificate-2.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 again') });
    await dialog.locator('#attachment-upload').click();
    await dialog.locator('#attachment-list tr[data-type="QUALITY_CERT"]').waitFor(SLOW);
    await shoot(page, 'attachments', true);
    await dialog.locator('.close').click();

    // Nothing blocks declaring now: Declare signs with the virtual e-key and the reviews pass.
    await expect.poll(() => page.locator('#summary').getAttribute('data-can-declare'), SLOW).toBe('true');
    await page.locator('#declare').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status'), { timeout: 60_000 }).toBe('approved');
    story.licenceNo = (await page.locator('#panel-licence').textContent())?.trim() ?? '';
    expect(story.licenceNo).toMatch(LICENCE_NO);
    await expect(page.locator('#log').textContent()).resolves.toContain('待初审');
    // Defect: "ready to declare" after approval: the summary says the status, and Declare stays disabled.
    await expect(page.locator('#summary').textContent()).resolves.toContain('不能申报');
    await expect(page.locator('#summary').textContent()).resolves.not.toContain('可以申报');
    await expect(page.locator('#declare').isDisabled()).resolves.toBe(true);
    await shoot(page, 'application');

    // 复制 ×2: two new drafts of the approved application.
    await page.locator('#copy').click();
    await page.locator('#copy-count').fill('2');
    await page.locator('#copy-confirm').click();
    await expect.poll(() => page.locator('#log li').first().textContent(), SLOW).toContain('复制成功');
    story.copies = [...((await page.locator('#log li').first().textContent()) ?? '').matchAll(/app_[0-9a-f]+/g)].map((match) => match[0]);
    expect(story.copies).toHaveLength(2);
  });

  it('许可证申请: the spec table and sections follow the goods class (coke grades, vehicles, natural sand, ODS)', { timeout: 60_000 }, async () => {
    await openScreen(page, 'apply');
    await page.locator('#new').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('new');
    // Coke: 规格、等级 is a dropdown of the three grades.
    await pick(page, 'goods.hsCode', '2704001000', '2704001000');
    await expect.poll(() => page.locator('#section-specs').getAttribute('data-goods-class')).toBe('coke');
    const grade = page.locator('#screen-apply select[data-field="specs.0.spec"]');
    await expect.poll(() => grade.locator('option:not([value=""])').allTextContents()).toEqual(['常规粒度冶金焦', '铸造焦', '小粒度冶金焦']);
    await grade.selectOption('铸造焦');
    await expect.poll(() => grade.inputValue()).toBe('铸造焦');
    await expect(page.locator('#section-producers').count()).resolves.toBe(0);
    // A vehicle code serves three classes: 商品类别 is a choice, and the rows take the vehicle's columns.
    await pick(page, 'goods.hsCode', '8703235910', '8703235910');
    const goodsClass = page.locator('#screen-apply select[data-field="goods.goodsClass"]');
    await expect.poll(() => goodsClass.locator('option:not([value=""])').count()).toBe(3);
    await goodsClass.selectOption('vehicleUsed');
    await expect.poll(() => page.locator('#section-specs').getAttribute('data-goods-class')).toBe('vehicleUsed');
    await expect(page.locator('#section-specs th[data-column="vin"]').count()).resolves.toBe(1);
    await expect(page.locator('#screen-apply [data-field="specs.0.registeredOn"]').getAttribute('placeholder')).resolves.toBe('YYYY-MM-DD');
    // Natural sand asks for its certificate number, ODS for its approval number.
    await pick(page, 'goods.hsCode', '2505100000', '2505100000');
    await page.locator('#section-sandCertificate [data-field="goods.certificateNo"]').waitFor();
    await pick(page, 'goods.hsCode', '2903710000', '2903710000');
    await page.locator('#section-odsApproval [data-field="goods.approvalNo"]').waitFor();
    await expect.poll(() => page.locator('#section-sandCertificate').count()).toBe(0);
    await page.locator('#new').click();
  });

  it('申请单查询: filters, open and edit, 批量申报, 撤销, 查看审批意见, 批量打印, 批量删除', { timeout: 150_000 }, async () => {
    await openScreen(page, 'query');
    // The current user's data by default; the status filter narrows to the two new drafts.
    await expect(page.locator('#q-scope').inputValue()).resolves.toBe('mine');
    await page.locator(`#application-list tr[data-id="${story.id}"][data-status="approved"]`).waitFor(SLOW);
    await page.locator('#q-status label', { hasText: '暂存' }).locator('input').check();
    await page.locator('#q-search').click();
    await expect.poll(() => page.locator('#application-list tbody tr[data-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')).sort())).toEqual([...story.copies].sort());
    await page.locator('#q-hs').fill(steel.hsCode);
    await page.locator('#q-from').fill(`${YEAR}-01-01`);
    await page.locator('#q-search').click();
    await expect.poll(() => page.locator('[data-total]').textContent()).toBe('共 2 条');
    await page.locator('#q-reset').click();
    await expect.poll(() => page.locator('[data-total]').textContent()).toBe('共 3 条');
    // Defect: dates were mm/dd/yyyy: the list writes them YYYY-MM-DD.
    await expect(page.locator('#application-list td.date').first().textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}/);

    // Each copy opened, edited and given its attachments: one the authority will let withdraw, one it returns.
    const [toWithdraw, toReturn] = story.copies as [string, string];
    await prepareCopy(page, toWithdraw, 'WD-GRANT-PORTAL-1');
    await prepareCopy(page, toReturn, 'RETURN1-PORTAL-2');

    await tick(page, [toWithdraw, toReturn]);
    await page.locator('#q-declare').click();
    await page.locator(`#application-list tr[data-id="${toWithdraw}"][data-status="pendingFirstReview"]`).waitFor(SLOW);
    await page.locator(`#application-list tr[data-id="${toReturn}"][data-status="firstReviewReturned"]`).waitFor(SLOW);
    await expect(page.locator('#log li').first().textContent()).resolves.toContain('成功 2 条');

    await tick(page, [toWithdraw]);
    await page.locator('#q-withdraw').click();
    await page.locator(`#application-list tr[data-id="${toWithdraw}"][data-status="withdrawn"]`).waitFor(SLOW);
    // The status panel is current after the action: the withdrawal was granted.
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('withdrawn');
    await expect(page.locator('#panel-id').textContent()).resolves.toBe(toWithdraw);

    await tick(page, [toReturn]);
    await page.locator('#q-opinions').click();
    await page.locator('#opinions-dialog tr.opinion').first().waitFor(SLOW);
    await expect(page.locator('#opinions-dialog tr.opinion').first().textContent()).resolves.toContain('退回');
    await shoot(page, 'opinions', true);
    await page.locator('#opinions-dialog .close').click();
    await shoot(page, 'query');

    // 批量打印 of the approved application; defect: the preview's buttons covered the page title.
    await tick(page, [story.id]);
    await page.locator('#q-print').click();
    await page.locator(`#print-view .print-page[data-id="${story.id}"]`).waitFor(SLOW);
    const bar = await page.locator('#print-view .print-actions').boundingBox();
    const title = await page.locator('#print-view .print-page h1').boundingBox();
    expect(bar && title && bar.y + bar.height <= title.y).toBe(true);
    await expect(page.locator('.top h1').isVisible()).resolves.toBe(false);
    await expect(page.locator(`#print-view [data-print="licenceNo"]`).textContent()).resolves.toContain(story.licenceNo);
    await shoot(page, 'print');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: `${artifacts}print.pdf`, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = readFileSync(`${artifacts}print.pdf`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await page.locator('#print-close').click();
    await page.locator(`#application-list tr[data-id="${story.id}"][data-status="printed"]`).waitFor(SLOW);

    // 批量删除 of the withdrawn copy.
    await tick(page, [toWithdraw]);
    await page.locator('#q-delete').click();
    await expect.poll(() => page.locator(`#application-list tr[data-id="${toWithdraw}"]`).count(), SLOW).toBe(0);
  });

  it('历史数据查询: an earlier year’s application is listed, and 复制 makes a current-year draft of it', { timeout: 60_000 }, async () => {
    // An application of last year, saved the way an ERP would have saved it then.
    const api = createClient({ baseUrl: served.url, token: operatorToken });
    const { record: old } = await api.applications.save({ schemaVersion: 1, year: YEAR - 1, goods: { hsCode: steel.hsCode }, contract: { no: 'EX-LAST-YEAR' } });
    await openScreen(page, 'history');
    await page.locator('#h-search').click();
    await page.locator(`#history-list tr[data-id="${old.id}"]`).waitFor(SLOW);
    await shoot(page, 'history');
    await page.locator(`#history-list tr[data-id="${old.id}"] input`).check();
    await page.locator('#h-copy').click();
    await page.locator('#screen-apply').waitFor(SLOW);
    await expect.poll(() => panelId(page), SLOW).not.toBe(old.id);
    await expect.poll(() => page.locator('#screen-apply [data-field="year"]').inputValue()).toBe(String(YEAR));
    await expect(page.locator('#screen-apply [data-field="contract.no"]').inputValue()).resolves.toBe('EX-LAST-YEAR');
    await expect(page.locator('#status').getAttribute('data-status')).resolves.toBe('draft');
    // Saved without an exporter, the copy takes the logged-in enterprise (grey), as the manual says.
    await expect.poll(() => page.locator('#screen-apply [data-field="exporter.name"]').inputValue()).toBe('签章测试企业');
  });

  it('海关状态查询 and 核销数据查询: customs records a use of the licence; both screens show it', { timeout: 60_000 }, async () => {
    // Customs (not the applicant) writes off 50000 of the 200000 licensed.
    await served.sandbox.useLicence(story.licenceNo, { declarationNo: '020220260000000001', port: '0200', date: `${YEAR}-06-01`, quantity: '50000' });
    await openScreen(page, 'customs');
    await page.locator('#c-search').click();
    await expect.poll(() => page.locator('#screen-customs .prompt.error').textContent()).toContain('请输入许可证号');
    await page.locator('#c-licence').fill(story.licenceNo);
    await page.locator('#c-search').click();
    const status = page.locator('#customs-status');
    await status.waitFor(SLOW);
    await expect(status.locator('.left').textContent()).resolves.toBe('50000 / 150000');
    await expect(status.getAttribute('data-status')).resolves.not.toBe('unused');
    await shoot(page, 'customs-status');

    await openScreen(page, 'writeOffs');
    await page.locator('#w-licence').fill(story.licenceNo);
    await page.locator('#w-search').click();
    const row = page.locator(`#write-off-list tr[data-licence="${story.licenceNo}"]`);
    await row.waitFor(SLOW);
    await expect(row.textContent()).resolves.toContain('020220260000000001');
    await expect(row.textContent()).resolves.toContain(`${YEAR}-06-01`);
    await shoot(page, 'write-offs');
  });

  it('业务统计: licences by year, by month and by country as charts', { timeout: 60_000 }, async () => {
    await openScreen(page, 'statistics');
    await page.locator('#s-search').click();
    await expect.poll(() => page.locator('#chart-country rect[data-key="JPN"]').getAttribute('data-count'), SLOW).toBe('1');
    const month = new Date().toISOString().slice(0, 7);
    await expect.poll(() => page.locator(`#chart-month rect[data-key="${month}"]`).getAttribute('data-count')).toBe('1');
    await expect.poll(() => page.locator(`#chart-year rect[data-key="${YEAR}"]`).getAttribute('data-count')).toBe('1');
    await shoot(page, 'statistics');
  });

  it('状态推送: the receipts of the declaration arrived and verified; subscribing by document lists it', { timeout: 60_000 }, async () => {
    await openScreen(page, 'push');
    await page.locator(`#receipt-list tr[data-application="${story.id}"][data-to="approved"]`).waitFor(SLOW);
    // A forged push (right shape, wrong signature) reaches the inbox but never the list of receipts.
    const forged = { id: 'evt_forged', seq: 999, type: 'application.statusChanged', occurredAt: new Date().toISOString(), applicationId: 'app_forged', event: 'approve', from: 'pendingSecondReview', to: 'approved', operator: 'x' };
    const posted = await fetch(`${vite.resolvedUrls?.local[0] ?? ''}push-inbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZQ==' },
      body: JSON.stringify(forged),
    });
    expect(posted.status).toBe(204);
    await expect.poll(() => page.locator('#screen-push h3 .prompt').textContent(), SLOW).toContain('已拒收 1 条');
    await expect(page.locator('#receipt-list tr[data-application="app_forged"]').count()).resolves.toBe(0);
    await page.locator('#screen-push input[data-mode="document"]').check();
    await page.locator('#p-target').fill(story.id);
    await page.locator('#p-subscribe').click();
    await page.locator('#subscription-list tr[data-mode="document"]').waitFor(SLOW);
    await page.locator('#p-feed').click();
    await expect.poll(() => page.locator('#feed-list tbody tr').count()).toBeGreaterThan(2);
    await shoot(page, 'push');
  });

  it('中文 by default, English on the switch', { timeout: 30_000 }, async () => {
    await expect(page.locator('nav [data-screen="apply"]').textContent()).resolves.toBe('许可证申请');
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('nav [data-screen="apply"]').textContent()).toBe('Licence application');
    await openScreen(page, 'apply');
    await expect(page.locator('#screen-apply [data-path="customsPort"] label').textContent()).resolves.toBe('customs port of declaration');
    await shoot(page, 'application-en');
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('nav [data-screen="apply"]').textContent()).toBe('许可证申请');
  });
});
