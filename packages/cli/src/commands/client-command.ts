/** What the client commands share: server and token, the signer and its PIN, output as a table or JSON, help in the user's language. */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createClient, type Client, type SignerLike } from '@exlic/client';
import { createEKeySigner, createSoftwareSigner, createVirtualEKey } from '@exlic/signer';
import { createHidTransportFactory, createNodeClientControlSigner } from '@exlic/signer/node';
import { renderRows } from '../table';
import { EXIT, UsageError, languageOf, say, type Bilingual, type CliIo, type Lang } from '../io';

/** The options every client command takes (for parseArgs). */
const CLIENT_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string', default: 'table' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The connection options' help lines. */
const CLIENT_USAGE: Bilingual = {
  en: `Connection and output (every client command):
  --server URL     the server: an exlic sandbox, or a server implementing exlic's contract (or EXLIC_SERVER)
  --token TOKEN    the operator token (or EXLIC_TOKEN; prefer the variable: arguments show in ps)
  --format F       table (default, for people) or json (for programs)
  --lang zh|en     language of help and errors (default from LC_ALL / LC_MESSAGES / LANG)
`,
  zh: `连接与输出（所有客户端命令）：
  --server URL     服务器：exlic sandbox，或实现 exlic 接口的服务器（或 EXLIC_SERVER）
  --token TOKEN    操作员令牌（或 EXLIC_TOKEN；建议用环境变量，命令行参数在 ps 中可见）
  --format F       table（默认，供人阅读）或 json（供程序读取）
  --lang zh|en     帮助和错误信息的语言（默认按 LC_ALL / LC_MESSAGES / LANG）
`,
};

/** The signer options' help lines. */
export const SIGNER_USAGE: Bilingual = {
  en: `Signer: --signer virtual (default; a fresh virtual e-key for the sandbox, bound first), control (the Single
Window client control, ws://127.0.0.1:61232 or EXLIC_CONTROL_URL), hid (a USB e-key), pem:KEY,CERT (PEM files).
control and hid read the PIN from EXLIC_PIN.
`,
  zh: `签名：--signer virtual（默认；用于沙箱的临时虚拟电子钥匙，先自动绑定）、control（单一窗口客户端控件，
ws://127.0.0.1:61232 或 EXLIC_CONTROL_URL）、hid（USB 电子钥匙）、pem:私钥,证书（PEM 文件）。
control 和 hid 从 EXLIC_PIN 读取口令。
`,
};

/** Parses a client command's arguments (strict: an unknown option is a usage error) and works out its language. */
export function parseClientArgs<TOptions extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  io: CliIo,
  options: TOptions,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: typeof CLIENT_OPTIONS & TOptions }>> & { lang: Lang } {
  const parsed = parseArgs({ args, allowPositionals: true as const, strict: true as const, options: { ...CLIENT_OPTIONS, ...options } });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const lang = languageOf(io.env, typeof values.lang === 'string' ? values.lang : undefined);
  if (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en') throw new UsageError({ en: `--lang must be zh or en, got "${String(values.lang)}"`, zh: `--lang 只能是 zh 或 en，而不是 "${String(values.lang)}"` });
  return { ...parsed, lang };
}

/** Prints a command's help (in the user's language) and returns exit 0. */
export function printHelp(io: CliIo, lang: Lang, usage: Bilingual, withClient = true): number {
  io.stdout.write(`${say(lang, usage)}${withClient ? `\n${say(lang, CLIENT_USAGE)}` : ''}`);
  return EXIT.ok;
}

/** A client from --server/--token or EXLIC_SERVER/EXLIC_TOKEN. */
export function clientFrom(values: { server?: unknown; token?: unknown }, io: CliIo): Client {
  const baseUrl = typeof values.server === 'string' ? values.server : io.env.EXLIC_SERVER;
  const token = typeof values.token === 'string' ? values.token : io.env.EXLIC_TOKEN;
  if (!baseUrl) throw new UsageError({ en: 'no server: pass --server URL or set EXLIC_SERVER ("exlic sandbox" prints its URL first)', zh: '未指定服务器：请加 --server URL 或设置 EXLIC_SERVER（"exlic sandbox" 第一行打印其地址）' });
  if (!token) throw new UsageError({ en: 'no token: set EXLIC_TOKEN or pass --token ("exlic sandbox" prints an operator token per enterprise)', zh: '未指定令牌：请设置 EXLIC_TOKEN 或加 --token（"exlic sandbox" 为每个企业打印操作员令牌）' });
  if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new UsageError({ en: `the server must be an http(s) URL such as http://127.0.0.1:8787, got "${baseUrl}" (--server or EXLIC_SERVER)`, zh: `服务器地址必须是 http(s) URL，例如 http://127.0.0.1:8787，而不是 "${baseUrl}"（--server 或 EXLIC_SERVER）` });
  }
  // fetch refuses URLs with credentials, and they would show in messages: the token is the only credential.
  if (/^https?:\/\/[^/]*@/i.test(baseUrl)) {
    throw new UsageError({ en: 'the server URL must not carry a user name or password: give the URL without them and the operator token in EXLIC_TOKEN', zh: '服务器地址中不能包含用户名或密码：请去掉它们，并把操作员令牌放在 EXLIC_TOKEN 中' });
  }
  try {
    return createClient({ baseUrl, token });
  } catch (error) {
    throw new UsageError({ en: `--server ${baseUrl}: ${(error as Error).message}`, zh: `--server ${baseUrl}：${(error as Error).message}` });
  }
}

const DEPRECATED_PIN_VARIABLES = ['EXLIC_EKEY_PIN', 'EXLIC_HID_PIN'] as const;

