import * as z from 'zod';

/**
 * Which rules apply to a commodity: this SDK's own word, carried by every catalog entry.
 * `vehicle*` classes take the vehicle spec-row shapes; every other class takes the general shape.
 */
export const GOODS_CLASSES = ['general', 'coke', 'steel', 'ods', 'naturalSand', 'vehicleNew', 'vehicleNewModified', 'vehicleUsed'] as const;

/** A goods class: `general`, `coke`, `steel`, `ods`, `naturalSand`, `vehicleNew`, `vehicleNewModified` or `vehicleUsed`. */
export const GoodsClass = z.enum(GOODS_CLASSES);
/** A goods class; see {@link GOODS_CLASSES}. */
export type GoodsClass = z.infer<typeof GoodsClass>;

/** True for the three vehicle classes, whose applications take up to 20 vehicle spec rows. */
export function isVehicleClass(goodsClass: GoodsClass): goodsClass is 'vehicleNew' | 'vehicleNewModified' | 'vehicleUsed' {
  return goodsClass.startsWith('vehicle');
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
  /** Which rules apply. */
  goodsClass: GoodsClass,
  /** Full pinyin of `name`, syllables separated by spaces; filled by the build for bundled data. */
  pinyin: z.string().optional(),
});
/** One row of the commodity catalog. */
export type CatalogEntry = z.infer<typeof CatalogEntry>;

/** One entry of a code table: its code and Chinese name, with an English name and aliases where known. */
export const CodeTableEntry = z.looseObject({
  code: z.string().min(1),
  name: z.string().min(1),
  nameEn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  /** Full pinyin of `name` then of each alias, syllables separated by spaces; filled by the build. */
  pinyin: z.array(z.string()).optional(),
});
/** One entry of a code table. */
export type CodeTableEntry = z.infer<typeof CodeTableEntry>;
