// The input stage's fast path against the reference path it replaces, as a property: over generated applications and
// many mutations of them, check()'s input stage (the one-walk fast read, defaults and computed fields filled in place)
// gives exactly what the reference gives (the deep copy, core's zod schema with its repair loop, copies filled).
// "Exactly": the same accept/reject, the same format violations, and the same application down to key order,
// prototypes and -0; and check()'s whole result equals the one built from the reference pieces.
import { Attachment, Contract, ExportLicenceApplication, Goods, Importer, OtherInfo, Party, Producer, SpecRow, type GoodsClass } from '@exlic/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, finish } from '../src/check';
import type { AppContext } from '../src/internal/context';
import { evaluateCompiled } from '../src/internal/evaluate';
import { fastReadApplication, repairReadApplication } from '../src/internal/fast-read';
import { rowShapeViolations } from '../src/internal/format-rules';
import { createContext, readApplication } from '../src/internal/normalize';
import { normalizeCheckOptions } from '../src/options';
import type { CheckOptions, CheckResult } from '../src/types';
import { TEST_CODES, generateApplications, testCatalog, validApplication } from './generate';

const options: CheckOptions = { asOf: '2026-09-01', catalog: testCatalog() };
const CLASSES = Object.keys(TEST_CODES) as GoodsClass[];
type Json = Record<string, unknown>;

/** The first difference between two values, or undefined: primitives by Object.is, objects by prototype, own keys in order, and values. */
function difference(a: unknown, b: unknown, path = '$', seen = new Set<unknown>()): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return `${path}: ${String(a)} vs ${String(b)}`;
  if (seen.has(a)) return undefined;
  seen.add(a);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.join() !== keysB.join()) return `${path}: keys ${keysA.join()} vs ${keysB.join()}`;
  for (const key of keysA) {
    const found = difference((a as Json)[key as string], (b as Json)[key as string], `${path}.${String(key)}`, seen);
    if (found) return found;
  }
  return undefined;
}

/** check() as it was before the fast path: reference read, copying context, the same rules and result. */
function referenceCheck(input: unknown): { result: CheckResult; ctx: AppContext } {
  const normalized = normalizeCheckOptions(options);
  const read = readApplication(input, { fast: false });
  const ctx = createContext(read.application, { asOf: normalized.asOf, catalog: normalized.catalog });
  const shape = rowShapeViolations(ctx.app.specs, ctx.goodsClass);
  const formatViolations = [...read.violations, ...shape];
  return { result: finish(ctx, formatViolations, evaluateCompiled(normalized.compiled, ctx, normalized.phase, normalized.profile), normalized), ctx };
}

interface Tally {
  /** Read by the fast walk. */
  fast: number;
  /** Read by the repair walk (values zod rejects, unknown keys). */
  repair: number;
  /** Left to the reference path. */
  reference: number;
}

/** Asserts that the input stage and check() give the reference's answer for `input`; says which path the fast read took. */
function assertSame(input: unknown, tally: Tally): void {
  // The raw fast read: when it answers, the reference accepts the input as it is, and parses it to the same application.
  const direct = fastReadApplication(input);
  const reference = readApplication(input, { fast: false });
  if (direct) {
    tally.fast += 1;
    expect(reference.violations).toEqual([]);
    expect(difference(direct, reference.application)).toBeUndefined();
  } else if (repairReadApplication(input)) {
    tally.repair += 1;
    expect(reference.violations.length).toBeGreaterThan(0);
  } else {
    tally.reference += 1;
  }
  // The whole input stage (fast read where it can, defaults and computed fields in place) against the reference.
  const read = readApplication(input);
  expect(read.violations).toStrictEqual(reference.violations);
  expect(difference(read.application, reference.application)).toBeUndefined();
  const { result: expected, ctx: refCtx } = referenceCheck(input);
  const ctx = createContext(read.application, { asOf: '2026-09-01', catalog: options.catalog, owned: true });
  expect(difference(ctx.app, refCtx.app)).toBeUndefined();
  expect([ctx.goodsClass, ctx.catalogEntry, ctx.catalogStatus, ctx.catalogYear, ctx.appliedOn]).toStrictEqual([refCtx.goodsClass, refCtx.catalogEntry, refCtx.catalogStatus, refCtx.catalogYear, refCtx.appliedOn]);
  // check() end to end.
  const result = check(input, options);
  expect(difference(result, expected)).toBeUndefined();
}

