/** A HID device in front of a virtual e-key that delays, drops, duplicates and reorders whole answers at random (seeded), for property tests of answer pairing. */
import { createFrameReader, frameApdu } from '../src/hid-framing';
import type { FrameReader } from '../src/hid-framing';
import type { HidDevice } from '../src/transport';
import type { VirtualEKey } from '../src/virtual-ekey';

/** What happens to one answer. */
export type Fault = { kind: 'deliver'; delay: number } | { kind: 'drop' } | { kind: 'duplicate'; delay: number } | { kind: 'hold' };

/** A device that applies `faults` in turn (then delivers normally); a held answer is released after the next one. */
export function createHostileDevice(key: VirtualEKey, faults: readonly Fault[]): HidDevice & { readonly answers: number } {
  const inbox: Uint8Array[] = [];
  const waiters: ((report: Uint8Array | undefined) => void)[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let held: Uint8Array[] | undefined;
  let reader: FrameReader | undefined;
  let channel = 0;
  let answers = 0;
  let closed = false;

  const push = (reports: readonly Uint8Array[]) => {
    if (closed) return;
    for (const report of reports) {
      const waiter = waiters.shift();
      if (waiter) waiter(report);
      else inbox.push(report);
    }
  };
  const later = (delay: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, delay);
    timers.add(timer);
  };
  const answer = (reports: Uint8Array[]) => {
    const fault = faults[answers++] ?? { kind: 'deliver', delay: 0 };
    const release = () => {
      const previous = held;
      held = undefined;
      if (previous) push(previous);
    };
    switch (fault.kind) {
      case 'drop':
        return;
      case 'hold':
        // Reordered: this answer comes after the next one.
        release();
        held = reports;
        return;
      case 'duplicate':
        later(fault.delay, () => {
          push(reports);
          push(reports);
          release();
        });
        return;
      case 'deliver':
        later(fault.delay, () => {
          push(reports);
          release();
        });
    }
  };

  return {
    get answers() {
      return answers;
    },
    write(report) {
      if (reader === undefined) {
        channel = ((report[0] ?? 0) << 8) | (report[1] ?? 0);
        reader = createFrameReader({ channel });
      }
      const apdu = reader.push(report);
      if (apdu !== undefined) {
        reader = undefined;
        answer(frameApdu(key.process(apdu), { channel }));
      }
      return Promise.resolve();
    },
    read(timeout) {
      const next = inbox.shift();
      if (next) return Promise.resolve(next);
      return new Promise((resolve) => {
        const waiter = (report: Uint8Array | undefined) => {
          clearTimeout(timer);
          resolve(report);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(undefined);
        }, timeout);
        waiters.push(waiter);
      });
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      for (const waiter of waiters.splice(0)) waiter(undefined);
      return Promise.resolve();
    },
  };
}
