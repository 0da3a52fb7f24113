// Nobody reads, changes, lists, counts, gets statistics or events of another enterprise: a foreign id answers like a missing one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareBody, reach, startWorld, validApplication, type World } from './helpers';

let world: World;
let foreign: string;
let foreignLicence: string;
beforeAll(async () => {
  world = await startWorld();
  // Enterprise B has an approved application with a licence, a receipt trail and a use at customs.
  foreign = await reach(world, world.b, 'approved');
  foreignLicence = (await world.b.call('GET', `/v1/applications/${foreign}`)).body.licenceNo as string;
  await world.served.sandbox.useLicence(foreignLicence, { declarationNo: 'D-1', port: '0200', date: '2026-11-30', quantity: '10' });
}, 60_000);
afterAll(() => world.close());

const missing = 'app_00000000000000000000';

describe('cross-enterprise isolation', () => {
  it.each([
    ['GET', ''],
    ['GET', '/opinions'],
    ['GET', '/status-changes'],
    ['GET', '/attachments'],
    ['GET', '/contract-details'],
    ['GET', '/signing-payload'],
    ['PUT', ''],
    ['PUT', '/contract-details'],
    ['DELETE', ''],
    ['POST', '/copy'],
    ['POST', '/declare'],
    ['POST', '/withdraw'],
    ['POST', '/print'],
  ] as const)('%s /v1/applications/{foreign id}%s answers exactly like a missing id', async (method, suffix) => {
    const body = method === 'PUT' && suffix === '/contract-details' ? { foreignContract: { goodsDescription: 'x' } } : method === 'PUT' ? validApplication() : method === 'POST' && suffix === '/declare' ? await declareBody(world.a.key, { version: 1, application: {} }) : method === 'POST' ? {} : undefined;
    const options = { ...(body === undefined ? {} : { body }), headers: { 'if-match': '"1"' } };
    const foreignAnswer = await world.a.call(method, `/v1/applications/${foreign}${suffix}`, options);
    const missingAnswer = await world.a.call(method, `/v1/applications/${missing}${suffix}`, options);
    expect(foreignAnswer.status).toBe(404);
    expect(missingAnswer.status).toBe(404);
    expect(foreignAnswer.body.code).toBe('notFound');
    expect(foreignAnswer.body.title).toBe(missingAnswer.body.title);
    expect(foreignAnswer.body.detail.replace(foreign, 'ID')).toBe(missingAnswer.body.detail.replace(missing, 'ID'));
    // B's application is untouched.
    const own = await world.b.call('GET', `/v1/applications/${foreign}`);
    expect(own.body).toMatchObject({ status: 'approved' });
  });

  it('lists and counts only the own enterprise, and "mine" only the own operator', async () => {
    const mine = await world.a.call('POST', '/v1/applications', { body: validApplication() });
    const colleague = await world.a2.call('POST', '/v1/applications', { body: validApplication() });
    const all = await world.a.call('GET', '/v1/applications?scope=enterprise&limit=100');
    const ids = all.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(mine.body.record.id);
    expect(ids).toContain(colleague.body.record.id);
    expect(ids).not.toContain(foreign);
    const own = await world.a.call('GET', '/v1/applications?limit=100');
    expect(own.body.items.map((item: { id: string }) => item.id)).not.toContain(colleague.body.record.id);
    expect((await world.a.call('GET', `/v1/applications?scope=enterprise&id=${foreign}`)).body.items).toEqual([]);
    expect((await world.a.call('GET', `/v1/applications/count?scope=enterprise&id=${foreign}`)).body.count).toBe(0);
    expect((await world.b.call('GET', `/v1/applications/count?scope=enterprise&id=${foreign}`)).body.count).toBe(1);
    expect((await world.a.call('GET', '/v1/applications/count?scope=enterprise')).body.count).toBe(all.body.items.length);
    expect((await world.a.call('GET', `/v1/applications?scope=enterprise&licenceNo=${foreignLicence}`)).body.items).toEqual([]);
  });

  it('keeps statistics, events, write-offs, customs status and subscriptions apart', async () => {
    const statsB = await world.b.call('GET', '/v1/statistics?groupBy=country');
    expect(statsB.body.rows).toEqual([{ key: 'JPN', count: 1, amounts: [{ currency: 'USD', amount: '125050' }] }]);
    const statsA = await world.a.call('GET', '/v1/statistics?groupBy=country');
    expect(statsA.body.rows).toEqual([]);
    const eventsB = await world.b.call('GET', '/v1/events');
    expect(eventsB.body.items.map((event: { applicationId: string }) => event.applicationId)).toContain(foreign);
    const eventsA = await world.a.call('GET', '/v1/events?limit=100');
    expect(eventsA.body.items.filter((event: { applicationId: string }) => event.applicationId === foreign)).toEqual([]);
    expect((await world.a.call('GET', '/v1/write-offs')).body.items).toEqual([]);
    expect((await world.b.call('GET', '/v1/write-offs')).body.items).toHaveLength(1);
    expect((await world.a.call('GET', `/v1/licences/${foreignLicence}/customs-status`)).status).toBe(404);
    expect((await world.b.call('GET', `/v1/licences/${foreignLicence}/customs-status`)).body).toMatchObject({ status: 'usedUp', uses: 1, maxUses: 1 });
    const subscription = await world.a.call('POST', '/v1/subscriptions', { body: { mode: 'document', applicationId: foreign, url: 'http://127.0.0.1:9/hook' } });
    expect(subscription.status).toBe(404);
    const created = await world.b.call('POST', '/v1/subscriptions', { body: { mode: 'enterprise', url: 'http://127.0.0.1:9/hook' } });
    expect((await world.a.call('GET', '/v1/subscriptions')).body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    expect((await world.a.call('DELETE', `/v1/subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a request without a known token, never echoing it', async () => {
    const secret = 'exlic_sbx_not-a-real-token-0123456789';
    const answer = await fetch(`${world.base}/v1/applications/${foreign}`, { headers: { authorization: `Bearer ${secret}` } });
    const text = await answer.text();
    expect(answer.status).toBe(401);
    expect(text).not.toContain(secret);
    expect((await fetch(`${world.base}/v1/me`)).status).toBe(401);
    expect((await fetch(`${world.base}/v1/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${world.a.token}`, 'content-type': 'application/json' }, body: '{"enterprise":"1100776367555","operator":"b-op"}' })).status).toBe(401);
  });
});
