import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ClientControlMethod, encodeFrames } from '../client-control/protocol';
import { createVirtualEKey } from '../virtual-ekey';
import type { ClientControlEmulator } from './client-control-emulator';
import { startClientControlEmulator } from './client-control-emulator';

let emulator: ClientControlEmulator;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  emulator = await startClientControlEmulator({ key: createVirtualEKey({ pin: '1234' }), port: 0, greeting: false, frameLimits: { maxBufferedLength: 1024 * 1024, maxGroups: 4 } });
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await emulator.close();
});

/** A raw client that counts replies; `closed` says whether the emulator dropped the connection (as ws does on invalid UTF-8). */
async function connect() {
  const socket = new WebSocket(emulator.url);
  const replies: string[] = [];
  let closed = false;
  socket.on('message', (data: Buffer) => replies.push(data.toString('utf8')));
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const waitFor = async (count: number) => {
    for (let i = 0; i < 400 && replies.length < count && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { socket, replies, waitFor, get closed() {
    return closed;
  } };
}

const validFrames = encodeFrames(JSON.stringify({ _method: ClientControlMethod.getCertNo, _id: 9, args: { pad: 'x'.repeat(400) } }), { guid: '11111111-2222-3333-4444-555555555555', maxBytes: 150 });

const mutate = (frame: string, position: number, replacement: string) => frame.slice(0, position % (frame.length + 1)) + replacement + frame.slice((position % (frame.length + 1)) + replacement.length);

const message: fc.Arbitrary<{ data: string | Uint8Array; binary: boolean }> = fc.oneof(
  fc.string({ maxLength: 300 }).map((data) => ({ data, binary: false })),
  fc.json().map((data) => ({ data, binary: false })),
  fc.constantFrom('null', '[]', '{}', '{"_method":null}', '{"_method":{"a":1},"_id":1}', '{"__proto__":{"x":1},"_method":"cus-sec_SpcGetCertNo","_id":3}', 'BLOCKTXT1234', `${'['.repeat(4000)}${']'.repeat(4000)}`).map((data) => ({ data, binary: false })),
  fc.tuple(fc.nat({ max: validFrames.length - 1 }), fc.nat(), fc.string({ maxLength: 20 })).map(([index, position, text]) => ({ data: mutate(validFrames[index]!, position, text), binary: false })),
  fc.tuple(fc.nat({ max: validFrames.length - 1 }), fc.nat({ max: 200 })).map(([index, cut]) => ({ data: validFrames[index]!.slice(0, cut), binary: false })),
  fc.uint8Array({ maxLength: 100 }).map((data) => ({ data, binary: true })),
);

describe('startClientControlEmulator under hostile input', () => {
  it('answers every call and every frame, throws nothing and keeps serving', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (messages) => {
        const client = await connect();
        for (const { data, binary } of messages) client.socket.send(data, { binary });
        // Every message gets at least one reply (a call its answer or badRequest, a frame its _nextBlock or badRequest).
        await client.waitFor(messages.length);
        expect(client.replies.length).toBeGreaterThanOrEqual(messages.length);
        for (const reply of client.replies) expect(() => JSON.parse(reply) as unknown).not.toThrow();
        client.socket.close();
        expect(uncaught).toEqual([]);
      }),
      { numRuns: 60, seed: 11 },
    );
    // Still serving: a plain call is answered.
    const client = await connect();
    client.socket.send(JSON.stringify({ _method: ClientControlMethod.getCertNo, _id: 1, args: {} }));
    await client.waitFor(1);
    expect(JSON.parse(client.replies[0]!)).toMatchObject({ _id: 1, _args: { Result: true } });
    client.socket.close();
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['a message over 16 MiB', 'x'.repeat(16 * 1024 * 1024 + 1)],
  ])('survives %s: the connection closes, the emulator keeps serving', { timeout: 30_000 }, async (_name, data) => {
    const bad = await connect();
    bad.socket.send(data, { binary: false });
    await bad.waitFor(1);
    for (let i = 0; i < 200 && !bad.closed; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(bad.closed).toBe(true);
    const good = await connect();
    good.socket.send(JSON.stringify({ _method: ClientControlMethod.getCertNo, _id: 2, args: {} }));
    await good.waitFor(1);
    expect(JSON.parse(good.replies[0]!)).toMatchObject({ _id: 2, _args: { Result: true } });
    good.socket.close();
    expect(uncaught).toEqual([]);
  });

  it('answers a null call and a 12-byte BLOCKTXT with badRequest', async () => {
    const client = await connect();
    client.socket.send('null');
    client.socket.send('BLOCKTXT1234');
    await client.waitFor(2);
    expect(client.replies.map((reply) => (JSON.parse(reply) as { _args: { Result: boolean } })._args.Result)).toEqual([false, false]);
    client.socket.close();
  });

  it('holds at most its limit of incomplete frame groups, however many arrive', { timeout: 60_000 }, async () => {
    const client = await connect();
    const block = 'z'.repeat(100_000);
    for (let i = 0; i < 40; i++) {
      const [first] = encodeFrames(`${block}${block}`, { guid: `${String(i).padStart(8, '0')}-0000-0000-0000-000000000000`, maxBytes: 100_003 });
      client.socket.send(first!);
    }
    await client.waitFor(40);
    expect(client.replies).toHaveLength(40);
    expect(emulator.bufferedFrameLength).toBeGreaterThan(0);
    expect(emulator.bufferedFrameLength).toBeLessThanOrEqual(1024 * 1024);
    client.socket.close();
  });
});
