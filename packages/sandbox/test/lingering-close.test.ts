// A request refused before its body is read (here: an upload without a token) is answered, then its connection is
// half-closed and left to linger, so a client that reads late still reads the answer. Without the linger, Node reset
// the connection as soon as the answer was flushed, and the reset discarded the unread answer on the client's side.
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveSandbox, type ServedSandbox } from '../src/index';

let served: ServedSandbox;
beforeAll(async () => {
  served = await serveSandbox({ seed: 'demo' });
}, 60_000);
afterAll(async () => {
  await served.close();
});

/** Sends an anonymous 10 MB upload's head and most of its body, reads nothing for `readAfterMs`, then reads. */
function lateReader(readAfterMs: number): Promise<{ answer: string; error?: string }> {
  const url = new URL(served.url);
  return new Promise((resolve) => {
    let answer = '';
    let error: string | undefined;
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`POST /v1/applications/app_x/attachments?type=CONTRACT&fileName=a.pdf HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485760\r\n\r\n`);
      socket.write(Buffer.alloc(4_000_000, 0x41), () => undefined);
    });
    socket.pause();
    setTimeout(() => socket.resume(), readAfterMs);
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code));
    socket.on('close', () => resolve({ answer, ...(error === undefined ? {} : { error }) }));
    setTimeout(() => socket.destroy(), 15_000).unref();
  });
}

it('a client that reads its answer 500 ms late still reads the 401, and the connection ends', async () => {
  const results = await Promise.all([lateReader(500), lateReader(500), lateReader(800)]);
  for (const { answer } of results) {
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('connection: close');
  }
}, 60_000);
