/** Where a command reads and writes: the process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
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

/** True when colour may be used on `stream`: a terminal, and NO_COLOR unset (https://no-color.org). */
export function colorEnabled(io: CliIo, stream: CliIo['stdout']): boolean {
  return Boolean(stream.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
