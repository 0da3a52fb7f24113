// The load tool's process: reads a plan (JSON on stdin), runs autocannon against it, prints the figures as JSON.
// With `expectStatus`, every answer is also checked: a 200 whose JSON body has that `status` counts as right.
import type { EventEmitter } from 'node:events';
import autocannon, { type Request as LoadRequest } from 'autocannon';

interface PlannedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Plan {
  url: string;
  connections: number;
  /** Either a fixed duration for one repeated request, or a list of distinct requests each sent once. */
  durationSeconds?: number;
  requests: PlannedRequest[];
  /** The `status` field every answer's body must have (a declare's: `declared`). */
  expectStatus?: string;
}

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const plan = JSON.parse(input) as Plan;
// One line before the load starts, so the server counts its CPU from here (not from this process's start-up).
process.stdout.write('start\n');
let next = 0;
let right = 0;
const distinct = plan.durationSeconds === undefined;
const expected = plan.expectStatus;
// autocannon notices that a fixed amount was sent on its one-second tick only, so its duration would be rounded up to
// whole seconds: the duration is taken here instead, from the start to the last answer.
const started = performance.now();
let lastAnswer = started;
const tracker = autocannon({
  url: plan.url,
  connections: plan.connections,
  ...(plan.durationSeconds === undefined ? { amount: plan.requests.length } : { duration: plan.durationSeconds }),
  requests: [
    {
      setupRequest: (request: LoadRequest): LoadRequest => {
        const planned = distinct ? plan.requests[next++ % plan.requests.length]! : plan.requests[0]!;
        return { ...request, method: planned.method as LoadRequest['method'], path: planned.path, headers: planned.headers, ...(planned.body === undefined ? {} : { body: planned.body }) };
      },
      ...(expected === undefined
        ? {}
        : {
            onResponse: (status: number, body: string) => {
              if (status !== 200) return;
              try {
                if ((JSON.parse(body) as { status?: unknown }).status === expected) right += 1;
              } catch {
                // not JSON: not right
              }
            },
          }),
    },
  ],
});
// Without a callback autocannon returns its tracker (an EventEmitter) made thenable; its types name only the promise.
(tracker as unknown as EventEmitter).on('response', () => {
  lastAnswer = performance.now();
});
const result = await tracker;
process.stdout.write(
  JSON.stringify({ requestsPerSecond: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, right, durationSeconds: (lastAnswer - started) / 1000 }),
);
