// @exlic/signer/protocol: the wire-level pieces, browser-safe: ISO 7816-4 APDUs and status words, the HID framing, record/replay fixtures, and the client control's calls and BLOCKTXT frames. For a new key profile or a test double; signing needs only '@exlic/signer'.
export { encodeApdu, decodeApdu, decodeResponse, encodeResponse, commands, EKEY_AID } from './apdu';
export type { CommandApdu, ResponseApdu } from './apdu';
export { StatusWord, statusWordName, statusWordToError } from './status-words';
export { frameApdu, createFrameReader, createDefaultFraming, HID_TAG_APDU } from './hid-framing';
export type { FrameReader, Framing, FramingReader, FramingStep, HidFramingOptions } from './hid-framing';
export { createReplayTransport, createRecordingTransport, parseReplayFixture, REDACTED_PIN } from './replay';
export type { Exchange, RecordingTransport, ReplayTransport } from './replay';
export {
  CLIENT_CONTROL_URL,
  CLIENT_CONTROL_WSS_URL,
  CLIENT_CONTROL_STATUS_OK,
  CLIENT_CONTROL_GREETING,
  clientControlUrlFor,
  ClientControlMethod,
  EmulatorErrorCode,
  MAX_BLOCK_BYTES,
  MAX_REPLY_LENGTH,
  checkCode,
  splitBlocks,
  encodeFrames,
  encodeFrameHeader,
  decodeFrame,
  createFrameAssembler,
  createReply,
  isFrame,
  needsFrames,
  parseReply,
  parseMessage,
  createGreeting,
  flattenReply,
} from './client-control/protocol';
export type { ClientControlCall, ClientControlReply, FrameAssembler, FrameAssemblerOptions, FrameHeader, ParsedMessage, ParsedReply } from './client-control/protocol';
