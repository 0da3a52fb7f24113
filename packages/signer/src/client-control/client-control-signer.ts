/** A {@link Signer} that signs through the Single Window client control (客户端控件) over its local WebSocket. */
import { parseCertificate } from '../certificate';
import { ClientControlError, InvalidPinError, KeyBusyError, KeyLockedError, KeyRemovedError, NoKeyError, ProtocolError, SignerError, SignerTimeoutError, WrongPinError } from '../errors';
import { fromBase64, toPem } from '../internal/bytes';
import { createSerialQueue } from '../internal/serial-queue';
import type { Signer, SignatureResult } from '../signer';
import { sm2SignatureFromRaw } from '../sm2';
import type { ClientControlReply } from './protocol';
import { CLIENT_CONTROL_STATUS_OK, CLIENT_CONTROL_URL, ClientControlMethod, EmulatorErrorCode, encodeFrames, needsFrames, parseMessage } from './protocol';

/** The part of the WHATWG WebSocket this client uses; the browser's and `ws`'s both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws` in Node 20. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of {@link createClientControlSigner}. */
export interface ClientControlSignerOptions {
  /** The card password (PIN), sent as `passwd`; never put into errors. */
  password: string;
  /**
   * The control's address: `ws://127.0.0.1:61232` ({@link CLIENT_CONTROL_URL}) for pages served over http and Node;
   * a page served over https must use `wss://wss.singlewindow.cn:61231` ({@link CLIENT_CONTROL_WSS_URL}, or
   * `clientControlUrlFor(location.protocol)`).
   * @default 'ws://127.0.0.1:61232'
   */
  url?: string;
  /** @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Milliseconds to wait for each reply. @default 30000 */
  timeout?: number;
  /** Called for every message set aside: a late reply to a call that timed out, a reply to no pending call, or a malformed message that names no pending call. The reason never holds the message's content. */
  onDiscard?: (reason: string) => void;
}

/** What the card-information calls return. */
export interface CardInfo {
  cardId: string;
  certNo: string;
  userName: string;
  entName: string;
}

/** A client-control signer, which also reads card information. */
export interface ClientControlSigner extends Signer {
  /** Reads card id, certificate number, holder and enterprise names. */
  cardInfo(): Promise<CardInfo>;
}

interface Pending {
  method: string;
  resolve(reply: ClientControlReply): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Runs a parser over a control's answer and turns its failure into a ProtocolError (never with the answer's content). */
function decoded<T>(method: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ProtocolError(`The client control's ${method} answer is malformed: ${(error as Error).name}.`, { cause: error });
  }
}

function randomGuid(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[REDACTED]');
}

/** The longest password sent to the control, in characters; a longer one is refused locally. */
const MAX_PASSWORD_LENGTH = 64;

/**
 * Creates a signer that calls the client control: `cus-sec_SpcGetSignCertAsPEM` for the certificate, `cus-sec_SpcSignDataAsPEM` to sign.
 *
 * @example
 * ```ts
 * const signer = createClientControlSigner({ password: pin }); // in a browser page served over http
 * const { algorithm, signature } = await signer.sign(new TextEncoder().encode(canonicalJson));
 * ```
 */
