/**
 * The printable application form (中华人民共和国出口许可证申请表) as a PDF: one A4 page per application, with every
 * field of the portal's form (用户手册 第六篇 第一章 许可证申请界面) under the portal's labels (core's field metadata).
 *
 * Chinese is drawn with Noto Sans SC (SIL Open Font License 1.1, which allows embedding and redistribution) from the
 * npm package `@fontsource/noto-sans-sc`; pdf-lib embeds only the glyphs a document uses (subsetting), so a page
 * costs tens of kilobytes, not the font's megabytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { PDFFont, PDFPage } from 'pdf-lib';
import { STATUS_LABELS, findCode, getField, getGoodsClass, isCodeTableName } from '@exlic/core';
import type { ExportLicenceApplication } from '@exlic/core';
import { prepareFont } from './font-file';

/** Options of {@link renderApplicationFormPdf}. */
export interface ApplicationFormPdfOptions {
  /** The document title in the PDF's metadata. @default '中华人民共和国出口许可证申请表' */
  title?: string;
  /** When the PDF was made (its metadata dates). @default now */
  now?: Date;
  /**
   * Font files to draw with, tried in order for each character (TTF or OTF bytes; WOFF is converted first).
   * @default Noto Sans SC (chinese-simplified, latin and latin-ext subsets of `@fontsource/noto-sans-sc`, weight 400)
   */
  fonts?: readonly Uint8Array[];
}

/** The form's title as printed. */
export const APPLICATION_FORM_TITLE = '中华人民共和国出口许可证申请表';

/** The pledge printed above the data (the form's 我承诺 box). */
const PLEDGE = '我承诺有关经营活动严格遵守法律法规和国家有关规定。申请内容如实反映真实情况，并对申请材料的真实性负责。';

// Bounds that keep one application on one page whatever it holds: longer lists are cut with a note.
const MAX_SPEC_ROWS = 20;
const MAX_PRODUCERS = 6;
/** Characters of one value considered for layout; the rest of a hostile or oversized value is never measured. */
const MAX_VALUE_CHARS = 400;

const PAGE = { width: 595.28, height: 841.89, margin: 28 } as const;
const SIZE = { title: 15, section: 9, label: 6.5, value: 8, table: 7 } as const;
/** Height of one line of values, and of a table row. */
const LINE = 10;
const TABLE_ROW = 10.5;
const GREY = rgb(0.93, 0.93, 0.93);
const BORDER = rgb(0.55, 0.55, 0.55);
const INK = rgb(0, 0, 0);

let defaultFonts: Uint8Array[] | undefined;

