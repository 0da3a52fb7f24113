// What the client benchmark and its server process share: the enterprise and a valid application.
/** The enterprise the benchmark's operator belongs to. */
export const BENCH_ENTERPRISE = { code: '3501M000100Y4', uscc: '91350100M000100Y43', name: '示例出口有限公司' };

/** A valid application with contract number `no`. */
export const benchApplication = (no: string) => ({
  schemaVersion: 1 as const,
  year: 2026,
  customsPort: '0200',
  exporter: BENCH_ENTERPRISE,
  consignor: BENCH_ENTERPRISE,
  tradeMode: '0110',
  importingCountry: 'JPN',
  transportMode: '2',
  validUntil: '2026-12-31',
  paymentMethod: 'TT',
  importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
  contract: { no, signedOn: '2026-08-15', validUntil: '2026-12-31', currency: 'USD' },
  goods: { priceCurrency: 'USD', hsCode: '2825903100' },
  specs: [{ unitPrice: '1250.50', quantity: '100' }],
  other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: '2026-09-01', applicantName: '张三', applicantContact: '010-00000000' },
  pledge: true,
});
