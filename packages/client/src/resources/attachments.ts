/** `client.attachments`: upload with size and SHA-256, list, download, delete. */
import type { Attachment } from '@exlic/core';
import { RequestError } from '../errors';
import { sha256Hex } from '../internal/bytes';
import type { CallOptions, Transport } from '../transport';

/** A file's content: a Blob (a browser `File` too), bytes or an ArrayBuffer. In Node, `@exlic/client/node` reads paths and streams. */
export type FileContent = Blob | Uint8Array | ArrayBuffer;

/** What to upload. */
export interface UploadInput {
  /** The attachment type (a code of the attachmentTypes table, e.g. the contract's). */
  type: string;
  file: FileContent;
  /** The file name the server keeps. @default the File's name, or `attachment` */
  fileName?: string;
  /**
   * The spec row (counted from 0) the document belongs to, e.g. a used vehicle's registration document: the server
   * links the attachment's id into that row's `attachments`. Types the attachmentTypes table marks `perRow` may be
   * uploaded once per row.
   */
  row?: number;
}

/** An uploaded attachment, with the size and SHA-256 the client computed. */
export type UploadedAttachment = Attachment & { size: number; sha256: string };

/** Options of a download. */
export interface DownloadOptions extends CallOptions {
  /** The largest content accepted, in bytes (`Infinity` for no bound, on a stream you consume as it comes). @default the client's maxResponseBytes */
  maxBytes?: number | undefined;
}

/** The attachments resource. */
export interface AttachmentsResource {
  /** Uploads a file; its size and SHA-256 are computed and checked against what the server stored. */
  upload(applicationId: string, input: UploadInput, options?: CallOptions): Promise<UploadedAttachment>;
  /** The application's attachments. */
  list(applicationId: string, options?: CallOptions): Promise<Attachment[]>;
  /** An attachment's content, in memory; larger than `maxBytes` fails with a `ResponseTooLargeError`. For large files use {@link AttachmentsResource.downloadStream}. */
  download(applicationId: string, attachmentId: string, options?: DownloadOptions): Promise<Uint8Array>;
  /**
   * An attachment's content as a web `ReadableStream`, read from the network only as fast as it is consumed. The
   * stream errors with a `ResponseTooLargeError` past `maxBytes`, with a `TimeoutError` when no bytes come for the
   * client's `timeout`, and with an `AbortedError` when `signal` aborts. In Node, `downloadToFile` from
   * `@exlic/client/node` writes it to a file.
   *
   * @example
   * ```ts
   * const stream = await client.attachments.downloadStream(id, attachmentId, { maxBytes: 100 * 1024 * 1024 });
   * for await (const chunk of stream) hash.update(chunk);
   * ```
   */
  downloadStream(applicationId: string, attachmentId: string, options?: DownloadOptions): Promise<ReadableStream<Uint8Array>>;
  /** Deletes an attachment. */
  delete(applicationId: string, attachmentId: string, options?: CallOptions): Promise<void>;
}

/** Bytes of any accepted file content. */
async function fileBytes(file: FileContent): Promise<Uint8Array> {
  if (file instanceof Uint8Array) return file;
  if (file instanceof ArrayBuffer) return new Uint8Array(file);
  if (typeof Blob !== 'undefined' && file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  throw new RequestError('An attachment file must be a Blob, a Uint8Array or an ArrayBuffer (in Node, use uploadFile from @exlic/client/node for a path or a stream).', { code: 'invalidFile', attempts: 0 });
}

const seg = encodeURIComponent;

function maxBytesOf(options: DownloadOptions): number | undefined {
  const { maxBytes } = options;
  if (maxBytes !== undefined && (typeof maxBytes !== 'number' || Number.isNaN(maxBytes) || maxBytes <= 0)) {
    throw new RequestError(`maxBytes must be a positive number of bytes (or Infinity), got ${String(maxBytes)}.`, { code: 'invalidOptions', attempts: 0 });
  }
  return maxBytes;
}

/** @internal */
export function createAttachmentsResource(request: Transport): AttachmentsResource {
  return {
    async upload(applicationId, input, options = {}) {
      const bytes = await fileBytes(input.file);
      const sha256 = await sha256Hex(bytes);
      const fileName = input.fileName ?? (typeof File !== 'undefined' && input.file instanceof File ? input.file.name : 'attachment');
      const reply = await request<Attachment>({
        method: 'POST',
        path: `v1/applications/${seg(applicationId)}/attachments`,
        query: { type: input.type, fileName, row: input.row },
        body: bytes,
        contentType: 'application/octet-stream',
        signal: options.signal,
      });
      const stored = reply.data;
      if ((stored.sha256 !== undefined && stored.sha256.toLowerCase() !== sha256) || (stored.size !== undefined && stored.size !== bytes.length)) {
        throw new RequestError(`The server stored ${fileName} as ${String(stored.size)} bytes (sha256 ${String(stored.sha256)}) but ${bytes.length} bytes (sha256 ${sha256}) were sent: the upload was altered on the way. Delete it and upload again.`, {
          code: 'integrity',
          attempts: reply.attempts,
          requestId: reply.requestId,
        });
      }
      return { ...stored, size: bytes.length, sha256 };
    },
    async list(applicationId, options = {}) {
      return (await request<{ items: Attachment[] }>({ method: 'GET', path: `v1/applications/${seg(applicationId)}/attachments`, signal: options.signal })).data.items;
    },
    async download(applicationId, attachmentId, options = {}) {
      return (await request<Uint8Array>({ method: 'GET', path: `v1/applications/${seg(applicationId)}/attachments/${seg(attachmentId)}`, responseType: 'bytes', maxBytes: maxBytesOf(options), signal: options.signal })).data;
    },
    async downloadStream(applicationId, attachmentId, options = {}) {
      return (await request<ReadableStream<Uint8Array>>({ method: 'GET', path: `v1/applications/${seg(applicationId)}/attachments/${seg(attachmentId)}`, responseType: 'stream', maxBytes: maxBytesOf(options), signal: options.signal })).data;
    },
    async delete(applicationId, attachmentId, options = {}) {
      await request({ method: 'DELETE', path: `v1/applications/${seg(applicationId)}/attachments/${seg(attachmentId)}`, responseType: 'none', signal: options.signal });
    },
  };
}