function loadDefaultFonts(): Uint8Array[] {
  if (!defaultFonts) {
    // Resolved through the package, so it works from src (tests) and from dist (ESM and CJS alike).
    const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
    const file = (subset: string) => readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${subset}-400-normal.woff`));
    defaultFonts = [file('chinese-simplified'), file('latin'), file('latin-ext')].map(prepareFont);
  }
  return defaultFonts;
}

interface Fonts {
  fonts: PDFFont[];
  /** Per font, whether it has a glyph for a code point. */
  has: ((codePoint: number) => boolean)[];
  /** Advance widths at size 1, per font and character: measuring through the font's shaper on every call made layout quadratic and slow for a CJK font. */
  widths: Map<PDFFont, Map<string, number>>;
}

type GlyphFont = { hasGlyphForCodePoint(codePoint: number): boolean };

/** Whether a font has a glyph: asked of the fontkit font pdf-lib already parsed (parsing a CJK font again costs a second), else of a fresh parse. */
function glyphTest(font: PDFFont, bytes: Uint8Array): (codePoint: number) => boolean {
  const parsed = (font as unknown as { embedder?: { font?: Partial<GlyphFont> } }).embedder?.font;
  const glyphs: GlyphFont = typeof parsed?.hasGlyphForCodePoint === 'function' ? (parsed as GlyphFont) : (fontkit.create(bytes as Parameters<typeof fontkit.create>[0]) as GlyphFont);
  const cache = new Map<number, boolean>();
  return (codePoint) => {
    let has = cache.get(codePoint);
    if (has === undefined) cache.set(codePoint, (has = glyphs.hasGlyphForCodePoint(codePoint)));
    return has;
  };
}

interface Run {
  font: PDFFont;
  text: string;
}

/** Splits text into runs, each drawn with the first font that has its characters; a character no font has becomes "?". */
function runsOf(text: string, fonts: Fonts): Run[] {
  const runs: Run[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    let index = fonts.has.findIndex((has) => has(codePoint));
    let drawn = char;
    if (index < 0) {
      index = 0;
      drawn = '?';
    }
    const font = fonts.fonts[index]!;
    const last = runs.at(-1);
    if (last && last.font === font) last.text += drawn;
    else runs.push({ font, text: drawn });
  }
  return runs;
}

function charWidth(fonts: Fonts, font: PDFFont, char: string): number {
  let byChar = fonts.widths.get(font);
  if (!byChar) fonts.widths.set(font, (byChar = new Map()));
  let width = byChar.get(char);
  if (width === undefined) byChar.set(char, (width = font.widthOfTextAtSize(char, 1)));
  return width;
}

function widthOf(runs: readonly Run[], size: number, fonts: Fonts): number {
  let sum = 0;
  for (const run of runs) for (const char of run.text) sum += charWidth(fonts, run.font, char);
  return sum * size;
}

/** Breaks text into at most `maxLines` lines of `width`; the last line ends with "…" when text is left over. Linear in the text's length. */
function wrap(text: string, width: number, size: number, fonts: Fonts, maxLines: number): Run[][] {
  const chars = [...text.replace(/\s+/g, ' ').slice(0, MAX_VALUE_CHARS)];
  const widthOfChar = (char: string) => {
    const [run] = runsOf(char, fonts);
    return run ? charWidth(fonts, run.font, run.text) * size : 0;
  };
  const ellipsis = widthOfChar('…');
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const w = widthOfChar(char);
    if (current !== '' && used + w > width) {
      if (lines.length === maxLines - 1) {
        // The last line: cut until the ellipsis fits.
        const cut = [...current];
        let cutWidth = used;
        while (cut.length > 0 && cutWidth + ellipsis > width) cutWidth -= widthOfChar(cut.pop()!);
        lines.push(`${cut.join('')}…`);
        return lines.map((line) => runsOf(line, fonts));
      }
      lines.push(current);
      current = char;
      used = w;
    } else {
      current += char;
      used += w;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines.map((line) => runsOf(line, fonts));
}

function drawRuns(page: PDFPage, runs: readonly Run[], x: number, y: number, size: number, fonts: Fonts): void {
  let cursor = x;
  for (const run of runs) {
    page.drawText(run.text, { x: cursor, y, size, font: run.font, color: INK });
    cursor += widthOf([run], size, fonts);
  }
}

const get = (value: unknown, path: string): unknown => {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
};

/** A field's value as printed: a code with its name from the field's code table, 是/否 for a switch, the status's label. */
function printable(path: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (path === 'status' && typeof value === 'string') return STATUS_LABELS[value as keyof typeof STATUS_LABELS]?.zh ?? value;
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  const table = getField(path)?.table;
  if (table && isCodeTableName(table) && typeof value === 'string') {
    const entry = findCode(table, value);
    if (entry) return `${value} ${entry.name}`;
  }
  return text;
}

const labelOf = (path: string): string => getField(path)?.label.zh ?? path;

// The form's layout: rows of fields, as the portal arranges them (三列).
const BASIC: readonly (readonly string[])[] = [
  ['id', 'mofcomApplicationNo', 'licenceNo'],
  ['year', 'status', 'customsPort'],
  ['exporter.code', 'exporter.uscc', 'exporter.name'],
  ['consignor.code', 'consignor.uscc', 'consignor.name'],
  ['tradeMode', 'importingCountry', 'transportMode'],
  ['validUntil', 'paymentMethod', 'contract.no'],
  ['importer.nameZh', 'importer.nameEn'],
  ['contract.quantity', 'contract.unit', 'contract.signedOn'],
  ['contract.amount', 'contract.currency', 'contract.validUntil'],
];
const GOODS: readonly (readonly string[])[] = [
  ['goods.hsCode', 'goods.unit', 'goods.name'],
  ['goods.priceCurrency', 'goods.totalQuantity', 'goods.totalAmount'],
  ['goods.certificateNo', 'goods.approvalNo', 'goods.categoryCode'],
];
const OTHER: readonly (readonly string[])[] = [
  ['other.remarks'],
  ['other.oneBatchOneLicence', 'other.issuingAuthority', 'other.extendedPrinting'],
  ['other.printTerminal', 'other.remotePrinting', 'other.remotePrintingAuthority'],
  ['other.applicantName', 'other.applicantContact', 'other.appliedOn'],
];
/** Rows whose values get two lines (names); every other row gets one. */
const TWO_LINE_ROWS = new Set(['exporter.code', 'consignor.code', 'importer.nameZh', 'goods.hsCode']);
const SPEC_COLUMN_ORDER = ['spec', 'brand', 'model', 'vin', 'registeredOn', 'transferredOn', 'chassisBrand', 'quantity', 'unitPrice', 'totalPrice', 'totalValue', 'totalValueUsd'] as const;
/** Relative column widths: a VIN (17 characters) and a spec text need more room than a date or a number. */
const SPEC_COLUMN_WEIGHT: Readonly<Record<string, number>> = { spec: 2.4, vin: 1.9, transferredOn: 1.3 };

/** The spec-row columns: the goods class's row shape, else the columns the rows use; never the attachment ids. */
function specColumns(app: ExportLicenceApplication): string[] {
  const shape = getGoodsClass(app.goods?.goodsClass)?.rowSchema.shape;
  const rows = (app.specs ?? []).slice(0, MAX_SPEC_ROWS) as Record<string, unknown>[];
  return SPEC_COLUMN_ORDER.filter((column) => (shape ? column in shape : rows.some((row) => row?.[column] !== undefined && row?.[column] !== '')) || (!shape && rows.length === 0 && ['spec', 'unitPrice', 'quantity', 'totalPrice'].includes(column)));
}

class PageWriter {
  y: number;
  readonly width = PAGE.width - 2 * PAGE.margin;

  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
  ) {
    this.y = PAGE.height - PAGE.margin;
  }

  text(text: string, x: number, size: number, width: number, maxLines = 1): number {
    const lines = wrap(text, width, size, this.fonts, maxLines);
    lines.forEach((line, index) => drawRuns(this.page, line, x, this.y - size - index * (size + 2.5), size, this.fonts));
    return lines.length;
  }

  section(title: string): void {
    this.y -= 3;
    this.page.drawRectangle({ x: PAGE.margin, y: this.y - 12.5, width: this.width, height: 12.5, color: GREY });
    const saved = this.y;
    this.y -= 1;
    this.text(title, PAGE.margin + 4, SIZE.section, this.width - 8);
    this.y = saved - 14;
  }

  /** One row of label/value cells; each field gets an equal share of the width, values wrap to `maxLines`. */
  fields(paths: readonly string[], app: ExportLicenceApplication, maxLines = 2, value: (path: string) => string = (path) => printable(path, get(app, path))): void {
    const cell = this.width / paths.length;
    const height = 8 + maxLines * LINE;
    paths.forEach((path, index) => {
      const x = PAGE.margin + index * cell;
      this.page.drawRectangle({ x, y: this.y - height, width: cell, height, borderColor: BORDER, borderWidth: 0.5 });
      this.text(labelOf(path), x + 3, SIZE.label, cell - 6);
      const saved = this.y;
      this.y -= 7.5;
      this.text(value(path), x + 3, SIZE.value, cell - 6, maxLines);
      this.y = saved;
    });
    this.y -= height;
  }

  /** A table: a header row, then one row per item (the first `maxRows`, with a note of how many there are in all). */
  table(headers: readonly string[], items: readonly unknown[], cells: (item: unknown, index: number) => readonly string[], maxRows: number, widths?: readonly number[]): void {
    // Only the rows shown are formatted: a list of any length costs no more than `maxRows` rows.
    const rows = items.slice(0, maxRows).map(cells);
    const share = widths ?? headers.map(() => 1 / headers.length);
    const xs: number[] = [];
    let x = PAGE.margin;
    for (const part of share) {
      xs.push(x);
      x += part * this.width;
    }
    const row = (cells: readonly string[], fill: boolean) => {
      const height = TABLE_ROW;
      cells.forEach((cell, index) => {
        const cellWidth = share[index]! * this.width;
        this.page.drawRectangle({ x: xs[index]!, y: this.y - height, width: cellWidth, height, borderColor: BORDER, borderWidth: 0.5, ...(fill ? { color: GREY } : {}) });
        const saved = this.y;
        this.y -= 1.2;
        this.text(cell, xs[index]! + 2, SIZE.table, cellWidth - 4);
        this.y = saved;
      });
      this.y -= height;
    };
    row(headers, true);
    rows.forEach((line) => row(line, false));
    if (rows.length === 0) row(['无', ...headers.slice(1).map(() => '')], false);
    if (items.length > maxRows) {
      this.text(`（共${items.length}行，此处列出前${maxRows}行）`, PAGE.margin + 2, SIZE.label, this.width - 4);
      this.y -= LINE;
    }
  }
}

function drawApplication(doc: PDFDocument, fonts: Fonts, app: ExportLicenceApplication): void {
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const w = new PageWriter(page, fonts);
  const title = runsOf(APPLICATION_FORM_TITLE, fonts);
  drawRuns(page, title, (PAGE.width - widthOf(title, SIZE.title, fonts)) / 2, w.y - SIZE.title, SIZE.title, fonts);
  w.y -= SIZE.title + 8;
  w.text(`${app.pledge === true ? '【已承诺】' : '【未承诺】'}${PLEDGE}`, PAGE.margin, SIZE.label, w.width, 2);
  w.y -= 2 * (SIZE.label + 2.5);

  w.section('基本数据');
  for (const paths of BASIC) w.fields(paths, app, TWO_LINE_ROWS.has(paths[0]!) ? 2 : 1);

  w.section(labelOf('goods'));
  for (const paths of GOODS) w.fields(paths, app, TWO_LINE_ROWS.has(paths[0]!) ? 2 : 1);

  w.section(labelOf('specs'));
  const columns = specColumns(app);
  w.table(
    ['序号', ...columns.map((column) => labelOf(`specs[].${column}`))],
    app.specs ?? [],
    (row, index) => [String(index + 1), ...columns.map((column) => printable(`specs[].${column}`, (row as Record<string, unknown> | null)?.[column]))],
    MAX_SPEC_ROWS,
    ((weights) => [0.06, ...weights.map((weight) => (0.94 * weight) / weights.reduce((sum, item) => sum + item, 0))])(columns.map((column) => SPEC_COLUMN_WEIGHT[column] ?? 1)),
  );

  w.section(labelOf('producers'));
  w.table(
    ['序号', labelOf('producers[].name'), labelOf('producers[].uscc')],
    app.producers ?? [],
    (producer, index) => [String(index + 1), (producer as { name?: string } | null)?.name ?? '', (producer as { uscc?: string } | null)?.uscc ?? ''],
    MAX_PRODUCERS,
    [0.06, 0.6, 0.34],
  );
  w.fields(['qualityCertificateNos'], app, 1, () => (app.qualityCertificateNos ?? []).slice(0, 50).join('；'));

  w.section(labelOf('other'));
  for (const paths of OTHER) w.fields(paths, app, 1);
  w.fields(['other.additionalInfo'], app, 3);
}

/**
 * Renders the printable application form, one A4 page per application, as the portal's 批量打印 prints it.
 *
 * @example
 * ```ts
 * const pdf = await renderApplicationFormPdf([application]);
 * await writeFile('申请表.pdf', pdf);
 * ```
 */
export async function renderApplicationFormPdf(applications: readonly ExportLicenceApplication[], options: ApplicationFormPdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const now = options.now ?? new Date();
  doc.setTitle(options.title ?? APPLICATION_FORM_TITLE);
  doc.setCreator('exlic sandbox');
  doc.setProducer('exlic (pdf-lib)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const files = options.fonts?.map(prepareFont) ?? loadDefaultFonts();
  const embedded = await Promise.all(files.map((bytes) => doc.embedFont(bytes, { subset: true })));
  const fonts: Fonts = { fonts: embedded, has: embedded.map((font, index) => glyphTest(font, files[index]!)), widths: new Map() };
  for (const app of applications) drawApplication(doc, fonts, app);
  if (applications.length === 0) doc.addPage([PAGE.width, PAGE.height]);
  return doc.save();
}
