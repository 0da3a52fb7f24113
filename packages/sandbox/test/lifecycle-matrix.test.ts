// Every cell of the lifecycle's operations matrix and of the authority's transitions, through real HTTP on loopback.
import { OPERATION_ALLOWED_IN, STATUSES, TRANSITIONS, type Status } from '@exlic/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSandboxError } from '../src/index';
import { declareBody, reach, startWorld, validApplication, type World } from './helpers';

// The matrix comes from core's tables, which core's own lifecycle test checks cell by cell against the
// lifecycle text; this test proves the server answers as those tables say.
const ALLOWED = OPERATION_ALLOWED_IN;
// "What the authority does": the events the issuing authority sends, each with its one move (from → to).
const AUTHORITY_EVENTS = ['firstReviewPassed', 'firstReviewReturned', 'secondReviewPassed', 'secondReviewReturned', 'withdrawalGranted', 'withdrawalRefused'] as const;
const AUTHORITY = Object.fromEntries(AUTHORITY_EVENTS.map((event) => [event, Object.entries(TRANSITIONS[event])[0] as [Status, Status]]));

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(() => world.close());

const cells = Object.entries(ALLOWED).flatMap(([operation, allowedIn]) => STATUSES.map((status) => [operation, status, allowedIn.includes(status)] as const));
const authorityCells = Object.entries(AUTHORITY).length * STATUSES.length;

describe('the operations matrix', () => {
  it('covers 7 operations × 9 statuses, and 6 authority events × 9 statuses', () => {
    expect(cells).toHaveLength(63);
    expect(authorityCells).toBe(54);
  });

  it.each(cells)('%s in %s: allowed=%s', async (operation, status, allowed) => {
    const { a } = world;
    const id = await reach(world, a, status);
    const before = (await a.call('GET', `/v1/applications/${id}`)).body;
    expect(before.allowedOperations.includes(operation)).toBe(allowed);
    const etag = `"${before.version}"`;
    let answer;
    switch (operation) {
      case 'save':
        answer = await a.call('PUT', `/v1/applications/${id}`, { body: { ...validApplication(), importer: { nameZh: '改', nameEn: 'Changed' } }, headers: { 'if-match': etag } });
        break;
      case 'delete':
        answer = await a.call('DELETE', `/v1/applications/${id}`, { headers: { 'if-match': etag } });
        break;
      case 'declare':
        answer = await a.call('POST', `/v1/applications/${id}/declare`, { body: await declareBody(a.key, before) });
        break;
      case 'withdraw':
        answer = await a.call('POST', `/v1/applications/${id}/withdraw`, { body: { reason: 'changed plans' } });
        break;
      case 'print':
        answer = await a.call('POST', `/v1/applications/${id}/print`);
        break;
      case 'viewOpinions':
        answer = await a.call('GET', `/v1/applications/${id}/opinions`);
        break;
      default:
        answer = await a.call('POST', `/v1/applications/${id}/copy`, { body: { count: 2 } });
    }
    const after = await a.call('GET', `/v1/applications/${id}`);
    if (!allowed) {
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'operationNotAllowed', applicationStatus: status, operation, allowedIn: ALLOWED[operation as keyof typeof ALLOWED] });
      expect(answer.body.detail).toContain(status);
      expect(after.body.status).toBe(status);
      expect(after.body.version).toBe(before.version);
      return;
    }
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    switch (operation) {
      case 'save':
        expect(after.body).toMatchObject({ status, version: before.version + 1 });
        expect(after.body.application.importer.nameEn).toBe('Changed');
        break;
      case 'delete':
        expect(answer.status).toBe(204);
        expect(after.status).toBe(404);
        break;
      case 'declare':
        expect(after.body.status).toBe('pendingFirstReview');
        expect(after.body.mofcomApplicationNo).toMatch(/^SQ2026\d{8}$/);
        break;
      case 'withdraw':
        expect(after.body.status).toBe('pendingWithdrawal');
        break;
      case 'print':
        expect(after.body.status).toBe('printed');
        expect(after.body.licenceNo).toMatch(/^26-QL-\d{6}$/);
        break;
      case 'viewOpinions':
        expect(answer.body.items.length).toBeGreaterThan(0);
        for (const opinion of answer.body.items) expect(opinion).toMatchObject({ stage: expect.stringMatching(/Review$/), text: expect.any(String) });
        break;
      default:
        expect(answer.status).toBe(201);
        expect(answer.body.items).toHaveLength(2);
        for (const copy of answer.body.items) {
          expect(copy).toMatchObject({ status: 'draft', version: 1 });
          expect(copy.id).not.toBe(id);
          expect(copy.mofcomApplicationNo).toBeUndefined();
          expect(copy.licenceNo).toBeUndefined();
          expect(copy.application.mofcomApplicationNo).toBeUndefined();
          expect(copy.application.licenceNo).toBeUndefined();
        }
        expect(after.body.status).toBe(status);
    }
  }, 30_000);
});

describe('the authority', () => {
  const events = Object.entries(AUTHORITY).flatMap(([event, [from, to]]) => STATUSES.map((status) => [event, status, status === from ? to : null] as const));

  it.each(events)('%s in %s → %s', async (event, status, to) => {
    const { a, served } = world;
    const id = await reach(world, a, status);
    if (to === null) {
      const refused = await served.sandbox.review(id, event as never).catch((error: unknown) => error);
      expect(isSandboxError(refused)).toBe(true);
      expect(refused).toMatchObject({ code: 'operationNotAllowed', status: 409 });
      expect((refused as Error).message).toContain(status);
      expect((await a.call('GET', `/v1/applications/${id}`)).body.status).toBe(status);
      return;
    }
    const record = await served.sandbox.review(id, event as never, `opinion on ${event}`);
    expect(record.status).toBe(to);
    if (event === 'secondReviewPassed') expect(record.licenceNo).toMatch(/^26-QL-\d{6}$/);
    else expect(record.licenceNo).toBeUndefined();
  }, 30_000);
});
