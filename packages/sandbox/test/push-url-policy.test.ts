// Issue 18 finding 2: no server-side request forgery through subscriptions. Every name is answered by a stub resolver
// and every connection the process opens is recorded: nothing may reach an address other than loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, isSandboxError } from '../src/index';
import { declare, draftWithAttachment, startWorld, type World } from './helpers';
import { loopbackReceiver, onlyLoopback, stubLookup, watchConnections } from './push-support';

// The list, and the forms around it. Each is refused at creation, with no DNS query and no connection.
const REFUSED: [url: string, status: number, why: RegExp][] = [
  ['http://169.254.169.254/', 403, /metadata/],
  ['http://169.254.169.254/latest/meta-data/', 403, /metadata/],
  ['http://metadata.google.internal/computeMetadata/v1/', 403, /metadata host/],
  ['http://[fd00:ec2::254]/', 403, /metadata/],
  ['http://10.0.0.1/', 403, /not a loopback address/],
  ['http://172.16.0.1/', 403, /not a loopback address/],
  ['http://192.168.1.1/', 403, /not a loopback address/],
  ['http://0.0.0.0:22/', 403, /unspecified/],
  ['http://[::ffff:a9fe:a9fe]/', 403, /metadata/],
  ['http://[::ffff:10.0.0.1]/', 403, /not a loopback address/],
  ['http://2852039166/', 403, /169\.254\.169\.254/],
  ['http://0251.0376.0251.0376/', 403, /169\.254\.169\.254/],
  ['http://0xa9.0xfe.0xa9.0xfe/', 403, /169\.254\.169\.254/],
  ['http://[::]/', 403, /unspecified/],
  ['http://[fe80::1]/', 403, /link-local/],
  ['http://[64:ff9b::a9fe:a9fe]/', 403, /metadata/],
  ['http://100.100.100.200/latest/meta-data/', 403, /metadata/],
  ['http://224.0.0.1/', 403, /multicast/],
  ['http://8.8.8.8/', 403, /not a loopback address/],
  ['https://example.com/receipts', 403, /not a loopback name.*--allow-push-host example\.com/],
  ['http://localtest.me/', 403, /not a loopback name/],
  ['http://erp:hunter2@127.0.0.1:9/hook', 400, /credentials/],
  ['http://:s3cr3tValue@127.0.0.1:9/hook?token=t0kenValue', 400, /credentials/],
  ['ftp://127.0.0.1/hook', 400, /http or https/],
];

// Loopback receivers, in every spelling, are what the sandbox is for; the answer shows the normalised URL.
const ACCEPTED: [url: string, shown: string][] = [
  ['http://127.0.0.1:9/hook', 'http://127.0.0.1:9/hook'],
  ['http://0x7f.1:9/hook', 'http://127.0.0.1:9/hook'],
  ['http://2130706433:9/hook', 'http://127.0.0.1:9/hook'],
  ['http://127.1:9/hook', 'http://127.0.0.1:9/hook'],
  ['http://[::1]:9/hook', 'http://[::1]:9/hook'],
  ['http://[::ffff:127.0.0.1]:9/hook', 'http://[::ffff:7f00:1]:9/hook'],
  ['http://localhost:9/hook', 'http://localhost:9/hook'],
  ['http://receipts.localhost:9/hook', 'http://receipts.localhost:9/hook'],
];

const lookup = stubLookup({ localhost: [['10.0.0.1']], 'bad.localhost': ['127.0.0.1', '169.254.169.254'] });
let world: World;
beforeAll(async () => {
  world = await startWorld({ pushes: { attempts: 2, backoffMs: 10, timeoutMs: 3000, lookup } });
}, 60_000);
afterAll(() => world.close());

describe('subscription URLs at creation (default: loopback receivers only)', () => {
  it.each(REFUSED)('refuses %s with %i, asking no resolver and connecting nowhere', async (url, status, why) => {
    const connections = watchConnections();
    const asked = lookup.asked.length;
    const answer = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url } });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body.code).toBe(status === 403 ? 'forbidden' : 'invalidRequest');
    expect(answer.body.detail).toMatch(why);
    // The detail names the host, never the URL's credentials.
    for (const secret of ['hunter2', 's3cr3tValue', 't0kenValue']) expect(JSON.stringify(answer.body)).not.toContain(secret);
    expect(lookup.asked.length).toBe(asked);
    expect(onlyLoopback(connections)).toBe(true);
  });

  it.each(ACCEPTED)('accepts the loopback receiver %s (shown as %s)', async (url, shown) => {
    const created = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url } });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(shown);
    expect((await world.a.call('DELETE', `/v1/subscriptions/${created.body.id}`)).status).toBe(204);
  });
});

