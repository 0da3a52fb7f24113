// The declare path's shortcuts change nothing a caller sees: sequences counted in memory continue across a restart
// over a file database and leave no gap after a rollback; certificates' facts kept in memory never outlive a
// rebinding; the answer kept for an Idempotency-Key is the answer that was sent.
import { describe, expect, it } from 'vitest';
import { nextCounter, openDb } from '../src/internal/db';
import { bind, createTestKey, declare, declareBody, draftWithAttachment, worldsPerTest } from './helpers';

const { world, fileDb, stop } = worldsPerTest('exlic-declare-');

describe('the declare path', () => {
  it('numbers declarations and each enterprise\'s events on across a restart over a file database', async () => {
    const db = fileDb();
    const before = await world({ db });
    const first = await declare(before.a, (await draftWithAttachment(before.a)).id);
    expect(first.status).toBe(200);
    const second = await declare(before.a, (await draftWithAttachment(before.a)).id);
    expect(second.body.mofcomApplicationNo).toBe('SQ202600000002');
    await stop(before);

    const after = await world({ db });
    const third = await declare(after.a, (await draftWithAttachment(after.a)).id);
    expect(third.status).toBe(200);
    expect([first.body.mofcomApplicationNo, third.body.mofcomApplicationNo]).toEqual(['SQ202600000001', 'SQ202600000003']);
    // Enterprise B's feed is its own: its first event is 1, whatever A's count is.
    expect((await declare(after.b, (await draftWithAttachment(after.b)).id)).status).toBe(200);
    const feedA = await after.a.call('GET', '/v1/events?limit=100');
    expect(feedA.body.items.map((item: { seq: number }) => item.seq)).toEqual([1, 2, 3]);
    expect(feedA.body.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([first.body.id, second.body.id, third.body.id]);
    const feedB = await after.b.call('GET', '/v1/events?limit=100');
    expect(feedB.body.items.map((item: { seq: number }) => item.seq)).toEqual([1]);
  });

  it('takes the next value again after a unit of work rolled back, and counts on after one committed', async () => {
    const db = await openDb(':memory:');
    try {
      const take = async (fail: boolean) =>
        db.unit(async () => {
          const counter = await nextCounter(db, 'test');
          await db.write([counter.statement]);
          if (fail) throw new Error('undone');
          return counter.value;
        });
      expect(await take(false)).toBe(1);
      await expect(take(true)).rejects.toThrow('undone');
      expect(await take(false)).toBe(2);
      expect(Number((await db.one('SELECT value FROM counters WHERE name = ?', ['test']))?.value)).toBe(2);
      // A write that fails outside a unit forgets the counts too.
      const counter = await nextCounter(db, 'test');
      await expect(db.write([counter.statement, 'INSERT INTO no_such_table VALUES (1)'])).rejects.toThrow();
      expect((await nextCounter(db, 'test')).value).toBe(3);
    } finally {
      db.close();
    }
  });

  it('refuses the previous e-key as soon as another is bound, and reads any certificate afresh', async () => {
    const { a, base } = await world();
    expect((await declare(a, (await draftWithAttachment(a)).id)).status).toBe(200);
    const previous = a.key;
    const next = createTestKey('a-op next');
    await bind(base, a.token, next);
    const draft = await draftWithAttachment(a);
    const byPrevious = await a.call('POST', `/v1/applications/${draft.id}/declare`, { body: await declareBody(previous, draft) });
    expect(byPrevious.status).toBe(403);
    expect(byPrevious.body.code).toBe('ekeyMismatch');
    const junk = await declareBody(next, draft);
    const byJunk = await a.call('POST', `/v1/applications/${draft.id}/declare`, { body: { ...junk, signature: { ...junk.signature, certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' } } });
    expect(byJunk.status).toBe(403);
    expect(byJunk.body.code).toBe('ekeyMismatch');
    // The bound key's certificate, with a signature over other bytes: the signature is checked, not only the certificate.
    const other = await declareBody(next, { version: draft.version, application: { other: true } });
    const wrongBytes = await a.call('POST', `/v1/applications/${draft.id}/declare`, { body: other });
    expect(wrongBytes.status).toBe(403);
    expect(wrongBytes.body.code).toBe('signatureInvalid');
    const byNext = await a.call('POST', `/v1/applications/${draft.id}/declare`, { body: await declareBody(next, draft) });
    expect(byNext.status).toBe(200);
  });

  it('replays a declare with the answer it sent: the same body and ETag', async () => {
    const { a } = await world();
    const draft = await draftWithAttachment(a);
    const request = { body: await declareBody(a.key, draft), headers: { 'idempotency-key': 'declare-replay-1' } };
    const first = await a.call('POST', `/v1/applications/${draft.id}/declare`, request);
    const again = await a.call('POST', `/v1/applications/${draft.id}/declare`, request);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.body).toEqual(first.body);
    expect(first.body.status).toBe('pendingFirstReview');
  });
});
