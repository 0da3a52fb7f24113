// The dev server's push inbox as a hostile sender would use it: it keeps deliveries as they arrived,
// bounded in size and number, and answers nothing but 204 / 405 / the list. Driven over real HTTP on
// loopback through the middleware Vite would mount.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushInbox, type Delivery } from '../push-inbox';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('the push inbox of the dev server', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    let handler: Handler | undefined;
    const plugin = pushInbox();
    // The part of Vite's dev server the plugin uses: a connect stack it mounts its middleware on.
    const fakeServer = { middlewares: { use: (path: string, fn: Handler) => ((handler = fn), expect(path).toBe('/push-inbox')) } };
    (plugin.configureServer as (server: unknown) => void)(fakeServer);
    server = createServer((req, res) => handler?.(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const list = async (): Promise<Delivery[]> => ((await (await fetch(base)).json()) as { items: Delivery[] }).items;

  it('keeps a delivery as it arrived: the webhook headers (cut at 1024 characters) and the raw body', async () => {
    const response = await fetch(base, { method: 'POST', headers: { 'webhook-id': 'msg_1', 'webhook-signature': `v1,${'a'.repeat(5000)}`, authorization: 'Bearer secret-token' }, body: '{"id":"msg_1"}' });
    expect(response.status).toBe(204);
    const [delivery] = (await list()).slice(-1);
    expect(delivery?.body).toBe('{"id":"msg_1"}');
    expect(delivery?.headers['webhook-id']).toBe('msg_1');
    expect(delivery?.headers['webhook-signature']).toHaveLength(1024);
    // Only the webhook headers are kept: nothing else a sender (or a proxy) adds.
    expect(Object.keys(delivery?.headers ?? {})).not.toContain('authorization');
  });

  it('refuses other methods', async () => {
    expect((await fetch(base, { method: 'PUT', body: 'x' })).status).toBe(405);
    expect((await fetch(base, { method: 'DELETE' })).status).toBe(405);
  });

  it('drops a body past 64 KiB with its connection, and keeps nothing of it', async () => {
    const before = (await list()).length;
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${base}/`, { method: 'POST' }, (res) => resolve(`status ${res.statusCode}`));
      req.on('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`));
      req.end(Buffer.alloc(1024 * 1024, 0x61));
    });
    expect(outcome).toMatch(/^error /);
    expect((await list()).length).toBe(before);
  });

  it('keeps the latest 200 deliveries only', async () => {
    for (let i = 0; i < 230; i++) await fetch(base, { method: 'POST', headers: { 'webhook-id': `flood_${i}` }, body: String(i) });
    const items = await list();
    expect(items).toHaveLength(200);
    expect(items.at(-1)?.headers['webhook-id']).toBe('flood_229');
    expect(items[0]?.headers['webhook-id']).toBe('flood_30');
  });
});