// Every field name of every object of the wire format, so mutations reach every leaf kind of the fast path.
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  root: Object.keys(ExportLicenceApplication.shape),
  party: Object.keys(Party.shape),
  importer: Object.keys(Importer.shape),
  contract: Object.keys(Contract.shape),
  goods: Object.keys(Goods.shape),
  other: Object.keys(OtherInfo.shape),
  spec: Object.keys(SpecRow.shape),
  producer: Object.keys(Producer.shape),
  attachment: Object.keys(Attachment.shape),
  contractDetails: ['applicantEnterprise', 'foreignContract', 'domesticAgencyContract', 'other'],
  group: ['code', 'name', 'establishedOn', 'registeredCapital', 'paymentMethod', 'agencyContractSignedOn', 'validUntil', 'domesticTransportMode', 'departureOn', 'freightTotalYuan', 'detailedUse', 'goodsDescription'],
};
const HOSTILE_KEYS = ['x', 'unknownField', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

const deep = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i += 1) value = { a: value };
  return value;
};

/** Values of every kind a field may be given: right, wrong, blank, numbers as strings, huge, deep, hostile. */
const VALUE = fc.oneof(
  fc.constantFrom<unknown>(
    '', ' ', '\u3000', '\ufeff', '  x  ', 'x', '示例', 'JPN', ' JPN ', '0200', 'electronic', 'draft', 'declared', 'general', 'vehicleUsed', 'coke', 'nonsense',
    '1.50', ' 2 ', '+.5', '-0', '-.5', '5.', '1e3', '0x10', 'abc', '12', ' 2026 ', '2026', '-0', '99999999999999999999',
    '2026-09-01', '2026-02-30', ' 2026-09-01', '2026-9-1', '2026-11-27T10:00:00+08:00', 'a'.repeat(64), 'A'.repeat(2000), 'A'.repeat(2001), ' '.repeat(2001),
    0, -0, 1, 7, 2026, 1.5, 0.1, 1e21, 1e-7, -1, 2 ** 53, Number.NaN, Infinity, -Infinity,
    true, false, null, undefined, [], [''], ['v0', 'v1'], [null], [{}], {}, { name: 'n' }, { code: ' 3501M000100Y4 ' }, new Array(51).fill('x'), new Array(3),
  ),
  fc.constantFrom<() => unknown>(
    () => deep(12),
    () => Object.create({ pledge: true, name: 'inherited' }) as unknown,
    () => Object.create(null) as unknown,
    () => new Date(0),
    () => 10n,
    () => Symbol('s'),
    () => () => 1,
    () => Object.defineProperty({}, 'name', { enumerable: true, get: () => 'from a getter' }),
    () => Object.defineProperty({}, 'name', { enumerable: false, value: 'hidden' }),
    () => new Proxy({ name: 'p' }, {}),
  ).map((make) => make()),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);

type Edit = { container: number; name: number; how: 'set' | 'delete' | 'getter' | 'throwingGetter' | 'cycle' | 'proto' | 'item'; value: unknown; item: unknown };
const EDIT: fc.Arbitrary<Edit> = fc.record({
  container: fc.nat(),
  name: fc.nat(),
  how: fc.constantFrom<Edit['how']>('set', 'set', 'set', 'set', 'set', 'delete', 'getter', 'throwingGetter', 'cycle', 'proto', 'item', 'item'),
  value: VALUE,
  // What a list item is set to: mostly the usual suspects, sometimes anything.
  item: fc.oneof(fc.constantFrom<unknown>(undefined, null, 5, '', ' ', 'x', {}, [], { quantity: 'abc' }, { x: 1 }, { name: null }), VALUE),
});

