import type { CatalogEntry, ExportLicenceApplication, GoodsClass } from '@exlic/core';

/**
 * How `goods.hsCode` was found (form rule 14): `found` in the application's year; `fallback`: the catalog
 * has no entries for that year and an earlier year has the code; `partial`: the year is a partial
 * snapshot without the code; `unknownYear`: no entries for the year and no earlier year has the code;
 * `missing`: not in a complete year; `unchecked`: empty or not 10 digits.
 */
export type CatalogStatus = 'found' | 'fallback' | 'partial' | 'unknownYear' | 'missing' | 'unchecked';

/** Everything the facts read about one application; built once per check and shared by both interpreters. */
export interface AppContext {
  readonly app: ExportLicenceApplication;
  readonly goodsClass: GoodsClass | null;
  readonly catalogEntry: CatalogEntry | null;
  readonly catalogStatus: CatalogStatus;
  readonly catalogYear: number | null;
  /** The catalog's `source`, for messages that say which catalog was used. */
  readonly catalogSource: string;
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
