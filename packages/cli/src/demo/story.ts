// The whole licence story, told against a sandbox Single Window in memory, with a virtual e-key and the
// typed client: each step says what was sent and what came back. The authority's decisions and the
// customs' use of the licence are the sandbox's own calls (sandbox.review, sandbox.useLicence): in
// production those happen at MOFCOM and at customs.
import { createClient, type ApplicationRecord, type Client, type Receipt } from '@exlic/client';
import { STATUS_LABELS, getBundledCatalog, getGoodsClass, searchCodeTable, todayIsoDate, type CatalogEntry, type CodeTableEntry, type CodeTableName, type Status } from '@exlic/core';
import { check, type CheckOptions, type Violation } from '@exlic/rules';
import { createSandbox, type Sandbox } from '@exlic/sandbox';
import { createEKeySigner, createVirtualEKey, type Signer } from '@exlic/signer';
import type { Narrator } from './narrator';
import { startPushEndpoint, type PushEndpoint } from './push-endpoint';
import { firstDraft, fixDraft, type Enterprise, type FoundCodes } from './sample';

/** A step that failed: the story stops and names it. */
export class DemoStepError extends Error {
  override name = 'DemoStepError';
  constructor(
    readonly step: number,
    readonly title: string,
    readonly reason: unknown,
  ) {
    super(`step ${step} (${title}) failed: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** What the story ends with. */
export interface StoryResult {
  readonly licenceNo: string;
  readonly receiptsVerified: number;
}

const PIN = '12345678';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The first code-table entry found by a query (pinyin initials, digits or Chinese) whose code is `code`, or the first hit. */
function lookUp(table: CodeTableName, query: string, code?: string): CodeTableEntry {
  const hits = searchCodeTable(table, query, { limit: 20 });
  const entry = code === undefined ? hits[0] : hits.find((hit) => hit.code === code);
  assert(entry, `"${query}" found nothing in the ${table} table`);
  return entry;
}

// The options steps 5 and 6 check with, printed as they are passed: the sandbox checks a declaration
// the same way (the joint-debugging profile, where a wrong check character only warns).
const CHECK_OPTIONS = { phase: 'declare', profile: 'test' } as const satisfies CheckOptions;

/** A value as TypeScript source writes it: `{ phase: 'declare', pushes: { attempts: 3 } }`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${literal(item)}`).join(', ')} }`;
  return String(value);
}

/** The call as the story makes it, e.g. `check(application, { phase: 'declare', profile: 'test' })`. */
export function checkCallText(options: CheckOptions = CHECK_OPTIONS): string {
  return `check(application, ${literal(options)})`;
}

const STAGES: Readonly<Record<string, { zh: string; en: string }>> = { firstReview: { zh: '初审', en: 'first review' }, secondReview: { zh: '复审', en: 'second review' } };
const DECISIONS: Readonly<Record<string, { zh: string; en: string }>> = { returned: { zh: '退回', en: 'returned' }, passed: { zh: '通过', en: 'passed' } };

/** A status as the story shows it: the wire value, with the portal's Chinese name under zh. */
function statusText(narrator: Narrator, status: string): string {
  const label = STATUS_LABELS[status as Status];
  return narrator.lang === 'zh' && label ? `${status}（${label.zh}）` : status;
}

/** A goods class as the story shows it: the portal's name under zh, the id under en. */
function goodsClassText(narrator: Narrator, id: string | undefined): string {
  const definition = getGoodsClass(id);
  return definition ? (narrator.lang === 'zh' ? definition.label.zh : definition.id) : '?';
}

function violationLines(narrator: Narrator, violations: readonly Violation[]): void {
  for (const violation of violations) {
    // English readers see both languages (the portal speaks Chinese); Chinese readers see Chinese only.
    const line = `${violation.path.join('.')}: ${narrator.lang === 'zh' ? violation.message.zh : `${violation.message.zh} / ${violation.message.en}`}`;
    // Warnings do not block declaring (the sandbox runs the test profile, where check characters only warn).
    if (violation.severity === 'warning') narrator.say(`⚠ ${line}`);
    else narrator.warn(`✖ ${line}`);
  }
}

/** Runs the story; throws DemoStepError naming the step that failed. */
export async function runStory(narrator: Narrator): Promise<StoryResult> {
  const t = narrator.t;
  const today = todayIsoDate();
  const year = Number(today.slice(0, 4));
  let n = 0;
  const step = async <T>(title: { zh: string; en: string }, body: () => Promise<T>): Promise<T> => {
    n++;
    try {
      narrator.step(n, title);
      return await body();
    } catch (error) {
      throw new DemoStepError(n, t(title), error);
    }
  };

  let sandbox: Sandbox | undefined;
  let endpoint: PushEndpoint | undefined;
  let signer: Signer | undefined;
  try {
    // 1. The Single Window, the e-key, the client.
    const setup = await step({ zh: '启动沙箱（内存中，代替单一窗口）、虚拟电子钥匙和客户端', en: 'Start a sandbox in memory (a stand-in for the Single Window), a virtual e-key and the client' }, async () => {
      const sandboxOptions = { seed: 'demo', pushes: { attempts: 3, backoffMs: 50, timeoutMs: 2000 } } as const;
      sandbox = createSandbox(sandboxOptions);
      const [operator] = await sandbox.seeded();
      assert(operator, 'the sandbox seeded no operator');
      const key = createVirtualEKey({ pin: PIN, subject: { commonName: operator.enterprise.name, organization: operator.enterprise.name } });
      signer = createEKeySigner({ transport: key.openTransport(), pin: PIN });
      const box = sandbox;
      // The client calls the sandbox in process: its fetch is the sandbox's request handler.
      const baseUrl = 'http://sandbox.exlic.local';
      const client = createClient({ baseUrl, token: operator.token, fetch: (input, init) => box.fetch(new Request(input, init)) });
      // What was called, as called (the database is the default, :memory:; the PIN and token are not shown).
      narrator.sent(`createSandbox(${literal(sandboxOptions)})`);
      narrator.sent(`createVirtualEKey({ pin, subject }) · createEKeySigner({ transport: key.openTransport(), pin })`);
      narrator.sent(`createClient({ baseUrl: '${baseUrl}', token, fetch: sandbox.fetch })  # ${t({ zh: '在进程内调用沙箱，不经网络', en: 'calls the sandbox in process, not over the network' })}`);
      narrator.received(`${t({ zh: '操作员', en: 'operator' })} ${operator.operator} · ${operator.enterprise.name} (${operator.enterprise.code})`);
      return { client, enterprise: operator.enterprise as Enterprise };
    });
    const client: Client = setup.client;
    const activeSigner = signer as unknown as Signer;

    await step({ zh: '绑定电子钥匙', en: 'Bind the e-key to the operator' }, async () => {
      narrator.sent(`POST /v1/ekey/challenge · POST /v1/ekey/bind { bindingProof: ${t({ zh: '对账号、挑战值和证书指纹的 SM2 签名', en: 'SM2 signature over account, challenge, certificate fingerprint' })} }`);
      const binding = await client.ekey.bind({ signer: activeSigner });
      narrator.received(`${t({ zh: '已绑定', en: 'bound' })}: ${binding.subject} · SM3 ${binding.certificateFingerprint.slice(0, 16)}… · ${binding.boundAt}`);
    });

    const pushes = await step({ zh: '订阅回执：本机 HTTP 端点', en: 'Subscribe a local HTTP endpoint to the receipts' }, async () => {
      endpoint = await startPushEndpoint();
      narrator.sent(`POST /v1/subscriptions { mode: 'enterprise', url: '${endpoint.url}' }`);
      const subscription = await client.subscriptions.create({ mode: 'enterprise', url: endpoint.url });
      endpoint.useSecret(subscription.secret);
      narrator.received(`${t({ zh: '订阅', en: 'subscription' })} ${subscription.id} · ${t({ zh: '密钥', en: 'secret' })} whsec_… (${t({ zh: '只返回一次，不显示', en: 'returned once, not shown' })})`);
      return endpoint;
    });

    const codes = await step({ zh: '按拼音首字母查商品代码和参数', en: 'Look up the commodity and the codes by pinyin initials' }, async () => {
      const catalog = getBundledCatalog();
      // 非合金钢 (non-alloy steel) by its initials finds the 2026 hot-rolled coil; a catalog without that year's
      // steel falls back to the manual's 2023 example by the initials of 卷材 (coil).
      let commodity: CatalogEntry | undefined;
      for (const [query, words] of [['fhjg', '非合金钢'], ['jc', '卷材']] as const) {
        const hits = catalog.search(query, { limit: 20 }).filter((entry) => entry.goodsClass === 'steel');
        commodity = hits.find((entry) => entry.year === year) ?? hits[0];
        narrator.sent(`catalog.search('${query}')  # ${words}`);
        if (commodity) break;
        narrator.say(t({ zh: `无 ${year} 年钢材`, en: `no ${year} steel` }));
      }
      assert(commodity, `no steel commodity in the catalog (${catalog.years.join(', ')})`);
      narrator.received(`${commodity.hsCode} ${commodity.name} · ${commodity.unit} · ${commodity.year} · ${goodsClassText(narrator, commodity.goodsClass)}`);
      const found: FoundCodes = {
        commodity,
        country: lookUp('countries', 'rb', 'JPN'),
        tradeMode: lookUp('tradeModes', 'ybmy'),
        transportMode: lookUp('transportModes', 'slys'),
        customsPort: lookUp('customsPorts', 'tj', '0200'),
      };
      for (const [table, query, entry] of [['countries', 'rb', found.country], ['tradeModes', 'ybmy', found.tradeMode], ['transportModes', 'slys', found.transportMode], ['customsPorts', 'tj', found.customsPort]] as const) {
        narrator.sent(`searchCodeTable('${table}', '${query}')`);
        narrator.received(`${entry.code} ${entry.name}${entry.nameEn && narrator.lang === 'en' ? ` (${entry.nameEn})` : ''}`);
      }
      return found;
    });

    let application = await step({ zh: '填写申请表（第一版，不完整）并校验', en: 'Build the application (a first, incomplete version) and check it' }, async () => {
      const draft = firstDraft(codes, setup.enterprise, today);
      narrator.sent(`${checkCallText()}  # ${t({ zh: '报关口岸、出口商、商品、规格行已填', en: 'port, exporter, goods and one spec row filled' })}`);
      const result = check(draft, CHECK_OPTIONS);
      assert(!result.valid, 'the incomplete version passed the rules');
      narrator.received(`valid: false · ${result.violations.length} ${t({ zh: '处违规', en: 'violations' })} (${t({ zh: '商品类别', en: 'goods class' })} ${goodsClassText(narrator, result.goodsClass)})`);
      violationLines(narrator, result.violations);
      explainCheckCharacter(narrator, result.violations, setup.enterprise);
      return draft;
    });

    application = await step({ zh: '按提示修改后再校验', en: 'Fix what the rules asked for and check again' }, async () => {
      const fixed = fixDraft(application);
      narrator.sent(t({ zh: '补进口商、生产商、质量证明编号；数量改为 200000', en: 'add the importer, the producer and the quality certificate number; quantity 200000' }));
      narrator.sent(checkCallText());
      const result = check(fixed, CHECK_OPTIONS);
      const errors = result.violations.filter((violation) => violation.severity === 'error' && !violation.path.includes('attachments'));
      violationLines(narrator, result.violations);
      assert(errors.length === 0, `still ${errors.length} errors: ${errors.map((violation) => violation.rule).join(', ')}`);
      narrator.received(`${t({ zh: '只差附件', en: 'only the attachments are missing' })} · ${t({ zh: '合计', en: 'total' })} ${result.application.goods?.totalQuantity} ${commodityUnit(codes)} · ${result.application.goods?.totalAmount} USD`);
      return fixed;
    });

    let record = await step({ zh: '暂存', en: 'Save the draft' }, async () => {
      narrator.sent('POST /v1/applications');
      const saved = await client.applications.save(application);
      narrator.received(`${saved.record.id} · ${t({ zh: '版本', en: 'version' })} ${saved.record.version} · ${statusText(narrator, saved.record.status)} · ${saved.violations.length} ${t({ zh: '处暂存期提示', en: 'save-phase notes' })}`);
      return saved.record;
    });

    await step({ zh: '上传合同和产品质量检验合格证明', en: 'Upload the contract and the quality certificate' }, async () => {
      const contract = lookUp('attachmentTypes', 'ht', 'CONTRACT');
      const quality = lookUp('attachmentTypes', 'cpzljy', 'QUALITY_CERT');
      for (const [type, fileName] of [[contract, 'contract-DEMO-2026-0001.pdf'], [quality, 'quality-certificate-QC-2026-0001.pdf']] as const) {
        const file = new TextEncoder().encode(`%PDF-1.4\n% ${fileName}\n`);
        narrator.sent(`POST /v1/applications/${record.id}/attachments?type=${type.code}  (${fileName}, ${file.length} B)`);
        const uploaded = await client.attachments.upload(record.id, { type: type.code, file, fileName });
        narrator.received(`${uploaded.id} · ${type.name} · sha256 ${uploaded.sha256.slice(0, 16)}…`);
      }
      record = await client.applications.get(record.id);
    });

    record = await step({ zh: '电子钥匙签名并申报', en: 'Sign with the e-key and declare' }, async () => {
      narrator.sent(`POST /v1/applications/${record.id}/declare { version: ${record.version}, signature: ${t({ zh: '对规范化 JSON 的 SM2-SM3 签名', en: 'SM2-SM3 over the canonical JSON' })} }`);
      const declared = await client.applications.declare(record.id, { signer: activeSigner });
      narrator.received(`${statusText(narrator, declared.status)} · ${t({ zh: '商务部申请表号', en: 'MOFCOM application no.' })} ${declared.mofcomApplicationNo}`);
      return declared;
    });

    record = await step({ zh: '初审退回，附审核意见', en: 'The first review returns it with an opinion' }, async () => {
      // The authority writes in Chinese; the English run adds a translation.
      const opinion = t({ zh: '请在备注中注明交货批次。', en: '请在备注中注明交货批次。 / Please state the delivery batch in the remarks.' });
      narrator.sent(`sandbox.review('${record.id}', 'firstReviewReturned', '${opinion}')  # ${t({ zh: '发证机构', en: 'the issuing authority' })}`);
      await sandbox?.review(record.id, 'firstReviewReturned', opinion);
      const opinions = await client.applications.opinions(record.id);
      const returned = await client.applications.get(record.id);
      const named = (labels: typeof STAGES, key: string) => (labels[key] ? t(labels[key]) : key);
      narrator.received(`${statusText(narrator, returned.status)} · ${t({ zh: '审核意见', en: 'opinion' })}: ${opinions.map((item) => `[${named(STAGES, item.stage)} ${named(DECISIONS, item.decision)}] ${item.text}`).join(' | ')}`);
      assert(returned.status === 'firstReviewReturned', `expected firstReviewReturned, got ${returned.status}`);
      return returned;
    });

    record = await step({ zh: '按意见修改，再次申报', en: 'Edit as asked and declare again' }, async () => {
      application = { ...application, other: { ...(application['other'] as object), remarks: t({ zh: '一批交货', en: '一批交货 · one delivery batch' }) } };
      narrator.sent(`PUT /v1/applications/${record.id}  (If-Match: "${record.version}")  other.remarks`);
      const saved = await client.applications.save(application, { id: record.id, version: record.version });
      narrator.received(`${t({ zh: '版本', en: 'version' })} ${saved.record.version} · ${statusText(narrator, saved.record.status)}`);
      narrator.sent(`POST /v1/applications/${record.id}/declare { version: ${saved.record.version} }`);
      const declared = await client.applications.declare(record.id, { signer: activeSigner });
      narrator.received(statusText(narrator, declared.status));
      return declared;
    });

    record = await step({ zh: '初审、复审通过，签发许可证号', en: 'Both reviews pass and a licence number is issued' }, async () => {
      narrator.sent(`sandbox.review('${record.id}', 'firstReviewPassed') · sandbox.review('${record.id}', 'secondReviewPassed')`);
      await sandbox?.review(record.id, 'firstReviewPassed');
      await sandbox?.review(record.id, 'secondReviewPassed');
      const approved = await client.applications.get(record.id);
      assert(approved.status === 'approved' && approved.licenceNo, `expected an approved licence, got ${approved.status}`);
      narrator.received(`${statusText(narrator, approved.status)} · ${t({ zh: '许可证号', en: 'licence number' })} ${approved.licenceNo}`);
      return approved;
    });
    const licenceNo = record.licenceNo as string;

    await step({ zh: '打印', en: 'Print' }, async () => {
      narrator.sent(`POST /v1/applications/${record.id}/print`);
      const printed = await client.applications.print(record.id, { as: 'record' });
      narrator.received(statusText(narrator, printed.status));
      printForm(narrator, printed);
    });

    await step({ zh: '海关使用许可证：核销数据与通关状态', en: 'Customs use the licence: write-off data and customs status' }, async () => {
      const use = { declarationNo: '020220261234567890', port: codes.customsPort.code, date: today, quantity: '200000' };
      narrator.sent(`sandbox.useLicence('${licenceNo}', ${JSON.stringify(use)})  # ${t({ zh: '海关', en: 'customs' })}`);
      await sandbox?.useLicence(licenceNo, use);
      const writeOffs: unknown[] = [];
      for await (const entry of client.writeOffs.list({ licenceNo })) writeOffs.push(entry);
      narrator.sent(`GET /v1/write-offs?licenceNo=${licenceNo}`);
      for (const entry of writeOffs) narrator.received(JSON.stringify(entry));
      narrator.sent(`GET /v1/licences/${licenceNo}/customs-status`);
      narrator.received(JSON.stringify(await client.customs.status(licenceNo)));
      assert(writeOffs.length === 1, `expected one write-off, got ${writeOffs.length}`);
    });

    await step({ zh: '业务统计：按月、按国别', en: 'Statistics by month and by country' }, async () => {
      for (const by of ['month', 'country'] as const) {
        narrator.sent(`GET /v1/statistics?groupBy=${by}&year=${year}`);
        const statistics = await client.statistics({ by, year });
        for (const row of statistics.rows) narrator.received(`${row.key}: ${row.count} · ${row.amounts.map((amount) => `${amount.amount} ${amount.currency}`).join(', ')}`);
        assert(statistics.rows.some((row) => row.count > 0), `no licence counted by ${by}`);
      }
    });

    const receiptsVerified = await step({ zh: '每一份回执都送到本机端点并验签', en: 'Every receipt reached the local endpoint and verified' }, async () => {
      await sandbox?.pushesIdle();
      const feed: Receipt[] = [];
      for await (const receipt of client.events.list()) feed.push(receipt);
      narrator.sent(`GET /v1/events  ·  ${pushes.url}`);
      for (const receipt of pushes.verified) narrator.received(`✔ #${receipt.seq} ${receipt.event}: ${statusText(narrator, receipt.from)} → ${statusText(narrator, receipt.to)}${receipt.licenceNo ? ` · ${receipt.licenceNo}` : ''}${receipt.opinion ? ` · ${receipt.opinion}` : ''}`);
      for (const reason of pushes.refused) narrator.warn(`✖ ${reason}`);
      assert(pushes.refused.length === 0, `${pushes.refused.length} pushes failed verification`);
      assert(pushes.verified.length === feed.length && feed.length > 0, `the feed holds ${feed.length} receipts, the endpoint verified ${pushes.verified.length}`);
      narrator.say(`${pushes.verified.length}/${feed.length} ${t({ zh: '份回执已验签（Standard Webhooks, HMAC-SHA256）', en: 'receipts verified (Standard Webhooks, HMAC-SHA256)' })}`);
      return pushes.verified.length;
    });

    narrator.done(`${t({ zh: '许可证号', en: 'Licence number' })}: ${licenceNo}`);
    return { licenceNo, receiptsVerified };
  } finally {
    await signer?.close().catch(() => undefined);
    await endpoint?.close();
    await sandbox?.close();
  }
}