function setOwn(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The objects of an application an edit can reach, with the names that fit each (plus unknown and hostile names). */
function containers(app: Json): [Json, readonly string[]][] {
  const list: [Json, readonly string[]][] = [[app, FIELDS.root!]];
  // Read without calling getters (an earlier edit may have made one throw).
  const own = (value: unknown, name: string): unknown => (value !== null && typeof value === 'object' ? Object.getOwnPropertyDescriptor(value, name)?.value : undefined);
  const add = (value: unknown, names: readonly string[]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) list.push([value as Json, names]);
  };
  const items = (value: unknown): unknown[] => (Array.isArray(value) ? Array.from({ length: Math.min(value.length, 5) }, (_, i) => own(value, String(i))) : []);
  add(own(app, 'exporter'), FIELDS.party!);
  add(own(app, 'consignor'), FIELDS.party!);
  add(own(app, 'importer'), FIELDS.importer!);
  add(own(app, 'contract'), FIELDS.contract!);
  add(own(app, 'goods'), FIELDS.goods!);
  add(own(app, 'other'), FIELDS.other!);
  for (const row of items(own(app, 'specs'))) add(row, FIELDS.spec!);
  for (const producer of items(own(app, 'producers'))) add(producer, FIELDS.producer!);
  for (const attachment of items(own(app, 'attachments'))) add(attachment, FIELDS.attachment!);
  const details = own(app, 'contractDetails');
  add(details, FIELDS.contractDetails!);
  for (const name of FIELDS.contractDetails!) add(own(details, name), FIELDS.group!);
  return list;
}

// The lists of an application, for edits of one item: text items and object items.
const LISTS: readonly ((app: Json) => unknown)[] = [
  (app) => app.qualityCertificateNos,
  (app) => app.specs,
  (app) => app.producers,
  (app) => app.attachments,
  (app) => (Array.isArray(app.specs) && app.specs[0] && typeof app.specs[0] === 'object' ? (app.specs[0] as Json).attachments : undefined),
];

function mutate(app: Json, edits: readonly Edit[]): Json {
  for (const edit of edits) {
    if (edit.how === 'item') {
      // An item of a list set to any value (a list is made where there is none).
      const pick = LISTS[edit.container % LISTS.length]!;
      let list: unknown;
      try {
        list = pick(app);
      } catch {
        continue;
      }
      if (!Array.isArray(list)) {
        if (edit.container % LISTS.length !== 0) continue;
        list = ['无编号'];
        setOwn(app, 'qualityCertificateNos', list);
      }
      const items = list as unknown[];
      items[edit.name % (items.length + 1)] = edit.item;
      continue;
    }
    const list = containers(app);
    const [target, names] = list[edit.container % list.length]!;
    const all = [...names, ...HOSTILE_KEYS];
    const name = all[edit.name % all.length]!;
    if (edit.how === 'delete') delete target[name];
    else if (edit.how === 'getter') Object.defineProperty(target, name, { enumerable: true, configurable: true, get: () => edit.value });
    else if (edit.how === 'throwingGetter') Object.defineProperty(target, name, { enumerable: true, configurable: true, get: () => { throw new Error('boom'); } });
    else if (edit.how === 'cycle') setOwn(target, name, app);
    else if (edit.how === 'proto') Object.setPrototypeOf(target, { [name]: edit.value });
    else setOwn(target, name, edit.value);
  }
  return app;
}

