/**
 * The whole licence flow through a client generated from docs/openapi.yaml: bind the e-key, subscribe to receipts, save
 * an application, upload its attachments, declare it with an SM2 signature, and read the receipts from the event feed
 * and from pushes. Everything here comes from the contract; no @exlic package is imported.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import canonicalize from 'canonicalize';
import createClient, { type Middleware } from 'openapi-fetch';
import { Webhook } from 'standardwebhooks';
import type { components, paths } from './openapi';
import type { OpensslEKey } from './openssl-ekey';

type Application = components['schemas']['ExportLicenceApplication'];
type Receipt = components['schemas']['Receipt'];

/** What the flow needs. */
export interface FlowOptions {
  /** The sandbox's base URL, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** An operator's bearer token. */
  token: string;
  /** The e-key that signs. */
  ekey: OpensslEKey;
  /** The application to declare (a sample from examples/applications). */
  application: Application & { attachments?: { type: string; fileName: string }[] };
  /** How long to wait for the receipts of the review. @default 20000 */
  waitMs?: number;
}

/** What the flow saw. */
export interface FlowResult {
  enterprise: string;
  certificateFingerprint: string;
  applicationId: string;
  mofcomApplicationNo: string | undefined;
  uploaded: string[];
  declaredStatus: string;
  /** The application's receipts from GET /v1/events, oldest first. */
  feed: Receipt[];
  /** The receipts pushed to the loopback receiver, each verified with the standardwebhooks library. */
  pushed: Receipt[];
}

/** A failed call: the problem document the contract promises, shown with its code. */
export class ContractCallError extends Error {
  override name = 'ContractCallError';
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`${operation} answered ${status}: ${JSON.stringify(problem)}`);
  }
}

function must<T>(operation: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new ContractCallError(operation, answer.response.status, answer.error);
  return answer.data;
}

// The contract: every POST may carry an Idempotency-Key; sending one makes a retried POST safe.
const idempotency: Middleware = {
  onRequest({ request }) {
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID());
    return request;
  },
};

