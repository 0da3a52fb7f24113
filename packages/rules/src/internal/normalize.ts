import { valueAtPath } from './path';
import {
  COKE_CATEGORY_CODE,
  allowedGoodsClasses,
  getBundledCatalog,
  getField,
  fillComputedFields,
  parseApplication,
  todayIsoDate,
  type Catalog,
  type CatalogEntry,
  type ExportLicenceApplication,
  type GoodsClass,
  type ParseIssue,
  type UsdRateTable,
} from '@exlic/core';
import type { Violation } from '../types';
import type { AppContext, CatalogStatus } from './context';
import { fastReadApplication, repairReadApplication, type RepairIssue } from './fast-read';
import { formatViolation } from './format-rules';
import { copyJson, type CopyIssue } from './copy-json';
import { cutText } from './limits';

// Arrays whose items are text; a broken item is replaced by "" rather than removed, so later indices keep their meaning.
function placeholderFor(path: readonly (string | number)[]): unknown {
  const parent = path[path.length - 2];
  return parent === 'qualityCertificateNos' || parent === 'attachments' && path[0] === 'specs' ? '' : {};
}

function removeAt(root: unknown, path: readonly (string | number)[]): boolean {
  let current: unknown = root;
  for (let i = 0; i < path.length - 1; i += 1) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string | number, unknown>)[path[i]!];
  }
  const last = path[path.length - 1];
  if (current === null || typeof current !== 'object' || last === undefined) return false;
  if (Array.isArray(current) && typeof last === 'number') {
    if (last >= current.length) return false;
    const replacement = placeholderFor(path);
    if (JSON.stringify(current[last]) === JSON.stringify(replacement)) return false;
    current[last] = replacement;
    return true;
  }
  const record = current as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(record, last)) return false;
  delete record[last];
  return true;
}

// A thrown value as text, without calling into it again (its toString may be the hostile part).
function describeError(error: unknown): string {
  try {
    return cutText(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 200);
  } catch {
    return 'an exception that cannot be shown';
  }
}

/** The result of reading any input: the application with unreadable parts dropped, and a violation for each. */
export interface ReadResult {
  readonly application: ExportLicenceApplication;
  readonly violations: Violation[];
}

// An issue is reported once per path and code.
const issueKey = (issue: ParseIssue): string => `${JSON.stringify(issue.path)}|${issue.code}`;

// The repair walk's issues as the loop in readApplication reports them: once per path and code, each with the value at its path.
function formatViolations(issues: readonly RepairIssue[]): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const { issue, seen: value } of issues) {
    const key = issueKey(issue);
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push(formatViolation(issue, value));
  }
  return violations;
}

/** Options of {@link readApplication}. */
export interface ReadOptions {
  /** Try the one-walk fast path first (fast-read.ts); false runs the reference path only (the property test's reference). @default true */
  readonly fast?: boolean;
}

/**
 * Parses anything into an application, never throwing: each parse issue becomes a `format.*`
 * violation and the offending value is dropped (or an array item blanked), then the rest is parsed again.
 * A well-formed application takes the fast path, which gives the same result without the copy and without zod.
 * The application returned is always new objects, shared with nothing (the input is never changed or kept).
 */
