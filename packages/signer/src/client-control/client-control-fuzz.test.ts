import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInvalidPinError, isProtocolError, isSignerError, isWrongPinError } from '../errors';
import { toBase64, utf8 } from '../internal/bytes';
import { createVirtualEKey } from '../virtual-ekey';
import type { WebSocketConstructor, WebSocketLike } from './client-control-signer';
import { createClientControlSigner } from './client-control-signer';
import { ClientControlMethod, EmulatorErrorCode, createGreeting, decodeFrame, isFrame } from './protocol';

const key = createVirtualEKey({ pin: '1234' });
const certificate = key.certificate;

/** A WebSocket whose "control" answers each call with `respond(call)`: a list of raw messages delivered in order. */
function fakeControl(respond: (call: { _method: string; _id: number }) => unknown[]): { WebSocket: WebSocketConstructor; thrown: unknown[] } {
  const thrown: unknown[] = [];
  class FakeSocket implements WebSocketLike {
    readyState = 1;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    constructor() {
      queueMicrotask(() => this.onopen?.({}));
    }
    send(data: string) {
      if (data.startsWith('BLOCKTXT')) return;
      const call = JSON.parse(data) as { _method: string; _id: number };
      for (const message of respond(call)) {
        queueMicrotask(() => {
          // Whatever the control sends, the handler must not throw into the socket's event loop.
          try {
            this.onmessage?.({ data: message });
          } catch (error) {
            thrown.push(error);
          }
        });
      }
    }
    close() {
      this.readyState = 3;
    }
  }
  return { WebSocket: FakeSocket as unknown as WebSocketConstructor, thrown };
}

const ok = (call: { _method: string; _id: number }, data: unknown[]) => JSON.stringify({ _id: call._id, _method: call._method, _status: '00', _args: { Result: true, Data: data, Error: [] } });
const certBase64 = certificate.replace(/-----[^-]+-----|\s/g, '');

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.constantFrom('null', '{}', '[]', '{"_method":"_nextBlock"}', '{"_method":"_nextBlock","_args":{}}', '{"_method":"_nextBlock","_args":{"Result":true,"Data":[null]}}', '{"__proto__":{"polluted":true},"_method":"x","_args":{"Result":true,"Data":[],"Error":[]}}', '{"_id":1,"_method":"cus-sec_SpcSignDataAsPEM"}', '{"_id":"1","_method":"cus-sec_SpcSignDataAsPEM","_args":{"Result":true,"Data":["AAAA"],"Error":[]}}', 'BLOCKTXT1234', deep(5000)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
  fc.record({ _id: fc.oneof(fc.integer(), fc.constant(1)), _method: fc.constantFrom(ClientControlMethod.signDataAsPem, ClientControlMethod.getSignCertAsPem, ClientControlMethod.nextBlock), _args: fc.anything() }).map((value) => JSON.stringify(value)),
  fc.array(fc.constant('锗'), { maxLength: 2000 }).map((chars) => JSON.stringify({ _method: 'x', _args: { Result: false, Data: [], Error: [chars.join(''), 7] } })),
);

