// The bounded delivery queue on its own: limits in flight overall and per receiver, turn-taking, the backlog cap,
// bounded retries that wait outside the slots, and close() aborting what is in flight.
import { describe, expect, it } from 'vitest';
import { createDeliveryQueue, type AttemptOutcome, type Delivery } from '../src/push/queue';

/** Deliveries whose attempts stay open until the test settles them. */
function harness() {
  const open: { receiver: string; settle(outcome: AttemptOutcome): void; signal: AbortSignal }[] = [];
  const started: string[] = [];
  const delivery = (receiver: string, label = receiver): Delivery => ({
    receiver,
    attempt: (signal) =>
      new Promise<AttemptOutcome>((resolve, reject) => {
        started.push(label);
        open.push({ receiver, settle: resolve, signal });
        signal.addEventListener('abort', () => reject(signal.reason as Error));
      }),
  });
  return { open, started, delivery };
}

const limits = { concurrency: 3, perReceiver: 2, maxQueuedPerReceiver: 5, attempts: 3, backoffMs: 5 };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('delivery queue', () => {
  it('holds at most `concurrency` attempts, `perReceiver` to one receiver, and serves receivers in turn', async () => {
    const queue = createDeliveryQueue(limits);
    const { open, started, delivery } = harness();
    for (let index = 0; index < 4; index += 1) queue.enqueue(delivery('slow', `slow${index}`));
    queue.enqueue(delivery('fast', 'fast0'));
    queue.enqueue(delivery('fast', 'fast1'));
    await tick();
    expect(started).toEqual(['slow0', 'slow1', 'fast0']);
    open.find((entry) => entry.receiver === 'fast')!.settle('delivered');
    await tick();
    // The slot freed by a fast delivery goes to the fast receiver's next one, not to a third slow attempt.
    expect(started).toEqual(['slow0', 'slow1', 'fast0', 'fast1']);
    queue.close();
  });

  it('drops deliveries past a receiver\'s backlog without touching other receivers', () => {
    const queue = createDeliveryQueue(limits);
    const { delivery } = harness();
    const accepted = Array.from({ length: 8 }, () => queue.enqueue(delivery('slow')));
    expect(accepted.filter(Boolean)).toHaveLength(limits.maxQueuedPerReceiver);
    expect(queue.enqueue(delivery('other'))).toBe(true);
    queue.close();
    expect(queue.enqueue(delivery('other'))).toBe(false);
  });

  it('retries a failed attempt a bounded number of times, never a refused one, and is idle after', async () => {
    const queue = createDeliveryQueue({ ...limits, attempts: 3 });
    const { open, started, delivery } = harness();
    queue.enqueue(delivery('flaky'));
    queue.enqueue(delivery('refused'));
    let idle = false;
    void queue.idle().then(() => (idle = true));
    for (let round = 0; round < 3; round += 1) {
      while (!open.some((entry) => entry.receiver === 'flaky')) await new Promise((resolve) => setTimeout(resolve, 2));
      const index = open.findIndex((entry) => entry.receiver === 'flaky');
      open.splice(index, 1)[0]!.settle('failed');
      if (round === 0) open.splice(open.findIndex((entry) => entry.receiver === 'refused'), 1)[0]!.settle('refused');
    }
    await queue.idle();
    expect(idle).toBe(true);
    expect(started.filter((label) => label === 'flaky')).toHaveLength(3);
    expect(started.filter((label) => label === 'refused')).toHaveLength(1);
  });

  it('close() aborts the attempts in flight and drops the backlog', async () => {
    const queue = createDeliveryQueue(limits);
    const { open, started, delivery } = harness();
    for (let index = 0; index < 5; index += 1) queue.enqueue(delivery('slow'));
    await tick();
    queue.close();
    expect(open.every((entry) => entry.signal.aborted)).toBe(true);
    await queue.idle();
    expect(started).toHaveLength(2);
  });
});
