// `exlic catalog import` of the official list as published: the 2026 annex's columns (序号, 货物种类, 海关商品编号,
// 货物名称, 单位), a title row above the header, 货物种类 merged over its rows, compound units, as CSV and as an
// XLSX file that another library (write-excel-file) writes, so the reader is proven on a file it did not make.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_KIND_CLASSES, GOODS_CLASS_REGISTRY, catalogKindClass } from '@exlic/core';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import type { CliIo } from '../src/io';
import { main } from '../src/main';

function memoryIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env: {}, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const TITLE = '出口许可证管理货物目录（2026年）';
const HEADER = ['序号', '货物种类', '海关商品编号', '货物名称', '单位'];

// Kinds as the 2026 announcement names them, each with codes of its chapter; the class each must get.
const KINDS: { kind: string; goodsClass: string; codes: [string, string, string][] }[] = [
  { kind: '活牛(对港澳)', goodsClass: 'general', codes: [['0102290000', '非改良种用家牛', '千克/头'], ['0102399000', '非改良种用其他水牛', '千克/头']] },
  { kind: '焦炭', goodsClass: 'coke', codes: [['2704001000', '煤制焦炭及半焦炭', '千克']] },
  { kind: '天然砂(含标准砂)', goodsClass: 'naturalSand', codes: [['2505100000', '硅砂及石英砂', '千克'], ['2505900000', '标准砂', '千克']] },
  { kind: '消耗臭氧层物质', goodsClass: 'ods', codes: [['2903710000', '一氯二氟甲烷', '千克']] },
  { kind: '汽车(包括成套散件)及其底盘', goodsClass: 'vehicleNew', codes: [['8703236110', '小轿车', '辆']] },
  { kind: '钢材', goodsClass: 'steel', codes: [['7208390000', '厚度小于3毫米的其他铁或非合金钢热轧卷材', '千克'], ['7208510000', '厚度超过10毫米的其他铁或非合金钢平板轧材', '千克']] },
  { kind: '摩托车(含全地形车)及其发动机和车架', goodsClass: 'general', codes: [['8711100000', '装有往复式活塞内燃发动机的摩托车', '辆/千克']] },
];

/** The list's rows as the annex prints them: numbered 1…n, the kind written on the first row of each kind only (a merged cell). */
function officialRows(): (string | number)[][] {
  let seq = 0;
  return KINDS.flatMap(({ kind, codes }) => codes.map(([code, name, unit], index) => [++seq, index === 0 ? kind : '', code, name, unit]));
}

