/** A hostile server on 127.0.0.1 for the client's tests: huge, endless, compressed-bomb, stalling, malformed and secret-reflecting answers. Bodies are generated chunk by chunk, never allocated whole. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { constants, createBrotliCompress, createDeflate, createGzip } from 'node:zlib';

/** A scenario answers one request. */
export type Scenario = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A running hostile server: `url(name)` is a base URL whose requests the scenario `name` answers. */
export interface HostileServer {
  url(name: string): string;
  /** Bytes each scenario wrote so far (what reached the socket, before the client hung up). */
  written: Map<string, number>;
  /** Requests each scenario got. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

/** Writes `chunk` and waits for the socket to drain; false when the client hung up. */
function write(response: ServerResponse, chunk: Uint8Array | string): Promise<boolean> {
  if (response.destroyed || response.writableEnded) return Promise.resolve(false);
  if (response.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}

/** Streams `total` bytes (Infinity: until the client hangs up) of a JSON array of strings, 64 KiB a chunk, then closes the array. */
export async function streamJsonArray(response: ServerResponse, total: number): Promise<void> {
  const item = `"${'x'.repeat(1022)}",`;
  const chunk = new TextEncoder().encode(item.repeat(64));
  if (!(await write(response, '['))) return;
  let sent = 1;
  while (sent < total) {
    if (!(await write(response, chunk))) return;
    sent += chunk.length;
  }
  response.end('"end"]');
}

/** A compressed body of `inflated` zero bytes (JSON-ish: a string of zeros) in `encoding`, built by streaming zeros through zlib (never allocated whole). */
export async function compressedBomb(encoding: 'gzip' | 'br' | 'deflate', inflated: number): Promise<Buffer> {
  const stream = encoding === 'gzip' ? createGzip({ level: 9 }) : encoding === 'deflate' ? createDeflate({ level: 9 }) : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  const parts: Buffer[] = [];
  stream.on('data', (part: Buffer) => parts.push(part));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const zeros = Buffer.alloc(MiB, 0x30);
  stream.write('"');
  for (let done = 0; done < inflated; done += zeros.length) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end('"');
  await finished;
  return Buffer.concat(parts);
}

/** Starts a hostile server whose scenarios are chosen by the first path segment (`/huge/v1/me` → `huge`). */
export async function startHostileServer(scenarios: Record<string, Scenario>): Promise<HostileServer> {
  const written = new Map<string, number>();
  const requests = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('/')[1] ?? '';
    requests.set(name, (requests.get(name) ?? 0) + 1);
    const scenario = Object.hasOwn(scenarios, name) ? scenarios[name] : undefined;
    if (!scenario) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`no scenario ${name}`);
      return;
    }
    // Count what each scenario puts on the wire, whether it writes or ends with it.
    const count = (chunk: unknown): void => {
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
      written.set(name, (written.get(name) ?? 0) + size);
    };
    const originalWrite = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
    response.write = ((chunk: unknown, ...rest: unknown[]) => (count(chunk), originalWrite(chunk, ...rest))) as typeof response.write;
    const originalEnd = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => (count(chunk), originalEnd(chunk, ...rest))) as typeof response.end;
    // A request body is drained so a client's POST does not wait on it.
    request.resume();
    void Promise.resolve(scenario(request, response)).catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    written,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { MiB };
