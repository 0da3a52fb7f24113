// The export licence application form (出口许可证申请), built on exlic:
// - @exlic/core renders it (field metadata, code tables, catalog search, statuses);
// - @exlic/rules paints mandatory fields yellow and puts red prompts beside fields as the user types;
// - the Single Window (the sandbox behind Vite's proxy) saves, stores attachments, takes the signed
//   declaration, lists applications and counts licences; @exlic/signer signs with a virtual e-key.
import { FIELDS, STATUSES, STATUS_LABELS, getCodeTable, todayIsoDate, type GoodsClass, type Status } from '@exlic/core';
import { check, requiredFields, type Violation } from '@exlic/rules';
import { createEKeySigner, createVirtualEKey, type Signer } from '@exlic/signer';
import { barChart } from './chart';
import { getPath, h, setPath } from './dom';
import { renderForm } from './form-view';
import { renderPrintPage } from './print-view';
import * as singleWindow from './single-window';
import './style.css';

const today = todayIsoDate();

/** What a prompt needs of a violation, whether the rules in the page or the server reported it. */
type ShownViolation = Pick<Violation, 'rule' | 'path' | 'severity' | 'message'>;
const CHECK_OPTIONS = { phase: 'declare', profile: 'test', asOf: today } as const;

/** A fresh application: the portal's pre-filled values (the metadata's defaults) and today's year and date. */
function blankApplication(): Record<string, unknown> {
  const application: Record<string, unknown> = { schemaVersion: 1, year: Number(today.slice(0, 4)), specs: [{}] };
  for (const meta of FIELDS) {
    if (meta.defaultValue === undefined || meta.path.includes('[]') || meta.source === 'server' || meta.path === 'schemaVersion') continue;
    setPath(application, meta.path, meta.defaultValue);
  }
  setPath(application, 'other.appliedOn', today);
  return application;
}

const state = {
  application: blankApplication(),
  record: undefined as singleWindow.ApplicationRecord | undefined,
  goodsClass: undefined as GoodsClass | undefined,
  /** Fields the user has typed in: their prompts show at once; the others after a save or declare. */
  touched: new Set<string>(),
  showAll: false,
  signer: undefined as Signer | undefined,
  serverViolations: [] as readonly ShownViolation[],
};

const formHost = h('form', { id: 'application-form', novalidate: true, onsubmit: (event) => event.preventDefault() });
const statusBadge = h('span', { id: 'status', class: 'status', 'data-status': 'new' }, '新建 · new');
const summary = h('p', { id: 'summary', class: 'summary', role: 'status' });
const log = h('ol', { id: 'log', class: 'log', 'aria-live': 'polite' });
const ekeyState = h('span', { id: 'ekey-state' }, '未绑定 · not bound');
const listHost = h('tbody', { id: 'application-list' });
const chartsHost = h('div', { id: 'charts', class: 'charts' });
const printHost = h('section', { id: 'print-view', class: 'print-view', hidden: true });
const attachmentList = h('ul', { id: 'attachment-list' });

function note(text: string, kind: 'sent' | 'received' | 'error' = 'received'): void {
  log.prepend(h('li', { class: kind }, `${new Date().toLocaleTimeString('zh-CN', { hour12: false })} ${text}`));
}

function record(): Readonly<Record<string, unknown>> {
  const current = state.record;
  return current ? { id: current.id, status: current.status, mofcomApplicationNo: current.mofcomApplicationNo ?? '', licenceNo: current.licenceNo ?? '' } : { status: 'draft' };
}

function onChange(path: string, value: unknown): void {
  if (/^qualityCertificateNos\.\d+$/.test(path)) {
    const list = state.application['qualityCertificateNos'] as string[];
    list[Number(path.split('.')[1])] = String(value);
  } else setPath(state.application, path, value);
  state.touched.add(path);
  scheduleRefresh();
}

function renderAll(): void {
  formHost.replaceChildren(renderForm({ application: state.application, record: record(), goodsClass: state.goodsClass, onChange, onListChange: () => (renderAll(), refresh()) }));
}

