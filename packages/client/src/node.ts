// @exlic/client/node: Node-only helpers: upload a file from a path or a stream.
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { Client } from './client';
import { RequestError } from './errors';
import type { UploadedAttachment } from './resources/attachments';
import type { CallOptions } from './transport';

/** What to upload from Node: a file path, or a readable stream with a name. */
export type NodeUploadInput = { type: string; path: string; fileName?: string } | { type: string; stream: Readable | AsyncIterable<Uint8Array>; fileName: string; maxBytes?: number };

/** Reads a stream into bytes, refusing more than `maxBytes` (the Single Window takes 10 MiB by default). */
export async function readStream(stream: AsyncIterable<Uint8Array | string>, maxBytes = 10 * 1024 * 1024): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) throw new RequestError(`The stream is larger than ${maxBytes} bytes; the upload was refused before sending. Raise maxBytes only if the server accepts more.`, { code: 'payloadTooLarge', attempts: 0 });
    parts.push(bytes);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
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
