// Concurrency, idempotency, limits, hostile input and the declare checks, through real HTTP on loopback.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type SandboxLogLine } from '../src/index';
import { call, createTestKey, declareBody, draftWithAttachment, reach, startWorld, validApplication, type World } from './helpers';

let world: World;
const logs: SandboxLogLine[] = [];
beforeAll(async () => {
  world = await startWorld({ logger: (line) => logs.push(line), maxJsonBytes: 64 * 1024, maxAttachmentBytes: 32 * 1024 });
}, 60_000);
afterAll(() => world.close());

describe('ETag / If-Match', () => {
  it('refuses an edit without If-Match (428) and a stale one (412) with the current version, losing nothing', async () => {
    const { a } = world;
    const created = await a.call('POST', '/v1/applications', { body: validApplication() });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.record.id;
    const without = await a.call('PUT', `/v1/applications/${id}`, { body: validApplication() });
    expect(without.status).toBe(428);
    expect(without.body).toMatchObject({ code: 'versionRequired', currentVersion: 1 });
    const first = await a.call('PUT', `/v1/applications/${id}`, { body: { ...validApplication(), importer: { nameZh: '甲', nameEn: 'First' } }, headers: { 'if-match': '"1"' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await a.call('PUT', `/v1/applications/${id}`, { body: { ...validApplication(), importer: { nameZh: '乙', nameEn: 'Second' } }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'versionMismatch', currentVersion: 2 });
    const now = await a.call('GET', `/v1/applications/${id}`);
    expect(now.body.application.importer.nameEn).toBe('First');
    expect(now.body.version).toBe(2);
    expect((await a.call('DELETE', `/v1/applications/${id}`, { headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await a.call('PUT', `/v1/applications/${id}`, { body: validApplication(), headers: { 'if-match': 'junk' } })).body.code).toBe('invalidRequest');
  });

  it('returns save-phase violations as data and keeps the draft', async () => {
    const answer = await world.a.call('POST', '/v1/applications', { body: { schemaVersion: 1, validUntil: '2026-02-30', specs: [{ quantity: 'lots' }] } });
    expect(answer.status).toBe(201);
    expect(answer.body.violations.length).toBeGreaterThan(0);
    expect(answer.body.violations.map((violation: { path: unknown[] }) => violation.path.join('.'))).toEqual(expect.arrayContaining(['validUntil']));
    expect(answer.body.record.status).toBe('draft');
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeated declare with the first answer and changes nothing; refuses the key with another body', async () => {
    const { a } = world;
    const record = await draftWithAttachment(a);
    const body = await declareBody(a.key, record);
    const headers = { 'idempotency-key': `declare-${record.id}` };
    const first = await a.call('POST', `/v1/applications/${record.id}/declare`, { body, headers });
    expect(first.status).toBe(200);
    const again = await a.call('POST', `/v1/applications/${record.id}/declare`, { body, headers });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const changes = await a.call('GET', `/v1/applications/${record.id}/status-changes`);
    expect(changes.body.items.filter((change: { event: string }) => change.event === 'declared')).toHaveLength(1);
    const other = await a.call('POST', `/v1/applications/${record.id}/declare`, { body: { ...body, version: body.version + 1 }, headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotencyKeyReused');
    // Without a key, a second declare is refused by the lifecycle: the key is what makes a retry safe.
    expect((await a.call('POST', `/v1/applications/${record.id}/declare`, { body })).body.code).toBe('operationNotAllowed');
  });

  it('answers batch operations per item: one bad item never hides the others', async () => {
    const { a } = world;
    const good = await draftWithAttachment(a);
    const approved = await reach(world, a, 'approved');
    const batch = await a.call('POST', '/v1/applications/batch-declare', {
      body: { items: [{ id: good.id, ...(await declareBody(a.key, good)) }, { id: approved, ...(await declareBody(a.key, good)) }, { id: 'app_missing', ...(await declareBody(a.key, good)) }] },
      headers: { 'idempotency-key': 'batch-1' },
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ succeeded: 1, failed: 2 });
    expect(batch.body.items.map((item: { id: string; ok: boolean }) => [item.id, item.ok])).toEqual([[good.id, true], [approved, false], ['app_missing', false]]);
    expect(batch.body.items[1].problem).toMatchObject({ code: 'operationNotAllowed', applicationStatus: 'approved' });
    expect(batch.body.items[2].problem.code).toBe('notFound');
    const print = await a.call('POST', '/v1/applications/batch-print', { body: { ids: [approved, good.id] } });
    expect(print.body.items.map((item: { ok: boolean }) => item.ok)).toEqual([true, false]);
  });
});

describe('declare checks', () => {
  it('refuses without an attachment, with another key, a tampered signature, a stale version, or invalid data', async () => {
    const { a, b } = world;
    const bare = (await a.call('POST', '/v1/applications', { body: validApplication() })).body.record;
    expect((await a.call('POST', `/v1/applications/${bare.id}/declare`, { body: await declareBody(a.key, bare) })).body.code).toBe('attachmentRequired');
    const record = await draftWithAttachment(a);
    expect((await a.call('POST', `/v1/applications/${record.id}/declare`, { body: await declareBody(b.key, record) })).body.code).toBe('ekeyMismatch');
    expect((await a.call('POST', `/v1/applications/${record.id}/declare`, { body: await declareBody(createTestKey(), record) })).body.code).toBe('ekeyMismatch');
    const otherBytes = await declareBody(a.key, { ...record, application: { ...(record.application as object), pledge: false } });
    const tampered = await a.call('POST', `/v1/applications/${record.id}/declare`, { body: otherBytes });
    expect(tampered.status).toBe(403);
    expect(tampered.body.code).toBe('signatureInvalid');
    const stale = await a.call('POST', `/v1/applications/${record.id}/declare`, { body: { ...(await declareBody(a.key, record)), version: record.version - 1 } });
    expect(stale.body).toMatchObject({ code: 'versionMismatch', currentVersion: record.version });
    const invalid = await draftWithAttachment(a, { validUntil: '2027-06-30' });
    const refused = await a.call('POST', `/v1/applications/${invalid.id}/declare`, { body: await declareBody(a.key, invalid) });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('validationFailed');
    expect(refused.body.violations.some((violation: { severity: string }) => violation.severity === 'error')).toBe(true);
    expect((await a.call('GET', `/v1/applications/${record.id}`)).body.status).toBe('draft');
  });

  it('refuses an operator without a bound e-key, and a binding that answers another operator\'s challenge', async () => {
    const sandbox = createSandbox({ seed: 'demo' });
    try {
      const [demo] = await sandbox.seeded();
      const request = (method: string, path: string, body?: unknown, token = demo!.token) =>
        sandbox.fetch(new Request(`http://sandbox.test${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
      const saved = (await (await request('POST', '/v1/applications', validApplication())).json()) as { record: { id: string; version: number; application: unknown } };
      const declared = await request('POST', `/v1/applications/${saved.record.id}/declare`, await declareBody(createTestKey(), saved.record));
      expect(declared.status).toBe(403);
      expect(((await declared.json()) as { code: string }).code).toBe('ekeyNotBound');
    } finally {
      await sandbox.close();
    }
    const challenge = await call(world.base, 'POST', '/v1/ekey/challenge', { token: world.a2.token });
    const bindForeign = await call(world.base, 'POST', '/v1/ekey/bind', { token: world.a.token, body: { account: 'a-op', challenge: challenge.body.challenge, algorithm: 'SM2-SM3', certificate: 'x', certificateFingerprint: '0'.repeat(64), signature: 'AAAA' } });
    expect(bindForeign.status).toBe(403);
    expect(bindForeign.body.code).toBe('challengeInvalid');
  });

  it('assigns MOFCOM numbers on declaration and YY-AA-NNNNNN licence numbers on approval, in sequence', async () => {
    const first = await reach(world, world.a, 'approved');
    const second = await reach(world, world.a, 'approved');
    const [one, two] = await Promise.all([first, second].map(async (id) => (await world.a.call('GET', `/v1/applications/${id}`)).body));
    expect(one.licenceNo).toMatch(/^26-QL-\d{6}$/);
    expect(Number(two.licenceNo.slice(6))).toBe(Number(one.licenceNo.slice(6)) + 1);
    expect(Number(two.mofcomApplicationNo.slice(6))).toBeGreaterThan(Number(one.mofcomApplicationNo.slice(6)));
  });
});

describe('limits and hostile input', () => {
  it('answers 413 for a JSON body or an attachment over the limit, 400 for malformed JSON, 415 for another type', async () => {
    const { a } = world;
    const big = await a.call('POST', '/v1/applications', { raw: JSON.stringify({ other: { remarks: 'x'.repeat(70 * 1024) } }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payloadTooLarge');
    const { id } = (await a.call('POST', '/v1/applications', { body: validApplication() })).body.record;
    const file = await a.call('POST', `/v1/applications/${id}/attachments?type=CONTRACT&fileName=big.pdf`, { raw: new Uint8Array(40 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    expect(file.status).toBe(413);
    const malformed = await a.call('POST', '/v1/applications', { raw: '{"schemaVersion": 1,', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformedJson');
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const xml = await a.call('POST', '/v1/applications', { raw: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    const array = await a.call('POST', '/v1/applications', { body: [1, 2] });
    expect(array.body.code).toBe('invalidRequest');
  });

  it('never answers 5xx to junk JSON, __proto__ keys or deep nesting, and never stores a polluted prototype', async () => {
    const { a } = world;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const answer = await a.call('POST', '/v1/applications', { body: value });
        expect(answer.status).toBeLessThan(500);
        expect([201, 400]).toContain(answer.status);
      }),
      { numRuns: 40, seed: 11 },
    );
    const proto = await a.call('POST', '/v1/applications', { raw: '{"__proto__":{"polluted":true},"importer":{"__proto__":{"x":1},"nameEn":"P"}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep = '1';
    for (let i = 0; i < 5000; i += 1) deep = `{"a":${deep}}`;
    expect((await a.call('POST', '/v1/applications', { raw: deep, headers: { 'content-type': 'application/json' } })).status).toBeLessThan(500);
  });

  it('keeps tokens out of every log line and problem', async () => {
    const serialized = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(10);
    for (const token of [world.a.token, world.a2.token, world.b.token, world.served.sandbox.adminToken]) expect(serialized).not.toContain(token);
    expect(logs.some((line) => line.operator === 'a-op')).toBe(true);
    expect(JSON.stringify(world.served.sandbox)).not.toContain(world.served.sandbox.adminToken);
    const { inspect } = await import('node:util');
    expect(inspect(world.served.sandbox)).not.toContain(world.served.sandbox.adminToken);
  });

  it('serves the contract, the reference page and problem+json for unknown routes', async () => {
    const contract = await call(world.base, 'GET', '/openapi.json');
    expect(contract.body.openapi).toBe('3.1.0');
    expect(Object.keys(contract.body.paths)).toContain('/v1/applications/{id}/declare');
    const page = await fetch(`${world.base}/reference`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('declareApplication');
    const unknown = await call(world.base, 'GET', '/v1/nothing-here', { token: world.a.token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('declares through the documented signing payload too', async () => {
    const record = await draftWithAttachment(world.a);
    const payload = await world.a.call('GET', `/v1/applications/${record.id}/signing-payload`);
    const signed = await world.a.key.sign(new Uint8Array(Buffer.from(payload.body.payload, 'base64')));
    const answer = await world.a.call('POST', `/v1/applications/${record.id}/declare`, {
      body: { version: payload.body.version, signature: { algorithm: 'SM2-SM3', signature: Buffer.from(signed.signature).toString('base64'), certificate: signed.certificate } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('pendingFirstReview');
  });
});
