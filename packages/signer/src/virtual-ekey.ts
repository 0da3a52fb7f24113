/** A virtual e-key: the device side of the APDU protocol in software, for tests, the demo and the local Single Window. */
import type { CommandApdu } from './apdu';
import { EKEY_AID, Ins, PIN_REFERENCE, commandName, decodeApdu, encodeResponse } from './apdu';
import { createSelfSignedSm2Certificate } from './certificate';
import { KeyBusyError, KeyRemovedError, NoKeyError } from './errors';
import type { FrameReader, HidFramingOptions } from './hid-framing';
import { createFrameReader, frameApdu } from './hid-framing';
import { equalBytes, fromPem, utf8 } from './internal/bytes';
import { generateSm2KeyPair, sm2PublicKey, sm2SignDigest, sm2SignatureToRaw } from './sm2';
import { StatusWord } from './status-words';
import type { EKeyDescriptor, HidDevice, OpenTransportOptions, Transport, TransportFactory } from './transport';
import { createHidTransport } from './transport';

/** Options of {@link createVirtualEKey}. */
export interface VirtualEKeyOptions {
  /** The PIN the key accepts. */
  pin: string;
  /** The 32-byte SM2 private key. @default a freshly generated key */
  privateKey?: Uint8Array;
  /** The certificate, PEM. @default a self-signed certificate for the key */
  certificate?: string;
  /** Subject of the generated certificate. @default { commonName: 'exlic virtual e-key' } */
  subject?: { commonName: string; organization?: string };
  /** Wrong PINs before the key locks. @default 6 */
  maxPinTries?: number;
  /** Milliseconds the key takes to answer each APDU. @default 0 */
  latency?: number;
  /** The id it is listed under. @default a random id */
  id?: string;
  /** Called with each command's name (never its data) before the key processes it; tests use it to pull the key out mid-operation. */
  onCommand?: (name: string) => void;
  /** HID framing the key speaks. */
  framing?: HidFramingOptions;
}

/** A software e-key. */
export interface VirtualEKey {
  readonly descriptor: EKeyDescriptor;
  /** The key's certificate, PEM. */
  readonly certificate: string;
  /** The 65-byte uncompressed public key. */
  readonly publicKey: Uint8Array;
  /** True while the key is plugged in. */
  readonly present: boolean;
  /** Wrong PINs still allowed before the key locks. */
  readonly retriesLeft: number;
  /** Processes one command APDU and returns the response APDU, as the card would. */
  process(apdu: Uint8Array): Uint8Array;
  /** Opens the key as a raw HID device (exclusive, like a real key). */
  openHidDevice(): HidDevice;
  /** Opens a framed HID {@link Transport} to the key. */
  openTransport(options?: { timeout?: number }): Transport;
  /** Pulls the key out: pending reads fail with KeyRemovedError, and opening fails with NoKeyError. */
  remove(): void;
  /** Plugs the key back in; the PIN must be verified again. */
  insert(): void;
}

/**
 * Creates a virtual e-key with an SM2 key pair, a certificate and a PIN that locks after `maxPinTries` wrong tries.
 *
 * @example
 * ```ts
 * const key = createVirtualEKey({ pin: '12345678' });
 * const signer = createEKeySigner({ transport: key.openTransport(), pin: '12345678' });
 * ```
 */
