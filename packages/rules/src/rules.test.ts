import { describe, expect, it } from 'vitest';
import { createCatalog, GOODS_CLASSES, type GoodsClass } from '@exlic/core';
import { check, explainRule, getBundledRuleSet, requiredFields } from './index';
import { TEST_CODES, testCatalog, validApplication } from '../test/generate';

type App = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations reach into any field
const catalog = testCatalog();
const run = (app: unknown, options: { profile?: 'production' | 'test'; phase?: 'save' | 'declare' } = {}) => check(app, { asOf: '2026-09-01', catalog, ...options });
const make = (goodsClass: GoodsClass, mutate: (app: App) => void = () => {}, rows = 1): App => {
  const app = validApplication(goodsClass, rows) as App;
  mutate(app);
  return app;
};
const hits = (app: unknown, rule: string, options = {}) => run(app, options).violations.filter((v) => v.rule === rule).map((v) => v.path);

// [rule, goods class, mutation, the paths it must report ([] = must not fire), rows]
type Case = readonly [string, GoodsClass, (app: App) => void, readonly (readonly (string | number)[])[], number?];

const CASES: readonly Case[] = [
  // Mandatory fields and pledge
  ['required.customsPort', 'general', (a) => delete a.customsPort, [['customsPort']]],
  ['required.customsPort', 'general', (a) => (a.customsPort = '  '), [['customsPort']]],
  ['required.exporter.uscc', 'general', (a) => delete a.exporter.uscc, [['exporter', 'uscc']]],
  ['required.importer.nameEn', 'general', (a) => (a.importer.nameEn = ''), [['importer', 'nameEn']]],
  ['required.contract.signedOn', 'general', (a) => delete a.contract.signedOn, [['contract', 'signedOn']]],
  ['required.tradeMode', 'general', (a) => delete a.tradeMode, []], // pre-filled default 0110
  ['required.pledge', 'general', (a) => delete a.pledge, [['pledge']]],
  ['pledge.true', 'general', (a) => (a.pledge = false), [['pledge']]],
  ['pledge.true', 'general', () => {}, []],
  // The row shape of the goods class (the wire format's four row shapes)
  ['format.rowShape', 'general', (a) => (a.specs[0].vin = '1M8GDM9AXKP042788'), [['specs', 0, 'vin']]],
  ['format.rowShape', 'vehicleUsed', (a) => Object.assign(a.specs[1], { spec: 'x', chassisBrand: 'y' }), [['specs', 1, 'spec'], ['specs', 1, 'chassisBrand']], 2],
  ['format.rowShape', 'vehicleNew', (a) => (a.specs[0].chassisBrand = '东风'), [['specs', 0, 'chassisBrand']]],
  ['format.rowShape', 'vehicleNewModified', (a) => (a.specs[0].chassisBrand = '东风'), []],
  ['format.rowShape', 'coke', () => {}, []],
  // 1
  ['specs.required', 'general', (a) => (a.specs = []), [['specs']]],
  ['specs.required', 'general', (a) => delete a.specs, [['specs']]],
  // 2, 3
  ['specs.spec.required', 'general', (a) => delete a.specs[0].spec, [], 1],
  ['specs.spec.required', 'general', (a) => delete a.specs[1].spec, [['specs', 1, 'spec']], 2],
  ['specs.quantity.required', 'general', (a) => delete a.specs[0].quantity, [['specs', 0, 'quantity']], 1],
  ['specs.unitPrice.required', 'general', (a) => delete a.specs[2].unitPrice, [['specs', 2, 'unitPrice']], 3],
  ['specs.quantity.required', 'vehicleNew', (a) => delete a.specs[1].quantity, [['specs', 1, 'quantity']], 2],
  ['specs.quantity.required', 'vehicleUsed', () => {}, []],
  // 4: 4 vs 5 rows, 20 vs 21 vehicle rows
  ['specs.maxRows', 'general', () => {}, [], 4],
  ['specs.maxRows', 'general', () => {}, [['specs']], 5],
  ['specs.maxRows', 'vehicleNew', () => {}, [], 20],
  // Over the class's limit the rows are still read and checked (issue 19); only past 200 rows, ten times the largest class limit, the reader refuses the list unread.
  ['specs.maxRows', 'vehicleUsed', () => {}, [['specs']], 21],
  ['format.tooLarge', 'general', () => {}, [['specs']], 201],
  // 5: positive, exact products (0.1 × 3 = 0.3 exactly)
  ['specs.quantity.positive', 'general', (a) => (a.specs[0].quantity = '0'), [['specs', 0, 'quantity']]],
  ['specs.quantity.positive', 'general', (a) => (a.specs[0].quantity = '0.001'), []],
  ['specs.unitPrice.positive', 'general', (a) => (a.specs[0].unitPrice = '-1'), [['specs', 0, 'unitPrice']]],
  ['specs.totalValue.positive', 'vehicleUsed', (a) => (a.specs[0].totalValue = '0'), [['specs', 0, 'totalValue']]],
  ['specs.totalPrice.product', 'general', (a) => Object.assign(a.specs[0], { unitPrice: 0.1, quantity: 3, totalPrice: 0.3 }), []],
  ['specs.totalPrice.product', 'general', (a) => Object.assign(a.specs[0], { unitPrice: '0.1', quantity: '3', totalPrice: '0.30' }), []],
  ['specs.totalPrice.product', 'general', (a) => Object.assign(a.specs[0], { unitPrice: '0.1', quantity: '3', totalPrice: '0.30000000000000004' }), [['specs', 0, 'totalPrice']]],
  ['specs.totalValue.product', 'vehicleNewModified', (a) => (a.specs[0].totalValue = '1'), [['specs', 0, 'totalValue']]],
  ['specs.totalValue.product', 'vehicleUsed', (a) => (a.specs[0].totalValue = '1'), []],
  // 6
  ['goods.totalQuantity.sum', 'general', (a) => (a.goods.totalQuantity = '20'), [], 2],
  ['goods.totalQuantity.sum', 'general', (a) => (a.goods.totalQuantity = '21'), [['goods', 'totalQuantity']], 2],
  ['goods.totalQuantity.sum', 'vehicleUsed', (a) => (a.goods.totalQuantity = '3'), [], 3],
  ['goods.totalQuantity.sum', 'vehicleUsed', (a) => (a.goods.totalQuantity = '2'), [['goods', 'totalQuantity']], 3],
  ['goods.totalAmount.sum', 'general', (a) => (a.goods.totalAmount = '30.0'), [], 2],
  ['goods.totalAmount.sum', 'general', (a) => (a.goods.totalAmount = '30.01'), [['goods', 'totalAmount']], 2],
  // 7, 8
  ['ods.approvalNo', 'ods', (a) => delete a.goods.approvalNo, [['goods', 'approvalNo']]],
  ['ods.approvalNo', 'general', () => {}, []],
  ['naturalSand.certificateNo', 'naturalSand', (a) => delete a.goods.certificateNo, [['goods', 'certificateNo']]],
  ['naturalSand.certificateNo', 'naturalSand', (a) => (a.goods.certificateNo = '无'), []],
  // 9
  ['vehicle.brand', 'vehicleNew', (a) => delete a.specs[1].brand, [['specs', 1, 'brand']], 3],
  ['vehicle.model', 'vehicleUsed', (a) => delete a.specs[0].model, [['specs', 0, 'model']]],
  ['vehicleNewModified.chassisBrand', 'vehicleNewModified', (a) => delete a.specs[0].chassisBrand, [['specs', 0, 'chassisBrand']]],
  ['vehicleNewModified.chassisBrand', 'vehicleNew', () => {}, []],
  ['vehicleUsed.vin', 'vehicleUsed', (a) => delete a.specs[0].vin, [['specs', 0, 'vin']]],
  ['vehicleUsed.registeredOn', 'vehicleUsed', (a) => delete a.specs[0].registeredOn, [['specs', 0, 'registeredOn']]],
  ['vehicleUsed.transferredOn', 'vehicleUsed', (a) => delete a.specs[0].transferredOn, [['specs', 0, 'transferredOn']]],
  ['vehicleUsed.totalValue', 'vehicleUsed', (a) => delete a.specs[0].totalValue, [['specs', 0, 'totalValue']]],
  ['vehicleUsed.vin.format', 'vehicleUsed', (a) => (a.specs[0].vin = 'LSVAU218XN218329'), [['specs', 0, 'vin']]],
  ['vehicleUsed.vin.format', 'vehicleUsed', (a) => (a.specs[0].vin = 'LSVAU218XN218329O'), [['specs', 0, 'vin']]],
  ['vehicleUsed.vin.checkDigit', 'vehicleUsed', (a) => (a.specs[0].vin = 'LSVAU2180N2183294'), [['specs', 0, 'vin']]],
  ['vehicleUsed.dates.order', 'vehicleUsed', (a) => Object.assign(a.specs[0], { registeredOn: '2026-08-01', transferredOn: '2026-08-01' }), []],
  ['vehicleUsed.dates.order', 'vehicleUsed', (a) => Object.assign(a.specs[0], { registeredOn: '2026-08-02', transferredOn: '2026-08-01' }), [['specs', 0, 'registeredOn']]],
  // 10
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '铸造焦'), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '粒度：10-30mm；水分：10%；灰：11.5%-13%；硫：0.7%-0.8%；挥发份：1.2%-1.5%'), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[1].spec = '一级焦'), [['specs', 1, 'spec']], 2],
  // the manual's own line, half-width punctuation, surrounding spaces
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '铸造焦：粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%'), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '铸造焦：规格（粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%）'), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = ' 粒度:10-30mm;水分:10%;灰:11.5%-13%;硫:0.7%-0.8%;挥发份:1.2%-1.5% '), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '铸造焦 '), []],
  ['coke.spec.grade', 'coke', (a) => (a.specs[0].spec = '粒度：80-250mm；水分：6%'), [['specs', 0, 'spec']]],
  ['specs.spec.required', 'coke', (a) => delete a.specs[0].spec, [['specs', 0, 'spec']], 1],
  // 11
  ['steel.producers', 'steel', (a) => (a.producers = []), [['producers']]],
  ['steel.producer.name', 'steel', (a) => delete a.producers[0].name, [['producers', 0, 'name']]],
  ['steel.producer.uscc', 'steel', (a) => delete a.producers[0].uscc, [['producers', 0, 'uscc']]],
  ['steel.qualityCertificateNos', 'steel', (a) => delete a.qualityCertificateNos, [['qualityCertificateNos']]],
  ['steel.qualityCertificateNo', 'steel', (a) => (a.qualityCertificateNos = ['A', '']), [['qualityCertificateNos', 1]]],
  ['steel.qualityCertificateNo', 'steel', (a) => (a.qualityCertificateNos = ['无编号']), []],
  ['steel.producers', 'general', () => {}, []],
  // 12: 330 vs 331 characters
  ['other.additionalInfo.maxLength', 'general', (a) => (a.other.additionalInfo = '附'.repeat(330)), []],
  ['other.additionalInfo.maxLength', 'general', (a) => (a.other.additionalInfo = '附'.repeat(331)), [['other', 'additionalInfo']]],
  ['other.additionalInfo.maxLength', 'general', (a) => (a.other.additionalInfo = '😀'.repeat(330)), []],
  // 13
  ['other.printTerminal', 'general', (a) => (a.other.extendedPrinting = true), [['other', 'printTerminal']]],
  ['other.printTerminal', 'general', (a) => Object.assign(a.other, { extendedPrinting: true, printTerminal: 'T1' }), []],
  ['other.remotePrintingAuthority', 'general', (a) => (a.other.remotePrinting = true), [['other', 'remotePrintingAuthority']]],
  // 14
  ['code.customsPort', 'general', (a) => (a.customsPort = '9999'), [['customsPort']]],
  ['code.importingCountry', 'general', (a) => (a.importingCountry = 'XXX'), [['importingCountry']]],
  ['code.contract.currency', 'general', (a) => (a.contract.currency = 'ZZZ'), [['contract', 'currency']]],
  ['code.other.remotePrintingAuthority', 'general', (a) => Object.assign(a.other, { remotePrinting: true, remotePrintingAuthority: 'NOPE' }), [['other', 'remotePrintingAuthority']]],
  ['code.attachments.type', 'general', (a) => (a.attachments[1].type = 'BOGUS'), [['attachments', 1, 'type']]],
  ['catalog.hsCode', 'general', (a) => (a.goods.hsCode = '1234567890'), [['goods', 'hsCode']]],
  ['format.hsCode', 'general', (a) => (a.goods.hsCode = '12345'), [['goods', 'hsCode']]],
  ['catalog.outdated', 'general', () => {}, []],
  // 15
  ['identifier.exporter.uscc', 'general', (a) => (a.exporter.uscc = '91350100M000100Y4'), [['exporter', 'uscc']]],
  ['identifier.exporter.uscc.checkCharacter', 'general', (a) => (a.exporter.uscc = '289999997763675559'), [['exporter', 'uscc']]],
  ['identifier.consignor.code', 'general', (a) => (a.consignor.code = 'ABCD776367555'), [['consignor', 'code']]],
  ['identifier.consignor.code.checkCharacter', 'general', (a) => (a.consignor.code = '1100776367554'), [['consignor', 'code']]],
  ['identifier.producers.uscc.checkCharacter', 'steel', (a) => (a.producers[0].uscc = '289999997763675559'), [['producers', 0, 'uscc']]],
  ['identifier.exporter.crossCheck', 'general', (a) => (a.exporter.code = '1100776367555'), [['exporter', 'code']]],
  ['identifier.exporter.crossCheck', 'general', () => {}, []],
  // 16
  ['dates.contract.order', 'general', (a) => (a.contract.validUntil = '2026-08-14'), [['contract', 'validUntil']]],
  ['dates.contract.order', 'general', (a) => (a.contract.validUntil = '2026-08-15'), []],
  ['dates.validUntil.past', 'general', (a) => (a.validUntil = '2026-08-31'), [['validUntil']]],
  ['dates.validUntil.past', 'general', (a) => (a.validUntil = '2026-09-01'), []],
  ['dates.year', 'general', (a) => (a.year = 2027), [['year']]],
  // 17
  ['attachments.type', 'general', (a) => delete a.attachments[2].type, [['attachments', 2, 'type']]],
  ['attachments.type.duplicate', 'general', (a) => (a.attachments[2].type = 'CONTRACT'), [['attachments', 2, 'type']]],
  // A per-row type (perRow in the attachmentTypes table): one per vehicle, several per application.
  ['attachments.type.duplicate', 'vehicleUsed', () => {}, [], 3],
  ['attachments.type.duplicate', 'general', (a) => a.attachments.push({ id: 'x', type: 'AFTER_SALES_CONFIRMATION' }), []],
  // Row attachments: the ids exist, and a vehicle's documents are its own
  ['specs.attachments.exists', 'vehicleUsed', (a) => a.specs[1].attachments.push('nope'), [['specs', 1, 'attachments']], 2],
  ['specs.attachments.exists', 'vehicleUsed', () => {}, [], 20],
  ['specs.attachments.ownDocument', 'vehicleUsed', (a) => (a.specs[1].attachments = ['v0']), [['specs', 1, 'attachments']], 2],
  ['specs.attachments.ownDocument', 'vehicleUsed', (a) => (a.specs[1].attachments = ['v1', 'a1']), [], 2],
  ['vehicleUsed.vehicleDocument', 'vehicleUsed', (a) => (a.specs[2].attachments = ['a3']), [['specs', 2, 'attachments']], 3],
  ['vehicleUsed.vehicleDocument', 'vehicleUsed', () => {}, [], 20],
  ['attachments.required', 'general', (a) => (a.attachments = []), [['attachments']]],
  // 18: 6 months of validity, and the year end
  ['validity.sixMonths', 'general', (a) => Object.assign(a, { validUntil: '2026-12-31', other: { appliedOn: '2026-07-01' } }), []],
  ['validity.sixMonths', 'general', (a) => Object.assign(a, { validUntil: '2026-12-31', other: { appliedOn: '2026-06-30' } }), [['validUntil']]],
  ['validity.sixMonths', 'general', (a) => Object.assign(a, { year: 2027, validUntil: '2027-02-28', other: { appliedOn: '2026-08-31' } }), []],
  ['validity.sixMonths', 'general', (a) => Object.assign(a, { year: 2027, validUntil: '2027-03-01', other: { appliedOn: '2026-08-31' } }), [['validUntil']]],
  ['validity.yearEnd', 'general', (a) => Object.assign(a, { validUntil: '2027-01-01' }), [['validUntil']]],
  ['validity.yearEnd', 'general', () => {}, []],
  // 20
  ['naturalSand.destination', 'naturalSand', (a) => (a.importingCountry = 'MAC'), []],
  ['naturalSand.destination', 'naturalSand', (a) => (a.importingCountry = 'HKG'), []],
  ['naturalSand.destination', 'naturalSand', (a) => (a.importingCountry = 'JPN'), [['importingCountry']]],
  // 21 (from 2026): 179, 180 and 181 days from first registration to the application date (2026-09-01)
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => { a.attachments = a.attachments.filter((x: App) => x.type !== 'AFTER_SALES_CONFIRMATION'); Object.assign(a.specs[0], { registeredOn: '2026-03-06', transferredOn: '2026-08-01', attachments: [] }); }, [['specs', 0, 'attachments']]],
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => { a.attachments = a.attachments.filter((x: App) => x.type !== 'AFTER_SALES_CONFIRMATION'); Object.assign(a.specs[0], { registeredOn: '2026-03-05', transferredOn: '2026-08-01', attachments: [] }); }, [['specs', 0, 'attachments']]],
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => { a.attachments = a.attachments.filter((x: App) => x.type !== 'AFTER_SALES_CONFIRMATION'); Object.assign(a.specs[0], { registeredOn: '2026-03-04', transferredOn: '2026-03-10', attachments: [] }); }, []],
  // counted to the application date, not the transfer: registered 2026-05-04, transferred a day later, applied 120 days after registration
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => { a.attachments = a.attachments.filter((x: App) => x.type !== 'AFTER_SALES_CONFIRMATION'); Object.assign(a.specs[0], { registeredOn: '2026-05-04', transferredOn: '2026-05-05', attachments: [] }); }, [['specs', 0, 'attachments']]],
  // the confirmation linked from the row, or among the application's attachments
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => Object.assign(a.specs[0], { registeredOn: '2026-05-04', transferredOn: '2026-08-01', attachments: ['v0', 'a3'] }), []],
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => Object.assign(a.specs[0], { registeredOn: '2026-05-04', transferredOn: '2026-08-01', attachments: [] }), []],
  ['vehicleUsed.afterSalesConfirmation', 'vehicleUsed', (a) => Object.assign(a, { year: 2025, validUntil: '2025-12-31', contract: { signedOn: '2025-08-01', validUntil: '2025-12-31' }, other: { appliedOn: '2025-09-01' }, attachments: [{ id: 'a1', type: 'CONTRACT' }] }, { specs: [{ ...a.specs[0], registeredOn: '2025-07-01', transferredOn: '2025-08-01', attachments: [] }] }), []],
  ['steel.attachments.exportContract', 'steel', (a) => (a.attachments = [{ type: 'QUALITY_CERT' }]), [['attachments']]],
  ['steel.attachments.qualityCertificate', 'steel', (a) => (a.attachments = [{ type: 'CONTRACT' }]), [['attachments']]],
  ['steel.attachments.exportContract', 'steel', (a) => (a.attachments = [{ type: 'CONTRACT' }, { type: 'QUALITY_CERT' }]), []],
  // 22
  ['format.licenceNo', 'general', (a) => (a.licenceNo = '26-01-000123'), []],
  ['format.licenceNo', 'general', (a) => (a.licenceNo = '26-AA-000123'), []],
  ['format.licenceNo', 'general', (a) => (a.licenceNo = '26-A-000123'), [['licenceNo']]],
  ['format.licenceNo', 'general', (a) => (a.licenceNo = '26-aa-000123'), [['licenceNo']]],
  // 23: non-one-batch-one-licence only where the catalog allows it (the test catalog allows it for no code), never ODS
  ['other.oneBatchOneLicence.allowed', 'general', (a) => (a.other.oneBatchOneLicence = false), [['other', 'oneBatchOneLicence']]],
  ['other.oneBatchOneLicence.allowed', 'ods', (a) => (a.other.oneBatchOneLicence = false), [['other', 'oneBatchOneLicence']]],
  ['other.oneBatchOneLicence.allowed', 'general', (a) => (a.other.oneBatchOneLicence = true), []],
  // 24: the goods class must be one the catalog entry allows
  ['goods.goodsClass.allowed', 'steel', (a) => (a.goods.goodsClass = 'steel'), []],
  ['goods.goodsClass.allowed', 'steel', (a) => (a.goods.goodsClass = 'vehicleUsed'), [['goods', 'goodsClass']]],
  ['goods.goodsClass.required', 'steel', () => {}, []],
  ['format.licenceNo', 'general', (a) => (a.licenceNo = '2026-01-123'), [['licenceNo']]],
  // parse issues
  ['format.date', 'general', (a) => (a.validUntil = '2026-02-30'), [['validUntil']]],
  ['format.decimal', 'general', (a) => (a.specs[0].quantity = 'ten'), [['specs', 0, 'quantity']]],
  ['format.unknownField', 'general', (a) => (a.goods.hsCod = '1'), [['goods', 'hsCod']]],
  ['format.type', 'general', (a) => (a.pledge = 'yes'), [['pledge']]],
];

