// The controller's violations are the rules' own: after any sequence of edits (values typed, lookups
// picked, rows, producers and certificates added and removed, attachments replaced, records loaded,
// time passing), what the form shows equals `check()` on `toApplication()`, split without loss between
// the fields, the grey-field list and the form-level list, and canSave / canDeclare follow from it.
import { canPerform, createUsdRateTable, type ExportLicenceApplication, type GoodsClass, type UsdRateTable } from '@exlic/core';
import { isFormError, type ApplicationForm, type FormSnapshot } from '@exlic/form';
import { check, type Phase, type Violation } from '@exlic/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateApplications } from '../../rules/test/generate';
import { AS_OF, TEST_CODES, formCatalog, makeForm, validApplication } from './helpers';

const catalog = formCatalog();
// Rates in force from different months, so 申请日期 and 单价币别 decide which rate (if any) applies.
const RATES = createUsdRateTable({ source: 'property test', rates: { CNY: [{ from: '2025-01', usdPerUnit: '0.1387' }, { from: '2026-09', usdPerUnit: '0.1404' }], EUR: [{ from: '2026-09', usdPerUnit: '1.0873' }] } });
const CLASSES = Object.keys(TEST_CODES) as GoodsClass[];
// The rules' generated applications (every class, a third valid, the rest broken 1-4 ways), loaded as saved records.
const GENERATED = generateApplications(64, 11);

const TEXT = ['', '示例', 'Example K.K.', ' 铸造焦 ', '字'.repeat(331)];
const POOLS: Readonly<Record<string, readonly unknown[]>> = {
  customsPort: ['0200', '9999', '2248', ''],
  importingCountry: ['JPN', 'HKG', 'XXX', ''],
  transportMode: ['2', '9', ''],
  paymentMethod: ['TT', 'NOPE', ''],
  tradeMode: ['0110', '110', ''],
  validUntil: ['2026-12-31', '2027-03-02', '2026-08-31', '2026-02-30', 'tomorrow', ''],
  'importer.nameZh': TEXT,
  'importer.nameEn': TEXT,
  'contract.no': TEXT,
  'contract.quantity': ['10', '0.1', 'abc', ''],
  'contract.amount': ['15', '-1', ''],
  'contract.currency': ['USD', 'ZZZ', ''],
  'contract.unit': ['035', '003', ''],
  'contract.signedOn': ['2026-08-15', '2027-01-01', 'x', ''],
  'contract.validUntil': ['2026-12-31', '2026-01-01', ''],
  'goods.priceCurrency': ['USD', 'CNY', 'EUR', ''],
  'goods.certificateNo': ['无', 'C-1', ''],
  'goods.approvalNo': ['ODS-1', ''],
  'other.remarks': TEXT,
  'other.oneBatchOneLicence': [true, false],
  'other.issuingAuthority': ['QLAB', 'NOPE', ''],
  'other.extendedPrinting': [true, false],
  'other.printTerminal': ['T1', ''],
  'other.remotePrinting': [true, false],
  'other.remotePrintingAuthority': ['QLAB', 'NOPE', ''],
  'other.appliedOn': ['2026-09-01', '2025-06-01', 'not a date', ''],
  'other.additionalInfo': ['字'.repeat(330), '字'.repeat(331), ''],
  pledge: [true, false],
  'exporter.uscc': ['91350100M000100Y43', '91350100M000100Y4', ''],
  'exporter.code': ['3501M000100Y4', 'ABCD776367555', ''],
  'contractDetails.foreignContract.paymentMethod': ['TT', 'NOPE', ''],
  'contractDetails.applicantEnterprise.establishedOn': ['2020-01-01', '2020-13-01', ''],
};
const ROW_POOLS: Readonly<Record<string, readonly unknown[]>> = {
  spec: ['S', '铸造焦', '一级焦', ''],
  unitPrice: ['1.5', '0.1', '18000', 'abc', ''],
  quantity: ['10', '3', '0', '-1', '1,000', ''],
  brand: ['B', ''],
  model: ['M', ''],
  chassisBrand: ['C', ''],
  vin: ['LSVAU218XN2183294', 'LSVAU218XN218329', ''],
  registeredOn: ['2024-01-01', '2026-07-01', ''],
  transferredOn: ['2026-08-01', '2027-01-01', ''],
  totalValue: ['9000', 'x', ''],
};

