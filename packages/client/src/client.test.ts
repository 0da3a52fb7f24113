import { createEKeySigner, createVirtualEKey, sm3 as signerSm3 } from '@exlic/signer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftReady, startWorld, validApplication, type World } from '../test/helpers';
import { isConflictError, type SignerLike } from './index';
import { sm3 } from '@exlic/core';

describe('createClient against the sandbox in process', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('declares a draft and the sandbox approves it', async () => {
    const { id } = await draftReady(world.client);
    const record = await world.client.applications.declare(id, { signer: world.key });
    expect(record.mofcomApplicationNo).toBeTruthy();
    const now = await world.client.applications.get(id);
    expect(now.status).toBe('approved');
  });
});

describe('declare when the application changes under it', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('answers a typed conflict before signing when the stored version is not the one reviewed', async () => {
    const { id, version } = await draftReady(world.client, 'EX-CONFLICT-1');
    const current = await world.client.applications.get(id);
    await world.client.applications.save(validApplication({ contractNo: 'EX-CONFLICT-1B' }), { id, version: current.version });
    let signed = 0;
    const counting: SignerLike = { certificate: () => world.key.certificate(), sign: (data) => ((signed += 1), world.key.sign(data)) };
    const error = await world.client.applications.declare(id, { signer: counting, version }).catch((caught: unknown) => caught);
    expect(isConflictError(error) && error.currentVersion).toBe(version + 1);
    expect(signed).toBe(0);
  });

  it('answers a typed conflict, never a declaration, when an edit lands between reading and sending', async () => {
    const { id } = await draftReady(world.client, 'EX-CONFLICT-2');
    const editing: SignerLike = {
      certificate: () => world.key.certificate(),
      async sign(data) {
        // Another operator edits the draft while the e-key is signing the version read a moment ago.
        const now = await world.client.applications.get(id);
        await world.client.applications.save(validApplication({ contractNo: 'EX-CONFLICT-2B' }), { id, version: now.version });
        return world.key.sign(data);
      },
    };
    const error = await world.client.applications.declare(id, { signer: editing }).catch((caught: unknown) => caught);
    expect(isConflictError(error) && error.code).toBe('versionMismatch');
    expect(isConflictError(error) && error.currentVersion).toBe((await world.client.applications.get(id)).version);
    expect((await world.client.applications.get(id)).status).toBe('draft');
    expect((await world.client.applications.history(id)).filter((change) => change.event === 'declared')).toEqual([]);
  });

  it('answers the declared record, not a second declaration, when a restarted caller declares again under its key', async () => {
    const { id } = await draftReady(world.client, 'EX-RESTART-1');
    const first = await world.client.applications.declare(id, { signer: world.key, idempotencyKey: 'erp-order-77' });
    const restarted = world.clientWith({});
    const again = await restarted.applications.declare(id, { signer: world.key, idempotencyKey: 'erp-order-77' });
    expect(again.mofcomApplicationNo).toBe(first.mofcomApplicationNo);
    expect((await world.client.applications.history(id)).filter((change) => change.event === 'declared')).toHaveLength(1);
    const { id: other } = await draftReady(world.client, 'EX-RESTART-2');
    const reused = await world.client.applications.declare(other, { signer: world.key, idempotencyKey: 'erp-order-77' }).catch((caught: unknown) => caught);
    expect(isConflictError(reused) && reused.code).toBe('idempotencyKeyReused');
  });

  it('declares an application when the signer is a virtual e-key over the APDU protocol', async () => {
    const key = createVirtualEKey({ pin: '12345678' });
    const signer = createEKeySigner({ transport: key.openTransport(), pin: '12345678' });
    const client = world.clientWith({});
    await client.ekey.bind({ signer });
    const { id } = await draftReady(client, 'EX-VKEY-1');
    expect((await client.applications.declare(id, { signer })).mofcomApplicationNo).toBeTruthy();
    await signer.close();
  });
});

describe('sm3 (certificate fingerprints for binding)', () => {
  it('matches the signer package on the standard vector and on random inputs', () => {
    expect(Buffer.from(sm3(new TextEncoder().encode('abc'))).toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sm3(bytes)).toEqual(signerSm3(bytes));
      }),
    );
  });
});
