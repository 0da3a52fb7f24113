import * as z from 'zod';
import { GOODS_CLASS_REGISTRY, getGoodsClass } from '../goods-classes';

/** A goods class: `general`, `coke`, `steel`, `ods`, `naturalSand`, `vehicleNew`, `vehicleNewModified` or `vehicleUsed` (the registry's ids). */
export type GoodsClass = (typeof GOODS_CLASS_REGISTRY)[number]['id'];

/**
 * Which rules apply to a commodity: this SDK's own word, carried by every catalog entry; the ids of
 * {@link GOODS_CLASS_REGISTRY}, in its order.
 */
export const GOODS_CLASSES = GOODS_CLASS_REGISTRY.map((definition) => definition.id) as readonly GoodsClass[] as readonly [GoodsClass, ...GoodsClass[]];

/** A goods class, as a schema. */
export const GoodsClass = z.enum(GOODS_CLASSES);

/** True for the classes of the `vehicle` group, whose applications take up to 20 vehicle spec rows. */
export function isVehicleClass(goodsClass: GoodsClass): boolean {
  return getGoodsClass(goodsClass)?.group === 'vehicle';
}

/** One row of the commodity catalog (商品代码表): one 10-digit code in one catalog year. */
export const CatalogEntry = z.strictObject({
  /** 年度: the catalog year. */
  year: z.int().min(2000).max(2100),
  /** 出口商品代码: 10 digits. */
  hsCode: z.string().regex(/^\d{10}$/, { message: 'expected a 10-digit commodity code' }),
  /** 商品大类码, e.g. `B02800` (coke). */
  categoryCode: z.string().regex(/^[0-9A-Z]{6}$/, { message: 'expected a 6-character category code' }).optional(),
  /** 商品名称. */
  name: z.string().min(1),
  /** English name, where known. */
  nameEn: z.string().optional(),
  /** 计量单位, as the catalog writes it (`千克`, `辆`). */
  unit: z.string().min(1),
  /** 商品目录: the catalog the code belongs to, where given. */
  catalog: z.string().optional(),
  /** Which rules apply; where the code serves several classes, the one an application gets when it names none. */
  goodsClass: GoodsClass,
  /** Every class the code serves (form rule 24), `goodsClass` among them; absent when it serves only `goodsClass`. */
  goodsClasses: z.array(GoodsClass).min(1).optional(),
  /** True when the announcement allows non-one-batch-one-licence (非“一批一证”) use of this code (form rule 23). */
  nonOneBatchOneLicence: z.boolean().optional(),
  /** True for standard sand (标准砂), which is licensed for every destination (form rule 20). */
  standardSand: z.boolean().optional(),
  /** Where the row comes from: the announcement and its annex. */
  source: z.string().optional(),
  /** Full pinyin of `name`, syllables separated by spaces; filled by the build for bundled data. */
  pinyin: z.string().optional(),
});
/** One row of the commodity catalog. */
export type CatalogEntry = z.infer<typeof CatalogEntry>;

/** The goods classes a catalog entry allows: its `goodsClasses`, or its one `goodsClass`. */
export function allowedGoodsClasses(entry: Pick<CatalogEntry, 'goodsClass' | 'goodsClasses'>): readonly GoodsClass[] {
  return entry.goodsClasses && entry.goodsClasses.length > 0 ? entry.goodsClasses : [entry.goodsClass];
}

/** One entry of a code table: its code and Chinese name, with an English name and aliases where known. */
export const CodeTableEntry = z.looseObject({
  code: z.string().min(1),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  /** Old forms of the code that the table no longer holds (`110` for `0110`), so a check can name the right code. */
  legacyCodes: z.array(z.string()).optional(),
  /** Full pinyin of `name` then of each alias, syllables separated by spaces; filled by the build. */
  pinyin: z.array(z.string()).optional(),
});
/** One entry of a code table. */
export type CodeTableEntry = z.infer<typeof CodeTableEntry>;
