// Issue 18, the sandbox's side: keep-alive after a refused body, download headers, connection and upload caps.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSandbox, type ServedSandbox } from '../src/index';
import { createTestKey, draftWithAttachment, type Operator, call } from './helpers';

let served: ServedSandbox;
let token: string;

beforeAll(async () => {
  served = await serveSandbox({ seed: 'demo', maxJsonBytes: 64 * 1024, maxAttachmentBytes: 256 * 1024 });
  const [first] = await served.sandbox.seeded();
  if (first === undefined) throw new Error('no seeded operator');
  token = first.token;
}, 60_000);
afterAll(() => served.close());

/** A body sent in chunks (no Content-Length), `total` bytes of JSON-looking text. */
function chunked(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const chunk = new TextEncoder().encode(sent === 0 ? '{"other":{"remarks":"' + 'x'.repeat(16 * 1024) : 'x'.repeat(16 * 1024));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('a refused body and keep-alive', () => {
  it('answers the next request on the same client after a 413 on a chunked body, 15 rounds out of 15', async () => {
    const failures: string[] = [];
    for (let round = 0; round < 15; round += 1) {
      const refused = await fetch(`${served.url}/v1/applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: chunked(512 * 1024),
        duplex: 'half',
      } as RequestInit);
      expect(refused.status).toBe(413);
      expect(refused.headers.get('connection')).toBe('close');
      await refused.body?.cancel();
      try {
        const next = await fetch(`${served.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
        if (next.status !== 200) failures.push(`round ${round}: ${next.status}`);
        await next.body?.cancel();
      } catch (error) {
        failures.push(`round ${round}: ${String((error as { cause?: { code?: string } }).cause?.code ?? error)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('downloads', () => {
  it('carry X-Content-Type-Options: nosniff', async () => {
    const operator: Operator = { token, key: createTestKey(), call: (method, path, options = {}) => call(served.url, method, path, { token, ...options }) };
    const record = await draftWithAttachment(operator);
    const listed = await operator.call('GET', `/v1/applications/${record.id}/attachments`);
    const download = await fetch(`${served.url}/v1/applications/${record.id}/attachments/${listed.body.items[0].id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
  });
});

describe('stalled anonymous uploads', () => {
  it('are answered 401 from their headers and the connection is closed, without waiting for the body', async () => {
    const address = new URL(served.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(address.port), address.hostname, () => {
        socket.write(`POST /v1/applications/app_x/attachments?type=CONTRACT&fileName=a.pdf HTTP/1.1\r\nHost: ${address.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485760\r\n\r\n`);
        socket.write(Buffer.alloc(64 * 1024));
      });
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`the server kept the stalled connection open; it answered: ${text.slice(0, 200)}`)), 10_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
  }, 20_000);
});

describe('caps', () => {
  it('answers 503 with Retry-After to a connection past the cap, and serves again once one closes', async () => {
    const capped = await serveSandbox({ seed: 'demo', maxConnections: 2 });
    const address = new URL(capped.url);
    const open = () =>
      new Promise<Socket>((resolve) => {
        const socket = connect(Number(address.port), address.hostname, () => resolve(socket));
      });
    try {
      const held = [await open(), await open()];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const third = await new Promise<string>((resolve) => {
        const socket = connect(Number(address.port), address.hostname, () => socket.write(`GET /healthz HTTP/1.1\r\nHost: ${address.host}\r\n\r\n`));
        let text = '';
        socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      expect(third).toMatch(/^HTTP\/1\.1 503/);
      expect(third).toContain('Retry-After: 1');
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${capped.url}/healthz`)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });

  it('answers 503 with Retry-After to an upload past the cap of uploads being read', async () => {
    const capped = await serveSandbox({ seed: 'demo', maxConcurrentUploads: 1 });
    const [first] = await capped.sandbox.seeded();
    const auth = { authorization: `Bearer ${first?.token ?? ''}` };
    try {
      const created = await (await fetch(`${capped.url}/v1/applications`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"schemaVersion":1}' })).json() as { record: { id: string } };
      const path = `/v1/applications/${created.record.id}/attachments?type=CONTRACT&fileName=a.pdf`;
      let release: () => void = () => undefined;
      const slow = fetch(`${capped.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/octet-stream' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new Uint8Array([1, 2, 3]));
            release = () => controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = await fetch(`${capped.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: new Uint8Array([4]) });
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(((await second.json()) as { code: string }).code).toBe('unavailable');
      release();
      expect((await slow).status).toBe(201);
    } finally {
      await capped.close();
    }
  });
});
