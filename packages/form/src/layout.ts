// What the form is made of for a goods class: its fields (static and per row), the spec-row columns,
// the sections, the grey fields and what to do about their violations. All derived from core's field
// metadata and goods-class registry and from the rule set, never from a list of our own.
import { COKE_CATEGORY_CODE, COKE_GRADES, FIELDS, GOODS_CLASS_REGISTRY, getField, getGoodsClass, type FieldMeta, type GoodsClass, type GoodsClassDefinition } from '@exlic/core';
import type { LocalizedText } from '@exlic/rules';
import type { FieldOption, FormSection } from './types';

/** The lists the form edits through row actions, never through `setValue`. */
export const LISTS = ['specs', 'producers', 'qualityCertificateNos', 'attachments'] as const;
/** One of the form's lists. */
export type ListName = (typeof LISTS)[number];

/** Fields outside the lists, in the portal's order (objects are groups, not fields; the schema version is not shown). */
export const STATIC_FIELDS: readonly FieldMeta[] = FIELDS.filter((meta) => !meta.path.includes('[]') && meta.type !== 'object' && meta.path !== 'schemaVersion');

/** The spec-row columns of a goods class, in its row shape's order (general goods before a commodity is chosen). */
export function specColumnKeys(definition: GoodsClassDefinition | undefined): string[] {
  const shape = (definition ?? GOODS_CLASS_REGISTRY[0]).rowSchema.shape;
  return Object.keys(shape);
}

/** The metadata of a concrete path (`specs.2.quantity` → `specs[].quantity`). */
export function metaOf(path: string): FieldMeta | undefined {
  return getField(path.replace(/\.\d+(?=\.|$)/g, '[]'));
}

const ATTACHMENT_KEYS = FIELDS.filter((meta) => meta.path.startsWith('attachments[].')).map((meta) => meta.path.slice('attachments[].'.length));

/** Every field path of an application of this shape, in the portal's order. */
export function fieldPaths(counts: Readonly<Record<ListName, number>>, definition: GoodsClassDefinition | undefined): string[] {
  const columns = specColumnKeys(definition);
  const paths: string[] = [];
  for (const meta of STATIC_FIELDS) {
    paths.push(meta.path);
    if (meta.path === 'specs') for (let i = 0; i < counts.specs; i += 1) for (const key of columns) paths.push(`specs.${i}.${key}`);
    if (meta.path === 'producers') for (let i = 0; i < counts.producers; i += 1) paths.push(`producers.${i}.name`, `producers.${i}.uscc`);
    if (meta.path === 'qualityCertificateNos') for (let i = 0; i < counts.qualityCertificateNos; i += 1) paths.push(`qualityCertificateNos.${i}`);
    if (meta.path === 'attachments') for (let i = 0; i < counts.attachments; i += 1) for (const key of ATTACHMENT_KEYS) paths.push(`attachments.${i}.${key}`);
  }
  return paths;
}

/** The label of a goods class, as a choice of 商品类别. */
export function goodsClassOption(id: GoodsClass): FieldOption {
  return { value: id, label: getGoodsClass(id)?.label ?? { zh: id, en: id } };
}

/** Yes and no, as the portal's radio buttons write them. */
export const YES_NO: readonly FieldOption[] = [
  { value: true, label: { zh: '是', en: 'yes' } },
  { value: false, label: { zh: '否', en: 'no' } },
];

/**
 * The coke grades (焦炭规格) a coke row's 规格、等级 offers: core's {@link COKE_GRADES}, the data the rule
 * `coke.spec.grade` checks against. The option's value is the grade's Chinese name (what the portal writes into the
 * row); its detail is the manual's spec text.
 */
export const COKE_GRADE_OPTIONS: readonly FieldOption[] = Object.freeze(
  COKE_GRADES.map((grade) => Object.freeze({ value: grade.label.zh, label: grade.label, detail: grade.spec })),
);

/** What to tell the user about a violation at a grey field, by who fills the field. */
export function explainGrey(path: string, meta: FieldMeta, accountGiven: boolean): { explanation: LocalizedText; fixAt?: string } {
  if (path === 'year') {
    return {
      explanation: { zh: '“年度”由系统按申请日期填写；请把“有效截止日期”改在同一年内', en: 'The year is filled from the application date; keep the valid-until date in the same year.' },
      fixAt: 'validUntil',
    };
  }
  if (path.startsWith('goods.total') || path.startsWith('specs.')) {
    return {
      explanation: { zh: '此项由规格型号信息自动计算；请改正规格型号行中的数量、单价或总值', en: "This is computed from the spec rows; correct the rows' quantities, unit prices or values." },
      fixAt: 'specs',
    };
  }
  switch (meta.source) {
    case 'account':
      return accountGiven
        ? {
            explanation: {
              zh: '此项由登录账户的企业信息带出，本页不能修改；请在单一窗口用户管理中更正企业信息后重新登录',
              en: "This comes from your account's enterprise and cannot be changed here; correct the enterprise in the Single Window's user management and sign in again.",
            },
          }
        : { explanation: { zh: '此项由登录账户带出', en: 'This comes from your account.' } };
    case 'catalog':
    case 'user':
      return {
        explanation: { zh: '此项由商品代码从商品目录带出；请选择正确的商品代码', en: 'This comes from the commodity catalog by the commodity code; choose the right commodity code.' },
        fixAt: 'goods.hsCode',
      };
    case 'server':
      return { explanation: { zh: '此项由单一窗口在暂存或申报后返填，不能在本页修改', en: 'The Single Window fills this after saving or declaring; it cannot be changed here.' } };
    default:
      return { explanation: { zh: '此项由系统计算，不能在本页修改', en: 'The system computes this; it cannot be changed here.' } };
  }
}

