import { COKE_GRADES, createUsdRateTable, defaultValidUntil, type ExportLicenceApplication } from '@exlic/core';
import { check, getBundledRuleSet } from '@exlic/rules';
import { createApplicationForm, createManualScheduler, isFormError, type ApplicationForm, type FormSnapshot } from '@exlic/form';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, AS_OF, TEST_CODES, codeOf, formCatalog, makeForm, validApplication } from './helpers';

function expectFormError(action: () => void, code: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(isFormError(caught), `expected a FormError ${code}, got ${String(caught)}`).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

/** A form loaded with a complete, valid application of a class, checked. */
function loaded(goodsClass: Parameters<typeof validApplication>[0], rows = 1, extra: Record<string, unknown> = {}): { form: ApplicationForm; snapshot: () => FormSnapshot; advance: (ms: number) => void } {
  const { form, scheduler } = makeForm();
  form.load({ ...validApplication(goodsClass, rows), ...extra });
  return { form, snapshot: () => form.getSnapshot(), advance: (ms) => scheduler.advance(ms) };
}

describe('the store', () => {
  it('answers the same snapshot until something changes, and tells subscribers when it does', () => {
    const { form } = makeForm();
    const first = form.getSnapshot();
    expect(form.getSnapshot()).toBe(first);
    let calls = 0;
    const stop = form.subscribe(() => (calls += 1));
    form.setValue('contract.no', 'C-1');
    expect(calls).toBe(1);
    const second = form.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.version).toBeGreaterThan(first.version);
    expect(form.getSnapshot()).toBe(second);
    stop();
    form.setValue('contract.no', 'C-2');
    expect(calls).toBe(1);
  });

  it('keeps every field the edit did not touch as the same object (per-field rendering can bail out)', () => {
    const { form, scheduler } = makeForm();
    const before = form.getSnapshot().fields;
    form.setValue('importer.nameZh', '示例进口株式会社');
    const after = form.getSnapshot().fields;
    expect(after['importer.nameZh']).not.toBe(before['importer.nameZh']);
    expect(after['importer.nameZh']?.value).toBe('示例进口株式会社');
    const untouched = Object.keys(before).filter((path) => path !== 'importer.nameZh');
    expect(untouched.filter((path) => after[path] !== before[path])).toEqual([]);
    // After the check only the fields whose violations, requirement or checking flag moved are new.
    scheduler.advance(500);
    const checked = form.getSnapshot().fields;
    expect(checked['importer.nameZh']).not.toBe(after['importer.nameZh']);
    expect(checked['importer.nameZh']?.violations).toEqual([]);
    expect(checked['customsPort']).toBe(after['customsPort']);
  });

  it('hands out frozen-in-time snapshots: a later edit does not change an earlier snapshot', () => {
    const { form } = makeForm();
    const before = form.getSnapshot();
    form.setValue('specs.0.quantity', '3');
    expect(before.fields['specs.0.quantity']?.value).toBeUndefined();
    expect(form.getSnapshot().fields['specs.0.quantity']?.value).toBe('3');
  });
});

