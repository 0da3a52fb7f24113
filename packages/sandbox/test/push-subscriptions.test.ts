// Subscriptions: URLs shown back without credentials or query, a cap per enterprise, and document subscriptions by
// exlic's id or by the MOFCOM application number (业务单据编号, issue 19 point 7).
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare, draftWithAttachment, startWorld, type World } from './helpers';
import { loopbackReceiver } from './push-support';

const CAP = 4;
let world: World;
beforeAll(async () => {
  world = await startWorld({ pushes: { attempts: 2, backoffMs: 10, timeoutMs: 3000, maxSubscriptionsPerEnterprise: CAP } });
}, 60_000);
afterAll(() => world.close());

describe('subscriptions', () => {
  it('never shows a query string back, while pushing to the URL with it', async () => {
    const receiver = await loopbackReceiver();
    try {
      const { id } = await draftWithAttachment(world.a);
      const url = `${receiver.url}?secret=q5ecretValue&tenant=7`;
      const created = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: id, url } });
      expect(created.status).toBe(201);
      expect(created.body.url).toBe(receiver.url);
      const listed = await world.a.call('GET', '/v1/subscriptions');
      expect(JSON.stringify(listed.body)).not.toContain('q5ecretValue');
      expect(listed.body.items.map((item: { url: string }) => item.url)).toContain(receiver.url);
      await declare(world.a, id);
      await world.served.sandbox.pushesIdle();
      expect(receiver.received).toHaveLength(1);
      expect(new Webhook(created.body.secret as string).verify(receiver.received[0]!.body, receiver.received[0]!.headers as Record<string, string>)).toMatchObject({ applicationId: id });
      expect((await world.a.call('DELETE', `/v1/subscriptions/${created.body.id}`)).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });

  it(`keeps at most ${CAP} subscriptions per enterprise, and counts each enterprise apart`, async () => {
    const ids: string[] = [];
    for (let index = 0; index < CAP; index += 1) {
      const created = await world.b.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: `http://127.0.0.1:9/hook/${index}` } });
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    const over = await world.b.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: 'http://127.0.0.1:9/hook/over' } });
    expect(over.status).toBe(403);
    expect(over.body.code).toBe('forbidden');
    expect(over.body.detail).toMatch(new RegExp(`${CAP} subscriptions.*DELETE /v1/subscriptions`));
    // Enterprise A is not affected by B's count.
    const mine = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: 'http://127.0.0.1:9/hook/a' } });
    expect(mine.status).toBe(201);
    await world.a.call('DELETE', `/v1/subscriptions/${mine.body.id}`);
    // Deleting one makes room again.
    expect((await world.b.call('DELETE', `/v1/subscriptions/${ids[0]}`)).status).toBe(204);
    expect((await world.b.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: 'http://127.0.0.1:9/hook/again' } })).status).toBe(201);
    for (const item of (await world.b.call('GET', '/v1/subscriptions')).body.items as { id: string }[]) await world.b.call('DELETE', `/v1/subscriptions/${item.id}`);
  });

  it('takes the MOFCOM application number (业务单据编号) as well as the id; an unknown or foreign number is 404', async () => {
    const receiver = await loopbackReceiver();
    try {
      const { id } = await draftWithAttachment(world.a);
      expect((await declare(world.a, id)).status).toBe(200);
      const number = (await world.a.call('GET', `/v1/applications/${id}`)).body.mofcomApplicationNo as string;
      expect(number).toMatch(/^SQ\d{12}$/);
      const byNumber = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: number, url: receiver.url } });
      expect(byNumber.status).toBe(201);
      expect(byNumber.body.target).toBe(id);
      // The subscription by number gets the application's receipts.
      await world.served.sandbox.review(id, 'firstReviewPassed');
      await world.served.sandbox.pushesIdle();
      expect(receiver.received.map((delivery) => JSON.parse(delivery.body).applicationId)).toEqual([id]);

      const unknown = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: 'SQ202699999999', url: receiver.url } });
      expect(unknown.status).toBe(404);
      const foreign = await draftWithAttachment(world.b, {});
      expect((await declare(world.b, foreign.id)).status).toBe(200);
      const foreignNumber = (await world.b.call('GET', `/v1/applications/${foreign.id}`)).body.mofcomApplicationNo as string;
      const across = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: foreignNumber, url: receiver.url } });
      expect(across.status).toBe(404);
      expect(across.body.code).toBe('notFound');
      await world.a.call('DELETE', `/v1/subscriptions/${byNumber.body.id}`);
    } finally {
      await receiver.close();
    }
  });
});
