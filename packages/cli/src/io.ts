/** Where a command reads and writes: the process's streams, or buffers in tests. */
export interface CliIo {
  /** Text, or bytes (an attachment written to standard output). */
  readonly stdout: { write(text: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--color` (true) or `--no-color` (false) from the command line; when absent the environment and the terminal decide. */
  readonly color?: boolean;
}

/**
 * The exit codes of every command (listed in `exlic --help`): 0 done; 1 a failed check or operation (invalid
 * data, no match, the server refused or cannot be reached, no e-key, port in use); 2 bad usage (unknown
 * command or option, a bad value, a file named on the command line that cannot be read, no server or a
 * refused token); 70 a bug in exlic (printed with its stack: please report it).
 */
export const EXIT = { ok: 0, finding: 1, usage: 2, bug: 70 } as const;

/** A language of the command's own texts (help, usage errors, report headers). */
export type Lang = 'zh' | 'en';

/** A sentence in both languages. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** A usage error: the command prints its message (in the user's language when given in both) and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
  /** The Chinese text, when the thrower wrote one; `message` is the English. */
  readonly zh: string | undefined;
  constructor(message: string | Bilingual) {
    super(typeof message === 'string' ? message : message.en);
    this.zh = typeof message === 'string' ? undefined : message.zh;
  }
}

/** An operation that could not be done for a reason outside exlic (a folder that does not exist, a port taken): its message says what to do; exit 1. */
export class OperationError extends Error {
  override name = 'OperationError' as const;
  /** The Chinese text; `message` is the English. */
  readonly zh: string;
  constructor(message: Bilingual, options?: { cause?: unknown }) {
    super(message.en, options);
    this.zh = message.zh;
  }
}

/**
 * The language of exlic's own texts: `--lang` when given, else the POSIX locale variables in their order of
 * precedence (LC_ALL, LC_MESSAGES, LANG; the first one set decides): Chinese for `zh…`, English otherwise.
 */
export function languageOf(env: CliIo['env'], flag?: string): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Picks the text of `lang`. */
export function say(lang: Lang, text: Bilingual): string {
  return lang === 'zh' ? text.zh : text.en;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/**
 * True when colour may be used on `stream`. In order: `--no-color` / `--color`; `FORCE_COLOR` (`0` or
 * `false` turns it off, any other value on, as Node and supports-color read it); `NO_COLOR` set and not
 * empty turns it off (https://no-color.org); otherwise a terminal that is not `TERM=dumb`.
 */
export function colorEnabled(io: CliIo, stream: CliIo['stdout']): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && io.env.TERM !== 'dumb';
}
