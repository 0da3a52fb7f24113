// A worker thread of `exlic check`: parses, checks and formats the batches the main thread sends, and answers each by its id.
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchChecker, type Batch, type CheckerSetup } from './check/checker';

const port = parentPort!;
const encoder = new TextEncoder();
createBatchChecker(workerData as CheckerSetup).then(
  (checker) => {
    port.on('message', (message: { id: number; batch: Batch }) => {
      checker(message.batch).then(
        (result) => {
          // The report text leaves as UTF-8 bytes, moved rather than copied: the main thread writes them as they are,
          // with no string of its own to hold or encode.
          const body = typeof result.body === 'string' ? encoder.encode(result.body) : result.body;
          port.postMessage({ id: message.id, result: { ...result, body } }, [body.buffer as ArrayBuffer]);
        },
        (error: unknown) => port.postMessage({ id: message.id, failure: error instanceof Error ? error.message : String(error) }),
      );
    });
    port.postMessage({ ready: true });
  },
  (error: unknown) => {
    throw error;
  },
);
