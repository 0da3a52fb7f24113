/** `client.applications`: save, read, list, delete, copy, declare, withdraw, print, opinions, history, and the batch forms. */
import { canonicalize } from '@exlic/core';
import type { ExportLicenceApplication } from '@exlic/core';
import type { ClientError } from '../errors';
import { ConflictError, RequestError, isClientError, isConflictError } from '../errors';
import type { PagedList } from '../paging';
import { createPagedList } from '../paging';
import type { SignerLike } from '../signer-like';
import { signForWire } from '../signer-like';
import type { CallOptions, Transport } from '../transport';
import type { BatchDeclareBody, BatchIdsBody, BatchResult as WireBatch, CopyBody, DeclareBody, WithdrawBody } from '@exlic/core';
import type { ApplicationFilters, ApplicationInput, ApplicationRecord, BatchItemResult, BatchResult, Opinion, Page, SaveResult, StatusChange } from '../types';

/** Options of {@link ApplicationsResource.declare}. */
export interface DeclareOptions extends CallOptions {
  /** The e-key that signs (any object with the `Signer` shape). */
  signer: SignerLike;
  /** Sent on every attempt so a retry never declares twice; pass your own (e.g. your order id) to survive a restart of your process. @default a random UUID per call */
  idempotencyKey?: string | undefined;
  /** The version you reviewed: when the stored one differs, a {@link ConflictError} comes back before anything is signed. */
  version?: number | undefined;
}

/** Options of the writes (every POST): the idempotency key that makes a retry safe. */
export interface IdempotentOptions extends CallOptions {
  /** Sent on every attempt; pass your own (e.g. derived from your order id) so a repeat after a restart of your process is recognised too. A batch sends `<key>.<n>` for its n-th chunk of 100. @default a random UUID per call (per chunk in a batch) */
  idempotencyKey?: string | undefined;
}

/** Options of {@link ApplicationsResource.declareMany}. */
export interface DeclareManyOptions extends IdempotentOptions {
  signer: SignerLike;
  /** Records read and signed at once. @default 8 */
  concurrency?: number | undefined;
}

/** One application to declare in a batch: an id, or an id with the version you reviewed. */
export type DeclareManyItem = string | { id: string; version?: number | undefined };

const seg = encodeURIComponent;
const BATCH_LIMIT = 100;

/** The declare body for a record: its canonical bytes signed by `signer`. */
async function signRecord(record: ApplicationRecord, signer: SignerLike): Promise<DeclareBody> {
  // The signature covers exactly the document at this version; the server refuses it (412) if the record changed since.
  return { version: record.version, signature: await signForWire(signer, canonicalize(record.application), 'a declaration') };
}

function staleVersion(record: ApplicationRecord, expected: number): ConflictError {
  return new ConflictError(`Application ${record.id} is at version ${record.version}, not the version ${expected} you reviewed: read it again, review the change and declare the current version.`, {
    code: 'versionMismatch',
    attempts: 1,
    currentVersion: record.version,
  });
}

async function mapLimit<TIn, TOut>(items: readonly TIn[], limit: number, fn: (item: TIn) => Promise<TOut>): Promise<TOut[]> {
  const out = new Array<TOut>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as TIn);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function chunks<TItem>(items: readonly TItem[]): TItem[][] {
  const out: TItem[][] = [];
  for (let i = 0; i < items.length; i += BATCH_LIMIT) out.push(items.slice(i, i + BATCH_LIMIT));
  return out;
}

function summarize<TValue>(items: BatchItemResult<TValue>[]): BatchResult<TValue> {
  const succeeded = items.filter((item) => item.ok).length;
  return { succeeded, failed: items.length - succeeded, items };
}

function asClientError(error: unknown): ClientError {
  if (isClientError(error)) return error;
  return new RequestError(`The item failed before it was sent: ${error instanceof Error ? error.message : String(error)}`, { code: 'local', attempts: 0, cause: error });
}

