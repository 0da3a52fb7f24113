/** serveSandbox: a sandbox on a Node HTTP server (loopback by default). */
import type { AddressInfo } from 'node:net';
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
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  await sandbox.seeded();
  const server = serve({
    hostname: host,
    port,
    // A library must not swap the process's global Request and Response (node-server's default would): msw and callers' instanceof checks rely on them.
    overrideGlobalObjects: false,
    fetch: async (request: Request, env: unknown) => {
      try {
        return await sandbox.fetch(request);
      } catch (error) {
        if (!isDroppedConnectionError(error)) throw error;
        // An injected dropped connection: reset the socket, as a crashed server or a broken network would.
        (env as HttpBindings).incoming.socket.destroy();
        return new Response(null, { status: 500 });
      }
    },
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
