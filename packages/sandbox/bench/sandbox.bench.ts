// Saves and declares per second with p50/p99 latency on loopback, for :memory: and a file database, next to a bare
// Hono echo handler measured in the same run (interleaved with the :memory: figures). The load tool (autocannon) runs
// in a second process. Every figure is repeated (min/median/max), and the outputs are checked: every declare answered
// 200 with status "pendingFirstReview" (declared), and the database counts as many of them as declares were sent.
// Each figure also gives the server's CPU time per request (this process's, where the sandbox runs): on a machine
// shared with other work, that is the steadier figure to compare changes by.
// Run after npm run build: npm run bench -- sandbox (or npx tsx packages/sandbox/bench/sandbox.bench.ts).
// EXLIC_BENCH_PROFILE=FILE writes a CPU profile (.cpuprofile) of the sandbox's process over the last measured :memory:
// declares; EXLIC_BENCH_ONLY=memory stops after the :memory: figures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { canonicalize } from '@exlic/core';
import { bindingProof, createSelfSignedSm2Certificate, createSoftwareSigner, encodeSm2PrivateKeyPem, generateSm2KeyPair } from '@exlic/signer';
import { createNodeSm2Engine } from '@exlic/signer/node';
import { formatSpread, machineLine, spread, summaryRow, type Spread } from '../../../test-support/bench';
import type { serveSandbox as serveSandboxType } from '../src/index';
import { validApplication } from '../test/helpers';

// The built package (npm run build), as users run it: tsx's transform of the source adds a naming call to every
// closure, which the published code does not pay.
const built = '../dist/index.js';
const { serveSandbox } = (await import(built)) as { serveSandbox: typeof serveSandboxType };

const RUNS = Number(process.env.EXLIC_BENCH_RUNS ?? 3);
const DECLARES = Number(process.env.EXLIC_BENCH_DECLARES ?? 1000);
const SECONDS = Number(process.env.EXLIC_BENCH_SECONDS ?? 3);
const PROFILE = process.env.EXLIC_BENCH_PROFILE;
const CONNECTIONS = 10;
/** The status a declare moves a draft to (申报: 待初审). */
const DECLARED = 'pendingFirstReview';
const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

interface Figures {
  total: number;
  durationSeconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Answers that were 200 with the expected status in the body (only when one was expected). */
  right: number;
  /** CPU time of this process (the server's) per request, in ms: steadier than a rate on a machine shared with others. */
  cpuMs: number;
}

interface PlannedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function load(url: string, requests: PlannedRequest[], how: { seconds?: number; expectStatus?: string } = {}): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let cpu: NodeJS.CpuUsage | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      // The worker's first line says the load starts: the server's CPU is counted from there.
      if (cpu === undefined) {
        cpu = process.cpuUsage();
        chunk = chunk.subarray(chunk.indexOf(10) + 1);
      }
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0 || cpu === undefined) return reject(new Error(`load worker exited ${code}`));
      const used = process.cpuUsage(cpu);
      const figures = JSON.parse(out) as Omit<Figures, 'cpuMs'>;
      resolve({ ...figures, cpuMs: (used.user + used.system) / 1000 / figures.total });
    });
    child.stdin.end(JSON.stringify({ url, connections: CONNECTIONS, requests, ...(how.seconds === undefined ? {} : { durationSeconds: how.seconds }), ...(how.expectStatus === undefined ? {} : { expectStatus: how.expectStatus }) }));
  });
}

/** The figures of repeated runs of one measure. */
class Series {
  readonly runs: Figures[] = [];
  constructor(readonly label: string) {}
  add(figures: Figures): number {
    this.runs.push(figures);
    return perSecond(figures);
  }
  rate(): Spread {
    return spread(this.runs.map(perSecond));
  }
  p50(): Spread {
    return spread(this.runs.map((run) => run.p50));
  }
  p99(): Spread {
    return spread(this.runs.map((run) => run.p99));
  }
  cpu(): Spread {
    return spread(this.runs.map((run) => run.cpuMs));
  }
  print(): void {
    const failed = this.runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
    const total = this.runs.reduce((sum, run) => sum + run.total, 0);
    console.log(`${this.label.padEnd(28)} ${formatSpread(this.rate(), '/s')}; p50 ${formatSpread(this.p50(), ' ms')}; p99 ${formatSpread(this.p99(), ' ms')}; server CPU ${this.cpu().median.toFixed(3)} ms/request (min ${this.cpu().min.toFixed(3)}, max ${this.cpu().max.toFixed(3)}); ${total} requests, ${failed} non-2xx or errors`);
  }
}