/** The applications resource. */
export interface ApplicationsResource {
  /** Saves a new draft (`record` and the save-phase `violations`); with `{ id, version }` replaces that draft, refused with a conflict when it changed since `version`. */
  save(application: ApplicationInput | ExportLicenceApplication, options?: IdempotentOptions & { id?: string; version?: number }): Promise<SaveResult>;
  /** One application. */
  get(id: string, options?: CallOptions): Promise<ApplicationRecord>;
  /** Applications matching `filters`: await it for the first page, or `for await` over every item. */
  list(filters?: ApplicationFilters, options?: CallOptions): PagedList<ApplicationRecord>;
  /** How many applications match `filters`. */
  count(filters?: Omit<ApplicationFilters, 'limit' | 'cursor'>, options?: CallOptions): Promise<number>;
  /** Deletes a draft; with `version`, only if it is still that version. */
  delete(id: string, options?: CallOptions & { version?: number }): Promise<void>;
  /** Makes `count` new drafts from an application (1-50). */
  copy(id: string, count?: number, options?: IdempotentOptions): Promise<ApplicationRecord[]>;
  /**
   * Declares (申报) an application: reads the stored version, signs its canonical bytes with `signer`, and sends
   * version, signature and certificate under one idempotency key, so retries never declare twice.
   *
   * @example
   * ```ts
   * const record = await client.applications.declare(id, { signer, idempotencyKey: `order-${orderNo}` });
   * ```
   */
  declare(id: string, options: DeclareOptions): Promise<ApplicationRecord>;
  /** Asks to withdraw (撤销) a declared application. */
  withdraw(id: string, options?: IdempotentOptions & { reason?: string }): Promise<ApplicationRecord>;
  /**
   * Prints (打印) an approved application (approved → printed) and answers the printable application form
   * (中华人民共和国出口许可证申请表) as PDF bytes, one A4 page. With `{ as: 'record' }` it answers the printed
   * application record instead.
   *
   * @example
   * ```ts
   * const pdf = await client.applications.print(id);
   * await writeFile(`${id}.pdf`, pdf);
   * ```
   */
  print(id: string, options?: IdempotentOptions & { as?: 'pdf' | undefined }): Promise<Uint8Array>;
  print(id: string, options: IdempotentOptions & { as: 'record' }): Promise<ApplicationRecord>;
  /** The review opinions (审批意见). */
  opinions(id: string, options?: CallOptions): Promise<Opinion[]>;
  /** Every status change of the application, oldest first. */
  history(id: string, options?: CallOptions): Promise<StatusChange[]>;
  /** Earlier years' applications (历史数据), read-only. */
  earlierYears(query?: { year?: number | undefined; limit?: number | undefined; cursor?: string | undefined }, options?: CallOptions): PagedList<ApplicationRecord>;
  /** New current-year drafts copied from an earlier year's application. */
  copyFromEarlierYear(id: string, count?: number, options?: IdempotentOptions): Promise<ApplicationRecord[]>;
  /** Declares many applications (batches of 100); answers per item and never throws for one item's failure. */
  declareMany(items: readonly DeclareManyItem[], options: DeclareManyOptions): Promise<BatchResult<ApplicationRecord>>;
  /** Deletes many drafts; answers per item. */
  deleteMany(ids: readonly string[], options?: IdempotentOptions): Promise<BatchResult<ApplicationRecord | undefined>>;
  /** Prints many approved applications; answers per item. */
  printMany(ids: readonly string[], options?: IdempotentOptions): Promise<BatchResult<ApplicationRecord>>;
}