type Op =
  | { kind: 'set'; path: string; value: unknown }
  | { kind: 'row'; index: number; key: string; value: unknown }
  | { kind: 'hsCode'; code: string }
  | { kind: 'goodsClass'; goodsClass: string }
  | { kind: 'lookup'; path: string; query: string; down: number }
  | { kind: 'addRow' }
  | { kind: 'removeRow'; index: number }
  | { kind: 'producer'; name: string; uscc: string }
  | { kind: 'removeProducer'; index: number }
  | { kind: 'certificate'; no: string }
  | { kind: 'removeCertificate'; index: number }
  | { kind: 'attachments'; list: readonly Record<string, unknown>[] }
  | { kind: 'load'; goodsClass: GoodsClass; rows: number; status: string }
  | { kind: 'loadGenerated'; index: number }
  | { kind: 'advance'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.keys(POOLS)).chain((path) => fc.constantFrom(...POOLS[path]!).map((value): Op => ({ kind: 'set', path, value }))) },
  { weight: 6, arbitrary: fc.tuple(fc.nat(21), fc.constantFrom(...Object.keys(ROW_POOLS))).chain(([index, key]) => fc.constantFrom(...ROW_POOLS[key]!).map((value): Op => ({ kind: 'row', index, key, value }))) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(TEST_CODES), '8703236120', '1234567890', '12345', '').map((code): Op => ({ kind: 'hsCode', code })) },
  { weight: 1, arbitrary: fc.constantFrom(...CLASSES).map((goodsClass): Op => ({ kind: 'goodsClass', goodsClass })) },
  { weight: 2, arbitrary: fc.record({ path: fc.constantFrom('customsPort', 'importingCountry', 'transportMode', 'paymentMethod', 'goods.hsCode', 'contract.currency'), query: fc.constantFrom('', 'ybmy', 'ri', '02', 'test', '美元', 'zz'), down: fc.nat(3) }).map((o): Op => ({ kind: 'lookup', ...o })) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'addRow' }) },
  { weight: 1, arbitrary: fc.nat(21).map((index): Op => ({ kind: 'removeRow', index })) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom('示例钢铁', ''), uscc: fc.constantFrom('91350100M000100Y43', 'bad', '') }).map((o): Op => ({ kind: 'producer', ...o })) },
  { weight: 1, arbitrary: fc.nat(3).map((index): Op => ({ kind: 'removeProducer', index })) },
  { weight: 1, arbitrary: fc.constantFrom('无编号', 'Q-1', '').map((no): Op => ({ kind: 'certificate', no })) },
  { weight: 1, arbitrary: fc.nat(3).map((index): Op => ({ kind: 'removeCertificate', index })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom([], [{ id: 'x' }], [{ id: 'a', type: 'CONTRACT' }], [{ type: 'INVOICE' }, { type: 'INVOICE' }], [{ type: 'BOGUS' }]).map((list): Op => ({ kind: 'attachments', list })),
  },
  { weight: 1, arbitrary: fc.record({ goodsClass: fc.constantFrom(...CLASSES), rows: fc.integer({ min: 0, max: 3 }), status: fc.constantFrom('draft', 'draft', 'approved', 'firstReviewReturned') }).map((o): Op => ({ kind: 'load', ...o })) },
  { weight: 1, arbitrary: fc.nat(GENERATED.length - 1).map((index): Op => ({ kind: 'loadGenerated', index })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1500 }).map((ms): Op => ({ kind: 'advance', ms })) },
);

