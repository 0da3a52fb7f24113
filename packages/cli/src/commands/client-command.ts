/** What the client commands (applications, statistics, events) share: server and token, the signer, output as a table or JSON, and client errors as messages. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { createClient, isClientError, isValidationError, type Client, type SignerLike } from '@exlic/client';
import { createEKeySigner, createSoftwareSigner, createVirtualEKey } from '@exlic/signer';
import { createHidTransportFactory, createNodeClientControlSigner } from '@exlic/signer/node';
import { EXIT, UsageError, type CliIo } from '../io';

/** The options every client command takes (for parseArgs). */
export const CLIENT_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  format: { type: 'string', default: 'table' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options' help lines. */
export const CLIENT_USAGE = `Connection (every client command):
  --server URL     the Single Window or exlic sandbox (or EXLIC_SERVER)
  --token TOKEN    the operator token (or EXLIC_TOKEN; prefer the variable: arguments show in ps)
  --format F       table (default) or json
`;

/** A client from --server/--token or EXLIC_SERVER/EXLIC_TOKEN. */
export function clientFrom(values: { server?: string | undefined; token?: string | undefined }, io: CliIo): Client {
  const baseUrl = values.server ?? io.env.EXLIC_SERVER;
  const token = values.token ?? io.env.EXLIC_TOKEN;
  if (!baseUrl) throw new UsageError('no server: pass --server URL or set EXLIC_SERVER (exlic sandbox prints its URL first)');
  if (!token) throw new UsageError('no token: set EXLIC_TOKEN or pass --token (exlic sandbox prints an operator token per enterprise)');
  try {
    return createClient({ baseUrl, token });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A signer and whether it must be bound first: `virtual` (a fresh virtual e-key, bound before use), `control` (the client control on 127.0.0.1), `hid` (a USB e-key), `pem:KEY,CERT` (files). The PIN comes from EXLIC_PIN. */
export async function signerFrom(spec: string, io: CliIo): Promise<{ signer: SignerLike & { close(): Promise<void> }; fresh: boolean }> {
  const pin = io.env.EXLIC_PIN;
  if (spec === 'virtual') {
    const key = createVirtualEKey({ pin: '12345678' });
    return { signer: createEKeySigner({ transport: key.openTransport(), pin: '12345678' }), fresh: true };
  }
  if (spec === 'control' || spec === 'hid') {
    if (!pin) throw new UsageError(`--signer ${spec} needs the e-key PIN in EXLIC_PIN`);
    if (spec === 'control') return { signer: createNodeClientControlSigner({ password: pin }), fresh: false };
    return { signer: createEKeySigner({ transport: await createHidTransportFactory().open(), pin }), fresh: false };
  }
  const pem = /^pem:([^,]+),(.+)$/.exec(spec);
  if (pem) {
    const read = (file: string) => readFile(isAbsolute(file) ? file : join(io.cwd, file), 'utf8');
    return { signer: createSoftwareSigner({ privateKey: await read(pem[1]!), certificate: await read(pem[2]!) }), fresh: false };
  }
  throw new UsageError(`--signer must be virtual, control, hid or pem:KEY,CERT, got "${spec}"`);
}

/** Checks --format. */
export function formatOf(value: string | undefined): 'table' | 'json' {
  if (value !== 'table' && value !== 'json') throw new UsageError(`--format must be table or json, got "${String(value)}"`);
  return value;
}

/** Rows as aligned columns (wide characters count double). */
export function renderRows(rows: readonly object[], columns: readonly string[]): string {
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const width = (value: string) => [...value].reduce((sum, char) => sum + ((char.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  const widths = columns.map((column) => Math.max(width(column), ...rows.map((row) => width(text((row as Record<string, unknown>)[column])))));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((column) => text((row as Record<string, unknown>)[column]))))].join('\n') + '\n';
}

/** Writes `value` as JSON, or `rows` as a table. */
export function output(io: CliIo, format: 'table' | 'json', value: unknown, rows: readonly object[], columns: readonly string[]): void {
  io.stdout.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : renderRows(rows, columns));
}

/** Runs a client command, turning client errors into a message (violations listed) and exit code 1. */
export async function runClientCommand(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!isClientError(error)) throw error;
    io.stderr.write(`exlic ${name}: ${error.message}${error.requestId ? ` [request ${error.requestId}]` : ''}\n`);
    if (isValidationError(error)) for (const violation of error.violations) io.stderr.write(`  ${violation.severity} ${violation.path.join('.')}: ${violation.message.en}\n`);
    return error.code === 'unauthorized' ? EXIT.usage : EXIT.finding;
  }
}
