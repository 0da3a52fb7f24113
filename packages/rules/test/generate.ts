import { createCatalog, specRowSchemaFor, type Catalog, type GoodsClass } from '@exlic/core';

/** Test-only catalog: one code per goods class, year 2026 (the class assignments of the vehicle codes are for tests, not facts). */
export const TEST_CODES: Readonly<Record<GoodsClass, string>> = {
  general: '2825903100',
  coke: '2704001000',
  steel: '7208271000',
  ods: '2903710000',
  naturalSand: '2505100000',
  vehicleNew: '8703236110',
  vehicleNewModified: '8703235910',
  vehicleUsed: '8703235990',
};

/** A catalog covering every goods class in 2026, for tests and the benchmark. */
export function testCatalog(): Catalog {
  return createCatalog(
    Object.entries(TEST_CODES).map(([goodsClass, hsCode]) => ({ year: 2026, hsCode, name: `test ${goodsClass}`, unit: '千克', goodsClass: goodsClass as GoodsClass })),
    { source: 'exlic test catalog' },
  );
}

const VINS = ['LSVAU218XN2183294', 'LFV2A21K4E3012345', 'JTDBR32E0X0012345'];

/** A valid application of a goods class (checked as of 2026-09-01 with {@link testCatalog}). */
export function validApplication(goodsClass: GoodsClass, rows = 1): Record<string, unknown> {
  const specs = Array.from({ length: rows }, (_, i) => rowFor(goodsClass, i));
  const app: Record<string, unknown> = {
    year: 2026,
    customsPort: '0200',
    exporter: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' },
    consignor: { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' },
    tradeMode: '0110',
    importingCountry: goodsClass === 'naturalSand' ? 'HKG' : 'JPN',
    transportMode: '2',
    validUntil: '2026-12-31',
    paymentMethod: 'TT',
    importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
    contract: { signedOn: '2026-08-15', validUntil: '2026-12-31' },
    goods: {
      hsCode: TEST_CODES[goodsClass],
      ...(goodsClass === 'ods' ? { approvalNo: 'ODS-1' } : {}),
      ...(goodsClass === 'naturalSand' ? { certificateNo: '无' } : {}),
    },
    specs,
    other: { appliedOn: '2026-09-01' },
    pledge: true,
    attachments: [
      { id: 'a1', type: 'CONTRACT' },
      { id: 'a2', type: 'QUALITY_CERT' },
      { id: 'a3', type: 'AFTER_SALES_CONFIRMATION' },
    ],
  };
  // Each used vehicle links its own vehicle document (v0, v1 …).
  if (specs.some((row) => 'vin' in row)) (app.attachments as unknown[]).push(...specs.map((_, i) => ({ id: `v${i}`, type: 'VEHICLE_DOC' })));
  if (goodsClass === 'steel') {
    app.producers = [{ name: '示例钢铁', uscc: '91350100M000100Y43' }];
    app.qualityCertificateNos = ['无编号'];
  }
  return app;
}

// A valid row of the class's row shape (read from core's registry, so a new class needs no case here).
function rowFor(goodsClass: GoodsClass, i: number): Record<string, unknown> {
  const shape = specRowSchemaFor(goodsClass).shape;
  if ('vin' in shape) return { brand: 'B', model: `M${i}`, vin: VINS[i % VINS.length], registeredOn: '2024-01-01', transferredOn: '2026-08-01', totalValue: '9000', attachments: [`v${i}`] };
  if ('chassisBrand' in shape) return { brand: 'B', model: `M${i}`, chassisBrand: 'C', quantity: '1', unitPrice: '52000' };
  if ('brand' in shape) return { brand: 'B', model: `M${i}`, quantity: '2', unitPrice: '18000' };
  if (goodsClass === 'coke') return { spec: ['常规粒度冶金焦', '铸造焦', '小粒度冶金焦'][i % 3], unitPrice: '320', quantity: '100' };
  return { spec: `S${i}`, unitPrice: '1.5', quantity: '10' };
}

/** A small deterministic PRNG (mulberry32), so generated sets are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLASSES = Object.keys(TEST_CODES) as GoodsClass[];
type Mutation = (app: Record<string, unknown>, rnd: () => number) => void;
const pick = <T>(list: readonly T[], rnd: () => number): T => list[Math.floor(rnd() * list.length)]!;
const obj = (app: Record<string, unknown>, key: string) => (app[key] ??= {}) as Record<string, unknown>;
const rows = (app: Record<string, unknown>) => (app.specs ?? []) as Record<string, unknown>[];

const MUTATIONS: readonly Mutation[] = [
  (app, rnd) => delete app[pick(['customsPort', 'importingCountry', 'transportMode', 'validUntil', 'paymentMethod', 'pledge', 'year'], rnd)],
  (app, rnd) => delete obj(app, pick(['exporter', 'consignor'], rnd))[pick(['code', 'uscc', 'name'], rnd)],
  (app) => (app.customsPort = '9999'),
  (app) => (app.importingCountry = 'XXX'),
  (app) => (obj(app, 'contract').currency = 'ZZZ'),
  (app) => (app.pledge = false),
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) delete row[pick(['spec', 'quantity', 'unitPrice', 'brand', 'model', 'vin', 'registeredOn', 'transferredOn', 'totalValue', 'chassisBrand'], rnd)];
  },
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) row.quantity = pick(['0', '-1', '0.1', '3', 'abc', 7], rnd);
  },
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) row[pick(['totalPrice', 'totalValue'], rnd)] = pick(['0.3', '1', '15', '18000.00'], rnd);
  },
  (app, rnd) => {
    const extra = Math.floor(rnd() * 20);
    const first = rows(app)[0] ?? {};
    for (let i = 0; i < extra; i += 1) rows(app).push({ ...first });
  },
  (app) => (app.specs = []),
  (app, rnd) => (obj(app, 'goods').totalQuantity = pick(['1', '10', '999'], rnd)),
  (app, rnd) => (obj(app, 'goods').totalAmount = pick(['1', '15', '999'], rnd)),
  (app) => delete obj(app, 'goods').approvalNo,
  (app) => delete obj(app, 'goods').certificateNo,
  (app, rnd) => (obj(app, 'goods').hsCode = pick([...Object.values(TEST_CODES), '1234567890', '12345'], rnd)),
  (app) => (app.producers = [{ name: '' }]),
  (app) => (app.qualityCertificateNos = ['', '无编号']),
  (app, rnd) => (obj(app, 'other').additionalInfo = '字'.repeat(pick([329, 330, 331], rnd))),
  (app) => Object.assign(obj(app, 'other'), { extendedPrinting: true }),
  (app) => Object.assign(obj(app, 'other'), { remotePrinting: true, remotePrintingAuthority: 'NOPE' }),
  (app, rnd) => (obj(app, 'exporter').uscc = pick(['289999997763675559', '91350100M000100Y4', '91350100M000100YI3'], rnd)),
  (app, rnd) => (obj(app, 'consignor').code = pick(['1100776367555', '110077636755X', 'ABCD776367555'], rnd)),
  (app, rnd) => (app.validUntil = pick(['2026-08-31', '2027-03-02', '2027-01-01', '2026-03-01', '2026-02-30'], rnd)),
  (app) => (obj(app, 'contract').validUntil = '2026-01-01'),
  (app, rnd) => (app.attachments = pick([[], [{ id: 'x' }], [{ type: 'INVOICE' }, { type: 'INVOICE' }], [{ type: 'BOGUS' }]], rnd)),
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) Object.assign(row, { registeredOn: '2026-07-01', transferredOn: pick(['2026-08-01', '2026-06-01', '2027-01-01'], rnd), attachments: [] });
  },
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) row.spec = pick(['一级焦', '铸造焦', '粒度：10-30mm；水分：10%；灰：11.5%-13%；硫：0.7%-0.8%；挥发份：1.2%-1.5%'], rnd);
  },
  (app, rnd) => (app.licenceNo = pick(['26-AB-1', '26-AA-000123', '26-A-000123', '26-01-000123', '26-aa-000123'], rnd)),
  (app, rnd) => (obj(app, 'goods').goodsClass = pick([...Object.keys(TEST_CODES), 'nonsense'], rnd)),
  (app) => (obj(app, 'other').oneBatchOneLicence = false),
  (app, rnd) => (app.importingCountry = pick(['HKG', 'MAC', 'TWN', 'JPN', 'USA'], rnd)),
  (app, rnd) => (app.attachments = pick([[{ type: 'CONTRACT' }], [{ type: 'QUALITY_CERT' }], [{ id: 'a3', type: 'AFTER_SALES_CONFIRMATION' }]], rnd)),
  (app, rnd) => (app.tradeMode = pick(['110', '0110', '1110'], rnd)),
  (app, rnd) => (app.customsPort = pick(['2248', '2200', 'ZZ99'], rnd)),
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) row.registeredOn = pick(['2026-03-04', '2026-03-05', '2026-03-06', '2026-05-04', '2026-09-02'], rnd);
  },
  (app, rnd) => {
    const row = pick(rows(app), rnd);
    if (row) row.spec = pick(['铸造焦：粒度：80-250mm；水分：5%；灰：8%-12%；硫：0.6%-0.8%；挥发份：1.2%-1.5%', ' 铸造焦 ', '粒度:80-250mm;水分:5%;灰:8%-12%;硫:0.6%-0.8%;挥发份:1.2%-1.5%'], rnd);
  },
  (app) => (app.unknownField = 1),
  (app, rnd) => (obj(app, 'other').appliedOn = pick(['2025-06-01', '2026-01-01', 'not a date'], rnd)),
];

/** `count` applications of every goods class, about a third valid, the rest with 1-4 random mutations. */
export function generateApplications(count: number, seed = 1): unknown[] {
  const rnd = random(seed);
  const result: unknown[] = [];
  for (let i = 0; i < count; i += 1) {
    const goodsClass = CLASSES[i % CLASSES.length]!;
    const app = validApplication(goodsClass, 1 + Math.floor(rnd() * 3));
    if (rnd() > 0.33) {
      const n = 1 + Math.floor(rnd() * 4);
      for (let m = 0; m < n; m += 1) pick(MUTATIONS, rnd)(app, rnd);
    }
    result.push(app);
  }
  return result;
}
