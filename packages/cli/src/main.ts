import { version } from '../package.json';
import { EXIT, UsageError, type CliIo } from './io';
import { runLookup } from './commands/lookup';
import { runCheck } from './commands/check';
import { runCatalog } from './commands/catalog';
import { runEKey } from './commands/ekey';
import { runDemo } from './commands/demo';
import { runSandbox } from './commands/sandbox';
import { runApplications } from './commands/applications';
import { runStatistics } from './commands/statistics';
import { runEvents } from './commands/events';

/** One `exlic` verb: its one-line summary, its usage text, and what it runs. */
interface Command {
  readonly summary: string;
  readonly run: (args: string[], io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  lookup: { summary: 'search a code table or the commodity catalog (code, Chinese, English, pinyin)', run: runLookup },
  check: { summary: 'check licence applications against the Single Window form rules', run: runCheck },
  catalog: { summary: 'import a commodity catalog (the official list as CSV/JSON) into the SDK\'s JSON', run: runCatalog },
  ekey: { summary: 'list USB e-keys, read a key\'s certificate, record a session to a replay fixture', run: (args, io) => runEKey(args, io) },
  demo: { summary: 'tell a whole licence application against a local sandbox (npm run demo)', run: runDemo },
  sandbox: { summary: 'run a local Single Window (HTTP contract, reviews, pushes) on SQLite', run: runSandbox },
  applications: { summary: 'list, get, save, declare and withdraw applications on the Single Window', run: runApplications },
  statistics: { summary: 'licences issued and amounts, by year, month or country', run: runStatistics },
  events: { summary: 'the receipts feed, from the start or after a cursor', run: runEvents },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`);
  return `exlic — export licence applications for the Single Window\n\nUsage: exlic <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "exlic <command> --help" for a command's options; "exlic --version" for the version.\n`;
}

/**
 * Runs the `exlic` command line with `argv` (without node and the script) and returns the exit code.
 * @example process.exitCode = await main(process.argv.slice(2), processIo());
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.stdout.write(`exlic ${version}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`exlic: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`exlic ${name}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