/** The e-key PIN from EXLIC_PIN; the older EXLIC_EKEY_PIN and EXLIC_HID_PIN still work, with a one-line note. */
export function pinFrom(io: CliIo, lang: Lang): string | undefined {
  const pin = io.env.EXLIC_PIN;
  if (pin) return pin;
  for (const name of DEPRECATED_PIN_VARIABLES) {
    const old = io.env[name];
    if (old) {
      io.stderr.write(`exlic: ${say(lang, { en: `note: ${name} is deprecated; set EXLIC_PIN instead (it is read first)`, zh: `提示：${name} 已弃用，请改用 EXLIC_PIN（优先读取）` })}\n`);
      return old;
    }
  }
  return undefined;
}

/** A signer and whether it must be bound first: `virtual` (a fresh virtual e-key, bound before use), `control` (the client control), `hid` (a USB e-key), `pem:KEY,CERT` (files). */
export async function signerFrom(spec: string, io: CliIo, lang: Lang): Promise<{ signer: SignerLike & { close(): Promise<void> }; fresh: boolean }> {
  if (spec === 'virtual') {
    // A throwaway key for the sandbox: its PIN protects nothing, so it is fixed.
    const key = createVirtualEKey({ pin: '12345678' });
    return { signer: createEKeySigner({ transport: key.openTransport(), pin: '12345678' }), fresh: true };
  }
  if (spec === 'control' || spec === 'hid') {
    const pin = pinFrom(io, lang);
    if (!pin) throw new UsageError({ en: `--signer ${spec} needs the e-key PIN: set EXLIC_PIN (never on the command line)`, zh: `--signer ${spec} 需要电子钥匙口令：请设置环境变量 EXLIC_PIN（不要写在命令行上）` });
    if (spec === 'control') {
      const url = io.env.EXLIC_CONTROL_URL;
      return { signer: createNodeClientControlSigner({ password: pin, ...(url ? { url } : {}) }), fresh: false };
    }
    return { signer: createEKeySigner({ transport: await createHidTransportFactory().open(), pin }), fresh: false };
  }
  const pem = /^pem:([^,]+),(.+)$/.exec(spec);
  if (pem) {
    // A missing file fails with ENOENT and its path: the command line prints "PATH: no such file".
    const read = (file: string) => readFile(isAbsolute(file) ? file : join(io.cwd, file), 'utf8');
    return { signer: createSoftwareSigner({ privateKey: await read(pem[1]!), certificate: await read(pem[2]!) }), fresh: false };
  }
  throw new UsageError({ en: `--signer must be virtual, control, hid or pem:KEY,CERT, got "${spec}"`, zh: `--signer 只能是 virtual、control、hid 或 pem:私钥,证书，而不是 "${spec}"` });
}

/** Checks --format. */
export function formatOf(value: unknown): 'table' | 'json' {
  if (value !== 'table' && value !== 'json') throw new UsageError({ en: `--format must be table or json, got "${String(value)}"`, zh: `--format 只能是 table 或 json，而不是 "${String(value)}"` });
  return value;
}

/** A positive whole number option, or undefined when absent. */
export function positiveInt(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError({ en: `--${name} must be a whole number from 1 to ${max}, got "${text}"`, zh: `--${name} 必须是 1 到 ${max} 的整数，而不是 "${text}"` });
  }
  return Number(text);
}

/** The positional argument at `index`, or a usage error naming what is missing. */
export function required(positionals: readonly string[], index: number, what: Bilingual, usage: string): string {
  const value = positionals[index];
  if (value === undefined || value === '') throw new UsageError({ en: `missing ${what.en}\n\n${usage}`, zh: `缺少${what.zh}\n\n${usage}` });
  return value;
}

/** Refuses positional arguments beyond `count`. */
export function noMoreThan(positionals: readonly string[], count: number): void {
  const extra = positionals[count];
  if (extra !== undefined) throw new UsageError({ en: `unexpected argument "${extra}"; --help shows what the command takes`, zh: `多余的参数 "${extra}"；--help 列出命令接受的参数` });
}

/** Writes `value` as JSON, or `rows` as a table. */
export function output(io: CliIo, format: 'table' | 'json', value: unknown, rows: readonly object[], columns: readonly string[], lang: Lang = 'en'): void {
  io.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : renderRows(rows, columns, lang));
}

/** One record as "field  value" lines, for `get`-like commands in table format. */
export function renderFields(fields: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${name.padEnd(width)}  ${typeof value === 'object' ? JSON.stringify(value) : String(value)}\n`)
    .join('');
}

/** The largest JSON file read (an application is a few kilobytes; the sandbox takes 1 MiB). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** Refuses a file larger than `max` bytes before reading it, so a wrong path to a huge file cannot exhaust memory; a folder is refused too. */
export async function refuseLarger(path: string, shown: string, max: number): Promise<void> {
  const info = await stat(path);
  if (!info.isFile()) throw new UsageError({ en: `${shown} is not a file`, zh: `${shown} 不是文件` });
  if (info.size > max) {
    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    throw new UsageError({ en: `${shown} is ${mib(info.size)}, more than the ${mib(max)} this command reads: check that it is the right file`, zh: `${shown} 有 ${mib(info.size)}，超过本命令读取的上限 ${mib(max)}：请确认文件是否正确` });
  }
}

/** Reads a JSON file named on the command line: a missing file fails as "PATH: no such file", bad JSON as a usage error. */
export async function readJsonFile(io: CliIo, file: string): Promise<unknown> {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  await refuseLarger(path, file, MAX_JSON_BYTES);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError({ en: `${file} is not valid JSON (${(error as Error).message})`, zh: `${file} 不是合法的 JSON（${(error as Error).message}）` });
  }
}

/** Nested values as "a.b.c  value" lines, for a document in table format. */
export function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix || '(value)', value]];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => flatten(item, prefix ? `${prefix}.${key}` : key));
}
