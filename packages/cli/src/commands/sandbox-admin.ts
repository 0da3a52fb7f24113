/**
 * `exlic sandbox review|use-licence`: the sandbox's admin routes from the command line, so a tester can play the
 * issuing authority and customs (with `exlic sandbox --no-auto-review`, or for a use at customs) with the CLI alone.
 * The admin routes are the sandbox's own, not part of the applicant's contract, so they are not in `@exlic/client`.
 */
import { parseArgs } from 'node:util';
import { REVIEW_EVENTS } from '@exlic/sandbox';
import { EXIT, OperationError, UsageError, languageOf, say, type Bilingual, type CliIo } from '../io';
import { formatOf, noMoreThan, output, renderFields, required } from './client-command';

const USAGE: Bilingual = {
  en: `Usage: exlic sandbox review ID EVENT [--opinion TEXT]
       exlic sandbox use-licence LICENCE_NO --declaration-no NO --customs-port CODE --date YYYY-MM-DD --quantity Q

The sandbox's admin routes: review plays the issuing authority (EVENT is one of ${REVIEW_EVENTS.join(', ')}),
use-licence plays customs (a write-off of the licence). They take the sandbox's URL (--server or EXLIC_SERVER)
and its admin token, printed by "exlic sandbox" (EXLIC_ADMIN_TOKEN, or --admin-token).

Examples:
  exlic sandbox review 01J… firstReviewReturned --opinion "请补充合同"
  exlic sandbox use-licence 26-QL-000001 --declaration-no 020120261000000001 --customs-port 0200 --date 2026-11-29 --quantity 50000
`,
  zh: `用法：exlic sandbox review ID 事件 [--opinion 意见]
      exlic sandbox use-licence 许可证号 --declaration-no 报关单号 --customs-port 口岸代码 --date YYYY-MM-DD --quantity 数量

沙箱的管理接口：review 扮演发证机构（事件为 ${REVIEW_EVENTS.join(', ')} 之一），use-licence 扮演海关
（许可证核销）。需要沙箱地址（--server 或 EXLIC_SERVER）和 "exlic sandbox" 打印的管理令牌（EXLIC_ADMIN_TOKEN 或 --admin-token）。

示例：
  exlic sandbox review 01J… firstReviewReturned --opinion "请补充合同"
  exlic sandbox use-licence 26-QL-000001 --declaration-no 020120261000000001 --customs-port 0200 --date 2026-11-29 --quantity 50000
`,
};

/** Runs `exlic sandbox review …` or `exlic sandbox use-licence …`. */
export async function runSandboxAdmin(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      server: { type: 'string' },
      'admin-token': { type: 'string' },
      opinion: { type: 'string' },
      'declaration-no': { type: 'string' },
      'customs-port': { type: 'string' },
      date: { type: 'string' },
      quantity: { type: 'string' },
      format: { type: 'string', default: 'table' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const lang = languageOf(io.env, values.lang);
  const usage = say(lang, USAGE);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT.ok;
  }
  const format = formatOf(values.format);
  const [verb] = positionals;
  const target = required(positionals, 1, verb === 'review' ? { en: 'the application id', zh: '申请编号' } : { en: 'the licence number', zh: '许可证号' }, usage);
  noMoreThan(positionals, verb === 'review' ? 3 : 2);
  const server = values.server ?? io.env.EXLIC_SERVER;
  const token = values['admin-token'] ?? io.env.EXLIC_ADMIN_TOKEN;
  if (!server || !/^https?:\/\/[^/@]+(\/|$)/i.test(server)) throw new UsageError({ en: 'the sandbox URL: pass --server URL or set EXLIC_SERVER (an http(s) URL without credentials)', zh: '沙箱地址：请加 --server URL 或设置 EXLIC_SERVER（http(s) 地址，不含用户名密码）' });
  if (!token) throw new UsageError({ en: 'no admin token: set EXLIC_ADMIN_TOKEN (or --admin-token) to the one "exlic sandbox" printed', zh: '未指定管理令牌：请把 EXLIC_ADMIN_TOKEN（或 --admin-token）设为 "exlic sandbox" 打印的令牌' });

  let path: string;
  let body: unknown;
  if (verb === 'review') {
    const event = required(positionals, 2, { en: `the EVENT (${REVIEW_EVENTS.join(', ')})`, zh: `事件（${REVIEW_EVENTS.join(', ')}）` }, usage);
    if (!(REVIEW_EVENTS as readonly string[]).includes(event)) throw new UsageError({ en: `unknown review event "${event}"; one of ${REVIEW_EVENTS.join(', ')}`, zh: `未知的审核事件 "${event}"；可选 ${REVIEW_EVENTS.join(', ')}` });
    path = `/v1/admin/applications/${encodeURIComponent(target)}/review`;
    body = { event, ...(values.opinion === undefined ? {} : { opinion: values.opinion }) };
  } else if (verb === 'use-licence') {
    const missing = (['declaration-no', 'customs-port', 'date', 'quantity'] as const).filter((name) => values[name] === undefined);
    if (missing.length > 0) throw new UsageError({ en: `use-licence needs ${missing.map((name) => `--${name}`).join(', ')}`, zh: `use-licence 需要 ${missing.map((name) => `--${name}`).join('、')}` });
    path = `/v1/admin/licences/${encodeURIComponent(target)}/uses`;
    body = { declarationNo: values['declaration-no'], port: values['customs-port'], date: values.date, quantity: values.quantity };
  } else {
    throw new UsageError({ en: `expected review or use-licence\n\n${usage}`, zh: `应为 review 或 use-licence\n\n${usage}` });
  }

  let response: Response;
  try {
    response = await fetch(new URL(path, server.endsWith('/') ? server : `${server}/`), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new OperationError({ en: `no answer from the sandbox at ${server} (${(error as Error).message}): start it with "exlic sandbox" or fix --server / EXLIC_SERVER`, zh: `${server} 上的沙箱没有应答（${(error as Error).message}）：请用 "exlic sandbox" 启动，或检查 --server / EXLIC_SERVER` });
  }
  const text = await readBounded(response, 1_000_000);
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): the status alone speaks.
  }
  if (!response.ok) {
    const said = [answer.title, answer.detail].filter((part) => typeof part === 'string').join(': ') || `HTTP ${response.status}`;
    const hint: Bilingual = response.status === 401 ? { en: ' → use the admin token "exlic sandbox" printed (EXLIC_ADMIN_TOKEN)', zh: ' → 请使用 "exlic sandbox" 打印的管理令牌（EXLIC_ADMIN_TOKEN）' } : { en: '', zh: '' };
    throw new OperationError({ en: `the sandbox refused (${response.status} ${String(answer.code ?? '')}): ${said}${hint.en}`, zh: `沙箱拒绝（${response.status} ${String(answer.code ?? '')}）：${said}${hint.zh}` });
  }
  if (format === 'json') output(io, format, answer, [], []);
  else io.stdout.write(renderFields(verb === 'review' ? [['id', answer.id], ['status', answer.status], ['licenceNo', answer.licenceNo]] : Object.entries(answer)));
  return EXIT.ok;
}

/** The body's text, read no further than `max` bytes: an answer here is a record or a write-off, so an endless body is cut off (and the connection released). */
async function readBounded(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
    if (size >= max) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(parts).subarray(0, max).toString('utf8');
}
