import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, validApplication, type World } from '../test/helpers';
import { isRequestError, isResponseTooLargeError } from './index';
import { downloadToFile, readStream, uploadFile } from './node';

describe('@exlic/client/node', () => {
  let world: World;
  const dir = mkdtempSync(join(tmpdir(), 'exlic-client-node-'));
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads from a path and from a stream, with the bytes the server keeps', async () => {
    const { record } = await world.client.applications.save(validApplication());
    const path = join(dir, 'contract.pdf');
    writeFileSync(path, '%PDF from a path');
    const fromPath = await uploadFile(world.client, record.id, { type: 'CONTRACT', path });
    expect(fromPath.fileName).toBe('contract.pdf');
    expect(new TextDecoder().decode(await world.client.attachments.download(record.id, fromPath.id!))).toBe('%PDF from a path');
    const fromStream = await uploadFile(world.client, record.id, { type: 'OTHER', stream: Readable.from([Buffer.from('part 1 '), Buffer.from('part 2')]), fileName: 'other.txt' });
    expect(fromStream.size).toBe(13);
    expect(new TextDecoder().decode(await world.client.attachments.download(record.id, fromStream.id!))).toBe('part 1 part 2');
  });

  it('refuses a stream larger than maxBytes before sending', async () => {
    const error = await readStream(Readable.from([new Uint8Array(600), new Uint8Array(600)]), 1_000).catch((caught: unknown) => caught);
    expect(isRequestError(error) && error.code).toBe('payloadTooLarge');
  });

  it('downloads an attachment to a file, and leaves no file when the download is refused', async () => {
    const { record } = await world.client.applications.save(validApplication());
    const content = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
    const uploaded = await world.client.attachments.upload(record.id, { type: 'OTHER', file: content, fileName: 'big.bin' });
    const path = join(dir, 'downloaded.bin');
    expect(await downloadToFile(world.client, record.id, uploaded.id!, path)).toEqual({ path, size: content.length });
    expect(new Uint8Array(readFileSync(path))).toEqual(content);
    const refusedPath = join(dir, 'refused.bin');
    const error = await downloadToFile(world.client, record.id, uploaded.id!, refusedPath, { maxBytes: 100_000 }).catch((caught: unknown) => caught);
    expect(isResponseTooLargeError(error) && error.limit).toBe(100_000);
    expect(existsSync(refusedPath)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
