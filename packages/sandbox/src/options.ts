/** What a caller passes to createSandbox, and the normalised form the server runs on. */
import { SANDBOX_USD_RATES, isUsdRateTable, type Catalog, type UsdRateTable } from '@exlic/core';
import type { Sm2Engine } from '@exlic/signer';
import { SandboxError } from './errors';
import { parseAllowPushHosts, systemLookup, type PushHostAllowList, type PushLookup } from './push/policy';

/** An operator account of an enterprise. */
export interface SandboxOperator {
  /** The account id, e.g. `op-0001`. */
  id: string;
  /** @default the id */
  name?: string;
}

/** An enterprise the sandbox knows, with its operators. */
export interface SandboxEnterprise {
  /** The 13-character enterprise code (出口商代码). */
  code: string;
  /** The unified social credit code. */
  uscc: string;
  name: string;
  operators: SandboxOperator[];
}

/** One line of the sandbox's request log; it never holds a token or a body. */
export interface SandboxLogLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** The operator, once authenticated. */
  operator?: string;
  durationMs: number;
  /** The cause of a 500 (the error's name and message), logged once with the request id. */
  error?: string;
}

/** How the sandbox delivers pushes: retries, timeouts, the bounded queue's limits and the cap on subscriptions. */
export interface SandboxPushOptions {
  /** Attempts per receipt and subscription. @default 5 */
  attempts?: number;
  /** The wait before the second attempt in ms, doubling after each failure. @default 500 */
  backoffMs?: number;
  /** One attempt's time limit in ms (resolving, connecting, the answer's status line). @default 5000 */
  timeoutMs?: number;
  /** Attempts in flight at once, over every receiver. @default 8 */
  concurrency?: number;
  /** Attempts in flight at once to one receiver (one origin). @default 2 */
  perReceiver?: number;
  /** Deliveries one receiver may have waiting; more are dropped (the event feed keeps every receipt). @default 1000 */
  maxQueuedPerReceiver?: number;
  /** Subscriptions one enterprise may hold. @default 25 */
  maxSubscriptionsPerEnterprise?: number;
  /** Resolves receivers' host names at each attempt (tests inject a stub). @default `dns.lookup` with `all: true` */
  lookup?: PushLookup;
}

/** Options of {@link createSandbox}. All optional. */
export interface SandboxOptions {
  /** Where the data lives: `:memory:`, `file:PATH`, `libsql://…` or `http://…` (a libSQL server shared by a team). @default ':memory:' */
  db?: string;
  /** Auth token of a remote libSQL server. */
  dbAuthToken?: string;
  /** `demo` seeds two enterprises, each with an operator (the manual's test enterprise among them). @default none */
  seed?: 'demo';
  /** More enterprises to create (idempotent on a file database). */
  enterprises?: SandboxEnterprise[];
  /** Decide reviews and withdrawals at once by the application's data (the table in CONTRACT.md). @default false */
  autoReview?: boolean;
  /** The admin token for `/v1/admin/*`. @default a random token (see `sandbox.adminToken`) */
  adminToken?: string;
  /** The rules' profile: `test` (联调环境) reports check-character failures as warnings. @default 'test' */
  profile?: 'test' | 'production';
  /** The commodity catalog the rules check against (e.g. this year's official list). @default the bundled snapshot */
  catalog?: Catalog;
  /**
   * The US-dollar rates the sandbox fills 总值折美元 (a vehicle row's value in USD) from on save (core's `createUsdRateTable`).
   * @default core's SANDBOX_USD_RATES (illustrative round rates that name themselves so, not published rates)
   */
  usdRates?: UsdRateTable;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Largest JSON body in bytes. @default 1_048_576 */
  maxJsonBytes?: number;
  /** Largest attachment in bytes. @default 10_485_760 */
  maxAttachmentBytes?: number;
  /** Uploads read at the same time; one more is answered 503 with Retry-After. @default 8 */
  maxConcurrentUploads?: number;
  /** Receives one line per request. @default none */
  logger?: (line: SandboxLogLine) => void;
  /** Push delivery (CONTRACT.md, "Subscription URLs and delivery"). @default { attempts: 5, backoffMs: 500, timeoutMs: 5000, concurrency: 8, perReceiver: 2, maxQueuedPerReceiver: 1000, maxSubscriptionsPerEnterprise: 25 } */
  pushes?: SandboxPushOptions;
  /** Hosts pushes may go to besides loopback: names (`erp.test`), addresses (`10.0.0.5`) or ranges (`10.0.0.0/24`). Never link-local, unspecified, multicast or cloud metadata. @default [] (loopback receivers only) */
  allowPushHosts?: readonly string[];
  /** The SM2 engine that verifies declarations and bindings. @default the native engine of `@exlic/signer/node` */
  sm2Engine?: Sm2Engine;
}