function perSecond(figures: Figures): number {
  return figures.total / figures.durationSeconds;
}

async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A served sandbox with one operator whose e-key is bound, and the means to make distinct declares ready to send. */
async function benchSandbox(db: string) {
  const engine = createNodeSm2Engine();
  const served = await serveSandbox({ db, sm2Engine: engine, enterprises: [{ code: '3501M000100Y4', uscc: '91350100M000100Y43', name: 'Bench', operators: [{ id: 'bench' }] }] });
  const token = await served.sandbox.issueToken({ enterprise: '3501M000100Y4', operator: 'bench' });
  const auth = { authorization: `Bearer ${token}` };
  const local = (method: string, path: string, body?: RequestInit['body'], type = 'application/json') =>
    served.sandbox.fetch(new Request(`http://bench${path}`, { method, headers: { ...auth, 'content-type': type }, ...(body === undefined ? {} : { body }) }));
  const { privateKey } = generateSm2KeyPair();
  const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'bench' } });
  const key = createSoftwareSigner({ privateKey: encodeSm2PrivateKeyPem(privateKey), certificate, engine });
  const challenge = (await (await local('POST', '/v1/ekey/challenge')).json()) as { challenge: string; account: string };
  const proof = await bindingProof({ signer: key, account: challenge.account, challenge: challenge.challenge });
  const bound = await local('POST', '/v1/ekey/bind', JSON.stringify({ ...proof, signature: Buffer.from(proof.signature).toString('base64') }));
  if (bound.status !== 200) throw new Error(`binding the bench's e-key answered ${bound.status}`);
  const body = JSON.stringify(validApplication());
  const save: PlannedRequest = { method: 'POST', path: '/v1/applications', headers: { ...auth, 'content-type': 'application/json' }, body };
  let sent = 0;
  return {
    url: served.url,
    save,
    /** `count` fresh drafts with an attachment, each signed over its current version: one declare request each. */
    async declares(count: number): Promise<PlannedRequest[]> {
      const planned: PlannedRequest[] = [];
      for (let i = 0; i < count; i += 1) {
        const saved = (await (await local('POST', '/v1/applications', body)).json()) as { record: { id: string } };
        await local('POST', `/v1/applications/${saved.record.id}/attachments?type=CONTRACT&fileName=c.pdf`, new Uint8Array([1, 2, 3]), 'application/octet-stream');
        const record = (await (await local('GET', `/v1/applications/${saved.record.id}`)).json()) as { id: string; version: number; application: unknown };
        const signed = await key.sign(canonicalize(record.application));
        planned.push({
          method: 'POST',
          path: `/v1/applications/${record.id}/declare`,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-${record.id}` },
          body: JSON.stringify({ version: record.version, signature: { algorithm: 'SM2-SM3', signature: Buffer.from(signed.signature).toString('base64'), certificate } }),
        });
      }
      sent += count;
      return planned;
    },
    /** Sends declares, and fails unless every one was answered 200 with the declared status. */
    async declare(planned: PlannedRequest[]): Promise<Figures> {
      const figures = await load(served.url, planned, { expectStatus: DECLARED });
      if (figures.right !== planned.length || figures.total !== planned.length) throw new Error(`${planned.length} declares sent, ${figures.right} answered 200 with status "${DECLARED}" (${figures.non2xx} non-2xx, ${figures.errors} errors)`);
      return figures;
    },
    /** Fails unless the database holds exactly as many declared applications as declares were sent. */
    async checkDeclaredCount(): Promise<void> {
      const counted = (await (await local('GET', `/v1/applications/count?status=${DECLARED}&scope=enterprise`)).json()) as { count: number };
      if (counted.count !== sent) throw new Error(`${sent} declares sent, but the database counts ${counted.count} declared applications`);
      console.log(`  checked: ${sent} declares answered 200 "${DECLARED}"; the database counts ${counted.count} declared applications`);
    },
    close: () => served.close(),
  };
}

/** Runs `work`, profiling this process (the sandbox's) meanwhile when EXLIC_BENCH_PROFILE names a file. */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  if (PROFILE === undefined) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(PROFILE, JSON.stringify(profile));
    session.disconnect();
    console.log(`  CPU profile of the last measured :memory: declares written to ${PROFILE}`);
  }
}

console.log(machineLine());
const echo = await echoServer();
const echoBody = JSON.stringify(validApplication());
const echoes = new Series('bare Hono echo (same body)');
const memorySaves = new Series('save (:memory:)');
const memoryDeclares = new Series('declare (:memory:)');
const memory = await benchSandbox(':memory:');
try {
  // Warm-up (unmeasured): the figures are of warmed-up servers (JIT, caches), as a long-running sandbox is.
  await load(echo.url, [{ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: echoBody }], { seconds: 1 });
  await load(memory.url, [memory.save], { seconds: 1 });
  await memory.declare(await memory.declares(Math.ceil(DECLARES / 4)));
  const batches: PlannedRequest[][] = [];
  for (let run = 0; run < RUNS; run += 1) batches.push(await memory.declares(DECLARES));
  // Interleaved: echo, save, declare, echo, save, declare, … so the anchor and exlic see the same machine.
  for (let run = 0; run < RUNS; run += 1) {
    echoes.add(await load(echo.url, [{ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: echoBody }], { seconds: SECONDS }));
    memorySaves.add(await load(memory.url, [memory.save], { seconds: SECONDS }));
    const batch = batches[run]!;
    memoryDeclares.add(await (run === RUNS - 1 ? profiled(() => memory.declare(batch)) : memory.declare(batch)));
  }
  await memory.checkDeclaredCount();
} finally {
  await memory.close();
  await echo.close();
}
echoes.print();
memorySaves.print();
memoryDeclares.print();
console.log(`  (${machineLine()})`);

const declareRate = memoryDeclares.rate().median;
const declareP99 = memoryDeclares.p99().median;
const echoRate = echoes.rate().median;
summaryRow({
  measure: 'sandbox declares, in-memory',
  exlic: `${Math.round(declareRate).toLocaleString('en')}/s (min ${Math.round(memoryDeclares.rate().min).toLocaleString('en')}, max ${Math.round(memoryDeclares.rate().max).toLocaleString('en')}), p99 ${declareP99} ms`,
  anchor: `bare Hono echo ${Math.round(echoRate).toLocaleString('en')}/s`,
  ratio: `${(declareRate / echoRate).toFixed(3)}x`,
  goal: '>= 1,000/s, p99 <= 20 ms',
  met: declareRate >= 1000 && declareP99 <= 20,
});

if (process.env.EXLIC_BENCH_ONLY === 'memory') process.exit(0);
const dir = mkdtempSync(join(tmpdir(), 'exlic-bench-'));
const fileSaves = new Series('save (file)');
const fileDeclares = new Series('declare (file)');
try {
  const file = await benchSandbox(`file:${join(dir, 'bench.db')}`);
  try {
    await load(file.url, [file.save], { seconds: 1 });
    await file.declare(await file.declares(Math.ceil(DECLARES / 4)));
    const batches: PlannedRequest[][] = [];
    for (let run = 0; run < RUNS; run += 1) batches.push(await file.declares(DECLARES));
    for (let run = 0; run < RUNS; run += 1) {
      fileSaves.add(await load(file.url, [file.save], { seconds: SECONDS }));
      fileDeclares.add(await file.declare(batches[run]!));
    }
    await file.checkDeclaredCount();
  } finally {
    await file.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
fileSaves.print();
fileDeclares.print();
console.log(`(${CONNECTIONS} connections; echo and saves for ${SECONDS} s per run; ${DECLARES} distinct declares per run, each SM2-verified, after a warm-up; ${machineLine()})`);