const MUTATED = fc
  .record({
    goodsClass: fc.constantFrom(...CLASSES),
    rows: fc.integer({ min: 1, max: 3 }),
    details: fc.boolean(),
    edits: fc.array(EDIT, { minLength: 0, maxLength: 5 }),
    viaJson: fc.boolean(),
  })
  .map(({ goodsClass, rows, details, edits, viaJson }) => {
    const app = validApplication(goodsClass, rows) as Json;
    app.specs = (app.specs as Json[]).map((row, i) => (i === 0 ? { ...row, totalPrice: undefined } : row));
    if (details) app.contractDetails = { applicantEnterprise: { name: 'n', establishedOn: '2020-01-01', registeredCapital: '100' }, other: { freightTotalYuan: 5, departureOn: '2026-09-02' } };
    const mutated = mutate(app, edits);
    if (!viaJson) return mutated;
    // Through JSON text, as a server receives it: a "__proto__" key becomes an own property; getters, cycles and junk may not survive.
    try {
      return JSON.parse(JSON.stringify(mutated)) as unknown;
    } catch {
      return mutated;
    }
  });

describe('the input stage: fast path against the reference', () => {
  it('gives the reference result for the 2,000 generated applications of the bench seed', { timeout: 120_000 }, () => {
    const tally = { fast: 0, repair: 0, reference: 0 };
    for (const application of generateApplications(2_000, 7)) assertSame(application, tally);
    // Both walks are exercised: most generated applications are well formed, some have format errors.
    expect(tally.fast).toBeGreaterThan(1_500);
    expect(tally.repair).toBeGreaterThan(50);
  });

  it('gives the reference result for mutated applications: wrong types, blanks, unknown and __proto__ keys, numbers as strings, huge, deep, getters, cycles', { timeout: 180_000 }, () => {
    const tally = { fast: 0, repair: 0, reference: 0 };
    fc.assert(
      fc.property(MUTATED, (input) => {
        assertSame(input, tally);
      }),
      { numRuns: 3_000, seed: 22 },
    );
    expect(tally.fast).toBeGreaterThan(300);
    expect(tally.repair).toBeGreaterThan(300);
    expect(tally.reference).toBeGreaterThan(300);
  });

  it('gives the reference result for any JSON value and for values that are not applications', { timeout: 60_000 }, () => {
    const tally = { fast: 0, repair: 0, reference: 0 };
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), VALUE), (input) => {
        assertSame(input, tally);
      }),
      { numRuns: 500, seed: 22 },
    );
    expect(tally.reference).toBeGreaterThan(100);
  });

  it('gives the reference result for every list with an item of every kind (missing, null, a number, blank, an object, a list)', () => {
    const tally = { fast: 0, repair: 0, reference: 0 };
    const items: unknown[] = [undefined, null, 5, '', ' ', 'x', {}, [], { quantity: 'abc' }, { x: 1 }];
    for (const goodsClass of ['steel', 'vehicleUsed'] as const) {
      for (const list of ['qualityCertificateNos', 'specs', 'producers', 'attachments', 'specs.0.attachments']) {
        for (const item of items) {
          for (const sparse of [false, true]) {
            const app = validApplication(goodsClass, 2) as Json;
            const target = list.split('.').reduce<Json>((node, step) => (node[step] ??= []) as Json, app) as unknown as unknown[];
            if (sparse) target[target.length + 1] = 'x';
            else target.push(item);
            assertSame(app, tally);
            assertSame({ ...app, pledge: 'yes' }, tally);
          }
        }
      }
    }
    expect(tally.repair).toBeGreaterThan(50);
  });

  it('reads own properties only: a field inherited from a prototype is not read', () => {
    const app = validApplication('general') as Json;
    const proto = Object.create({ pledge: true }) as Json;
    Object.assign(proto, app);
    delete proto.pledge;
    const tally = { fast: 0, repair: 0, reference: 0 };
    assertSame(proto, tally);
    expect(check(proto, options).violations.some((violation) => violation.path.join('.') === 'pledge')).toBe(true);
    expect(tally.fast).toBe(1);
  });
});