/** A push receiver on loopback that verifies each delivery with the standardwebhooks library. */
async function startReceiver(): Promise<{ url: string; setSecret(secret: string): void; received: Receipt[]; rejected: number; close(): Promise<void> }> {
  let webhook: Webhook | undefined;
  const state = { received: [] as Receipt[], rejected: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const receipt = webhook!.verify(Buffer.concat(chunks).toString('utf8'), request.headers as IncomingHttpHeaders & Record<string, string>) as Receipt;
        // Receivers dedupe on webhook-id: a retried push carries the same id.
        if (!state.received.some((seen) => seen.id === receipt.id)) state.received.push(receipt);
        response.writeHead(204).end();
      } catch {
        state.rejected += 1;
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts`,
    setSecret: (secret) => (webhook = new Webhook(secret)),
    get received() {
      return state.received;
    },
    get rejected() {
      return state.rejected;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs the flow against a sandbox. */
export async function runFlow(options: FlowOptions): Promise<FlowResult> {
  const client = createClient<paths>({ baseUrl: options.baseUrl, headers: { authorization: `Bearer ${options.token}` } });
  client.use(idempotency);
  const { ekey } = options;

  const me = must('getMe', await client.GET('/v1/me'));

  // Bind: sign "exlic-binding-v1\n{account}\n{challenge}\n{fingerprint}" (UTF-8) and send the proof.
  const challenge = must('createEKeyChallenge', await client.POST('/v1/ekey/challenge', {}));
  const bindingMessage = new TextEncoder().encode(`exlic-binding-v1\n${challenge.account}\n${challenge.challenge}\n${ekey.fingerprint}`);
  const bound = must(
    'bindEKey',
    await client.POST('/v1/ekey/bind', {
      body: { account: challenge.account, challenge: challenge.challenge, algorithm: 'SM2-SM3', certificate: ekey.certificate, certificateFingerprint: ekey.fingerprint, signature: ekey.sign(bindingMessage).toString('base64') },
    }),
  );

  // The contract's EKeyBinding is nullable (GET /v1/me shows no binding as null); a bind answers one.
  if (bound === null) throw new Error('bindEKey answered no binding.');
  const binding = bound;

  const receiver = await startReceiver();
  try {
    const subscription = must('createSubscription', await client.POST('/v1/subscriptions', { body: { mode: 'enterprise', url: receiver.url } }));
    receiver.setSecret(subscription.secret);

    // Save: attachments are server-owned in a saved body, so they are uploaded next, one per type the sample lists.
    const { attachments = [], ...application } = options.application;
    const saved = must('createApplication', await client.POST('/v1/applications', { body: application as Application }));
    const id = saved.record.id;
    const uploaded: string[] = [];
    for (const attachment of attachments) {
      const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${attachment.type} of ${id}\n`);
      must(
        'uploadAttachment',
        await client.POST('/v1/applications/{id}/attachments', {
          params: { path: { id }, query: { type: attachment.type, fileName: attachment.fileName } },
          // The contract declares the body as application/octet-stream bytes; send them as they are.
          body: bytes as unknown as string,
          bodySerializer: (body: unknown) => body,
          headers: { 'content-type': 'application/octet-stream' },
        }),
      );
      uploaded.push(attachment.type);
    }

    // Declare: SM2-with-SM3 over the RFC 8785 canonical JSON of record.application at the current version.
    const record = must('getApplication', await client.GET('/v1/applications/{id}', { params: { path: { id } } }));
    const canonical = new TextEncoder().encode(canonicalize(record.application)!);
    const payload = must('getSigningPayload', await client.GET('/v1/applications/{id}/signing-payload', { params: { path: { id } } }));
    if (Buffer.from(payload.payload, 'base64').compare(canonical) !== 0) throw new Error('The canonical JSON made here differs from the signing payload the sandbox names: the two RFC 8785 implementations disagree.');
    const declared = must(
      'declareApplication',
      await client.POST('/v1/applications/{id}/declare', {
        params: { path: { id } },
        body: { version: record.version, signature: { algorithm: 'SM2-SM3', signature: ekey.sign(canonical).toString('base64'), certificate: ekey.certificate } },
      }),
    );

    // Receipts: the event feed, read from a cursor until the review has decided, and the pushes.
    const feed: Receipt[] = [];
    let cursor: string | undefined;
    const deadline = Date.now() + (options.waitMs ?? 20_000);
    const decided = (receipts: readonly Receipt[]) => receipts.some((receipt) => receipt.applicationId === id && receipt.to !== 'pendingFirstReview' && receipt.to !== 'pendingSecondReview');
    while (!decided(feed) || !decided(receiver.received)) {
      if (Date.now() > deadline) throw new Error(`No decided receipt for ${id} in time: feed ${JSON.stringify(feed.map((r) => r.to))}, pushed ${JSON.stringify(receiver.received.map((r) => r.to))}, ${receiver.rejected} pushes rejected.`);
      const page = must('listEvents', await client.GET('/v1/events', { params: { query: { limit: 100, ...(cursor === undefined ? {} : { cursor }) } } }));
      feed.push(...page.items.filter((receipt) => receipt.applicationId === id));
      cursor = page.nextCursor ?? cursor;
      if (!decided(feed) || !decided(receiver.received)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const finalRecord = must('getApplication', await client.GET('/v1/applications/{id}', { params: { path: { id } } }));
    return {
      enterprise: me.enterprise.code,
      certificateFingerprint: binding.certificateFingerprint,
      applicationId: id,
      mofcomApplicationNo: finalRecord.mofcomApplicationNo ?? undefined,
      uploaded,
      declaredStatus: declared.status,
      feed,
      pushed: receiver.received.filter((receipt) => receipt.applicationId === id),
    };
  } finally {
    await receiver.close();
  }
}
