// Finding 9 of issue 18: operator tokens expire and can be revoked; each enterprise's event feed counts its own events
// only, with opaque ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, draftWithAttachment, declare, startWorld, type World } from './helpers';

let world: World;
let now = new Date('2026-11-29T10:00:00Z');

beforeAll(async () => {
  world = await startWorld({ now: () => now, autoReview: true });
}, 60_000);
afterAll(() => world.close());

const admin = () => ({ authorization: `Bearer ${world.served.sandbox.adminToken}` });

describe('operator tokens', () => {
  it('expire after their lifetime', async () => {
    const issued = await call(world.base, 'POST', '/v1/admin/tokens', { headers: admin(), body: { enterprise: '3501M000100Y4', operator: 'a-op', ttlSeconds: 60 } });
    expect(issued.status).toBe(201);
    expect(issued.body.expiresAt).toBe('2026-11-29T10:01:00.000Z');
    const token = issued.body.token as string;
    expect((await call(world.base, 'GET', '/v1/me', { token })).status).toBe(200);
    now = new Date('2026-11-29T10:01:00Z');
    const expired = await call(world.base, 'GET', '/v1/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toContain('expired');
    now = new Date('2026-11-29T10:00:00Z');
  });

  it('live seven days by default, and can be revoked', async () => {
    const token = await world.served.sandbox.issueToken({ enterprise: '3501M000100Y4', operator: 'a-op' });
    now = new Date('2026-12-06T09:59:00Z');
    expect((await call(world.base, 'GET', '/v1/me', { token })).status).toBe(200);
    now = new Date('2026-11-29T10:00:00Z');
    const revoked = await call(world.base, 'POST', '/v1/admin/tokens/revoke', { headers: admin(), body: { token } });
    expect(revoked.status).toBe(204);
    const refused = await call(world.base, 'GET', '/v1/me', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toContain('revoked');
    expect(JSON.stringify(refused.body)).not.toContain(token);
    // Another operator's token is untouched.
    expect((await call(world.base, 'GET', '/v1/me', { token: world.a.token })).status).toBe(200);
  });
});

describe('event feeds', () => {
  it('number each enterprise\'s events from 1 with opaque ids, so B cannot count A\'s', async () => {
    const { a, b } = world;
    for (let i = 0; i < 3; i += 1) {
      const { id } = await draftWithAttachment(a);
      expect((await declare(a, id)).status).toBe(200);
    }
    const { id } = await draftWithAttachment(b);
    expect((await declare(b, id)).status).toBe(200);
    const feedA = (await a.call('GET', '/v1/events?limit=100')).body.items as { seq: number; id: string }[];
    const feedB = (await b.call('GET', '/v1/events?limit=100')).body.items as { seq: number; id: string }[];
    expect(feedA.map((event) => event.seq)).toEqual(feedA.map((_, index) => index + 1));
    // B's first event is its own number 1, whatever A did before.
    expect(feedB.map((event) => event.seq)).toEqual(feedB.map((_, index) => index + 1));
    expect(feedA.length).toBeGreaterThan(feedB.length);
    for (const event of [...feedA, ...feedB]) expect(event.id).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(new Set([...feedA, ...feedB].map((event) => event.id)).size).toBe(feedA.length + feedB.length);
    const changes = (await b.call('GET', `/v1/applications/${id}/status-changes`)).body.items as { seq: number }[];
    expect(Math.max(...changes.map((change) => change.seq))).toBeLessThanOrEqual(feedB.length);
  });
});
