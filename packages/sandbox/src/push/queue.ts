/**
 * The bounded delivery queue: a fixed number of attempts in flight, a smaller number per receiver (an origin), receivers
 * served in turn, a bounded backlog per receiver, and retries with doubling backoff that wait outside the slots. A
 * receiver that hangs holds at most its own slots until each attempt's timeout; the API and other receivers go on.
 */

/** How one attempt ended: `failed` is retried, `refused` (the target is not allowed) and `delivered` are final. */
export type AttemptOutcome = 'delivered' | 'failed' | 'refused';

/** One delivery: a receipt to one subscription. */
export interface Delivery {
  /** The receiver it goes to (the URL's origin): the per-receiver limit and the turn-taking are by this key. */
  receiver: string;
  /** One attempt; `signal` aborts when the queue closes. */
  attempt(signal: AbortSignal): Promise<AttemptOutcome>;
}

/** Limits of a {@link DeliveryQueue}. */
export interface DeliveryQueueLimits {
  /** Attempts in flight at once, over every receiver. */
  concurrency: number;
  /** Attempts in flight at once to one receiver. */
  perReceiver: number;
  /** Deliveries one receiver may have waiting (queued or between retries); more are dropped. */
  maxQueuedPerReceiver: number;
  /** Attempts per delivery. */
  attempts: number;
  /** The wait before the second attempt, doubling after each failure. */
  backoffMs: number;
}

/** A bounded delivery queue. */
export interface DeliveryQueue {
  /** Queues a delivery; false when its receiver's backlog is full (the delivery is dropped) or the queue is closed. */
  enqueue(delivery: Delivery): boolean;
  /** Resolves when nothing is queued, waiting to retry or in flight. */
  idle(): Promise<void>;
  /** Drops what is queued, cancels retries and aborts the attempts in flight. */
  close(): void;
}

interface Entry {
  delivery: Delivery;
  attempt: number;
}

/** Creates a delivery queue with the given limits. */
export function createDeliveryQueue(limits: DeliveryQueueLimits): DeliveryQueue {
  // Map order is the turn order: a receiver served goes to the back.
  const ready = new Map<string, Entry[]>();
  const active = new Map<string, number>();
  const held = new Map<string, number>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const closer = new AbortController();
  let inFlight = 0;
  let queued = 0;
  let idleWaiters: (() => void)[] = [];

  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next === 0) map.delete(key);
    else map.set(key, next);
  };

  function push(entry: Entry): void {
    const list = ready.get(entry.delivery.receiver);
    if (list === undefined) ready.set(entry.delivery.receiver, [entry]);
    else list.push(entry);
    queued += 1;
  }

  function take(): Entry | undefined {
    for (const [receiver, list] of ready) {
      if ((active.get(receiver) ?? 0) >= limits.perReceiver) continue;
      const entry = list.shift()!;
      ready.delete(receiver);
      if (list.length > 0) ready.set(receiver, list);
      queued -= 1;
      return entry;
    }
    return undefined;
  }

  function pump(): void {
    while (inFlight < limits.concurrency && !closer.signal.aborted) {
      const entry = take();
      if (entry === undefined) break;
      start(entry);
    }
    if (inFlight === 0 && queued === 0 && timers.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  function start(entry: Entry): void {
    const { receiver } = entry.delivery;
    inFlight += 1;
    bump(active, receiver, 1);
    void entry.delivery
      .attempt(closer.signal)
      .catch((): AttemptOutcome => 'failed')
      .then((outcome) => {
        inFlight -= 1;
        bump(active, receiver, -1);
        if (outcome === 'failed' && entry.attempt < limits.attempts && !closer.signal.aborted) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            push({ delivery: entry.delivery, attempt: entry.attempt + 1 });
            pump();
          }, limits.backoffMs * 2 ** (entry.attempt - 1));
          timers.add(timer);
        } else if (!closer.signal.aborted) {
          bump(held, receiver, -1);
        }
        pump();
      });
  }

  return {
    enqueue(delivery) {
      if (closer.signal.aborted) return false;
      if ((held.get(delivery.receiver) ?? 0) >= limits.maxQueuedPerReceiver) return false;
      bump(held, delivery.receiver, 1);
      push({ delivery, attempt: 1 });
      pump();
      return true;
    },
    idle() {
      if (inFlight === 0 && queued === 0 && timers.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closer.abort(new Error('The sandbox closed; pending pushes were dropped (the event feed keeps every receipt).'));
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      queued = 0;
      ready.clear();
      held.clear();
      // Attempts in flight end through their aborted signal; idle waiters resolve when the last one settles.
      pump();
    },
  };
}