describe('the bundled rule set', () => {
  it.each(CASES.map((c, i) => [`${c[0]} #${i}`, ...c] as const))('%s', (_name, rule, goodsClass, mutate, paths, rows) => {
    expect(hits(make(goodsClass, mutate, rows ?? 1), rule)).toEqual(paths);
  });

  it.each(GOODS_CLASSES)('finds a valid %s application valid, with no violation', (goodsClass) => {
    const result = run(make(goodsClass, () => {}, 2));
    expect(result.violations).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has a test case for every rule of the rule set', () => {
    const tested = new Set(CASES.map((c) => c[0]));
    const elsewhere = new Set(['catalog.partial', 'catalog.unverified']); // with their own catalogs, below
    const untested = getBundledRuleSet().rules.map((r) => r.id).filter((id) => !tested.has(id) && !elsewhere.has(id) && !id.startsWith('required.') && !id.startsWith('code.') && !id.startsWith('identifier.'));
    expect(untested).toEqual([]);
  });

  it('covers every rule of the form rules (0-24) except 19 (write-off simulation)', () => {
    const covered = new Set(getBundledRuleSet().rules.flatMap((r) => r.covers));
    for (let n = 0; n <= 24; n += 1) if (n !== 19) expect(covered.has(n), `the form rules ${n}`).toBe(true);
  });
});

