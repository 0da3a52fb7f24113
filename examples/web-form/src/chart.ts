// Statistics drawn as a bar chart in SVG: licences issued per month or per country, with the amounts as tooltips.
const SVG = 'http://www.w3.org/2000/svg';

/** One bar: its key (a month `2026-11`, a country `JPN`), the count, and the amounts per currency. */
export interface ChartRow {
  readonly key: string;
  readonly count: number;
  readonly amounts?: readonly { readonly currency: string; readonly amount: string }[];
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A bar chart of `rows` titled `title`; an empty chart says there is nothing yet. */
export function barChart(title: string, rows: readonly ChartRow[], id: string): SVGSVGElement {
  const width = 360;
  const height = 180;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const band = rows.length > 0 ? (width - 40) / rows.length : width;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height + 40}`, role: 'img', 'aria-label': title, id, class: 'chart' });
  chart.append(svg('text', { x: 0, y: 14, class: 'chart-title' }, title));
  chart.append(svg('line', { x1: 30, y1: height, x2: width, y2: height, class: 'axis' }));
  if (rows.length === 0) chart.append(svg('text', { x: 40, y: height / 2, class: 'chart-empty' }, '暂无数据 · no licences yet'));
  rows.forEach((row, index) => {
    const barHeight = ((height - 30) * row.count) / max;
    const x = 34 + index * band + band * 0.15;
    const bar = svg('rect', { x, y: height - barHeight, width: band * 0.7, height: barHeight, class: 'bar', 'data-key': row.key, 'data-count': row.count });
    bar.append(svg('title', {}, `${row.key}: ${row.count} · ${(row.amounts ?? []).map((amount) => `${amount.amount} ${amount.currency}`).join(', ')}`));
    chart.append(bar);
    chart.append(svg('text', { x: x + band * 0.35, y: height - barHeight - 4, class: 'bar-count', 'text-anchor': 'middle' }, String(row.count)));
    chart.append(svg('text', { x: x + band * 0.35, y: height + 16, class: 'bar-key', 'text-anchor': 'middle' }, row.key));
  });
  return chart;
}