export function readApplication(input: unknown, options: ReadOptions = {}): ReadResult {
  const fast = options.fast !== false;
  if (fast) {
    const application = fastReadApplication(input);
    if (application) return { application: application as ExportLicenceApplication, violations: [] };
    // Values zod rejects and unknown keys, and nothing worse: the repair loop below in one walk, with zod's issues.
    const repaired = repairReadApplication(input);
    if (repaired) return { application: repaired.application as ExportLicenceApplication, violations: formatViolations(repaired.issues) };
  }
  const violations: Violation[] = [];
  let data: unknown;
  const copyIssues: CopyIssue[] = [];
  try {
    data = copyJson(input, [], new Set(), copyIssues);
  } catch (error) {
    violations.push(formatViolation({ path: [], code: 'unreadable', message: `the input could not be read: ${describeError(error)}` }, undefined));
    data = {};
  }
  for (const { seen, ...issue } of copyIssues) violations.push(formatViolation(issue, seen));
  // A value cut while copying is reported once, by its copy issue, not again by the parser (a dropped list item reads as null).
  const cutPaths = new Set(copyIssues.map((issue) => JSON.stringify(issue.path)));
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    if (data !== undefined || copyIssues.length === 0) {
      violations.push(formatViolation({ path: [], code: 'invalid_type', message: `expected an object (one application), got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}` }, data));
    }
    data = {};
  }
  const seenIssues = new Set<string>();
  for (let round = 0; round < 20; round += 1) {
    // Once the unreadable parts are dropped, what is left is usually well-formed: the fast path gives zod's result for it.
    const quick = fast && (round > 0 || copyIssues.length > 0) ? fastReadApplication(data) : undefined;
    if (quick) return { application: quick as ExportLicenceApplication, violations };
    const parsed = parseApplication(data);
    if (parsed.success) return { application: parsed.data, violations };
    let changed = false;
    for (const issue of parsed.issues) {
      const key = issueKey(issue);
      if (!seenIssues.has(key) && !cutPaths.has(JSON.stringify(issue.path))) {
        seenIssues.add(key);
        violations.push(formatViolation(issue, valueAtPath(data, issue.path)));
      }
      if (issue.path.length > 0 && removeAt(data, issue.path)) changed = true;
    }
    if (!changed) break;
  }
  // Could not repair (should not happen): check an empty application so every mandatory field is reported.
  const fallback = parseApplication({});
  return { application: fallback.success ? fallback.data : ({ schemaVersion: 1 } as ExportLicenceApplication), violations };
}


/**
 * The defaults the portal pre-fills (FieldMeta.defaultValue), applied where the field is empty. `owned`: the
 * application is fresh from readApplication and shared with nothing, so it is filled in place (the keys land in the
 * same order as the copies would have them); otherwise the input is left as it is and copies are filled.
 */
function fillDefaults(app: ExportLicenceApplication, appliedOn: string, owned: boolean): ExportLicenceApplication {
  const other = owned ? (app.other ?? {}) : { ...app.other };
  other.oneBatchOneLicence ??= DEFAULTS.oneBatchOneLicence;
  other.issuingAuthority ??= DEFAULTS.issuingAuthority;
  other.extendedPrinting ??= false;
  other.remotePrinting ??= false;
  const contract = owned ? (app.contract ?? {}) : { ...app.contract };
  contract.unit ??= DEFAULTS.contractUnit;
  contract.currency ??= DEFAULTS.contractCurrency;
  const goods = owned ? (app.goods ?? {}) : { ...app.goods };
  goods.priceCurrency ??= DEFAULTS.priceCurrency;
  const year = app.year ?? Number(appliedOn.slice(0, 4));
  const tradeMode = app.tradeMode ?? DEFAULTS.tradeMode;
  if (!owned) return { ...app, year, tradeMode, contract, goods, other };
  // The order of the spread above: a key already there keeps its place, a new one is added in this order.
  const filled = app as { -readonly [K in keyof ExportLicenceApplication]: ExportLicenceApplication[K] };
  filled.year = year;
  filled.tradeMode = tradeMode;
  filled.contract = contract;
  filled.goods = goods;
  filled.other = other;
  return app;
}

// Read from the field metadata once, not per application.
const DEFAULTS = {
  oneBatchOneLicence: defaultOf('other.oneBatchOneLicence') as boolean,
  issuingAuthority: defaultOf('other.issuingAuthority') as string,
  contractUnit: defaultOf('contract.unit') as string,
  contractCurrency: defaultOf('contract.currency') as string,
  priceCurrency: defaultOf('goods.priceCurrency') as string,
  tradeMode: defaultOf('tradeMode') as string,
};

function defaultOf(path: string): string | number | boolean | undefined {
  return getField(path)?.defaultValue;
}

/** Options of {@link createContext}. */
export interface ContextOptions {
  readonly asOf?: string | undefined;
  readonly catalog?: Catalog | undefined;
  readonly usdRate?: string | number | undefined;
  readonly usdRates?: UsdRateTable | undefined;
  /** The application is fresh from readApplication and shared with nothing: fill it in place rather than copy it. */
  readonly owned?: boolean | undefined;
}

