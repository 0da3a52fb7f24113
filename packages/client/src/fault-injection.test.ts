import { describe, expect, it } from 'vitest';
import type { Client } from './index';
import { draftReady, startWorld, type World } from '../test/helpers';

// The brief's figure is 1,000; EXLIC_FAULT_COUNT changes it for a quick local run.
const COUNT = Number(process.env.EXLIC_FAULT_COUNT ?? 1000);
const LOOPBACK_COUNT = Math.max(1, Math.round(COUNT / 10));

async function mapLimit<TIn, TOut>(items: readonly TIn[], limit: number, fn: (item: TIn, index: number) => Promise<TOut>): Promise<TOut[]> {
  const out = new Array<TOut>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        out[index] = await fn(items[index] as TIn, index);
      }
    }),
  );
  return out;
}

/** Declares `count` drafts while 20% of requests fail (dropped, 503, timeout; before or after the server acted), then counts the sandbox's own declare records. */
async function declareUnderFaults(world: World, count: number, retryAfterSeconds: number): Promise<void> {
  const drafts = await mapLimit(Array.from({ length: count }, (_, i) => i), 8, (i) => draftReady(world.client, `EX-FAULT-${i}`));
  // Per-attempt timeout well under the slow fault, so every slow answer is a client timeout; retries sized so 20% faults cannot exhaust them.
  const client: Client = world.clientWith({ timeout: 400, totalTimeout: 120_000, retry: { limit: 12, baseDelay: 5, maxDelay: 3_000 } });
  world.sandbox.faults.set({ seed: 12, drop: 0.07, unavailable: 0.07, slow: 0.06, slowMs: 900, retryAfterSeconds, when: 'either' });
  const outcomes = await mapLimit(drafts, 16, async (draft, i) => {
    try {
      const record = await client.applications.declare(draft.id, { signer: world.key, idempotencyKey: `order-${i}` });
      return { id: draft.id, ok: true as const, mofcomApplicationNo: record.mofcomApplicationNo };
    } catch (error) {
      return { id: draft.id, ok: false as const, error };
    }
  });
  const counts = { ...world.sandbox.faults.counts };
  world.sandbox.faults.clear();

  // Every fault kind struck, at the rate asked for.
  expect(counts.drop).toBeGreaterThan(0);
  expect(counts.unavailable).toBeGreaterThan(0);
  expect(counts.slow).toBeGreaterThan(0);
  // None lost: every call answered its record, with the number the declaration assigned.
  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
  const numbers = new Set(outcomes.map((outcome) => (outcome.ok ? outcome.mofcomApplicationNo : undefined)));
  expect(numbers.size).toBe(count);
  // Exactly once: the sandbox's own status history holds one declare per application, and its event feed one declare receipt each.
  await mapLimit(drafts, 8, async (draft) => {
    const history = await world.client.applications.history(draft.id);
    expect(history.filter((change) => change.event === 'declared'), draft.id).toHaveLength(1);
  });
  const declared = new Map<string, number>();
  for await (const receipt of world.client.events.list({ limit: 100 })) if (receipt.event === 'declared') declared.set(receipt.applicationId, (declared.get(receipt.applicationId) ?? 0) + 1);
  for (const draft of drafts) expect(declared.get(draft.id), draft.id).toBe(1);
  expect(await world.client.applications.count({ status: ['draft'] })).toBe(0);
}

describe('declare under injected faults', () => {
  it(`declares ${COUNT} applications exactly once while 20% of requests fail (in process)`, { timeout: 600_000 }, async () => {
    const world = await startWorld();
    try {
      await declareUnderFaults(world, COUNT, 0);
    } finally {
      await world.close();
    }
  });

  it(`declares ${LOOPBACK_COUNT} applications exactly once over loopback HTTP, honouring Retry-After`, { timeout: 300_000 }, async () => {
    const world = await startWorld({ loopback: true });
    try {
      await declareUnderFaults(world, LOOPBACK_COUNT, 1);
    } finally {
      await world.close();
    }
  });
});
