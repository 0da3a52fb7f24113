// Saves and declares per second with p50/p99 latency on loopback, for :memory: and a file database, next to a bare Hono echo handler.
// The load tool (autocannon) runs in a second process. Run: npm run bench sandbox (or npx tsx packages/sandbox/bench/sandbox.bench.ts)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { canonicalize } from '@exlic/core';
import { bindingProof, createSelfSignedSm2Certificate, createSoftwareSigner, encodeSm2PrivateKeyPem, generateSm2KeyPair } from '@exlic/signer';
import { createNodeSm2Engine } from '@exlic/signer/node';
import { serveSandbox } from '../src/index';
import { validApplication } from '../test/helpers';

const DECLARES = Number(process.env.EXLIC_BENCH_DECLARES ?? 3000);
const SAVE_SECONDS = Number(process.env.EXLIC_BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;
const worker = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

interface Figures {
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface PlannedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function load(url: string, requests: PlannedRequest[], durationSeconds?: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Figures) : reject(new Error(`load worker exited ${code}`))));
    child.stdin.end(JSON.stringify({ url, connections: CONNECTIONS, requests, ...(durationSeconds === undefined ? {} : { durationSeconds }) }));
  });
}

function row(label: string, figures: Figures): string {
  return `${label.padEnd(34)} ${figures.requestsPerSecond.toFixed(0).padStart(7)}/s  p50 ${String(figures.p50).padStart(4)} ms  p99 ${String(figures.p99).padStart(4)} ms  (${figures.total} requests, ${figures.non2xx} non-2xx, ${figures.errors} errors)`;
}

async function echoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.post('/echo', async (c) => c.json(await c.req.json()));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function benchSandbox(label: string, db: string): Promise<void> {
  const engine = createNodeSm2Engine();
  const served = await serveSandbox({ db, sm2Engine: engine, enterprises: [{ code: '3501M000100Y4', uscc: '91350100M000100Y43', name: 'Bench', operators: [{ id: 'bench' }] }] });
  try {
    const token = await served.sandbox.issueToken({ enterprise: '3501M000100Y4', operator: 'bench' });
    const auth = { authorization: `Bearer ${token}` };
    const local = (method: string, path: string, body?: RequestInit['body'], type = 'application/json') =>
      served.sandbox.fetch(new Request(`http://bench${path}`, { method, headers: { ...auth, 'content-type': type }, ...(body === undefined ? {} : { body }) }));
    const { privateKey } = generateSm2KeyPair();
    const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'bench' } });
    const key = createSoftwareSigner({ privateKey: encodeSm2PrivateKeyPem(privateKey), certificate, engine });
    const challenge = (await (await local('POST', '/v1/ekey/challenge')).json()) as { challenge: string; account: string };
    const proof = await bindingProof({ signer: key, account: challenge.account, challenge: challenge.challenge });
    await local('POST', '/v1/ekey/bind', JSON.stringify({ ...proof, signature: Buffer.from(proof.signature).toString('base64') }));

    const body = JSON.stringify(validApplication());
    // A short unmeasured run first: the figures are of a warmed-up server (JIT, caches), as a long-running sandbox is.
    await load(served.url, [{ method: 'POST', path: '/v1/applications', headers: { ...auth, 'content-type': 'application/json' }, body }], 2);
    const saves = await load(served.url, [{ method: 'POST', path: '/v1/applications', headers: { ...auth, 'content-type': 'application/json' }, body }], SAVE_SECONDS);
    console.log(row(`save (${label})`, saves));

    // Declares: each of a fresh draft with an attachment, signed in advance, sent once.
    const declares: PlannedRequest[] = [];
    const warmUp = Math.ceil(DECLARES / 5);
    for (let i = 0; i < DECLARES + warmUp; i += 1) {
      const saved = (await (await local('POST', '/v1/applications', body)).json()) as { record: { id: string } };
      await local('POST', `/v1/applications/${saved.record.id}/attachments?type=CONTRACT&fileName=c.pdf`, new Uint8Array([1, 2, 3]), 'application/octet-stream');
      const record = (await (await local('GET', `/v1/applications/${saved.record.id}`)).json()) as { id: string; version: number; application: unknown };
      const signed = await key.sign(canonicalize(record.application));
      declares.push({
        method: 'POST',
        path: `/v1/applications/${record.id}/declare`,
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': `bench-${record.id}` },
        body: JSON.stringify({ version: record.version, signature: { algorithm: 'SM2-SM3', signature: Buffer.from(signed.signature).toString('base64'), certificate } }),
      });
    }
    await load(served.url, declares.slice(0, warmUp));
    console.log(row(`declare (${label})`, await load(served.url, declares.slice(warmUp))));
  } finally {
    await served.close();
  }
}

const echo = await echoServer();
try {
  console.log(row('bare Hono echo (same body)', await load(echo.url, [{ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify(validApplication()) }], SAVE_SECONDS)));
} finally {
  await echo.close();
}
await benchSandbox(':memory:', ':memory:');
const dir = mkdtempSync(join(tmpdir(), 'exlic-bench-'));
try {
  await benchSandbox('file', `file:${join(dir, 'bench.db')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const { loadavg, cpus } = await import('node:os');
console.log(`(${CONNECTIONS} connections; saves for ${SAVE_SECONDS} s; ${DECLARES} distinct declares, each SM2-verified, after a warm-up; Node ${process.version}; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)})`);
