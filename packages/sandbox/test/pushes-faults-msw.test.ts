// Pushes signed by Standard Webhooks with bounded retries; the event feed; faults; the msw handlers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index';
import { sandboxHandlers } from '../src/msw';
import { bind, createTestKey, declare, declareBody, draftWithAttachment, startWorld, validApplication, type World } from './helpers';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback that fails the first `failures` deliveries with 500. */
async function receiver(failures: number): Promise<{ url: string; deliveries: Delivery[]; attempts: () => number; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      attempts += 1;
      if (attempts <= failures) {
        response.writeHead(500).end();
        return;
      }
      deliveries.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    attempts: () => attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let world: World;
beforeAll(async () => {
  world = await startWorld({ pushes: { attempts: 4, backoffMs: 20, timeoutMs: 2000 } });
}, 60_000);
afterAll(() => world.close());

describe('pushes', () => {
  it('POSTs each receipt signed per Standard Webhooks, retrying a failing endpoint with backoff', async () => {
    const hook = await receiver(2);
    try {
      const { id } = await draftWithAttachment(world.a);
      const subscription = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url: hook.url } });
      expect(subscription.status).toBe(201);
      expect(subscription.body.secret).toMatch(/^whsec_/);
      expect((await world.a.call('GET', '/v1/subscriptions')).body.items[0]).not.toHaveProperty('secret');
      await declare(world.a, id);
      await world.served.sandbox.review(id, 'firstReviewReturned', '请补充合同');
      await world.served.sandbox.pushesIdle();
      expect(hook.attempts()).toBe(4);
      const verifier = new Webhook(subscription.body.secret as string);
      const receipts = hook.deliveries.map((delivery) => verifier.verify(delivery.body, delivery.headers as Record<string, string>) as { event: string; applicationId: string; opinion?: string; id: string });
      expect(receipts.map((receipt) => receipt.event).sort()).toEqual(['declared', 'firstReviewReturned']);
      expect(receipts.find((receipt) => receipt.event === 'firstReviewReturned')?.opinion).toBe('请补充合同');
      for (const delivery of hook.deliveries) expect(delivery.headers['webhook-id']).toBe(JSON.parse(delivery.body).id);
      // A forged body does not verify.
      const forged = hook.deliveries[0]!;
      expect(() => verifier.verify(forged.body.replace('"declared"', '"withdrawn"'), forged.headers as Record<string, string>)).toThrow();
    } finally {
      await hook.close();
    }
  }, 30_000);

  it('gives up after the bounded number of attempts; the event feed still holds every receipt, in order, from a cursor', async () => {
    const hook = await receiver(1000);
    try {
      await world.b.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: hook.url } });
      const start = (await world.b.call('GET', '/v1/events?limit=100')).body.nextCursor as string;
      const { id } = await draftWithAttachment(world.b);
      await declare(world.b, id);
      await world.served.sandbox.review(id, 'firstReviewPassed');
      await world.served.sandbox.pushesIdle();
      expect(hook.attempts()).toBe(2 * 4);
      expect(hook.deliveries).toEqual([]);
      const feed = await world.b.call('GET', `/v1/events?cursor=${start}`);
      expect(feed.body.items.map((receipt: { event: string }) => receipt.event)).toEqual(['declared', 'firstReviewPassed']);
      const seqs = feed.body.items.map((receipt: { seq: number }) => receipt.seq);
      expect(seqs[1]).toBeGreaterThan(seqs[0]);
      const after = await world.b.call('GET', `/v1/events?cursor=${feed.body.nextCursor}`);
      expect(after.body.items).toEqual([]);
      expect(after.body.nextCursor).toBe(feed.body.nextCursor);
    } finally {
      await hook.close();
    }
  }, 30_000);

  it('pushes by user to the operator who entered the application only', async () => {
    const hook = await receiver(0);
    try {
      await world.a2.call('POST', '/v1/subscriptions', { body: { mode: 'user', url: hook.url } });
      const mine = await draftWithAttachment(world.a2);
      const colleagues = await draftWithAttachment(world.a);
      await declare(world.a2, mine.id);
      await declare(world.a, colleagues.id);
      await world.served.sandbox.pushesIdle();
      expect(hook.deliveries.map((delivery) => JSON.parse(delivery.body).applicationId)).toEqual([mine.id]);
    } finally {
      await hook.close();
    }
  }, 30_000);
});

