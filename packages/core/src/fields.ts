import { GOODS_CLASS_REGISTRY } from './goods-classes';
import type { GoodsClass } from './models/catalog';
import type { CodeTableName } from './table-names';

/** Who fills a field: the user types it, picks it from a table, the catalog or account back-fills it, the server returns it, or it is computed. */
export type FieldSource = 'user' | 'lookup' | 'catalog' | 'account' | 'server' | 'computed';

/** The value's kind on the wire. */
export type FieldType = 'string' | 'code' | 'decimal' | 'date' | 'timestamp' | 'integer' | 'boolean' | 'enum' | 'object' | 'array';

/** When a field is mandatory: to declare (yellow in the portal), never, or under a condition (`condition` says which). */
export type FieldRequirement = 'declare' | 'optional' | 'conditional';

/** Everything a UI needs to render one field of the application (all of them: docs/reference/fields.md). */
export interface FieldMeta {
  /** The field's path with `[]` for array items: `goods.hsCode`, `specs[].quantity`. */
  readonly path: string;
  /** The portal's label in Chinese and this SDK's English label. */
  readonly label: { readonly zh: string; readonly en: string };
  readonly type: FieldType;
  readonly source: FieldSource;
  readonly required: FieldRequirement;
  /** For `conditional` fields: when they are mandatory, in words (e.g. `goods class steel`). */
  readonly condition?: string;
  /** Maximum length in Unicode characters, where the portal sets one. */
  readonly maxLength?: number;
  /** Exact length, for fixed-width codes. */
  readonly length?: number;
  /** The code table a `lookup` field picks from. */
  readonly table?: CodeTableName;
  /** The value the portal pre-fills. */
  readonly defaultValue?: string | number | boolean;
  /** For spec-row fields: the goods classes whose row shape has this field. */
  readonly goodsClasses?: readonly GoodsClass[];
  /**
   * What a server implementing exlic's contract (the sandbox) fills in: `always` on save, a value sent is ignored
   * (grey, not editable: the logged-in operator's enterprise); `whenEmpty` on save, a value sent is kept; `onDeclare`
   * set when the application is declared. Absent: the server keeps what the client sent.
   */
  readonly serverFilled?: ServerFill;
}

/** When a server fills a field: see {@link FieldMeta.serverFilled}. */
export type ServerFill = 'always' | 'whenEmpty' | 'onDeclare';

type Extra = Omit<FieldMeta, 'path' | 'label' | 'type' | 'source' | 'required'>;

function field(path: string, zh: string, en: string, type: FieldType, source: FieldSource, required: FieldRequirement = 'optional', extra: Extra = {}): FieldMeta {
  return { path, label: { zh, en }, type, source, required, ...extra };
}

/** The classes whose row shape has a column: read from the registry, so a new class is listed wherever its rows have the field. */
function rowsWith(column: string): readonly GoodsClass[] {
  return GOODS_CLASS_REGISTRY.filter((definition) => column in definition.rowSchema.shape).map((definition) => definition.id);
}
const D = 'declare' as const;

function party(prefix: 'exporter' | 'consignor', zh: string, en: string, source: FieldSource, serverFilled: ServerFill): FieldMeta[] {
  return [
    field(prefix, zh, en, 'object', source, D, { serverFilled }),
    field(`${prefix}.code`, `${zh}代码`, `${en} code`, 'string', source, D, { length: 13, serverFilled }),
    field(`${prefix}.uscc`, `${zh}社会信用代码`, `${en} unified social credit code`, 'string', source, D, { length: 18, serverFilled }),
    field(`${prefix}.name`, `${zh}名称`, `${en} name`, 'string', source, D, { serverFilled }),
  ];
}

function group(prefix: string, entries: readonly [string, string, string, FieldType?, CodeTableName?][]): FieldMeta[] {
  return entries.map(([name, zh, en, type = 'string', table]) =>
    field(`${prefix}.${name}`, zh, en, type, table ? 'lookup' : 'user', 'optional', table ? { table } : {}),
  );
}

/**
 * Metadata of every field of the wire format, in the portal's order: one source of truth that a UI
 * renders from and the rules name fields by.
 */
