import { GeneralSpecRow, VehicleNewModifiedSpecRow, VehicleNewSpecRow, VehicleUsedSpecRow } from './models/spec-rows';

/** A goods class's group: the rules that name a group (`vehicle`) apply to every class in it. */
export type GoodsClassGroup = 'goods' | 'vehicle';

/** The spec-row schemas a goods class may take (the wire format's four row shapes). */
export type SpecRowSchema = typeof GeneralSpecRow | typeof VehicleNewSpecRow | typeof VehicleNewModifiedSpecRow | typeof VehicleUsedSpecRow;

/**
 * Everything the SDK knows about one goods class. Every other place that knows classes (totals, the
 * row shape check, field metadata, the rules' class guards) reads it from here, so a new class is
 * one entry here plus its own rules.
 */
export interface GoodsClassDefinition {
  /** The class id, as catalog entries and `goods.goodsClass` write it. */
  readonly id: string;
  /** The portal's name for the class, and this SDK's English one. */
  readonly label: { readonly zh: string; readonly en: string };
  /** The group whose rules apply (`vehicle`: brand, up to 20 rows, total value). */
  readonly group: GoodsClassGroup;
  /** The exact spec-row shape of the class. */
  readonly rowSchema: SpecRowSchema;
  /** The row field that holds the row's total. */
  readonly totalField: 'totalPrice' | 'totalValue';
  /** `computed`: the total is unit price × quantity; `entered`: the user types it (a used vehicle's value). */
  readonly rowTotal: 'computed' | 'entered';
  /** How `goods.totalQuantity` counts: the rows' quantities summed, or one per row (a used-vehicle row is one vehicle). */
  readonly rowCount: 'quantity' | 'oneEach';
  /** The most spec rows an application may have. */
  readonly maxRows: number;
  /** True when rows carry 总值折美元 (`totalValueUsd`), filled at a caller's rate. */
  readonly usdValue: boolean;
  /** Words of the official list's 货物种类 (kind of goods) that mark its codes as this class when a catalog is imported. */
  readonly kinds?: readonly string[];
  /** Other classes the same codes serve (a new-vehicle code is also a modified or used vehicle's): an imported entry allows them all. */
  readonly sharesCodesWith?: readonly string[];
}

type Extra = Pick<GoodsClassDefinition, 'kinds' | 'sharesCodesWith'>;

function goods<const TId extends string>(id: TId, zh: string, en: string, extra: Extra = {}): GoodsClassDefinition & { readonly id: TId } {
  return { id, label: { zh, en }, group: 'goods', rowSchema: GeneralSpecRow, totalField: 'totalPrice', rowTotal: 'computed', rowCount: 'quantity', maxRows: 4, usdValue: false, ...extra };
}

function vehicle<const TId extends string>(id: TId, zh: string, en: string, rowSchema: SpecRowSchema, used = false, extra: Extra = {}): GoodsClassDefinition & { readonly id: TId } {
  return {
    ...extra,
    id,
    label: { zh, en },
    group: 'vehicle',
    rowSchema,
    totalField: 'totalValue',
    rowTotal: used ? 'entered' : 'computed',
    rowCount: used ? 'oneEach' : 'quantity',
    maxRows: 20,
    usdValue: true,
  };
}

/**
 * The goods classes (form rules 4-11), in the order the portal lists them. A class's
 * own rules live in the rule set; the generic ones (rows, totals, row limit, vehicle rules by group)
 * follow from the entry.
 */
export const GOODS_CLASS_REGISTRY = [
  goods('general', '普通商品', 'general goods'),
  goods('coke', '焦炭', 'coke', { kinds: ['焦炭'] }),
  goods('steel', '钢材', 'steel', { kinds: ['钢材', '钢铁'] }),
  goods('ods', '一事一批(ODS)商品', 'ozone-depleting substances', { kinds: ['消耗臭氧层物质'] }),
  goods('naturalSand', '天然砂', 'natural sand', { kinds: ['天然砂', '标准砂'] }),
  // The official list has one kind for cars (汽车(包括成套散件)及其底盘); the application names new, modified or used.
  vehicle('vehicleNew', '新车非改装车', 'new, unmodified vehicles', VehicleNewSpecRow, false, { kinds: ['汽车'], sharesCodesWith: ['vehicleNewModified', 'vehicleUsed'] }),
  vehicle('vehicleNewModified', '新车改装车', 'new, modified vehicles', VehicleNewModifiedSpecRow),
  vehicle('vehicleUsed', '二手车', 'used vehicles', VehicleUsedSpecRow, true, { kinds: ['二手车'] }),
] as const satisfies readonly GoodsClassDefinition[];

const BY_ID = new Map<string, GoodsClassDefinition>(GOODS_CLASS_REGISTRY.map((definition) => [definition.id, definition]));

/** The registry entry of a goods class, or undefined for a name the registry does not hold. */
export function getGoodsClass(id: string | null | undefined): GoodsClassDefinition | undefined {
  return id == null ? undefined : BY_ID.get(id);
}

/** The ids of the classes in a group, in registry order. */
export function goodsClassesInGroup(group: GoodsClassGroup): string[] {
  return GOODS_CLASS_REGISTRY.filter((definition) => definition.group === group).map((definition) => definition.id);
}

/** The class whose `kinds` a 货物种类 text names (the most specific word wins: 二手车 before 汽车), or undefined. */
export function goodsClassOfKind(kind: string): GoodsClassDefinition | undefined {
  let best: { definition: GoodsClassDefinition; length: number } | undefined;
  for (const definition of GOODS_CLASS_REGISTRY as readonly GoodsClassDefinition[]) {
    for (const word of definition.kinds ?? []) if (kind.includes(word) && (!best || word.length > best.length)) best = { definition, length: word.length };
  }
  return best?.definition;
}