describe('catalog completeness and code hints (form rule 14)', () => {
  const entries = testCatalog().entries;
  const app = (hsCode: string) => make('general', (a) => (a.goods.hsCode = hsCode));
  const rules = (result: ReturnType<typeof run>) => result.violations.map((v) => [v.rule, v.severity]);

  it('an unknown code is an error in a complete year and a warning naming the catalog in a partial one', () => {
    expect(rules(run(app('1234567890')))).toEqual([['catalog.hsCode', 'error']]);
    const partial = createCatalog(entries, { source: 'a partial test catalog', partialYears: [2026] });
    const result = check(app('1234567890'), { asOf: '2026-09-01', catalog: partial });
    expect(rules(result)).toEqual([['catalog.partial', 'warning']]);
    expect(result.valid).toBe(true);
    expect(result.violations[0]!.message.en).toContain('a partial test catalog');
    expect(check(app(TEST_CODES.general), { asOf: '2026-09-01', catalog: partial }).violations).toEqual([]);
  });

  it("a year the catalog does not hold: the earlier year's entry with a warning, or an unverified warning", () => {
    const older = createCatalog(entries.map((entry) => ({ ...entry, year: 2025 })), { source: 'a 2025 test catalog' });
    expect(rules(check(app(TEST_CODES.general), { asOf: '2026-09-01', catalog: older }))).toEqual([['catalog.outdated', 'warning']]);
    expect(rules(check(app('1234567890'), { asOf: '2026-09-01', catalog: older }))).toEqual([['catalog.unverified', 'warning']]);
  });

  it("names the right code for a legacy code, a sub-district port and a currency's customs code", () => {
    const result = run(make('general', (a) => Object.assign(a, { tradeMode: '110', customsPort: '2248', contract: { ...a.contract, currency: '502' } })));
    const byRule = new Map(result.violations.map((v) => [v.rule, v.message]));
    expect(byRule.get('code.tradeMode')?.zh).toContain('应为“0110”');
    expect(byRule.get('code.customsPort')?.en).toContain('did you mean 2200');
    expect(byRule.get('code.contract.currency')?.en).toContain('did you mean USD');
    expect(run(make('general', (a) => (a.customsPort = 'ZZ99'))).violations[0]?.message.en).not.toContain('did you mean');
  });

  it('non-one-batch-one-licence where the catalog entry allows it, and standard sand to any destination', () => {
    const allowing = createCatalog(
      entries.map((entry) => (entry.goodsClass === 'general' ? { ...entry, nonOneBatchOneLicence: true } : entry.goodsClass === 'naturalSand' ? { ...entry, standardSand: true } : entry)),
      { source: 'flags' },
    );
    const options = { asOf: '2026-09-01', catalog: allowing };
    expect(check(make('general', (a) => (a.other.oneBatchOneLicence = false)), options).violations).toEqual([]);
    expect(check(make('naturalSand', (a) => (a.importingCountry = 'JPN')), options).violations).toEqual([]);
  });

  it('a vehicle code that serves several classes needs goods.goodsClass, and applies the chosen class', () => {
    const several = createCatalog(
      entries.map((entry) => (entry.goodsClass === 'vehicleNew' ? { ...entry, goodsClasses: ['vehicleNew', 'vehicleNewModified', 'vehicleUsed'] as GoodsClass[] } : entry)),
      { source: 'several' },
    );
    const used = make('vehicleUsed', (a) => (a.goods.hsCode = TEST_CODES.vehicleNew));
    const options = { asOf: '2026-09-01', catalog: several };
    expect(rules(check(used, options))).toContainEqual(['goods.goodsClass.required', 'error']);
    // A form paints the goods class yellow only where the code serves several classes.
    expect(requiredFields(used, options)).toContainEqual(['goods', 'goodsClass']);
    expect(requiredFields(make('steel'), { asOf: '2026-09-01', catalog })).not.toContainEqual(['goods', 'goodsClass']);
    used.goods.goodsClass = 'vehicleUsed';
    const result = check(used, options);
    expect(result.violations).toEqual([]);
    expect(result.goodsClass).toBe('vehicleUsed');
  });
});

