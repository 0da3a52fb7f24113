import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliIo } from '../io';
import { CLIENT_OPTIONS, CLIENT_USAGE, clientFrom, formatOf, output, runClientCommand } from './client-command';

const USAGE = `Usage: exlic statistics [--by year|month|country] [--year YYYY] [options]

Licences issued to your enterprise and their amounts per currency (业务统计), grouped.

${CLIENT_USAGE}`;

/** `exlic statistics`: business statistics from the Single Window. */
export async function runStatistics(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, by: { type: 'string', default: 'year' }, year: { type: 'string' } }, strict: true });
  if (values.help === true) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const by = values.by;
  if (by !== 'year' && by !== 'month' && by !== 'country') throw new UsageError(`--by must be year, month or country, got "${by}"`);
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new UsageError(`--year must be four digits, got "${values.year}"`);
  const format = formatOf(values.format);
  const client = clientFrom(values, io);
  return runClientCommand('statistics', io, async () => {
    const statistics = await client.statistics({ by, ...(values.year ? { year: Number(values.year) } : {}) });
    const rows = statistics.rows.map((item) => ({ [by]: item.key, licences: item.count, amounts: item.amounts.map((amount) => `${amount.currency} ${amount.amount}`).join(', ') }));
    output(io, format, statistics, rows, [by, 'licences', 'amounts']);
    return EXIT.ok;
  });
}
