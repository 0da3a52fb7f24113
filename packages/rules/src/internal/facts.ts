import {
  checkCreditCode,
  checkEnterpriseCode,
  checkOrganizationCode,
  checkVin,
  crossCheckEnterpriseCode,
  addMonthsIso,
  allowedGoodsClasses,
  daysBetween,
  findCode,
  getGoodsClass,
  isCodeTableName,
  suggestCode,
  goodsTotalAmount,
  goodsTotalQuantity,
  isIsoDate,
  multiplyDecimals,
  type IdentifierCheck,
} from '@exlic/core';
import type { AppContext, Scope } from './context';
import { parseRulePath, resolvePath } from './path';
import { isBlankValue } from './operators';

/** A fact: a pure, synchronous function of where the rule is evaluated and the condition's params. */
export type FactFunction = (scope: Scope, params: Readonly<Record<string, unknown>>) => unknown;

function memo<T>(ctx: AppContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/** A row value as the decimal helpers take it: anything but a string or number is "not a decimal". */
function decimalInput(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const pathCache = new Map<string, readonly string[]>();

const CHECKS: Readonly<Record<string, (value: unknown) => IdentifierCheck>> = {
  creditCode: checkCreditCode,
  enterpriseCode: checkEnterpriseCode,
  organizationCode: checkOrganizationCode,
  vin: checkVin,
};

// Coke grades (form rule 10): spaces ignored, full-width and half-width punctuation alike.
const WIDE_PUNCTUATION: Readonly<Record<string, string>> = { '：': ':', '；': ';', '，': ',', '（': '(', '）': ')', '％': '%', '－': '-', '．': '.' };
function normalizeGradeText(text: string): string {
  return text.replace(/\s+/gu, '').replace(/[：；，（）％－．]/gu, (char) => WIDE_PUNCTUATION[char] ?? char);
}

/** Each grade's name and the texts that name it, read once per params object (the rule set's grades). */
const gradeForms = new WeakMap<object, readonly (readonly [string, readonly string[]])[]>();
function formsOf(grades: Readonly<Record<string, unknown>>): readonly (readonly [string, readonly string[]])[] {
  let forms = gradeForms.get(grades);
  if (!forms) {
    forms = Object.entries(grades).flatMap(([name, spec]) => {
      if (typeof spec !== 'string') return [];
      const full = normalizeGradeText(spec);
      return [[name, [name, full, `${name}:${full}`, `${name}${full}`, `${name}:规格(${full})`, `${name}规格(${full})`, `${name}(${full})`]] as const];
    });
    gradeForms.set(grades, forms);
  }
  return forms;
}

/** The grade a coke row's text names: the grade's name, its full text, or both as the manual writes them (`铸造焦：粒度：…`, `铸造焦：规格（粒度：…）`). */
function matchCokeGrade(value: unknown, grades: Readonly<Record<string, unknown>>): string | null {
  if (typeof value !== 'string') return null;
  const text = normalizeGradeText(value);
  for (const [name, forms] of formsOf(grades)) if (forms.includes(text)) return name;
  return null;
}

/** True for an attachment type the attachmentTypes table marks perRow: one per spec row, several per application. */
function isPerRowAttachmentType(type: string): boolean {
  return findCode('attachmentTypes', type)?.perRow === 'true';
}

/** The sentence naming the right code for a code its table does not hold, or null when there is none (form rule 14). */
export function codeHint(value: unknown, table: unknown): { zh: string; en: string } | null {
  if (typeof value !== 'string' || !isCodeTableName(table)) return null;
  const entry = suggestCode(table, value);
  if (!entry) return null;
  return { zh: `（应为“${entry.code}” ${entry.name}）`, en: ` (did you mean ${entry.code}, ${entry.nameEn ?? entry.name}?)` };
}

/** A fact of the application alone (the same for every element of a scope). */
type AppFact = (ctx: AppContext, params: Readonly<Record<string, unknown>>) => unknown;
/** A fact of one element of a scope (`row` is the application and `index` -1 in the application scope). */
type RowFact = (ctx: AppContext, row: unknown, index: number, params: Readonly<Record<string, unknown>>) => unknown;

/** The value at `params.path` of the application, or of the row when `params.of` is `row`. */
function valueAt(ctx: AppContext, row: unknown, params: Readonly<Record<string, unknown>>): unknown {
  const base = params.of === 'row' ? row : ctx.app;
  const path = params.path;
  if (typeof path !== 'string') return base;
  let keys = pathCache.get(path);
  if (!keys) {
    keys = parseRulePath(path, 'identifier fact');
    pathCache.set(path, keys);
  }
  return resolvePath(base, keys);
}

/** An identifier check of a value (params.check names it), or null when the value is empty or the check unknown. */
export function identifierResult(check: unknown, value: unknown): IdentifierCheck | null {
  const run = CHECKS[String(check)];
  return !run || isBlankValue(value) ? null : run(value);
}

/** The failure of an identifier check (`length`, `charset` …), or null when it passed. */
export function identifierFailure(result: IdentifierCheck | null): string | null {
  return result && !result.valid ? result.failure : null;
}

/** The sentence of a failed identifier check, or null. */
export function identifierMessage(result: IdentifierCheck | null): { zh: string; en: string } | null {
  return result && !result.valid ? result.message : null;
}

/** The check character a failed identifier check expected, or null. */
export function identifierExpected(result: IdentifierCheck | null): string | null {
  return result && !result.valid ? (result.expected ?? null) : null;
}

// Two rules (format, check character) and the message read each identifier: the closures check it once per element.
function identifierCheck(scope: Scope, params: Readonly<Record<string, unknown>>): IdentifierCheck | null {
  let key = paramKeys.get(params);
  if (key === undefined) {
    key = `${String(params.check)}:${String(params.of)}:${String(params.path)}`;
    paramKeys.set(params, key);
  }
  const cache = (scope.cache ??= new Map());
  if (cache.has(key)) return cache.get(key) as IdentifierCheck | null;
  const result = identifierResult(params.check, valueAt(scope.ctx, scope.row, params));
  cache.set(key, result);
  return result;
}
const paramKeys = new WeakMap<object, string>();

/** The attachment types of the application, in order. */
function attachmentTypesOf(ctx: AppContext): string[] {
  const types: string[] = [];
  for (const attachment of ctx.app.attachments ?? []) if (attachment.type) types.push(attachment.type);
  return types;
}

/** The types of the application attachments a spec row links by id. */
function rowAttachmentTypes(ctx: AppContext, row: unknown): string[] {
  const ids = asRecord(row).attachments;
  const types: string[] = [];
  if (!Array.isArray(ids) || ids.length === 0) return types;
  for (const attachment of ctx.app.attachments ?? []) if (attachment.id !== undefined && attachment.type && ids.includes(attachment.id)) types.push(attachment.type);
  return types;
}

/** True when an attachment of the application has this id. */
function hasAttachment(ctx: AppContext, id: string): boolean {
  for (const attachment of ctx.app.attachments ?? []) if (attachment.id === id) return true;
  return false;
}

/** True when an attachment of the application has this id and a per-row type (a vehicle's document). */
function isPerRowAttachment(ctx: AppContext, id: unknown): boolean {
  for (const attachment of ctx.app.attachments ?? []) if (attachment.id === id && attachment.type && isPerRowAttachmentType(attachment.type)) return true;
  return false;
}

/**
 * The facts of the application alone. The generated rule-set modules call these directly (computing each
 * once per application); {@link FACTS} wraps them for the closures and json-rules-engine.
 */
export const APP_FACTS: Readonly<Record<string, AppFact>> = {
  /** The normalised application; read it with a path such as `$.goods.hsCode`. */
  application: (ctx) => ctx.app,
  /** The goods class of `goods.hsCode` in the catalog (the application's `goods.goodsClass` where the entry allows it), or null. */
  goodsClass: (ctx) => ctx.goodsClass,
  /** The goods class's group in core's registry (`goods`, `vehicle`), or null for an unknown class. */
  goodsGroup: (ctx) => getGoodsClass(ctx.goodsClass)?.group ?? null,
  /** The most spec rows the goods class allows (the registry's; an unknown class counts as general goods). */
  maxRows: (ctx) => (getGoodsClass(ctx.goodsClass) ?? getGoodsClass('general'))?.maxRows ?? null,
  /** The catalog entry of `goods.hsCode` (read it with a path, e.g. `$.standardSand`), or null. */
  catalogEntry: (ctx) => ctx.catalogEntry,
  /** The goods classes the catalog entry allows, or null when the code is not in the catalog. */
  allowedGoodsClasses: (ctx) => (ctx.catalogEntry ? allowedGoodsClasses(ctx.catalogEntry) : null),
  /** Which catalog was used, as a `{detail}` sentence. */
  catalogDescription: (ctx) => ({ zh: ctx.catalogSource, en: ctx.catalogSource }),
  /** The number of goods classes the catalog entry allows (0 when the code is not in the catalog). */
  goodsClassChoices: (ctx) => (ctx.catalogEntry ? allowedGoodsClasses(ctx.catalogEntry).length : 0),
  /** True when the catalog entry marks standard sand (标准砂, form rule 20). */
  standardSand: (ctx) => ctx.catalogEntry?.standardSand === true,
  /** Whether the catalog entry allows non-one-batch-one-licence use (form rule 23); null when the code is not in the catalog. */
  nonOneBatchOneLicenceAllowed: (ctx) => (ctx.catalogEntry ? ctx.catalogEntry.nonOneBatchOneLicence === true : null),
  /** `found`, `fallback` (found in an earlier catalog year), `missing`, or `unchecked`. */
  catalogStatus: (ctx) => ctx.catalogStatus,
  /** The catalog year the code was looked up in, or null. */
  catalogYear: (ctx) => ctx.catalogYear,
  /** The number of spec rows. */
  specCount: (ctx) => ctx.app.specs?.length ?? 0,
  /** The application date (`other.appliedOn`, else asOf). */
  appliedOn: (ctx) => ctx.appliedOn,
  /** The application date plus 6 calendar months. */
  validityLimit: (ctx) => addMonthsIso(ctx.appliedOn, 6) ?? null,
  /** 31 December of the licence year, or null. */
  yearEnd: (ctx) => (typeof ctx.app.year === 'number' ? `${String(ctx.app.year).padStart(4, '0')}-12-31` : null),
  /** The year of `validUntil`, or null. */
  validUntilYear: (ctx) => {
    const date = ctx.app.validUntil;
    return isIsoDate(date) ? Number(date.slice(0, 4)) : null;
  },
  /** Sum of the rows' quantities as the goods class counts them (a used-vehicle row is one vehicle); null when a row has none. */
  expectedTotalQuantity: (ctx) => goodsTotalQuantity(ctx.app.specs, ctx.goodsClass) ?? null,
  /** Sum of the rows' totals (total price, or total value for vehicles); null when a row has none. */
  expectedTotalAmount: (ctx) => goodsTotalAmount(ctx.app.specs, ctx.goodsClass) ?? null,
  /** The types of the application's attachments. */
  attachmentTypes: attachmentTypesOf,
  /** True when `params.party`'s code and credit code both have their lengths and name different organisations. */
  enterpriseCodeMismatch: (ctx, params) => {
    const party = asRecord(asRecord(ctx.app)[String(params.party)]);
    const { code, uscc } = party;
    if (typeof code !== 'string' || typeof uscc !== 'string' || code.length !== 13 || uscc.length !== 18) return false;
    return !crossCheckEnterpriseCode(code, uscc).valid;
  },
};

/**
 * The facts of one element of a scope (and, with `params.of: row`, the identifier and code facts).
 * The generated rule-set modules call these directly; {@link FACTS} wraps them.
 */
export const ROW_FACTS: Readonly<Record<string, RowFact>> = {
  /** The element a scoped rule is looking at (a spec row, producer, certificate number, attachment). */
  row: (_ctx, row) => row,
  /** Its index. */
  rowIndex: (_ctx, _row, index) => index,
  /** The coke grade a row's spec names (params: each grade's name → its full text), or null when it names none. */
  cokeGrade: (_ctx, row, _index, params) => matchCokeGrade(asRecord(row).spec, params),
  /** For a code its table lacks, the words naming the right code (`110` → `0110`) for `{detail}`; null when there is none. params: table, path (of the application, or of the row with of: row). */
  codeHint: (ctx, row, _index, params) => codeHint(valueAt(ctx, row, params), params.table),
  /** The name of the code at params.path in params.table, or null. */
  codeName: (ctx, row, _index, params) => {
    const value = valueAt(ctx, row, params);
    return typeof value === 'string' && isCodeTableName(params.table) ? (findCode(params.table, value)?.name ?? null) : null;
  },
  /** The row's unit price × quantity, exactly, or null. */
  rowTotalExpected: (_ctx, row) => {
    const record = asRecord(row);
    return multiplyDecimals(decimalInput(record.unitPrice), decimalInput(record.quantity)) ?? null;
  },
  /** True when an earlier attachment has this attachment's type. */
  duplicateAttachmentType: (ctx, row, index) => {
    const type = asRecord(row).type;
    if (typeof type !== 'string' || type === '') return false;
    // A per-row type (a vehicle's document) comes once per spec row, so several per application.
    if (isPerRowAttachmentType(type)) return false;
    const attachments = ctx.app.attachments ?? [];
    for (let i = 0; i < index && i < attachments.length; i += 1) if (attachments[i]?.type === type) return true;
    return false;
  },
  /** The first attachment id a spec row links that no attachment of the application has, or null. */
  rowAttachmentMissing: (ctx, row) => {
    const ids = asRecord(row).attachments;
    if (!Array.isArray(ids)) return null;
    // The lists are short (at most 50 items each, LIMITS.listItems): a scan beats building a set per row.
    return ids.find((id) => typeof id === 'string' && id !== '' && !hasAttachment(ctx, id)) ?? null;
  },
  /** The first per-row document (a type marked perRow) this spec row links that an earlier row links too, or null: each vehicle's documents are its own. */
  rowAttachmentShared: (ctx, row, index) => {
    const ids = asRecord(row).attachments;
    if (!Array.isArray(ids) || ids.length === 0 || index === 0) return null;
    const perRow = ids.filter((id) => typeof id === 'string' && isPerRowAttachment(ctx, id));
    if (perRow.length === 0) return null;
    const earlier = new Set((ctx.app.specs ?? []).slice(0, index).flatMap((spec) => (Array.isArray(spec?.attachments) ? spec.attachments : [])));
    return perRow.find((id) => earlier.has(id)) ?? null;
  },
  /** The types of the application attachments a spec row links by id. */
  rowAttachmentTypes: (ctx, row) => rowAttachmentTypes(ctx, row),
  /** Days from a used vehicle's first registration to the application date (form rule 21), or null. */
  vehicleAgeDays: (ctx, row) => {
    const record = asRecord(row);
    if (typeof record.registeredOn !== 'string') return null;
    return daysBetween(record.registeredOn, ctx.appliedOn) ?? null;
  },
  /** The attachment types that go with a vehicle row: the ones the row links by id and the application's own. */
  vehicleAttachmentTypes: (ctx, row) => [...new Set([...rowAttachmentTypes(ctx, row), ...attachmentTypesOf(ctx)])],
  /** Days from a used vehicle's registration to its transfer, or null. */
  registrationAgeDays: (_ctx, row) => {
    const record = asRecord(row);
    if (typeof record.registeredOn !== 'string' || typeof record.transferredOn !== 'string') return null;
    return daysBetween(record.registeredOn, record.transferredOn) ?? null;
  },
  /** An identifier check's failure (`length`, `charset`, `checkCharacter` …) of the value at `params.path` (of the application, or of the row when `params.of` is `row`), or null when it passes or is empty. */
  identifierFailure: (ctx, row, _index, params) => identifierFailure(identifierResult(params.check, valueAt(ctx, row, params))),
  /** The identifier check's sentence, for `{detail}`. */
  identifierMessage: (ctx, row, _index, params) => identifierMessage(identifierResult(params.check, valueAt(ctx, row, params))),
  /** The identifier check's expected check character, or null. */
  identifierExpected: (ctx, row, _index, params) => identifierExpected(identifierResult(params.check, valueAt(ctx, row, params))),
};

// The application facts json-rules-engine and the closures memoise per application (ctx.memo).
const MEMOISED = new Set(['validityLimit', 'expectedTotalQuantity', 'expectedTotalAmount', 'attachmentTypes']);
// The identifier facts: the closures check each identifier once per element (scope.cache).
const IDENTIFIER: Readonly<Record<string, (result: IdentifierCheck | null) => unknown>> = { identifierFailure, identifierMessage, identifierExpected };

function wrapApp(name: string, fact: AppFact): FactFunction {
  return MEMOISED.has(name) ? (scope, params) => memo(scope.ctx, name, () => fact(scope.ctx, params)) : (scope, params) => fact(scope.ctx, params);
}

function wrapRow(name: string, fact: RowFact): FactFunction {
  const identifier = IDENTIFIER[name];
  return identifier ? (scope, params) => identifier(identifierCheck(scope, params)) : (scope, params) => fact(scope.ctx, scope.row, scope.index, params);
}

/**
 * The facts rules may name. json-rules-engine gets each as a dynamic fact reading the same context;
 * the closures call them directly. Facts return `null`, never `undefined`, for "nothing".
 */
export const FACTS: Readonly<Record<string, FactFunction>> = {
  ...Object.fromEntries(Object.entries(APP_FACTS).map(([name, fact]) => [name, wrapApp(name, fact)])),
  ...Object.fromEntries(Object.entries(ROW_FACTS).map(([name, fact]) => [name, wrapRow(name, fact)])),
};