export function createVirtualEKey(options: VirtualEKeyOptions): VirtualEKey {
  const privateKey = options.privateKey ?? generateSm2KeyPair().privateKey;
  const certificate = options.certificate ?? createSelfSignedSm2Certificate({ privateKey, subject: options.subject ?? { commonName: 'exlic virtual e-key' } });
  const certificateDer = fromPem('CERTIFICATE', certificate);
  const maxPinTries = options.maxPinTries ?? 6;
  const pin = utf8(options.pin);
  const latency = options.latency ?? 0;
  const framing = options.framing ?? {};
  const id = options.id ?? `virtual-${Math.random().toString(36).slice(2, 10)}`;

  let present = true;
  let retriesLeft = maxPinTries;
  let selected = false;
  let verified = false;
  let openDevice: { fail(error: Error): void } | undefined;

  const answer = (statusWord: number, data: Uint8Array = new Uint8Array(0)) => encodeResponse({ data, statusWord });

  const handle = (command: CommandApdu): Uint8Array => {
    if (command.cla !== 0x00) return answer(StatusWord.CLA_NOT_SUPPORTED);
    switch (command.ins) {
      case Ins.SELECT:
        selected = command.p1 === 0x04 && command.data !== undefined && equalBytes(command.data, EKEY_AID);
        verified = false;
        return answer(selected ? StatusWord.OK : StatusWord.FILE_NOT_FOUND);
      case Ins.VERIFY: {
        if (!selected) return answer(StatusWord.CONDITIONS_NOT_SATISFIED);
        if (command.p2 !== PIN_REFERENCE) return answer(StatusWord.INCORRECT_P1_P2);
        if (retriesLeft === 0) return answer(StatusWord.AUTHENTICATION_METHOD_BLOCKED);
        // VERIFY without data asks for the retry counter (ISO 7816-4 §7.5.6).
        if (command.data === undefined) return answer(verified ? StatusWord.OK : 0x63c0 | retriesLeft);
        if (equalBytes(command.data, pin)) {
          retriesLeft = maxPinTries;
          verified = true;
          return answer(StatusWord.OK);
        }
        retriesLeft--;
        verified = false;
        return answer(retriesLeft === 0 ? StatusWord.AUTHENTICATION_METHOD_BLOCKED : 0x63c0 | retriesLeft);
      }
      case Ins.READ_BINARY: {
        if (!selected) return answer(StatusWord.CONDITIONS_NOT_SATISFIED);
        const offset = ((command.p1 & 0x7f) << 8) | command.p2;
        if (offset > certificateDer.length) return answer(StatusWord.WRONG_PARAMETERS);
        const le = command.le === undefined || command.le === 0 ? 65536 : command.le;
        return answer(StatusWord.OK, certificateDer.subarray(offset, offset + le));
      }
      case Ins.PSO: {
        if (command.p1 !== 0x9e || command.p2 !== 0x9a) return answer(StatusWord.INCORRECT_P1_P2);
        if (!selected || !verified) return answer(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        if (command.data?.length !== 32) return answer(StatusWord.WRONG_LENGTH);
        return answer(StatusWord.OK, sm2SignatureToRaw(sm2SignDigest({ privateKey, digest: command.data })));
      }
      default:
        return answer(StatusWord.INS_NOT_SUPPORTED);
    }
  };

  const process = (apdu: Uint8Array): Uint8Array => {
    if (!present) throw new KeyRemovedError();
    let command: CommandApdu;
    try {
      command = decodeApdu(apdu);
    } catch {
      return answer(StatusWord.WRONG_LENGTH);
    }
    options.onCommand?.(commandName(command));
    if (!present) throw new KeyRemovedError();
    return handle(command);
  };

  const openHidDevice = (): HidDevice => {
    if (!present) throw new NoKeyError(`The virtual e-key ${id} is not plugged in.`);
    if (openDevice) throw new KeyBusyError(`The virtual e-key ${id} is already open in another session. Close it first.`);
    const inbox: Uint8Array[] = [];
    const waiters: { resolve(report: Uint8Array | undefined): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }[] = [];
    let failure: Error | undefined;
    let reader: FrameReader | undefined;
    let channel = 0;
    const deliver = (report: Uint8Array) => {
      const waiter = waiters.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(report);
      } else inbox.push(report);
    };
    const handleApdu = (apdu: Uint8Array, answerChannel: number) => {
      try {
        for (const report of frameApdu(process(apdu), { ...framing, channel: answerChannel })) deliver(report);
      } catch (error) {
        device.fail(error as Error);
      }
    };
    const device = {
      fail(error: Error) {
        failure = error;
        for (const waiter of waiters.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.reject(error);
        }
      },
    };
    openDevice = device;
    return {
      async write(report) {
        if (failure) throw failure;
        // Like a Ledger-style device, the key answers on the channel the command came on, which is how the host pairs answers with commands.
        if (reader === undefined) {
          channel = ((report[0] ?? 0) << 8) | (report[1] ?? 0);
          reader = createFrameReader({ ...framing, channel });
        }
        let apdu: Uint8Array | undefined;
        try {
          apdu = reader.push(report);
        } catch (error) {
          reader = undefined;
          throw error;
        }
        if (apdu === undefined) return;
        reader = undefined;
        const answerChannel = channel;
        if (latency > 0) setTimeout(() => handleApdu(apdu, answerChannel), latency);
        else queueMicrotask(() => handleApdu(apdu, answerChannel));
      },
      read(timeout) {
        if (failure) return Promise.reject(failure);
        const next = inbox.shift();
        if (next) return Promise.resolve(next);
        return new Promise((resolve, reject) => {
          const waiter = { resolve, reject, timer: setTimeout(() => {
            waiters.splice(waiters.indexOf(waiter), 1);
            resolve(undefined);
          }, timeout) };
          waiters.push(waiter);
        });
      },
      async close() {
        if (openDevice === device) openDevice = undefined;
      },
    };
  };

  return {
    descriptor: { kind: 'virtual', path: id, product: 'exlic virtual e-key' },
    certificate,
    publicKey: sm2PublicKey(privateKey),
    get present() {
      return present;
    },
    get retriesLeft() {
      return retriesLeft;
    },
    process,
    openHidDevice,
    openTransport: (transportOptions = {}) => createHidTransport({ device: openHidDevice(), ...framing, ...(transportOptions.timeout === undefined ? {} : { timeout: transportOptions.timeout }) }),
    remove() {
      present = false;
      selected = false;
      verified = false;
      openDevice?.fail(new KeyRemovedError());
      openDevice = undefined;
    },
    insert() {
      present = true;
    },
  };
}

/** Lists and opens virtual e-keys the way {@link TransportFactory} does for USB ones. */
export function createVirtualTransportFactory(options: { keys: readonly VirtualEKey[] }): TransportFactory {
  return {
    list: () => Promise.resolve(options.keys.filter((key) => key.present).map((key) => key.descriptor)),
    open(openOptions: OpenTransportOptions = {}) {
      const key = options.keys.find((candidate) => candidate.present && (openOptions.descriptor === undefined || candidate.descriptor.path === openOptions.descriptor.path));
      if (!key) return Promise.reject(new NoKeyError('No virtual e-key is plugged in. Create one with createVirtualEKey().'));
      try {
        return Promise.resolve(key.openTransport(openOptions.timeout === undefined ? {} : { timeout: openOptions.timeout }));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}
