import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftReady, startWorld, type World } from '../test/helpers';

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
