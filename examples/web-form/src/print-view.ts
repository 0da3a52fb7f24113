// 打印: the application form as the applicant prints it (批量打印 prints one page per application).
// Laid out for paper with CSS (style.css, @media print and @page): on screen it is a preview; printing
// hides everything else.
import { FIELDS, STATUS_LABELS, getBundledCatalog, searchCodeTable, type CodeTableName, type FieldMeta, type Status } from '@exlic/core';
import { getPath, h } from './dom';

const catalog = getBundledCatalog();
const meta = (path: string) => FIELDS.find((field) => field.path === path) as FieldMeta;

function text(application: unknown, path: string): string {
  const value = getPath(application, path);
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const table = meta(path)?.table as CodeTableName | undefined;
  if (table && typeof value === 'string') {
    const entry = searchCodeTable(table, value, { limit: 10 }).find((candidate) => candidate.code === value);
    return entry ? `${value} ${entry.name}` : value;
  }
  return String(value);
}

/** A numbered box of the form: its label from the metadata and the value. */
function box(no: number, application: unknown, path: string, value = text(application, path)): HTMLElement {
  return h('td', { class: 'box', 'data-print': path }, h('div', { class: 'box-label' }, `${no}. ${meta(path).label.zh}`), h('div', { class: 'box-value' }, value));
}

/** One printed page for one application record. */
export function renderPrintPage(application: Record<string, unknown>, record: Readonly<Record<string, unknown>>): HTMLElement {
  const goods = (application['goods'] ?? {}) as Record<string, string>;
  const entry = goods['hsCode'] ? catalog.find(goods['hsCode']) : undefined;
  const specs = (application['specs'] as Record<string, string>[] | undefined) ?? [];
  const status = record['status'] as Status | undefined;
  return h(
    'article',
    { class: 'print-page' },
    h('header', {}, h('h1', {}, '中华人民共和国出口许可证申请表'), h('p', {}, 'Application Form for Export Licence of the People’s Republic of China')),
    h(
      'table',
      { class: 'print-grid' },
      h('tr', {}, box(1, application, 'exporter.name', `${text(application, 'exporter.name')}  ${text(application, 'exporter.code')}`), box(3, application, 'licenceNo', String(record['licenceNo'] ?? ''))),
      h('tr', {}, box(2, application, 'consignor.name'), box(4, application, 'validUntil')),
      h('tr', {}, box(5, application, 'tradeMode'), box(8, application, 'importingCountry')),
      h('tr', {}, box(6, application, 'contract.no'), box(9, application, 'paymentMethod')),
      h('tr', {}, box(7, application, 'customsPort'), box(10, application, 'transportMode')),
      h('tr', {}, h('td', { colspan: '2', class: 'box' }, h('div', { class: 'box-label' }, `11. ${meta('goods.name').label.zh} / ${meta('goods.hsCode').label.zh}`), h('div', { class: 'box-value', 'data-print': 'goods.hsCode' }, `${goods['hsCode'] ?? ''}  ${entry?.name ?? goods['name'] ?? ''}`))),
    ),
    h(
      'table',
      { class: 'print-specs' },
      h('thead', {}, h('tr', {}, ...['12. 规格、等级', '13. 单位', '14. 数量', '15. 单价', '16. 总值'].map((title) => h('th', {}, title)))),
      h(
        'tbody',
        {},
        ...specs.map((row) => h('tr', {}, h('td', {}, row['spec'] ?? row['model'] ?? ''), h('td', {}, entry?.unit ?? goods['unit'] ?? ''), h('td', { class: 'num' }, row['quantity'] ?? ''), h('td', { class: 'num' }, row['unitPrice'] ?? ''), h('td', { class: 'num' }, row['totalPrice'] ?? row['totalValue'] ?? ''))),
        h('tr', { class: 'total' }, h('td', { colspan: '2' }, '17. 总计'), h('td', { class: 'num' }, goods['totalQuantity'] ?? ''), h('td', {}, text(application, 'goods.priceCurrency')), h('td', { class: 'num' }, goods['totalAmount'] ?? '')),
      ),
    ),
    h(
      'table',
      { class: 'print-grid' },
      h('tr', {}, box(18, application, 'other.remarks'), box(19, application, 'other.issuingAuthority')),
      h('tr', {}, box(20, application, 'other.applicantName', `${text(application, 'other.applicantName')}  ${text(application, 'other.applicantContact')}`), box(21, application, 'other.appliedOn')),
    ),
    h('footer', {}, `${meta('mofcomApplicationNo').label.zh}: ${String(record['mofcomApplicationNo'] ?? '—')}  ·  ${meta('status').label.zh}: ${status ? STATUS_LABELS[status].zh : '—'}`),
  );
}