const csvCell = (cell: string | number) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell));
const toCsv = (rows: (string | number)[][]) => `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;

async function toXlsx(rows: (string | number | null)[][], codeAsNumber: (row: number) => boolean): Promise<Buffer> {
  const data = rows.map((row, r) => row.map((cell, c) => (cell === null || cell === '' ? null : c === 2 && codeAsNumber(r) ? { value: Number(cell), type: Number } : { value: cell })));
  return (await writeXlsxFile(data, { sheet: '附件' }).toBuffer()) as Buffer;
}

interface Written {
  entries: { year: number; hsCode: string; name: string; unit: string; goodsClass: string; goodsClasses?: string[]; standardSand?: boolean }[];
}

const expectedTotal = KINDS.reduce((sum, kind) => sum + kind.codes.length, 0);

function expectEveryRow(written: Written): void {
  expect(written.entries).toHaveLength(expectedTotal);
  for (const { goodsClass, codes } of KINDS) {
    for (const [code, name, unit] of codes) {
      const entry = written.entries.find((candidate) => candidate.hsCode === code);
      expect(entry, code).toMatchObject({ year: 2026, name, unit, goodsClass });
    }
  }
}

describe('exlic catalog import of the official list', () => {
  it('reads the 2026 layout as CSV: title row, merged kinds, compound units, a class per kind, counts per kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    writeFileSync(join(dir, 'list.csv'), toCsv([[TITLE], HEADER, ...officialRows()]));
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', 'list.csv', '--year', '2026', '--out', 'catalog.json'], run.io), run.stderr()).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as Written;
    expectEveryRow(written);
    expect(written.entries.find((entry) => entry.hsCode === '2505900000')?.standardSand).toBe(true);
    expect(written.entries.find((entry) => entry.hsCode === '8703236110')?.goodsClasses).toEqual(['vehicleNew', 'vehicleNewModified', 'vehicleUsed']);
    const report = run.stdout();
    expect(report).toContain(`imported ${expectedTotal} codes (2026 complete)`);
    expect(report).toContain(`${KINDS.length} kinds`);
    for (const { kind, goodsClass, codes } of KINDS) expect(report).toMatch(new RegExp(`^\\s+${codes.length}  ${kind.replace(/[()]/g, '\\$&')} → ${goodsClass}$`, 'm'));
    // A class for the file is for rows without a kind: it never overrides what 货物种类 says.
    const classed = memoryIo(dir);
    expect(await main(['catalog', 'import', 'list.csv', '--year', '2026', '--goods-class', 'steel'], classed.io)).toBe(0);
    expect((JSON.parse(classed.stdout()) as Written).entries).toEqual(written.entries);
  });

  it('reads the same list as XLSX, with codes stored as numbers given back their leading zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    const rows = [[TITLE, null, null, null, null], HEADER, ...officialRows()];
    // Every data row's code as a number, as a spreadsheet program stores a typed-in code (0102290000 becomes 102290000).
    writeFileSync(join(dir, 'list.xlsx'), await toXlsx(rows, (r) => r >= 2));
    writeFileSync(join(dir, 'list.csv'), toCsv([HEADER, ...officialRows()]));
    const xlsx = memoryIo(dir);
    expect(await main(['catalog', 'import', 'list.xlsx', '--year', '2026', '--out', 'from-xlsx.json'], xlsx.io), xlsx.stderr()).toBe(0);
    expect(await main(['catalog', 'import', 'list.csv', '--year', '2026', '--out', 'from-csv.json'], memoryIo(dir).io)).toBe(0);
    const fromXlsx = JSON.parse(readFileSync(join(dir, 'from-xlsx.json'), 'utf8')) as Written;
    expectEveryRow(fromXlsx);
    expect(fromXlsx.entries).toEqual((JSON.parse(readFileSync(join(dir, 'from-csv.json'), 'utf8')) as Written).entries);
    expect(xlsx.stdout()).toMatch(/^\s+2 {2}活牛\(对港澳\) → general$/m);
  });

  it('reads steel\'s spreadsheet, which has no 货物种类 column, with --goods-class steel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    writeFileSync(join(dir, 'steel.xlsx'), await toXlsx([['序号', '海关商品编号', '货物名称', '单位'], [1, '7208390000', '热轧卷材', '千克'], [2, '7209150000', '冷轧板材', '千克']], () => false));
    const refused = memoryIo(dir);
    expect(await main(['catalog', 'import', 'steel.xlsx', '--year', '2026'], refused.io)).toBe(1);
    expect(refused.stderr()).toMatch(/line 2: no goods class/);
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', 'steel.xlsx', '--year', '2026', '--goods-class', 'steel'], run.io), run.stderr()).toBe(0);
    expect((JSON.parse(run.stdout()) as Written).entries.map((entry) => [entry.hsCode, entry.goodsClass])).toEqual([
      ['7208390000', 'steel'],
      ['7209150000', 'steel'],
    ]);
  });

  it('refuses a spreadsheet with bad rows, naming each row and its reason, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    const rows: (string | number | null)[][] = [HEADER, ...officialRows()];
    rows.push([99, '钢材', '72083', '短码', '千克'], [100, '钢材', '7208390000', '另一个名称', '千克'], [101, '小麦', '1001110000', '硬粒小麦种用', null]);
    writeFileSync(join(dir, 'bad.xlsx'), await toXlsx(rows, () => false));
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', 'bad.xlsx', '--year', '2026', '--out', 'out.json'], run.io)).toBe(1);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    const first = expectedTotal + 2;
    expect(run.stderr()).toContain('3 problems');
    expect(run.stderr()).toMatch(new RegExp(`line ${first}: hsCode: expected a 10-digit commodity code`));
    expect(run.stderr()).toMatch(new RegExp(`line ${first + 1}: 7208390000 \\(year 2026\\) appears again`));
    expect(run.stderr()).toMatch(new RegExp(`line ${first + 2}: unit: `));
  });

  it('without --year says so in one line, and refuses a PDF, an old .xls and a broken XLSX in one line each, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    writeFileSync(join(dir, 'list.csv'), toCsv([HEADER, ...officialRows()]));
    writeFileSync(join(dir, 'annex.pdf'), '%PDF-1.4\n');
    writeFileSync(join(dir, 'old.xls'), 'x');
    writeFileSync(join(dir, 'broken.xlsx'), 'PK\u0003\u0004 not really a zip');
    for (const [args, pattern] of [
      [['list.csv'], /^exlic catalog: add --year YYYY \(e\.g\. --year 2026\): list\.csv has no year column/],
      [['annex.pdf', '--year', '2026'], /^exlic catalog: annex\.pdf: a PDF is not read/],
      [['old.xls', '--year', '2026'], /^exlic catalog: old\.xls: the old binary Excel format is not read/],
      [['broken.xlsx', '--year', '2026'], /^exlic catalog: broken\.xlsx: not a readable XLSX file/],
    ] as const) {
      const run = memoryIo(dir);
      expect(await main(['catalog', 'import', ...args], run.io), args.join(' ')).toBe(2);
      expect(run.stderr()).toMatch(pattern);
      expect(run.stderr().trimEnd().split('\n'), run.stderr()).toHaveLength(1);
      expect(run.stdout()).toBe('');
    }
  });
});

describe('exlic catalog --help', () => {
  it('is in the locale\'s language, with an example', async () => {
    for (const [env, pattern] of [[{ LC_ALL: 'zh_CN.UTF-8' }, /^用法：exlic catalog import[\s\S]*千克\/头[\s\S]*示例：\n {2}exlic catalog import /], [{ LANG: 'en_US.UTF-8' }, /^Usage: exlic catalog import[\s\S]*Example:\n {2}exlic catalog import /]] as const) {
      const run = memoryIo(tmpdir());
      expect(await main(['catalog', '--help'], { ...run.io, env })).toBe(0);
      expect(run.stdout()).toMatch(pattern);
    }
  });
});

describe('a hostile spreadsheet', () => {
  it('that unpacks to more than 100 MB (a zip bomb) is refused before it is parsed', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-official-'));
    // 120 MB of one repeated row compresses to about 360 KB.
    const row = new TextEncoder().encode('<row><c t="inlineStr"><is><t>钢材</t></is></c></row>');
    const sheet = new Uint8Array(120 * 1024 * 1024);
    for (let offset = 0; offset + row.length <= sheet.length; offset += row.length) sheet.set(row, offset);
    const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'xl/worksheets/sheet1.xml': sheet }, { level: 4 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    writeFileSync(join(dir, 'bomb.xlsx'), bomb);
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', 'bomb.xlsx', '--year', '2026'], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/^exlic catalog: bomb\.xlsx: unpacks to more than 100 MB/);
  });
});

describe('the table from 货物种类 to goods classes', () => {
  it('names a source on every row, and agrees with the goods-class registry\'s kind words', () => {
    for (const row of CATALOG_KIND_CLASSES) expect(row.source.length, row.goodsClass).toBeGreaterThan(20);
    for (const definition of GOODS_CLASS_REGISTRY) {
      for (const word of (definition as { kinds?: readonly string[] }).kinds ?? []) expect(catalogKindClass(word).goodsClass, word).toBe(definition.id);
    }
    expect(catalogKindClass('二手车').goodsClass).toBe('vehicleUsed');
    expect(catalogKindClass('活鸡(对香港)').goodsClass).toBe('general');
  });
});
