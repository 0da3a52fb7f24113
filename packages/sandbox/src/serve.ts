/** serveSandbox: a sandbox on a Node HTTP server (loopback by default). */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { isDroppedConnectionError } from './faults';
import { createSandbox, type Sandbox } from './sandbox';
import type { SandboxOptions } from './options';

/** Options of {@link serveSandbox}: the sandbox's, plus where to listen. */
export interface ServeSandboxOptions extends SandboxOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Open connections past which a new one is answered 503 with Retry-After and closed. @default 256 */
  maxConnections?: number;
  /** How long a client may take to send a request's headers, ms (Node's `headersTimeout`). @default 10000 */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, body included, ms (Node's `requestTimeout`). @default 60000 */
  requestTimeoutMs?: number;
}

/** How long a connection answered before its body was read stays half-closed before it is reset. */
const LINGER_MS = 2_000;

/**
 * A lingering close, for a request answered before its body was read (401, 413, 415…). Node would end the connection
 * as soon as the answer is flushed and destroy the socket at once; the body bytes still arriving then make the kernel
 * send a reset, which can reach the client before it has read the answer, so a busy client never sees it. Instead the
 * answer is followed by a half-close, the socket is paused (what still arrives waits in the kernel's bounded buffer,
 * not in this process's memory) and destroyed after {@link LINGER_MS}, when the client has had time to read. Node calls
 * `destroySoon` for such a connection; this one socket's is replaced.
 */
function lingerAfterAnswer(incoming: IncomingMessage): void {
  const socket = incoming.socket as Socket & { destroySoon?: () => void };
  if (typeof socket.destroySoon !== 'function') return;
  socket.destroySoon = () => {
    if (socket.destroyed) return;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.end();
    // After Node's own resumption of the request (req._dump, on the next tick), so the pause holds.
    setImmediate(() => socket.pause());
  };
}

/** The raw answer to a connection past the cap: written before its request is read, then the socket is closed. */
function overCapacity(retryAfterSeconds: number): string {
  const body = JSON.stringify({
    type: 'https://exlic.dev/problems/unavailable',
    title: 'Service unavailable',
    status: 503,
    detail: `The sandbox has too many open connections; retry after ${retryAfterSeconds} s.`,
    instance: '',
    code: 'unavailable',
    message: { zh: '服务暂不可用', en: `The sandbox has too many open connections; retry after ${retryAfterSeconds} s.` },
    requestId: 'req_over_capacity',
    retryAfter: retryAfterSeconds,
  });
  return `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: ${retryAfterSeconds}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A sandbox served over HTTP. */
export interface ServedSandbox {
  /** The base URL, e.g. `http://127.0.0.1:53127`. */
  url: string;
  sandbox: Sandbox;
  /** Stops listening, ends open connections and closes the sandbox. */
  close(): Promise<void>;
}

/**
 * Creates a sandbox and serves it on Node.
 * @example
 * const { url, sandbox, close } = await serveSandbox({ seed: 'demo', port: 0 });
 */
export async function serveSandbox(options: ServeSandboxOptions = {}): Promise<ServedSandbox> {
  const { port = 0, host = '127.0.0.1', maxConnections = 256, headersTimeoutMs = 10_000, requestTimeoutMs = 60_000, ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  await sandbox.seeded();
  const server = serve({
    hostname: host,
    port,
    // A library must not swap the process's global Request and Response (node-server's default would): msw and callers' instanceof checks rely on them.
    overrideGlobalObjects: false,
    fetch: async (request: Request, env: unknown) => {
      try {
        const response = await sandbox.fetch(request);
        // Refused before its body was read (401, 413, 415…): the answer says `connection: close`.
        if (!(env as HttpBindings).incoming.complete) lingerAfterAnswer((env as HttpBindings).incoming);
        return response;
      } catch (error) {
        if (!isDroppedConnectionError(error)) throw error;
        // An injected dropped connection: reset the socket, as a crashed server or a broken network would.
        (env as HttpBindings).incoming.socket.destroy();
        return new Response(null, { status: 500 });
      }
    },
  });
  // Deliberate limits: a client that dribbles its headers or its body is cut off, not held for Node's 300 s default.
  const http = server as Server;
  http.headersTimeout = headersTimeoutMs;
  http.requestTimeout = requestTimeoutMs;
  http.keepAliveTimeout = 5_000;
  let open = 0;
  http.on('connection', (socket) => {
    if (open >= maxConnections) {
      socket.end(overCapacity(1));
      return;
    }
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    sandbox,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await sandbox.close();
    },
  };
}
