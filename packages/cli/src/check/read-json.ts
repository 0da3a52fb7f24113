import { isSafeNumber, parse as parseLossless } from 'lossless-json';

/**
 * One item of a sample file: an application's JSON text (with its index and the line it starts on;
 * parsed later by {@link parseJsonExact}, on a worker thread when there are several), or a part that cannot be read.
 */
export type ReadItem =
  | { readonly kind: 'text'; readonly index: number; readonly line: number; readonly text: string }
  | { readonly kind: 'error'; readonly line: number; readonly message: string };

/** Longest line or element read, so one file without line breaks cannot take all memory. */
const MAX_ITEM_CHARS = 64 * 1024 * 1024;

// A number written with 16 or more digits, or with an exponent, may not survive a double: such text is read losslessly.
const MAYBE_INEXACT = /\d{16}|\d[eE][+-]?\d|\d\.\d{15}/;

/**
 * Parses one JSON text, exactly: a number a double cannot hold exactly (12345678901234567890.123, 1e400)
 * comes back as its decimal text, which the checker reads exactly or reports as `format.decimal`.
 */
export function parseJsonExact(text: string): unknown {
  if (!MAYBE_INEXACT.test(text)) return JSON.parse(text);
  // The pattern also matches inside strings (a VIN such as "JTDBR32E0X0012345" reads as 2E0): when no number
  // outside a string matches, JSON.parse reads it exactly, some ten times faster than the lossless reader. Text
  // JSON.parse refuses still goes to the lossless reader below, whose message is the one reported.
  if (!hasInexactNumber(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Reported by the lossless reader, as before.
    }
  }
  try {
    return parseLossless(text, undefined, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
  } catch (error) {
    // lossless-json recurses: nesting thousands deep overflows it where JSON.parse does not. Read it with JSON.parse
    // then (the checker cuts such nesting at its deepest sane path, and reports a number beyond a double as not finite).
    if (error instanceof RangeError) return JSON.parse(text);
    throw error;
  }
}

const LENIENT = new TextDecoder('utf-8');

/** True when String.prototype.trim would leave nothing of this line (the rule both the splitter and the checker count items by). */
export function isBlankLine(bytes: Uint8Array, start: number, end: number): boolean {
  if (start >= end) return true;
  const first = bytes[start]!;
  // The usual case: a line starting with a printable ASCII character other than a space.
  if (first > 0x20 && first < 0x7f) return false;
  return LENIENT.decode(bytes.subarray(start, end)).trim() === '';
}


// True when a number token of the JSON text (outside strings) may not survive a double (MAYBE_INEXACT on the token).
function hasInexactNumber(text: string): boolean {
  const length = text.length;
  for (let i = 0; i < length; ) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      // A string: skip to its closing quote, escapes included.
      for (i += 1; i < length; ) {
        const inner = text.charCodeAt(i);
        if (inner === 92) i += 2;
        else if (inner === 34) break;
        else i += 1;
      }
      i += 1;
    } else if (code === 45 || (code >= 48 && code <= 57)) {
      const start = i;
      for (i += 1; i < length; i += 1) {
        const next = text.charCodeAt(i);
        if (!((next >= 48 && next <= 57) || next === 46 || next === 101 || next === 69 || next === 43 || next === 45)) break;
      }
      if (MAYBE_INEXACT.test(text.slice(start, i))) return true;
    } else i += 1;
  }
  return false;
}