export function createClientControlSigner(options: ClientControlSignerOptions): ClientControlSigner {
  const url = options.url ?? CLIENT_CONTROL_URL;
  const timeout = options.timeout ?? 30_000;
  const queue = createSerialQueue();
  const pending = new Map<number, Pending>();
  let socket: Promise<WebSocketLike> | undefined;
  let rawSocket: WebSocketLike | undefined;
  let nextId = 1;
  let frames: { guid: string; frames: string[] } | undefined;
  let certificate: string | undefined;
  let closed = false;
  // The WrongPinError the control gave for this signer's password: later signatures with it fail at once instead of spending tries.
  let refused: WrongPinError | undefined;

  const failAll = (error: Error) => {
    for (const [key, entry] of pending) {
      clearTimeout(entry.timer);
      pending.delete(key);
      entry.reject(error);
    }
  };

  const discard = (reason: string) => options.onDiscard?.(reason);

  // The one pending call, if any: calls are queued, so at most one waits for the control.
  const oldestPending = (): [number, Pending] | undefined => pending.entries().next().value;

  const failOne = (id: number, error: Error) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    entry.reject(error);
  };

  const onMessage = (ws: WebSocketLike, data: unknown) => {
    const parsed = parseMessage(data);
    if (parsed.kind === 'greeting') {
      // The control greets every new connection with `open`; it may arrive after the first call was sent, answers nothing, and calls never wait for it.
      return;
    }
    if (parsed.kind === 'invalid') {
      // A malformed message fails a call only when it names that call (its _id or method, or _nextBlock while frames are in flight); anything else is stray and set aside, so it can never fail this or a later call.
      const claimed =
        parsed.id !== undefined
          ? pending.has(parsed.id)
            ? parsed.id
            : undefined
          : parsed.method !== undefined
            ? parsed.method === ClientControlMethod.nextBlock && frames
              ? oldestPending()?.[0]
              : [...pending].find(([, entry]) => entry.method === parsed.method)?.[0]
            : undefined;
      if (claimed === undefined) {
        discard(`malformed message: ${parsed.reason}`);
        return;
      }
      failOne(claimed, new ProtocolError(`The client control sent ${parsed.reason}. Check that the program on ${url} is the Single Window client control.`));
      return;
    }
    const reply = parsed.reply;
    if (reply._method === ClientControlMethod.nextBlock) {
      const next = reply._args.Data[0] as { guid?: unknown; next?: unknown; finish?: unknown } | null | undefined;
      if (!frames || typeof next !== 'object' || next === null || next.guid !== frames.guid) {
        discard('a _nextBlock reply for no frame group in flight');
        return;
      }
      if (next.finish === true) return;
      const frame = typeof next.next === 'number' ? frames.frames[next.next] : undefined;
      if (frame === undefined) {
        failAll(new ProtocolError(`The client control asked for frame ${JSON.stringify(next.next)} of ${frames.frames.length}.`));
        return;
      }
      ws.send(frame);
      return;
    }
    // Replies carry the call's _id; a reply with an _id that is not pending is late or stray and must never answer another call. Only replies without an _id are matched otherwise: a nested one by method name, a flat one (no method either) to the one pending call.
    const id = reply._id !== undefined ? reply._id : reply._method === undefined ? oldestPending()?.[0] : [...pending].find(([, entry]) => entry.method === reply._method)?.[0];
    const entry = id === undefined ? undefined : pending.get(id);
    const name = reply._method ?? 'flat';
    if (id === undefined || !entry) {
      discard(`a ${name} reply to no pending call${reply._id === undefined ? '' : ` (_id ${reply._id})`}`);
      return;
    }
    if (reply._method !== undefined && entry.method !== reply._method) {
      failOne(id, new ProtocolError(`The client control answered ${entry.method} (_id ${id}) with a ${reply._method} reply.`));
      return;
    }
    clearTimeout(entry.timer);
    pending.delete(id);
    entry.resolve(reply);
  };

  const connect = (): Promise<WebSocketLike> => {
    if (socket) return socket;
    const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) return Promise.reject(new SignerError('No WebSocket implementation: pass `WebSocket` (in Node 20, use createNodeClientControlSigner from @exlic/signer/node).'));
    socket = new Promise<WebSocketLike>((resolve, reject) => {
      const ws = new Ctor(url);
      rawSocket = ws;
      ws.onopen = () => resolve(ws);
      ws.onerror = (event) => {
        const error = new NoKeyError(`Cannot reach the client control at ${url}. Is it installed and running?`, { cause: event });
        reject(error);
        failAll(error);
      };
      ws.onclose = () => {
        socket = undefined;
        failAll(new KeyRemovedError({ cause: new Error(`The client control at ${url} closed the connection.`) }));
      };
      // Nothing from the socket may throw out of this handler: a local process on the control's port could otherwise crash the host.
      ws.onmessage = (event) => {
        try {
          onMessage(ws, event.data);
        } catch (error) {
          failAll(new ProtocolError('The client control sent a message this signer could not handle.', { cause: error }));
        }
      };
    });
    socket.catch(() => {
      socket = undefined;
    });
    return socket;
  };

  const call = async (method: string, args: Record<string, unknown>): Promise<unknown[]> => {
    if (closed) throw new SignerError('This client-control signer is closed. Create a new one.');
    let connectTimer: ReturnType<typeof setTimeout> | undefined;
    const ws = await Promise.race([
      connect(),
      new Promise<never>((_, reject) => {
        connectTimer = setTimeout(() => reject(new SignerTimeoutError(`Connecting to the client control at ${url}`, timeout)), timeout);
      }),
    ]).finally(() => clearTimeout(connectTimer));
    const id = nextId++;
    const text = JSON.stringify({ _method: method, _id: id, args });
    const reply = await new Promise<ClientControlReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new SignerTimeoutError(`The client control's ${method}`, timeout));
      }, timeout);
      pending.set(id, { method, resolve, reject, timer });
      if (needsFrames(text)) {
        frames = { guid: randomGuid(), frames: [] };
        frames.frames = encodeFrames(text, { guid: frames.guid });
        ws.send(frames.frames[0] ?? '');
      } else ws.send(text);
    });
    if (reply._status !== undefined && reply._status !== CLIENT_CONTROL_STATUS_OK) {
      throw new ClientControlError(method, `_status ${reply._status}`, `The client control's ${method} answered with status ${JSON.stringify(reply._status.slice(0, 16))} instead of "00". Restart the client control and try again.`);
    }
    if (reply._args.Result) return reply._args.Data;
    // Every field of a failure is redacted before it reaches an error or a parser: some controls echo the password in their message or code.
    const fields = reply._args.Error.map((field) => redact(field, options.password));
    const [message = 'The client control reported a failure without a message.', code] = fields;
    switch (code) {
      case EmulatorErrorCode.noKey:
        throw new NoKeyError(message);
      case EmulatorErrorCode.locked:
        throw new KeyLockedError();
      case EmulatorErrorCode.removed:
        throw new KeyRemovedError();
      case EmulatorErrorCode.busy:
        throw new KeyBusyError(message);
      case EmulatorErrorCode.wrongPin: {
        const retries = /(\d+)/.exec(message)?.[1];
        const error = new WrongPinError(retries === undefined || retries.length > 3 ? undefined : Number(retries));
        refused = error;
        throw error;
      }
      default:
        throw new ClientControlError(method, code, `The client control's ${method} failed: ${message}${code ? ` (${code})` : ''}`);
    }
  };

  const checkPassword = () => {
    if (refused) throw refused;
    if (typeof options.password !== 'string' || options.password === '') throw new InvalidPinError('The password (PIN) is empty; it was not sent to the client control, so no try was spent. Pass the e-key password.');
    if (options.password.length > MAX_PASSWORD_LENGTH) throw new InvalidPinError(`The password (PIN) is longer than ${MAX_PASSWORD_LENGTH} characters; it was not sent, so no try was spent. Check it.`);
  };

  const readCertificate = async (): Promise<string> => {
    if (certificate === undefined) {
      const [base64] = await call(ClientControlMethod.getSignCertAsPem, {});
      if (typeof base64 !== 'string') throw new ClientControlError(ClientControlMethod.getSignCertAsPem, undefined, 'The client control returned no certificate.');
      const pem = decoded(ClientControlMethod.getSignCertAsPem, () => {
        const text = base64.includes('-----BEGIN') ? base64 : toPem('CERTIFICATE', fromBase64(base64));
        parseCertificate(text);
        return text;
      });
      certificate = pem;
    }
    return certificate;
  };

  const asText = (data: Uint8Array): string => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch (error) {
      throw new SignerError('The client control signs text: pass UTF-8 bytes (canonical JSON is).', { cause: error });
    }
  };

  return {
    certificate: () => queue.run(readCertificate),
    sign: (data) =>
      queue.run(async (): Promise<SignatureResult> => {
        checkPassword();
        const pem = await readCertificate();
        // Data[0] is the signature (Base64), Data[1] the card's certificate number (证书编号).
        const [base64, certNo] = await call(ClientControlMethod.signDataAsPem, { inData: asText(data), passwd: options.password });
        if (typeof base64 !== 'string') throw new ClientControlError(ClientControlMethod.signDataAsPem, undefined, 'The client control returned no signature.');
        const raw = decoded('cus-sec_SpcSignDataAsPEM', () => fromBase64(base64));
        const number = typeof certNo === 'string' && /^[0-9A-Za-z]{1,64}$/.test(certNo) ? { certificateNumber: certNo } : {};
        return parseCertificate(pem).keyType === 'SM2'
          ? { algorithm: 'SM2-SM3', signature: raw.length === 64 ? sm2SignatureFromRaw(raw) : raw, certificate: pem, ...number }
          : { algorithm: 'RSA-SHA1', signature: raw, certificate: pem, ...number };
      }),
    cardInfo: () =>
      queue.run(async () => {
        const read = async (method: string) => String((await call(method, {}))[0] ?? '');
        return {
          cardId: await read(ClientControlMethod.getCardId),
          certNo: await read(ClientControlMethod.getCertNo),
          userName: await read(ClientControlMethod.getUserName),
          entName: await read(ClientControlMethod.getEntName),
        };
      }),
    async close() {
      closed = true;
      failAll(new SignerError('The client-control signer was closed.'));
      // Close the raw socket even while it is still connecting: awaiting the handshake could wait forever.
      rawSocket?.close();
      rawSocket = undefined;
    },
  };
}
