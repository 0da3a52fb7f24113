// The HTTP layer's middleware: authentication before any body, errors as data, a 500's cause logged once, media types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxLogLine } from '../src/index';
import { call, startWorld, validApplication, type World } from './helpers';

let world: World;
const logs: SandboxLogLine[] = [];
let failClock = false;

beforeAll(async () => {
  world = await startWorld({
    logger: (line) => logs.push(line),
    now: () => {
      // A clock that breaks on demand: the one way to make a handler fail with an error that is not a refusal.
      if (failClock) throw new RangeError('the test clock is broken');
      return new Date('2026-11-29T10:00:00Z');
    },
  });
}, 60_000);
afterAll(() => world.close());

describe('authentication comes first', () => {
  it('answers 401 to an anonymous request whatever its body: too large, another media type, malformed or invalid', async () => {
    const cases: { raw: string; type: string }[] = [
      { raw: 'x'.repeat(2 * 1024 * 1024), type: 'application/json' },
      { raw: '<a/>', type: 'application/xml' },
      { raw: '{"schemaVersion": 1,', type: 'application/json' },
      { raw: '[1, 2]', type: 'application/json' },
    ];
    for (const { raw, type } of cases) {
      const answer = await call(world.base, 'POST', '/v1/applications', { raw, headers: { 'content-type': type }, offContract: true });
      expect(answer.status, type).toBe(401);
      expect(answer.body.code).toBe('unauthorized');
    }
    const upload = await call(world.base, 'POST', '/v1/applications/app_x/attachments?type=CONTRACT&fileName=a.pdf', { raw: new Uint8Array(11 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status).toBe(401);
  });
});

describe('errors as data', () => {
  it('answers 400 invalidRequest with one violation per problem: path, code and a message in Chinese and English', async () => {
    const answer = await world.a.call('POST', '/v1/applications/batch-delete', { body: { ids: [], extra: 1 }, offContract: true });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalidRequest');
    const byPath = Object.fromEntries((answer.body.violations as { path: unknown[]; code: string; rule: string; message: { zh: string; en: string } }[]).map((violation) => [violation.path.join('.'), violation]));
    expect(byPath.ids).toMatchObject({ rule: 'contract', code: 'too_small', severity: 'error' });
    expect(byPath.ids?.message.zh).toContain('body.ids');
    expect(byPath.ids?.message.en).toContain('body.ids');
    expect(byPath.extra).toMatchObject({ code: 'unrecognized_keys' });
  });

  it('reports every problem of a request, not the first five', async () => {
    const ids = Array.from({ length: 8 }, (_, index) => index);
    const answer = await world.a.call('POST', '/v1/applications/batch-delete', { body: { ids }, offContract: true });
    expect(answer.status).toBe(400);
    expect(answer.body.violations.length).toBeGreaterThan(5);
  });
});

describe('media types', () => {
  it('parses only application/json as JSON: json-seq and a +xml type are refused with 415', async () => {
    for (const type of ['application/json-seq', 'application/json-patch+xml', 'text/json']) {
      const answer = await world.a.call('POST', '/v1/applications', { raw: JSON.stringify(validApplication()), headers: { 'content-type': type } });
      expect(answer.status, type).toBe(415);
      expect(answer.body.code).toBe('unsupportedMediaType');
    }
    expect((await world.a.call('POST', '/v1/applications', { raw: JSON.stringify(validApplication()), headers: { 'content-type': 'application/json; charset=utf-8' } })).status).toBe(201);
  });
});

describe('a failure that is not a refusal', () => {
  it('answers 500 with the request id, and logs its cause once with that id, never the token', async () => {
    failClock = true;
    let answer;
    try {
      answer = await world.a.call('POST', '/v1/applications', { body: validApplication() });
    } finally {
      failClock = false;
    }
    expect(answer.status).toBe(500);
    expect(answer.body.code).toBe('internal');
    expect(answer.body.detail).not.toContain('clock');
    const requestId = answer.body.requestId as string;
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    const causes = logs.filter((line) => line.requestId === requestId && line.error !== undefined);
    expect(causes).toHaveLength(1);
    expect(causes[0]?.error).toContain('the test clock is broken');
    expect(JSON.stringify(logs)).not.toContain(world.a.token);
  });
});
