import { describe, expect, it } from 'vitest';
import { isDeviceStatusError, isKeyLockedError, isWrongPinError } from './errors';
import { statusWordName, statusWordToError } from './status-words';

describe('statusWordToError', () => {
  it.each([
    [0x63c3, 'WrongPinError'],
    [0x63c0, 'KeyLockedError'],
    [0x6983, 'KeyLockedError'],
    [0x6982, 'DeviceStatusError'],
    [0x6a82, 'DeviceStatusError'],
  ] as const)('maps status word %i to %s', (statusWord, name) => {
    expect(statusWordToError({ command: 'SIGN', statusWord }).name).toBe(name);
  });

  it('names the command and the status word in hex', () => {
    const error = statusWordToError({ command: 'SIGN', statusWord: 0x6982, cause: new Error('x') });
    expect(isDeviceStatusError(error)).toBe(true);
    expect(error.message).toBe('The e-key answered SIGN with SECURITY_STATUS_NOT_SATISFIED (0x6982).');
    expect((error.cause as Error).message).toBe('x');
    expect(isWrongPinError(statusWordToError({ command: 'VERIFY PIN', statusWord: 0x63c2 }))).toBe(true);
    expect(isKeyLockedError(statusWordToError({ command: 'VERIFY PIN', statusWord: 0x6983 }))).toBe(true);
    expect(statusWordName(0x1234)).toBe('UNKNOWN_STATUS');
  });
});
