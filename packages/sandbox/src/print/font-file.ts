/**
 * Font file preparation for the PDF renderer, with node:zlib only.
 *
 * 1. WOFF 1.0 to plain sfnt (W3C WOFF File Format 1.0, §4-§5): each table is inflated once. fontkit reads a WOFF
 *    file by inflating tables on access, which made every text measurement of a CJK font cost hundreds of
 *    milliseconds; pdf-lib cannot subset a WOFF2 font at all (it embeds all of it, megabytes per PDF).
 * 2. TrueType glyph records padded to even lengths, with a long `loca`: `@pdf-lib/fontkit` 1.1's subsetter writes a
 *    short `loca` (offsets halved) without padding odd-length glyph records, so glyphs after an odd one are drawn
 *    blank or wrong (pdf-lib issue #1232; fixed upstream in fontkit 1.8, foliojs/fontkit#191, which pdf-lib does not
 *    use). With every record even, the halved offsets are exact.
 */
import { inflateSync } from 'node:zlib';

interface Table {
  tag: number;
  checksum: number;
  data: Uint8Array;
}

const tagOf = (name: string) => (name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3);

function buildSfnt(flavor: number, tables: readonly Table[]): Uint8Array {
  const pad4 = (n: number) => (n + 3) & ~3;
  const headerLength = 12 + tables.length * 16;
  const out = new Uint8Array(headerLength + tables.reduce((sum, table) => sum + pad4(table.data.length), 0));
  const w = new DataView(out.buffer);
  let power = 1;
  let log = 0;
  while (power * 2 <= tables.length) {
    power *= 2;
    log++;
  }
  w.setUint32(0, flavor);
  w.setUint16(4, tables.length);
  w.setUint16(6, power * 16);
  w.setUint16(8, log);
  w.setUint16(10, tables.length * 16 - power * 16);
  let offset = headerLength;
  // Table records sorted by tag, as the OpenType specification asks.
  [...tables]
    .sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0))
    .forEach((table, i) => {
      const record = 12 + i * 16;
      w.setUint32(record, table.tag >>> 0);
      w.setUint32(record + 4, table.checksum >>> 0);
      w.setUint32(record + 8, offset);
      w.setUint32(record + 12, table.data.length);
      out.set(table.data, offset);
      offset += pad4(table.data.length);
    });
  return out;
}

function readSfnt(bytes: Uint8Array): { flavor: number; tables: Table[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numTables = view.getUint16(4);
  if (12 + numTables * 16 > bytes.length) throw new RangeError('The font table directory runs past the end of the file.');
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > bytes.length) throw new RangeError('A font table runs past the end of the file.');
    tables.push({ tag: view.getUint32(record), checksum: view.getUint32(record + 4), data: bytes.subarray(offset, offset + length) });
  }
  return { flavor: view.getUint32(0), tables };
}

/** Converts WOFF bytes to sfnt bytes; bytes that are not WOFF are returned unchanged. Throws on a malformed WOFF file. */
export function woffToSfnt(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 44 || view.getUint32(0) !== tagOf('wOFF') >>> 0) return bytes;
  const numTables = view.getUint16(12);
  if (44 + numTables * 20 > bytes.length) throw new RangeError('WOFF table directory runs past the end of the file.');
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const offset = view.getUint32(entry + 4);
    const compLength = view.getUint32(entry + 8);
    const origLength = view.getUint32(entry + 12);
    if (offset + compLength > bytes.length) throw new RangeError('A WOFF table runs past the end of the file.');
    const stored = bytes.subarray(offset, offset + compLength);
    const data = compLength < origLength ? new Uint8Array(inflateSync(stored, { maxOutputLength: origLength })) : stored;
    if (data.length !== origLength) throw new RangeError('A WOFF table inflates to a length other than the one it announces.');
    tables.push({ tag: view.getUint32(entry), checksum: view.getUint32(entry + 16), data });
  }
  return buildSfnt(view.getUint32(4), tables);
}

/** Pads every TrueType glyph record to an even length and writes a long `loca` (see the module note); a font without `glyf` (CFF) is returned unchanged. */
export function padGlyphRecords(sfnt: Uint8Array): Uint8Array {
  const { flavor, tables } = readSfnt(sfnt);
  const find = (name: string) => tables.find((table) => table.tag >>> 0 === tagOf(name) >>> 0);
  const head = find('head');
  const loca = find('loca');
  const glyf = find('glyf');
  const maxp = find('maxp');
  if (!head || !loca || !glyf || !maxp) return sfnt;
  const headView = new DataView(head.data.buffer, head.data.byteOffset, head.data.byteLength);
  const long = headView.getInt16(50) === 1;
  const numGlyphs = new DataView(maxp.data.buffer, maxp.data.byteOffset, maxp.data.byteLength).getUint16(4);
  const locaView = new DataView(loca.data.buffer, loca.data.byteOffset, loca.data.byteLength);
  if (loca.data.length < (numGlyphs + 1) * (long ? 4 : 2)) throw new RangeError('The font loca table is shorter than its glyph count.');
  const offsetAt = (i: number) => (long ? locaView.getUint32(i * 4) : locaView.getUint16(i * 2) * 2);
  const records: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const start = offsetAt(i);
    const end = offsetAt(i + 1);
    if (end < start || end > glyf.data.length) throw new RangeError(`The font's glyph ${i} lies outside its glyf table.`);
    const record = glyf.data.subarray(start, end);
    records.push(record);
    total += record.length + (record.length & 1);
  }
  const newGlyf = new Uint8Array(total);
  const newLoca = new Uint8Array((numGlyphs + 1) * 4);
  const newLocaView = new DataView(newLoca.buffer);
  let offset = 0;
  records.forEach((record, i) => {
    newLocaView.setUint32(i * 4, offset);
    newGlyf.set(record, offset);
    offset += record.length + (record.length & 1);
  });
  newLocaView.setUint32(numGlyphs * 4, offset);
  const newHead = head.data.slice();
  new DataView(newHead.buffer).setInt16(50, 1);
  return buildSfnt(
    flavor,
    tables.map((table) => (table === head ? { ...table, data: newHead } : table === loca ? { ...table, data: newLoca } : table === glyf ? { ...table, data: newGlyf } : table)),
  );
}

/** A font file ready for pdf-lib: WOFF unpacked, TrueType glyph records padded. */
export function prepareFont(bytes: Uint8Array): Uint8Array {
  return padGlyphRecords(woffToSfnt(bytes));
}
