import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../test/hostile-device';
import { createHostileDevice } from '../test/hostile-device';
import { createEKeySigner } from './ekey-signer';
import { isSignerError } from './errors';
import { utf8 } from './internal/bytes';
import { createHidTransport } from './transport';
import type { DiscardedAnswer } from './transport';
import { verifySignature } from './verify';
import { createVirtualEKey } from './virtual-ekey';

const PIN = '31415926';
// Timeouts are generous next to the delays' spread so a run stays short on two busy cores; whether a given answer is late is up to the scheduler, and the property holds either way.
const TIMEOUT = 25;
const key = createVirtualEKey({ pin: PIN });

const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('deliver' as const), delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), delay: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hold' as const }) },
);

describe('createEKeySigner over a device that delays, drops, duplicates and reorders answers', () => {
  it('returns only signatures over each call’s own message, or rejects with a typed error', { timeout: 120_000 }, async () => {
    let signed = 0;
    let rejected = 0;
    let discarded = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 6 }), async (faults, count) => {
        const device = createHostileDevice(key, faults);
        const seen: DiscardedAnswer[] = [];
        const transport = createHidTransport({ device, timeout: TIMEOUT, drainTimeout: 5, onDiscard: (d) => seen.push(d) });
        const signer = createEKeySigner({ transport, pin: PIN });
        const messages = Array.from({ length: count }, (_, i) => utf8(`{"applicationNo":"EL-${i}","faults":${faults.length}}`));
        // Issued together: they queue, so a late answer of one meets the next one's command.
        const outcomes = await Promise.allSettled(messages.map((message) => signer.sign(message)));
        outcomes.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') {
            signed++;
            expect(verifySignature({ message: messages[i]!, result: outcome.value })).toBe(true);
          } else {
            rejected++;
            expect(isSignerError(outcome.reason), String(outcome.reason)).toBe(true);
          }
        });
        discarded += seen.length;
        for (const d of seen) expect(d.size).toBe(64);
        await signer.close();
      }),
      { numRuns: 40, seed: 7 },
    );
    // The faults were real: some calls failed, some answers were set aside, and most calls still signed.
    expect(rejected).toBeGreaterThan(0);
    expect(discarded).toBeGreaterThan(0);
    expect(signed).toBeGreaterThan(rejected);
  });

  it('sets a late answer aside and signs the next message correctly', async () => {
    const seen: DiscardedAnswer[] = [];
    // Answers: SELECT, VERIFY, READ×n, SIGN (late: 60 ms against a 25 ms timeout), then the next sign's answers.
    const probe = createHostileDevice(key, []);
    const warm = createEKeySigner({ transport: createHidTransport({ device: probe, timeout: 1000 }), pin: PIN });
    await warm.sign(utf8('count answers'));
    const signAnswer = probe.answers - 1;
    await warm.close();
    const faults: Fault[] = Array.from({ length: signAnswer }, () => ({ kind: 'deliver', delay: 0 }) as const);
    faults.push({ kind: 'deliver', delay: 60 });
    const device = createHostileDevice(key, faults);
    const signer = createEKeySigner({ transport: createHidTransport({ device, timeout: TIMEOUT, onDiscard: (d) => seen.push(d) }), pin: PIN });
    const first = await signer.sign(utf8('first')).catch((e: unknown) => e);
    expect((first as Error).name).toBe('SignerTimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 80));
    const second = utf8('second');
    const result = await signer.sign(second);
    expect(verifySignature({ message: second, result })).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    await signer.close();
  });
});
