/** Record an e-key session once to a text fixture and replay it in CI (after Ledger's hw-transport-mocker RecordStore). */
import { Ins } from './apdu';
import { ReplayError } from './errors';
import { fromHex, toHex } from './internal/bytes';
import type { Transport } from './transport';

/** What stands in for a VERIFY command's data in a fixture, so fixtures never hold a PIN. */
export const REDACTED_PIN = '[PIN]';

/** One recorded exchange: a command APDU and the response the key gave, both as hex. */
export interface Exchange {
  command: string;
  response: string;
}

const isVerify = (apdu: Uint8Array): boolean => apdu[1] === Ins.VERIFY && apdu.length > 5;

function commandLine(apdu: Uint8Array, isPinCommand: (apdu: Uint8Array) => boolean = isVerify): string {
  // The PIN travels in VERIFY's data field: keep the header, drop the rest.
  return isPinCommand(apdu) ? `${toHex(apdu.subarray(0, 4))} ${REDACTED_PIN}` : toHex(apdu);
}

/** Parses a fixture: lines `=> apdu hex` and `<= response hex`, `#` comments and blank lines ignored. */
export function parseReplayFixture(text: string): Exchange[] {
  const exchanges: Exchange[] = [];
  let pending: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('=>')) {
      if (pending !== undefined) throw new ReplayError(`Fixture line ${index + 1}: two commands in a row; each "=>" needs a "<=" answer.`);
      pending = line.slice(2).trim().toLowerCase();
    } else if (line.startsWith('<=')) {
      if (pending === undefined) throw new ReplayError(`Fixture line ${index + 1}: a response without a command.`);
      exchanges.push({ command: pending.replace(REDACTED_PIN.toLowerCase(), REDACTED_PIN), response: line.slice(2).trim().toLowerCase() });
      pending = undefined;
    } else throw new ReplayError(`Fixture line ${index + 1}: expected "=> hex" or "<= hex", got ${JSON.stringify(line.slice(0, 20))}.`);
  });
  if (pending !== undefined) throw new ReplayError('The fixture ends with a command that has no response.');
  return exchanges;
}

/** A transport that replays a fixture; `close()` fails if recorded exchanges were never used. */
export interface ReplayTransport extends Transport {
  /** Throws a ReplayError when exchanges are left over. */
  assertDone(): void;
}

/**
 * Creates a transport that answers from a recorded fixture and fails on any APDU the recording does not expect next.
 *
 * @example
 * ```ts
 * const transport = createReplayTransport({ fixture: readFileSync('sign.apdu', 'utf8') });
 * const signer = createEKeySigner({ transport, pin: '12345678' });
 * ```
 */
export function createReplayTransport(options: { fixture: string; /** Which command carries the PIN. @default VERIFY (INS 0x20) with data */ isPinCommand?: (apdu: Uint8Array) => boolean }): ReplayTransport {
  const exchanges = parseReplayFixture(options.fixture);
  let position = 0;
  const assertDone = () => {
    if (position < exchanges.length) throw new ReplayError(`The replayed session ended with ${exchanges.length - position} recorded exchange(s) unused, the next being "=> ${exchanges[position]?.command}".`);
  };
  return {
    exchange(apdu) {
      const expected = exchanges[position];
      const actual = commandLine(apdu, options.isPinCommand);
      if (!expected) return Promise.reject(new ReplayError(`Unexpected APDU "=> ${actual}": the recording has only ${exchanges.length} exchange(s).`));
      if (expected.command !== actual) return Promise.reject(new ReplayError(`Unexpected APDU at exchange ${position + 1}: got "=> ${actual}", the recording expects "=> ${expected.command}".`));
      position++;
      return Promise.resolve(fromHex(expected.response));
    },
    assertDone,
    close() {
      try {
        assertDone();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}

/** A transport that passes exchanges through and keeps them for a fixture. */
export interface RecordingTransport extends Transport {
  /** The session so far as fixture text (PINs redacted). */
  fixture(): string;
}

/**
 * Wraps a transport to record its session as a fixture for {@link createReplayTransport}.
 *
 * @example
 * ```ts
 * const recorder = createRecordingTransport({ transport: await hidEKeys.open() });
 * // … sign once …
 * writeFileSync('sign.apdu', recorder.fixture());
 * ```
 */
export function createRecordingTransport(options: { transport: Transport; /** Which command carries the PIN (its data is masked). @default VERIFY (INS 0x20) with data */ isPinCommand?: (apdu: Uint8Array) => boolean }): RecordingTransport {
  const lines: string[] = ['# exlic e-key session: "=>" command APDU, "<=" response APDU (hex); VERIFY data is redacted.'];
  return {
    async exchange(apdu) {
      const response = await options.transport.exchange(apdu);
      lines.push(`=> ${commandLine(apdu, options.isPinCommand)}`, `<= ${toHex(response)}`);
      return response;
    },
    fixture: () => `${lines.join('\n')}\n`,
    close: () => options.transport.close(),
  };
}
