import { runInNewContext } from 'node:vm';
import { parseApplication, type GoodsClass } from '@exlic/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_CODES, testCatalog, validApplication } from '../test/generate';
import { CheckOptionsError, check, isCheckOptionsError, requiredFields, type CheckResult } from './index';

const options = { asOf: '2026-09-01', catalog: testCatalog() };
const HIDING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const CLASSES = Object.keys(TEST_CODES) as GoodsClass[];
type Path = readonly (string | number)[];
type Json = Record<string | number, unknown>;

const key = (violation: { rule: string; path: Path }) => `${violation.rule} ${JSON.stringify(violation.path)}`;
const keys = (result: CheckResult) => result.violations.map(key).sort();

// An own, enumerable property of any name (an assignment to "__proto__" would set the prototype instead).
function setOwn(target: object, name: string | number, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function parentOf(root: Json, path: Path): Json {
  return path.slice(0, -1).reduce<Json>((node, step) => node[step] as Json, root);
}

/** The application with the fields at `paths` removed, and the same with each field moved under `hidingKey` (nested `depth` times) in its own parent. */
function hideAndRemove(app: Json, paths: readonly Path[], hidingKey: string, depth: number): { missing: Json; hidden: Json; wrappers: Path[] } {
  const missing = structuredClone(app);
  const hidden = structuredClone(app);
  const wrappers: Path[] = [];
  const chosen: Path[] = [];
  // A field inside one already moved goes with it: keep only the outermost of nested paths.
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    if (chosen.some((outer) => outer.every((step, i) => path[i] === step))) continue;
    chosen.push(path);
    const last = path[path.length - 1]!;
    delete parentOf(missing, path)[last];
    const parent = parentOf(hidden, path);
    const value = parent[last];
    delete parent[last];
    let holder: Json = parent;
    for (let level = 0; level < depth; level += 1) {
      if (!Object.prototype.hasOwnProperty.call(holder, hidingKey)) setOwn(holder, hidingKey, Object.create(null) as Json);
      holder = holder[hidingKey] as Json;
    }
    setOwn(holder, last, value);
    wrappers.push([...path.slice(0, -1), hidingKey]);
  }
  return { missing, hidden, wrappers };
}

