import { parseArgs } from 'node:util';
import type { Receipt } from '@exlic/client';
import { EXIT, UsageError, type CliIo } from '../io';
import { CLIENT_OPTIONS, CLIENT_USAGE, clientFrom, formatOf, output, runClientCommand } from './client-command';

const USAGE = `Usage: exlic events [--after CURSOR] [--limit N] [options]

The receipts (审核回执) of your enterprise in order, from the start or after CURSOR, until the feed is
caught up. The last line (stderr) is the cursor to pass next time.

${CLIENT_USAGE}`;

/** `exlic events`: the event feed, for receipts a push receiver missed. */
export async function runEvents(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { ...CLIENT_OPTIONS, after: { type: 'string' }, limit: { type: 'string', default: '100' } }, strict: true });
  if (values.help === true) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`--limit must be 1 to 100, got "${values.limit}"`);
  const format = formatOf(values.format);
  const client = clientFrom(values, io);
  return runClientCommand('events', io, async () => {
    const receipts: Receipt[] = [];
    let cursor = values.after;
    for await (const page of client.events.list({ after: values.after, limit }).pages()) {
      receipts.push(...page.items);
      cursor = page.nextCursor ?? cursor;
    }
    output(io, format, { items: receipts, nextCursor: cursor ?? null }, receipts, ['seq', 'occurredAt', 'applicationId', 'event', 'from', 'to', 'licenceNo']);
    if (format === 'table' && cursor) io.stderr.write(`next cursor ${cursor}\n`);
    return EXIT.ok;
  });
}
