import * as z from 'zod';
import { STATUSES } from '../lifecycle';
import { Code, DecimalString, IntegerLike, IsoDate, IsoTimestamp, Text, optional } from './primitives';
import { GoodsClass } from './catalog';
import { SpecRow } from './spec-rows';

export { GeneralSpecRow, SpecRow, VehicleNewModifiedSpecRow, VehicleNewSpecRow, VehicleUsedSpecRow } from './spec-rows';

/** An enterprise as the form names it: 13-character code, 18-character credit code, name. */
export const Party = z.strictObject({
  /** 出口商代码 / 发货人代码: 4-digit region code + 9-character organisation code. */
  code: optional(Code),
  /** 社会信用代码: the unified social credit code (GB 32100-2015). */
  uscc: optional(Code),
  /** 名称. */
  name: optional(Text),
});
/** An enterprise: code, credit code, name. */
export type Party = z.infer<typeof Party>;

/** The importer's names (进口商中文名称, 进口商英文名称). */
export const Importer = z.strictObject({
  nameZh: optional(Text),
  nameEn: optional(Text),
});
/** The importer's names. */
export type Importer = z.infer<typeof Importer>;

/** The contract fields of the basic data (合同号 … 合同有效日期). */
export const Contract = z.strictObject({
  no: optional(Text),
  quantity: optional(DecimalString),
  unit: optional(Code),
  amount: optional(DecimalString),
  currency: optional(Code),
  signedOn: optional(IsoDate),
  validUntil: optional(IsoDate),
});
/** The contract fields of the basic data. */
export type Contract = z.infer<typeof Contract>;

/** 商品信息: the commodity and its totals. */
export const Goods = z.strictObject({
  hsCode: optional(z.string().trim()),
  categoryCode: optional(Code),
  /** 商品类别: which goods class the application is for, where the catalog entry allows several (a vehicle code is new, modified or used). */
  goodsClass: optional(GoodsClass),
  name: optional(Text),
  unit: optional(Text),
  priceCurrency: optional(Code),
  totalQuantity: optional(DecimalString),
  totalAmount: optional(DecimalString),
  certificateNo: optional(Text),
  approvalNo: optional(Text),
});
/** 商品信息: the commodity and its totals. */
export type Goods = z.infer<typeof Goods>;

/** A steel producer (生产商): name and credit code. */
export const Producer = z.strictObject({
  name: optional(Text),
  uscc: optional(Code),
});
/** A steel producer. */
export type Producer = z.infer<typeof Producer>;

/** 其他信息. */
export const OtherInfo = z.strictObject({
  remarks: optional(Text),
  oneBatchOneLicence: optional(z.boolean()),
  issuingAuthority: optional(Code),
  extendedPrinting: optional(z.boolean()),
  printTerminal: optional(Text),
  remotePrinting: optional(z.boolean()),
  remotePrintingAuthority: optional(Code),
  applicantName: optional(Text),
  applicantContact: optional(Text),
  appliedOn: optional(IsoDate),
  additionalInfo: optional(Text),
});
/** 其他信息. */
export type OtherInfo = z.infer<typeof OtherInfo>;

/** 合同信息表: the contract details form, four groups of optional fields. */
export const ContractDetails = z.strictObject({
  applicantEnterprise: optional(
    z.strictObject({
      code: optional(Text),
      name: optional(Text),
      establishedOn: optional(IsoDate),
      registeredCapital: optional(DecimalString),
      uscc: optional(Text),
      address: optional(Text),
      contactPerson: optional(Text),
      phone: optional(Text),
      mobile: optional(Text),
      email: optional(Text),
      fax: optional(Text),
      postcode: optional(Text),
      foreignTradeRegistrationNo: optional(Text),
      fieApprovalCertificateNo: optional(Text),
      businessLicenceNo: optional(Text),
    }),
  ),
  foreignContract: optional(
    z.strictObject({
      exporterSignatory: optional(Text),
      paymentMethod: optional(Code),
      goodsDescription: optional(Text),
    }),
  ),
  domesticAgencyContract: optional(
    z.strictObject({
      principalName: optional(Text),
      agentName: optional(Text),
      agencyContractNo: optional(Text),
      agencyContractSignedOn: optional(IsoDate),
      validUntil: optional(IsoDate),
      shipperName: optional(Text),
      shipperContact: optional(Text),
      shipperAddress: optional(Text),
      shipperPhone: optional(Text),
      domesticTransportMode: optional(Code),
      domesticWaybillNo: optional(Text),
    }),
  ),
  other: optional(
    z.strictObject({
      departureOn: optional(IsoDate),
      expectedArrivalOn: optional(IsoDate),
      producerName: optional(Text),
      producerAddress: optional(Text),
      freightPricing: optional(Text),
      freightTotalYuan: optional(DecimalString),
      producerPhone: optional(Text),
      producerFax: optional(Text),
      detailedUse: optional(Text),
    }),
  ),
});
/** 合同信息表. */
export type ContractDetails = z.infer<typeof ContractDetails>;

/** An uploaded attachment's record; the content travels through the client, never in the JSON. */
export const Attachment = z.strictObject({
  id: optional(z.string()),
  /** 附件类型: a code of the attachmentTypes table; mandatory for every attachment (checked by the rules). */
  type: optional(Code),
  fileName: optional(z.string()),
  size: optional(z.int().nonnegative()),
  sha256: optional(z.string().regex(/^[0-9a-fA-F]{64}$/, { message: 'expected 64 hexadecimal characters' })),
  uploadedAt: optional(IsoTimestamp),
});
/** An uploaded attachment's record. */
export type Attachment = z.infer<typeof Attachment>;

/** The status of an application (see STATUSES). */
export const StatusSchema = z.enum(STATUSES);

/**
 * The export licence application (wire format v1; every field in docs/reference/fields.md). Every field is optional at
 * this level, so a draft parses; what must be filled to declare is the rules' business.
 */
export const ExportLicenceApplication = z.strictObject({
  schemaVersion: z.literal(1, { message: 'this SDK reads wire format version 1' }).default(1),
  id: optional(z.string()),
  mofcomApplicationNo: optional(z.string()),
  licenceNo: optional(z.string()),
  status: optional(StatusSchema),
  formType: optional(z.literal('electronic')),
  year: optional(IntegerLike),
  customsPort: optional(Code),
  exporter: optional(Party),
  consignor: optional(Party),
  tradeMode: optional(Code),
  importingCountry: optional(Code),
  transportMode: optional(Code),
  validUntil: optional(IsoDate),
  paymentMethod: optional(Code),
  importer: optional(Importer),
  contract: optional(Contract),
  goods: optional(Goods),
  specs: optional(z.array(SpecRow)),
  producers: optional(z.array(Producer)),
  qualityCertificateNos: optional(z.array(z.string())),
  other: optional(OtherInfo),
  pledge: optional(z.boolean()),
  contractDetails: optional(ContractDetails),
  attachments: optional(z.array(Attachment)),
});
/** The export licence application as parsed: decimals are strings, dates `YYYY-MM-DD`. */
export type ExportLicenceApplication = z.infer<typeof ExportLicenceApplication>;
/** What `parseApplication` accepts: the same, with decimals also as numbers. */
export type ExportLicenceApplicationInput = z.input<typeof ExportLicenceApplication>;