describe('no prototype games', () => {
  it('the __proto__ repro: mandatory fields under "__proto__" are each reported missing, and the key as unknown', () => {
    const app = validApplication('general');
    const hiddenNames = ['pledge', 'customsPort', 'specs', 'attachments', 'importer', 'transportMode', 'paymentMethod'];
    const text = JSON.stringify(app).replace(/^\{/, `{"__proto__":${JSON.stringify(Object.fromEntries(hiddenNames.map((name) => [name, app[name]])))},`);
    const parsed = JSON.parse(text) as Json;
    for (const name of hiddenNames) delete parsed[name];
    expect(Object.keys(parsed)).toContain('__proto__');
    const result = check(parsed, options);
    expect(result.valid).toBe(false);
    for (const name of hiddenNames) expect(result.violations.some((violation) => violation.path[0] === name && violation.rule !== 'format.unknownField'), name).toBe(true);
    expect(result.violations.some((violation) => violation.rule === 'format.unknownField' && violation.path.join('.') === '__proto__')).toBe(true);
    expect(parseApplication(parsed).success).toBe(false);
  });

  it('a mandatory field hidden under __proto__, constructor or prototype, at any depth, gets the verdict of a missing one', () => {
    const cases = fc
      .record({ goodsClass: fc.constantFrom(...CLASSES), hidingKey: fc.constantFrom(...HIDING_KEYS), depth: fc.integer({ min: 1, max: 3 }), seed: fc.nat(), viaJson: fc.boolean() })
      .chain((base) => {
        const app = validApplication(base.goodsClass, 2) as Json;
        // Every mandatory field the application has a value for, at every depth (the application, a party, a row, an attachment).
        // (A list item has no key to hide under: JSON lists hold no names.)
        const mandatory = requiredFields(app, options).filter((path) => typeof path[path.length - 1] === 'string' && parentOf(app, path)?.[path[path.length - 1]!] !== undefined);
        return fc.subarray(mandatory, { minLength: 1 }).map((paths) => ({ ...base, app, paths }));
      });
    fc.assert(
      fc.property(cases, ({ app, paths, hidingKey, depth, viaJson }) => {
        const built = hideAndRemove(app, paths as Path[], hidingKey as string, depth as number);
        const hidden = viaJson ? (JSON.parse(JSON.stringify(built.hidden)) as Json) : built.hidden;
        const missingResult = check(built.missing, options);
        const hiddenResult = check(hidden, options);
        // The hidden fields count as missing (a field with a default, such as tradeMode, may leave that valid); the hiding key itself is an unknown field, an error.
        expect(hiddenResult.valid).toBe(false);
        // Exactly the violations of the missing fields, plus the hiding key itself reported as unknown at its path.
        const unknown = [...new Set(built.wrappers.map((path) => key({ rule: 'format.unknownField', path })))];
        expect(keys(hiddenResult)).toEqual([...keys(missingResult), ...unknown].sort());
        expect(parseApplication(hidden).success).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/** Values a hostile caller might pass: JSON junk, applications with junk, cycles, getters that throw, proxies, foreign-realm objects. */
function hostileValue(): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, Number.NaN, Infinity, -Infinity, 10n, Symbol('s'), () => 1, new Date(0)));
  const application = fc
    .tuple(fc.constantFrom(...CLASSES), fc.array(fc.tuple(fc.constantFrom('', 'goods', 'specs', 'other', 'exporter'), fc.constantFrom('x', '__proto__', 'constructor', 'prototype', 'quantity', 'pledge'), junk), { maxLength: 4 }), fc.nat(3))
    .map(([goodsClass, edits, twist]) => {
      const app = validApplication(goodsClass) as Json;
      for (const [where, name, value] of edits) {
        const target = (where === '' ? app : where === 'specs' ? (app.specs as Json[])[0] : app[where]) as Json | undefined;
        if (target && typeof target === 'object') setOwn(target, name, value);
      }
      if (twist === 1) (app.goods as Json).self = app; // a cycle with an extra field
      if (twist === 2) Object.defineProperty(app, 'goods', { enumerable: true, get: () => { throw new Error('boom'); } });
      if (twist === 3) return new Proxy(app, { ownKeys: () => { throw new Error('trap'); } });
      return app;
    });
  const foreign = fc.jsonValue().map((value) => runInNewContext(`(${JSON.stringify(JSON.stringify(value))})`) as unknown).map((text) => runInNewContext('JSON.parse', {})(text) as unknown);
  return fc.oneof(junk, application, foreign);
}

describe('check and parseApplication agree', () => {
  it('never throws on any application value, and is never valid where parseApplication rejects', () => {
    fc.assert(
      fc.property(hostileValue(), (value) => {
        const result = check(value, options);
        const parsed = parseApplication(value);
        if (!parsed.success) expect(result.valid).toBe(false);
        if (result.valid) expect(parsed.success).toBe(true);
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});

describe('options are checked', () => {
  const app = validApplication('general');
  it.each([
    ['asOf', { asOf: null }],
    ['asOf', { asOf: '' }],
    ['asOf', { asOf: 'garbage' }],
    ['asOf', { asOf: '2026-02-30' }],
    ['asOf', { asOf: 20260101 }],
    ['phase', { phase: 'submit' }],
    ['profile', { profile: 'staging' }],
    ['ruleSet', { ruleSet: {} }],
    ['ruleSet', { ruleSet: { version: '1', rules: [{ id: 'x' }] } }],
    ['catalog', { catalog: [] }],
    ['options', null],
    ['options', 'declare'],
  ])('refuses a bad %s with a CheckOptionsError naming it', (option, given) => {
    let caught: unknown;
    try {
      check(app, given as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CheckOptionsError);
    expect(isCheckOptionsError(caught)).toBe(true);
    expect((caught as CheckOptionsError).option).toBe(option);
  });

  it('a real date still turns the date rules on', () => {
    const late = { ...app, validUntil: '2027-12-31', other: { appliedOn: undefined } };
    expect(check(late, { ...options, asOf: '2026-01-01' }).violations.map((violation) => violation.rule)).toContain('validity.sixMonths');
  });
});

describe('bounded work per application', () => {
  it('2,000,000 null spec rows cost one violation', () => {
    const app = { ...validApplication('general'), specs: new Array(2_000_000).fill(null) };
    const result = check(app, options);
    expect(result.violations.map(key)).toEqual([key({ rule: 'format.tooLarge', path: ['specs'] })]);
    expect(result.violations[0]!.seen).toBe(2_000_000);
  });

  it('deep nesting is one format error at the deepest sane path; a non-finite number is a decimal format error', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i += 1) deep = { a: deep };
    const result = check({ ...validApplication('general'), other: { appliedOn: '2026-09-01', extra: deep }, goods: { ...(validApplication('general').goods as Json), totalQuantity: Infinity } }, options);
    const tooDeep = result.violations.filter((violation) => violation.rule === 'format.tooDeep');
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]!.path.slice(0, 3)).toEqual(['other', 'extra', 'a']);
    expect(result.violations.filter((violation) => violation.path.join('.') === 'goods.totalQuantity').map((violation) => violation.rule)).toEqual(['format.decimal']);
  });

  it('lists at most 100 violations, then one counting the rest; echoes a short, clean prefix', () => {
    const noisy = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`x${i}`, i]));
    const result = check({ ...noisy, other: Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`y${i}`, i])) }, options);
    expect(result.violations).toHaveLength(101);
    const more = result.violations[100]!;
    expect(more.rule).toBe('check.moreViolations');
    expect(more.severity).toBe('error');
    const evil = `\u001b]0;pwned\u0007${'A'.repeat(1_000_000)}`;
    const echoed = check({ ...validApplication('general'), customsPort: evil }, options).violations.find((violation) => violation.path.join('.') === 'customsPort');
    expect(echoed).toBeDefined();
    const text = JSON.stringify(echoed);
    expect(text.length).toBeLessThan(2000);
    expect(text).not.toMatch(/\\u001b|\\u0007/);
  });
});
