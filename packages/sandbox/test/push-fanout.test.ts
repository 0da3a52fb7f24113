// Issue 18 finding 3: push fan-out is bounded. Many subscriptions × receipts to a receiver that never answers hold at
// most the per-receiver limit of connections; another receiver still gets its receipts while they hang; the API answers.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare, draftWithAttachment, startWorld, type World } from './helpers';
import { loopbackReceiver, until, type LoopbackReceiver } from './push-support';

const SUBSCRIPTIONS = 20;
const DECLARES = 3;

function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined; // not Linux: the receivers' own counts still bound the sockets
  }
}

let world: World;
let hanging: LoopbackReceiver;
let healthy: LoopbackReceiver;
beforeAll(async () => {
  // The default limits (8 in flight, 2 per receiver); each attempt may hang for a minute, so nothing times out during the test.
  world = await startWorld({ autoReview: true, pushes: { timeoutMs: 60_000, attempts: 2, backoffMs: 10 } });
  hanging = await loopbackReceiver(() => 'hang');
  healthy = await loopbackReceiver();
}, 60_000);
afterAll(async () => {
  await world.close();
  await hanging.close();
  await healthy.close();
});

describe('push fan-out', () => {
  it('bounds attempts and sockets to a hanging receiver, while another receiver and the API carry on', async () => {
    for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
      expect((await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: `${hanging.url}/${index}` } })).status).toBe(201);
    }
    expect((await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: healthy.url } })).status).toBe(201);
    const fdsBefore = openFds();

    // With auto-review each declaration makes three receipts: 3 × 3 × 20 = 180 deliveries due to the hanging receiver.
    for (let index = 0; index < DECLARES; index += 1) {
      const { id } = await draftWithAttachment(world.a);
      expect((await declare(world.a, id)).status).toBe(200);
    }
    const receipts = (await world.a.call('GET', '/v1/events?limit=100')).body.items.length as number;
    expect(receipts).toBe(DECLARES * 3);

    // The healthy receiver gets every receipt although the hanging one has not answered a single attempt.
    await until(() => healthy.received.length === receipts);
    expect(new Set(healthy.received.map((delivery) => delivery.headers['webhook-id'])).size).toBe(receipts);
    expect(hanging.open()).toBe(2);
    expect(hanging.peakOpen()).toBe(2);
    expect(hanging.received.length).toBe(2);

    // The API still answers, and many more requests do not open more sockets to the hanging receiver.
    for (let index = 0; index < 20; index += 1) expect((await world.a.call('GET', '/v1/me')).status).toBe(200);
    expect(hanging.peakOpen()).toBe(2);
    const fdsAfter = openFds();
    if (fdsBefore !== undefined && fdsAfter !== undefined) expect(fdsAfter - fdsBefore).toBeLessThan(40);

    // Closing the sandbox aborts the hanging attempts and drops the backlog: the receiver's sockets are released.
    await world.close();
    await until(() => hanging.open() === 0);
    expect(hanging.received.length).toBe(2);
  }, 60_000);
});