const label = (path: string, fallback: LocalizedText): LocalizedText => getField(path)?.label ?? fallback;

/** The sections of the form for a goods class: those that always apply, and the class's own. */
export function sectionsFor(goodsClass: GoodsClass | null, paths: readonly string[], visible: (path: string) => boolean): FormSection[] {
  const under = (prefix: string) => paths.filter((path) => path.startsWith(prefix));
  const sections: FormSection[] = [];
  const add = (section: FormSection) => sections.push(section);
  const definition = getGoodsClass(goodsClass);
  const goodsStart = paths.indexOf('goods.hsCode');
  add({ id: 'basic', label: { zh: '基本数据', en: 'basic data' }, fields: paths.slice(0, goodsStart).filter(visible) });
  add({ id: 'goods', label: label('goods', { zh: '商品信息', en: 'goods' }), fields: under('goods.').filter(visible) });
  if (goodsClass === 'ods' || visible('goods.approvalNo')) {
    add({ id: 'odsApproval', label: label('goods.approvalNo', { zh: '批复单号', en: 'approval number' }), hint: { zh: '一事一批类商品（ODS）必须填写批复单号', en: 'Ozone-depleting substances need the approval number.' }, fields: ['goods.approvalNo'] });
  }
  if (goodsClass === 'naturalSand' || visible('goods.certificateNo')) {
    add({ id: 'sandCertificate', label: label('goods.certificateNo', { zh: '证明书编号', en: 'certificate number' }), hint: { zh: '天然砂类商品必须填写证明书编号，没有填“无”', en: 'Natural sand needs the certificate number; write 无 when there is none.' }, fields: ['goods.certificateNo'] });
  }
  add({ id: 'specs', label: label('specs', { zh: '规格型号信息', en: 'specification rows' }), fields: ['specs', ...under('specs.')] });
  if (goodsClass === 'coke') {
    add({ id: 'cokeGrade', label: { zh: '焦炭规格', en: 'coke grade' }, hint: { zh: `焦炭商品（大类别${COKE_CATEGORY_CODE}）须选择${COKE_GRADES.map((grade) => grade.label.zh).join('、')}`, en: `Coke (category ${COKE_CATEGORY_CODE}) takes one of ${COKE_GRADES.length} grades: ${COKE_GRADES.map((grade) => grade.label.en).join('; ')}.` }, fields: paths.filter((path) => /^specs\.\d+\.spec$/.test(path)) });
  }
  if (definition?.group === 'vehicle') {
    add({ id: 'vehicleBrand', label: label('specs[].brand', { zh: '品牌', en: 'brand' }), hint: { zh: '车类商品必须填写品牌，规格型号最多20条', en: 'Vehicles need the brand in every row; at most 20 rows.' }, fields: paths.filter((path) => /^specs\.\d+\.brand$/.test(path)) });
  }
  if (goodsClass === 'steel' || visible('producers')) {
    add({ id: 'producers', label: label('producers', { zh: '生产商', en: 'producers' }), hint: { zh: '需完整准确填报生产商企业名称，需与开具产品质量检验合格证明的生产商一致。若有多个，请分别填写。', en: 'The full name of each producer, as on its quality certificate; one entry per producer.' }, fields: ['producers', ...under('producers.')] });
  }
  if (goodsClass === 'steel' || visible('qualityCertificateNos')) {
    add({ id: 'qualityCertificates', label: { zh: '产品证明编号', en: 'quality certificate numbers' }, hint: { zh: '依据生产商提供的产品质量检验合格证明填写；若证明上无编号，则填写“无编号”', en: 'From the producer\'s quality certificate; write 无编号 when it has no number.' }, fields: ['qualityCertificateNos', ...under('qualityCertificateNos.')] });
  }
  add({ id: 'other', label: label('other', { zh: '其他信息', en: 'other information' }), fields: [...under('other.'), 'pledge'].filter(visible) });
  add({ id: 'contractDetails', label: label('contractDetails', { zh: '合同信息表', en: 'contract details form' }), fields: under('contractDetails.') });
  add({ id: 'attachments', label: label('attachments', { zh: '上传附件', en: 'attachments' }), fields: ['attachments', ...under('attachments.')] });
  return sections;
}
