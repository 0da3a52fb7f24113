// The page's way to the Single Window: the calls the form makes, each one method. The bearer token is
// added by the dev server's proxy (vite.config.ts), so the page never holds it.
import { bindingProof, type Signer } from '@exlic/signer';

/** A stored application as the Single Window answers it. */
export interface ApplicationRecord {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly mofcomApplicationNo?: string | null;
  readonly licenceNo?: string | null;
  readonly application: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A violation the server reports (the same shape as @exlic/rules'). */
export interface ServerViolation {
  readonly rule: string;
  readonly path: readonly (string | number)[];
  readonly message: { readonly zh: string; readonly en: string };
}

/** A failed call: the problem document's code and its message in both languages. */
export class SingleWindowError extends Error {
  override name = 'SingleWindowError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly violations: readonly ServerViolation[] = [],
  ) {
    super(message);
  }
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

async function call<T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; raw?: Blob } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  let body: BodyInit | undefined;
  if (init.raw) {
    headers['content-type'] = 'application/octet-stream';
    body = init.raw;
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body }) });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const message = (data['message'] as { zh?: string; en?: string } | undefined) ?? {};
    throw new SingleWindowError(response.status, String(data['code'] ?? 'unknown'), `${message.zh ?? data['title'] ?? response.statusText} · ${message.en ?? data['detail'] ?? ''}`, (data['violations'] as ServerViolation[] | undefined) ?? []);
  }
  return data as T;
}

const idempotencyKey = () => crypto.randomUUID();

/** The operator and enterprise behind the token. */
export function me(): Promise<Record<string, unknown>> {
  return call('GET', '/v1/me');
}

/** Binds the e-key behind `signer` to the operator: the server's challenge, signed. */
export async function bindEKey(signer: Signer): Promise<Record<string, unknown>> {
  const { challenge, account } = await call<{ challenge: string; account: string }>('POST', '/v1/ekey/challenge', { body: {} });
  const proof = await bindingProof({ signer, account, challenge });
  return call('POST', '/v1/ekey/bind', { body: { ...proof, signature: base64(proof.signature) } });
}

/** Saves (暂存) a new draft or a new version of an existing one. */
export function saveApplication(application: Record<string, unknown>, record?: ApplicationRecord): Promise<{ record: ApplicationRecord; violations: ServerViolation[] }> {
  return record
    ? call('PUT', `/v1/applications/${encodeURIComponent(record.id)}`, { body: application, headers: { 'if-match': `"${record.version}"` } })
    : call('POST', '/v1/applications', { body: application });
}

/** Uploads one attachment file of a type (`EXPORT_CONTRACT`, `QUALITY_CERT`…). */
export function uploadAttachment(id: string, type: string, file: File): Promise<Record<string, unknown>> {
  return call('POST', `/v1/applications/${encodeURIComponent(id)}/attachments?type=${encodeURIComponent(type)}&fileName=${encodeURIComponent(file.name)}`, { raw: file });
}

/** Signs the exact bytes the server will verify (its signing payload) and declares (申报). */
export async function declareApplication(record: ApplicationRecord, signer: Signer): Promise<ApplicationRecord> {
  const payload = await call<{ version: number; payload: string }>('GET', `/v1/applications/${encodeURIComponent(record.id)}/signing-payload`);
  const signed = await signer.sign(fromBase64(payload.payload));
  return call('POST', `/v1/applications/${encodeURIComponent(record.id)}/declare`, {
    body: { version: payload.version, signature: { algorithm: signed.algorithm, signature: base64(signed.signature), certificate: signed.certificate } },
    headers: { 'idempotency-key': idempotencyKey() },
  });
}

/** Reads one application again (after a review changed it). */
export function getApplication(id: string): Promise<ApplicationRecord> {
  return call('GET', `/v1/applications/${encodeURIComponent(id)}`);
}

/** The operator's applications, optionally only those in some statuses. */
export function listApplications(statuses: readonly string[]): Promise<{ items: ApplicationRecord[] }> {
  const query = new URLSearchParams({ limit: '50' });
  if (statuses.length > 0) query.set('status', statuses.join(','));
  return call('GET', `/v1/applications?${query.toString()}`);
}

/** Licences issued, grouped by month or by importing country. */
export function statistics(groupBy: 'month' | 'country', year: number): Promise<{ rows: { key: string; count: number; amounts: { currency: string; amount: string }[] }[] }> {
  return call('GET', `/v1/statistics?groupBy=${groupBy}&year=${year}`);
}

/** Prints an approved application (approved → printed). */
export function printApplication(id: string): Promise<ApplicationRecord> {
  return call('POST', `/v1/applications/${encodeURIComponent(id)}/print`, { body: {}, headers: { 'idempotency-key': idempotencyKey() } });
}
