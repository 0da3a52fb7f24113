import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWithEngine } from './engine';
import { check } from './index';

describe('check', () => {
  it('never throws on any JSON value, and bad input always comes back as violations', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = check(value, { asOf: '2026-09-01' });
        expect(Array.isArray(result.violations)).toBe(true);
        expect(result.valid).toBe(false); // no arbitrary value is a complete application
        expect(result.violations.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on objects shaped like applications with arbitrary values', () => {
    const field = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(null));
    const shaped = fc.record({
      goods: fc.dictionary(fc.constantFrom('hsCode', 'totalQuantity', 'approvalNo', 'x'), field),
      specs: fc.array(fc.dictionary(fc.constantFrom('spec', 'quantity', 'unitPrice', 'totalPrice', 'vin', 'brand', 'attachments'), field), { maxLength: 25 }),
      validUntil: field,
      other: fc.dictionary(fc.constantFrom('appliedOn', 'additionalInfo', 'extendedPrinting'), field),
      attachments: fc.array(fc.dictionary(fc.constantFrom('id', 'type', 'size'), field), { maxLength: 3 }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(shaped, (value) => {
      expect(() => check(value, { asOf: '2026-09-01' })).not.toThrow();
    }), { numRuns: 500 });
  });

  it('survives hostile inputs: throwing getters, cycles, functions', async () => {
    const hostile = Object.defineProperty({}, 'goods', { enumerable: true, get: () => { throw new Error('boom'); } });
    const cyclic: Record<string, unknown> = { specs: [] };
    cyclic.self = cyclic;
    for (const input of [hostile, cyclic, { pledge: () => true }, undefined, Symbol('x'), 10n]) {
      const result = check(input);
      expect(result.valid).toBe(false);
      expect((await checkWithEngine(input)).violations).toEqual(result.violations);
    }
  });
});
