/** Injected faults for clients' tests: dropped connections, 503 with Retry-After, 429, slow answers; off by default. */
import { createErrorGuard, type SdkError } from '@exlic/core';

/** When a fault strikes: before the server acts (nothing changed) or after (the change is committed, the answer lost or late). */
export type FaultTiming = 'before' | 'after' | 'either';

/** Fault settings; every rate is a probability per request between 0 and 1. */
export interface FaultSettings {
  /** Seed of the fault sequence, so a failing test replays. @default 1 */
  seed?: number | undefined;
  /** Rate of dropped connections (the client sees a network error). */
  drop?: number | undefined;
  /** Rate of 503 answers with Retry-After. */
  unavailable?: number | undefined;
  /** Rate of 429 answers with Retry-After. */
  rateLimited?: number | undefined;
  /** Rate of slow answers. */
  slow?: number | undefined;
  /** How slow. @default 2000 */
  slowMs?: number | undefined;
  /** The Retry-After of 503 and 429, seconds. @default 1 */
  retryAfterSeconds?: number | undefined;
  /** @default 'either' */
  when?: FaultTiming | undefined;
}

/** The fault drawn for one request. */
export interface FaultDraw {
  kind: 'drop' | 'unavailable' | 'rateLimited' | 'slow';
  when: 'before' | 'after';
  slowMs: number;
  retryAfterSeconds: number;
}

/** The fault control of a sandbox (`sandbox.faults`). */
export interface SandboxFaults {
  /** Replaces the settings (and restarts the seeded sequence). `set({})` turns every fault off. */
  set(settings: FaultSettings): void;
  /** The settings now. */
  get(): FaultSettings;
  /** Turns every fault off. */
  clear(): void;
  /** How many faults have struck, by kind. */
  readonly counts: Readonly<Record<FaultDraw['kind'], number>>;
}

/** The error a sandbox's `fetch` throws for a dropped connection; hosts turn it into a reset socket or a network error. */
export class DroppedConnectionError extends TypeError {
  override name = 'DroppedConnectionError' as const;
  /** Brand the hosts recognise across copies (exlic's error brand, though the class is a TypeError as fetch's failures are). */
  readonly exlic = true as const;

  constructor(when: 'before' | 'after') {
    super(`fetch failed: the sandbox dropped the connection ${when} acting (an injected fault)`);
  }
}

/** True when `error` is an injected dropped connection. */
export const isDroppedConnectionError = createErrorGuard<DroppedConnectionError & SdkError>('DroppedConnectionError');

// mulberry32: a tiny seeded generator, so a fault sequence replays from its seed.
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function rate(name: string, value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(value >= 0 && value <= 1)) throw new RangeError(`Fault rate ${name} must be between 0 and 1, got ${String(value)}.`);
  return value;
}

/** Creates a fault control and the function that draws a fault (or none) per request. */
export function createFaults(): { faults: SandboxFaults; draw(): FaultDraw | undefined } {
  let settings: FaultSettings = {};
  let random = generator(1);
  const counts = { drop: 0, unavailable: 0, rateLimited: 0, slow: 0 };
  const faults: SandboxFaults = {
    set(next) {
      for (const key of ['drop', 'unavailable', 'rateLimited', 'slow'] as const) rate(key, next[key]);
      settings = { ...next };
      random = generator(next.seed ?? 1);
    },
    get: () => ({ ...settings }),
    clear() {
      settings = {};
    },
    counts,
  };
  function draw(): FaultDraw | undefined {
    const rates = [
      ['drop', rate('drop', settings.drop)],
      ['unavailable', rate('unavailable', settings.unavailable)],
      ['rateLimited', rate('rateLimited', settings.rateLimited)],
      ['slow', rate('slow', settings.slow)],
    ] as const;
    if (rates.every(([, value]) => value === 0)) return undefined;
    const roll = random();
    let edge = 0;
    for (const [kind, value] of rates) {
      edge += value;
      if (roll < edge) {
        const when = settings.when === 'before' || settings.when === 'after' ? settings.when : random() < 0.5 ? 'before' : 'after';
        counts[kind] += 1;
        return { kind, when, slowMs: settings.slowMs ?? 2000, retryAfterSeconds: settings.retryAfterSeconds ?? 1 };
      }
    }
    return undefined;
  }
  return { faults, draw };
}
