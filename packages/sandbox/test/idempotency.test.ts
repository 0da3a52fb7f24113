// Every write is safe to retry: the same Idempotency-Key answers the first answer, across a restart over the same file
// database; another request under a used key is refused; keys are kept 24 hours.
import { describe, expect, it } from 'vitest';
import { call, declareBody, draftWithAttachment, validApplication, worldsPerTest } from './helpers';

const { world, fileDb, stop } = worldsPerTest('exlic-idem-');

async function count(base: string, token: string): Promise<number> {
  return (await call(base, 'GET', '/v1/applications/count', { token })).body.count as number;
}

describe('Idempotency-Key on every POST', () => {
  it('makes one draft of POST /v1/applications sent twice with one key, and refuses the key with another body', async () => {
    const { a, base } = await world();
    const headers = { 'idempotency-key': 'save-once-1' };
    const first = await a.call('POST', '/v1/applications', { body: validApplication(), headers });
    const second = await a.call('POST', '/v1/applications', { body: validApplication(), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.record.id).toBe(first.body.record.id);
    expect(await count(base, a.token)).toBe(1);
    const other = await a.call('POST', '/v1/applications', { body: validApplication({ contractNo: 'EX-OTHER' }), headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotencyKeyReused');
    expect(await count(base, a.token)).toBe(1);
  });

  it('makes one subscription and one e-key challenge per key', async () => {
    const { a } = await world();
    const body = { mode: 'enterprise', url: 'http://127.0.0.1:9/receipts' };
    const first = await a.call('POST', '/v1/subscriptions', { body, headers: { 'idempotency-key': 'sub-1' } });
    const again = await a.call('POST', '/v1/subscriptions', { body, headers: { 'idempotency-key': 'sub-1' } });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await a.call('GET', '/v1/subscriptions')).body.items).toHaveLength(1);
    const challenge = await a.call('POST', '/v1/ekey/challenge', { headers: { 'idempotency-key': 'chl-1' } });
    expect((await a.call('POST', '/v1/ekey/challenge', { headers: { 'idempotency-key': 'chl-1' } })).body.challenge).toBe(challenge.body.challenge);
  });

  it('answers a batch declare retried after a restart with every item declared, though the e-key signed again', async () => {
    const db = fileDb();
    const before = await world({ db });
    const records = [await draftWithAttachment(before.a), await draftWithAttachment(before.a)];
    const key = { 'idempotency-key': 'batch-declare-1' };
    const items = async () => Promise.all(records.map(async (record) => ({ id: record.id, ...(await declareBody(before.a.key, record)) })));
    const first = await before.a.call('POST', '/v1/applications/batch-declare', { body: { items: await items() }, headers: key });
    expect(first.body.succeeded).toBe(2);
    const token = before.a.token;
    await stop(before);

    // A new sandbox over the same file: the old token still works, and the retry (signed anew: SM2 is randomised) replays.
    const after = await world({ db });
    const retried = await call(after.base, 'POST', '/v1/applications/batch-declare', { token, body: { items: await items() }, headers: key });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.items.map((item: { ok: boolean; record: { status: string } }) => [item.ok, item.record.status])).toEqual([
      [true, 'pendingFirstReview'],
      [true, 'pendingFirstReview'],
    ]);
    for (const record of records) expect((await call(after.base, 'GET', `/v1/applications/${record.id}`, { token })).body.version).toBe(first.body.items[0].record.version);
  }, 60_000);

  it('replays a single declare after a restart as well', async () => {
    const db = fileDb();
    const before = await world({ db });
    const record = await draftWithAttachment(before.a);
    const key = { 'idempotency-key': 'declare-restart-1' };
    const first = await before.a.call('POST', `/v1/applications/${record.id}/declare`, { body: await declareBody(before.a.key, record), headers: key });
    expect(first.status).toBe(200);
    const token = before.a.token;
    const signer = before.a.key;
    await stop(before);
    const after = await world({ db });
    const retried = await call(after.base, 'POST', `/v1/applications/${record.id}/declare`, { token, body: await declareBody(signer, record), headers: key });
    expect(retried.status).toBe(200);
    expect(retried.body.mofcomApplicationNo).toBe(first.body.mofcomApplicationNo);
  }, 60_000);

  it('forgets a key after 24 hours (and prunes it)', async () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const { a, base } = await world({ now: () => now });
    const headers = { 'idempotency-key': 'old-key' };
    const first = await a.call('POST', '/v1/applications', { body: validApplication(), headers });
    now = new Date(now.getTime() + 23 * 3600_000);
    expect((await a.call('POST', '/v1/applications', { body: validApplication({ contractNo: 'EX-2' }), headers })).status).toBe(422);
    now = new Date(now.getTime() + 2 * 3600_000);
    const later = await a.call('POST', '/v1/applications', { body: validApplication({ contractNo: 'EX-2' }), headers });
    expect(later.status).toBe(201);
    expect(later.body.record.id).not.toBe(first.body.record.id);
    expect(await count(base, a.token)).toBe(2);
  });
});