/** The latest year before `before` (any year when undefined) whose entries hold `hsCode`, with that entry. */
function earlierEntry(catalog: Catalog, hsCode: string, before: number | undefined): { entry: CatalogEntry; year: number } | undefined {
  for (let i = catalog.years.length - 1; i >= 0; i -= 1) {
    const candidate = catalog.years[i]!;
    if (before !== undefined && candidate >= before) continue;
    const entry = catalog.find(hsCode, candidate);
    if (entry) return { entry, year: candidate };
  }
  return undefined;
}

// A module function rather than a closure per call: createContext runs on every check().
function lookUp(catalog: Catalog, hsCode: string | undefined, year: number | undefined): { entry: CatalogEntry | null; status: CatalogStatus; year: number | null } {
  if (hsCode === undefined || !/^\d{10}$/.test(hsCode)) return { entry: null, status: 'unchecked', year: null };
  if (year !== undefined && catalog.years.includes(year)) {
    const entry = catalog.find(hsCode, year);
    if (entry) return { entry, status: 'found', year };
    if (catalog.completeness(year) === 'complete') return { entry: null, status: 'missing', year };
    // A partial year (form rule 14): the code may be on the official list all the same. An earlier year's entry still gives the goods class.
    return { entry: earlierEntry(catalog, hsCode, year)?.entry ?? null, status: 'partial', year };
  }
  // The catalog has no entries for the application's year (a snapshot older than the licence): use the latest earlier year that has the code, and say so.
  const earlier = earlierEntry(catalog, hsCode, year);
  if (earlier) return { entry: earlier.entry, status: year === undefined ? 'found' : 'fallback', year: earlier.year };
  const latest = catalog.years.filter((candidate) => year === undefined || candidate < year).at(-1) ?? null;
  return { entry: null, status: year === undefined && latest !== null && catalog.completeness(latest) === 'complete' ? 'missing' : 'unknownYear', year: latest };
}

/**
 * The goods class the rules apply: the application's `goods.goodsClass` where the entry allows it, else the entry's own
 * (form rule 24 reports a mismatch). Coke is also known by its category code (大类别 B02800, the manual's test): a code
 * the catalog does not hold, or holds as general goods, with that category is coke.
 */
function classFor(entry: CatalogEntry | null, applied: GoodsClass | undefined, categoryCode: string | undefined): GoodsClass | null {
  const byCatalog = !entry ? (applied ?? null) : applied !== undefined && allowedGoodsClasses(entry).includes(applied) ? applied : entry.goodsClass;
  return (byCatalog === null || byCatalog === 'general') && (categoryCode ?? entry?.categoryCode) === COKE_CATEGORY_CODE ? 'coke' : byCatalog;
}

/**
 * Normalises a parsed application and builds the context the rules read: defaults filled, catalog
 * fields back-filled, row totals and goods totals computed where empty.
 */
export function createContext(parsed: ExportLicenceApplication, options: ContextOptions): AppContext {
  const asOf = options.asOf ?? todayIsoDate();
  const appliedOn = parsed.other?.appliedOn ?? asOf;
  const owned = options.owned === true;
  let app = fillDefaults(parsed, appliedOn, owned);
  const catalog = options.catalog ?? getBundledCatalog();
  const found = lookUp(catalog, app.goods?.hsCode, app.year);
  const entry = found.entry;
  const goodsClass = classFor(entry, app.goods?.goodsClass, app.goods?.categoryCode);
  if (entry) {
    const goods = owned ? app.goods! : { ...app.goods };
    goods.categoryCode ??= entry.categoryCode;
    goods.name ??= entry.name;
    goods.unit ??= entry.unit;
    if (owned) stripUndefined(goods);
    else app = { ...app, goods: stripUndefined(goods) };
  }
  // The caller's rate wins; else the table's rate for the price currency (USD when empty) in the application's month.
  app = fillComputedFields(app, { goodsClass, rateDate: appliedOn, inPlace: owned, ...(options.usdRate !== undefined ? { usdRate: options.usdRate } : {}), ...(options.usdRates !== undefined ? { usdRates: options.usdRates } : {}) });
  return { app, goodsClass, catalogEntry: entry, catalogStatus: found.status, catalogYear: found.year, catalogSource: catalog.source, appliedOn, asOf, memo: new Map<string, unknown>() };
}

function stripUndefined<T extends object>(value: T): T {
  // for…in rather than Object.keys: no array per call. An inherited key is never deleted (delete only removes own ones).
  for (const key in value) if (value[key] === undefined) delete value[key];
  return value;
}