describe('check', () => {
  it('turns check-character failures into warnings under the test profile (the manual test enterprise)', () => {
    const app = make('general', (a) => {
      a.exporter = { code: '1100776367555', uscc: '289999997763675559', name: '签章测试企业' };
      a.consignor = { ...a.exporter };
    });
    expect(run(app).valid).toBe(false);
    const test = run(app, { profile: 'test' });
    expect(test.valid).toBe(true);
    expect(test.violations.map((v) => [v.rule, v.severity])).toEqual([
      ['identifier.exporter.uscc.checkCharacter', 'warning'],
      ['identifier.consignor.uscc.checkCharacter', 'warning'],
    ]);
  });

  it('runs only format checks in the save phase', () => {
    const app = { goods: { hsCode: '123' }, validUntil: 'soon', other: { additionalInfo: 'x'.repeat(331) } };
    expect(run(app, { phase: 'save' }).violations.map((v) => v.rule)).toEqual(['format.date', 'other.additionalInfo.maxLength', 'format.hsCode']);
  });

  it('returns the application normalised: totals computed, defaults and catalog fields filled', () => {
    const { application } = run(make('general', (a) => (a.specs = [{ spec: 'a', unitPrice: '0.1', quantity: '3' }, { spec: 'b', unitPrice: '2', quantity: '1.5' }]), 2));
    expect(application.specs?.map((row) => row.totalPrice)).toEqual(['0.3', '3']);
    expect(application.goods).toMatchObject({ totalQuantity: '4.5', totalAmount: '3.3', priceCurrency: 'USD', name: 'test general' });
    expect(application.other).toMatchObject({ issuingAuthority: 'QLAB', oneBatchOneLicence: true });
  });

  it("fills vehicles' US-dollar value only at the caller's rate", () => {
    const app = make('vehicleNew', (a) => (a.specs = [{ brand: '红旗', model: 'H9', unitPrice: '200000', quantity: '2' }]));
    expect(run(app).application.specs?.[0]).not.toHaveProperty('totalValueUsd');
    const converted = check(app, { asOf: '2026-09-01', catalog, usdRate: '0.1389' }).application.specs?.[0];
    expect(converted).toMatchObject({ totalValue: '400000', totalValueUsd: '55560.00' });
  });

  it('gives messages in Chinese and English naming the field', () => {
    const [violation] = run(make('ods', (a) => delete a.goods.approvalNo)).violations;
    expect(violation).toMatchObject({ rule: 'ods.approvalNo', severity: 'error', label: { zh: '批复单号', en: 'approval number' } });
    expect(violation?.message.zh).toContain('批复单号');
    expect(violation?.message.en).toContain('approval number');
  });

  it('applies the rules in force on the application date', () => {
    const app = make('steel', (a) => Object.assign(a, { attachments: [{ type: 'INVOICE' }] }));
    expect(hits(app, 'steel.attachments.exportContract')).toEqual([['attachments']]);
    const lastYear = make('steel', (a) => Object.assign(a, { year: 2025, validUntil: '2025-12-31', contract: { signedOn: '2025-08-01', validUntil: '2025-12-31' }, other: { appliedOn: '2025-09-01' }, attachments: [{ type: 'INVOICE' }] }));
    expect(hits(lastYear, 'steel.attachments.exportContract')).toEqual([]);
  });
});

