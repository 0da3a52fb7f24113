import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isCanonicalizationError } from './canonical-json';
import { SdkError, createErrorGuard, isSdkError } from './errors';
import { isLifecycleError } from './lifecycle';

class ExampleError extends SdkError {
  override name = 'ExampleError' as const;
}
const isExampleError = createErrorGuard<ExampleError>('ExampleError');

/** The same classes, defined from their own source text inside a fresh `node:vm` realm (its own Error, Object, …). */
function foreignError(name: string): unknown {
  return runInNewContext(`(() => { const SdkError = (${SdkError.toString()}); return new (class extends SdkError { name = ${JSON.stringify(name)}; })('from another realm'); })()`);
}

describe('createErrorGuard', () => {
  it('recognises an error by brand and name, in this realm', () => {
    const error = new ExampleError('boom');
    expect(isExampleError(error)).toBe(true);
    expect(isSdkError(error)).toBe(true);
    expect(isExampleError(new SdkError('other'))).toBe(false);
    expect(isSdkError(new Error('plain'))).toBe(false);
  });

  it('recognises an error thrown in another realm, where instanceof fails', () => {
    const error = foreignError('ExampleError');
    expect(error instanceof Error).toBe(false);
    expect(isExampleError(error)).toBe(true);
    expect(isSdkError(error)).toBe(true);
    expect(isLifecycleError(foreignError('LifecycleError'))).toBe(true);
    expect(isCanonicalizationError(foreignError('CanonicalizationError'))).toBe(true);
    expect(isLifecycleError(error)).toBe(false);
  });

  it('refuses look-alikes without the brand and never throws on hostile objects', () => {
    expect(isExampleError({ name: 'ExampleError', message: 'x' })).toBe(false);
    expect(isExampleError({ name: 'ExampleError', message: 'x', exlic: 'yes' })).toBe(false);
    expect(isSdkError({ exlic: true })).toBe(false);
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(isSdkError(hostile)).toBe(false);
    for (const value of [null, undefined, 0, 'ExampleError', Symbol('x')]) expect(isSdkError(value)).toBe(false);
  });
});
