// Push fan-out under a receiver that hangs (issue 18 finding 3): SUBSCRIPTIONS subscriptions × RECEIPTS receipts to
// one loopback receiver that accepts connections and never answers, plus one healthy receiver with one subscription.
// Reports, sampled over WINDOW seconds: delivery attempts started, attempts in flight (the hanging receiver's open
// connections), this process's open file descriptors and RSS, the API's slowest answer, and when the healthy
// receiver got its receipts. The hanging receiver runs in a child process, so the figures are the sandbox's own.
// Run: npm run bench sandbox (or npx tsx --expose-gc packages/sandbox/bench/push-fanout.bench.ts)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveSandbox } from '../src/index';
import { bind, call, createTestKey, declareBody, validApplication } from '../test/helpers';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const SUBSCRIPTIONS = Number(process.env.EXLIC_BENCH_SUBSCRIPTIONS ?? 150);
const RECEIPTS = Number(process.env.EXLIC_BENCH_RECEIPTS ?? 15);
const WINDOW_SECONDS = Number(process.env.EXLIC_BENCH_WINDOW ?? 25);

const HANGING_RECEIVER = `
const http = require('node:http');
let open = 0, peak = 0, requests = 0;
const server = http.createServer((request) => { requests += 1; request.resume(); });
server.on('connection', (socket) => { open += 1; peak = Math.max(peak, open); socket.on('close', () => { open -= 1; }); });
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.stdin.on('data', () => process.stdout.write(JSON.stringify({ open, peak, requests }) + '\\n'));
process.stdin.on('end', () => process.exit(0));
`;

interface ReceiverFigures {
  open: number;
  peak: number;
  requests: number;
}

async function hangingReceiver(): Promise<{ url: string; figures(): Promise<ReceiverFigures>; close(): void }> {
  const child = spawn(process.execPath, ['-e', HANGING_RECEIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiting: ((line: string) => void) | undefined;
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(line);
      } else lines.push(line);
    }
  });
  const next = () => new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : (waiting = resolve)));
  const { port } = JSON.parse(await next()) as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    async figures() {
      child.stdin.write('?\n');
      return JSON.parse(await next()) as ReceiverFigures;
    },
    close: () => child.kill(),
  };
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1_048_576);
}

async function main(): Promise<void> {
  const served = await serveSandbox({ seed: 'demo', autoReview: true, pushes: { maxSubscriptionsPerEnterprise: SUBSCRIPTIONS + 1 } });
  const token = (await served.sandbox.seeded()).find((entry) => entry.enterprise.code === '3501M000100Y4')!.token;
  const key = createTestKey('bench');
  await bind(served.url, token, key);

  const hanging = await hangingReceiver();
  let healthyAt: number[] = [];
  const healthy = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      healthyAt.push(Date.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => healthy.listen(0, '127.0.0.1', resolve));
  const healthyUrl = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}/hook`;

  let refused = 0;
  for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
    const created = await call(served.url, 'POST', '/v1/subscriptions', { token, body: { mode: 'enterprise', url: hanging.url } });
    if (created.status !== 201) refused += 1;
  }
  const healthySubscription = await call(served.url, 'POST', '/v1/subscriptions', { token, body: { mode: 'enterprise', url: healthyUrl } });
  if (healthySubscription.status !== 201) throw new Error(`healthy subscription refused: ${JSON.stringify(healthySubscription.body)}`);

  global.gc?.();
  const before = { fds: openFds(), rss: rssMb() };
  healthyAt = [];
  const started = Date.now();
  // Declaring with auto-review makes three receipts (declared, first review passed, second review passed).
  let receipts = 0;
  let apiSlowest = 0;
  while (receipts < RECEIPTS) {
    const created = await call(served.url, 'POST', '/v1/applications', { token, body: validApplication({ contractNo: `BENCH-${receipts}` }) });
    const id = created.body.record.id as string;
    await call(served.url, 'POST', `/v1/applications/${id}/attachments?type=CONTRACT&fileName=c.pdf`, { token, raw: new Uint8Array([37, 80, 68, 70]), headers: { 'content-type': 'application/octet-stream' } });
    const record = (await call(served.url, 'GET', `/v1/applications/${id}`, { token })).body;
    const declared = await call(served.url, 'POST', `/v1/applications/${id}/declare`, { token, body: await declareBody(key, record) });
    if (declared.status !== 200) throw new Error(`declare failed: ${JSON.stringify(declared.body)}`);
    receipts = (await call(served.url, 'GET', '/v1/events?limit=100', { token })).body.items.length;
  }
  const receiptsMade = receipts;
  const expected = (SUBSCRIPTIONS - refused + 1) * receiptsMade;

  let peakFds = 0;
  let peakRss = 0;
  let peakInFlight = 0;
  let attempts = 0;
  while (Date.now() - started < WINDOW_SECONDS * 1000) {
    const t0 = Date.now();
    const me = await call(served.url, 'GET', '/v1/me', { token });
    if (me.status !== 200) throw new Error(`GET /v1/me answered ${me.status}`);
    apiSlowest = Math.max(apiSlowest, Date.now() - t0);
    const figures = await hanging.figures();
    peakInFlight = Math.max(peakInFlight, figures.peak);
    attempts = figures.requests;
    peakFds = Math.max(peakFds, openFds());
    peakRss = Math.max(peakRss, rssMb());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const healthyLast = healthyAt.length === 0 ? 'none' : `${healthyAt.length} receipts, last after ${healthyAt.at(-1)! - started} ms`;
  console.log(`subscriptions to the hanging receiver: ${SUBSCRIPTIONS - refused} accepted, ${refused} refused; receipts: ${receiptsMade} (${expected} deliveries due)`);
  console.log(`over ${WINDOW_SECONDS} s: attempts started ${attempts}, attempts in flight at most ${peakInFlight}`);
  console.log(`sandbox process: open fds ${before.fds} → peak ${peakFds}; RSS ${before.rss} → peak ${peakRss} MB`);
  console.log(`API (GET /v1/me) slowest answer during the storm: ${apiSlowest} ms; healthy receiver: ${healthyLast}`);
  hanging.close();
  healthy.closeAllConnections();
  healthy.close();
  await served.close();
  global.gc?.();
  console.log(`after close: open fds ${openFds()}, RSS ${rssMb()} MB`);
}

await main();
console.log(machineLine());