let pending = 0;
function scheduleRefresh(): void {
  clearTimeout(pending);
  pending = window.setTimeout(refresh, 60);
}

/** Where a violation is shown: the field at its path, or the closest list or section that holds it. */
function targetOf(path: readonly (string | number)[]): HTMLElement | undefined {
  for (let end = path.length; end > 0; end--) {
    const found = formHost.querySelector<HTMLElement>(`[data-path="${CSS.escape(path.slice(0, end).join('.'))}"]`);
    if (found) return found;
  }
  return undefined;
}

function isShown(violation: ShownViolation): boolean {
  if (state.showAll) return true;
  const key = violation.path.join('.');
  for (const touched of state.touched) if (key === touched || key.startsWith(`${touched}.`) || touched.startsWith(`${key}.`)) return true;
  return false;
}

/** Runs the rules over the form: yellow for what is mandatory now, red prompts for what is wrong, grey totals filled. */
function refresh(): void {
  const result = check(state.application, CHECK_OPTIONS);
  const goodsClass = result.goodsClass as GoodsClass | undefined;
  if (goodsClass !== state.goodsClass) {
    state.goodsClass = goodsClass;
    renderAll();
  }
  const required = new Set(requiredFields(state.application, CHECK_OPTIONS).map((path) => path.join('.')));
  for (const field of formHost.querySelectorAll<HTMLElement>('.field')) {
    field.classList.toggle('required', required.has(field.dataset['path'] ?? ''));
    field.classList.remove('invalid', 'warned');
  }
  for (const prompt of formHost.querySelectorAll('.prompt')) {
    prompt.textContent = '';
    prompt.classList.remove('error');
  }
  // Computed and catalog fields (totals, commodity name and unit) come back filled in the normalised application.
  for (const input of formHost.querySelectorAll<HTMLInputElement>('.system input[data-field]')) {
    const value = getPath(result.application, input.dataset['field'] ?? '') ?? record()[input.dataset['field'] ?? ''];
    if (value !== undefined && typeof value !== 'object') input.value = String(value);
  }
  const violations = [...result.violations, ...state.serverViolations.filter((server) => !result.violations.some((local) => local.rule === server.rule && local.path.join('.') === server.path.join('.')))];
  let shown = 0;
  for (const violation of violations) {
    if (!isShown(violation)) continue;
    const target = targetOf(violation.path);
    const prompt = target?.querySelector(':scope > .prompt') ?? summary;
    if (target === undefined) continue;
    shown++;
    // Errors block declaring (red); warnings (e.g. a check character in the test profile) do not (amber).
    const warning = violation.severity === 'warning';
    target.classList.add(warning ? 'warned' : 'invalid');
    if (!warning) prompt.classList.add('error');
    prompt.textContent = prompt.textContent ? `${prompt.textContent}；${violation.message.zh}` : violation.message.zh;
    prompt.setAttribute('title', violation.message.en);
  }
  const errors = result.violations.filter((violation) => violation.severity === 'error').length;
  summary.textContent = errors === 0 ? '校验通过，可以申报 · ready to declare' : `还有 ${errors} 处需要填写或修改 · ${errors} to fix before declaring${shown < errors ? '（暂存或申报时全部显示 · all shown on save or declare）' : ''}`;
  summary.dataset['errors'] = String(errors);
}

function showRecord(next: singleWindow.ApplicationRecord): void {
  const previous = state.record?.status;
  state.record = next;
  const status = next.status as Status;
  statusBadge.dataset['status'] = status;
  statusBadge.textContent = `${STATUS_LABELS[status]?.zh ?? status} · ${STATUS_LABELS[status]?.en ?? status}`;
  if (previous !== next.status) note(`状态 status: ${previous ?? '—'} → ${next.status}${next.licenceNo ? `，许可证号 licence ${next.licenceNo}` : ''}`);
  for (const key of ['id', 'status', 'mofcomApplicationNo', 'licenceNo']) {
    const input = formHost.querySelector<HTMLInputElement>(`input[data-field="${key}"]`);
    if (input) input.value = String(record()[key] ?? '');
  }
}

