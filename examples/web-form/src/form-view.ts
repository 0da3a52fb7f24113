// The application form, rendered from @exlic/core's field metadata (FIELDS): every label, type, source,
// lookup table and length comes from there, so the form follows the SDK when a field is added.
// System fields (filled by the account, the catalog, the server or computed) are grey and read-only;
// the fields the rules require now are painted yellow by the caller (see main.ts).
import { FIELDS, getBundledCatalog, searchCodeTable, type FieldMeta, type GoodsClass } from '@exlic/core';
import { getPath, h } from './dom';
import { createLookup, type LookupItem } from './lookup';

/** The form's sections in the portal's order, and which top-level fields each holds. */
const SECTIONS: readonly { readonly id: string; readonly title: string; readonly holds: (path: string) => boolean }[] = [
  { id: 'basic', title: '基本信息 · Basic information', holds: (path) => !/^(goods|other|pledge|specs|producers|qualityCertificateNos|contractDetails|attachments)\b/.test(path) },
  { id: 'goods', title: '商品信息 · Goods', holds: (path) => path.startsWith('goods.') },
  { id: 'other', title: '其他信息 · Other information', holds: (path) => path.startsWith('other.') || path === 'pledge' },
];

/** Sources whose fields the user never types: the portal shows them grey. */
const SYSTEM_SOURCES = new Set(['account', 'server', 'computed', 'catalog']);

/** True for a field the user cannot edit (grey). The commodity code is the catalog's lookup, so it stays editable. */
export function isSystemField(meta: FieldMeta): boolean {
  return SYSTEM_SOURCES.has(meta.source) && meta.path !== 'goods.hsCode';
}

/** What the form needs from the page. */
export interface FormContext {
  /** The application being edited (plain JSON, the wire format). */
  readonly application: Record<string, unknown>;
  /** Server-side values shown in the grey fields: id, status, numbers. */
  readonly record: Readonly<Record<string, unknown>>;
  /** The goods class the catalog gives the commodity, which decides the spec rows' shape. */
  readonly goodsClass: GoodsClass | undefined;
  /** Called when the user changes a field (path in dotted form: `specs.0.quantity`). */
  readonly onChange: (path: string, value: unknown) => void;
  /** Called when the user adds or removes an element of a list (spec rows, producers). */
  readonly onListChange: () => void;
}

const catalog = getBundledCatalog();

/** Lookup choices for a field: a code table's entries, or the commodity catalog's. */
export function searchFor(meta: FieldMeta): (query: string) => LookupItem[] {
  if (meta.path === 'goods.hsCode') {
    return (query) => (query === '' ? catalog.entries.slice(0, 10) : catalog.search(query, { limit: 10 })).map((entry) => ({ code: entry.hsCode, name: entry.name, detail: `${entry.unit} · ${entry.year}` }));
  }
  const table = meta.table;
  if (!table) return () => [];
  return (query) => searchCodeTable(table, query, { limit: 10 }).map((entry) => ({ code: entry.code, name: entry.name }));
}

/** The name shown beside a code already in the application. */
function describe(meta: FieldMeta, code: unknown): LookupItem | undefined {
  if (typeof code !== 'string' || code === '') return undefined;
  if (meta.path === 'goods.hsCode') {
    const entry = catalog.find(code);
    return { code, name: entry?.name ?? '' };
  }
  const match = meta.table ? searchCodeTable(meta.table, code, { limit: 10 }).find((entry) => entry.code === code) : undefined;
  return { code, name: match?.name ?? '' };
}

/** One field: label, control and the place for its red prompt. `path` is dotted (`specs.0.quantity`). */
export function renderField(meta: FieldMeta, path: string, value: unknown, ctx: FormContext, options: { compact?: boolean } = {}): HTMLElement {
  const id = `f-${path.replaceAll('.', '-')}`;
  const system = isSystemField(meta);
  let control: HTMLElement;
  if (meta.source === 'lookup' || meta.path === 'goods.hsCode') {
    control = createLookup({ path, label: meta.label.zh, search: searchFor(meta), value: describe(meta, value), onSelect: (item) => ctx.onChange(path, item.code) });
    control.querySelector('input')?.setAttribute('id', id);
  } else if (meta.type === 'boolean') {
    control = h('input', { id, type: 'checkbox', 'data-field': path, checked: value === true, disabled: system, onchange: (event) => ctx.onChange(path, (event.target as HTMLInputElement).checked) });
  } else {
    const text = value === undefined || value === null ? '' : String(value);
    control = h('input', {
      id,
      type: meta.type === 'date' ? 'date' : 'text',
      inputmode: meta.type === 'decimal' || meta.type === 'integer' ? 'decimal' : undefined,
      maxlength: meta.maxLength ?? meta.length,
      readonly: system,
      tabindex: system ? '-1' : undefined,
      'data-field': path,
      value: text,
      oninput: (event) => ctx.onChange(path, (event.target as HTMLInputElement).value.trim()),
    });
  }
  const label = h('label', { for: id, title: meta.label.en }, meta.label.zh);
  return h(
    'div',
    { class: `field${system ? ' system' : ''}${options.compact ? ' compact' : ''} type-${meta.type}`, 'data-path': path },
    options.compact ? null : label,
    control,
    h('span', { class: 'prompt', role: 'alert', 'aria-live': 'polite' }),
  );
}