describe('defaults and grey fields', () => {
  it('pre-fills the logged-in enterprise, 一般贸易, USD, 千克, the issuing authority, the year and 有效截止日期', () => {
    const { form } = makeForm();
    const { fields } = form.getSnapshot();
    for (const party of ['exporter', 'consignor']) {
      expect(fields[`${party}.code`]).toMatchObject({ value: ACCOUNT.enterprise.code, state: 'grey' });
      expect(fields[`${party}.uscc`]).toMatchObject({ value: ACCOUNT.enterprise.uscc, state: 'grey' });
      expect(fields[`${party}.name`]).toMatchObject({ value: ACCOUNT.enterprise.name, state: 'grey' });
    }
    expect(fields['tradeMode']?.value).toBe('0110');
    expect(fields['tradeMode']?.lookup?.display?.zh).toBe('一般贸易');
    expect(fields['contract.currency']?.value).toBe('USD');
    expect(fields['goods.priceCurrency']?.value).toBe('USD');
    expect(fields['contract.unit']?.value).toBe('035');
    expect(fields['contract.unit']?.lookup?.display?.zh).toBe('千克');
    expect(fields['other.issuingAuthority']?.value).toBe('QLAB');
    expect(fields['other.issuingAuthority']?.lookup?.display?.zh).toBe('商务部配额许可证事务局');
    expect(fields['other.oneBatchOneLicence']?.value).toBe(true);
    expect(fields['other.extendedPrinting']?.value).toBe(false);
    expect(fields['other.applicantName']?.value).toBe('张三');
    expect(fields['year']).toMatchObject({ value: 2026, state: 'grey' });
    // Six months from 2026-09-01 is past the licence year: the year's end is the latest date the rules allow.
    expect(fields['validUntil']?.value).toBe('2026-12-31');
  });

  it('sets 有效截止日期 six months ahead when that is within the year', () => {
    const { form } = makeForm({ asOf: '2026-03-10' });
    expect(form.getField('validUntil')?.value).toBe('2026-09-10');
  });

  it('makes the exporter editable when no account is given', () => {
    const { form } = makeForm({}, false);
    expect(form.getField('exporter.name')?.state).toBe('required');
    form.setValue('exporter.name', '自填企业');
    expect(form.toApplication().exporter?.name).toBe('自填企业');
  });

  it('refuses to set a grey field, a list, an unknown or a hostile path', () => {
    const { form } = makeForm();
    expectFormError(() => form.setValue('exporter.uscc', 'x'), 'notEditable');
    expectFormError(() => form.setValue('goods.totalAmount', '1'), 'notEditable');
    expectFormError(() => form.setValue('specs', []), 'notEditable');
    expectFormError(() => form.setValue('nope', 1), 'unknownField');
    expectFormError(() => form.setValue('__proto__.polluted', 1), 'unknownField');
    expectFormError(() => form.setValue('specs.7.quantity', '1'), 'unknownField');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('lists a violation at a grey field with what to do, never beside the field (the credit-code defect)', () => {
    const scheduler = createManualScheduler();
    const form = createApplicationForm({
      scheduler,
      asOf: AS_OF,
      catalog: formCatalog(),
      profile: 'test',
      account: { enterprise: { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业' } },
    });
    const snapshot = form.getSnapshot();
    const uscc = snapshot.systemViolations.filter((entry) => entry.violation.path.join('.') === 'exporter.uscc');
    expect(uscc.length).toBeGreaterThan(0);
    expect(uscc[0]!.explanation.zh).toContain('登录账户');
    expect(uscc[0]!.explanation.en).toContain('account');
    expect(snapshot.fields['exporter.uscc']?.violations).toEqual([]);
    expect(snapshot.fields['exporter.uscc']?.prompt).toBeUndefined();
    // The same violations are what check() reports: nothing was dropped, only placed.
    expect(snapshot.violations.some((violation) => violation.path.join('.') === 'exporter.uscc')).toBe(true);
  });

  it('explains a computed total and points at the rows', () => {
    const { form } = makeForm();
    const record = validApplication('general');
    form.load({ ...record, goods: { ...(record['goods'] as object), totalAmount: '999' } });
    const total = form.getSnapshot().systemViolations.find((entry) => entry.violation.path.join('.') === 'goods.totalAmount');
    expect(total?.fixAt).toBe('specs');
    expect(total?.explanation.zh).toContain('规格型号');
    expect(form.getField('goods.totalAmount')?.violations).toEqual([]);
    expect(form.getSnapshot().declareBlockers.find((reason) => reason.rule === total?.violation.rule)?.path).toBe('specs');
    // Editing a row computes the total again, and the violation goes.
    form.setValue('specs.0.quantity', '10');
    form.flush();
    expect(form.getSnapshot().systemViolations).toEqual([]);
  });
});

describe('the commodity, the goods class and its sections', () => {
  it('back-fills name, unit, category and 商品类别 from the catalog when a steel code is picked by keyboard', () => {
    const { form } = makeForm();
    form.search('goods.hsCode', '热轧');
    const lookup = form.getField('goods.hsCode')?.lookup;
    expect(lookup?.suggestions[0]?.code).toBe(TEST_CODES.steel);
    expect(form.lookupKey('goods.hsCode', 'Enter')).toBe(true);
    const { fields, goodsClass, sections } = form.getSnapshot();
    expect(goodsClass).toBe('steel');
    expect(fields['goods.hsCode']?.value).toBe(TEST_CODES.steel);
    expect(fields['goods.name']).toMatchObject({ value: '厚度<1.5mm其他的热轧卷材', state: 'grey' });
    expect(fields['goods.unit']).toMatchObject({ value: '千克', state: 'grey' });
    expect(fields['goods.categoryCode']?.value).toBe('B01100');
    expect(fields['goods.goodsClass']).toMatchObject({ value: 'steel', state: 'grey' });
    expect(sections.map((section) => section.id)).toEqual(expect.arrayContaining(['producers', 'qualityCertificates']));
    expect(fields['producers']?.state).not.toBe('hidden');
  });

  it('takes the contract unit from the catalog and lets 商品类别 be chosen where a code serves several classes', () => {
    const { form, scheduler } = makeForm();
    form.setValue('goods.hsCode', '8703236120');
    const goodsClass = form.getField('goods.goodsClass');
    expect(goodsClass?.value).toBe('vehicleNew');
    expect(goodsClass?.state).not.toBe('grey');
    expect(goodsClass?.options?.map((option) => option.value)).toEqual(['vehicleNew', 'vehicleNewModified', 'vehicleUsed']);
    expect(form.getField('contract.unit')?.value).toBe('003');
    expect(form.getField('contract.unit')?.lookup?.display?.zh).toBe('辆');
    form.setValue('goods.goodsClass', 'vehicleUsed');
    scheduler.advance(200);
    const { specs, goodsClass: chosen } = form.getSnapshot();
    expect(chosen).toBe('vehicleUsed');
    expect(specs.columns.map((column) => column.key)).toEqual(['brand', 'model', 'vin', 'registeredOn', 'transferredOn', 'totalValue', 'totalValueUsd', 'attachments']);
    expect(specs.columns.find((column) => column.key === 'totalValue')?.state).toBe('required');
    expect(specs.columns.find((column) => column.key === 'totalValueUsd')?.state).toBe('grey');
  });

  it('shows the ODS approval number for ODS only, and the sand certificate for natural sand only', () => {
    const { form, scheduler } = makeForm();
    expect(form.getField('goods.approvalNo')?.state).toBe('hidden');
    expect(form.getField('goods.certificateNo')?.state).toBe('hidden');
    form.setValue('goods.hsCode', codeOf('ods'));
    scheduler.advance(200);
    expect(form.getSnapshot().sections.map((section) => section.id)).toContain('odsApproval');
    expect(form.getField('goods.approvalNo')?.state).toBe('required');
    expect(form.getField('goods.certificateNo')?.state).toBe('hidden');
    form.setValue('goods.hsCode', codeOf('naturalSand'));
    scheduler.advance(200);
    const ids = form.getSnapshot().sections.map((section) => section.id);
    expect(ids).toContain('sandCertificate');
    expect(ids).not.toContain('odsApproval');
    expect(form.getField('goods.certificateNo')?.state).toBe('required');
    expect(form.getField('goods.approvalNo')?.state).toBe('hidden');
  });

  it("offers core's coke grades in the spec column and accepts one", () => {
    const { form, scheduler } = makeForm();
    form.setValue('goods.hsCode', codeOf('coke'));
    scheduler.advance(200);
    const column = form.getSnapshot().specs.columns.find((candidate) => candidate.key === 'spec');
    const grades = column?.options?.map((option) => option.value);
    expect(grades).toEqual(['常规粒度冶金焦', '铸造焦', '小粒度冶金焦']);
    expect(column?.options?.[1]?.detail).toBe('粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%');
    expect(JSON.stringify(getBundledRuleSet().rules.find((rule) => rule.id === 'coke.spec.grade'))).toContain('小粒度冶金焦');
    expect(form.getSnapshot().sections.map((section) => section.id)).toContain('cokeGrade');
    expect(column?.state).toBe('required');
    form.setValue('specs.0.spec', '一级焦');
    scheduler.advance(200);
    expect(form.getField('specs.0.spec')?.violations.map((violation) => violation.rule)).toContain('coke.spec.grade');
    form.setValue('specs.0.spec', '铸造焦');
    scheduler.advance(200);
    expect(form.getField('specs.0.spec')?.violations).toEqual([]);
  });

  it('asks for the brand in every vehicle row and allows 20 rows, general goods 4', () => {
    const { form, scheduler } = makeForm();
    for (let i = 1; i < 4; i += 1) form.addRow();
    expectFormError(() => form.addRow(), 'rowLimit');
    expect(form.getSnapshot().specs.canAddRow).toBe(false);
    form.setValue('goods.hsCode', codeOf('vehicleNew'));
    scheduler.advance(200);
    const { specs, sections } = form.getSnapshot();
    expect(specs.maxRows).toBe(20);
    expect(specs.canAddRow).toBe(true);
    expect(sections.find((section) => section.id === 'vehicleBrand')?.fields).toEqual(['specs.0.brand', 'specs.1.brand', 'specs.2.brand', 'specs.3.brand']);
    expect(form.getField('specs.3.brand')?.state).toBe('required');
    for (let i = 4; i < 20; i += 1) form.addRow({ brand: 'B', __proto__: { polluted: true } } as Record<string, unknown>);
    expectFormError(() => form.addRow(), 'rowLimit');
    expect(form.getField('specs.19.brand')?.value).toBe('B');
  });

  it('changes the table shape with the class: columns the new class does not have are dropped from the rows', () => {
    const { form } = makeForm();
    form.setValue('specs.0.spec', 'S1');
    form.setValue('specs.0.quantity', '2');
    form.setValue('goods.hsCode', codeOf('vehicleUsed'));
    const row = form.toApplication().specs?.[0] as Record<string, unknown>;
    expect(row['spec']).toBeUndefined();
    expect(row['quantity']).toBeUndefined();
    expect(form.getField('specs.0.spec')).toBeUndefined();
    expect(form.getField('specs.0.vin')?.state).not.toBe('hidden');
  });
});

describe('rows, producers, certificates and totals', () => {
  it('computes row totals and goods totals exactly as the user types', () => {
    const { form } = makeForm();
    form.setValue('specs.0.unitPrice', '0.1');
    form.setValue('specs.0.quantity', '3');
    form.addRow({ unitPrice: '0.2', quantity: '0.1' });
    const { specs, fields } = form.getSnapshot();
    expect(fields['specs.0.totalPrice']).toMatchObject({ value: '0.3', state: 'grey' });
    expect(fields['specs.1.totalPrice']?.value).toBe('0.02');
    expect(specs.totalQuantity).toBe('3.1');
    expect(specs.totalAmount).toBe('0.32');
    expect(form.toApplication().goods).toMatchObject({ totalQuantity: '3.1', totalAmount: '0.32' });
    form.removeRows([0]);
    expect(form.getSnapshot().specs.totalAmount).toBe('0.02');
    form.setValue('specs.0.quantity', 'abc');
    expect(form.getSnapshot().specs.totalAmount).toBeUndefined();
    expect(form.getField('specs.0.totalPrice')?.value).toBeUndefined();
  });

  it("counts a used vehicle per row, and converts vehicles' totals to US dollars at the caller's rate only", () => {
    const { form } = makeForm({ usdRate: '0.1389' });
    form.setValue('goods.hsCode', codeOf('vehicleNew'));
    form.setValue('specs.0.unitPrice', '10000');
    form.setValue('specs.0.quantity', '2');
    expect(form.getField('specs.0.totalValue')?.value).toBe('20000');
    expect(form.getField('specs.0.totalValueUsd')?.value).toBe('2778.00');
    const { form: noRate } = makeForm();
    noRate.setValue('goods.hsCode', codeOf('vehicleUsed'));
    noRate.setValue('specs.0.totalValue', '9000');
    noRate.addRow({ totalValue: '1000' });
    expect(noRate.getSnapshot().specs).toMatchObject({ totalQuantity: '2', totalAmount: '10000' });
    expect(noRate.getField('specs.0.totalValueUsd')?.value).toBeUndefined();
  });

  it('renumbers what it remembers of rows when rows are removed', () => {
    const { form } = makeForm();
    form.addRow();
    form.addRow();
    form.setValue('specs.2.spec', 'third');
    form.removeRows([0]);
    expect(form.getField('specs.1.spec')).toMatchObject({ value: 'third', touched: true });
    expect(form.getField('specs.2.spec')).toBeUndefined();
    expectFormError(() => form.removeRows([5]), 'badIndex');
  });

  it('adds and removes producers and certificate numbers for steel', () => {
    const { form, scheduler } = makeForm();
    form.setValue('goods.hsCode', codeOf('steel'));
    scheduler.advance(200);
    expect(form.getSnapshot().declareBlockers.map((reason) => reason.path)).toEqual(expect.arrayContaining(['producers', 'qualityCertificateNos']));
    form.addProducer({ name: '示例钢铁', uscc: '91350100M000100Y43' });
    form.addProducer();
    form.addCertificate('无编号');
    form.flush();
    const snapshot = form.getSnapshot();
    expect(snapshot.producers).toEqual([
      { name: 'producers.0.name', uscc: 'producers.0.uscc' },
      { name: 'producers.1.name', uscc: 'producers.1.uscc' },
    ]);
    expect(snapshot.fields['producers.1.name']?.violations.length).toBeGreaterThan(0);
    expect(snapshot.qualityCertificateNos).toEqual(['qualityCertificateNos.0']);
    expect(snapshot.declareBlockers.map((reason) => reason.path)).not.toContain('qualityCertificateNos');
    form.removeProducer(1);
    form.removeCertificate(0);
    expect(form.toApplication().producers).toEqual([{ name: '示例钢铁', uscc: '91350100M000100Y43' }]);
    expect(form.toApplication().qualityCertificateNos).toEqual([]);
    expectFormError(() => form.removeProducer(3), 'badIndex');
  });
});

describe('lookups with the keyboard', () => {
  it('opens with space, moves with the arrows, picks with Enter and closes with Escape', () => {
    const { form } = makeForm();
    expect(form.lookupKey('importingCountry', ' ')).toBe(true);
    let lookup = form.getField('importingCountry')?.lookup;
    expect(lookup).toMatchObject({ open: true, active: 0, query: '' });
    expect(lookup?.suggestions.length).toBe(10);
    form.search('importingCountry', 'ri');
    lookup = form.getField('importingCountry')?.lookup;
    const second = lookup?.suggestions[1]?.code;
    expect(second).toBeDefined();
    expect(form.lookupKey('importingCountry', 'ArrowDown')).toBe(true);
    expect(form.getField('importingCountry')?.lookup?.active).toBe(1);
    form.lookupKey('importingCountry', 'ArrowDown');
    form.lookupKey('importingCountry', 'ArrowUp');
    expect(form.getField('importingCountry')?.lookup?.active).toBe(1);
    expect(form.lookupKey('importingCountry', 'Enter')).toBe(true);
    expect(form.getField('importingCountry')).toMatchObject({ value: second, touched: true });
    expect(form.getField('importingCountry')?.lookup?.open).toBe(false);
    expect(form.lookupKey('importingCountry', 'Enter')).toBe(false);
    form.search('importingCountry', 'JPN');
    expect(form.lookupKey('importingCountry', 'Escape')).toBe(true);
    expect(form.getField('importingCountry')?.value).toBe(second);
    expect(form.lookupKey('importingCountry', 'a')).toBe(false);
  });

  it('finds codes by pinyin initials and names, and refuses a lookup on a field without one', () => {
    const { form } = makeForm();
    form.search('tradeMode', 'ybmy');
    expect(form.getField('tradeMode')?.lookup?.suggestions[0]).toMatchObject({ code: '0110', name: '一般贸易' });
    form.search('contract.currency', '美元');
    form.pick('contract.currency', 0);
    expect(form.getField('contract.currency')?.value).toBe('USD');
    expectFormError(() => form.search('contract.no', 'x'), 'notEditable');
    expectFormError(() => form.pick('tradeMode', 3), 'badIndex');
  });
});

/** Counts the checks a form runs: each time its snapshot goes from checking to checked. */
function countChecks(form: ApplicationForm): { readonly count: number } {
  const counter = { count: 0 };
  let wasChecking = form.getSnapshot().checking;
  form.subscribe(() => {
    const { checking } = form.getSnapshot();
    if (wasChecking && !checking) counter.count += 1;
    wasChecking = checking;
  });
  return counter;
}

describe('debounced, incremental checks', () => {
  it('checks once after the user stops typing, not per keystroke', () => {
    const { form, scheduler } = makeForm({ debounceMs: 120 });
    const checks = countChecks(form);
    for (const text of ['示', '示例', '示例进', '示例进口']) {
      form.setValue('importer.nameZh', text);
      scheduler.advance(50);
    }
    expect(checks.count).toBe(0);
    expect(form.getField('importer.nameZh')).toMatchObject({ checking: true, value: '示例进口' });
    expect(form.getSnapshot().canDeclare).toBe(false);
    expect(form.getSnapshot().declareBlockers[0]?.kind).toBe('checking');
    // Its "required" prompt is from before the edit until the check runs.
    expect(form.getField('importer.nameZh')?.violations.length).toBeGreaterThan(0);
    scheduler.advance(119);
    expect(checks.count).toBe(1);
    expect(form.getField('importer.nameZh')).toMatchObject({ checking: false, violations: [] });
  });

  it('checks at least every maxWaitMs while the user keeps typing, and never twice within a frame', () => {
    const { form, scheduler } = makeForm({ debounceMs: 0, maxWaitMs: 300 });
    const checks = countChecks(form);
    // Ten keystrokes in one 16 ms frame: one check.
    for (let i = 0; i < 10; i += 1) {
      form.setValue('contract.no', `C${i}`);
      scheduler.advance(1);
    }
    scheduler.advance(16);
    expect(checks.count).toBe(1);
    const { form: busy, scheduler: clock } = makeForm({ debounceMs: 200, maxWaitMs: 500 });
    const busyChecks = countChecks(busy);
    for (let i = 0; i < 20; i += 1) {
      busy.setValue('contract.no', `C${i}`);
      clock.advance(100);
    }
    expect(busyChecks.count).toBe(4);
  });

  it('runs a pending check at once on flush', () => {
    const { form, scheduler } = makeForm();
    form.setValue('customsPort', '0200');
    expect(form.getSnapshot().checking).toBe(true);
    form.flush();
    expect(form.getSnapshot().checking).toBe(false);
    expect(scheduler.pending).toBe(0);
    expect(form.getField('customsPort')?.violations).toEqual([]);
  });
});

describe('saving and declaring', () => {
  it('allows declaring a complete application with its attachments, and says what blocks it otherwise', () => {
    const { snapshot, form } = loaded('general');
    expect(snapshot().canDeclare).toBe(true);
    expect(snapshot().declareBlockers).toEqual([]);
    form.setAttachments([]);
    form.flush();
    const blockers = snapshot().declareBlockers;
    expect(snapshot().canDeclare).toBe(false);
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatchObject({ kind: 'violation', rule: 'attachments.required', path: 'attachments', text: '申报前须上传附件' });
    expect(snapshot().canSave).toBe(true);
  });

  it('does not allow declaring with local errors, and lists each with the field to jump to', () => {
    const { form } = makeForm();
    const { canDeclare, declareBlockers } = form.getSnapshot();
    expect(canDeclare).toBe(false);
    const paths = declareBlockers.map((reason) => reason.path);
    expect(paths).toEqual(expect.arrayContaining(['customsPort', 'importingCountry', 'goods.hsCode', 'pledge', 'attachments']));
    for (const reason of declareBlockers) expect(reason.text).toBe(reason.message.zh);
  });

  it('blocks saving on a format error, but not on a missing field', () => {
    const { form } = makeForm();
    expect(form.getSnapshot().canSave).toBe(true);
    form.setValue('contract.signedOn', '2026-02-30');
    form.flush();
    expect(form.getSnapshot().canSave).toBe(false);
    expect(form.getSnapshot().saveBlockers.map((reason) => reason.path)).toEqual(['contract.signedOn']);
  });

  it('is no longer ready to declare once approved, and refuses edits (the after-approval defect)', () => {
    const { snapshot, form } = loaded('general', 1, { status: 'approved', id: 'A-1', licenceNo: '26-AA-000123' });
    expect(snapshot().status).toBe('approved');
    expect(snapshot().editable).toBe(false);
    expect(snapshot().canDeclare).toBe(false);
    expect(snapshot().declareBlockers[0]).toMatchObject({ kind: 'status', text: '申请单状态为“复审通过”，不能申报' });
    expectFormError(() => form.setValue('contract.no', 'x'), 'notEditable');
    expectFormError(() => form.addRow(), 'notEditable');
    expect(snapshot().specs.canAddRow).toBe(false);
  });

  it('in the save phase shows only what blocks saving beside the fields, and still gates declaring', () => {
    const { form } = makeForm({ phase: 'save' });
    const { fields, canDeclare, canSave } = form.getSnapshot();
    expect(fields['customsPort']?.violations).toEqual([]);
    expect(canSave).toBe(true);
    expect(canDeclare).toBe(false);
  });
});

describe('loading, languages and hostile input', () => {
  it('loads a saved record as it is, not dirty, and writes it back unchanged', () => {
    const record = { ...validApplication('steel', 2), id: 'A-9', status: 'firstReviewReturned' };
    const { form } = makeForm();
    form.load(record);
    const snapshot = form.getSnapshot();
    expect(snapshot).toMatchObject({ dirty: false, status: 'firstReviewReturned', editable: true, goodsClass: 'steel' });
    expect(form.toApplication()).toEqual(JSON.parse(JSON.stringify(record)));
    form.setValue('contract.no', 'C-1');
    expect(form.getSnapshot().dirty).toBe(true);
  });

  it("fills a loaded draft's empty exporter and consignor from the account, and leaves a declared record as it is", () => {
    const { form } = makeForm();
    const { exporter: _exporter, consignor: _consignor, ...record } = validApplication('general');
    form.load({ ...record, consignor: { name: '另一企业' } });
    expect(form.toApplication().exporter).toEqual(ACCOUNT.enterprise);
    expect(form.toApplication().consignor).toEqual({ ...ACCOUNT.enterprise, name: '另一企业' });
    expect(form.getSnapshot().dirty).toBe(true);
    form.load({ ...record, status: 'pendingFirstReview' });
    expect(form.toApplication().exporter).toBeUndefined();
    expect(form.getSnapshot().dirty).toBe(false);
  });

  it('keeps a loaded __proto__ key an ordinary key, reported by the rules as a form-level violation', () => {
    const { form } = makeForm();
    form.load(JSON.parse('{"__proto__": {"polluted": true}, "contract": {"no": "C-1"}, "deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": 1}}}}}}}}}}}}}}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const application = form.toApplication() as Record<string, unknown>;
    expect(Object.getPrototypeOf(application)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(application, '__proto__')).toBe(true);
    const rules = form.getSnapshot().formViolations.map((violation) => `${violation.rule}:${violation.path.join('.')}`);
    expect(rules).toEqual(expect.arrayContaining(['format.unknownField:__proto__', 'format.unknownField:deep']));
    expect(form.getSnapshot().canSave).toBe(false);
  });

  it('switches prompts and reasons to English', () => {
    const { form } = makeForm();
    form.touch('customsPort');
    expect(form.getField('customsPort')?.prompt).toContain('报关口岸');
    form.setLang('en');
    expect(form.getField('customsPort')?.prompt).toMatch(/customs port/i);
    expect(form.getSnapshot().declareBlockers[0]?.text).toBe(form.getSnapshot().declareBlockers[0]?.message.en);
    expect(form.getField('customsPort')?.touched).toBe(true);
  });

  it('refuses options it cannot use', () => {
    expectFormError(() => createApplicationForm({ phase: 'submit' as 'save' }), 'badOption');
    expectFormError(() => createApplicationForm({ asOf: '2026-02-30', scheduler: createManualScheduler() }), 'badOption');
    expectFormError(() => createApplicationForm({ debounceMs: -1 }), 'badOption');
    expectFormError(() => createApplicationForm({ catalog: {} as never }), 'badOption');
    expectFormError(() => createApplicationForm({ account: { name: 'x' } as never }), 'badOption');
    expectFormError(() => createApplicationForm({ scheduler: { now: () => 0 } as never }), 'badOption');
  });

  it('hides the print terminal until extended printing is on', () => {
    const { form } = makeForm();
    expect(form.getField('other.printTerminal')?.state).toBe('hidden');
    form.setValue('other.extendedPrinting', true);
    form.flush();
    expect(form.getField('other.printTerminal')?.state).toBe('required');
    expect(form.getField('other.extendedPrinting')?.options?.map((option) => option.label.zh)).toEqual(['是', '否']);
  });
});

describe("core's coke grades, 申请日期, 有效截止日期 and US-dollar rates", () => {
  it("takes the coke grades from core's COKE_GRADES, not from a rule set's text", () => {
    // A rule set without the coke grade rule: the dropdown is still core's three grades.
    const bundled = getBundledRuleSet();
    const rules = { ...bundled, rules: bundled.rules.filter((rule) => rule.id !== 'coke.spec.grade') };
    expect(rules.rules.length).toBe(bundled.rules.length - 1);
    for (const ruleSet of [bundled, rules]) {
      const { form } = makeForm({ rules: ruleSet });
      form.setValue('goods.hsCode', codeOf('coke'));
      const column = form.getSnapshot().specs.columns.find((candidate) => candidate.key === 'spec');
      expect(column?.options).toEqual(COKE_GRADES.map((grade) => ({ value: grade.label.zh, label: grade.label, detail: grade.spec })));
    }
    const { form } = makeForm({ lang: 'en' });
    form.setValue('goods.hsCode', codeOf('coke'));
    expect(form.getSnapshot().sections.find((section) => section.id === 'cokeGrade')?.hint?.en).toContain(COKE_GRADES[2]!.label.en);
  });

  it('pre-fills 申请日期 with today and 有效截止日期 with core\'s default for it, both free of violations', () => {
    for (const asOf of ['2026-03-10', '2026-09-01', '2026-12-31', '2028-02-29']) {
      const { form } = makeForm({ asOf });
      form.flush();
      expect(form.getField('other.appliedOn')).toMatchObject({ value: asOf, state: 'optional', violations: [] });
      expect(form.getField('validUntil')).toMatchObject({ value: defaultValidUntil(asOf), violations: [] });
      expect(form.toApplication().other?.appliedOn).toBe(asOf);
    }
  });

  it('moves the default 有效截止日期 with 申请日期, and keeps a date the user chose', () => {
    const { form } = makeForm({ asOf: '2026-09-01' });
    expect(form.getField('validUntil')?.value).toBe('2026-12-31');
    form.setValue('other.appliedOn', '2026-03-10');
    expect(form.getField('validUntil')?.value).toBe('2026-09-10');
    form.flush();
    expect(form.getField('validUntil')?.violations).toEqual([]);
    form.setValue('validUntil', '2026-08-01');
    form.setValue('other.appliedOn', '2026-04-01');
    expect(form.getField('validUntil')?.value).toBe('2026-08-01');
  });

  it('fills 总值折美元 from a usdRates table as check({ usdRates }) does, and follows the currency and the date', () => {
    const usdRates = createUsdRateTable({ source: 'test', rates: { CNY: [{ from: '2026-03', usdPerUnit: '0.1387' }, { from: '2026-09', usdPerUnit: '0.1404' }], EUR: [{ from: '2026-09', usdPerUnit: '1.0873' }] } });
    const { form } = makeForm({ usdRates });
    form.setValue('goods.hsCode', codeOf('vehicleUsed'));
    form.setValue('goods.priceCurrency', 'CNY');
    form.setValue('specs.0.totalValue', '36000');
    form.addRow({ totalValue: '1000' });
    const shown = () => [0, 1].map((index) => form.getField(`specs.${index}.totalValueUsd`)?.value);
    const checked = () => {
      const app = form.toApplication();
      const bare = { ...app, specs: (app.specs ?? []).map(({ totalValueUsd: _omit, ...row }) => row) } as ExportLicenceApplication;
      return (check(bare, { asOf: AS_OF, catalog: formCatalog(), usdRates }).application.specs ?? []).map((row) => row.totalValueUsd);
    };
    expect(shown()).toEqual(['5054.40', '140.40']);
    expect(shown()).toEqual(checked());
    form.setValue('other.appliedOn', '2026-08-31'); // the August rate
    expect(shown()).toEqual(['4993.20', '138.70']);
    expect(shown()).toEqual(checked());
    form.setValue('goods.priceCurrency', 'EUR'); // no EUR rate in August: left to the server
    expect(shown()).toEqual([undefined, undefined]);
    form.setValue('other.appliedOn', '2026-09-01');
    expect(shown()).toEqual(['39142.80', '1087.30']);
    expect(shown()).toEqual(checked());
    // A loaded draft without the values gets them; a declared record is shown as saved.
    const record = form.toApplication();
    const bare = { ...record, specs: (record.specs ?? []).map(({ totalValueUsd: _omit, ...row }) => row) };
    const { form: draft } = makeForm({ usdRates });
    draft.load(bare);
    expect(draft.getField('specs.0.totalValueUsd')?.value).toBe('39142.80');
    const { form: declared } = makeForm({ usdRates });
    declared.load({ ...bare, status: 'pendingFirstReview' });
    expect(declared.getField('specs.0.totalValueUsd')?.value).toBeUndefined();
  });

  it('leaves 总值折美元 to the server without a rate, and refuses a usdRates that is not a table', () => {
    const { form } = makeForm();
    form.setValue('goods.hsCode', codeOf('vehicleUsed'));
    form.setValue('specs.0.totalValue', '36000');
    expect(form.getField('specs.0.totalValueUsd')?.value).toBeUndefined();
    expectFormError(() => createApplicationForm({ usdRates: { CNY: '0.14' } as never }), 'badOption');
  });
});