/** @internal */
export function createApplicationsResource(request: Transport): ApplicationsResource {
  const get = async (id: string, options?: CallOptions): Promise<ApplicationRecord> =>
    (await request<ApplicationRecord>({ method: 'GET', path: `v1/applications/${seg(id)}`, signal: options?.signal })).data;

  const filterQuery = (filters: ApplicationFilters = {}): Record<string, string | number | undefined> => {
    const { status, ...rest } = filters;
    return { ...rest, status: status === undefined ? undefined : typeof status === 'string' ? status : status.join(',') };
  };

  async function batch<TValue>(
    path: string,
    ids: readonly string[],
    bodyOf: (chunk: string[]) => BatchIdsBody | BatchDeclareBody,
    valueOf: (item: WireBatch['items'][number]) => TValue,
    options: IdempotentOptions = {},
  ): Promise<BatchResult<TValue>> {
    const results: BatchItemResult<TValue>[] = [];
    for (const [index, chunk] of chunks(ids).entries()) {
      try {
        const reply = await request<WireBatch>({ method: 'POST', path, json: bodyOf(chunk), idempotencyKey: options.idempotencyKey === undefined ? undefined : `${options.idempotencyKey}.${index}`, signal: options.signal });
        for (const [position, id] of chunk.entries()) {
          const item = reply.data.items[position];
          if (item?.ok) results.push({ id, ok: true, value: valueOf(item) });
          else {
            results.push({ id, ok: false, error: reply.errorFor(item?.problem, item?.problem?.status ?? 500) });
          }
        }
      } catch (error) {
        for (const id of chunk) results.push({ id, ok: false, error: asClientError(error) });
      }
    }
    return summarize(results);
  }

  return {
    async save(application, options = {}) {
      if (options.id === undefined) return (await request<SaveResult>({ method: 'POST', path: 'v1/applications', json: application, idempotencyKey: options.idempotencyKey, signal: options.signal })).data;
      if (options.version === undefined) throw new RequestError(`Saving application ${options.id} needs the version you read ({ id, version }), so another edit is never overwritten.`, { code: 'versionRequired', attempts: 0 });
      return (await request<SaveResult>({ method: 'PUT', path: `v1/applications/${seg(options.id)}`, json: application, ifMatch: options.version, signal: options.signal })).data;
    },
    get,
    list(filters = {}, options = {}) {
      const { cursor, ...rest } = filters;
      return createPagedList({
        path: '/v1/applications',
        fetchPage: async (next) => (await request<Page<ApplicationRecord>>({ method: 'GET', path: 'v1/applications', query: { ...filterQuery(rest), cursor: next }, signal: options.signal })).data,
        start: cursor,
      });
    },
    async count(filters = {}, options = {}) {
      return (await request<{ count: number }>({ method: 'GET', path: 'v1/applications/count', query: filterQuery(filters), signal: options.signal })).data.count;
    },
    async delete(id, options = {}) {
      await request({ method: 'DELETE', path: `v1/applications/${seg(id)}`, ifMatch: options.version, responseType: 'none', signal: options.signal });
    },
    async copy(id, count = 1, options = {}) {
      const reply = await request<{ items: ApplicationRecord[] }>({ method: 'POST', path: `v1/applications/${seg(id)}/copy`, json: { count } satisfies CopyBody, idempotencyKey: options.idempotencyKey, signal: options.signal });
      return reply.data.items;
    },
    async declare(id, options) {
      const { idempotencyKey } = options;
      const record = await get(id, options);
      if (options.version !== undefined && record.version !== options.version) throw staleVersion(record, options.version);
      const body = await signRecord(record, options.signer);
      try {
        return (await request<ApplicationRecord>({ method: 'POST', path: `v1/applications/${seg(id)}/declare`, json: body, idempotencyKey, signal: options.signal })).data;
      } catch (error) {
        // After a restart the caller's key comes back with a new signature (SM2 signatures differ each time), so the server refuses it as reused; when the record shows it was declared, that earlier call succeeded.
        if (!isConflictError(error) || error.code !== 'idempotencyKeyReused') throw error;
        const now = await get(id, options);
        if (now.declaredAt !== undefined && now.status !== 'draft') return now;
        throw error;
      }
    },
    async withdraw(id, options = {}) {
      const json: WithdrawBody = options.reason === undefined ? {} : { reason: options.reason };
      return (await request<ApplicationRecord>({ method: 'POST', path: `v1/applications/${seg(id)}/withdraw`, json, idempotencyKey: options.idempotencyKey, signal: options.signal })).data;
    },
    print: (async (id: string, options: IdempotentOptions & { as?: 'pdf' | 'record' | undefined } = {}) => {
      const path = `v1/applications/${seg(id)}/print`;
      if (options.as === 'record') {
        return (await request<ApplicationRecord>({ method: 'POST', path, json: {}, idempotencyKey: options.idempotencyKey, signal: options.signal })).data;
      }
      return (await request<Uint8Array>({ method: 'POST', path, json: {}, accept: 'application/pdf, application/problem+json', responseType: 'bytes', idempotencyKey: options.idempotencyKey, signal: options.signal })).data;
    }) as ApplicationsResource['print'],
    async opinions(id, options = {}) {
      return (await request<{ items: Opinion[] }>({ method: 'GET', path: `v1/applications/${seg(id)}/opinions`, signal: options.signal })).data.items;
    },
    async history(id, options = {}) {
      return (await request<{ items: StatusChange[] }>({ method: 'GET', path: `v1/applications/${seg(id)}/status-changes`, signal: options.signal })).data.items;
    },
    earlierYears(query = {}, options = {}) {
      const { cursor, ...rest } = query;
      return createPagedList({ path: '/v1/history', fetchPage: async (next) => (await request<Page<ApplicationRecord>>({ method: 'GET', path: 'v1/history', query: { ...rest, cursor: next }, signal: options.signal })).data, start: cursor });
    },
    async copyFromEarlierYear(id, count = 1, options = {}) {
      const reply = await request<{ items: ApplicationRecord[] }>({ method: 'POST', path: `v1/history/${seg(id)}/copy`, json: { count } satisfies CopyBody, idempotencyKey: options.idempotencyKey, signal: options.signal });
      return reply.data.items;
    },
    async declareMany(items, options) {
      const wanted = items.map((item) => (typeof item === 'string' ? { id: item, version: undefined } : item));
      // Read and sign each record first; an item that cannot be read or signed fails alone.
      const prepared = await mapLimit(wanted, options.concurrency ?? 8, async (item) => {
        try {
          const record = await get(item.id, options);
          if (item.version !== undefined && record.version !== item.version) throw staleVersion(record, item.version);
          return { id: item.id, body: await signRecord(record, options.signer) };
        } catch (error) {
          return { id: item.id, error: asClientError(error) };
        }
      });
      const ready = prepared.filter((item): item is { id: string; body: Awaited<ReturnType<typeof signRecord>> } => 'body' in item);
      const bodies = new Map(ready.map((item) => [item.id, item.body]));
      const sent = await batch(
        'v1/applications/batch-declare',
        ready.map((item) => item.id),
        (chunk) => ({ items: chunk.map((id) => ({ id, ...(bodies.get(id) as DeclareBody) })) }),
        (item) => item.record as ApplicationRecord,
        options,
      );
      const byId = new Map(sent.items.map((item) => [item.id, item]));
      return summarize(prepared.map((item) => ('error' in item && item.error ? { id: item.id, ok: false as const, error: item.error } : (byId.get(item.id) as BatchItemResult<ApplicationRecord>))));
    },
    deleteMany(ids, options = {}) {
      return batch('v1/applications/batch-delete', ids, (chunk) => ({ ids: chunk }), (item) => item.record, options);
    },
    printMany(ids, options = {}) {
      return batch('v1/applications/batch-print', ids, (chunk) => ({ ids: chunk }), (item) => item.record as ApplicationRecord, options);
    },
  };
}
