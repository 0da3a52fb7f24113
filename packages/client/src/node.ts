// @exlic/client/node: Node-only helpers: upload a file from a path or a stream, download an attachment to a file.
import { createWriteStream, openAsBlob } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Client } from './client';
import { RequestError } from './errors';
import { concatBytes } from './internal/bytes';
import type { DownloadOptions, UploadedAttachment } from './resources/attachments';
import type { CallOptions } from './transport';

/** What to upload from Node: a file path, or a readable stream with a name. */
export type NodeUploadInput = { type: string; path: string; fileName?: string } | { type: string; stream: Readable | AsyncIterable<Uint8Array>; fileName: string; maxBytes?: number };

/** Reads a stream into bytes, refusing more than `maxBytes` (`exlic sandbox` takes 10 MiB by default). */
export async function readStream(stream: AsyncIterable<Uint8Array | string>, maxBytes = 10 * 1024 * 1024): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) throw new RequestError(`The stream is larger than ${maxBytes} bytes; the upload was refused before sending. Raise maxBytes only if the server accepts more.`, { code: 'payloadTooLarge', attempts: 0 });
    parts.push(bytes);
  }
  return concatBytes(parts);
}

/**
 * Uploads an attachment from a file path or a stream (size and SHA-256 computed, as `client.attachments.upload` does).
 *
 * @example
 * ```ts
 * await uploadFile(client, record.id, { type: '01', path: './contract.pdf' });
 * ```
 */
export async function uploadFile(client: Client, applicationId: string, input: NodeUploadInput, options: CallOptions = {}): Promise<UploadedAttachment> {
  if ('path' in input) {
    const file = await openAsBlob(input.path);
    return client.attachments.upload(applicationId, { type: input.type, file, fileName: input.fileName ?? basename(input.path) }, options);
  }
  const file = await readStream(input.stream, input.maxBytes);
  return client.attachments.upload(applicationId, { type: input.type, file, fileName: input.fileName }, options);
}

/**
 * Downloads an attachment into the file at `path`, streamed from the network to the disk (never held in memory
 * whole) and bounded by `maxBytes`. The file appears only once the download is complete: a failed download
 * (too large, stalled, aborted, dropped) leaves nothing at `path` and rejects with the client's typed error.
 *
 * @example
 * ```ts
 * const { size } = await downloadToFile(client, record.id, attachment.id, './contract.pdf', { maxBytes: 100 * 1024 * 1024 });
 * ```
 */
export async function downloadToFile(client: Client, applicationId: string, attachmentId: string, path: string, options: DownloadOptions = {}): Promise<{ path: string; size: number }> {
  const stream = await client.attachments.downloadStream(applicationId, attachmentId, options);
  const partial = `${path}.${Date.now().toString(36)}.part`;
  let size = 0;
  const counted = Readable.fromWeb(stream as unknown as NodeReadableStream<Uint8Array>).on('data', (chunk: Uint8Array) => (size += chunk.length));
  try {
    await pipeline(counted, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { path, size };
}
