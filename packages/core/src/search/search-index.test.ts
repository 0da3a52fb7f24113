import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { createSearchIndex, normalizeQuery, type SearchKeys } from './search-index';

interface Row {
  code: string;
  name: string;
  nameEn?: string;
}
const keys = (row: Row): SearchKeys => ({ codes: [row.code], names: [row.name], englishNames: row.nameEn ? [row.nameEn] : [] });
const toPinyin = (text: string) => pinyin(text, { toneType: 'none' });

const rows: Row[] = [
  { code: '0110', name: '一般贸易', nameEn: 'General trade' },
  { code: '0214', name: '来料加工', nameEn: 'Processing with supplied materials' },
  { code: '0615', name: '进料对口', nameEn: 'Processing with imported materials' },
  { code: '1110', name: '对台贸易', nameEn: 'Trade with Taiwan' },
  { code: '0130', name: '易货贸易', nameEn: 'Barter trade' },
  { code: '2110', name: '贸易', nameEn: 'Trade' },
];
const index = createSearchIndex(rows, keys, { pinyin: toPinyin });
const codes = (query: string, limit?: number) => index.search(query, limit === undefined ? {} : { limit }).map((row) => row.code);

describe('createSearchIndex', () => {
  it('ranks the exact code first, then code prefixes, then names', () => {
    expect(codes('0110')).toEqual(['0110']);
    expect(codes('01')).toEqual(['0110', '0130']);
    expect(index.searchHits('0110')[0]?.match).toBe('code');
    expect(index.searchHits('01')[0]?.match).toBe('codePrefix');
  });

  it('finds Chinese characters anywhere in the name, exact name first', () => {
    expect(codes('贸易')).toEqual(['2110', '0110', '0130', '1110']);
    expect(index.searchHits('贸易').map((hit) => hit.match)).toEqual(['exact', 'contains', 'contains', 'contains']);
    expect(codes('加工')).toEqual(['0214']);
  });

  it('finds pinyin initials and full pinyin, with or without spaces', () => {
    expect(codes('ybmy')).toEqual(['0110']);
    expect(codes('yiban')).toEqual(['0110']);
    expect(codes('yi ban mao')).toEqual(['0110']);
    expect(codes('my')).toContain('2110');
    expect(codes('lljg')).toEqual(['0214']);
  });

  it('finds English names, ignoring case and full-width forms', () => {
    expect(codes('barter')).toEqual(['0130']);
    expect(codes('ＢＡＲＴＥＲ')).toEqual(['0130']);
    expect(codes('imported')).toEqual(['0615']);
  });

  it('honours the limit and returns nothing for a miss', () => {
    expect(codes('贸易', 2)).toHaveLength(2);
    expect(codes('贸易', 0)).toEqual([]);
    expect(codes('zzzz')).toEqual([]);
    expect(codes('钢')).toEqual([]);
  });

  it('lists entries in code order for an empty query', () => {
    expect(codes('', 3)).toEqual(['0110', '0130', '0214']);
  });

  it('never matches across the boundary of two keys', () => {
    // "0110" followed by the name "一般…": a query spanning both must not match.
    expect(codes('0一')).toEqual([]);
  });

  it('looks entries up by exact code', () => {
    expect(index.getByCode('0615').map((row) => row.name)).toEqual(['进料对口']);
    expect(index.getByCode('9999')).toEqual([]);
  });
});

describe('normalizeQuery', () => {
  it('folds case, width and white space', () => {
    expect(normalizeQuery('  ＵＳＡ   dollar ')).toBe('usa dollar');
  });
});
