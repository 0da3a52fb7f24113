import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { FIELDS, getField } from '../fields';
import { parseApplication, specRowSchemaFor } from '../parse';
import { ExportLicenceApplication, GeneralSpecRow, VehicleNewModifiedSpecRow, VehicleNewSpecRow, VehicleUsedSpecRow } from './application';

// Every JSON path of the wire format, transcribed from its field tables independently of FIELDS ([] marks array items).
const SPEC_PATHS = [
  'schemaVersion', 'id', 'mofcomApplicationNo', 'licenceNo', 'status', 'formType', 'year', 'customsPort',
  'exporter.code', 'exporter.uscc', 'exporter.name', 'consignor.code', 'consignor.uscc', 'consignor.name',
  'tradeMode', 'importingCountry', 'transportMode', 'validUntil', 'paymentMethod', 'importer.nameZh', 'importer.nameEn',
  'contract.no', 'contract.quantity', 'contract.unit', 'contract.amount', 'contract.currency', 'contract.signedOn', 'contract.validUntil',
  'goods', 'specs', 'producers', 'qualityCertificateNos', 'other', 'pledge', 'contractDetails', 'attachments',
  'goods.hsCode', 'goods.categoryCode', 'goods.name', 'goods.unit', 'goods.priceCurrency', 'goods.totalQuantity', 'goods.totalAmount', 'goods.certificateNo', 'goods.approvalNo',
  'specs[].spec', 'specs[].unitPrice', 'specs[].quantity', 'specs[].totalPrice', 'specs[].brand', 'specs[].model', 'specs[].totalValue', 'specs[].totalValueUsd',
  'specs[].chassisBrand', 'specs[].attachments', 'specs[].vin', 'specs[].registeredOn', 'specs[].transferredOn',
  'producers[].name', 'producers[].uscc',
  'other.remarks', 'other.oneBatchOneLicence', 'other.issuingAuthority', 'other.extendedPrinting', 'other.printTerminal', 'other.remotePrinting',
  'other.remotePrintingAuthority', 'other.applicantName', 'other.applicantContact', 'other.appliedOn', 'other.additionalInfo',
  ...['code', 'name', 'establishedOn', 'registeredCapital', 'uscc', 'address', 'contactPerson', 'phone', 'mobile', 'email', 'fax', 'postcode', 'foreignTradeRegistrationNo', 'fieApprovalCertificateNo', 'businessLicenceNo'].map((k) => `contractDetails.applicantEnterprise.${k}`),
  ...['exporterSignatory', 'paymentMethod', 'goodsDescription'].map((k) => `contractDetails.foreignContract.${k}`),
  ...['principalName', 'agentName', 'agencyContractNo', 'agencyContractSignedOn', 'validUntil', 'shipperName', 'shipperContact', 'shipperAddress', 'shipperPhone', 'domesticTransportMode', 'domesticWaybillNo'].map((k) => `contractDetails.domesticAgencyContract.${k}`),
  ...['departureOn', 'expectedArrivalOn', 'producerName', 'producerAddress', 'freightPricing', 'freightTotalYuan', 'producerPhone', 'producerFax', 'detailedUse'].map((k) => `contractDetails.other.${k}`),
  ...['id', 'type', 'fileName', 'size', 'sha256', 'uploadedAt'].map((k) => `attachments[].${k}`),
];

/** Walks zod's wrappers (optional, default, preprocess pipes, arrays) down to the schema at a metadata path. */
function schemaAt(root: z.ZodType, path: string): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let current = s;
    for (;;) {
      const def = current._zod.def as unknown as { type: string; innerType?: z.ZodType; out?: z.ZodType; in?: z.ZodType };
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) current = def.innerType;
      else if (def.type === 'pipe' && def.out && (def.out._zod.def as { type: string }).type !== 'transform') current = def.out;
      else if (def.type === 'pipe' && def.in) current = def.in;
      else return current;
    }
  };
  for (const segment of path.split('.')) {
    const [key, array] = segment.endsWith('[]') ? [segment.slice(0, -2), true] : [segment, false];
    const object = unwrap(schema!) as unknown as { shape?: Record<string, z.ZodType> };
    schema = object.shape?.[key];
    if (!schema) return undefined;
    if (array) schema = (unwrap(schema)._zod.def as unknown as { element: z.ZodType }).element;
  }
  return schema;
}

