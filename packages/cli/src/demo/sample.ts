// The application the demo builds: a 2026 steel export (hot-rolled coil) from the sandbox's demo
// enterprise to Japan. Codes are looked up by the story itself; these are the user's own entries.
import type { CatalogEntry, CodeTableEntry } from '@exlic/core';

/** The codes the story found by pinyin initials. */
export interface FoundCodes {
  readonly commodity: CatalogEntry;
  readonly country: CodeTableEntry;
  readonly tradeMode: CodeTableEntry;
  readonly transportMode: CodeTableEntry;
  readonly customsPort: CodeTableEntry;
}

/** The enterprise behind the operator's token (back-filled as exporter and consignor). */
export interface Enterprise {
  readonly code: string;
  readonly uscc: string;
  readonly name: string;
}

/**
 * A first version as a hurried clerk types it: no importer, no producer, no quality certificate,
 * a quantity with a thousands separator. The rules report each of these.
 */
export function firstDraft(codes: FoundCodes, enterprise: Enterprise, today: string): Record<string, unknown> {
  const year = Number(today.slice(0, 4));
  return {
    schemaVersion: 1,
    year,
    customsPort: codes.customsPort.code,
    exporter: { ...enterprise },
    consignor: { ...enterprise },
    tradeMode: codes.tradeMode.code,
    importingCountry: codes.country.code,
    transportMode: codes.transportMode.code,
    validUntil: `${year}-12-31`,
    paymentMethod: 'TT',
    contract: { no: 'DEMO-2026-0001', signedOn: today, validUntil: `${year}-12-31`, currency: 'USD' },
    goods: { hsCode: codes.commodity.hsCode, priceCurrency: 'USD' },
    specs: [{ spec: 'SPHC 1.2mm', unitPrice: '0.62', quantity: '200,000' }],
    other: { oneBatchOneLicence: true, issuingAuthority: 'QLAB', appliedOn: today, applicantName: '张三', applicantContact: '010-00000000' },
    pledge: true,
  };
}

/** The fixes: what the violations asked for. */
export function fixDraft(draft: Record<string, unknown>): Record<string, unknown> {
  return {
    ...draft,
    importer: { nameZh: '示例进口株式会社', nameEn: 'Example Import K.K.' },
    specs: [{ spec: 'SPHC 1.2mm', unitPrice: '0.62', quantity: '200000' }],
    producers: [{ name: '示例钢铁股份有限公司', uscc: '91350100M000100Y43' }],
    qualityCertificateNos: ['QC-2026-0001'],
  };
}
