import { EXIT, UsageError, type Bilingual, type CliIo } from '../io';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, printHelp } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic statistics [--by year|month|country] [--year YYYY] [options]

Licences issued to your enterprise and their amounts per currency (业务统计), grouped.

Example:
  exlic statistics --by country --year 2026
`,
  zh: `用法：exlic statistics [--by year|month|country] [--year 年度] [选项]

本企业已发许可证及各币种金额（业务统计），按年、月或国家分组。

示例：
  exlic statistics --by country --year 2026
`,
};

/** `exlic statistics`: business statistics. */
export async function runStatistics(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { by: { type: 'string', default: 'year' }, year: { type: 'string' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  noMoreThan(positionals, 0);
  const by = values.by;
  if (by !== 'year' && by !== 'month' && by !== 'country') throw new UsageError({ en: `--by must be year, month or country, got "${by}"`, zh: `--by 只能是 year、month 或 country，而不是 "${by}"` });
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError({ en: `--year must be four digits, got "${values.year}"`, zh: `--year 必须是四位年份，而不是 "${values.year}"` });
  const format = formatOf(values.format);
  const statistics = await clientFrom(values, io).statistics({ by, ...(values.year ? { year: Number(values.year) } : {}) });
  const rows = statistics.rows.map((item) => ({ [by]: item.key, licences: item.count, amounts: item.amounts.map((amount) => `${amount.currency} ${amount.amount}`).join(', ') }));
  output(io, format, statistics, rows, [by, 'licences', 'amounts'], lang);
  return EXIT.ok;
}
