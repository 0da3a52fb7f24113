import { parseArgs } from 'node:util';
import { CODE_TABLE_NAMES, getBundledCatalog, isCodeTableName, searchCodeTable, type Catalog } from '@exlic/core';
import { loadCatalogFile } from '../check/inputs';
import { EXIT, UsageError, languageOf, say, type CliIo } from '../io';
import { renderRows } from '../table';

const TABLES = [...CODE_TABLE_NAMES, 'catalog'] as const;

const USAGE = `Usage: exlic lookup TABLE QUERY [--limit N] [--year YYYY] [--catalog FILE] [--format table|json]

Searches a code table or the commodity catalog the way the portal's lookup does: by code digits or
letters, Chinese characters anywhere in the name, English name, full pinyin or pinyin initials
(ybmy finds 一般贸易). Best matches first.

TABLE   one of ${TABLES.join(', ')}
QUERY   what to look for ("" lists the table in code order)

Options:
  --limit N        at most N results (default 10)
  --year YYYY      catalog only: entries of that catalog year
  --catalog FILE   catalog only: your catalog (.json array or .csv with the same columns) instead of the bundled snapshot
  --format F       table (default) or json: a JSON array of entries, best first
  --lang zh|en     language of help and errors

Examples:
  exlic lookup tradeModes ybmy          # 0110 一般贸易
  exlic lookup countries deguo --format json
  exlic lookup catalog rzjc --year 2026
`;

const USAGE_ZH = `用法：exlic lookup 表 查询 [--limit N] [--year 年度] [--catalog 文件] [--format table|json]

像门户的查询框一样查代码表或商品目录：按代码数字或字母、名称中的汉字、英文名、全拼或拼音首字母
（ybmy 找到 一般贸易）。最匹配的在前。

表      ${TABLES.join(', ')} 之一
查询    要找的内容（"" 按代码顺序列出整张表）

选项：
  --limit N        最多 N 条结果（默认 10）
  --year 年度      仅商品目录：该年度的条目
  --catalog 文件   仅商品目录：用你的目录（.json 数组或同列名的 .csv）代替内置快照
  --format F       table（默认）或 json：条目的 JSON 数组，最匹配的在前
  --lang zh|en     帮助和错误信息的语言

示例：
  exlic lookup tradeModes ybmy          # 0110 一般贸易
  exlic lookup countries deguo --format json
  exlic lookup catalog rzjc --year 2026
`;

async function loadCatalog(file: string, io: CliIo): Promise<Catalog> {
  try {
    return (await loadCatalogFile(io, file, { pinyin: true, note: (text) => io.stderr.write(`exlic lookup: note: ${text}\n`) })).catalog;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `exlic lookup TABLE QUERY`: prints the best matches of a code table or the catalog. */
export async function runLookup(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string', default: '10' },
      year: { type: 'string' },
      catalog: { type: 'string' },
      format: { type: 'string', default: 'table' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const lang = languageOf(io.env, values.lang);
  if (values.help) {
    io.stdout.write(lang === 'zh' ? USAGE_ZH : USAGE);
    return EXIT.ok;
  }
  const [table, query, ...extra] = positionals;
  if (table === undefined || query === undefined || extra.length > 0) throw new UsageError({ en: `expected TABLE and QUERY\n\n${USAGE}`, zh: `需要 表 和 查询\n\n${USAGE_ZH}` });
  if (table !== 'catalog' && !isCodeTableName(table)) throw new UsageError({ en: `unknown table "${table}"; the tables are: ${TABLES.join(', ')}`, zh: `未知的表 "${table}"；可选：${TABLES.join(', ')}` });
  if (!/^[1-9]\d{0,5}$/.test(values.limit)) throw new UsageError({ en: `--limit takes a whole number from 1, not "${values.limit}"`, zh: `--limit 必须是从 1 起的整数，而不是 "${values.limit}"` });
  const limit = Number(values.limit);
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError({ en: `--format is table or json, not "${values.format}"`, zh: `--format 只能是 table 或 json，而不是 "${values.format}"` });
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError({ en: `--year takes a year such as 2023, not "${values.year}"`, zh: `--year 应为年份，例如 2023，而不是 "${values.year}"` });
  if (table !== 'catalog' && (values.year !== undefined || values.catalog !== undefined)) {
    throw new UsageError({ en: '--year and --catalog apply to the catalog only', zh: '--year 和 --catalog 只适用于商品目录（catalog）' });
  }

  let rows: Record<string, unknown>[];
  let columns: string[];
  if (table === 'catalog') {
    const catalog = values.catalog ? await loadCatalog(values.catalog, io) : getBundledCatalog();
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && !catalog.years.includes(year)) {
      io.stderr.write(`exlic lookup: ${say(lang, { en: `the catalog has no entries for ${year}; it covers ${catalog.years.join(', ') || 'no year'}`, zh: `商品目录没有 ${year} 年的条目；它包含 ${catalog.years.join('、') || '（无年度）'}` })}\n`);
    }
    rows = catalog.search(query, year === undefined ? { limit } : { limit, year }).map(({ pinyin: _pinyin, ...entry }) => ({ code: entry.hsCode, ...entry }));
    columns = ['hsCode', 'categoryCode', 'name', 'unit', 'goodsClass', 'year'];
  } else {
    rows = searchCodeTable(table, query, { limit }).map(({ pinyin: _pinyin, ...entry }) => entry);
    columns = ['code', 'name', 'nameEn'];
  }

  if (values.format === 'json') io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (rows.length === 0) io.stderr.write(`${say(lang, { en: `no entry of ${table} matches "${query}"`, zh: `${table} 中没有与 "${query}" 匹配的条目` })}\n`);
  else io.stdout.write(renderRows(rows, columns, lang));
  return rows.length > 0 ? EXIT.ok : EXIT.finding;
}
