import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftReady, startWorld } from '../test/helpers';
import type { Receipt } from './index';
import { createPushReceiver, isPushVerificationError, signPush, verifyPush } from './push';

const SECRET = `whsec_${Buffer.from('a push secret of 32 bytes length').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another secret, also 32 bytes ok').toString('base64')}`;
const NOW = new Date('2026-11-29T10:00:00Z');
const RECEIPT = { id: 'evt_1', seq: 1, type: 'application.statusChanged', occurredAt: NOW.toISOString(), applicationId: 'app_1', event: 'declared', from: 'draft', to: 'pendingFirstReview', operator: 'a-op' };

function reason(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (isPushVerificationError(error) ? error.reason : `crashed: ${String(error)}`),
  );
}

describe('verifyPush', () => {
  it('accepts a push signed with the secret and returns the receipt', async () => {
    const push = signPush({ secret: SECRET, body: RECEIPT, timestamp: NOW });
    expect(await verifyPush(push.body, push.headers, SECRET, { now: NOW })).toEqual(RECEIPT);
    expect(await verifyPush(new TextEncoder().encode(push.body), new Headers(push.headers), SECRET, { now: NOW })).toEqual(RECEIPT);
  });

  it('refuses forged, altered, replayed and expired pushes', async () => {
    const push = signPush({ secret: SECRET, body: RECEIPT, timestamp: NOW });
    expect(await reason(verifyPush(push.body, push.headers, OTHER, { now: NOW }))).toBe('signature');
    const forged = signPush({ secret: OTHER, body: RECEIPT, timestamp: NOW });
    expect(await reason(verifyPush(forged.body, forged.headers, SECRET, { now: NOW }))).toBe('signature');
    expect(await reason(verifyPush(push.body.replace('"to":"pendingFirstReview"', '"to":"approved"'), push.headers, SECRET, { now: NOW }))).toBe('signature');
    expect(await reason(verifyPush(push.body, { ...push.headers, 'webhook-id': 'msg_other' }, SECRET, { now: NOW }))).toBe('signature');
    expect(await reason(verifyPush(push.body, { ...push.headers, 'webhook-timestamp': String(Number(push.headers['webhook-timestamp']) + 1) }, SECRET, { now: NOW }))).toBe('signature');
    const receiver = createPushReceiver({ secret: SECRET });
    await receiver.verify(push.body, push.headers, { now: NOW });
    expect(await reason(receiver.verify(push.body, push.headers, { now: NOW }))).toBe('replayed');
    const old = signPush({ secret: SECRET, body: RECEIPT, timestamp: new Date(NOW.getTime() - 301_000) });
    expect(await reason(verifyPush(old.body, old.headers, SECRET, { now: NOW }))).toBe('expired');
    const future = signPush({ secret: SECRET, body: RECEIPT, timestamp: new Date(NOW.getTime() + 301_000) });
    expect(await reason(verifyPush(future.body, future.headers, SECRET, { now: NOW }))).toBe('expired');
    expect(await reason(verifyPush(old.body, old.headers, SECRET, { now: NOW, toleranceSeconds: 600 }))).toBe('accepted');
  });

  it('refuses a push without headers, with a bad timestamp, a signed non-receipt, or too large a body', async () => {
    const push = signPush({ secret: SECRET, body: RECEIPT, timestamp: NOW });
    expect(await reason(verifyPush(push.body, {}, SECRET, { now: NOW }))).toBe('headers');
    expect(await reason(verifyPush(push.body, { ...push.headers, 'webhook-timestamp': '1e9' }, SECRET, { now: NOW }))).toBe('headers');
    const notReceipt = signPush({ secret: SECRET, body: { __proto__: { id: 'x' }, hello: 1 }, timestamp: NOW });
    expect(await reason(verifyPush(notReceipt.body, notReceipt.headers, SECRET, { now: NOW }))).toBe('body');
    expect(await reason(verifyPush('x'.repeat(2_000), push.headers, SECRET, { now: NOW, maxBytes: 1_000 }))).toBe('body');
    expect(await reason(verifyPush(new Uint8Array([0xff, 0xfe]), push.headers, SECRET, { now: NOW }))).toBe('body');
  });

  it('never accepts junk bodies and headers it did not sign', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.dictionary(fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', '__proto__', 'x'), fc.string()), async (body, headers) => {
        const outcome = await verifyPush(body, headers, SECRET, { now: NOW }).then(
          () => 'accepted',
          (error: unknown) => (isPushVerificationError(error) ? 'refused' : 'crashed'),
        );
        expect(outcome).toBe('refused');
      }),
      { numRuns: 300 },
    );
  });
});

describe('pushes from a sandbox on loopback', () => {
  it('verifies every receipt the sandbox pushes for a declaration, and refuses a replay of one', { timeout: 60_000 }, async () => {
    const received: { body: string; headers: IncomingHttpHeaders }[] = [];
    const receiverServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiverServer.listen(0, '127.0.0.1', resolve));
    const world = await startWorld({ loopback: true, now: () => new Date() });
    try {
      const url = `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}/receipts`;
      const subscription = await world.client.subscriptions.create({ mode: 'enterprise', url });
      const { id } = await draftReady(world.client);
      await world.client.applications.declare(id, { signer: world.key });
      await world.sandbox.pushesIdle();
      const receiver = createPushReceiver({ secret: subscription.secret });
      const receipts: Receipt[] = [];
      for (const push of received) receipts.push(await receiver.verify(push.body, push.headers));
      expect(receipts.map((receipt) => receipt.to)).toEqual(['pendingFirstReview', 'pendingSecondReview', 'approved']);
      expect(receipts.every((receipt) => receipt.applicationId === id)).toBe(true);
      expect(await reason(receiver.verify(received[0]!.body, received[0]!.headers))).toBe('replayed');
    } finally {
      await world.close();
      receiverServer.close();
    }
  });
});
