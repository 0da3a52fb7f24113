import type { GoodsClass } from './models/catalog';

/**
 * One row of {@link CATALOG_KIND_CLASSES}: the words of the official list's 货物种类 (kind of goods)
 * that mark a goods class, and the public text that says so.
 */
export interface CatalogKindClass {
  /** Words of 货物种类 that mark the class (`汽车` matches `汽车(包括成套散件)及其底盘`); empty in the last row, which takes every other kind. */
  readonly words: readonly string[];
  /** The goods class an imported row of such a kind gets. */
  readonly goodsClass: GoodsClass;
  /** Other classes the same codes serve: the imported entry allows them all (`goodsClasses`). */
  readonly sharesCodesWith?: readonly GoodsClass[];
  /** Where the mapping comes from: the announcement that lists the kind and the manual's text that gives the class its own fields. */
  readonly source: string;
}

const LIST_2026 = '商务部 海关总署公告2025年第89号《出口许可证管理货物目录(2026年)》';

/**
 * How `exlic catalog import` (and {@link readCatalogFile}) turns the official list's 货物种类 into
 * this SDK's goods classes. The portal gives its own fields and rules to a few classes only (the
 * user manual's 商品信息 and 规格型号信息 sections); every other kind of the list's 43 is 普通商品
 * (`general`). The most specific word wins: `二手车` before `汽车`. Every row names its source.
 */
export const CATALOG_KIND_CLASSES: readonly CatalogKindClass[] = [
  {
    words: ['焦炭'],
    goodsClass: 'coke',
    source: `${LIST_2026}: 焦炭; 用户手册 录入与暂存 › 规格型号信息: “当商品为焦炭商品（大类别为 B02800）必须录入规定的规格型号”`,
  },
  {
    words: ['钢材', '钢铁'],
    goodsClass: 'steel',
    source: '商务部 海关总署公告2025年第79号 (steel under export licence from 2026-01-01; its list published as a spreadsheet); 用户手册 录入与暂存 › 生产商、产品证明编号: “当商品为钢材类时必须录入…”',
  },
  {
    words: ['消耗臭氧层物质'],
    goodsClass: 'ods',
    source: `${LIST_2026}: 消耗臭氧层物质; 用户手册 录入与暂存 › 商品信息: “如果为一事一批类商品（ODS），必须填写批复单号”`,
  },
  {
    words: ['天然砂', '标准砂'],
    goodsClass: 'naturalSand',
    source: `${LIST_2026}: 天然砂(含标准砂); 用户手册 录入与暂存 › 商品信息: “如果为天然砂类商品，必须填写证明书编号”`,
  },
  {
    words: ['二手车'],
    goodsClass: 'vehicleUsed',
    source: '商贸函〔2025〕648号 (二手车出口); 用户手册 录入与暂存 › 规格型号信息: 二手车类商品规格型号信息',
  },
  {
    words: ['汽车'],
    goodsClass: 'vehicleNew',
    sharesCodesWith: ['vehicleNewModified', 'vehicleUsed'],
    source: `${LIST_2026}: 汽车(包括成套散件)及其底盘; 用户手册 录入与暂存 › 规格型号信息: 新车非改装车、新车改装车、二手车类商品 (one code serves all three; the application picks one)`,
  },
  {
    words: [],
    goodsClass: 'general',
    source: `${LIST_2026}: every other kind (活牛, 小麦, 煤炭, 稀土, 摩托车 …); 用户手册 录入与暂存 › 规格型号信息: 普通商品规格型号信息 (no fields of its own)`,
  },
];

/** The row of {@link CATALOG_KIND_CLASSES} a 货物种类 text falls under: the longest word it contains, else the `general` row. */
export function catalogKindClass(kind: string): CatalogKindClass {
  let best: { row: CatalogKindClass; length: number } | undefined;
  for (const row of CATALOG_KIND_CLASSES) {
    for (const word of row.words) if (kind.includes(word) && (!best || word.length > best.length)) best = { row, length: word.length };
  }
  return best?.row ?? CATALOG_KIND_CLASSES[CATALOG_KIND_CLASSES.length - 1]!;
}
