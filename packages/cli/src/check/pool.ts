import { Worker } from 'node:worker_threads';
import type { CheckOutcome, Checker, CheckerSetup } from './checker';

interface Pending {
  readonly resolve: (outcomes: CheckOutcome[]) => void;
  readonly reject: (error: Error) => void;
}

/** Worker threads that check batches; each batch's answer comes back to the promise of that batch, so the caller keeps the order. */
export interface CheckPool {
  readonly run: Checker;
  close(): Promise<void>;
}

/** Starts `size` worker threads running `workerFile` (the built check-worker.js); resolves once all are ready. */
export async function createPool(size: number, setup: CheckerSetup, workerFile: string): Promise<CheckPool> {
  const workers = await Promise.all(
    Array.from({ length: size }, async () => {
      // A worker holds one batch at a time, so a modest heap keeps the run's memory flat.
      const worker = new Worker(workerFile, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
      const pending = new Map<number, Pending>();
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => {
          worker.off('error', reject);
          resolve();
        });
      });
      worker.on('message', (message: { id: number; outcomes?: CheckOutcome[]; failure?: string }) => {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.outcomes) waiting?.resolve(message.outcomes);
        else waiting?.reject(new Error(message.failure ?? 'the worker failed'));
      });
      worker.on('error', (error) => {
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      });
      return { worker, pending };
    }),
  );
  let next = 0;
  return {
    run: (tasks) => {
      // The least busy worker; ties go round.
      const start = next++ % workers.length;
      let chosen = workers[start]!;
      for (const candidate of workers) if (candidate.pending.size < chosen.pending.size) chosen = candidate;
      const id = next;
      return new Promise<CheckOutcome[]>((resolve, reject) => {
        chosen.pending.set(id, { resolve, reject });
        chosen.worker.postMessage({ id, tasks });
      });
    },
    close: async () => {
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
