import type { Receipt } from '@exlic/client';
import { EXIT, UsageError, say, type Bilingual, type CliIo } from '../io';
import { renderRows } from '../table';
import { clientFrom, formatOf, noMoreThan, output, parseClientArgs, positiveInt, printHelp } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic events [--after CURSOR] [--limit N] [--follow [--interval SECONDS]] [options]

The review receipts (审核回执) of your enterprise in order, from the start or after CURSOR, until the
feed is caught up; the cursor to pass next time is printed last (stderr). With --follow it keeps
asking every SECONDS (default 2) and prints each new receipt as it comes (--format json: one JSON
object a line) until Ctrl-C.

Examples:
  exlic events --after 42
  exlic events --follow --format json | your-erp-import
`,
  zh: `用法：exlic events [--after 游标] [--limit N] [--follow [--interval 秒]] [选项]

本企业的审核回执，按顺序从头或从游标之后读取，直到读完；最后一行（标准错误）是下次使用的游标。
加 --follow 则每隔若干秒（默认 2）继续读取，新回执一到即打印（--format json 时每行一个 JSON 对象），直到 Ctrl-C。

示例：
  exlic events --after 42
  exlic events --follow --format json | your-erp-import
`,
};

const COLUMNS = ['seq', 'occurredAt', 'applicationId', 'event', 'from', 'to', 'licenceNo'] as const;

/** `exlic events`: the event feed, for receipts a push receiver missed; `--follow` waits for new ones until SIGINT/SIGTERM (or `signal`). */
export async function runEvents(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals, lang } = parseClientArgs(args, io, { after: { type: 'string' }, limit: { type: 'string', default: '100' }, follow: { type: 'boolean', default: false }, interval: { type: 'string', default: '2' } });
  if (values.help === true) return printHelp(io, lang, USAGE);
  noMoreThan(positionals, 0);
  const limit = positiveInt('limit', values.limit, 100)!;
  const format = formatOf(values.format);
  const interval = Number(values.interval);
  if (!(interval >= 0.1 && interval <= 3600)) throw new UsageError({ en: `--interval must be 0.1 to 3600 seconds, got "${values.interval}"`, zh: `--interval 必须在 0.1 到 3600 秒之间，而不是 "${values.interval}"` });
  const client = clientFrom(values, io);
  let cursor = values.after;
  if (!values.follow) {
    const receipts: Receipt[] = [];
    for await (const page of client.events.list({ after: cursor, limit }).pages()) {
      receipts.push(...page.items);
      cursor = page.nextCursor ?? cursor;
    }
    output(io, format, { items: receipts, nextCursor: cursor ?? null }, receipts, COLUMNS, lang);
    if (format === 'table' && cursor) io.stderr.write(say(lang, { en: `next cursor ${cursor}\n`, zh: `下次游标 ${cursor}\n` }));
    return EXIT.ok;
  }

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  signal?.addEventListener('abort', onSignal, { once: true });
  let widths: number[] | undefined;
  try {
    while (!stop.signal.aborted) {
      try {
        for await (const page of client.events.list({ after: cursor, limit }, { signal: stop.signal }).pages()) {
          for (const receipt of page.items) {
            if (format === 'json') io.stdout.write(`${JSON.stringify(receipt)}\n`);
            else {
              // The header once, then one row per receipt as it comes: the rows to come are not known, so the
              // columns are as wide as the header and the first row (a longer cell later just pushes its line).
              if (widths === undefined) {
                const [head, rule] = renderRows([receipt], COLUMNS, lang).split('\n');
                widths = rule!.split('  ').map((dashes) => dashes.length);
                io.stdout.write(`${head}\n${rule}\n`);
              }
              const cells = COLUMNS.map((column) => String(receipt[column] ?? ''));
              io.stdout.write(`${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths![i]!))).join('  ').trimEnd()}\n`);
            }
          }
          cursor = page.nextCursor ?? cursor;
        }
      } catch (error) {
        if (stop.signal.aborted) break;
        throw error;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval * 1000);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    signal?.removeEventListener('abort', onSignal);
  }
  if (cursor) io.stderr.write(say(lang, { en: `next cursor ${cursor}\n`, zh: `下次游标 ${cursor}\n` }));
  return EXIT.ok;
}
