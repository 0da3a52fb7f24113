import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import type { CliIo } from '../src/io';

function memoryIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env: {}, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

// The official annex's columns; the codes are the sample rows of the bundled catalog, the kinds as the announcement names them.
const OFFICIAL = `序号,货物种类,商品编码,商品名称,计量单位
1,钢材,7208390000,厚度小于3毫米的其他铁或非合金钢热轧卷材,千克
2,焦炭,2704001000,煤制焦炭及半焦炭,千克
3,"汽车(包括成套散件)及其底盘",8703236110,小轿车,辆
4,天然砂(含标准砂),2505100000,硅砂及石英砂,千克
`;

describe('exlic catalog import', () => {
  it('writes the SDK JSON from the official columns, with classes from the kinds of goods, and counts per class', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-catalog-'));
    writeFileSync(join(dir, '目录2026.csv'), OFFICIAL);
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', '目录2026.csv', '--year', '2026', '--out', 'catalog-2026.json'], run.io)).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'catalog-2026.json'), 'utf8')) as { partialYears: number[]; entries: { hsCode: string; goodsClass: string; goodsClasses?: string[]; year: number }[] };
    expect(written.partialYears).toEqual([]);
    expect(written.entries.map((entry) => [entry.hsCode, entry.goodsClass, entry.year])).toEqual([
      ['2505100000', 'naturalSand', 2026],
      ['2704001000', 'coke', 2026],
      ['7208390000', 'steel', 2026],
      ['8703236110', 'vehicleNew', 2026],
    ]);
    expect(written.entries[3]!.goodsClasses).toEqual(['vehicleNew', 'vehicleNewModified', 'vehicleUsed']);
    expect(run.stdout()).toMatch(/imported 4 codes \(2026 complete\)/);
    expect(run.stdout()).toMatch(/steel\s+1/);

    // The written file is a catalog `check` accepts: a code outside it is an error in a complete year.
    const check = memoryIo(dir);
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ year: 2026, goods: { hsCode: '7208510000' } }));
    await main(['check', '--catalog', 'catalog-2026.json', '--format', 'json', '--as-of', '2026-09-01', 'app.json'], check.io);
    expect(check.stdout()).toContain('"catalog.hsCode"');
  });

  it('refuses a file with conflicting and malformed rows, naming every line, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-catalog-'));
    writeFileSync(join(dir, 'bad.csv'), `${OFFICIAL}5,钢材,7208390000,另一个名称,千克\n6,钢材,72083,短码,千克\n7,小麦,0000000000,测试行,\n8,钢材,7208400000,名称,千克,多余\n`);
    const run = memoryIo(dir);
    expect(await main(['catalog', 'import', 'bad.csv', '--year', '2026', '--out', 'out.json'], run.io)).toBe(1);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    const text = run.stderr();
    expect(text).toMatch(/line 6: 7208390000 \(year 2026\) appears again \(first at line 2\): name/);
    expect(text).toMatch(/line 7: hsCode: expected a 10-digit commodity code/);
    expect(text).toMatch(/line 8: unit: /);
    expect(text).toMatch(/line 9: 6 cells but the header names 5 columns/);
    expect(text).toMatch(/4 problems/);
  });

  it('a row whose class cannot be inferred needs --goods-class, and the error names its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-catalog-'));
    writeFileSync(join(dir, 'plain.csv'), '商品编码,商品名称,计量单位\n2825903100,二氧化锗,千克\n');
    const refused = memoryIo(dir);
    expect(await main(['catalog', 'import', 'plain.csv', '--year', '2026'], refused.io)).toBe(1);
    expect(refused.stderr()).toMatch(/line 2: no goods class/);
    const given = memoryIo(dir);
    expect(await main(['catalog', 'import', 'plain.csv', '--year', '2026', '--goods-class', 'general', '--partial'], given.io)).toBe(0);
    expect(JSON.parse(given.stdout())).toMatchObject({ partialYears: [2026], entries: [{ hsCode: '2825903100', goodsClass: 'general' }] });
    expect(await main(['catalog', 'import', 'plain.csv', '--goods-class', 'gold'], memoryIo(dir).io)).toBe(2);
  });
});
