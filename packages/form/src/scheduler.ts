/** Runs the form's debounced checks: a timer, injectable so tests control time. */
export interface FormScheduler {
  /** The current time in milliseconds (any origin; only differences are used). */
  now(): number;
  /** Runs `task` once after `delayMs`; answers a function that cancels it. */
  schedule(task: () => void, delayMs: number): () => void;
}

/** A {@link FormScheduler} whose time moves only when told: for tests. */
export interface ManualScheduler extends FormScheduler {
  /** Moves time forward by `ms`, running every task that falls due, in order. */
  advance(ms: number): void;
  /** How many tasks wait. */
  readonly pending: number;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly task: () => void;
}

/**
 * A scheduler with a virtual clock: nothing runs until {@link ManualScheduler.advance} moves time.
 * @example
 * const scheduler = createManualScheduler();
 * const form = createApplicationForm({ scheduler });
 * form.setValue('contract.no', 'C-1');
 * scheduler.advance(200); // the debounced check runs now
 */
export function createManualScheduler(): ManualScheduler {
  let time = 0;
  let seq = 0;
  let timers: Timer[] = [];
  return {
    now: () => time,
    schedule(task, delayMs) {
      const timer: Timer = { at: time + Math.max(0, delayMs), seq: (seq += 1), task };
      timers.push(timer);
      return () => {
        timers = timers.filter((candidate) => candidate !== timer);
      };
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        time = Math.max(time, due.at);
        due.task();
      }
      time = end;
    },
    get pending() {
      return timers.length;
    },
  };
}

type TimerHost = {
  setTimeout?: (task: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  performance?: { now(): number };
};

/** The host's timers (a browser's or Node's `setTimeout`); the package itself needs no DOM. */
export function hostScheduler(): FormScheduler {
  const host = globalThis as TimerHost;
  return {
    now: () => host.performance?.now() ?? Date.now(),
    schedule(task, delayMs) {
      if (!host.setTimeout) throw new TypeError('this host has no setTimeout: pass a scheduler to createApplicationForm');
      const handle = host.setTimeout(task, delayMs);
      return () => host.clearTimeout?.(handle);
    },
  };
}
