import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { padGlyphRecords, prepareFont, woffToSfnt } from './font-file';

const require = createRequire(import.meta.url);
const file = (subset: string) => readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${subset}-400-normal.woff`));
const woff = file('latin');
const SAMPLE = [...'AZaz09-.,中华人民共和国出口许可证申请表锗焦'];
type Font = { numGlyphs: number; glyphForCodePoint(codePoint: number): { advanceWidth: number; path: { toSVG(): string } } };
const parse = (bytes: Uint8Array) => fontkit.create(Buffer.from(bytes)) as unknown as Font;
const shapes = (font: Font) => SAMPLE.map((char) => [font.glyphForCodePoint(char.codePointAt(0)!).advanceWidth, font.glyphForCodePoint(char.codePointAt(0)!).path.toSVG()]);

describe('font files for the PDF renderer', () => {
  it('unpacks WOFF to an sfnt that fontkit reads to the same glyphs', () => {
    const sfnt = woffToSfnt(woff);
    expect(new DataView(sfnt.buffer).getUint32(0)).toBe(0x00010000);
    expect(parse(sfnt).numGlyphs).toBe(parse(woff).numGlyphs);
    expect(shapes(parse(sfnt)).slice(0, 9)).toEqual(shapes(parse(woff)).slice(0, 9));
    // Not WOFF: unchanged.
    expect(woffToSfnt(sfnt)).toBe(sfnt);
  });

  it('pads every glyph record to an even length behind a long loca, keeping every glyph', () => {
    // The CJK file the renderer draws with.
    const before = woffToSfnt(file('chinese-simplified'));
    const after = padGlyphRecords(before);
    const font = parse(after) as Font & { head: { indexToLocFormat: number }; loca: { offsets: number[] } };
    expect(font.head.indexToLocFormat).toBe(1);
    expect(font.loca.offsets.every((offset) => offset % 2 === 0)).toBe(true);
    expect(shapes(font)).toEqual(shapes(parse(before)));
    // The source had odd records: without the padding, @pdf-lib/fontkit's short-loca subset shifts every later glyph.
    const original = parse(before) as Font & { loca: { offsets: number[] } };
    expect(original.loca.offsets.some((offset, i) => i > 0 && (offset - original.loca.offsets[i - 1]!) % 2 === 1)).toBe(true);
  });

  it('refuses a WOFF file whose tables run past its end', () => {
    expect(() => prepareFont(woff.subarray(0, 200))).toThrow(RangeError);
  });
});