describe('createClientControlSigner against a hostile control', () => {
  it('never throws out of onmessage and settles every call with a result or a typed error', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(junk, { maxLength: 8 }), fc.boolean(), async (messages, answerAfterwards) => {
        const control = fakeControl((call) => [...messages, ...(answerAfterwards ? [ok(call, call._method === ClientControlMethod.getSignCertAsPem ? [certBase64] : ['AAAA'])] : [])]);
        const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 30 });
        const outcome = await signer.sign(utf8('{"a":1}')).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(isSignerError(outcome), String(outcome)).toBe(true);
        expect(control.thrown).toEqual([]);
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
        await signer.close();
      }),
      { numRuns: 150, seed: 77 },
    );
  });

  it('sets a _nextBlock message without _args aside when no frames are in flight: the pending call still gets its answer', async () => {
    const discarded: string[] = [];
    const control = fakeControl((call) => ['{"_method":"_nextBlock"}', ok(call, [certBase64])]);
    const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 2000, onDiscard: (reason) => discarded.push(reason) });
    await expect(signer.certificate()).resolves.toBe(certificate);
    expect(discarded).toEqual(['malformed message: a _nextBlock reply without _args']);
    expect(control.thrown).toEqual([]);
  });

  it('fails the call a malformed reply names by its _id', async () => {
    const control = fakeControl((call) => [JSON.stringify({ _id: call._id, _method: call._method })]);
    const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 2000 });
    expect(isProtocolError(await signer.certificate().catch((e: unknown) => e))).toBe(true);
  });

  it('never returns a late reply (an _id no longer pending) to a later call', async () => {
    let calls = 0;
    const discarded: string[] = [];
    const control = fakeControl((call) => {
      calls++;
      // The first call is answered with a reply for an _id that is not pending: it is set aside, and the call times out.
      return calls === 1 ? [ok({ ...call, _id: call._id + 100 }, [certBase64])] : [ok(call, [certBase64])];
    });
    const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 50, onDiscard: (reason) => discarded.push(reason) });
    expect((await signer.certificate().catch((e: unknown) => e) as Error).name).toBe('SignerTimeoutError');
    await expect(signer.certificate()).resolves.toBe(certificate);
    expect(discarded).toEqual([`a ${ClientControlMethod.getSignCertAsPem} reply to no pending call (_id 101)`]);
  });

  it('redacts a password echoed in every field, and never reads the retries from it', async () => {
    const password = '5';
    const control = fakeControl((call) =>
      call._method === ClientControlMethod.getSignCertAsPem
        ? [ok(call, [certBase64])]
        : [JSON.stringify({ _id: call._id, _method: call._method, _args: { Result: false, Data: [], Error: [`PIN ${password} refused`, EmulatorErrorCode.wrongPin, password] } })],
    );
    const signer = createClientControlSigner({ password, WebSocket: control.WebSocket, timeout: 2000 });
    const error = await signer.sign(utf8('x')).catch((e: unknown) => e);
    expect(isWrongPinError(error)).toBe(true);
    // Unredacted, "PIN 5 refused" would have read as 5 tries left.
    expect((error as { retriesLeft?: number }).retriesLeft).toBeUndefined();
    expect(JSON.stringify({ ...(error as object) }) + String(error) + String((error as Error).cause ?? '')).not.toContain(password);
  });

  it('redacts a password echoed in the error code of an unmapped failure', async () => {
    const password = 'Zq9-secret';
    const control = fakeControl((call) => [JSON.stringify({ _id: call._id, _method: call._method, _args: { Result: false, Data: [], Error: [`bad ${password}`, `Err:${password}`] } })]);
    const signer = createClientControlSigner({ password, WebSocket: control.WebSocket, timeout: 2000 });
    const error = await signer.certificate().catch((e: unknown) => e);
    expect((error as Error).name).toBe('ClientControlError');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error)).not.toContain(password);
  });

  it.each([['empty', ''], ['70,000-character', '1'.repeat(70_000)]])('refuses an %s password without calling the control', async (_name, password) => {
    let signCalls = 0;
    const control = fakeControl((call) => {
      if (call._method === ClientControlMethod.signDataAsPem) signCalls++;
      return [ok(call, [certBase64])];
    });
    const signer = createClientControlSigner({ password, WebSocket: control.WebSocket, timeout: 2000 });
    expect(isInvalidPinError(await signer.sign(utf8('x')).catch((e: unknown) => e))).toBe(true);
    expect(signCalls).toBe(0);
  });

  it('answers a _nextBlock request for a frame that does not exist with a ProtocolError', async () => {
    const control = fakeControl((call) => (call._method === ClientControlMethod.getSignCertAsPem ? [ok(call, [certBase64])] : []));
    let socket: WebSocketLike | undefined;
    const sent: string[] = [];
    const Spy = class extends (control.WebSocket as unknown as new (url: string) => WebSocketLike) {
      constructor(url: string) {
        super(url);
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- the test needs the instance the signer opened
        socket = this;
      }
      override send(data: string) {
        sent.push(data);
        super.send(data);
      }
    };
    const discarded: string[] = [];
    const signer = createClientControlSigner({ password: '1234', WebSocket: Spy as unknown as WebSocketConstructor, timeout: 2000, onDiscard: (reason) => discarded.push(reason) });
    const pending = signer.sign(utf8('x'.repeat(300_000))).catch((e: unknown) => e);
    for (let i = 0; i < 200 && !sent.some(isFrame); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const { header } = decodeFrame(sent.find(isFrame)!);
    // A _nextBlock for a group never sent is set aside; one for the group in flight asking for a block it does not have fails the call.
    socket!.onmessage?.({ data: JSON.stringify({ _method: '_nextBlock', _args: { Result: true, Data: [{ guid: 'nope', next: 99 }], Error: [] } }) });
    socket!.onmessage?.({ data: JSON.stringify({ _method: '_nextBlock', _args: { Result: true, Data: [{ guid: header.guid, next: 99 }], Error: [] } }) });
    expect(isProtocolError(await pending)).toBe(true);
    expect(discarded).toEqual(['a _nextBlock reply for no frame group in flight']);
  });

  it('takes the control\'s open greeting arriving after the first call was sent, and stray junk with nothing pending, without failing any call', async () => {
    const discarded: string[] = [];
    // The greeting and junk arrive after each call is sent, before its answer; the answers come flat and nested.
    let calls = 0;
    const control = fakeControl((call) => {
      calls++;
      const answer = call._method === ClientControlMethod.getSignCertAsPem ? [certBase64] : [toBase64(new Uint8Array(64).fill(7)), '0123456789'];
      const reply = calls % 2 === 1 ? ok(call, answer) : JSON.stringify({ Result: true, Data: answer, Error: [] });
      return [JSON.stringify(createGreeting()), 'not json at all', reply];
    });
    const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 2000, onDiscard: (reason) => discarded.push(reason) });
    const result = await signer.sign(utf8('{"a":1}'));
    expect(result.certificate).toBe(certificate);
    expect(result.certificateNumber).toBe('0123456789');
    expect(discarded).toEqual(['malformed message: a message that is not JSON', 'malformed message: a message that is not JSON']);
    expect(control.thrown).toEqual([]);
  });

  it('fails a call whose reply carries a _status other than 00', async () => {
    const control = fakeControl((call) => [JSON.stringify({ _id: call._id, _method: call._method, _status: '01', _args: { Result: true, Data: [certBase64], Error: [] } })]);
    const signer = createClientControlSigner({ password: '1234', WebSocket: control.WebSocket, timeout: 2000 });
    const error = await signer.certificate().catch((e: unknown) => e);
    expect((error as Error).name).toBe('ClientControlError');
    expect((error as Error).message).toContain('"01"');
  });
});
