/** A {@link Signer} that signs through the Single Window client control (客户端控件) over its local WebSocket. */
import { parseCertificate } from '../certificate';
import { ClientControlError, KeyBusyError, KeyLockedError, KeyRemovedError, NoKeyError, SignerError, SignerTimeoutError, WrongPinError } from '../errors';
import { fromBase64, toPem } from '../internal/bytes';
import { createSerialQueue } from '../internal/serial-queue';
import type { Signer, SignatureResult } from '../signer';
import { sm2SignatureFromRaw } from '../sm2';
import type { ClientControlReply } from './protocol';
import { CLIENT_CONTROL_URL, ClientControlMethod, EmulatorErrorCode, encodeFrames, needsFrames } from './protocol';

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
  /** @default 'ws://127.0.0.1:61232' */
  url?: string;
  /** @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Milliseconds to wait for each reply. @default 30000 */
  timeout?: number;
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

function randomGuid(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[REDACTED]');
}

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

  const failAll = (error: Error) => {
    for (const [key, entry] of pending) {
      clearTimeout(entry.timer);
      pending.delete(key);
      entry.reject(error);
    }
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
      ws.onmessage = (event) => {
        if (typeof event.data !== 'string' || !event.data.startsWith('{')) return;
        const reply = JSON.parse(event.data) as ClientControlReply;
        if (reply._method === ClientControlMethod.nextBlock) {
          const data = reply._args.Data[0] as { guid?: string; next?: number; finish?: boolean } | undefined;
          if (frames && data?.guid === frames.guid && !data.finish && data.next !== undefined) {
            const frame = frames.frames[data.next];
            if (frame !== undefined) ws.send(frame);
          }
          return;
        }
        // Replies carry the call's _id; older controls match by method name only.
        const id = reply._id !== undefined && pending.has(reply._id) ? reply._id : [...pending].find(([, entry]) => entry.method === reply._method)?.[0];
        const entry = id === undefined ? undefined : pending.get(id);
        if (id === undefined || !entry) return;
        clearTimeout(entry.timer);
        pending.delete(id);
        entry.resolve(reply);
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
    if (reply._args.Result) return reply._args.Data;
    const [rawMessage = 'The client control reported a failure without a message.', code] = reply._args.Error;
    const message = redact(rawMessage, options.password);
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
        const retries = Number(/(\d+)/.exec(rawMessage)?.[1] ?? 0);
        throw new WrongPinError(retries);
      }
      default:
        throw new ClientControlError(method, code, `The client control's ${method} failed: ${message}${code ? ` (${code})` : ''}`);
    }
  };

  const readCertificate = async (): Promise<string> => {
    if (certificate === undefined) {
      const [base64] = await call(ClientControlMethod.getSignCertAsPem, {});
      if (typeof base64 !== 'string') throw new ClientControlError(ClientControlMethod.getSignCertAsPem, undefined, 'The client control returned no certificate.');
      certificate = base64.includes('-----BEGIN') ? base64 : toPem('CERTIFICATE', fromBase64(base64));
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
        const pem = await readCertificate();
        const [base64] = await call(ClientControlMethod.signDataAsPem, { inData: asText(data), passwd: options.password });
        if (typeof base64 !== 'string') throw new ClientControlError(ClientControlMethod.signDataAsPem, undefined, 'The client control returned no signature.');
        const raw = fromBase64(base64);
        return parseCertificate(pem).keyType === 'SM2'
          ? { algorithm: 'SM2-SM3', signature: raw.length === 64 ? sm2SignatureFromRaw(raw) : raw, certificate: pem }
          : { algorithm: 'RSA-SHA1', signature: raw, certificate: pem };
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
