import { readFileSync, readdirSync } from 'node:fs';
import { customPinyin, pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { CatalogEntry, CodeTableEntry } from './models/catalog';
import { getBundledCatalog } from './catalog';
import { PINYIN_TERM_READINGS } from './pinyin-terms';
import { CODE_TABLE_NAMES } from './table-names';
import { findCode, getCodeTable, hasCode, searchCodeTable } from './tables';

// The bundled pinyin is generated with the trade-term readings (热轧 re zha), so the checks here use them too.
customPinyin(PINYIN_TERM_READINGS);
const initials = (text: string) => pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('');

// Every example of the code-table specification. It pairs `0400` with 天津海关, but 0400 is 石家庄's district
// and 天津's is 0200 (the data file names its sources): the pair is tested as the code table has it.
const EXAMPLES: [(typeof CODE_TABLE_NAMES)[number], string, string][] = [
  ['customsPorts', '0100', '北京关区'],
  ['customsPorts', '2200', '上海海关'],
  ['customsPorts', '5100', '广州海关'],
  ['customsPorts', '5300', '深圳海关'],
  ['customsPorts', '4200', '青岛海关'],
  ['customsPorts', '0200', '天津海关'],
  ['countries', 'USA', '美国'],
  ['countries', 'JPN', '日本'],
  ['countries', 'KOR', '韩国'],
  ['countries', 'DEU', '德国'],
  ['countries', 'RUS', '俄罗斯联邦'],
  ['countries', 'VNM', '越南'],
  ['tradeModes', '0110', '一般贸易'],
  ['tradeModes', '0214', '来料加工'],
  ['tradeModes', '0615', '进料对口'],
  ['transportModes', '2', '水路运输'],
  ['transportModes', '3', '铁路运输'],
  ['transportModes', '4', '公路运输'],
  ['transportModes', '5', '航空运输'],
  ['currencies', 'USD', '美元'],
  ['currencies', 'CNY', '人民币'],
  ['currencies', 'EUR', '欧元'],
  ['currencies', 'JPY', '日元'],
  ['units', '035', '千克'],
  ['units', '003', '辆'],
  ['units', '001', '台'],
  ['units', '007', '个'],
  ['paymentMethods', 'LC', '信用证'],
  ['paymentMethods', 'DP', '付款交单'],
  ['paymentMethods', 'DA', '承兑交单'],
  ['paymentMethods', 'TT', '电汇'],
  ['paymentMethods', 'OA', '赊销'],
  ['paymentMethods', 'OT', '其他'],
  ['issuingAuthorities', 'QLAB', '商务部配额许可证事务局'],
  ['attachmentTypes', 'CONTRACT', '合同'],
  ['attachmentTypes', 'INVOICE', '发票'],
  ['attachmentTypes', 'QUALITY_CERT', '产品质量检验合格证明'],
  ['attachmentTypes', 'APPROVAL', '批复文件'],
  ['attachmentTypes', 'VEHICLE_DOC', '车辆相关证明'],
  ['attachmentTypes', 'OTHER', '其他'],
];

const namesOf = (entry: CodeTableEntry | undefined) => (entry ? [entry.name, ...(entry.aliases ?? [])] : []);

describe('the examples of the code-table specification', () => {
  it.each(EXAMPLES)('%s %s %s is found by code, Chinese name and pinyin initials', (table, code, name) => {
    expect(namesOf(findCode(table, code))).toContain(name);
    expect(searchCodeTable(table, code)[0]?.code).toBe(code);
    expect(searchCodeTable(table, name, { limit: 3 }).map((entry) => entry.code)).toContain(code);
    expect(searchCodeTable(table, initials(name), { limit: 10 }).map((entry) => entry.code)).toContain(code);
  });

  it('has 0400 as the Shijiazhuang district, not Tianjin (the spec is wrong there)', () => {
    expect(namesOf(findCode('customsPorts', '0400')).join()).toContain('石家庄');
  });
});

describe('bundled code tables', () => {
  it.each(CODE_TABLE_NAMES)('%s has a source, unique codes and valid entries', (name) => {
    const table = getCodeTable(name);
    expect(table.table).toBe(name);
    expect(table.source.length).toBeGreaterThan(20);
    expect(table.omits.length).toBeGreaterThan(0);
    const codes = table.entries.map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of table.entries) expect(CodeTableEntry.safeParse(entry).success).toBe(true);
    expect(hasCode(name, codes[0]!)).toBe(true);
    expect(hasCode(name, 'no such code')).toBe(false);
  });

  it('ranks the English name of a country', () => {
    expect(searchCodeTable('countries', 'germany')[0]?.code).toBe('DEU');
    expect(searchCodeTable('currencies', 'us dollar')[0]?.code).toBe('USD');
  });
});

describe('bundled catalog', () => {
  const catalog = getBundledCatalog();

  it('holds the rows of the manual, each a valid entry', () => {
    for (const entry of catalog.entries) expect(CatalogEntry.safeParse(entry).success).toBe(true);
    expect(catalog.find('2825903100', 2023)).toMatchObject({ name: '二氧化锗', categoryCode: '803700', unit: '千克' });
    expect(catalog.find('8703236110')).toMatchObject({ goodsClass: 'vehicleNew', unit: '辆' });
    expect(catalog.find('7208271000')?.goodsClass).toBe('steel');
    expect(catalog.find('2704001000')).toMatchObject({ goodsClass: 'coke', categoryCode: 'B02800' });
    expect(catalog.find('2825903100', 2019)).toBeUndefined();
  });

  it('searches by code prefix, category code, Chinese and pinyin', () => {
    expect(catalog.search('2825').map((entry) => entry.hsCode)).toEqual(['2825903100', '2825903900']);
    expect(catalog.search('B02800')[0]?.hsCode).toBe('2704001000');
    expect(catalog.search('C03201')[0]?.hsCode).toBe('8703236110');
    expect(catalog.search('锗', { limit: 20 })).toHaveLength(6);
    expect(catalog.search('jt')[0]?.hsCode).toBe('2704001000');
    // 热轧卷材 by its initials: 轧 is zha in rolled steel, not ya.
    expect(catalog.search('rzjc', { limit: 50 }).map((entry) => entry.hsCode)).toContain('7208390000');
    expect(catalog.search('ryjc')).toEqual([]);
    expect(catalog.search('锗', { year: 2022 })).toEqual([]);
  });
});

describe('pinyin.generated.json', () => {
  it('is up to date with every bundled name (run npm run gen:pinyin after changing data)', () => {
    const generated = JSON.parse(readFileSync(new URL('./data/pinyin.generated.json', import.meta.url), 'utf8')) as Record<string, string>;
    const dir = new URL('./data/', import.meta.url);
    for (const folder of ['tables', 'catalog']) {
      for (const file of readdirSync(new URL(`${folder}/`, dir)).filter((name) => name.endsWith('.json'))) {
        const table = JSON.parse(readFileSync(new URL(`${folder}/${file}`, dir), 'utf8')) as { entries: { name: string; aliases?: string[] }[] };
        for (const entry of table.entries) {
          for (const text of [entry.name, ...(entry.aliases ?? [])].filter((t) => /\p{Script=Han}/u.test(t))) {
            const expected = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).map((s) => s.trim().toLowerCase()).filter(Boolean).join(' ');
            expect(generated[text], `${folder}/${file}: ${text}`).toBe(expected);
          }
        }
      }
    }
  });
});
