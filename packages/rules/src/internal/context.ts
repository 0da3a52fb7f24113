import type { CatalogEntry, ExportLicenceApplication, GoodsClass } from '@exlic/core';

/** How `goods.hsCode` was found: in the application's year, in an earlier year (the catalog has no entries for the application's), not at all, or not looked up (empty or not 10 digits). */
export type CatalogStatus = 'found' | 'fallback' | 'missing' | 'unchecked';

/** Everything the facts read about one application; built once per check and shared by both interpreters. */
export interface AppContext {
  readonly app: ExportLicenceApplication;
  readonly goodsClass: GoodsClass | null;
  readonly catalogEntry: CatalogEntry | null;
  readonly catalogStatus: CatalogStatus;
  readonly catalogYear: number | null;
  /** The application date: `other.appliedOn`, else `asOf`. */
  readonly appliedOn: string;
  readonly asOf: string;
  /** Lazily computed fact values. */
  readonly memo: Map<string, unknown>;
}

/** Where a rule is evaluated: the application (`index` -1) or one element of a scoped array. */
export interface Scope {
  readonly ctx: AppContext;
  readonly index: number;
  readonly row: unknown;
  /** Values computed for this element (identifier checks), filled lazily. */
  cache?: Map<string, unknown>;
}
