import type { ApplicationRecord } from '@exlic/client';
import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, positiveInt, printHelp, required } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic history list [--year YYYY] [--limit N] [--all]
       exlic history copy ID [--count N]

Earlier years' applications (历史数据): read-only; copy makes N new drafts (1-50) of this year from one.

Examples:
  exlic history list --year 2025 --all
  exlic history copy 01J… --count 2
`,
  zh: `用法：exlic history list [--year 年度] [--limit N] [--all]
      exlic history copy ID [--count N]

往年申请（历史数据）：只读；copy 从其中一份复制 N 份（1-50）本年草稿。

示例：
  exlic history list --year 2025 --all
  exlic history copy 01J… --count 2
`,
};

const COLUMNS = ['id', 'status', 'mofcomApplicationNo', 'licenceNo', 'contract', 'createdAt'] as const;
const row = (record: ApplicationRecord) => ({ ...record, contract: record.application.contract?.no });

/** `exlic history list|copy`. */
export async function runHistory(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { year: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean', default: false }, count: { type: 'string' }, 'idempotency-key': { type: 'string' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  const usage = say(lang, USAGE);
  const [verb] = positionals;
  if (verb !== 'list' && verb !== 'copy') throw new UsageError({ en: `expected list or copy\n\n${usage}`, zh: `应为 list 或 copy\n\n${usage}` });
  const format = formatOf(values.format);
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError({ en: `--year must be four digits, got "${values.year}"`, zh: `--year 必须是四位年份，而不是 "${values.year}"` });
  if (verb === 'list') {
    noMoreThan(positionals, 1);
    const limit = positiveInt('limit', values.limit, 100);
    const client = clientFrom(values, io);
    const query = { ...(values.year ? { year: Number(values.year) } : {}), ...(limit ? { limit } : {}) };
    const records: ApplicationRecord[] = [];
    if (values.all) for await (const record of client.applications.earlierYears(query)) records.push(record);
    else records.push(...(await client.applications.earlierYears(query)).items);
    output(io, format, records, records.map(row), COLUMNS, lang);
    return EXIT.ok;
  }
  const id = required(positionals, 1, { en: 'the id of an earlier year\'s application', zh: '往年申请的编号' }, usage);
  noMoreThan(positionals, 2);
  const client = clientFrom(values, io);
  const key = values['idempotency-key'];
  const records = await client.applications.copyFromEarlierYear(id, positiveInt('count', values.count, 50) ?? 1, key ? { idempotencyKey: key } : {});
  output(io, format, records, records.map(row), COLUMNS, lang);
  return EXIT.ok;
}