async function guarded(label: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const { message, violations } = singleWindow.describeError(error);
    if (violations.length > 0) {
      state.serverViolations = violations;
      state.showAll = true;
      refresh();
    }
    note(`${label} 失败 failed: ${message}`, 'error');
  }
}

async function save(): Promise<void> {
  state.showAll = true;
  refresh();
  note(`暂存 save → ${state.record ? `PUT /v1/applications/${state.record.id}` : 'POST /v1/applications'}`, 'sent');
  const { record: saved, violations } = await singleWindow.saveApplication(state.application, state.record);
  state.serverViolations = violations;
  showRecord(saved);
  note(`暂存成功 saved: ${saved.id} version ${saved.version}`);
  refresh();
}

async function bind(): Promise<void> {
  // A virtual e-key speaks the e-key's APDU protocol in software; a real page would use the client
  // control (createClientControlSigner) to reach the user's USB key.
  const pin = '12345678';
  const key = createVirtualEKey({ pin, subject: { commonName: 'exlic web-form virtual e-key' } });
  state.signer = createEKeySigner({ transport: key.openTransport(), pin });
  note('绑定电子钥匙 bind e-key → POST /v1/ekey/challenge, /v1/ekey/bind', 'sent');
  await singleWindow.bindEKey(state.signer);
  ekeyState.textContent = '已绑定（虚拟电子钥匙） · bound (virtual e-key)';
  ekeyState.dataset['bound'] = 'true';
  note('电子钥匙已绑定 e-key bound');
}

async function declare(): Promise<void> {
  if (!state.signer) await bind();
  await save();
  const current = state.record;
  if (!current || !state.signer) return;
  note(`申报 declare → POST /v1/applications/${current.id}/declare（SM2 签名 signature）`, 'sent');
  showRecord(await singleWindow.declareApplication(current, state.signer));
  // The authority reviews after the declaration; read the record until the reviews are through.
  for (let tries = 0; tries < 20 && ['pendingFirstReview', 'pendingSecondReview'].includes(state.record?.status ?? ''); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    showRecord(await singleWindow.getApplication(current.id));
  }
  await Promise.all([loadList(), loadStatistics()]);
}

async function upload(): Promise<void> {
  const type = (document.querySelector<HTMLSelectElement>('#attachment-type')?.value ?? '').trim();
  const file = document.querySelector<HTMLInputElement>('#attachment-file')?.files?.[0];
  if (!file || !type) throw new Error('请选择附件类型和文件 · choose an attachment type and a file');
  if (!state.record) await save();
  const id = state.record?.id as string;
  note(`上传附件 upload → POST /v1/applications/${id}/attachments?type=${type}`, 'sent');
  const attachment = await singleWindow.uploadAttachment(id, type, file);
  // An upload is a change of the record (a new version): read it back so the next save names the right version.
  const current = await singleWindow.getApplication(id);
  state.application['attachments'] = current.application['attachments'];
  showRecord(current);
  attachmentList.append(h('li', { 'data-type': type }, `${type} · ${file.name} · ${String(attachment['size'] ?? file.size)} B`));
  note(`附件已上传 uploaded: ${String(attachment['id'])}`);
  refresh();
}

async function loadList(): Promise<void> {
  const statuses = [...document.querySelectorAll<HTMLInputElement>('#status-filter input:checked')].map((input) => input.value as Status);
  const { items } = await singleWindow.listApplications(statuses);
  listHost.replaceChildren(
    ...items.map((item) =>
      h('tr', { 'data-id': item.id, 'data-status': item.status }, h('td', {}, item.id), h('td', {}, item.mofcomApplicationNo ?? ''), h('td', {}, item.licenceNo ?? ''), h('td', {}, STATUS_LABELS[item.status as Status]?.zh ?? item.status)),
    ),
  );
}