describe('subscription URLs at delivery (resolved and checked at each attempt)', () => {
  it('drops a delivery whose loopback name resolves elsewhere, without connecting', async () => {
    const { id } = await draftWithAttachment(world.a);
    const created = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url: 'http://localhost:9/hook' } });
    expect(created.status).toBe(201);
    const connections = watchConnections();
    const asked = lookup.asked.length;
    expect((await declare(world.a, id)).status).toBe(200);
    await world.served.sandbox.pushesIdle();
    // Resolved at delivery (the stub says 10.0.0.1), refused once (a refusal is final, not retried), and no socket opened to it.
    expect(lookup.asked.slice(asked)).toEqual(['localhost']);
    expect(connections).not.toContain('10.0.0.1');
    expect(onlyLoopback(connections)).toBe(true);
  });

  it('refuses a name whose answers mix loopback and a metadata address', async () => {
    const { id } = await draftWithAttachment(world.a);
    await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url: 'http://bad.localhost:9/hook' } });
    const connections = watchConnections();
    await declare(world.a, id);
    await world.served.sandbox.pushesIdle();
    expect(lookup.asked).toContain('bad.localhost');
    expect(connections).not.toContain('169.254.169.254');
    expect(onlyLoopback(connections)).toBe(true);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and the receipt never reaches the other origin', async () => {
    const other = await loopbackReceiver();
    const redirecting = await loopbackReceiver((_, response) => void response.writeHead(307, { location: other.url }).end());
    try {
      const { id } = await draftWithAttachment(world.a);
      await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url: redirecting.url } });
      await declare(world.a, id);
      await world.served.sandbox.pushesIdle();
      expect(redirecting.received).toHaveLength(2);
      expect(other.received).toHaveLength(0);
    } finally {
      await Promise.all([other.close(), redirecting.close()]);
    }
  });
});

describe('allowPushHosts (--allow-push-host)', () => {
  it('delivers to an allow-listed name at the address it resolved to, and catches a rebinding to a metadata address', async () => {
    const receiver = await loopbackReceiver();
    const rebinding = stubLookup({ 'erp.test': [['127.0.0.1'], ['169.254.169.254']] });
    const allowed = await startWorld({ allowPushHosts: ['erp.test'], pushes: { attempts: 3, backoffMs: 10, timeoutMs: 3000, lookup: rebinding } });
    try {
      const { id } = await draftWithAttachment(allowed.a);
      const url = `http://erp.test:${receiver.port}/hook?tenant=7`;
      const created = await allowed.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url } });
      expect(created.status).toBe(201);
      const connections = watchConnections();
      await declare(allowed.a, id);
      await allowed.served.sandbox.pushesIdle();
      // First resolution: 127.0.0.1, the receiver, with the URL's Host header and query.
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers.host).toBe(`erp.test:${receiver.port}`);
      // The record of connections works: it saw the one to the checked address.
      expect(connections).toContain('127.0.0.1');
      await allowed.served.sandbox.review(id, 'firstReviewPassed');
      await allowed.served.sandbox.pushesIdle();
      // Second resolution: the name now answers 169.254.169.254; refused at once, nothing connects there.
      expect(rebinding.asked).toEqual(['erp.test', 'erp.test']);
      expect(receiver.received).toHaveLength(1);
      expect(connections).not.toContain('169.254.169.254');
      expect(onlyLoopback(connections)).toBe(true);
      // The same name is refused by a sandbox that does not allow it.
      const elsewhere = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url } });
      expect(elsewhere.status).toBe(403);
    } finally {
      await receiver.close();
      await allowed.close();
    }
  }, 60_000);

  it.each([['169.254.169.254'], ['169.254.0.0/16'], ['0.0.0.0'], ['fe80::1'], ['metadata.google.internal'], ['http://erp.test'], ['erp.test:8080'], ['erp.test/hook'], ['10.0.0.0/4'], ['']])('refuses the entry %j', (entry) => {
    let caught: unknown;
    try {
      createSandbox({ allowPushHosts: [entry] });
    } catch (error) {
      caught = error;
    }
    expect(isSandboxError(caught) && caught.code === 'invalidRequest').toBe(true);
    expect((caught as Error).message).toContain(`allowPushHosts: ${JSON.stringify(entry)}`);
  });

  it('takes names, addresses and ranges', async () => {
    const sandbox = createSandbox({ allowPushHosts: ['erp.test', 'ERP2.example.', '10.0.0.5', '10.1.0.0/16', 'fd12::5', '[fd12::6]'] });
    await sandbox.close();
  });
});
