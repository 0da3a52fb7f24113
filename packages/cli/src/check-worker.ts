// A worker thread of `exlic check`: parses, checks and formats the batches the main thread sends, and answers each by its id.
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchChecker, type Batch, type CheckerSetup } from './check/checker';

const port = parentPort!;
createBatchChecker(workerData as CheckerSetup).then(
  (checker) => {
    port.on('message', (message: { id: number; batch: Batch }) => {
      checker(message.batch).then(
        (result) => port.postMessage({ id: message.id, result }),
        (error: unknown) => port.postMessage({ id: message.id, failure: error instanceof Error ? error.message : String(error) }),
      );
    });
    port.postMessage({ ready: true });
  },
  (error: unknown) => {
    throw error;
  },
);