async function loadStatistics(): Promise<void> {
  const year = Number(today.slice(0, 4));
  const [byMonth, byCountry] = await Promise.all([singleWindow.statistics('month', year), singleWindow.statistics('country', year)]);
  chartsHost.replaceChildren(barChart(`${year} 年按月 · by month`, byMonth.rows, 'chart-month'), barChart(`${year} 年按国别 · by country`, byCountry.rows, 'chart-country'));
}

async function print(): Promise<void> {
  if (state.record?.status === 'approved') {
    note(`打印 print → POST /v1/applications/${state.record.id}/print`, 'sent');
    showRecord(await singleWindow.printApplication(state.record.id));
  }
  const normalised = check(state.application, CHECK_OPTIONS).application as unknown as Record<string, unknown>;
  printHost.replaceChildren(
    h('div', { class: 'print-actions' }, h('button', { type: 'button', onclick: () => window.print() }, '打印 Print'), h('button', { type: 'button', onclick: () => ((printHost.hidden = true), document.body.classList.remove('previewing')) }, '关闭 Close')),
    renderPrintPage(normalised, record()),
  );
  printHost.hidden = false;
  document.body.classList.add('previewing');
}

function button(id: string, label: string, action: () => Promise<void>): HTMLButtonElement {
  return h('button', { id, type: 'button', onclick: () => void guarded(label, action) }, label);
}

function layout(): HTMLElement {
  const attachmentTypes = getCodeTable('attachmentTypes').entries;
  return h(
    'div',
    { class: 'page' },
    h('header', { class: 'top' }, h('h1', {}, '出口许可证申请 · Export licence application'), h('div', {}, '状态 ', statusBadge, ' · 电子钥匙 ', ekeyState)),
    h(
      'main',
      {},
      h('div', { class: 'form-column' }, formHost),
      h(
        'aside',
        {},
        h('section', { class: 'actions' }, summary, button('bind', '绑定电子钥匙 · Bind e-key', bind), button('save', '暂存 · Save', save), button('declare', '申报 · Declare', declare), button('print', '打印 · Print', print)),
        h(
          'section',
          { class: 'attachments' },
          h('h2', {}, '上传附件 · Attachments'),
          h('select', { id: 'attachment-type', 'aria-label': '附件类型' }, ...attachmentTypes.map((entry) => h('option', { value: entry.code }, `${entry.name}`))),
          h('input', { id: 'attachment-file', type: 'file', 'aria-label': '附件文件' }),
          button('upload', '上传 · Upload', upload),
          attachmentList,
        ),
        h('section', { class: 'log-box' }, h('h2', {}, '往来记录 · Sent and received'), log),
      ),
    ),
    h(
      'section',
      { class: 'list' },
      h('h2', {}, '申请列表 · Applications'),
      h('div', { id: 'status-filter', class: 'filters' }, ...STATUSES.map((status) => h('label', {}, h('input', { type: 'checkbox', value: status, onchange: () => void guarded('查询', loadList) }), STATUS_LABELS[status].zh))),
      button('refresh-list', '查询 · Search', loadList),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '申请编号'), h('th', {}, '商务部申请表号'), h('th', {}, '许可证号'), h('th', {}, '状态'))), listHost),
    ),
    h('section', { class: 'statistics' }, h('h2', {}, '统计 · Statistics'), button('refresh-statistics', '刷新统计 · Refresh', loadStatistics), chartsHost),
    printHost,
  );
}

document.querySelector('#app')?.replaceChildren(layout());
renderAll();
refresh();
void guarded('读取账户 account', async () => {
  const account = await singleWindow.me();
  // The exporter and consignor are the account's enterprise (grey, back-filled).
  const enterprise = (account['enterprise'] ?? {}) as Record<string, string>;
  for (const party of ['exporter', 'consignor']) state.application[party] = { code: enterprise['code'], uscc: enterprise['uscc'], name: enterprise['name'] };
  note(`账户 account: ${String((account['operator'] as Record<string, unknown> | undefined)?.['id'] ?? '')} · ${enterprise['name'] ?? ''}`);
  renderAll();
  refresh();
  await Promise.all([loadList(), loadStatistics()]);
});