/** The options with every default applied. */
export interface NormalizedSandboxOptions {
  db: string;
  dbAuthToken: string | undefined;
  seed: 'demo' | undefined;
  enterprises: SandboxEnterprise[];
  autoReview: boolean;
  adminToken: string | undefined;
  profile: 'test' | 'production';
  catalog: Catalog | undefined;
  usdRates: UsdRateTable;
  now: () => Date;
  maxJsonBytes: number;
  maxAttachmentBytes: number;
  maxConcurrentUploads: number;
  logger: ((line: SandboxLogLine) => void) | undefined;
  pushes: Required<SandboxPushOptions>;
  allowPushHosts: PushHostAllowList;
  sm2Engine: Sm2Engine | undefined;
}

const KNOWN = new Set(['db', 'dbAuthToken', 'seed', 'enterprises', 'autoReview', 'adminToken', 'profile', 'catalog', 'usdRates', 'now', 'maxJsonBytes', 'maxAttachmentBytes', 'maxConcurrentUploads', 'logger', 'pushes', 'allowPushHosts', 'sm2Engine']);

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new SandboxError('invalidRequest', 400, `Sandbox option ${name} must be a positive whole number, got ${String(value)}.`);
  return value;
}

function usdRatesOf(table: UsdRateTable | undefined): UsdRateTable {
  if (table === undefined) return SANDBOX_USD_RATES;
  if (!isUsdRateTable(table)) throw new SandboxError('invalidRequest', 400, 'Sandbox option usdRates must be a rate table made with createUsdRateTable (from @exlic/core).');
  return table;
}

/** Applies the defaults and refuses options that cannot work. */
export function normalizeSandboxOptions(options: SandboxOptions = {}): NormalizedSandboxOptions {
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new SandboxError('invalidRequest', 400, `Unknown sandbox option "${key}"; known: ${[...KNOWN].join(', ')}.`);
  const db = options.db ?? ':memory:';
  if (!/^(:memory:|file:|libsql:|https?:|wss?:)/.test(db)) throw new SandboxError('invalidRequest', 400, `Sandbox option db must be ":memory:", "file:PATH", "libsql://…" or "http://…", got "${db}".`);
  if (options.seed !== undefined && options.seed !== 'demo') throw new SandboxError('invalidRequest', 400, `Sandbox option seed must be "demo", got "${String(options.seed)}".`);
  if (options.adminToken !== undefined && options.adminToken.length < 16) throw new SandboxError('invalidRequest', 400, 'Sandbox option adminToken must be at least 16 characters long.');
  return {
    db,
    dbAuthToken: options.dbAuthToken,
    seed: options.seed,
    enterprises: options.enterprises ?? [],
    autoReview: options.autoReview ?? false,
    adminToken: options.adminToken,
    profile: options.profile ?? 'test',
    catalog: options.catalog,
    usdRates: usdRatesOf(options.usdRates),
    now: options.now ?? (() => new Date()),
    maxJsonBytes: positive('maxJsonBytes', options.maxJsonBytes, 1_048_576),
    maxAttachmentBytes: positive('maxAttachmentBytes', options.maxAttachmentBytes, 10_485_760),
    maxConcurrentUploads: positive('maxConcurrentUploads', options.maxConcurrentUploads, 8),
    logger: options.logger,
    pushes: {
      attempts: positive('pushes.attempts', options.pushes?.attempts, 5),
      backoffMs: positive('pushes.backoffMs', options.pushes?.backoffMs, 500),
      timeoutMs: positive('pushes.timeoutMs', options.pushes?.timeoutMs, 5000),
      concurrency: positive('pushes.concurrency', options.pushes?.concurrency, 8),
      perReceiver: positive('pushes.perReceiver', options.pushes?.perReceiver, 2),
      maxQueuedPerReceiver: positive('pushes.maxQueuedPerReceiver', options.pushes?.maxQueuedPerReceiver, 1000),
      maxSubscriptionsPerEnterprise: positive('pushes.maxSubscriptionsPerEnterprise', options.pushes?.maxSubscriptionsPerEnterprise, 25),
      lookup: options.pushes?.lookup ?? systemLookup,
    },
    allowPushHosts: parseAllowPushHosts(options.allowPushHosts),
    sm2Engine: options.sm2Engine,
  };
}

/** The demo seed: the manual's test enterprise (签章测试企业, whose credit code's check character is wrong, as the manual prints it) and a second one for isolation. */
export const DEMO_ENTERPRISES: readonly SandboxEnterprise[] = [
  { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业', operators: [{ id: 'demo-op-1', name: '测试操作员' }] },
  { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司', operators: [{ id: 'demo-op-2', name: '示例操作员' }] },
];
