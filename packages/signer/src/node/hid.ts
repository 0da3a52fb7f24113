/** USB HID e-keys through node-hid, loaded lazily so the package installs and runs without it. */
import { createRequire } from 'node:module';
import { HidUnavailableError, KeyBusyError, NoKeyError } from '../errors';
import type { Framing, HidFramingOptions } from '../hid-framing';
import type { DiscardedAnswer, EKeyDescriptor, HidDevice, OpenTransportOptions, Transport, TransportFactory } from '../transport';
import { createHidTransport } from '../transport';

/** The node-hid calls used here, so its types do not leak into ours. */
interface NodeHidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
}
interface NodeHidAsync {
  write(values: number[] | Buffer): Promise<number>;
  read(timeout?: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}
/** @internal The node-hid module surface this file needs. */
export interface NodeHidModule {
  devicesAsync(): Promise<NodeHidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<NodeHidAsync> };
}

/** Options of {@link createHidTransportFactory}. */
export interface HidTransportFactoryOptions extends HidFramingOptions {
  /** Which HID devices are e-keys. @default devices with a vendor-defined usage page (0xFF00 and up) */
  filter?: (device: { vendorId: number; productId: number; usagePage?: number; product?: string }) => boolean;
  /** How APDUs become reports for this key model. @default createDefaultFraming({ channel, reportSize }) */
  framing?: Framing;
  /** Called for every report set aside (a late, duplicated or stray answer). */
  onDiscard?: (discarded: DiscardedAnswer) => void;
  /** @internal Replaces `require('node-hid')`, for tests. */
  loadHid?: () => NodeHidModule;
}

const LIBUSB_HINT = 'node-hid cannot load its native library libusb-1.0 (libusb-1.0.so.0 is missing). On Debian or Ubuntu install the package libusb-1.0-0: `sudo apt-get install libusb-1.0-0`.';

/** @internal Maps a node-hid load failure to a clear HidUnavailableError. */
export function hidLoadError(error: unknown): HidUnavailableError {
  const message = error instanceof Error ? error.message : String(error);
  if (/libusb/i.test(message)) return new HidUnavailableError(LIBUSB_HINT, { cause: error });
  if (/Cannot find module 'node-hid'|MODULE_NOT_FOUND/.test(message)) {
    return new HidUnavailableError('node-hid is not installed, so USB e-keys cannot be reached. Install it with `npm install node-hid` (it is an optional dependency of @exlic/signer).', { cause: error });
  }
  return new HidUnavailableError(`node-hid failed to load: ${message}`, { cause: error });
}

const isLibraryFailure = (error: unknown): boolean => /libusb|hidapi|shared object|MODULE_NOT_FOUND|Cannot find module|dlopen/i.test(error instanceof Error ? error.message : String(error));

function defaultLoad(): NodeHidModule {
  // createRequire keeps node-hid out of bundles and out of module evaluation until a HID e-key is asked for.
  return createRequire(import.meta.url)('node-hid') as NodeHidModule;
}

/**
 * Creates the USB HID factory: `list()` finds e-keys, `open()` returns a framed APDU {@link Transport}.
 *
 * @example
 * ```ts
 * import { createHidTransportFactory } from '@exlic/signer/node';
 * const hid = createHidTransportFactory({ filter: (d) => d.vendorId === 0x096e });
 * const [first] = await hid.list();
 * const signer = createEKeySigner({ transport: await hid.open({ descriptor: first }), pin });
 * ```
 */
export function createHidTransportFactory(options: HidTransportFactoryOptions = {}): TransportFactory {
  const filter = options.filter ?? ((device) => (device.usagePage ?? 0) >= 0xff00);
  let hid: NodeHidModule | undefined;
  const load = (): NodeHidModule => {
    if (hid) return hid;
    try {
      hid = (options.loadHid ?? defaultLoad)();
    } catch (error) {
      throw hidLoadError(error);
    }
    return hid;
  };
  const list = async (): Promise<EKeyDescriptor[]> => {
    const module = load();
    let devices: NodeHidDeviceInfo[];
    try {
      // node-hid 3 binds libusb when first used, not when required.
      devices = await module.devicesAsync();
    } catch (error) {
      throw hidLoadError(error);
    }
    return devices
      .filter((device) => device.path !== undefined && filter({ vendorId: device.vendorId, productId: device.productId, ...(device.usagePage === undefined ? {} : { usagePage: device.usagePage }), ...(device.product === undefined ? {} : { product: device.product }) }))
      .map((device) => ({ kind: 'hid', path: device.path ?? '', ...(device.product === undefined ? {} : { product: device.product }), ...(device.serialNumber === undefined ? {} : { serialNumber: device.serialNumber }) }));
  };
  return {
    list,
    async open(openOptions: OpenTransportOptions = {}): Promise<Transport> {
      const descriptor = openOptions.descriptor ?? (await list())[0];
      if (!descriptor) throw new NoKeyError('No USB e-key is plugged in. Plug it in, or pass `filter` if your key model is not found.');
      let device: NodeHidAsync;
      try {
        device = await load().HIDAsync.open(descriptor.path);
      } catch (error) {
        // A missing library is not a busy key: say what list() says.
        if (isLibraryFailure(error)) throw hidLoadError(error);
        throw new KeyBusyError(`Cannot open the e-key at ${descriptor.path}: another program may hold it, or this user lacks permission (udev rule).`, { cause: error });
      }
      const hidDevice: HidDevice = {
        // hidapi wants a leading report id byte; 0 means "no numbered reports".
        write: async (report) => {
          await device.write(Buffer.concat([Buffer.of(0), Buffer.from(report)]));
        },
        read: async (timeout) => {
          const data = await device.read(timeout);
          return data === undefined || data.length === 0 ? undefined : new Uint8Array(data);
        },
        close: () => device.close(),
      };
      return createHidTransport({ device: hidDevice, ...(options.framing === undefined ? {} : { framing: options.framing }), ...(options.onDiscard === undefined ? {} : { onDiscard: options.onDiscard }), ...(options.channel === undefined ? {} : { channel: options.channel }), ...(options.reportSize === undefined ? {} : { reportSize: options.reportSize }), ...(openOptions.timeout === undefined ? {} : { timeout: openOptions.timeout }) });
    },
  };
}

/**
 * USB HID e-keys with the default filter.
 *
 * @example
 * ```ts
 * import { hidEKeys } from '@exlic/signer/node';
 * const keys = await hidEKeys.list(); // [] when none is plugged in
 * ```
 */
export const hidEKeys: TransportFactory = createHidTransportFactory();
