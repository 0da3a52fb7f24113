/**
 * Expected failures as a person reads them: one line that says what happened and what to do (plus one line per
 * violation the server listed), and the exit code. Anything not recognised here is a bug (exit 70, with a stack).
 */
import { isClientError, isValidationError, type ClientError } from '@exlic/client';
import { isSignerError } from '@exlic/signer';
import { EXIT, OperationError, UsageError, say, type Bilingual, type Lang } from './io';

/** What the command line prints for a failure, and its exit code. */
export interface Described {
  /** The first line is the failure; further lines are details (one per violation). */
  readonly lines: readonly string[];
  readonly code: number;
}

/** What the describer may use to name things: the command's arguments and environment. */
export interface FailureContext {
  readonly lang: Lang;
  /** The server URL the command used (--server or EXLIC_SERVER), to name in network failures. */
  readonly server?: string | undefined;
}

type Errno = Error & { code?: unknown; syscall?: unknown; path?: unknown; address?: unknown; port?: unknown };

/** The first `code` string along the cause chain (Node errors, fetch's `TypeError: fetch failed` → cause). */
function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth += 1) {
    const code = (current as Errno).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const optionName = (message: string): string => /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';

/** Node's parseArgs errors, rewritten: its text quotes unevenly and suggests `-- "--flag"`, which is never what a person meant. */
function parseArgsText(error: Errno): Bilingual | undefined {
  const code = String(error.code);
  if (!code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const option = optionName(error.message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { en: `unknown option ${option}; --help lists the options`, zh: `未知选项 ${option}；--help 列出全部选项` };
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(error.message)) return { en: `option ${option} takes no value; write it alone`, zh: `选项 ${option} 不带值，请单独写出` };
    return { en: `option ${option} needs a value (${option} VALUE); --help shows it`, zh: `选项 ${option} 需要一个值（${option} 值）；--help 有说明` };
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    return { en: `unexpected argument "${argument}"; --help shows what the command takes`, zh: `多余的参数 "${argument}"；--help 列出命令接受的参数` };
  }
  return { en: `bad arguments; --help shows the usage`, zh: '参数有误；--help 显示用法' };
}

/** Hints for problem codes whose cure is a CLI command. */
const PROBLEM_HINTS: Readonly<Record<string, Bilingual>> = {
  attachmentRequired: { en: 'upload one with "exlic attachments upload ID --type TYPE FILE" and declare again', zh: '请用 "exlic attachments upload ID --type 类型 文件" 上传附件后再申报' },
  ekeyNotBound: { en: 'bind the e-key first: "exlic ekey bind --signer …"', zh: '请先绑定电子钥匙："exlic ekey bind --signer …"' },
  ekeyMismatch: { en: 'sign with the bound e-key, or bind this one with "exlic ekey bind"', zh: '请用已绑定的电子钥匙签名，或用 "exlic ekey bind" 绑定当前钥匙' },
  versionMismatch: { en: 'read it again ("exlic applications get ID"), review the change and retry with its version', zh: '请重新读取（"exlic applications get ID"），核对改动后以新版本号重试' },
  versionRequired: { en: 'pass --version N (the version you read)', zh: '请加上 --version N（读取时的版本号）' },
  rateLimited: { en: 'wait a moment and retry', zh: '请稍后重试' },
  unavailable: { en: 'retry later', zh: '请稍后重试' },
  internal: { en: 'retry later; if it persists, report it with the request id', zh: '请稍后重试；如持续出现，请附请求编号报告' },
};

function clientFailure(error: ClientError, context: FailureContext): Described {
  const { lang } = context;
  const problem = error.problem;
  // A URL may carry credentials (http://user:secret@host): never print them.
  const where = context.server?.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') ?? { en: 'the server', zh: '服务器' }[lang];
  if (error.code === 'network') {
    const cause = causeCode(error.cause ?? error);
    const what: Bilingual =
      cause === 'ECONNREFUSED'
        ? { en: `nothing answers at ${where} (connection refused)`, zh: `${where} 无响应（连接被拒绝）` }
        : cause === 'ENOTFOUND' || cause === 'EAI_AGAIN'
          ? { en: `the host of ${where} is not found`, zh: `找不到 ${where} 的主机` }
          : { en: `no answer from ${where} (${cause ?? 'the connection failed'})`, zh: `${where} 没有应答（${cause ?? '连接失败'}）` };
    return { code: EXIT.finding, lines: [`${say(lang, what)}: ${say(lang, { en: 'start it ("exlic sandbox" prints its URL) or fix --server / EXLIC_SERVER', zh: '请先启动服务（"exlic sandbox" 会打印地址），或检查 --server / EXLIC_SERVER' })}`] };
  }
  if (error.code === 'timeout') return { code: EXIT.finding, lines: [say(lang, { en: `${where} did not answer in time: check that it is running and not overloaded, then retry`, zh: `${where} 未在时限内应答：请确认服务在运行且未过载，然后重试` })] };
  if (error.status === 401) {
    return { code: EXIT.usage, lines: [say(lang, { en: 'the server refused the token (401): set EXLIC_TOKEN (or --token) to an operator token; "exlic sandbox" prints one per enterprise', zh: '服务器拒绝了令牌 (401)：请把 EXLIC_TOKEN（或 --token）设为操作员令牌；"exlic sandbox" 为每个企业打印一个' })] };
  }
  // A refusal or failure the server answered (4xx/5xx). A 2xx the client could not use (malformed, too large) falls through to its own message.
  if (error.status !== undefined && error.status >= 400) {
    const status = `${error.status ?? ''} ${error.code}`.trim();
    const title = lang === 'zh' ? (problem?.message?.zh ?? problem?.title) : problem?.title;
    const detail = problem?.detail ?? (problem?.message?.en !== title ? problem?.message?.en : undefined);
    const text = [title, detail].filter((part): part is string => Boolean(part)).join(lang === 'zh' ? '：' : ': ') || error.message;
    const hint = PROBLEM_HINTS[error.code];
    const verb: Bilingual = (error.status ?? 0) >= 500 ? { en: 'the server failed', zh: '服务器出错' } : { en: 'the server refused', zh: '服务器拒绝' };
    const head = `${say(lang, verb)} (${status}): ${text}${hint ? ` ${say(lang, { en: '→', zh: '→' })} ${say(lang, hint)}` : ''}${error.requestId ? ` [request ${error.requestId}]` : ''}`;
    const violations = isValidationError(error) ? error.violations : (problem?.violations ?? []);
    const lines = [head, ...violations.map((violation) => `  ${violation.severity} ${violation.path.join('.') || '(application)'}: ${say(lang, violation.message)} (${violation.rule})`)];
    return { code: EXIT.finding, lines };
  }
  // What the client refused itself (integrity, a stream or an answer too large, a malformed answer, an unsupported signature algorithm): its message says what to do.
  return { code: EXIT.finding, lines: [error.message] };
}

/** Turns an expected failure into its lines and exit code; `undefined` for anything else (a bug). */
export function describeFailure(error: unknown, context: FailureContext): Described | undefined {
  const { lang } = context;
  if (error instanceof UsageError) return { code: EXIT.usage, lines: [lang === 'zh' && error.zh ? error.zh : error.message] };
  if (error instanceof OperationError) return { code: EXIT.finding, lines: [lang === 'zh' ? error.zh : error.message] };
  if (typeof error !== 'object' || error === null) return undefined;
  const parse = parseArgsText(error as Errno);
  if (parse) return { code: EXIT.usage, lines: [say(lang, parse)] };
  if (isClientError(error)) return clientFailure(error, context);
  if (isSignerError(error)) return { code: EXIT.finding, lines: [signerText(error, lang)] };
  const errno = error as Errno;
  const code = typeof errno.code === 'string' ? errno.code : undefined;
  if (code === 'EADDRINUSE' || (code === 'EACCES' && errno.syscall === 'listen')) {
    const at = errno.port !== undefined ? `${String(errno.address ?? '')}:${String(errno.port)}` : '';
    return code === 'EADDRINUSE'
      ? { code: EXIT.finding, lines: [say(lang, { en: `the port is in use (${at}): another program listens there; pick another with --port N, or --port 0 for a free one`, zh: `端口已被占用（${at}）：请用 --port N 换一个端口，或 --port 0 自动选择空闲端口` })] }
      : { code: EXIT.finding, lines: [say(lang, { en: `not allowed to listen on ${at}: ports below 1024 need privileges; pick --port 1024 or above`, zh: `无权监听 ${at}：1024 以下的端口需要特权，请用 --port 1024 以上` })] };
  }
  if (code !== undefined && typeof errno.path === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM'].includes(code)) {
    const why: Bilingual =
      code === 'ENOENT' ? { en: 'no such file', zh: '文件不存在' } : code === 'EISDIR' ? { en: 'it is a folder, not a file', zh: '这是文件夹而不是文件' } : code === 'ENOTDIR' ? { en: 'a part of the path is not a folder', zh: '路径中有一段不是文件夹' } : { en: 'permission denied', zh: '没有权限' };
    return { code: EXIT.usage, lines: [`${errno.path}: ${say(lang, why)}; ${say(lang, { en: 'check the path and try again', zh: '请检查路径后重试' })}`] };
  }
  return undefined;
}

/** A signer error for a command-line user: the library's advice about its own options (such as `filter`) replaced by what to do at the command line. */
function signerText(error: Error, lang: Lang): string {
  if (error.name === 'NoKeyError') {
    if (/client control/i.test(error.message)) {
      const url = /at (\S+?)\.? /.exec(error.message)?.[1] ?? 'ws://127.0.0.1:61232';
      return say(lang, { en: `no client control answers at ${url}: start the Single Window client control (客户端控件) with the e-key plugged in, or use another --signer`, zh: `${url} 上没有客户端控件应答：请插好电子钥匙并启动单一窗口客户端控件，或换用其他 --signer` });
    }
    return say(lang, { en: 'no USB e-key is plugged in: plug it in and retry ("exlic ekey list" shows the keys found), or use another --signer', zh: '未插入 USB 电子钥匙：请插好后重试（"exlic ekey list" 列出找到的钥匙），或换用其他 --signer' });
  }
  if (error.name === 'HidUnavailableError') {
    return say(lang, { en: `USB e-keys cannot be reached on this machine (${error.message.replace(/\.$/, '')}); install libusb (Debian: apt-get install libusb-1.0-0) or use --signer control or pem:KEY,CERT`, zh: `本机无法访问 USB 电子钥匙（${error.message.replace(/\.$/, '')}）；请安装 libusb（Debian：apt-get install libusb-1.0-0），或改用 --signer control 或 pem:私钥,证书` });
  }
  // The other signer errors (wrong PIN with tries left, locked, removed, busy, timeout) already say what to do.
  return say(lang, { en: `the e-key failed: ${error.message}`, zh: `电子钥匙操作失败：${error.message}` });
}
