// @exlic/sandbox/msw: a sandbox as msw 2 request handlers, for in-process tests of HTTP clients.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { isDroppedConnectionError } from './faults';
import type { Sandbox } from './sandbox';

/**
 * msw request handlers that answer every request under `baseUrl` with the sandbox; an injected dropped connection becomes a network error.
 * @example
 * const server = setupServer(...sandboxHandlers(createSandbox({ seed: 'demo' }), 'http://sandbox.test'));
 */
export function sandboxHandlers(sandbox: Sandbox, baseUrl: string): HttpHandler[] {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      // The sandbox's routes start at the origin: strip the base URL's path, so a client configured with a prefix reaches them.
      const url = new URL(request.url);
      url.pathname = url.pathname.slice(prefix.length) || '/';
      const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers };
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        init.body = await request.arrayBuffer();
      }
      try {
        return await sandbox.fetch(new Request(url, init));
      } catch (error) {
        if (isDroppedConnectionError(error)) return HttpResponse.error();
        throw error;
      }
    }),
  ];
}
