/** Where a command reads and writes: the process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** `--color` (true) or `--no-color` (false) from the command line; when absent the environment and the terminal decide. */
  readonly color?: boolean;
}

/** The exit codes of every command: 0 all good, 1 a finding (invalid data, no match), 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

/** A usage error: the command prints its message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
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