describe('faults', () => {
  it('are off by default, and strike before or after acting as set', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    try {
      const [demo] = await sandbox.seeded();
      const save = () => sandbox.fetch(new Request('http://sandbox.test/v1/applications', { method: 'POST', headers: { authorization: `Bearer ${demo!.token}`, 'content-type': 'application/json' }, body: JSON.stringify(validApplication()) }));
      const count = async () => ((await (await sandbox.fetch(new Request('http://sandbox.test/v1/applications/count', { headers: { authorization: `Bearer ${demo!.token}` } }))).json()) as { count: number }).count;
      for (let i = 0; i < 20; i += 1) expect((await save()).status).toBe(201);
      sandbox.faults.set({ unavailable: 1, when: 'before', retryAfterSeconds: 7 });
      const before = await save();
      expect(before.status).toBe(503);
      expect(before.headers.get('retry-after')).toBe('7');
      expect(((await before.json()) as { code: string }).code).toBe('unavailable');
      sandbox.faults.set({ rateLimited: 1, when: 'after' });
      expect((await save()).status).toBe(429);
      sandbox.faults.clear();
      expect(await count()).toBe(21);
      sandbox.faults.set({ drop: 1, when: 'before' });
      await expect(save()).rejects.toThrow(/dropped the connection before/);
      sandbox.faults.set({ drop: 1, when: 'after' });
      await expect(save()).rejects.toThrow(/dropped the connection after/);
      sandbox.faults.clear();
      expect(await count()).toBe(22);
      sandbox.faults.set({ seed: 42, drop: 0.2, unavailable: 0.2, rateLimited: 0.2 });
      const first: number[] = [];
      for (let i = 0; i < 30; i += 1) first.push(await save().then((r) => r.status, () => 0));
      sandbox.faults.set({ seed: 42, drop: 0.2, unavailable: 0.2, rateLimited: 0.2 });
      const second: number[] = [];
      for (let i = 0; i < 30; i += 1) second.push(await save().then((r) => r.status, () => 0));
      expect(second.map((status) => status === 201 ? 'ok' : status)).toEqual(first.map((status) => status === 201 ? 'ok' : status));
      expect(new Set(first).size).toBeGreaterThan(2);
    } finally {
      await sandbox.close();
    }
  }, 30_000);

  it('drop a real connection on loopback and are set through the admin route', async () => {
    const set = await fetch(`${world.base}/v1/admin/faults`, { method: 'PUT', headers: { authorization: `Bearer ${world.served.sandbox.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ drop: 1, when: 'before' }) });
    expect(set.status).toBe(200);
    await expect(fetch(`${world.base}/v1/me`, { headers: { authorization: `Bearer ${world.a.token}` } })).rejects.toThrow();
    world.served.sandbox.faults.clear();
    expect((await fetch(`${world.base}/v1/me`, { headers: { authorization: `Bearer ${world.a.token}` } })).status).toBe(200);
  });
});

describe('sandbox/msw', () => {
  it('serves a sandbox to fetch under a base URL, including a full declaration', async () => {
    const sandbox = createSandbox({ seed: 'demo', autoReview: true });
    const server = setupServer(...sandboxHandlers(sandbox, 'https://single-window.test/api'));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const [demo] = await sandbox.seeded();
      const base = 'https://single-window.test/api';
      const key = createTestKey();
      await bind(base, demo!.token, key);
      const auth = { authorization: `Bearer ${demo!.token}` };
      const saved = (await (await fetch(`${base}/v1/applications`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(validApplication()) })).json()) as { record: { id: string } };
      const id = saved.record.id;
      const upload = await fetch(`${base}/v1/applications/${id}/attachments?type=CONTRACT&fileName=c.pdf`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
      expect(upload.status).toBe(201);
      const record = (await (await fetch(`${base}/v1/applications/${id}`, { headers: auth })).json()) as { version: number; application: unknown };
      const declared = await fetch(`${base}/v1/applications/${id}/declare`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(await declareBody(key, record)) });
      expect(declared.status).toBe(200);
      const now = (await (await fetch(`${base}/v1/applications/${id}`, { headers: auth })).json()) as { status: string; licenceNo: string };
      expect(now.status).toBe('approved');
      expect(now.licenceNo).toMatch(/^26-QL-\d{6}$/);
      sandbox.faults.set({ drop: 1, when: 'before' });
      await expect(fetch(`${base}/v1/me`, { headers: auth })).rejects.toThrow(TypeError);
    } finally {
      server.close();
      await sandbox.close();
    }
  }, 30_000);
});
