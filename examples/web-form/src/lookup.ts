// A lookup field as the portal's manual describes it: the cursor in the box, Space (or the ▼ button)
// opens the list; typing digits, letters, Chinese or pinyin initials narrows it (fuzzy search from
// @exlic/core); ↑/↓ move, Enter confirms, Escape closes. The field keeps the code; the box shows the
// code and its name.
import { h } from './dom';

/** One choice of a lookup: the code stored in the application, and the name shown beside it. */
export interface LookupItem {
  readonly code: string;
  readonly name: string;
  /** A second line, e.g. the commodity's unit and year. */
  readonly detail?: string;
}

/** What a lookup field needs. */
export interface LookupOptions {
  /** The field's path, for ids and tests (`importingCountry`, `goods.hsCode`). */
  readonly path: string;
  readonly label: string;
  /** The choices for a query; an empty query lists the first entries. */
  readonly search: (query: string) => readonly LookupItem[];
  /** The current code and its name, if any. */
  readonly value?: LookupItem | undefined;
  /** Called with the chosen item. */
  readonly onSelect: (item: LookupItem) => void;
}

let lookupCount = 0;

/** Builds the combobox (WAI-ARIA 1.2 pattern): an input, a toggle button and a listbox. */
export function createLookup(options: LookupOptions): HTMLElement {
  const listId = `lookup-${++lookupCount}`;
  let items: readonly LookupItem[] = [];
  let active = -1;
  const show = (item: LookupItem | undefined) => (item ? `${item.code} ${item.name}` : '');

  const input = h('input', {
    type: 'text',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-autocomplete': 'list',
    'aria-label': options.label,
    autocomplete: 'off',
    placeholder: '按空格键检索、支持模糊查询',
    'data-field': options.path,
    value: show(options.value),
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'lookup-list', hidden: true });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    for (const [i, option] of [...list.children].entries()) option.setAttribute('aria-selected', String(i === index));
    const option = list.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  };
  const choose = (item: LookupItem) => {
    input.value = show(item);
    close();
    options.onSelect(item);
  };
  const open = (query: string) => {
    items = options.search(query.trim());
    list.replaceChildren(
      ...items.map((item, index) =>
        h(
          'li',
          { id: `${listId}-${index}`, role: 'option', 'aria-selected': 'false', 'data-code': item.code, onmousedown: (event) => (event.preventDefault(), choose(item)) },
          h('span', { class: 'code' }, item.code),
          ' ',
          h('span', { class: 'name' }, item.name),
          item.detail ? h('small', {}, ` ${item.detail}`) : null,
        ),
      ),
    );
    if (items.length === 0) list.append(h('li', { class: 'empty', role: 'presentation' }, '无匹配项 · no match'));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(items.length > 0 ? 0 : -1);
  };

  input.addEventListener('keydown', (event) => {
    const expanded = !list.hidden;
    if (event.key === ' ' && !expanded) {
      event.preventDefault();
      open(input.value === show(options.value) ? '' : input.value);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!expanded) open(input.value);
      else if (items.length > 0) highlight((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && expanded && items.length > 0) {
      event.preventDefault();
      highlight((active - 1 + items.length) % items.length);
    } else if (event.key === 'Enter' && expanded) {
      event.preventDefault();
      const item = items[active];
      if (item) choose(item);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('input', () => open(input.value));
  input.addEventListener('blur', close);

  const toggle = h('button', { type: 'button', class: 'lookup-toggle', tabindex: '-1', 'aria-label': `${options.label} ▼`, onclick: () => (list.hidden ? (input.focus(), open('')) : close()) }, '▼');
  return h('span', { class: 'lookup' }, input, toggle, list);
}
