/**
 * The Single Window client control's (客户端控件) WebSocket protocol: JSON calls and replies, and BLOCKTXT frames for large calls.
 *
 * Sources (public; facts only, no code copied): the page script 中国电子口岸数据中心 "JavaScript Library v1.3.9 For
 * 客户端控件 v1.5.12" (LastModifyDate 2019-09-05; e.g. the copy in the GitHub repository Weasley-J/chinaport-data-signature,
 * chinaport-data-signature-app/src/main/resources/static/client.js), which picks
 * `ws://127.0.0.1:61232` for pages served over http and `wss://wss.singlewindow.cn:61231` otherwise, dispatches every
 * message by its `_method`, and splits long calls into BLOCKTXT frames; and the public sample
 * github.com/SunJ-Code399/sign-server (README, websocket_wrapper), which documents the control's greeting on connect
 * (`{"_id":0,"_method":"open","_status":"00",…}`, no `_args`), the `_status` `"00"` of a good reply, replies nested
 * (`{_id,_method,_status,_args:{Result,Data,Error}}`) or flat (`{Result,Data,Error}`), and `cus-sec_SpcSignDataAsPEM`
 * answering `Data[0]` = signature, `Data[1]` = certificate number.
 */
import { ProtocolError } from '../errors';

/** The default address of the control on the user's machine: what the page script uses for pages served over http. */
export const CLIENT_CONTROL_URL = 'ws://127.0.0.1:61232';

/**
 * The control's address for pages served over https (the page script's choice there): a public name that resolves to
 * the user's own machine, where the control listens with a certificate for it. Pass it as the signer's `url` in a
 * browser page served over https; exlic's tests never use it (they talk to the emulator on loopback).
 */
export const CLIENT_CONTROL_WSS_URL = 'wss://wss.singlewindow.cn:61231';

/** The `_status` of a reply the control handled: anything else is a failure of the call. */
export const CLIENT_CONTROL_STATUS_OK = '00';

/** The `_method` of the greeting the control sends once on every new connection, before any call. */
export const CLIENT_CONTROL_GREETING = 'open';

/** The address to use for a page loaded with `protocol` (`location.protocol`): {@link CLIENT_CONTROL_WSS_URL} for `https:`, else {@link CLIENT_CONTROL_URL}, as the page script chooses. */
export function clientControlUrlFor(protocol: string): string {
  return protocol === 'https:' ? CLIENT_CONTROL_WSS_URL : CLIENT_CONTROL_URL;
}

/** A call: `{"_method":"cus-sec_SpcSignDataAsPEM","_id":1,"args":{…}}`. */
export interface ClientControlCall {
  _method: string;
  _id: number;
  args: Record<string, unknown>;
}

/**
 * A reply: `_args.Result` says success, `Data` holds results, `Error` holds a message and a code such as `Err:Base60408`.
 * A flat reply (`{Result,Data,Error}` without `_method`, which some controls send) is read into the same shape without `_method`.
 */
export interface ClientControlReply {
  _id?: number;
  /** The method answered; absent in a flat reply. */
  _method?: string;
  _status?: string;
  _args: { Result: boolean; Data: unknown[]; Error: string[] };
}

/** The method names this package calls and its emulator answers. */
export const ClientControlMethod = {
  signDataAsPem: 'cus-sec_SpcSignDataAsPEM',
  getSignCertAsPem: 'cus-sec_SpcGetSignCertAsPEM',
  getCardId: 'cus-sec_SpcGetCardID',
  getCertNo: 'cus-sec_SpcGetCertNo',
  getUserName: 'cus-sec_SpcGetUName',
  getEntName: 'cus-sec_SpcGetEntName',
  verifyPin: 'cus-sec_SpcVerifyPIN',
  nextBlock: '_nextBlock',
} as const;

/** The frame size limit: a call longer than this (counted as the control counts, see {@link splitBlocks}) travels in frames. */
export const MAX_BLOCK_BYTES = 120 * 1024;

/** Length of the BLOCKTXT header in characters. */
const FRAME_HEADER_LENGTH = 128;

/** The header fields of one frame. */
export interface FrameHeader {
  /** Check code of the whole message. */
  checkCode: string;
  /** Check code of this block. */
  blockCheckCode: string;
  /** Length of the whole message, in UTF-16 code units. */
  totalLength: number;
  /** Length of this block, in UTF-16 code units. */
  blockLength: number;
  blockCount: number;
  /** The group id shared by all frames of one message (a 36-character GUID). */
  guid: string;
  /** This block's index, from 0. */
  blockIndex: number;
}

