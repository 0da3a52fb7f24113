import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isSandboxError, serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { EXIT, OperationError, UsageError, languageOf, say, type Bilingual, type CliIo } from '../io';

const USAGE: Bilingual = {
  en: `Usage: exlic sandbox [--port N] [--host [ADDRESS]] [--db URL] [--seed demo|none] [--no-auto-review]
                     [--allow-push-host HOST]...

Starts a local sandbox of exlic's own HTTP contract (there is no public Single Window API for licence
applications): the contract (GET /openapi.json, a reference page at /reference), the review workflow,
pushes and faults, on SQLite. The first line printed is its URL; then the seeded
enterprises with an operator token each, and the admin token of /v1/admin/*. Ctrl-C stops it.

Options:
  --port N         port to listen on; 0 picks a free one (default 8787)
  --host ADDRESS   listen on ADDRESS (default 127.0.0.1); another than loopback prints a warning
  --db URL         :memory: (default), file:PATH (kept across restarts), or a libSQL server URL
  --seed S         demo (default): two demo enterprises with an operator each; none: no seed
  --no-auto-review leave reviews to the admin route instead of deciding them by the data
  --allow-push-host HOST
                   let subscriptions push to HOST (a name, an address or a range such as 10.0.0.0/24)
                   besides loopback receivers; repeat for more hosts. Never link-local or cloud metadata.
  --lang zh|en     language of help and errors

Play the authority or customs on a running sandbox: "exlic sandbox review --help".

Example:
  exlic sandbox --port 0 --db file:./sandbox.db
`,
  zh: `用法：exlic sandbox [--port N] [--host [地址]] [--db URL] [--seed demo|none] [--no-auto-review]
                     [--allow-push-host 主机]...

在本机启动 exlic 自定义 HTTP 接口的沙箱（单一窗口没有公开的许可证申请 API）：HTTP 接口（GET /openapi.json，
参考页 /reference）、审核流程、推送和故障注入，数据存于 SQLite。第一行打印地址；然后是种子企业及各自的操作员令牌，
以及 /v1/admin/* 的管理令牌。Ctrl-C 停止。

选项：
  --port N         监听端口；0 自动选择空闲端口（默认 8787）
  --host [地址]    监听地址；单独写 --host 表示所有网卡（默认 127.0.0.1）
  --db URL         :memory:（默认）、file:路径（重启后保留）或 libSQL 服务器地址
  --seed S         demo（默认）：两个演示企业，各一名操作员；none：不预置数据
  --no-auto-review 不按数据自动审核，改由管理接口审核
  --allow-push-host 主机
                   除本机接收端外，允许订阅推送到该主机（名称、地址或网段，如 10.0.0.0/24）；可重复给出。
                   永不允许链路本地地址或云元数据地址。
  --lang zh|en     帮助和错误信息的语言

在运行中的沙箱上扮演发证机构或海关："exlic sandbox review --help"。

示例：
  exlic sandbox --port 0 --db file:./sandbox.db
`,
};

/** True for an address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A `--db file:PATH` with PATH made absolute against the command's working folder (libSQL would read it against the
 * process's), after checking that its folder exists and that it is not a folder itself: said before libSQL answers
 * with "ConnectionFailed(… 14)".
 */
async function checkDbFile(db: string, io: CliIo): Promise<string> {
  if (!db.startsWith('file:')) return db;
  const [file, query] = db.slice('file:'.length).replace(/^\/\/(?=\/)/, '').split(/(?=\?)/, 2) as [string, string | undefined];
  const absolute = path.resolve(io.cwd, file);
  if ((await stat(absolute).catch(() => undefined))?.isDirectory()) {
    throw new UsageError({ en: `--db ${db}: ${absolute} is a folder; name a database file inside it (file:${path.join(absolute, 'sandbox.db')})`, zh: `--db ${db}：${absolute} 是文件夹；请指定其中的数据库文件（file:${path.join(absolute, 'sandbox.db')}）` });
  }
  const folder = path.dirname(absolute);
  const found = await stat(folder).catch(() => undefined);
  if (found?.isDirectory()) return `file:${absolute}${query ?? ''}`;
  throw new UsageError({
    en: `--db ${db}: the folder ${folder} does not exist; create it (mkdir -p ${folder}) or choose another path`,
    zh: `--db ${db}：文件夹 ${folder} 不存在；请先创建（mkdir -p ${folder}）或换一个路径`,
  });
}

