/** An emulator of the Single Window client control, backed by a virtual e-key (SM2) or an RSA key, on a loopback WebSocket. */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { commands, decodeResponse, encodeApdu } from '../apdu';
import { parseCertificate } from '../certificate';
import type { CardInfo } from '../client-control/client-control-signer';
import type { ClientControlReply, FrameAssembler, FrameAssemblerOptions } from '../client-control/protocol';
import { ClientControlMethod, EmulatorErrorCode, createFrameAssembler, createGreeting, createReply, flattenReply, isFrame } from '../client-control/protocol';
import { isKeyRemovedError, isProtocolError } from '../errors';
import { fromPem, toBase64, utf8 } from '../internal/bytes';
import { createSerialQueue } from '../internal/serial-queue';
import { sm2MessageDigest } from '../sm2';
import { StatusWord } from '../status-words';
import type { VirtualEKey } from '../virtual-ekey';
import { rsaSha1Sign } from '../node/rsa';

/** An RSA card for the emulator: older keys that sign RSA-SHA1. */
export interface EmulatedRsaCard {
  /** PKCS#8 PEM. */
  privateKey: string;
  certificate: string;
  password: string;
}

/** Options of {@link startClientControlEmulator}; give `key` or `rsa`. */
export interface ClientControlEmulatorOptions {
  /** The SM2 virtual e-key the emulator signs with, through its APDU interface. */
  key?: VirtualEKey;
  /** An RSA card instead of an e-key. */
  rsa?: EmulatedRsaCard;
  /** 0 picks a free port (tests). @default 61232 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Limits on incomplete frame groups per connection. @default 16 MiB per message, 4 groups, 32 MiB, 60 s */
  frameLimits?: FrameAssemblerOptions;
  /**
   * When the emulator sends the control's greeting `{"_id":0,"_method":"open","_status":"00"}`: on connect, as the real
   * control does; `afterFirstCall`, just before the answer to the connection's first call (so it reaches a client
   * whose call is pending); or never.
   * @default 'onConnect'
   */
  greeting?: 'onConnect' | 'afterFirstCall' | false;
  /**
   * The reply shape: `nested` `{_id,_method,_status,_args:{Result,Data,Error}}`, `flat` `{Result,Data,Error}`, or
   * `alternate` (nested, flat, nested, … per connection), as controls in the field answer both ways.
   * @default 'nested'
   */
  replyShape?: 'nested' | 'flat' | 'alternate';
}

/** A running emulator. */
export interface ClientControlEmulator {
  /** `ws://host:port` to pass as the signer's `url`. */
  readonly url: string;
  readonly port: number;
  /** How many frames (BLOCKTXT) it has received, for tests. */
  readonly framesReceived: number;
  /** Characters held in incomplete frame groups across connections (bounded by `frameLimits`), for tests. */
  readonly bufferedFrameLength: number;
  close(): Promise<void>;
}

class CardFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Card {
  certificate(): string;
  sign(text: string, password: string): Uint8Array;
  verifyPin(password: string): void;
}

function keyCard(key: VirtualEKey): Card {
  const run = (apdu: ReturnType<typeof commands.select>) => {
    if (!key.present) throw new CardFailure(EmulatorErrorCode.noKey, 'No e-key is plugged in.');
    let response;
    try {
      response = decodeResponse(key.process(encodeApdu(apdu)));
    } catch (error) {
      if (isKeyRemovedError(error)) throw new CardFailure(EmulatorErrorCode.removed, 'The e-key was removed.');
      throw error;
    }
    if ((response.statusWord & 0xfff0) === 0x63c0 && (response.statusWord & 0x0f) > 0) throw new CardFailure(EmulatorErrorCode.wrongPin, `Wrong PIN, ${response.statusWord & 0x0f} tries left.`);
    if (response.statusWord === StatusWord.AUTHENTICATION_METHOD_BLOCKED || response.statusWord === 0x63c0) throw new CardFailure(EmulatorErrorCode.locked, 'The e-key is locked.');
    if (response.statusWord !== StatusWord.OK) throw new CardFailure(EmulatorErrorCode.badRequest, `The e-key answered 0x${response.statusWord.toString(16)}.`);
    return response.data;
  };
  const verify = (password: string) => {
    run(commands.select());
    run(commands.verifyPin(password));
  };
  return {
    certificate: () => {
      if (!key.present) throw new CardFailure(EmulatorErrorCode.noKey, 'No e-key is plugged in.');
      return key.certificate;
    },
    verifyPin: verify,
    sign(text, password) {
      verify(password);
      return run(commands.sign(sm2MessageDigest({ publicKey: key.publicKey, message: utf8(text) })));
    },
  };
}