/**
 * Why the test enterprise's credit code only warns: the sandbox seeds the user manual's test enterprise
 * (签章测试企业), whose 统一社会信用代码 as the manual prints it fails its check character (GB 32100-2015).
 * The joint-debugging environment's test enterprises carry such codes, so the test profile warns where
 * production refuses.
 */
function explainCheckCharacter(narrator: Narrator, violations: readonly Violation[], enterprise: Enterprise): void {
  const warning = violations.find((violation) => violation.severity === 'warning' && violation.rule.endsWith('uscc.checkCharacter'));
  if (!warning) return;
  const expected = warning.expected === undefined ? '' : String(warning.expected);
  narrator.say(
    narrator.t({
      zh: `⚠ 为何只是警告：沙箱预置的是用户手册里的测试企业“${enterprise.name}”，其统一社会信用代码 ${enterprise.uscc} 照手册原样，第18位校验位按 GB 32100-2015 应为 ${expected}。联调环境（profile: 'test'）的测试企业常带这样的代码，校验位错误只警告；生产（profile: 'production'）则报错，不能申报。`,
      en: `⚠ Why only a warning: the sandbox seeds the user manual's test enterprise "${enterprise.name}", whose credit code ${enterprise.uscc} is printed there with a check character that GB 32100-2015 computes as ${expected}. Test enterprises of the joint-debugging environment (profile: 'test') carry such codes, so the check character only warns there; under profile: 'production' it is an error and blocks the declaration.`,
    }),
  );
}