/** Decodes UTF-8 strictly, chunk by chunk; a byte sequence that is not UTF-8 throws a TypeError. */
async function* decodeStrict(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/** NDJSON: one application per non-blank line; a broken line is one error naming it, and the lines after it are still read. */
export async function* readNdjson(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<ReadItem> {
  let pending = '';
  let line = 0;
  let index = 0;
  let skipping = false;
  const take = (text: string): ReadItem | undefined => {
    line += 1;
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    return { kind: 'text', index: index++, line, text: trimmed };
  };
  try {
    for await (const text of decodeStrict(chunks)) {
      pending += text;
      let start = 0;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
        if (skipping) {
          skipping = false;
          line += 1;
        } else {
          const item = take(pending.slice(start, end));
          if (item) yield item;
        }
        start = end + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_ITEM_CHARS && !skipping) {
        yield { kind: 'error', line: line + 1, message: `line ${line + 1} is longer than ${MAX_ITEM_CHARS / 1024 / 1024} MB; skipped` };
        skipping = true;
      }
      if (skipping) pending = '';
    }
  } catch (error) {
    yield { kind: 'error', line: line + 1, message: `not valid UTF-8 text (from line ${line + 1} on): ${(error as Error).message}; save the file as UTF-8` };
    return;
  }
  if (!skipping) {
    const item = take(pending);
    if (item) yield item;
  }
}

/** A run of whole NDJSON lines, as bytes, with the number of the first line and the index of its first application. */
export interface NdjsonLines {
  readonly kind: 'lines';
  readonly bytes: Uint8Array;
  readonly firstLine: number;
  readonly firstIndex: number;
  /** How many applications (non-blank lines) it holds. */
  readonly count: number;
  /** A run of one line of HUGE_LINE_BYTES or more, which the main thread checks itself (see HUGE_LINE_BYTES). */
  readonly huge?: true;
}

/**
 * A line this long runs alone and is checked on the main thread: parsed, a few megabytes of hostile JSON (millions
 * of numbers) can take hundreds of megabytes, which would exhaust a worker's small heap and end the whole process.
 */
export const HUGE_LINE_BYTES = 4 * 1024 * 1024;

/** A run ends after about this many bytes or this many lines: a few hundred applications, worth a message to a worker thread. */
const RUN_BYTES = 256 * 1024;
const RUN_LINES = 500;

/**
 * NDJSON, cut into runs of whole lines without decoding them (the checker decodes, parses and reports each line, on a
 * worker thread when there are several): this thread only finds line breaks and counts the non-blank lines, so the
 * lines after a run are numbered before it is checked. A line longer than 64 MB is one error and is skipped.
 */
export async function* readNdjsonLines(chunks: AsyncIterable<Uint8Array | string>, runBytes = RUN_BYTES): AsyncGenerator<NdjsonLines | ReadItem> {
  let carry: Buffer[] = []; // the bytes of a line not yet ended, in pieces (joined once its end comes)
  let carried = 0;
  let line = 1; // the number of the next line to start
  let index = 0;
  let skipping = false; // inside a line that is too long, until its end
  for await (const chunk of chunks) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (skipping) {
      const end = bytes.indexOf(10);
      if (end < 0) continue;
      bytes = bytes.subarray(end + 1);
      skipping = false;
      line += 1;
    }
    const firstBreak = bytes.indexOf(10);
    if (firstBreak < 0) {
      carry.push(bytes);
      carried += bytes.length;
      if (carried > MAX_ITEM_CHARS) {
        yield { kind: 'error', line, message: `line ${line} is longer than ${MAX_ITEM_CHARS / 1024 / 1024} MB; skipped` };
        carry = [];
        carried = 0;
        skipping = true;
      }
      continue;
    }
    const buffer = carried > 0 ? Buffer.concat([...carry, bytes]) : bytes;
    let scan = carried > 0 ? carried + firstBreak : firstBreak; // the first line break in buffer
    carry = [];
    carried = 0;
    let start = 0; // start of the line being counted
    let runStart = 0;
    let runLine = line;
    let runIndex = index;
    while (scan >= 0) {
      const huge = scan - start >= HUGE_LINE_BYTES;
      if (huge && start > runStart) {
        yield { kind: 'lines', bytes: buffer.subarray(runStart, start), firstLine: runLine, firstIndex: runIndex, count: index - runIndex };
        runStart = start;
        runLine = line;
        runIndex = index;
      }
      if (!isBlankLine(buffer, start, scan)) index += 1;
      line += 1;
      start = scan + 1;
      if (huge || start - runStart >= runBytes || line - runLine >= RUN_LINES) {
        yield { kind: 'lines', bytes: buffer.subarray(runStart, start), firstLine: runLine, firstIndex: runIndex, count: index - runIndex, ...(huge ? { huge } : {}) };
        runStart = start;
        runLine = line;
        runIndex = index;
      }
      scan = buffer.indexOf(10, start);
    }
    if (start > runStart) yield { kind: 'lines', bytes: buffer.subarray(runStart, start), firstLine: runLine, firstIndex: runIndex, count: index - runIndex };
    if (start < buffer.length) {
      carry.push(buffer.subarray(start));
      carried = buffer.length - start;
    }
  }
  if (!skipping && carried > 0) {
    const bytes = Buffer.concat(carry);
    yield { kind: 'lines', bytes, firstLine: line, firstIndex: index, count: isBlankLine(bytes, 0, bytes.length) ? 0 : 1, ...(bytes.length >= HUGE_LINE_BYTES ? { huge: true as const } : {}) };
  }
}

