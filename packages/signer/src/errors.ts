import { SdkError, createErrorGuard } from '@exlic/core';

/** Options every signer error accepts: the underlying failure, passed through as `cause`. */
export interface SignerErrorOptions {
  /** The error that led to this one. */
  cause?: unknown;
}

/** The base class of every error `@exlic/signer` throws; messages and properties never carry a PIN or key material. */
export class SignerError extends SdkError {
  override name: string = 'SignerError';
}

/** No e-key is plugged in, or the one asked for is not there. */
export class NoKeyError extends SignerError {
  override name = 'NoKeyError' as const;
}

/** The e-key refused the PIN; `retriesLeft` says how many tries remain before it locks (`undefined` when the key or control did not say). */
export class WrongPinError extends SignerError {
  override name = 'WrongPinError' as const;
  constructor(
    readonly retriesLeft: number | undefined,
    options?: SignerErrorOptions,
  ) {
    super(`The e-key refused the PIN: ${retriesLeft === undefined ? 'an unknown number of' : retriesLeft} ${retriesLeft === 1 ? 'try' : 'tries'} left before it locks. Check the PIN; do not retry blindly.`, options);
  }
}

/** The PIN was refused before it reached the key (empty, or longer than a key accepts), so no try was spent. */
export class InvalidPinError extends SignerError {
  override name = 'InvalidPinError' as const;
}

/** The device, the client control or a socket sent something that does not follow the protocol (malformed, unmatched or out of order); the pending call fails with this instead of crashing or reading the wrong answer. */
export class ProtocolError extends SignerError {
  override name = 'ProtocolError' as const;
}

/** The e-key is locked after too many wrong PINs and must be unlocked by its issuer. */
export class KeyLockedError extends SignerError {
  override name = 'KeyLockedError' as const;
  constructor(options?: SignerErrorOptions) {
    super('The e-key is locked after too many wrong PINs. Have it unlocked by the issuing authority (the MOFCOM e-key service desk).', options);
  }
}

/** The e-key was pulled out while an operation was running or before it could start. */
export class KeyRemovedError extends SignerError {
  override name = 'KeyRemovedError' as const;
  constructor(options?: SignerErrorOptions) {
    super('The e-key was removed during the operation. Plug it back in and sign again.', options);
  }
}

/** The e-key or the client control did not answer in time. */
export class SignerTimeoutError extends SignerError {
  override name = 'SignerTimeoutError' as const;
  constructor(
    readonly operation: string,
    readonly timeout: number,
    options?: SignerErrorOptions,
  ) {
    super(`${operation} got no answer within ${timeout} ms. Check that the e-key is plugged in and not held by another program, or raise \`timeout\`.`, options);
  }
}

/** Another program holds the e-key (or the client control is serving another caller). */
export class KeyBusyError extends SignerError {
  override name = 'KeyBusyError' as const;
}

/** The e-key answered an APDU with a status word other than 9000 that has no more specific error. */
export class DeviceStatusError extends SignerError {
  override name = 'DeviceStatusError' as const;
  constructor(
    readonly command: string,
    readonly statusWord: number,
    readonly statusName: string,
    options?: SignerErrorOptions,
  ) {
    super(`The e-key answered ${command} with ${statusName} (0x${statusWord.toString(16).padStart(4, '0')}).`, options);
  }
}

/** node-hid or its native library (libusb) cannot be loaded, so USB e-keys cannot be reached. */
export class HidUnavailableError extends SignerError {
  override name = 'HidUnavailableError' as const;
}

/** The client control (客户端控件) answered a call with `Result: false`. */
export class ClientControlError extends SignerError {
  override name = 'ClientControlError' as const;
  constructor(
    readonly method: string,
    /** The control's error code, such as `Err:Base60408`, when it sent one. */
    readonly code: string | undefined,
    message: string,
    options?: SignerErrorOptions,
  ) {
    super(message, options);
  }
}

/** A replayed e-key session saw an APDU it did not expect, or ended with recorded exchanges left over. */
export class ReplayError extends SignerError {
  override name = 'ReplayError' as const;
}

const guard = <T extends SignerError>(name: string) => createErrorGuard<T>(name);

/** True when `error` is any `@exlic/signer` error, across realms and duplicate copies of the package. */
export const isSignerError = createErrorGuard<SignerError>('SignerError', 'NoKeyError', 'WrongPinError', 'KeyLockedError', 'KeyRemovedError', 'SignerTimeoutError', 'KeyBusyError', 'DeviceStatusError', 'HidUnavailableError', 'ClientControlError', 'ReplayError', 'InvalidPinError', 'ProtocolError');

/** True when `error` is a {@link NoKeyError}. */
export const isNoKeyError = guard<NoKeyError>('NoKeyError');
/** True when `error` is a {@link WrongPinError}. */
export const isWrongPinError = guard<WrongPinError>('WrongPinError');
/** True when `error` is a {@link KeyLockedError}. */
export const isKeyLockedError = guard<KeyLockedError>('KeyLockedError');
/** True when `error` is a {@link KeyRemovedError}. */
export const isKeyRemovedError = guard<KeyRemovedError>('KeyRemovedError');
/** True when `error` is a {@link SignerTimeoutError}. */
export const isSignerTimeoutError = guard<SignerTimeoutError>('SignerTimeoutError');
/** True when `error` is a {@link KeyBusyError}. */
export const isKeyBusyError = guard<KeyBusyError>('KeyBusyError');
/** True when `error` is a {@link DeviceStatusError}. */
export const isDeviceStatusError = guard<DeviceStatusError>('DeviceStatusError');
/** True when `error` is a {@link HidUnavailableError}. */
export const isHidUnavailableError = guard<HidUnavailableError>('HidUnavailableError');
/** True when `error` is a {@link ClientControlError}. */
export const isClientControlError = guard<ClientControlError>('ClientControlError');
/** True when `error` is a {@link ReplayError}. */
export const isReplayError = guard<ReplayError>('ReplayError');
/** True when `error` is an {@link InvalidPinError}. */
export const isInvalidPinError = guard<InvalidPinError>('InvalidPinError');
/** True when `error` is a {@link ProtocolError}. */
export const isProtocolError = guard<ProtocolError>('ProtocolError');
