// The client against exlic's sandbox on loopback, the server in a process of its own (so its work never shares the
// client's thread): `client.applications.get` and `list` next to plain fetch + JSON.parse of the same URL with the
// same headers (goal: at most 1.1x), with ky alone (the client's HTTP library, no retries) between them so the
// note can tell what ky costs from what exlic adds; every answer compared; then a batch declare of 1,000.
// Run after npm run build: npm run bench -- client (or npx tsx packages/client/bench/client.bench.ts).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import ky from 'ky';
import { formatSpread, machineLine, spread, summaryRow, type Spread } from '../../../test-support/bench';
import { createTestKey, validApplication } from '../test/helpers';
import type { createClient as createClientType } from '../src/index';

// The built package (npm run build), as users run it: tsx's transform of the source adds a naming call to every
// closure, which would charge the client a few µs per call that the published code does not cost.
const built = '../dist/index.js';
const { createClient } = (await import(built)) as { createClient: typeof createClientType };

const CALLS = Number(process.env.EXLIC_BENCH_CALLS ?? 200);
const ROUNDS = Number(process.env.EXLIC_BENCH_ROUNDS ?? 10);
const COUNT = Number(process.env.EXLIC_BENCH_DECLARE ?? 1000);

// The server: a child process that prints { url, token, id } once it listens, and stops when its stdin closes.
const server = spawn(process.execPath, ['--import', 'tsx', new URL('./sandbox-server.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
const ready = await Promise.race([
  new Promise<string>((resolve) => createInterface({ input: server.stdout }).once('line', resolve)),
  once(server, 'exit').then(([code]) => Promise.reject(new Error(`the sandbox process ended (${String(code)}) before it listened`))),
]);
const { url, token, id } = JSON.parse(ready) as { url: string; token: string; id: string };
const stopServer = async (): Promise<void> => {
  server.stdin.end();
  if (server.exitCode === null) await once(server, 'exit');
};

try {
  const client = createClient({ baseUrl: url, token });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const plainCall = async (path: string): Promise<unknown> => {
    const response = await fetch(`${url}/${path}`, { headers });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return JSON.parse(await response.text());
  };
  const kyCall = (path: string): Promise<unknown> => ky.get(`${url}/${path}`, { headers, retry: 0 }).json();
  const calls = {
    get: { plain: () => plainCall(`v1/applications/${id}`), ky: () => kyCall(`v1/applications/${id}`), client: () => client.applications.get(id) },
    list: { plain: () => plainCall('v1/applications?limit=20'), ky: () => kyCall('v1/applications?limit=20'), client: async () => await client.applications.list({ limit: 20 }) },
  };

  // Same answers, or the comparison means nothing.
  for (const [name, pair] of Object.entries(calls)) {
    const [plain, viaKy, viaClient] = [await pair.plain(), await pair.ky(), await pair.client()];
    if (!isDeepStrictEqual(viaClient, plain) || !isDeepStrictEqual(viaKy, plain)) {
      console.error(`applications.${name}: the client's or ky's answer differs from plain fetch's`);
      process.exitCode = 1;
    }
  }
  console.log(`answers compared: applications.get and list (client and ky alone) equal plain fetch's: ${process.exitCode === 1 ? 'NO' : 'yes'}`);

  // Wall time and this process's CPU time per call, for a block of calls.
  const block = async (fn: () => Promise<unknown>): Promise<{ wallUs: number; cpuUs: number }> => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < CALLS; i += 1) await fn();
    const wallUs = ((performance.now() - start) * 1000) / CALLS;
    const used = process.cpuUsage(cpu);
    return { wallUs, cpuUs: (used.user + used.system) / CALLS };
  };

  console.log(`\nsequential calls to ${url} (sandbox in a child process): ${ROUNDS} rounds of ${CALLS} plain fetch, ${CALLS} ky and ${CALLS} client calls, interleaved (the order turns every round), after a 300-call warm-up each`);
  console.log(machineLine());
  const ratios: Record<string, Spread> = {};
  const walls: Record<string, { plain: Spread; client: Spread }> = {};
  for (const [name, pair] of Object.entries(calls)) {
    for (const fn of [pair.plain, pair.ky, pair.client]) for (let i = 0; i < 300; i += 1) await fn();
    const figures = { plain: [] as { wallUs: number; cpuUs: number }[], ky: [] as { wallUs: number; cpuUs: number }[], client: [] as { wallUs: number; cpuUs: number }[] };
    const order = ['plain', 'ky', 'client'] as const;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let k = 0; k < order.length; k += 1) {
        const which = order[(round + k) % order.length]!;
        figures[which].push(await block(pair[which]));
      }
    }
    const { plain, ky: viaKy, client: viaClient } = figures;
    const wallRatio = spread(viaClient.map((c, i) => c.wallUs / plain[i]!.wallUs));
    const cpuRatio = spread(viaClient.map((c, i) => c.cpuUs / plain[i]!.cpuUs));
    const addedCpu = spread(viaClient.map((c, i) => c.cpuUs - plain[i]!.cpuUs));
    ratios[name] = wallRatio;
    walls[name] = { plain: spread(plain.map((p) => p.wallUs)), client: spread(viaClient.map((c) => c.wallUs)) };
    console.log(`applications.${name}`);
    console.log(`  wall per call    plain fetch ${formatSpread(walls[name].plain, ' µs')}; @exlic/client ${formatSpread(walls[name].client, ' µs')}`);
    console.log(`  client CPU/call  plain fetch ${formatSpread(spread(plain.map((p) => p.cpuUs)), ' µs')}; @exlic/client ${formatSpread(spread(viaClient.map((c) => c.cpuUs)), ' µs')}; added ${formatSpread(addedCpu, ' µs')}`);
    const kyWall = spread(viaKy.map((k, i) => k.wallUs / plain[i]!.wallUs));
    const kyCpu = spread(viaKy.map((k, i) => k.cpuUs - plain[i]!.cpuUs));
    const overKy = spread(viaClient.map((c, i) => c.cpuUs - viaKy[i]!.cpuUs));
    console.log(`  ky alone         wall ${formatSpread(spread(viaKy.map((k) => k.wallUs)), ' µs')} (${kyWall.median.toFixed(2)}x plain fetch); CPU added to plain fetch ${formatSpread(kyCpu, ' µs')}; the client's CPU over ky alone ${formatSpread(overKy, ' µs')}`);
    console.log(`  ratio (per round) wall ${wallRatio.median.toFixed(2)}x (min ${wallRatio.min.toFixed(2)}, max ${wallRatio.max.toFixed(2)}); client-process CPU ${cpuRatio.median.toFixed(2)}x (min ${cpuRatio.min.toFixed(2)}, max ${cpuRatio.max.toFixed(2)})`);
  }
  console.log(machineLine());
  const get = ratios.get!;
  const list = ratios.list!;
  const µs = (value: Spread) => `${Math.round(value.median).toLocaleString('en')} µs`;
  summaryRow({
    measure: 'client get / list',
    exlic: `${µs(walls.get!.client)} / ${µs(walls.list!.client)} per call`,
    anchor: `plain fetch ${µs(walls.get!.plain)} / ${µs(walls.list!.plain)}`,
    ratio: `${get.median.toFixed(2)}x / ${list.median.toFixed(2)}x (min ${get.min.toFixed(2)} / ${list.min.toFixed(2)}, max ${get.max.toFixed(2)} / ${list.max.toFixed(2)})`,
    goal: '<= 1.1x',
    met: get.median <= 1.1 && list.median <= 1.1,
  });

  // The layers' own CPU, without the network: every call answered by a canned Response (the sandbox's own answer
  // to the get) in this process, so neither the server nor the socket is in the figure.
  {
    const answer = await fetch(`${url}/v1/applications/${id}`, { headers });
    const text = await answer.text();
    const answerHeaders = [...answer.headers].filter(([name]) => name !== 'connection' && name !== 'keep-alive');
    const canned = async (): Promise<Response> => new Response(text, { status: 200, headers: answerHeaders });
    const offline = createClient({ baseUrl: url, token, fetch: canned });
    const layers = {
      'fetch + JSON.parse': async () => JSON.parse(await (await canned()).text()),
      'ky alone': () => ky.get(`${url}/v1/applications/${id}`, { headers, retry: 0, fetch: canned }).json(),
      '@exlic/client': () => offline.applications.get(id),
    };
    const cpu: Record<string, number[]> = {};
    for (const fn of Object.values(layers)) for (let i = 0; i < 1000; i += 1) await fn();
    for (let round = 0; round < 5; round += 1) {
      for (const [name, fn] of Object.entries(layers)) {
        const used = process.cpuUsage();
        for (let i = 0; i < 2000; i += 1) await fn();
        const after = process.cpuUsage(used);
        (cpu[name] ??= []).push((after.user + after.system) / 2000);
      }
    }
    console.log(`\nCPU per get without the network (a canned answer in this process; 5 interleaved rounds of 2,000): ${Object.entries(cpu).map(([name, values]) => `${name} ${formatSpread(spread(values), ' µs')}`).join('; ')}`);
  }

  if (COUNT > 0) {
    // A batch declare: drafts with their contract, then declareMany (reads, signs, sends in batches of 100).
    const signer = createTestKey('bench-op');
    await client.ekey.bind({ signer });
    const ids: string[] = [];
    const setupStart = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < COUNT; i += 8) {
          const saved = await client.applications.save(validApplication({ contractNo: `EX-BATCH-${i}` }));
          await client.attachments.upload(saved.record.id, { type: 'CONTRACT', file: new TextEncoder().encode(`contract ${i}`), fileName: 'contract.pdf' });
          ids.push(saved.record.id);
        }
      }),
    );
    console.log(`\n${COUNT} drafts saved with their contract in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
    const batchStart = performance.now();
    const result = await client.applications.declareMany(ids, { signer });
    const batchMs = performance.now() - batchStart;
    console.log(`declareMany of ${COUNT}: ${result.succeeded} declared, ${result.failed} failed in ${(batchMs / 1000).toFixed(2)} s (${Math.round((COUNT / batchMs) * 1000)} declarations/s; ${machineLine()})`);
    if (result.failed > 0) process.exitCode = 1;
  }
} finally {
  await stopServer();
}