function rsaCard(card: EmulatedRsaCard): Card {
  let retriesLeft = 6;
  const verify = (password: string) => {
    if (retriesLeft === 0) throw new CardFailure(EmulatorErrorCode.locked, 'The card is locked.');
    if (password !== card.password) {
      retriesLeft--;
      if (retriesLeft === 0) throw new CardFailure(EmulatorErrorCode.locked, 'The card is locked.');
      throw new CardFailure(EmulatorErrorCode.wrongPin, `Wrong PIN, ${retriesLeft} tries left.`);
    }
    retriesLeft = 6;
  };
  return {
    certificate: () => card.certificate,
    verifyPin: verify,
    sign(text, password) {
      verify(password);
      return rsaSha1Sign(card.privateKey, utf8(text));
    },
  };
}

/**
 * Starts the emulator on a loopback WebSocket; it answers the certificate, signing and card-information calls and reassembles BLOCKTXT frames.
 *
 * @example
 * ```ts
 * const emulator = await startClientControlEmulator({ key: createVirtualEKey({ pin: '12345678' }), port: 0 });
 * const signer = createNodeClientControlSigner({ url: emulator.url, password: '12345678' });
 * ```
 */
export async function startClientControlEmulator(options: ClientControlEmulatorOptions): Promise<ClientControlEmulator> {
  const card = options.key ? keyCard(options.key) : options.rsa ? rsaCard(options.rsa) : undefined;
  if (!card) throw new TypeError('startClientControlEmulator needs `key` (a virtual e-key) or `rsa` (an RSA card).');
  const host = options.host ?? '127.0.0.1';
  const server = new WebSocketServer({ host, port: options.port ?? 61232, maxPayload: 16 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const queue = createSerialQueue();
  const assemblers = new Set<FrameAssembler>();
  let framesReceived = 0;

  const info = (): CardInfo => {
    const parsed = parseCertificate(card.certificate());
    return { cardId: options.key?.descriptor.path ?? `rsa-${parsed.serialNumber}`, certNo: parsed.serialNumber, userName: parsed.subject.commonName, entName: parsed.subject.organization ?? '' };
  };

  const answer = (method: string, args: Record<string, unknown>): unknown[] => {
    const text = (name: string) => (typeof args[name] === 'string' ? (args[name] as string) : '');
    switch (method) {
      case ClientControlMethod.getSignCertAsPem:
        return [toBase64(fromPem('CERTIFICATE', card.certificate()))];
      case ClientControlMethod.signDataAsPem:
        // As the real control: Data[0] the signature, Data[1] the certificate number.
        return [toBase64(card.sign(text('inData'), text('passwd'))), info().certNo];
      case ClientControlMethod.verifyPin:
        card.verifyPin(text('passwd'));
        return [true];
      case ClientControlMethod.getCardId:
        return [info().cardId];
      case ClientControlMethod.getCertNo:
        return [info().certNo];
      case ClientControlMethod.getUserName:
        return [info().userName];
      case ClientControlMethod.getEntName:
        return [info().entName];
      default:
        throw new CardFailure(EmulatorErrorCode.badRequest, `The emulator does not implement ${method}.`);
    }
  };

  const greeting = options.greeting ?? 'onConnect';
  const shape = options.replyShape ?? 'nested';
  // Per connection: calls answered so far (for the late greeting and alternating shapes).
  const answered = new WeakMap<WebSocket, number>();
  const sendText = (socket: WebSocket, text: string) => {
    // A peer that went away gets no answer; that is no reason to stop serving others.
    if (socket.readyState === socket.OPEN) socket.send(text, () => undefined);
  };
  const send = (socket: WebSocket, reply: ClientControlReply) => sendText(socket, JSON.stringify(reply));
  const sendAnswer = (socket: WebSocket, reply: ClientControlReply) => {
    const count = answered.get(socket) ?? 0;
    answered.set(socket, count + 1);
    if (count === 0 && greeting === 'afterFirstCall') sendText(socket, JSON.stringify(createGreeting()));
    const flat = shape === 'flat' || (shape === 'alternate' && count % 2 === 1);
    sendText(socket, JSON.stringify(flat ? flattenReply(reply) : reply));
  };
  const badRequest = (socket: WebSocket, head: { _method: string; _id?: number }, message: string) => send(socket, createReply(head, { ok: false, error: [message, EmulatorErrorCode.badRequest] }));

  // Every call gets an answer, whatever it holds: a bad call gets a badRequest reply, never silence or a crash.
  const handleCall = (socket: WebSocket, text: string) =>
    queue.run(async () => {
      let call: unknown;
      try {
        call = JSON.parse(text);
      } catch {
        badRequest(socket, { _method: 'unknown' }, 'The call is not JSON.');
        return;
      }
      if (typeof call !== 'object' || call === null || Array.isArray(call)) {
        badRequest(socket, { _method: 'unknown' }, 'The call is not a JSON object.');
        return;
      }
      const record = call as { _method?: unknown; _id?: unknown; args?: unknown };
      const head = { _method: typeof record._method === 'string' ? record._method.slice(0, 200) : 'unknown', ...(Number.isSafeInteger(record._id) ? { _id: record._id as number } : {}) };
      const args = typeof record.args === 'object' && record.args !== null && !Array.isArray(record.args) ? (record.args as Record<string, unknown>) : {};
      let reply: ClientControlReply;
      try {
        reply = createReply(head, { ok: true, data: answer(head._method, args) });
      } catch (error) {
        const failure = error instanceof CardFailure ? error : new CardFailure(EmulatorErrorCode.badRequest, 'The emulator failed.');
        reply = createReply(head, { ok: false, error: [failure.message, failure.code] });
      }
      sendAnswer(socket, reply);
    });

  const handleMessage = (socket: WebSocket, assembler: FrameAssembler, data: RawData, isBinary: boolean) => {
    if (isBinary) {
      badRequest(socket, { _method: 'unknown' }, 'The control takes text messages only.');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    if (!isFrame(text)) {
      void handleCall(socket, text);
      return;
    }
    framesReceived++;
    let step: ReturnType<FrameAssembler['push']>;
    try {
      step = assembler.push(text);
    } catch (error) {
      badRequest(socket, { _method: ClientControlMethod.nextBlock }, isProtocolError(error) ? error.message : 'The frame could not be read.');
      return;
    }
    // A failed block is asked for again: Result false, but Data still names the block, as the page script expects.
    const nextBlock = (next: number, finish: boolean, ok = true) => send(socket, { _method: ClientControlMethod.nextBlock, _status: '00', _args: { Result: ok, Data: [{ guid: step.guid, next, finish }], Error: ok ? [] : ['Block check failed.'] } });
    if (step.kind === 'next') nextBlock(step.next, false, step.ok);
    else {
      nextBlock(0, true);
      void handleCall(socket, step.text);
    }
  };

  server.on('error', () => undefined);
  server.on('connection', (socket) => {
    const assembler = createFrameAssembler(options.frameLimits ?? {});
    assemblers.add(assembler);
    // ws reports invalid UTF-8, an oversized message and a broken connection here and closes the socket; without a listener the emulator would exit.
    socket.on('error', () => undefined);
    if (greeting === 'onConnect') sendText(socket, JSON.stringify(createGreeting()));
    socket.on('close', () => {
      assembler.clear();
      assemblers.delete(assembler);
    });
    socket.on('message', (data, isBinary) => {
      try {
        handleMessage(socket, assembler, data, isBinary);
      } catch {
        badRequest(socket, { _method: 'unknown' }, 'The emulator could not handle the message.');
      }
    });
  });

  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://${host}:${port}`,
    port,
    get framesReceived() {
      return framesReceived;
    },
    get bufferedFrameLength() {
      let total = 0;
      for (const assembler of assemblers) total += assembler.bufferedLength;
      return total;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of server.clients) client.terminate();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
