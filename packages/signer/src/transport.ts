/** The device seam, in the manner of Ledger's hw-transport: list and open e-keys, exchange APDUs, close. */
import { KeyRemovedError, SignerError, SignerTimeoutError, isSignerError } from './errors';
import type { HidFramingOptions } from './hid-framing';
import { createFrameReader, frameApdu } from './hid-framing';
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

/** Options of {@link createHidTransport}. */
export interface HidTransportOptions extends HidFramingOptions {
  device: HidDevice;
  /** Milliseconds to wait for each response report. @default 30000 */
  timeout?: number;
}

/**
 * Creates a {@link Transport} that frames APDUs into HID reports on `device` (see the README for the framing).
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
  const framing: HidFramingOptions = { ...(options.channel === undefined ? {} : { channel: options.channel }), ...(options.reportSize === undefined ? {} : { reportSize: options.reportSize }) };
  const queue = createSerialQueue();
  let closed = false;

  const exchangeOnce = async (apdu: Uint8Array): Promise<Uint8Array> => {
    if (closed) throw new SignerError('This e-key transport is closed. Open a new one.');
    try {
      for (const report of frameApdu(apdu, framing)) await device.write(report);
      const reader = createFrameReader(framing);
      for (;;) {
        const report = await device.read(timeout);
        if (report === undefined) throw new SignerTimeoutError('The e-key', timeout);
        const response = reader.push(report);
        if (response !== undefined) return response;
      }
    } catch (error) {
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