describe('the wire format', () => {
  it.each(SPEC_PATHS)('%s has a schema and metadata', (path) => {
    expect(schemaAt(ExportLicenceApplication, path), 'schema').toBeDefined();
    const meta = getField(path);
    expect(meta, 'metadata').toBeDefined();
    expect(meta!.label.zh.length).toBeGreaterThan(0);
    expect(meta!.label.en.length).toBeGreaterThan(0);
  });

  it('has no metadata for a field the schema lacks', () => {
    const orphans = FIELDS.filter((meta) => schemaAt(ExportLicenceApplication, meta.path) === undefined).map((meta) => meta.path);
    expect(orphans).toEqual([]);
  });
});

const rowCases = [
  ['general', GeneralSpecRow, { spec: '常规', unitPrice: '12.50', quantity: 3, totalPrice: '37.50' }],
  ['vehicleNew', VehicleNewSpecRow, { brand: '红旗', model: 'H9', quantity: '2', unitPrice: '30000', totalValue: '60000', totalValueUsd: '60000.00' }],
  ['vehicleNewModified', VehicleNewModifiedSpecRow, { brand: '东风', model: 'EQ5', quantity: 1, unitPrice: 45000.5, totalValue: '45000.5', chassisBrand: '东风', attachments: ['a1'] }],
  ['vehicleUsed', VehicleUsedSpecRow, { brand: '大众', model: '朗逸', vin: '1M8GDM9AXKP042788', registeredOn: '2024-03-01', transferredOn: '2026-06-30', totalValue: '8000', totalValueUsd: '8000', attachments: [] }],
] as const;

describe('spec rows', () => {
  it.each(rowCases)('%s round-trips through its schema and through the application', (goodsClass, schema, row) => {
    const once = schema.parse(row);
    expect(schema.parse(once)).toEqual(once);
    expect(specRowSchemaFor(goodsClass)).toBe(schema);
    const parsed = parseApplication({ specs: [row] });
    expect(parsed.success).toBe(true);
    if (parsed.success) {
      expect(parsed.data.specs?.[0]).toEqual(once);
      expect(parseApplication(JSON.parse(JSON.stringify(parsed.data)))).toEqual(parsed);
    }
  });

  it('normalises decimals given as numbers to exact strings', () => {
    const parsed = parseApplication({ specs: [{ quantity: 0.1, unitPrice: 3, totalPrice: '0.30' }] });
    expect(parsed.success && parsed.data.specs?.[0]).toEqual({ quantity: '0.1', unitPrice: '3', totalPrice: '0.30' });
  });

  it('refuses a field of another row shape in a strict row schema', () => {
    expect(GeneralSpecRow.safeParse({ vin: 'x' }).success).toBe(false);
  });
});

describe('parseApplication', () => {
  it('reports issues with zod-style paths and what was expected', () => {
    const result = parseApplication({ validUntil: '2026-02-30', specs: [{}, { quantity: 'abc' }], goods: { hscode: '1' } });
    expect(result.success).toBe(false);
    if (result.success) return;
    const byPath = Object.fromEntries(result.issues.map((issue) => [JSON.stringify(issue.path), issue]));
    expect(byPath['["validUntil"]']?.format).toBe('date');
    expect(byPath['["specs",1,"quantity"]']?.message).toMatch(/decimal/);
    expect(byPath['["goods","hscode"]']?.message).toMatch(/unknown field "hscode"/);
  });

  it('treats blank strings and null as not filled', () => {
    const result = parseApplication({ customsPort: '  ', goods: { hsCode: '' }, contract: { amount: null } });
    expect(result).toEqual({ success: true, data: { schemaVersion: 1, goods: {}, contract: {} } });
  });

  it('refuses a future wire format version', () => {
    expect(parseApplication({ schemaVersion: 2 }).success).toBe(false);
  });

  it('never throws, whatever JSON value it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseApplication(value);
        expect(typeof result.success).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on application-shaped values with wrong types inside', () => {
    const anyValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const shaped = fc.record({ specs: fc.array(fc.dictionary(fc.constantFrom('spec', 'quantity', 'unitPrice', 'vin'), anyValue)), goods: fc.dictionary(fc.constantFrom('hsCode', 'totalQuantity'), anyValue), year: anyValue }, { requiredKeys: [] });
    fc.assert(fc.property(shaped, (value) => typeof parseApplication(value).success === 'boolean'), { numRuns: 1000 });
  });

  it('does not crash on hostile objects', () => {
    const hostile = Object.defineProperty({}, 'goods', { enumerable: true, get: () => { throw new Error('boom'); } });
    const result = parseApplication(hostile);
    expect(result.success).toBe(false);
  });
});