/** What serveSandbox's failures mean to the person who started it. */
function sandboxFailure(error: unknown, db: string): unknown {
  if (isSandboxError(error) && error.code === 'invalidRequest') return new UsageError(error.message);
  const message = error instanceof Error ? error.message : '';
  // libSQL reports an unopenable database as "ConnectionFailed(…)" or SQLITE_CANTOPEN, without a code Node knows.
  if (/ConnectionFailed|SQLITE_CANTOPEN|unable to open/i.test(message)) {
    return new OperationError({
      en: `cannot open the database ${db} (${message.slice(0, 160)}): check that the file is writable and not locked by another program`,
      zh: `无法打开数据库 ${db}（${message.slice(0, 160)}）：请确认文件可写且未被其他程序占用`,
    });
  }
  if (/SQLITE_NOTADB|not a database/i.test(message)) {
    return new OperationError({ en: `${db} is not an SQLite database: point --db at another file, or remove this one to start afresh`, zh: `${db} 不是 SQLite 数据库：请让 --db 指向其他文件，或删除此文件后重新开始` });
  }
  return error;
}

/** `exlic sandbox`: serves a sandbox until SIGINT or SIGTERM (or `signal`). */
export async function runSandbox(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  if (args[0] === 'review' || args[0] === 'use-licence') return (await import('./sandbox-admin')).runSandboxAdmin(args, io);
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: ':memory:' },
      seed: { type: 'string', default: 'demo' },
      'no-auto-review': { type: 'boolean', default: false },
      'allow-push-host': { type: 'string', multiple: true },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const lang = languageOf(io.env, values.lang);
  if (values.help === true) {
    io.stdout.write(say(lang, USAGE));
    return EXIT.ok;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new UsageError({ en: `--port must be a whole number from 0 to 65535, got "${values.port}"`, zh: `--port 必须是 0 到 65535 的整数，而不是 "${values.port}"` });
  if (values.seed !== 'demo' && values.seed !== 'none') throw new UsageError({ en: `--seed must be demo or none, got "${values.seed}"`, zh: `--seed 只能是 demo 或 none，而不是 "${values.seed}"` });
  const db = await checkDbFile(values.db, io);
  if (!isLoopback(values.host)) {
    io.stderr.write(`warning: the sandbox listens on ${values.host}, not only on this machine: anyone who can reach it can use the tokens printed below. It is a test double; use --host 127.0.0.1 unless you mean to share it.\n`);
  }
  let served: ServedSandbox;
  try {
    served = await serveSandbox({ port, host: values.host, db, autoReview: !values['no-auto-review'], allowPushHosts: values['allow-push-host'] ?? [], ...(values.seed === 'demo' ? { seed: 'demo' as const } : {}) });
  } catch (error) {
    throw sandboxFailure(error, values.db);
  }
  io.stdout.write(`${served.url}\n`);
  for (const entry of await served.sandbox.seeded()) {
    io.stdout.write(`enterprise ${entry.enterprise.code} ${entry.enterprise.name}  operator ${entry.operator}  token ${entry.token}\n`);
  }
  io.stdout.write(`admin token ${served.sandbox.adminToken}\n`);
  io.stdout.write(`contract ${served.url}/openapi.json  reference ${served.url}/reference  database ${values.db}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
  await served.close();
  io.stderr.write('sandbox closed\n');
  return EXIT.ok;
}
