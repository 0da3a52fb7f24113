import { version } from '../package.json';
import { EXIT, languageOf, say, type Bilingual, type CliIo, type Lang } from './io';

/** One `exlic` verb: its one-line summary and what it runs. The command's module is loaded only when it runs, so `exlic --version` starts fast. */
interface Command {
  readonly summary: string | Bilingual;
  readonly run: (args: string[], io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  lookup: {
    summary: { en: 'search a code table or the commodity catalog (code, Chinese, English, pinyin)', zh: '查询代码表或商品目录（代码、中文、英文、拼音）' },
    run: async (args, io) => (await import('./commands/lookup')).runLookup(args, io),
  },
  check: {
    summary: { en: 'check licence applications against the Single Window form rules', zh: '按单一窗口表单规则校验许可证申请' },
    run: async (args, io) => (await import('./commands/check')).runCheck(args, io),
  },
  catalog: {
    summary: { en: 'import a commodity catalog (the official list as published, CSV or XLSX) into the SDK\'s JSON', zh: '导入商品目录（按官方发布的格式，CSV 或 XLSX）为 SDK 的 JSON' },
    run: async (args, io) => (await import('./commands/catalog')).runCatalog(args, io),
  },
  sandbox: {
    summary: { en: 'run a local sandbox of exlic\'s HTTP contract (reviews, pushes) on SQLite', zh: '在本机运行 exlic HTTP 接口的沙箱（审核、推送），数据存于 SQLite' },
    run: async (args, io) => (await import('./commands/sandbox')).runSandbox(args, io),
  },
  ekey: {
    summary: { en: 'bind an e-key to your account; list USB e-keys, read a certificate, record a session', zh: '绑定电子钥匙；列出 USB 钥匙、读取证书、录制会话' },
    run: async (args, io) => (await import('./commands/ekey')).runEKey(args, io),
  },
  rules: {
    summary: { en: 'compare two rule sets or dates: rules added, removed, changed, and the verdicts that change', zh: '比较两个规则集或两个日期：新增、删除、修改的规则，以及结论改变的申请' },
    run: async (args, io) => (await import('./commands/rules-diff')).runRules(args, io),
  },
  demo: {
    summary: { en: 'tell a whole licence application against a local sandbox (npm run demo)', zh: '在本机沙箱上完整演示一份许可证申请（npm run demo）' },
    run: async (args, io) => (await import('./commands/demo')).runDemo(args, io),
  },
  applications: {
    summary: { en: 'list, get, save, delete, copy, declare, withdraw and print applications; opinions, status changes', zh: '申请的查询、暂存、删除、复制、申报、撤销、打印；审批意见、状态变化' },
    run: async (args, io) => (await import('./commands/applications')).runApplications(args, io),
  },
  attachments: {
    summary: { en: 'upload, list, download and delete an application\'s attachments', zh: '上传、列出、下载、删除申请的附件' },
    run: async (args, io) => (await import('./commands/attachments')).runAttachments(args, io),
  },
  'contract-details': {
    summary: { en: 'read or replace an application\'s contract details (合同信息表)', zh: '读取或替换申请的合同信息表' },
    run: async (args, io) => (await import('./commands/contract-details')).runContractDetails(args, io),
  },
  history: {
    summary: { en: 'earlier years\' applications (历史数据): list, copy into this year', zh: '历史数据：列出往年申请，复制为本年草稿' },
    run: async (args, io) => (await import('./commands/history')).runHistory(args, io),
  },
  customs: {
    summary: { en: 'what customs knows of a licence (海关状态)', zh: '许可证的海关状态' },
    run: async (args, io) => (await import('./commands/licences')).runCustoms(args, io),
  },
  'write-offs': {
    summary: { en: 'the licences\' uses at customs (核销数据)', zh: '许可证的核销数据' },
    run: async (args, io) => (await import('./commands/licences')).runWriteOffs(args, io),
  },
  subscriptions: {
    summary: { en: 'push subscriptions for review receipts: create, list, delete', zh: '审核回执推送订阅：创建、列出、删除' },
    run: async (args, io) => (await import('./commands/subscriptions')).runSubscriptions(args, io),
  },
  events: {
    summary: { en: 'the receipts feed, from the start or after a cursor; --follow waits for new ones', zh: '回执流，从头或从游标之后；--follow 持续等待新回执' },
    run: async (args, io) => (await import('./commands/events')).runEvents(args, io),
  },
  statistics: {
    summary: { en: 'licences issued and amounts, by year, month or country', zh: '按年、月或国家统计已发许可证及金额' },
    run: async (args, io) => (await import('./commands/statistics')).runStatistics(args, io),
  },
};

/** The exit codes, as `exlic --help` and the README list them. */
export const EXIT_CODES_HELP: Bilingual = {
  en: `Exit codes:
  0   done
  1   a check found problems, or the operation failed (the server refused or cannot be reached,
      no e-key or client control, the port is in use)
  2   bad usage: unknown command or option, a bad value, a file that cannot be read, no server or token,
      or a token the server refused
  70  a bug in exlic: the stack is printed; please report it`,
  zh: `退出码：
  0   完成
  1   校验发现问题，或操作失败（服务器拒绝或无法连接、没有电子钥匙或客户端控件、端口被占用）
  2   用法有误：未知命令或选项、取值错误、文件无法读取、未设置服务器或令牌、令牌被服务器拒绝
  70  exlic 自身的缺陷：会打印调用栈，请报告`,
};

function help(lang: Lang): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(17)} ${typeof command.summary === 'string' ? command.summary : say(lang, command.summary)}`);
  if (lang === 'zh') {
    return `exlic — 出口许可证申请工具（规则、代码表、签名；HTTP 接口由 exlic 自定义，由 exlic sandbox 提供）