/**
 * The control's check code: CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF) over the low byte of each UTF-16 code unit, printed as 4 upper-case hex digits with its two bytes swapped.
 *
 * @example
 * ```ts
 * checkCode('123456789'); // '374B' (CRC-16/MODBUS 0x4B37, bytes swapped)
 * ```
 */
export function checkCode(text: string): string {
  let crc = 0xffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  const swapped = ((crc & 0xff) << 8) | (crc >>> 8);
  return swapped.toString(16).toUpperCase().padStart(4, '0');
}

/** Splits text into blocks the way the control's page script does: characters above U+00FF count 3 bytes, others 1, and a block closes once it passes `maxBytes - 3`. */
export function splitBlocks(text: string, options: { maxBytes?: number } = {}): string[] {
  const maxBytes = options.maxBytes ?? MAX_BLOCK_BYTES;
  const blocks: string[] = [];
  let count = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    count += text.charCodeAt(i) > 0xff ? 3 : 1;
    if (count > maxBytes - 3) {
      blocks.push(text.slice(start, i + 1));
      start = i + 1;
      count = 0;
    }
  }
  if (start !== text.length) blocks.push(text.slice(start));
  return blocks;
}

const pad = (value: string | number, length: number): string => String(value).padStart(length, '0').slice(0, length);

/** Writes the 128-character header: `BLOCKTXT`, check code (4), block check code (4), total length (16), block length (8), block count (4), guid (36), block index (4), then zeros. */
export function encodeFrameHeader(header: FrameHeader): string {
  const text = `BLOCKTXT${pad(header.checkCode, 4)}${pad(header.blockCheckCode, 4)}${pad(header.totalLength, 16)}${pad(header.blockLength, 8)}${pad(header.blockCount, 4)}${pad(header.guid, 36)}${pad(header.blockIndex, 4)}`;
  return text.padEnd(FRAME_HEADER_LENGTH, '0');
}

/** True when a WebSocket message is a frame rather than a JSON call. */
export function isFrame(message: string): boolean {
  return message.startsWith('BLOCKTXT');
}

/** Splits a frame into its header and block; throws a `ProtocolError` on a frame that is too short or has a non-numeric field. */
export function decodeFrame(message: string): { header: FrameHeader; block: string } {
  if (!isFrame(message) || message.length < FRAME_HEADER_LENGTH) throw new ProtocolError(`Not a BLOCKTXT frame: ${message.length} characters where a frame has a ${FRAME_HEADER_LENGTH}-character header.`);
  const field = (start: number, length: number) => message.slice(start, start + length);
  const number = (name: string, start: number, length: number) => {
    const text = field(start, length);
    if (!/^\d+$/.test(text)) throw new ProtocolError(`BLOCKTXT frame field ${name} is not a decimal number.`);
    return Number(text);
  };
  return {
    header: {
      checkCode: field(8, 4),
      blockCheckCode: field(12, 4),
      totalLength: number('total length', 16, 16),
      blockLength: number('block length', 32, 8),
      blockCount: number('block count', 40, 4),
      guid: field(44, 36),
      blockIndex: number('block index', 80, 4),
    },
    block: message.slice(FRAME_HEADER_LENGTH),
  };
}

