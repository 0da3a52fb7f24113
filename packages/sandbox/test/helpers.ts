/** Shared test helpers: a sandbox on loopback, an HTTP caller, an e-key, and a driver to any status. */
import { canonicalize, type Status } from '@exlic/core';
import { bindingProof, createSelfSignedSm2Certificate, createSoftwareSigner, encodeSm2PrivateKeyPem, generateSm2KeyPair, type Signer } from '@exlic/signer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { serveSandbox, type ServeSandboxOptions, type ServedSandbox } from '../src/index';
import { OFF_CONTRACT, startContractProxy, type ContractProxy } from './contract-proxy';

/** What a call sends. */
export interface CallOptions {
  body?: unknown;
  raw?: RequestInit['body'];
  headers?: Record<string, string>;
  /** The request is off the contract on purpose (hostile input): only the answer is checked against the contract. */
  offContract?: boolean;
}

/** What a call answered. */
export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely and assert their shape
  body: any;
}

/** Calls the sandbox at `base` over real HTTP. */
export async function call(base: string, method: string, path: string, options: CallOptions & { token?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.offContract === true) headers[OFF_CONTRACT] = '1';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: RequestInit['body'] = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A valid general-goods application (passes the declare-phase rules). */
export function validApplication(overrides: { contractNo?: string; year?: number; importingCountry?: string; amount?: string; oneBatchOneLicence?: boolean; validUntil?: string } = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    year: overrides.year ?? 2026,
    customsPort: '0200',
    exporter: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' },
    consignor: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' },
    tradeMode: '0110',
    importingCountry: overrides.importingCountry ?? 'JPN',
    transportMode: '2',
    validUntil: overrides.validUntil ?? '2026-12-31',
    paymentMethod: 'TT',
    importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
    contract: { no: overrides.contractNo ?? 'EX-2026-001', signedOn: '2026-08-15', validUntil: '2026-12-31', currency: 'USD' },
    goods: { priceCurrency: 'USD', hsCode: '2825903100' },
    specs: [{ unitPrice: overrides.amount ?? '1250.50', quantity: '100' }],
    other: { oneBatchOneLicence: overrides.oneBatchOneLicence ?? true, issuingAuthority: 'QLAB', appliedOn: '2026-09-01', applicantName: '张三', applicantContact: '010-00000000' },
    pledge: true,
  };
}

/** An SM2 e-key stand-in: a software signer with a self-signed certificate. */
export function createTestKey(name = 'operator'): Signer {
  const { privateKey } = generateSm2KeyPair();
  const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: name } });
  return createSoftwareSigner({ privateKey: encodeSm2PrivateKeyPem(privateKey), certificate });
}

/** A test's view of one operator: its token, its key, and calls bound to both. */
export interface Operator {
  token: string;
  key: Signer;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
}

/** A served sandbox with two enterprises (A: two operators, B: one), each operator's e-key bound. */
export interface World {
  served: ServedSandbox;
  /** The contract-validating proxy in front of the sandbox: every call through `base` is checked against docs/openapi.yaml. */
  proxy: ContractProxy;
  base: string;
  a: Operator;
  a2: Operator;
  b: Operator;
  close(): Promise<void>;
}

/** Binds `key` to the operator of `token`. */
export async function bind(base: string, token: string, key: Signer): Promise<void> {
  const challenge = await call(base, 'POST', '/v1/ekey/challenge', { token });
  const proof = await bindingProof({ signer: key, account: challenge.body.account as string, challenge: challenge.body.challenge as string });
  const bound = await call(base, 'POST', '/v1/ekey/bind', { token, body: { ...proof, signature: Buffer.from(proof.signature).toString('base64') } });
  if (bound.status !== 200) throw new Error(`bind failed: ${JSON.stringify(bound.body)}`);
}

/** Starts a sandbox on loopback with enterprises A and B. */
export async function startWorld(options: ServeSandboxOptions = {}): Promise<World> {
  const served = await serveSandbox({
    now: () => new Date('2026-11-29T10:00:00Z'),
    ...options,
    enterprises: [
      { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: 'A', operators: [{ id: 'a-op' }, { id: 'a-op2' }] },
      { code: '1100776367555', uscc: '289999997763675559', name: 'B', operators: [{ id: 'b-op' }] },
    ],
  });
  const proxy = await startContractProxy(served.url);
  const base = proxy.url;
  const operator = async (enterprise: string, id: string): Promise<Operator> => {
    const token = await served.sandbox.issueToken({ enterprise, operator: id });
    const key = createTestKey(id);
    await bind(base, token, key);
    return { token, key, call: (method, path, callOptions = {}) => call(base, method, path, { token, ...callOptions }) };
  };
  const [a, a2, b] = await Promise.all([operator('3501M000100Y4', 'a-op'), operator('3501M000100Y4', 'a-op2'), operator('1100776367555', 'b-op')]);
  return {
    served,
    proxy,
    base,
    a,
    a2,
    b,
    async close() {
      try {
        await proxy.close();
      } finally {
        await served.close();
      }
    },
  };
}

