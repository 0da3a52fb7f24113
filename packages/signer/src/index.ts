// @exlic/signer: what you sign with, browser-safe. Wire-level pieces (APDUs, status words, HID framing, record/replay, the client control's frames) are in '@exlic/signer/protocol'; Node-only signers and node-hid in '@exlic/signer/node'; the client-control emulator in '@exlic/signer/testing'.
export type { SignatureAlgorithm, SignatureResult, Signer } from './signer';
export {
  SignerError,
  NoKeyError,
  WrongPinError,
  InvalidPinError,
  KeyLockedError,
  KeyRemovedError,
  SignerTimeoutError,
  KeyBusyError,
  DeviceStatusError,
  HidUnavailableError,
  ClientControlError,
  ProtocolError,
  ReplayError,
  isSignerError,
  isNoKeyError,
  isWrongPinError,
  isInvalidPinError,
  isKeyLockedError,
  isKeyRemovedError,
  isSignerTimeoutError,
  isKeyBusyError,
  isDeviceStatusError,
  isHidUnavailableError,
  isClientControlError,
  isProtocolError,
  isReplayError,
} from './errors';
export type { SignerErrorOptions } from './errors';
export { sm3 } from '@exlic/core';
export {
  SM2_DEFAULT_USER_ID,
  pureSm2Engine,
  createPureSm2Engine,
  generateSm2KeyPair,
  sm2PublicKey,
  sm2MessageDigest,
  encodeSm2Signature,
  decodeSm2Signature,
  sm2SignatureFromRaw,
  sm2SignatureToRaw,
} from './sm2';
export type { Sm2Engine, Sm2SignOptions, Sm2VerifyOptions } from './sm2';
export { encodeSm2PrivateKeyPem, decodePrivateKeyPem } from './sm2-keys';
export type { DecodedPrivateKey } from './sm2-keys';
export { createSelfSignedSm2Certificate, parseCertificate } from './certificate';
export type { CertificateInfo, CertificateSubject, SelfSignedCertificateOptions } from './certificate';
export { verifySignature } from './verify';
export type { VerifySignatureOptions } from './verify';
export { bindingProof, bindingPayload, certificateFingerprint, verifyBindingProof } from './binding';
export type { BindingProof, BindingProofOptions, VerifyBindingProofOptions } from './binding';
export { createEKeySigner } from './ekey-signer';
export type { EKeySignerOptions } from './ekey-signer';
export { createCommandSet, defaultCommandSet } from './command-set';
export type { CommandSet, CommandSetOptions } from './command-set';
export { createHidTransport } from './transport';
export type { DiscardedAnswer, EKeyDescriptor, HidDevice, HidTransportOptions, OpenTransportOptions, Transport, TransportFactory } from './transport';
export { createVirtualEKey, createVirtualTransportFactory } from './virtual-ekey';
export type { VirtualEKey, VirtualEKeyOptions } from './virtual-ekey';
export { createSoftwareSigner } from './software-signer';
export type { SoftwareSignerOptions } from './software-signer';
export { createClientControlSigner } from './client-control/client-control-signer';
export { CLIENT_CONTROL_URL, CLIENT_CONTROL_WSS_URL, clientControlUrlFor } from './client-control/protocol';
export type { CardInfo, ClientControlSigner, ClientControlSignerOptions, WebSocketConstructor, WebSocketLike } from './client-control/client-control-signer';
// Intentionally not exported: createSm2Curve and sm2SignDigest (fixed-nonce signing exists for the standard's vectors only); SM2P256V1 and sm2UserIdDigest stay internal (the curve and the first step of sm2MessageDigest).