function commodityUnit(codes: FoundCodes): string {
  return codes.commodity.unit;
}

/** The printed form in text: the boxes of the licence application that matter. */
function printForm(narrator: Narrator, record: ApplicationRecord): void {
  const app = record.application;
  const rows: [{ zh: string; en: string }, string][] = [
    [{ zh: '出口商', en: '出口商 Exporter' }, `${app.exporter?.name ?? ''} ${app.exporter?.code ?? ''}`],
    [{ zh: '许可证号', en: '许可证号 Licence no.' }, record.licenceNo ?? ''],
    [{ zh: '进口国', en: '进口国 Country' }, app.importingCountry ?? ''],
    [{ zh: '商品', en: '商品 Commodity' }, `${app.goods?.hsCode ?? ''} ${app.goods?.name ?? ''}`],
    [{ zh: '数量', en: '数量 Quantity' }, `${app.goods?.totalQuantity ?? ''} ${app.goods?.unit ?? ''}`],
    [{ zh: '总值', en: '总值 Amount' }, `${app.goods?.totalAmount ?? ''} ${app.goods?.priceCurrency ?? ''}`],
  ];
  for (const [label, value] of rows) narrator.say(`│ ${narrator.t(label).padEnd(narrator.lang === 'zh' ? 8 : 24)} │ ${value}`);
}