/** The declare body for a record: its version and the key's signature over its canonical bytes. */
export async function declareBody(key: Signer, record: { version: number; application: unknown }): Promise<{ version: number; signature: { algorithm: 'SM2-SM3'; signature: string; certificate: string } }> {
  const result = await key.sign(canonicalize(record.application));
  return { version: record.version, signature: { algorithm: 'SM2-SM3', signature: Buffer.from(result.signature).toString('base64'), certificate: result.certificate } };
}

/** Saves a valid draft with one attachment; returns the current record. */
export async function draftWithAttachment(op: Operator, overrides: Parameters<typeof validApplication>[0] = {}): Promise<{ id: string; version: number; application: unknown; status: Status }> {
  const created = await op.call('POST', '/v1/applications', { body: validApplication(overrides) });
  if (created.status !== 201) throw new Error(`save failed: ${JSON.stringify(created.body)}`);
  const id = created.body.record.id as string;
  const uploaded = await op.call('POST', `/v1/applications/${id}/attachments?type=CONTRACT&fileName=contract.pdf`, { raw: new Uint8Array([37, 80, 68, 70]), headers: { 'content-type': 'application/octet-stream' } });
  if (uploaded.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
  return (await op.call('GET', `/v1/applications/${id}`)).body;
}

/** Declares application `id` at its current version. */
export async function declare(op: Operator, id: string, headers: Record<string, string> = {}): Promise<Answer> {
  const record = (await op.call('GET', `/v1/applications/${id}`)).body;
  return op.call('POST', `/v1/applications/${id}/declare`, { body: await declareBody(op.key, record), headers });
}

/** Drives a new application of `op` to `status` through the applicant's routes and the authority's; returns its id. */
export async function reach(world: World, op: Operator, status: Status): Promise<string> {
  const { id } = await draftWithAttachment(op);
  const review = (event: string) => world.served.sandbox.review(id, event as never);
  const steps: Record<Status, () => Promise<unknown>> = {
    draft: async () => undefined,
    pendingFirstReview: async () => expectOk(await declare(op, id)),
    firstReviewReturned: async () => {
      await steps.pendingFirstReview();
      await review('firstReviewReturned');
    },
    pendingSecondReview: async () => {
      await steps.pendingFirstReview();
      await review('firstReviewPassed');
    },
    approved: async () => {
      await steps.pendingSecondReview();
      await review('secondReviewPassed');
    },
    secondReviewReturned: async () => {
      await steps.pendingSecondReview();
      await review('secondReviewReturned');
    },
    printed: async () => {
      await steps.approved();
      expectOk(await op.call('POST', `/v1/applications/${id}/print`));
    },
    pendingWithdrawal: async () => {
      await steps.pendingFirstReview();
      expectOk(await op.call('POST', `/v1/applications/${id}/withdraw`, { body: {} }));
    },
    withdrawn: async () => {
      await steps.pendingWithdrawal();
      await review('withdrawalGranted');
    },
  };
  await steps[status]();
  const now = await op.call('GET', `/v1/applications/${id}`);
  if (now.body.status !== status) throw new Error(`reach(${status}) ended in ${String(now.body.status)}`);
  return id;
}

function expectOk(answer: Answer): Answer {
  if (answer.status >= 300) throw new Error(`expected success, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

/** Worlds a test file starts, each closed after its test, with the folders of their file databases removed. */
export interface WorldsPerTest {
  world(options?: ServeSandboxOptions): Promise<World>;
  /** A `file:` URL in a new folder, removed after the test. */
  fileDb(): string;
  /** Closes a world before the test ends (a restart over the same file database). */
  stop(world: World): Promise<void>;
}

/** Registers the afterEach that closes the worlds a test started; `prefix` names the temporary folders. */
export function worldsPerTest(prefix: string): WorldsPerTest {
  const worlds: World[] = [];
  const folders: string[] = [];
  afterEach(async () => {
    for (const started of worlds.splice(0)) await started.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return {
    async world(options = {}) {
      const started = await startWorld(options);
      worlds.push(started);
      return started;
    },
    fileDb() {
      const folder = mkdtempSync(join(tmpdir(), prefix));
      folders.push(folder);
      return `file:${join(folder, 'sandbox.db')}`;
    },
    async stop(world) {
      worlds.splice(worlds.indexOf(world), 1);
      await world.close();
    },
  };
}
