/** Test support for pushes: loopback receivers, a stub resolver, and a record of every socket connection the process opens. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, Socket, type AddressInfo } from 'node:net';
import { vi } from 'vitest';
import type { PushAddress, PushLookup } from '../src/index';

/** One request a receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1: answers each request with `answer` (204 by default), or never when `answer` returns `'hang'`. */
export interface LoopbackReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Connections open now, and the most open at once. */
  open(): number;
  peakOpen(): number;
  close(): Promise<void>;
}

/** Starts a loopback receiver. */
export async function loopbackReceiver(answer: (request: IncomingMessage, response: ServerResponse) => 'hang' | void = (_, response) => void response.writeHead(204).end()): Promise<LoopbackReceiver> {
  const received: Received[] = [];
  let open = 0;
  let peak = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      answer(request, response);
    });
  });
  server.on('connection', (socket) => {
    open += 1;
    peak = Math.max(peak, open);
    socket.on('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    open: () => open,
    peakOpen: () => peak,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver stub: answers from `answers` (a list is consumed one call at a time, its last entry repeating); records every name asked. */
export function stubLookup(answers: Record<string, string[] | string[][]>): PushLookup & { asked: string[] } {
  const asked: string[] = [];
  const calls = new Map<string, number>();
  const lookup = (hostname: string): Promise<readonly PushAddress[]> => {
    asked.push(hostname);
    const entry = answers[hostname];
    if (entry === undefined) return Promise.reject(Object.assign(new Error(`stub: ${hostname} not found`), { code: 'ENOTFOUND' }));
    const count = calls.get(hostname) ?? 0;
    calls.set(hostname, count + 1);
    const lists = (Array.isArray(entry[0]) ? entry : [entry]) as string[][];
    const list = lists[Math.min(count, lists.length - 1)]!;
    return Promise.resolve(list.map((address) => ({ address, family: isIP(address) })));
  };
  return Object.assign(lookup, { asked });
}

/** Records the host of every socket connection this process starts (the sandbox's pushes and the test's own calls alike). */
export function watchConnections(): string[] {
  const hosts: string[] = [];
  const original = Socket.prototype.connect;
  vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    // net.connect passes its normalised arguments as one array; others pass (options) or (port, host).
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number;
    hosts.push(typeof options === 'object' && options !== null ? String(options.host ?? options.path ?? 'localhost') : String(args[1] ?? 'localhost'));
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  });
  return hosts;
}

/** True when every recorded connection went to a loopback address. */
export function onlyLoopback(hosts: readonly string[]): boolean {
  return hosts.every((host) => host === 'localhost' || host === '::1' || host.startsWith('127.') || host === '::ffff:127.0.0.1');
}

/** Waits until `done()` holds, polling; fails after `ms`. */
export async function until(done: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
