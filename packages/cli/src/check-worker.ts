// A worker thread of `exlic check`: parses and checks the batches the main thread sends, and answers each by its id.
import { parentPort, workerData } from 'node:worker_threads';
import { createChecker, type CheckTask, type CheckerSetup } from './check/checker';

const port = parentPort!;
createChecker(workerData as CheckerSetup).then(
  (checker) => {
    port.on('message', (message: { id: number; tasks: CheckTask[] }) => {
      checker(message.tasks).then(
        (outcomes) => port.postMessage({ id: message.id, outcomes }),
        (error: unknown) => port.postMessage({ id: message.id, failure: error instanceof Error ? error.message : String(error) }),
      );
    });
    port.postMessage({ ready: true });
  },
  (error: unknown) => {
    throw error;
  },
);
