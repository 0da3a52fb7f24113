/** The device seam, in the manner of Ledger's hw-transport: list and open e-keys, exchange APDUs, close. */
import { KeyRemovedError, ProtocolError, SignerError, SignerTimeoutError, isProtocolError, isSignerError } from './errors';
import type { Framing, HidFramingOptions } from './hid-framing';
import { createDefaultFraming } from './hid-framing';
import { createSerialQueue } from './internal/serial-queue';

/** One e-key that {@link TransportFactory.list} found. */
export interface EKeyDescriptor {
  /** `hid` for a USB e-key, `virtual` for a software one. */
  kind: 'hid' | 'virtual';
  /** The identifier to open it by (a HID path, or the virtual key's id). */
  path: string;
  product?: string;
  serialNumber?: string;
}

/** A channel to one opened e-key that carries command APDUs and returns response APDUs (data ‖ SW1 SW2). */
export interface Transport {
  /** Sends one command APDU and resolves with the response APDU; exchanges are serialised. */
  exchange(apdu: Uint8Array): Promise<Uint8Array>;
  /** Releases the device. */
  close(): Promise<void>;
}

/** Options of {@link TransportFactory.open}. */
export interface OpenTransportOptions {
  /** Which key to open. @default the first one listed */
  descriptor?: EKeyDescriptor;
  /** Milliseconds to wait for each response. @default 30000 */
  timeout?: number;
}

/** Lists and opens e-keys of one kind (USB HID, virtual). */
export interface TransportFactory {
  list(): Promise<EKeyDescriptor[]>;
  open(options?: OpenTransportOptions): Promise<Transport>;
}

/** A raw HID device: fixed-size output and input reports. node-hid and the virtual key both provide one. */
export interface HidDevice {
  write(report: Uint8Array): Promise<void>;
  /** Resolves with the next input report, or `undefined` when `timeout` ms pass without one. */
  read(timeout: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/** An answer the transport set aside because it did not belong to the exchange being read. */
export interface DiscardedAnswer {
  /** Why: a report on another exchange's channel, a repeated report, or one drained after a timeout. */
  reason: string;
  /** The report's size in bytes (its content is not passed on: it may be a signature or certificate). */
  size: number;
}

/** Options of {@link createHidTransport}. */
export interface HidTransportOptions extends HidFramingOptions {
  device: HidDevice;
  /** How APDUs become reports and answers are paired with commands. @default createDefaultFraming({ channel, reportSize }) */
  framing?: Framing;
  /** Milliseconds to wait for each response report. @default 30000 */
  timeout?: number;
  /** Milliseconds of quiet that end the drain after a timeout or a framing error: reports arriving until then are set aside. @default 20 */
  drainTimeout?: number;
  /** Called for every report set aside (a late, duplicated or stray answer), so it is reported rather than silently lost. */
  onDiscard?: (discarded: DiscardedAnswer) => void;
}

// Bounds on what a misbehaving device can make the transport read: strays while waiting for one answer, and reports drained at once.
const MAX_STRAY_REPORTS = 4096;

/**
 * Creates a {@link Transport} that frames APDUs into HID reports on `device` (see the README for the framing). Every exchange is paired with its answer: a late, duplicated or unmatched answer is set aside and reported through `onDiscard`, never returned to a later command, and after a timeout the device is drained before the next command.
 *
 * @example
 * ```ts
 * const transport = createHidTransport({ device: virtualKey.openHidDevice() });
 * const response = await transport.exchange(apdu);
 * ```
 */
export function createHidTransport(options: HidTransportOptions): Transport {
  const { device } = options;
  const timeout = options.timeout ?? 30_000;
  const drainTimeout = options.drainTimeout ?? 20;
  const framing = options.framing ?? createDefaultFraming({ ...(options.channel === undefined ? {} : { channel: options.channel }), ...(options.reportSize === undefined ? {} : { reportSize: options.reportSize }) });
  const queue = createSerialQueue();
  const discard = (reason: string, report: Uint8Array) => options.onDiscard?.({ reason, size: report.length });
  let closed = false;
  let tag = 0;
  let unsettled = false;

  // After a timeout or a broken answer the device may still send the rest: read until it is quiet, so nothing of it is left for the next command.
  const drain = async () => {
    for (let count = 0; count < MAX_STRAY_REPORTS; count++) {
      const report = await device.read(drainTimeout);
      if (report === undefined) {
        unsettled = false;
        return;
      }
      discard('drained after a timeout or a broken answer', report);
    }
    throw new ProtocolError(`The e-key kept sending reports after a timeout (${MAX_STRAY_REPORTS} drained). Unplug it and plug it back in.`);
  };

  const exchangeOnce = async (apdu: Uint8Array): Promise<Uint8Array> => {
    if (closed) throw new SignerError('This e-key transport is closed. Open a new one.');
    try {
      if (unsettled) await drain();
      const current = tag;
      tag = (tag + 1) % 0xffff;
      for (const report of framing.encode(apdu, current)) await device.write(report);
      const reader = framing.createReader(current);
      for (let strays = 0; ; ) {
        const report = await device.read(timeout);
        if (report === undefined) {
          unsettled = true;
          throw new SignerTimeoutError('The e-key', timeout);
        }
        const step = reader.push(report);
        if (step.kind === 'complete') return step.apdu;
        if (step.kind === 'stray') {
          discard(step.reason, report);
          if (++strays > MAX_STRAY_REPORTS) throw new ProtocolError(`The e-key sent over ${MAX_STRAY_REPORTS} reports that answer no pending command. Unplug it and plug it back in.`);
        }
      }
    } catch (error) {
      if (isProtocolError(error)) unsettled = true;
      if (isSignerError(error)) throw error;
      // node-hid reports an unplugged device as a failed read or write.
      throw new KeyRemovedError({ cause: error });
    }
  };
  return {
    exchange: (apdu) => queue.run(() => exchangeOnce(apdu)),
    async close() {
      if (closed) return;
      closed = true;
      await device.close();
    },
  };
}
