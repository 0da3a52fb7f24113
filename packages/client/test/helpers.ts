/** Shared test helpers: a sandbox in process or on loopback, a client on it, an e-key bound to the operator, and a valid application. */
import { createSandbox, serveSandbox, type Sandbox } from '@exlic/sandbox';
import { createNodeSm2Engine } from '@exlic/signer/node';
import { createSelfSignedSm2Certificate, createSoftwareSigner, encodeSm2PrivateKeyPem, generateSm2KeyPair, type Signer } from '@exlic/signer';
import { createClient, type Client, type ClientOptions } from '../src/index';

/** The enterprise the tests' operators belong to. */
export const ENTERPRISE = { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' };

/** A general-goods application of ENTERPRISE that passes the declare-phase rules. */
export function validApplication(overrides: { contractNo?: string; amount?: string } = {}) {
  return {
    schemaVersion: 1 as const,
    year: 2026,
    customsPort: '0200',
    exporter: ENTERPRISE,
    consignor: ENTERPRISE,
    tradeMode: '0110',
    importingCountry: 'JPN',
    transportMode: '2',
    validUntil: '2026-12-31',
    paymentMethod: 'TT',
    importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
    contract: { no: overrides.contractNo ?? 'EX-2026-001', signedOn: '2026-08-15', validUntil: '2026-12-31', currency: 'USD' },
    goods: { priceCurrency: 'USD', hsCode: '2825903100' },
    specs: [{ unitPrice: overrides.amount ?? '1250.50', quantity: '100' }],
    other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: '2026-09-01', applicantName: '张三', applicantContact: '010-00000000' },
    pledge: true,
  };
}

/** An SM2 e-key stand-in: a software signer with a self-signed certificate on the native SM2 engine (fast, for bulk tests). */
export function createTestKey(name = 'operator'): Signer {
  const { privateKey } = generateSm2KeyPair();
  const certificate = createSelfSignedSm2Certificate({ privateKey, subject: { commonName: name } });
  return createSoftwareSigner({ privateKey: encodeSm2PrivateKeyPem(privateKey), certificate, engine: createNodeSm2Engine() });
}

/** A fetch that hands each request to the sandbox in process (a dropped connection surfaces as the TypeError fetch throws). */
export function inProcessFetch(sandbox: Sandbox): typeof fetch {
  return (input, init) => sandbox.fetch(new Request(input, init));
}

/** A test world: a sandbox, a client of one operator with a bound key, and a second enterprise's client. */
export interface World {
  sandbox: Sandbox;
  baseUrl: string;
  token: string;
  key: Signer;
  client: Client;
  /** A client of another enterprise (isolation checks). */
  other: Client;
  /** A client with other options on the same operator. */
  clientWith(options: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

const ENTERPRISES = [
  { ...ENTERPRISE, operators: [{ id: 'a-op' }] },
  { code: '1100776367555', uscc: '289999997763675559', name: 'B', operators: [{ id: 'b-op' }] },
];

/** Starts a world in process (`loopback: false`) or served on 127.0.0.1. */
export async function startWorld(options: { loopback?: boolean; autoReview?: boolean; now?: () => Date } = {}): Promise<World> {
  const sandboxOptions = { enterprises: ENTERPRISES, autoReview: options.autoReview ?? true, now: options.now ?? (() => new Date('2026-11-29T10:00:00Z')) };
  let sandbox: Sandbox;
  let baseUrl: string;
  let fetchFn: typeof fetch | undefined;
  let stop: () => Promise<void>;
  if (options.loopback) {
    const served = await serveSandbox(sandboxOptions);
    sandbox = served.sandbox;
    baseUrl = served.url;
    stop = () => served.close();
  } else {
    sandbox = createSandbox(sandboxOptions);
    baseUrl = 'http://sandbox.test';
    fetchFn = inProcessFetch(sandbox);
    stop = () => sandbox.close();
  }
  const token = await sandbox.issueToken({ enterprise: ENTERPRISE.code, operator: 'a-op' });
  const otherToken = await sandbox.issueToken({ enterprise: '1100776367555', operator: 'b-op' });
  const clientWith = (more: Partial<ClientOptions>): Client => createClient({ baseUrl, token, retry: { baseDelay: 5, maxDelay: 2_000 }, ...(fetchFn ? { fetch: fetchFn } : {}), ...more });
  const client = clientWith({});
  const key = createTestKey('a-op');
  await client.ekey.bind({ signer: key });
  return { sandbox, baseUrl, token, key, client, other: clientWith({ token: otherToken }), clientWith, close: stop };
}

/** A draft with the contract uploaded, ready to declare. */
export async function draftReady(client: Client, contractNo = 'EX-2026-001'): Promise<{ id: string; version: number }> {
  const { record } = await client.applications.save(validApplication({ contractNo }));
  await client.attachments.upload(record.id, { type: 'CONTRACT', file: new TextEncoder().encode(`%PDF contract ${contractNo}`), fileName: 'contract.pdf' });
  const now = await client.applications.get(record.id);
  return { id: now.id, version: now.version };
}