/**
 * JSON: one application, a JSON array of applications (read element by element, never whole), or
 * several JSON values one after another (as standard input may carry NDJSON). A broken element is one
 * error naming its line; reading goes on after it where the structure allows.
 */
export async function* readJson(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<ReadItem> {
  let buffer = '';
  let pos = 0; // next character of buffer to scan
  let line = 1; // line of buffer[pos]
  let depth = 0;
  let inString = false;
  let escaped = false;
  let arrayMode = false;
  let start = -1; // start of the current element in buffer, -1 when between elements
  let startLine = 0;
  let index = 0;
  let seenValue = false;
  const emit = (end: number): ReadItem => {
    const item: ReadItem = { kind: 'text', index: index++, line: startLine, text: buffer.slice(start, end) };
    start = -1;
    return item;
  };
  const scan = function* (final: boolean): Generator<ReadItem> {
    for (; pos < buffer.length; pos += 1) {
      const code = buffer.charCodeAt(pos);
      if (code === 10) line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (code === 92) escaped = true;
        else if (code === 34) inString = false;
        continue;
      }
      const level = arrayMode ? 1 : 0; // the depth the applications sit at
      if (start < 0) {
        // Between applications: white space, the list's commas and brackets.
        if (code === 32 || code === 10 || code === 13 || code === 9) continue;
        if (!arrayMode && depth === 0 && code === 91 && !seenValue) {
          arrayMode = true;
          depth = 1;
          continue;
        }
        if (arrayMode && code === 44) continue;
        if (arrayMode && code === 93) {
          arrayMode = false;
          depth = 0;
          continue;
        }
        start = pos;
        startLine = line;
        seenValue = true;
      }
      if (code === 34) inString = true;
      else if (code === 123 || code === 91) depth += 1;
      else if (code === 125 || code === 93) {
        depth -= 1;
        if (depth === level) yield emit(pos + 1);
        else if (depth < level) {
          // A primitive element ended by the list's "]", or a stray closing bracket.
          depth = level;
          if (arrayMode && code === 93) {
            yield emit(pos);
            arrayMode = false;
            depth = 0;
          } else yield emit(pos + 1);
        }
      } else if (depth === level && (code === 44 || code === 32 || code === 10 || code === 13 || code === 9)) {
        // The end of a number, string, true, false or null at the application level.
        yield emit(pos);
      }
    }
    if (!final) return;
    if (start >= 0) {
      if (depth > (arrayMode ? 1 : 0) || inString) {
        start = -1;
        yield { kind: 'error', line: startLine, message: `the value starting on line ${startLine} is cut off: the file ends inside it` };
      } else yield emit(buffer.length);
    }
    if (arrayMode) yield { kind: 'error', line, message: 'the list is not closed: "]" is missing at the end' };
  };
  try {
    for await (const text of decodeStrict(chunks)) {
      buffer += text;
      yield* scan(false);
      // Drop what is read; keep the element being read.
      const keep = start >= 0 ? start : pos;
      if (keep > 0) {
        buffer = buffer.slice(keep);
        pos -= keep;
        if (start >= 0) start = 0;
      }
      if (start >= 0 && buffer.length > MAX_ITEM_CHARS) {
        yield { kind: 'error', line: startLine, message: `the value starting on line ${startLine} is longer than ${MAX_ITEM_CHARS / 1024 / 1024} MB; not read` };
        return;
      }
    }
  } catch (error) {
    yield { kind: 'error', line, message: `not valid UTF-8 text (from line ${line} on): ${(error as Error).message}; save the file as UTF-8` };
    return;
  }
  yield* scan(true);
}