describe('requiredFields', () => {
  it('follows the goods class, the rows and the switches', () => {
    const general = requiredFields(make('general', () => {}, 2), { asOf: '2026-09-01', catalog });
    expect(general).toContainEqual(['specs', 1, 'spec']);
    expect(general).not.toContainEqual(['goods', 'approvalNo']);
    const ods = requiredFields(make('ods', (a) => (a.other.extendedPrinting = true)), { asOf: '2026-09-01', catalog });
    expect(ods).toContainEqual(['goods', 'approvalNo']);
    expect(ods).toContainEqual(['other', 'printTerminal']);
    expect(ods).not.toContainEqual(['specs', 0, 'spec']);
    const used = requiredFields(make('vehicleUsed'), { asOf: '2026-09-01', catalog });
    expect(used).toEqual(expect.arrayContaining([['specs', 0, 'vin'], ['specs', 0, 'brand'], ['specs', 0, 'totalValue']]));
    expect(used).not.toContainEqual(['specs', 0, 'quantity']);
    expect(requiredFields(make('general'), { phase: 'save' })).toEqual([]);
  });
});

describe('explainRule', () => {
  it('tells source, dates, severity and messages', () => {
    expect(explainRule('validity.sixMonths')).toMatchObject({ id: 'validity.sixMonths', covers: [18], inForce: { from: '2008-07-01' }, severity: 'error', source: { kind: 'regulation' } });
    expect(explainRule('format.date')?.source.kind).toBe('schema');
    expect(explainRule('nope')).toBeUndefined();
  });
});