/** The top-level sections: every leaf field of the metadata that is not part of a list. */
function renderSections(ctx: FormContext): HTMLElement[] {
  const leaves = FIELDS.filter((meta) => meta.type !== 'object' && meta.type !== 'array' && !meta.path.includes('[]') && meta.path !== 'schemaVersion');
  return SECTIONS.map((section) =>
    h(
      'fieldset',
      { class: 'section', id: `section-${section.id}` },
      h('legend', {}, section.title),
      h('div', { class: 'grid' }, ...leaves.filter((meta) => section.holds(meta.path)).map((meta) => renderField(meta, meta.path, ctx.record[meta.path] ?? getPath(ctx.application, meta.path), ctx))),
    ),
  );
}

/** A list of rows (spec rows, producers) whose columns are the metadata's `prefix[].x` fields that apply. */
function renderRows(title: string, prefix: string, columns: readonly FieldMeta[], ctx: FormContext, emptyRow: () => Record<string, unknown>): HTMLElement {
  const rows = (ctx.application[prefix] as Record<string, unknown>[] | undefined) ?? [];
  const head = h('tr', {}, h('th', {}, '#'), ...columns.map((meta) => h('th', { title: meta.label.en, 'data-column': meta.path }, meta.label.zh)), h('th', {}, ''));
  const body = rows.map((row, index) =>
    h(
      'tr',
      { 'data-path': `${prefix}.${index}` },
      h('td', {}, String(index + 1)),
      ...columns.map((meta) => h('td', {}, renderField(meta, `${prefix}.${index}.${meta.path.slice(prefix.length + 3)}`, row[meta.path.slice(prefix.length + 3)], ctx, { compact: true }))),
      h('td', {}, h('button', { type: 'button', class: 'remove-row', 'aria-label': `删除第${index + 1}行`, onclick: () => (rows.splice(index, 1), ctx.onListChange()) }, '删除')),
    ),
  );
  const add = h('button', { type: 'button', class: 'add-row', 'data-list': prefix, onclick: () => ((ctx.application[prefix] = [...rows, emptyRow()]), ctx.onListChange()) }, '＋ 新增一行');
  return h(
    'fieldset',
    { class: 'section rows', id: `section-${prefix}`, 'data-path': prefix },
    h('legend', {}, title),
    h('table', {}, h('thead', {}, head), h('tbody', {}, ...body)),
    add,
    h('span', { class: 'prompt', role: 'alert' }),
  );
}

/** The columns of a spec row for a goods class: the metadata says which classes have each column. */
export function specColumns(goodsClass: GoodsClass | undefined): FieldMeta[] {
  const cls = goodsClass ?? 'general';
  return FIELDS.filter((meta) => meta.path.startsWith('specs[].') && meta.type !== 'array' && (meta.goodsClasses ?? []).includes(cls));
}

/** The whole form for the current goods class. */
export function renderForm(ctx: FormContext): HTMLElement {
  const parts: HTMLElement[] = renderSections(ctx);
  const byPath = (path: string) => FIELDS.filter((meta) => meta.path.startsWith(`${path}[].`));
  const specs = renderRows(`规格型号信息 · Specification rows (${ctx.goodsClass ?? 'general'})`, 'specs', specColumns(ctx.goodsClass), ctx, () => ({}));
  specs.dataset['goodsClass'] = ctx.goodsClass ?? 'general';
  parts.splice(2, 0, specs);
  if (ctx.goodsClass === 'steel') {
    // Steel needs its producers and its quality certificates (the metadata's conditional fields).
    parts.splice(3, 0, renderRows('生产商 · Producers', 'producers', byPath('producers'), ctx, () => ({})), renderCertificates(ctx));
  }
  return h('div', { class: 'form' }, ...parts);
}

/** 产品质量检验合格证明编号: a list of plain strings. */
function renderCertificates(ctx: FormContext): HTMLElement {
  const meta = FIELDS.find((field) => field.path === 'qualityCertificateNos[]') as FieldMeta;
  const numbers = (ctx.application['qualityCertificateNos'] as string[] | undefined) ?? [];
  return h(
    'fieldset',
    { class: 'section rows', id: 'section-qualityCertificateNos', 'data-path': 'qualityCertificateNos' },
    h('legend', {}, `${meta.label.zh} · ${meta.label.en}`),
    ...numbers.map((value, index) =>
      h(
        'div',
        { class: 'field compact', 'data-path': `qualityCertificateNos.${index}` },
        h('input', { type: 'text', 'data-field': `qualityCertificateNos.${index}`, 'aria-label': `${meta.label.zh} ${index + 1}`, value, oninput: (event) => ctx.onChange(`qualityCertificateNos.${index}`, (event.target as HTMLInputElement).value.trim()) }),
        h('span', { class: 'prompt', role: 'alert' }),
      ),
    ),
    h('button', { type: 'button', class: 'add-row', 'data-list': 'qualityCertificateNos', onclick: () => ((ctx.application['qualityCertificateNos'] = [...numbers, '']), ctx.onListChange()) }, '＋ 新增编号'),
    h('span', { class: 'prompt', role: 'alert' }),
  );
}