/** Turns a message into frames (header + block each); the caller sends frame 0, then each frame the control asks for with `_nextBlock`. */
export function encodeFrames(text: string, options: { guid: string; maxBytes?: number }): string[] {
  const blocks = splitBlocks(text, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  const total = checkCode(text);
  return blocks.map((block, blockIndex) => `${encodeFrameHeader({ checkCode: total, blockCheckCode: checkCode(block), totalLength: text.length, blockLength: block.length, blockCount: blocks.length, guid: options.guid, blockIndex })}${block}`);
}

/** True when a call must travel in frames. */
export function needsFrames(text: string, options: { maxBytes?: number } = {}): boolean {
  return splitBlocks(text, options).length > 1;
}

/** Builds a reply (the nested shape; {@link flattenReply} gives the flat one). */
export function createReply(call: { _method: string; _id?: number }, result: { ok: true; data: unknown[] } | { ok: false; error: string[] }): ClientControlReply & { _method: string } {
  return {
    ...(call._id === undefined ? {} : { _id: call._id }),
    _method: call._method,
    _status: '00',
    _args: result.ok ? { Result: true, Data: result.data, Error: [] } : { Result: false, Data: [], Error: result.error },
  };
}

/** The flat shape of a reply: `{Result,Data,Error}` only, as some controls answer. */
export function flattenReply(reply: ClientControlReply): ClientControlReply['_args'] {
  return { Result: reply._args.Result, Data: reply._args.Data, Error: reply._args.Error };
}

/** The greeting the control sends on connect. */
export function createGreeting(): { _id: number; _method: string; _status: string } {
  return { _id: 0, _method: CLIENT_CONTROL_GREETING, _status: CLIENT_CONTROL_STATUS_OK };
}

/** The receiving side of frames: collects blocks per guid and says which block to ask for next. */
export interface FrameAssembler {
  /** Takes one frame; throws a `ProtocolError` on a malformed frame, a group over the limits, or a message that fails its check code. */
  push(message: string): { kind: 'next'; guid: string; next: number; ok: boolean } | { kind: 'complete'; guid: string; text: string };
  /** Characters held in incomplete groups. */
  readonly bufferedLength: number;
  /** Drops every incomplete group. */
  clear(): void;
}

/** Limits of {@link createFrameAssembler}: what one peer can make it hold. */
export interface FrameAssemblerOptions {
  /** The longest message, in UTF-16 code units. @default 16 MiB */
  maxMessageLength?: number;
  /** Incomplete groups held at once; the oldest is dropped past it. @default 4 */
  maxGroups?: number;
  /** Characters held across incomplete groups; the oldest groups are dropped past it. @default 32 MiB */
  maxBufferedLength?: number;
  /** Milliseconds an incomplete group is kept after its last frame. @default 60000 */
  groupTimeout?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

interface Group {
  blocks: (string | undefined)[];
  length: number;
  totalLength: number;
  checkCode: string;
  touched: number;
}

/** Creates a {@link FrameAssembler}; a block whose check code fails is asked for again. Groups have size, count and time limits, so a peer cannot make it hold unbounded memory. */
export function createFrameAssembler(options: FrameAssemblerOptions = {}): FrameAssembler {
  const maxMessageLength = options.maxMessageLength ?? 16 * 1024 * 1024;
  const maxGroups = options.maxGroups ?? 4;
  const maxBufferedLength = options.maxBufferedLength ?? 32 * 1024 * 1024;
  const groupTimeout = options.groupTimeout ?? 60_000;
  const now = options.now ?? Date.now;
  const groups = new Map<string, Group>();
  let buffered = 0;
  const drop = (guid: string) => {
    const group = groups.get(guid);
    if (!group) return;
    buffered -= group.length;
    groups.delete(guid);
  };
  return {
    get bufferedLength() {
      return buffered;
    },
    clear() {
      groups.clear();
      buffered = 0;
    },
    push(message) {
      const { header, block } = decodeFrame(message);
      const time = now();
      for (const [guid, group] of groups) if (time - group.touched > groupTimeout) drop(guid);
      if (header.totalLength > maxMessageLength) throw new ProtocolError(`Frames of ${header.guid} announce a message of ${header.totalLength} characters, over the limit of ${maxMessageLength}.`);
      if (header.blockCount < 1 || header.blockIndex >= header.blockCount || header.blockCount > header.totalLength + 1) throw new ProtocolError(`Frame ${header.blockIndex} of ${header.blockCount} of ${header.guid} does not fit its group.`);
      let group = groups.get(header.guid);
      if (group && (group.blocks.length !== header.blockCount || group.totalLength !== header.totalLength || group.checkCode !== header.checkCode)) {
        drop(header.guid);
        throw new ProtocolError(`Frames of ${header.guid} disagree on the message's length, block count or check code.`);
      }
      if (!group) {
        group = { blocks: new Array<string | undefined>(header.blockCount), length: 0, totalLength: header.totalLength, checkCode: header.checkCode, touched: time };
        groups.set(header.guid, group);
        // The oldest incomplete groups give way to new ones.
        for (const guid of groups.keys()) if (groups.size > maxGroups) drop(guid);
      }
      group.touched = time;
      const ok = block.length === header.blockLength && checkCode(block) === header.blockCheckCode;
      if (ok && group.blocks[header.blockIndex] === undefined) {
        if (group.length + block.length > group.totalLength) {
          drop(header.guid);
          throw new ProtocolError(`Frames of ${header.guid} carry more than the ${header.totalLength} characters they announce.`);
        }
        group.blocks[header.blockIndex] = block;
        group.length += block.length;
        buffered += block.length;
        for (const guid of groups.keys()) if (buffered > maxBufferedLength && guid !== header.guid) drop(guid);
      }
      let missing: number | undefined;
      for (let i = 0; i < group.blocks.length; i++) {
        if (group.blocks[i] === undefined) {
          missing = i;
          break;
        }
      }
      if (missing !== undefined) return { kind: 'next', guid: header.guid, next: missing, ok };
      drop(header.guid);
      const text = group.blocks.join('');
      if (text.length !== header.totalLength || checkCode(text) !== header.checkCode) throw new ProtocolError(`Frames of ${header.guid} reassemble to a message that fails its check code.`);
      return { kind: 'complete', guid: header.guid, text };
    },
  };
}

/** The longest message the client-control signer accepts from the control, in UTF-16 code units. */
export const MAX_REPLY_LENGTH = 16 * 1024 * 1024;

/** What {@link parseReply} makes of one text message from the control. */
export type ParsedReply = { ok: true; reply: ClientControlReply } | { ok: false; reason: string };

/**
 * What {@link parseMessage} makes of one text message from the control: its greeting, a reply (nested or flat), or an
 * invalid message with the reason and, when the message names one, the `_id` and `_method` it claims to answer.
 */
export type ParsedMessage =
  | { kind: 'greeting'; status?: string }
  | { kind: 'reply'; shape: 'nested' | 'flat'; reply: ClientControlReply }
  | { kind: 'invalid'; reason: string; id?: number; method?: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readArgs(args: Record<string, unknown>, what: string): ClientControlReply['_args'] | string {
  const { Result, Data = [], Error: errors = [] } = args;
  if (typeof Result !== 'boolean' || !Array.isArray(Data) || !Array.isArray(errors)) return `a ${what} whose arguments lack Result, Data or Error`;
  return { Result, Data: Data as unknown[], Error: errors.map((e) => (typeof e === 'string' ? e : (JSON.stringify(e) ?? ''))) };
}

/**
 * Reads one message from the control defensively: the `open` greeting, a nested reply
 * `{ _method, _id?, _status?, _args: { Result, Data, Error } }`, a flat reply `{ Result, Data, Error }`, or the reason it
 * is none of them. Never throws.
 */
export function parseMessage(message: unknown): ParsedMessage {
  if (typeof message !== 'string') return { kind: 'invalid', reason: 'a binary message' };
  if (message.length > MAX_REPLY_LENGTH) return { kind: 'invalid', reason: `a message of ${message.length} characters, over the limit of ${MAX_REPLY_LENGTH}` };
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return { kind: 'invalid', reason: 'a message that is not JSON' };
  }
  if (!isRecord(value)) return { kind: 'invalid', reason: 'JSON that is not an object' };
  const id = Number.isSafeInteger(value._id) ? (value._id as number) : undefined;
  const method = typeof value._method === 'string' ? value._method : undefined;
  const claims = { ...(id === undefined ? {} : { id }), ...(method === undefined ? {} : { method }) };
  if (value._id !== undefined && id === undefined) return { kind: 'invalid', reason: 'a reply whose _id is not an integer', ...claims };
  const status = typeof value._status === 'string' ? value._status : undefined;
  if (method === CLIENT_CONTROL_GREETING && value._args === undefined) return { kind: 'greeting', ...(status === undefined ? {} : { status }) };
  if (method === undefined) {
    if (value._args !== undefined || value._method !== undefined) return { kind: 'invalid', reason: 'a reply without a string _method', ...claims };
    const args = readArgs(value, 'flat reply');
    if (typeof args === 'string') return { kind: 'invalid', reason: args, ...claims };
    return { kind: 'reply', shape: 'flat', reply: { ...(id === undefined ? {} : { _id: id }), ...(status === undefined ? {} : { _status: status }), _args: args } };
  }
  if (!isRecord(value._args)) return { kind: 'invalid', reason: `a ${method} reply without _args`, ...claims };
  const args = readArgs(value._args, `${method} reply`);
  if (typeof args === 'string') return { kind: 'invalid', reason: args, ...claims };
  return { kind: 'reply', shape: 'nested', reply: { ...(id === undefined ? {} : { _id: id }), _method: method, ...(status === undefined ? {} : { _status: status }), _args: args } };
}

/** Reads a reply defensively (nested or flat; see {@link parseMessage}), or the reason it is not one; the greeting is not a reply. Never throws. */
export function parseReply(message: unknown): ParsedReply {
  const parsed = parseMessage(message);
  if (parsed.kind === 'reply') return { ok: true, reply: parsed.reply };
  return { ok: false, reason: parsed.kind === 'greeting' ? "the control's open greeting" : parsed.reason };
}

/** Error codes the emulator sends for e-key failures and the client maps to typed errors. The real control's codes for these cases are not public; against it they arrive as ClientControlError. */
export const EmulatorErrorCode = {
  noKey: 'Err:ExlicNoKey',
  wrongPin: 'Err:ExlicWrongPin',
  locked: 'Err:ExlicLocked',
  removed: 'Err:ExlicRemoved',
  busy: 'Err:ExlicBusy',
  badRequest: 'Err:ExlicBadRequest',
} as const;
