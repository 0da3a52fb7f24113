/** A FIFO of async tasks that runs one at a time: a second signing waits for the first instead of failing. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task, task);
      // The chain must continue whether this task fails or not.
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
  };
}
