/** What customs knows of licences: `exlic customs status` and `exlic write-offs`. */
import type { WriteOff } from '@exlic/client';
import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, positiveInt, printHelp, renderFields, required } from './client-command';

const CUSTOMS_USAGE: Bilingual = {
  en: `Usage: exlic customs status LICENCE_NO

What customs knows of a licence (海关状态): unused, partially used, used up or expired; uses and
quantities licensed, used and left.

Example:
  exlic customs status 26-QL-000001
`,
  zh: `用法：exlic customs status 许可证号

许可证的海关状态：未使用、部分使用、已用完或已过期；使用次数，许可、已用和剩余数量。

示例：
  exlic customs status 26-QL-000001
`,
};

const WRITE_OFFS_USAGE: Bilingual = {
  en: `Usage: exlic write-offs [--licence-no NO] [--limit N] [--all]

The uses of your licences at customs (核销数据), newest first: declaration, port, date, quantity used and left.

Example:
  exlic write-offs --licence-no 26-QL-000001 --all
`,
  zh: `用法：exlic write-offs [--licence-no 许可证号] [--limit N] [--all]

许可证在海关的核销数据：报关单、口岸、日期、本次数量和剩余数量。

示例：
  exlic write-offs --licence-no 26-QL-000001 --all
`,
};

/** `exlic customs status LICENCE_NO`. */
export async function runCustoms(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, {});
  if (values.help === true) return printHelp(io, lang, CUSTOMS_USAGE);
  const usage = say(lang, CUSTOMS_USAGE);
  if (positionals[0] !== 'status') throw new UsageError({ en: `expected status LICENCE_NO\n\n${usage}`, zh: `应为 status 许可证号\n\n${usage}` });
  const licenceNo = required(positionals, 1, { en: 'the licence number', zh: '许可证号' }, usage);
  noMoreThan(positionals, 2);
  const format = formatOf(values.format);
  const status = await clientFrom(values, io).customs.status(licenceNo);
  if (format === 'json') output(io, format, status, [], []);
  else io.stdout.write(renderFields(Object.entries(status)));
  return EXIT.ok;
}

/** `exlic write-offs`. */
export async function runWriteOffs(args: string[], io: CliIo): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { 'licence-no': { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean', default: false } });
  if (values.help === true) return printHelp(io, lang, WRITE_OFFS_USAGE);
  noMoreThan(positionals, 0);
  const format = formatOf(values.format);
  const limit = positiveInt('limit', values.limit, 100);
  const client = clientFrom(values, io);
  const query = { ...(values['licence-no'] ? { licenceNo: values['licence-no'] } : {}), ...(limit ? { limit } : {}) };
  const items: WriteOff[] = [];
  if (values.all) for await (const item of client.writeOffs.list(query)) items.push(item);
  else items.push(...(await client.writeOffs.list(query)).items);
  output(io, format, items, items, ['seq', 'licenceNo', 'declarationNo', 'port', 'date', 'quantityUsed', 'quantityLeft'], lang);
  return EXIT.ok;
}
