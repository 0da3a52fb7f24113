import { version } from '../package.json';
import { EXIT, UsageError, type CliIo } from './io';

/** One `exlic` verb: its one-line summary and what it runs. The command's module is loaded only when it runs, so `exlic --version` starts fast. */
interface Command {
  readonly summary: string;
  readonly run: (args: string[], io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  lookup: {
    summary: 'search a code table or the commodity catalog (code, Chinese, English, pinyin)',
    run: async (args, io) => (await import('./commands/lookup')).runLookup(args, io),
  },
  check: {
    summary: 'check licence applications against the Single Window form rules',
    run: async (args, io) => (await import('./commands/check')).runCheck(args, io),
  },
  catalog: {
    summary: 'import a commodity catalog (the official list as published, CSV or XLSX) into the SDK\'s JSON',
    run: async (args, io) => (await import('./commands/catalog')).runCatalog(args, io),
  },
  sandbox: {
    summary: 'run a local Single Window (HTTP contract, reviews, pushes) on SQLite',
    run: async (args, io) => (await import('./commands/sandbox')).runSandbox(args, io),
  },
  ekey: {
    summary: 'list USB e-keys, read a key\'s certificate, record a session to a replay fixture',
    run: async (args, io) => (await import('./commands/ekey')).runEKey(args, io),
  },
  rules: {
    summary: 'compare two rule sets or dates: rules added, removed, changed, and the verdicts that change',
    run: async (args, io) => (await import('./commands/rules-diff')).runRules(args, io),
  },
  demo: {
    summary: 'tell a whole licence application against a local sandbox (npm run demo)',
    run: async (args, io) => (await import('./commands/demo')).runDemo(args, io),
  },
  applications: {
    summary: 'list, get, save, declare and withdraw applications on the Single Window',
    run: async (args, io) => (await import('./commands/applications')).runApplications(args, io),
  },
  statistics: {
    summary: 'licences issued and amounts, by year, month or country',
    run: async (args, io) => (await import('./commands/statistics')).runStatistics(args, io),
  },
  events: {
    summary: 'the receipts feed, from the start or after a cursor',
    run: async (args, io) => (await import('./commands/events')).runEvents(args, io),
  },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`);
  return `exlic — export licence applications for the Single Window

Usage: exlic <command> [options]

Commands:
${lines.join('\n')}

Options for every command:
  --color / --no-color   force colour on or off (otherwise: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it)

Run "exlic help <command>" (or "exlic <command> --help") for a command's options; "exlic --version" for the version.
`;
}

// --color and --no-color may stand anywhere; the last one wins. They are taken out before the command reads its arguments.
function takeColorFlags(argv: readonly string[]): { args: string[]; color?: boolean } {
  let color: boolean | undefined;
  const args: string[] = [];
  for (const arg of argv) {
    if (arg === '--color') color = true;
    else if (arg === '--no-color') color = false;
    else args.push(arg);
  }
  return color === undefined ? { args } : { args, color };
}

/**
 * Runs the `exlic` command line with `argv` (without node and the script) and returns the exit code.
 * @example process.exitCode = await main(process.argv.slice(2), processIo());
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const taken = takeColorFlags(argv);
  const env = taken.color === undefined ? io : { ...io, color: taken.color };
  const [name, ...rest] = taken.args;
  if (name === '--version' || name === '-v') {
    io.stdout.write(`exlic ${version}\n`);
    return EXIT.ok;
  }
  if (name === 'help' && rest.length > 0) {
    const [topic] = rest;
    if (topic !== undefined && COMMANDS[topic]) return runCommand(topic, ['--help'], env);
    io.stderr.write(`exlic help: unknown command "${topic}"\n\n${help()}`);
    return EXIT.usage;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!COMMANDS[name]) {
    io.stderr.write(`exlic: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  return runCommand(name, rest, env);
}

async function runCommand(name: string, args: string[], io: CliIo): Promise<number> {
  try {
    return await COMMANDS[name]!.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`exlic ${name}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