用法：exlic <命令> [选项]

命令：
${lines.join('\n')}

所有命令通用的选项：
  --lang zh|en           界面语言（默认按 LC_ALL / LC_MESSAGES / LANG，zh_* 为中文）
  --debug                出错时同时打印调用栈
  --color / --no-color   强制开启或关闭颜色（默认：终端上开启，除非设置了 NO_COLOR；FORCE_COLOR 强制开启）

运行 "exlic help <命令>"（或 "exlic <命令> --help"）查看命令的选项和示例；"exlic --version" 显示版本。

${EXIT_CODES_HELP.zh}
`;
  }
  return `exlic — export licence applications (the rules, code tables and signing; the HTTP contract is exlic's own, served by exlic sandbox)

Usage: exlic <command> [options]

Commands:
${lines.join('\n')}

Options for every command:
  --lang zh|en           language of help, errors and reports (default from LC_ALL / LC_MESSAGES / LANG: zh_* is Chinese)
  --debug                print the stack with an error
  --color / --no-color   force colour on or off (otherwise: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)

Run "exlic help <command>" (or "exlic <command> --help") for a command's options and examples; "exlic --version" for the version.

${EXIT_CODES_HELP.en}
`;
}

// --color, --no-color and --debug may stand anywhere; the last colour flag wins. They are taken out before the command reads its arguments.
// --lang is only looked at here (check and demo read it themselves), so the command still sees it.
function takeGlobalFlags(argv: readonly string[]): { args: string[]; color?: boolean; debug: boolean; lang?: string } {
  let color: boolean | undefined;
  let debug = false;
  let lang: string | undefined;
  const args: string[] = [];
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') {
      args.push(...argv.slice(index));
      break;
    }
    if (arg === '--color') color = true;
    else if (arg === '--no-color') color = false;
    else if (arg === '--debug') debug = true;
    else {
      if (arg === '--lang') lang = argv[index + 1];
      else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
      args.push(arg);
    }
  }
  return { args, debug, ...(color === undefined ? {} : { color }), ...(lang === undefined ? {} : { lang }) };
}

/** The server a command talks to, to name it in a network failure. */
function serverOf(args: readonly string[], io: CliIo): string | undefined {
  const at = args.indexOf('--server');
  if (at >= 0) return args[at + 1];
  return args.find((arg) => arg.startsWith('--server='))?.slice('--server='.length) ?? io.env.EXLIC_SERVER;
}

/**
 * Runs the `exlic` command line with `argv` (without node and the script) and returns the exit code. An expected
 * failure prints one line (the stack only with `--debug`) and returns 1 or 2; anything else is a bug and is thrown.
 * @example process.exitCode = await main(process.argv.slice(2), processIo());
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const taken = takeGlobalFlags(argv);
  const env = taken.color === undefined ? io : { ...io, color: taken.color };
  const lang = languageOf(io.env, taken.lang);
  // A --lang before the command is for exlic itself; after it, the command sees it too.
  const leading = taken.args[0] === '--lang' ? 2 : taken.args[0]?.startsWith('--lang=') ? 1 : 0;
  const [name, ...rest] = taken.args.slice(leading);
  if (name === '--version' || name === '-v') {
    io.stdout.write(`exlic ${version}\n`);
    return EXIT.ok;
  }
  if (name === 'help' && rest.length > 0) {
    const [topic] = rest;
    if (topic !== undefined && COMMANDS[topic]) return runCommand(topic, ['--help', ...(taken.lang ? ['--lang', taken.lang] : [])], env, lang, taken.debug);
    io.stderr.write(`exlic help: ${say(lang, { en: `unknown command "${topic}"`, zh: `未知命令 "${topic}"` })}\n\n${help(lang)}`);
    return EXIT.usage;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help(lang));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!COMMANDS[name]) {
    io.stderr.write(`exlic: ${say(lang, { en: `unknown command "${name}"`, zh: `未知命令 "${name}"` })}\n\n${help(lang)}`);
    return EXIT.usage;
  }
  return runCommand(name, rest, env, lang, taken.debug);
}

async function runCommand(name: string, args: string[], io: CliIo, lang: Lang, debug: boolean): Promise<number> {
  try {
    return await COMMANDS[name]!.run(args, io);
  } catch (error) {
    // Loaded only on failure: it brings the client's and the signer's error guards, which --version should not pay for.
    const { describeFailure } = await import('./failure');
    const described = describeFailure(error, { lang, server: serverOf(args, io) });
    if (described === undefined) throw error;
    const [first, ...details] = described.lines;
    io.stderr.write(`exlic ${name}: ${first}\n${details.map((line) => `${line}\n`).join('')}`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return described.code;
  }
}
