// The client against a sandbox on loopback: calls per second and added latency per call next to plain fetch on the same calls (goal: at most 1.1x), and a batch declare of 1,000.
import { serveSandbox } from '@exlic/sandbox';
import { createNodeSm2Engine } from '@exlic/signer/node';
import { createSelfSignedSm2Certificate, createSoftwareSigner, encodeSm2PrivateKeyPem, generateSm2KeyPair } from '@exlic/signer';
import { createClient } from '@exlic/client';

const ENTERPRISE = { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' };
const application = (no: string) => ({
  schemaVersion: 1 as const, year: 2026, customsPort: '0200', exporter: ENTERPRISE, consignor: ENTERPRISE, tradeMode: '0110', importingCountry: 'JPN', transportMode: '2',
  validUntil: '2026-12-31', paymentMethod: 'TT', importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
  contract: { no, signedOn: '2026-08-15', validUntil: '2026-12-31', currency: 'USD' }, goods: { priceCurrency: 'USD', hsCode: '2825903100' },
  specs: [{ unitPrice: '1250.50', quantity: '100' }],
  other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: '2026-09-01', applicantName: '张三', applicantContact: '010-00000000' }, pledge: true,
});

const served = await serveSandbox({ enterprises: [{ ...ENTERPRISE, operators: [{ id: 'bench-op' }] }], autoReview: true });
const token = await served.sandbox.issueToken({ enterprise: ENTERPRISE.code, operator: 'bench-op' });
const client = createClient({ baseUrl: served.url, token });
const { record } = await client.applications.save(application('EX-BENCH-0'));
for (let i = 1; i < 40; i += 1) await client.applications.save(application(`EX-BENCH-${i}`));

const plain = {
  get: async () => {
    const response = await fetch(`${served.url}/v1/applications/${record.id}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  },
  list: async () => {
    const response = await fetch(`${served.url}/v1/applications?limit=20`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  },
};
const viaClient = { get: () => client.applications.get(record.id), list: () => client.applications.list({ limit: 20 }).then((page) => page) };

async function time(fn: () => PromiseLike<unknown>, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i += 1) await fn();
  return performance.now() - start;
}

const CALLS = Number(process.env.EXLIC_BENCH_CALLS ?? 200);
const ROUNDS = 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// The machine is shared: blocks of plain and client calls alternate, and the medians of the rounds are reported, so a busy moment does not land on one side only.
console.log(`sequential calls against ${served.url}: ${ROUNDS} rounds of ${CALLS} plain then ${CALLS} client calls, medians (after a 500-call warm-up each)`);
console.log('call                    plain fetch           @exlic/client         added/call  ratio');
for (const name of ['get', 'list'] as const) {
  await time(plain[name], 500);
  await time(viaClient[name], 500);
  const plainMs: number[] = [];
  const clientMs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    plainMs.push((await time(plain[name], CALLS)) / CALLS);
    clientMs.push((await time(viaClient[name], CALLS)) / CALLS);
  }
  const p = median(plainMs);
  const c = median(clientMs);
  const cell = (ms: number) => `${Math.round(1000 / ms)} calls/s ${ms.toFixed(3)} ms`.padEnd(22);
  console.log(`${`applications.${name}`.padEnd(24)}${cell(p)}${cell(c)}${`${((c - p) * 1000).toFixed(0)} µs`.padEnd(12)}${median(clientMs.map((ms, i) => ms / plainMs[i]!)).toFixed(2)}x`);
}

// A batch declare of 1,000: drafts with their contract, then declareMany (reads, signs, sends in batches of 100).
const { privateKey } = generateSm2KeyPair();
const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: 'bench-op' } });
const signer = createSoftwareSigner({ privateKey: encodeSm2PrivateKeyPem(privateKey), certificate, engine: createNodeSm2Engine() });
await client.ekey.bind({ signer });
const COUNT = Number(process.env.EXLIC_BENCH_DECLARE ?? 1000);
const ids: string[] = [];
const setupStart = performance.now();
await Promise.all(
  Array.from({ length: 8 }, async (_, worker) => {
    for (let i = worker; i < COUNT; i += 8) {
      const saved = await client.applications.save(application(`EX-BATCH-${i}`));
      await client.attachments.upload(saved.record.id, { type: 'CONTRACT', file: new TextEncoder().encode(`contract ${i}`), fileName: 'contract.pdf' });
      ids.push(saved.record.id);
    }
  }),
);
console.log(`\n${COUNT} drafts saved with their contract in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);
const batchStart = performance.now();
const result = await client.applications.declareMany(ids, { signer });
const batchMs = performance.now() - batchStart;
console.log(`declareMany of ${COUNT}: ${result.succeeded} declared, ${result.failed} failed in ${(batchMs / 1000).toFixed(2)} s (${Math.round((COUNT / batchMs) * 1000)} declarations/s)`);
await served.close();