function apply(form: ApplicationForm, advance: (ms: number) => void, step: Op): void {
  try {
    switch (step.kind) {
      case 'set':
        form.setValue(step.path, step.value);
        return;
      case 'row':
        form.setValue(`specs.${step.index}.${step.key}`, step.value);
        return;
      case 'hsCode':
        form.setValue('goods.hsCode', step.code);
        return;
      case 'goodsClass':
        form.setValue('goods.goodsClass', step.goodsClass);
        return;
      case 'lookup':
        form.search(step.path, step.query);
        for (let i = 0; i < step.down; i += 1) form.lookupKey(step.path, 'ArrowDown');
        form.lookupKey(step.path, 'Enter');
        return;
      case 'addRow':
        form.addRow();
        return;
      case 'removeRow':
        form.removeRows([step.index]);
        return;
      case 'producer':
        form.addProducer({ name: step.name, uscc: step.uscc });
        return;
      case 'removeProducer':
        form.removeProducer(step.index);
        return;
      case 'certificate':
        form.addCertificate(step.no);
        return;
      case 'removeCertificate':
        form.removeCertificate(step.index);
        return;
      case 'attachments':
        form.setAttachments(step.list);
        return;
      case 'load':
        form.load({ ...validApplication(step.goodsClass, step.rows), status: step.status, id: 'A-1' });
        return;
      case 'loadGenerated':
        form.load(GENERATED[step.index]);
        return;
      case 'advance':
        advance(step.ms);
        return;
    }
  } catch (error) {
    // Refused actions (a grey field, a row past the limit, no such row, a declared record) are part of the game; anything else is a bug.
    if (!isFormError(error)) throw error;
  }
}

const key = (violation: Violation) => JSON.stringify([violation.rule, violation.path, violation.severity, violation.message]);
const sorted = (violations: readonly Violation[]) => violations.map(key).sort();

function expectConsistent(snapshot: FormSnapshot, form: ApplicationForm, phase: Phase, usdRates?: UsdRateTable): void {
  const app = form.toApplication();
  const options = { asOf: AS_OF, catalog, ...(usdRates ? { usdRates } : {}) };
  if (usdRates && canPerform(snapshot.status, 'save')) {
    // 总值折美元 as the form shows it is what check() fills in when the form leaves it to the server (a record the
    // user cannot edit is shown as it was saved).
    const specs = app.specs ?? [];
    const bare = { ...app, specs: specs.map(({ totalValueUsd: _omit, ...row }) => row) } as ExportLicenceApplication;
    const filled = check(bare, options).application.specs ?? [];
    expect(specs.map((row) => row.totalValueUsd)).toEqual(specs.map((_, index) => filled[index]?.totalValueUsd));
  }
  const shown = check(app, { ...options, phase });
  expect(snapshot.violations).toEqual(shown.violations);
  // Every violation is in exactly one place: beside its (editable) field, in the grey list, or in the form-level list.
  const fields = Object.values(snapshot.fields);
  const placed = [...fields.flatMap((field) => field.violations), ...snapshot.systemViolations.map((entry) => entry.violation), ...snapshot.formViolations];
  expect(sorted(placed)).toEqual(sorted(shown.violations));
  for (const field of fields) {
    if (field.state === 'grey') expect(field.violations).toEqual([]);
    for (const violation of field.violations) expect(`${violation.path.join('.')}.`.startsWith(`${field.path}.`)).toBe(true);
  }
  const status = snapshot.status;
  const errors = (p: Phase) => check(app, { ...options, phase: p }).violations.filter((violation) => violation.severity === 'error').length;
  expect(snapshot.canDeclare).toBe(errors('declare') === 0 && canPerform(status, 'declare'));
  expect(snapshot.canSave).toBe(errors('save') === 0 && canPerform(status, 'save'));
  expect(snapshot.declareBlockers.filter((reason) => reason.kind === 'violation')).toHaveLength(errors('declare'));
}

describe('the controller agrees with check() on toApplication()', () => {
  for (const phase of ['declare', 'save'] as const) {
    it(`for generated edit sequences (${phase} phase)`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(fc.boolean(), fc.boolean(), fc.array(op, { minLength: 1, maxLength: 25 }), (withAccount, withRates, steps) => {
          const usdRates = withRates ? RATES : undefined;
          const { form, scheduler } = makeForm({ phase, ...(usdRates ? { usdRates } : {}) }, withAccount);
          for (const step of steps) {
            apply(form, (ms) => scheduler.advance(ms), step);
            // Whenever no edit waits for its check, the snapshot is already the rules' answer.
            const snapshot = form.getSnapshot();
            if (!snapshot.checking) expectConsistent(snapshot, form, phase, usdRates);
          }
          form.flush();
          expect(form.getSnapshot().checking).toBe(false);
          expectConsistent(form.getSnapshot(), form, phase, usdRates);
        }),
        { numRuns: phase === 'declare' ? 80 : 30, seed: 20_261_206 },
      );
    });
  }
});
