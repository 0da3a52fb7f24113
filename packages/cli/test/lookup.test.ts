import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main';
import type { CliIo } from '../src/io';

function memoryIo(cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: (async function* () {})(), env: {}, cwd };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function lookupJson(...args: string[]): Promise<{ code: string; name: string; aliases?: string[]; hsCode?: string }[]> {
  const run = memoryIo();
  const code = await main(['lookup', ...args, '--format', 'json'], run.io);
  expect(code, run.stderr()).toBeLessThanOrEqual(1);
  return JSON.parse(run.stdout()) as never;
}

const initials = (text: string) => pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('');

// The code-table specification's examples (0200 for 天津: its 0400 is 石家庄's district).
const EXAMPLES = [
  ['customsPorts', '0100', '北京关区'], ['customsPorts', '2200', '上海海关'], ['customsPorts', '5100', '广州海关'],
  ['customsPorts', '5300', '深圳海关'], ['customsPorts', '4200', '青岛海关'], ['customsPorts', '0200', '天津海关'],
  ['countries', 'USA', '美国'], ['countries', 'JPN', '日本'], ['countries', 'KOR', '韩国'], ['countries', 'DEU', '德国'],
  ['countries', 'RUS', '俄罗斯联邦'], ['countries', 'VNM', '越南'],
  ['tradeModes', '0110', '一般贸易'], ['tradeModes', '0214', '来料加工'], ['tradeModes', '0615', '进料对口'],
  ['transportModes', '2', '水路运输'], ['transportModes', '3', '铁路运输'], ['transportModes', '4', '公路运输'], ['transportModes', '5', '航空运输'],
  ['currencies', 'USD', '美元'], ['currencies', 'CNY', '人民币'], ['currencies', 'EUR', '欧元'], ['currencies', 'JPY', '日元'],
  ['units', '035', '千克'], ['units', '003', '辆'], ['units', '001', '台'], ['units', '007', '个'],
  ['paymentMethods', 'LC', '信用证'], ['paymentMethods', 'DP', '付款交单'], ['paymentMethods', 'DA', '承兑交单'],
  ['paymentMethods', 'TT', '电汇'], ['paymentMethods', 'OA', '赊销'], ['paymentMethods', 'OT', '其他'],
  ['issuingAuthorities', 'QLAB', '商务部配额许可证事务局'],
  ['attachmentTypes', 'CONTRACT', '合同'], ['attachmentTypes', 'INVOICE', '发票'], ['attachmentTypes', 'QUALITY_CERT', '产品质量检验合格证明'],
  ['attachmentTypes', 'APPROVAL', '批复文件'], ['attachmentTypes', 'VEHICLE_DOC', '车辆相关证明'], ['attachmentTypes', 'OTHER', '其他'],
  ['catalog', '2825903100', '二氧化锗'], ['catalog', '8703236110', '仅装有气缸容量超过2.5升但不超过3升的点燃式活塞内燃发动机的小轿车'],
] as const;

describe('exlic lookup', () => {
  it.each(EXAMPLES)('%s: %s %s is found by its code, its Chinese name and its pinyin initials', async (table, code, name) => {
    const byCode = await lookupJson(table, code);
    expect(byCode[0]?.code).toBe(code);
    for (const query of [name, initials(name)]) {
      const hits = await lookupJson(table, query, '--limit', '10');
      expect(hits.map((hit) => hit.code), query).toContain(code);
    }
  });

  it('prints a readable table by default', async () => {
    const run = memoryIo();
    expect(await main(['lookup', 'tradeModes', 'ybmy'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^code\s+name\s+nameEn\n-+/);
    expect(run.stdout()).toContain('0110  一般贸易');
  });

  it('gives catalog rows their hsCode and filters by year', async () => {
    const rows = await lookupJson('catalog', '锗', '--limit', '3');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.hsCode).toBe(row.code);
    const run = memoryIo();
    expect(await main(['lookup', 'catalog', '锗', '--year', '2019', '--format', 'json'], run.io)).toBe(1);
    expect(JSON.parse(run.stdout())).toEqual([]);
    expect(run.stderr()).toContain('covers 2023');
  });

  it('reads a caller catalog in CSV and searches it by pinyin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exlic-'));
    writeFileSync(join(dir, 'mine.csv'), 'hsCode,year,name,unit,goodsClass\n"2704001000",2026,"焦炭及半焦炭",千克,coke\n');
    const run = memoryIo(dir);
    expect(await main(['lookup', 'catalog', 'jtjbj', '--catalog', 'mine.csv', '--format', 'json'], run.io)).toBe(0);
    expect(JSON.parse(run.stdout())).toMatchObject([{ hsCode: '2704001000', year: 2026 }]);
  });

  it.each([
    [['lookup', 'ports', 'x'], /unknown table "ports"/],
    [['lookup', 'countries'], /expected TABLE and QUERY/],
    [['lookup', 'countries', 'x', '--limit', '0'], /--limit/],
    [['lookup', 'countries', 'x', '--format', 'xml'], /--format/],
    [['lookup', 'countries', 'x', '--year', '2023'], /catalog only/],
    [['lookup', 'catalog', 'x', '--catalog', 'missing.json'], /missing.json: cannot read the catalog: ENOENT/],
    [['lookup', 'countries', 'x', '--nope'], /^exlic lookup: unknown option --nope; --help lists the options\n$/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const run = memoryIo();
    expect(await main([...args], run.io)).toBe(2);
    expect(run.stderr()).toMatch(message);
  });
});

describe('the exlic binary', () => {
  const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

  it('runs as a process and exits 2 for an unknown table', () => {
    expect(execFileSync(process.execPath, [bin, 'lookup', 'units', '千克', '--format', 'json'], { encoding: 'utf8' })).toContain('"035"');
    const bad = spawnSync(process.execPath, [bin, 'lookup', 'nope', 'x'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown table "nope"');
  });
});

describe('exlic', () => {
  it('prints its version and its commands', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = memoryIo();
    expect(await main(['--version'], run.io)).toBe(0);
    expect(run.stdout()).toBe(`exlic ${version}\n`);
    const help = memoryIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.stdout()).toMatch(/lookup .*\n.*check /);
  });

  it('exits 2 for an unknown command and for none', async () => {
    const run = memoryIo();
    expect(await main(['sign'], run.io)).toBe(2);
    expect(run.stderr()).toContain('unknown command "sign"');
    expect(await main([], memoryIo().io)).toBe(2);
  });
});