export const FIELDS: readonly FieldMeta[] = [
  field('schemaVersion', '数据格式版本', 'schema version', 'integer', 'computed', D, { defaultValue: 1 }),
  field('id', '申请编号', 'application number', 'string', 'server'),
  field('mofcomApplicationNo', '商务部申请表号', 'MOFCOM application number', 'string', 'server'),
  field('licenceNo', '许可证号', 'licence number', 'string', 'server'),
  field('status', '状态', 'status', 'enum', 'server', 'optional', { defaultValue: 'draft' }),
  field('formType', '当前为 电子版 许可证申请表', 'form type', 'enum', 'computed', 'optional', { defaultValue: 'electronic' }),
  field('year', '年度', 'year', 'integer', 'computed', D),
  field('customsPort', '报关口岸', 'customs port of declaration', 'code', 'lookup', D, { table: 'customsPorts' }),
  // The manual: 出口商代码 and its fields are filled from the logged-in user's enterprise (grey); the consignor defaults to the exporter.
  ...party('exporter', '出口商', 'exporter', 'account', 'always'),
  ...party('consignor', '发货人', 'consignor', 'account', 'whenEmpty'),
  field('tradeMode', '贸易方式', 'trade mode', 'code', 'lookup', D, { table: 'tradeModes', defaultValue: '0110' }),
  field('importingCountry', '进口国(地区)', 'importing country (region)', 'code', 'lookup', D, { table: 'countries' }),
  field('transportMode', '运输方式', 'transport mode', 'code', 'lookup', D, { table: 'transportModes' }),
  field('validUntil', '有效截止日期', 'valid until', 'date', 'user', D, { serverFilled: 'whenEmpty' }),
  field('paymentMethod', '付款方式', 'payment method', 'code', 'lookup', D, { table: 'paymentMethods' }),
  field('importer', '进口商', 'importer', 'object', 'user', D),
  field('importer.nameZh', '进口商中文名称', 'importer name (Chinese)', 'string', 'user', D),
  field('importer.nameEn', '进口商英文名称', 'importer name (English)', 'string', 'user', D),
  field('contract', '合同', 'contract', 'object', 'user', D),
  field('contract.no', '合同号', 'contract number', 'string', 'user'),
  field('contract.quantity', '合同总数量', 'contract total quantity', 'decimal', 'user'),
  field('contract.unit', '计量单位', 'unit of measure', 'code', 'lookup', 'optional', { table: 'units', defaultValue: '035' }),
  field('contract.amount', '合同总金额', 'contract total amount', 'decimal', 'user'),
  field('contract.currency', '结算币种', 'settlement currency', 'code', 'lookup', 'optional', { table: 'currencies', defaultValue: 'USD' }),
  field('contract.signedOn', '合同签订日期', 'contract signing date', 'date', 'user', D),
  field('contract.validUntil', '合同有效日期', 'contract valid until', 'date', 'user', D),
  field('goods', '商品信息', 'goods', 'object', 'catalog', D),
  field('goods.hsCode', '商品代码', 'commodity code', 'code', 'catalog', D, { length: 10 }),
  field('goods.categoryCode', '商品大类码', 'commodity category code', 'code', 'catalog', 'optional', { length: 6 }),
  field('goods.goodsClass', '商品类别', 'goods class', 'enum', 'user', 'conditional', { condition: 'the commodity code serves more than one goods class (a vehicle code: new, modified or used)' }),
  field('goods.name', '商品名称', 'commodity name', 'string', 'catalog'),
  field('goods.unit', '商品单位', 'commodity unit', 'string', 'catalog'),
  field('goods.priceCurrency', '单价币别', 'unit price currency', 'code', 'lookup', D, { table: 'currencies', defaultValue: 'USD' }),
  field('goods.totalQuantity', '合计数量', 'total quantity', 'decimal', 'computed', D),
  field('goods.totalAmount', '总金额', 'total amount', 'decimal', 'computed'),
  field('goods.certificateNo', '证明书编号', 'certificate number', 'string', 'user', 'conditional', { condition: 'goods class naturalSand ("无" when there is none)' }),
  field('goods.approvalNo', '批复单号', 'approval number', 'string', 'user', 'conditional', { condition: 'goods class ods' }),
  field('specs', '规格型号信息', 'specification rows', 'array', 'user', D),
  field('specs[].spec', '规格、等级', 'specification, grade', 'string', 'user', 'conditional', { condition: 'two or more rows; coke: one of the three grades', goodsClasses: rowsWith('spec') }),
  field('specs[].unitPrice', '单价', 'unit price', 'decimal', 'user', 'conditional', { condition: 'every general and new-vehicle row', goodsClasses: rowsWith('unitPrice') }),
  field('specs[].quantity', '数量', 'quantity', 'decimal', 'user', 'conditional', { condition: 'every general and new-vehicle row', goodsClasses: rowsWith('quantity') }),
  field('specs[].totalPrice', '总价', 'total price', 'decimal', 'computed', 'optional', { goodsClasses: rowsWith('totalPrice') }),
  field('specs[].brand', '品牌', 'brand', 'string', 'user', 'conditional', { condition: 'every vehicle row', goodsClasses: rowsWith('brand') }),
  field('specs[].model', '型号', 'model', 'string', 'user', 'conditional', { condition: 'every vehicle row', goodsClasses: rowsWith('model') }),
  field('specs[].chassisBrand', '车辆底盘品牌', 'chassis brand', 'string', 'user', 'conditional', { condition: 'modified new vehicles', goodsClasses: rowsWith('chassisBrand') }),
  field('specs[].vin', '车架号', 'VIN', 'string', 'user', 'conditional', { condition: 'used vehicles', length: 17, goodsClasses: rowsWith('vin') }),
  field('specs[].registeredOn', '注册登记日期', 'registration date', 'date', 'user', 'conditional', { condition: 'used vehicles', goodsClasses: rowsWith('registeredOn') }),
  field('specs[].transferredOn', '转让登记/转让/出口日期', 'transfer / export date', 'date', 'user', 'conditional', { condition: 'used vehicles', goodsClasses: rowsWith('transferredOn') }),
  field('specs[].totalValue', '总值', 'total value', 'decimal', 'computed', 'conditional', { condition: 'entered for used vehicles; computed for new vehicles', goodsClasses: rowsWith('totalValue') }),
  field('specs[].totalValueUsd', '总值折美元', 'total value in US dollars', 'decimal', 'computed', 'optional', { goodsClasses: rowsWith('totalValueUsd'), serverFilled: 'whenEmpty' }),
  field('specs[].attachments', '附件', 'row attachments', 'array', 'user', 'optional', { goodsClasses: rowsWith('attachments') }),
  field('producers', '生产商', 'producers', 'array', 'user', 'conditional', { condition: 'goods class steel' }),
  field('producers[].name', '生产商名称', 'producer name', 'string', 'user', 'conditional', { condition: 'goods class steel' }),
  field('producers[].uscc', '生产商统一社会信用代码', 'producer unified social credit code', 'string', 'user', 'conditional', { condition: 'goods class steel', length: 18 }),
  field('qualityCertificateNos', '产品质量检验合格证明编号', 'quality certificate numbers', 'array', 'user', 'conditional', { condition: 'goods class steel ("无编号" when the certificate has none)' }),
  field('qualityCertificateNos[]', '产品质量检验合格证明编号', 'quality certificate number', 'string', 'user', 'conditional', { condition: 'goods class steel ("无编号" when the certificate has none)' }),
  field('other', '其他信息', 'other information', 'object', 'user', D),
  field('other.remarks', '备注', 'remarks', 'string', 'user'),
  field('other.oneBatchOneLicence', '是否一批一证', 'one batch, one licence', 'boolean', 'user', D, { defaultValue: true }),
  field('other.issuingAuthority', '发证机构', 'issuing authority', 'code', 'lookup', D, { table: 'issuingAuthorities', defaultValue: 'QLAB' }),
  field('other.extendedPrinting', '是否延伸打印', 'extended printing', 'boolean', 'user', 'optional', { defaultValue: false }),
  field('other.printTerminal', '打印终端', 'print terminal', 'string', 'user', 'conditional', { condition: 'extended printing' }),
  field('other.remotePrinting', '是否异地打证', 'print at another authority', 'boolean', 'user', 'optional', { defaultValue: false }),
  field('other.remotePrintingAuthority', '异地打证机构', 'remote printing authority', 'code', 'lookup', 'conditional', { condition: 'remote printing', table: 'issuingAuthorities' }),
  field('other.applicantName', '申领人姓名', 'applicant name', 'string', 'user'),
  field('other.applicantContact', '申领人联系方式', 'applicant contact', 'string', 'user'),
  field('other.appliedOn', '申请日期', 'application date', 'date', 'user', 'optional', { serverFilled: 'onDeclare' }),
  field('other.additionalInfo', '附加信息说明', 'additional information', 'string', 'user', 'optional', { maxLength: 330 }),
  field('pledge', '我承诺有关经营活动严格遵守法律法规和国家有关规定', "applicant's pledge", 'boolean', 'user', D),
  field('contractDetails', '合同信息表', 'contract details form', 'object', 'user'),
  field('contractDetails.applicantEnterprise', '申领企业信息', 'applicant enterprise', 'object', 'user'),
  ...group('contractDetails.applicantEnterprise', [
    ['code', '企业代码', 'enterprise code'],
    ['name', '企业名称', 'enterprise name'],
    ['establishedOn', '企业成立日期', 'date of establishment', 'date'],
    ['registeredCapital', '注册资本(万元)', 'registered capital (10,000 yuan)', 'decimal'],
    ['uscc', '统一社会信用代码', 'unified social credit code'],
    ['address', '企业地址', 'enterprise address'],
    ['contactPerson', '企业联系人', 'contact person'],
    ['phone', '企业联系电话', 'enterprise phone'],
    ['mobile', '企业联系人手机', "contact person's mobile"],
    ['email', '企业联系人邮箱', "contact person's email"],
    ['fax', '传真', 'fax'],
    ['postcode', '邮编', 'postcode'],
    ['foreignTradeRegistrationNo', '对外贸易经营者备案登记号', 'foreign trade operator registration number'],
    ['fieApprovalCertificateNo', '外商投资企业批准证书号', 'foreign-invested enterprise approval certificate number'],
    ['businessLicenceNo', '营业执照注册号', 'business licence registration number'],
  ]),
  field('contractDetails.foreignContract', '对外成交合同/协议信息', 'foreign contract', 'object', 'user'),
  ...group('contractDetails.foreignContract', [
    ['exporterSignatory', '出口商签署人', "exporter's signatory"],
    ['paymentMethod', '付款方式', 'payment method', 'code', 'paymentMethods'],
    ['goodsDescription', '商品名称及规格描述', 'goods name and specification'],
  ]),
  field('contractDetails.domesticAgencyContract', '国内贸易(代理)合同/协议信息', 'domestic (agency) contract', 'object', 'user'),
  ...group('contractDetails.domesticAgencyContract', [
    ['principalName', '委托人名称', 'principal name'],
    ['agentName', '代理人名称', 'agent name'],
    ['agencyContractNo', '代理合同/协议号', 'agency contract number'],
    ['agencyContractSignedOn', '代理合同签订日期', 'agency contract signing date', 'date'],
    ['validUntil', '合同/协议有效日期', 'contract valid until', 'date'],
    ['shipperName', '发货企业名称', 'shipper name'],
    ['shipperContact', '发货企业联系人', 'shipper contact'],
    ['shipperAddress', '发货企业地址', 'shipper address'],
    ['shipperPhone', '发货企业联系电话', 'shipper phone'],
    ['domesticTransportMode', '国内运输方式', 'domestic transport mode', 'code', 'transportModes'],
    ['domesticWaybillNo', '国内运单号码', 'domestic waybill number'],
  ]),
  field('contractDetails.other', '其他相关信息', 'other contract information', 'object', 'user'),
  ...group('contractDetails.other', [
    ['departureOn', '启运日期', 'departure date', 'date'],
    ['expectedArrivalOn', '预计到港日期', 'expected arrival date', 'date'],
    ['producerName', '商品生产企业名称', 'producer name'],
    ['producerAddress', '商品生产企业地址', 'producer address'],
    ['freightPricing', '运费计价方式', 'freight pricing'],
    ['freightTotalYuan', '运费合计(元)', 'total freight (yuan)', 'decimal'],
    ['producerPhone', '商品生产企业电话', 'producer phone'],
    ['producerFax', '商品生产企业传真', 'producer fax'],
    ['detailedUse', '商品详细用途', 'detailed use of the goods'],
  ]),
  field('attachments', '上传附件', 'attachments', 'array', 'user', 'conditional', { condition: 'at least one to declare' }),
  field('attachments[].id', '附件编号', 'attachment id', 'string', 'server'),
  field('attachments[].type', '附件类型', 'attachment type', 'code', 'lookup', 'conditional', { condition: 'every attachment', table: 'attachmentTypes' }),
  field('attachments[].fileName', '附件名称', 'file name', 'string', 'user'),
  field('attachments[].size', '文件大小', 'size in bytes', 'integer', 'server'),
  field('attachments[].sha256', 'SHA-256摘要', 'SHA-256 digest', 'string', 'server', 'optional', { length: 64 }),
  field('attachments[].uploadedAt', '上传时间', 'uploaded at', 'timestamp', 'server'),
];

const BY_PATH = new Map(FIELDS.map((meta) => [meta.path, meta]));

/** Turns a zod-style path (`["specs", 1, "quantity"]`) into a metadata path (`specs[].quantity`). */
export function toFieldPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += '[]';
    else text += text === '' ? key : `.${key}`;
  }
  return text;
}

/**
 * The metadata of a field, by metadata path (`specs[].quantity`) or zod-style path (`["specs", 1, "quantity"]`).
 * @example getField(['goods', 'hsCode'])?.label.zh // '商品代码'
 */
export function getField(path: string | readonly (string | number)[]): FieldMeta | undefined {
  return BY_PATH.get(typeof path === 'string' ? path : toFieldPath(path));
}

/** The fields marked `D` in the data dictionary: present and non-empty to declare (leaf fields only). */
export function declareRequiredFields(): FieldMeta[] {
  return FIELDS.filter((meta) => meta.required === 'declare' && meta.type !== 'object' && meta.path !== 'schemaVersion');
}
