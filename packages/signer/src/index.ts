// @exlic/signer: browser-safe core. Node-only pieces (node-hid, native SM2, ws, the emulator, RSA) live in '@exlic/signer/node'.
export type { SignatureAlgorithm, SignatureResult, Signer } from './signer';
export {
  SignerError,
  NoKeyError,
  WrongPinError,
  KeyLockedError,
  KeyRemovedError,
  SignerTimeoutError,
  KeyBusyError,
  DeviceStatusError,
  HidUnavailableError,
  ClientControlError,
  ReplayError,
  isSignerError,
  isNoKeyError,
  isWrongPinError,
  isKeyLockedError,
  isKeyRemovedError,
  isSignerTimeoutError,
  isKeyBusyError,
  isDeviceStatusError,
  isHidUnavailableError,
  isClientControlError,
  isReplayError,
} from './errors';
export type { SignerErrorOptions } from './errors';
export { sm3 } from './sm3';
export {
  SM2_DEFAULT_USER_ID,
  SM2P256V1,
  pureSm2Engine,
  createPureSm2Engine,
  generateSm2KeyPair,
  sm2PublicKey,
  sm2UserIdDigest,
  sm2MessageDigest,
  encodeSm2Signature,
  decodeSm2Signature,
  sm2SignatureFromRaw,
  sm2SignatureToRaw,
} from './sm2';
export type { Sm2CurveParameters, Sm2Engine, Sm2SignOptions, Sm2VerifyOptions } from './sm2';
export { encodeSm2PrivateKeyPem, decodePrivateKeyPem } from './sm2-keys';
export type { DecodedPrivateKey } from './sm2-keys';
export { createSelfSignedSm2Certificate, parseCertificate } from './certificate';
export type { CertificateInfo, CertificateSubject, SelfSignedCertificateOptions } from './certificate';
export { encodeApdu, decodeApdu, decodeResponse, encodeResponse, commands, EKEY_AID } from './apdu';
export type { CommandApdu, ResponseApdu } from './apdu';
export { StatusWord, statusWordName, statusWordToError } from './status-words';
export { frameApdu, createFrameReader, HID_TAG_APDU } from './hid-framing';
export type { FrameReader, HidFramingOptions } from './hid-framing';
export { createHidTransport } from './transport';
export type { EKeyDescriptor, HidDevice, HidTransportOptions, OpenTransportOptions, Transport, TransportFactory } from './transport';
export { createVirtualEKey, createVirtualTransportFactory } from './virtual-ekey';
export type { VirtualEKey, VirtualEKeyOptions } from './virtual-ekey';
export { createEKeySigner } from './ekey-signer';
export type { EKeySignerOptions } from './ekey-signer';
export { createSoftwareSigner } from './software-signer';
export type { SoftwareSignerOptions } from './software-signer';
export { verifySignature } from './verify';
export type { VerifySignatureOptions } from './verify';
export { bindingProof, bindingPayload, certificateFingerprint, verifyBindingProof } from './binding';
export type { BindingProof, BindingProofOptions, VerifyBindingProofOptions } from './binding';
export { createReplayTransport, createRecordingTransport, parseReplayFixture, REDACTED_PIN } from './replay';
export type { Exchange, RecordingTransport, ReplayTransport } from './replay';
export { createClientControlSigner } from './client-control/client-control-signer';
export type { CardInfo, ClientControlSigner, ClientControlSignerOptions, WebSocketConstructor, WebSocketLike } from './client-control/client-control-signer';
export {
  CLIENT_CONTROL_URL,
  ClientControlMethod,
  EmulatorErrorCode,
  MAX_BLOCK_BYTES,
  checkCode,
  splitBlocks,
  encodeFrames,
  encodeFrameHeader,
  decodeFrame,
  createFrameAssembler,
  createReply,
  isFrame,
  needsFrames,
} from './client-control/protocol';
export type { ClientControlCall, ClientControlReply, FrameAssembler, FrameHeader } from './client-control/protocol';
// Intentionally not exported: createSm2Curve and sm2SignDigest (fixed-nonce signing exists for the standard's vectors only).
