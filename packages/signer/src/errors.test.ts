import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isKeyLockedError, isSignerError, isWrongPinError, KeyLockedError, WrongPinError } from './errors';

describe('the signer error guards', () => {
  it('recognise errors made in this realm by their name', () => {
    const error = new WrongPinError(3);
    expect(isWrongPinError(error)).toBe(true);
    expect(isSignerError(error)).toBe(true);
    expect(isKeyLockedError(error)).toBe(false);
    expect(isKeyLockedError(new KeyLockedError())).toBe(true);
  });

  it('recognise a branded error thrown in another realm (node:vm), where instanceof fails', () => {
    const foreign: unknown = runInNewContext(`(() => { const e = new Error('The PIN is wrong.'); e.name = 'WrongPinError'; e.exlic = true; return e; })()`);
    expect(foreign instanceof Error).toBe(false);
    expect(isWrongPinError(foreign)).toBe(true);
    expect(isSignerError(foreign)).toBe(true);
  });

  it('refuse look-alikes without the brand, errors of other packages, and hostile getters', () => {
    expect(isSignerError(Object.assign(new Error('x'), { name: 'WrongPinError' }))).toBe(false);
    expect(isSignerError(Object.assign(new Error('x'), { name: 'LifecycleError', exlic: true }))).toBe(false);
    const hostile = Object.defineProperty({}, 'exlic', { get: () => { throw new Error('boom'); } });
    expect(isSignerError(hostile)).toBe(false);
    expect(isSignerError(null)).toBe(false);
  });
});
