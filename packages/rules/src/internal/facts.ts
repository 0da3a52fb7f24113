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

const CHECKS: Readonly<Record<string, (value: unknown) => IdentifierCheck>> = {
  creditCode: checkCreditCode,
  enterpriseCode: checkEnterpriseCode,
  organizationCode: checkOrganizationCode,
  vin: checkVin,
};

const pathCache = new Map<string, readonly string[]>();
function valueAt(scope: Scope, params: Readonly<Record<string, unknown>>): unknown {
  const base = params.of === 'row' ? scope.row : scope.ctx.app;
  const path = params.path;
  if (typeof path !== 'string') return base;
  let keys = pathCache.get(path);
  if (!keys) {
    keys = parseRulePath(path, 'identifier fact');
    pathCache.set(path, keys);
  }
  return resolvePath(base, keys);
}

function identifierCheck(scope: Scope, params: Readonly<Record<string, unknown>>): IdentifierCheck | null {
  // Two rules (format, check character) and the message read each identifier: check it once per element.
  let key = paramKeys.get(params);
  if (key === undefined) {
    key = `${String(params.check)}:${String(params.of)}:${String(params.path)}`;
    paramKeys.set(params, key);
  }
  const cache = (scope.cache ??= new Map());
  if (cache.has(key)) return cache.get(key) as IdentifierCheck | null;
  const value = valueAt(scope, params);
  const check = CHECKS[String(params.check)];
  const result = !check || isBlankValue(value) ? null : check(value);
  cache.set(key, result);
  return result;
}
const paramKeys = new WeakMap<object, string>();

/** Sum of the rows' quantities as the goods class counts them (a used-vehicle row is one vehicle); null when a row has none. */
function expectedTotalQuantity(ctx: AppContext): string | null {
  return goodsTotalQuantity(ctx.app.specs, ctx.goodsClass) ?? null;
}

/** Sum of the rows' totals (total price, or total value for vehicles); null when a row has none. */
function expectedTotalAmount(ctx: AppContext): string | null {
  return goodsTotalAmount(ctx.app.specs, ctx.goodsClass) ?? null;
}

// Coke grades (form rule 10): spaces ignored, full-width and half-width punctuation alike.
const WIDE_PUNCTUATION: Readonly<Record<string, string>> = { '：': ':', '；': ';', '，': ',', '（': '(', '）': ')', '％': '%', '－': '-', '．': '.' };
function normalizeGradeText(text: string): string {
  return text.replace(/\s+/gu, '').replace(/[：；，（）％－．]/gu, (char) => WIDE_PUNCTUATION[char] ?? char);
}

/** The grade a coke row's text names: the grade's name, its full text, or both as the manual writes them (`铸造焦：粒度：…`, `铸造焦：规格（粒度：…）`). */
function matchCokeGrade(value: unknown, grades: Readonly<Record<string, unknown>>): string | null {
  if (typeof value !== 'string') return null;
  const text = normalizeGradeText(value);
  for (const [name, spec] of Object.entries(grades)) {
    if (typeof spec !== 'string') continue;
    const full = normalizeGradeText(spec);
    const forms = [name, full, `${name}:${full}`, `${name}${full}`, `${name}:规格(${full})`, `${name}规格(${full})`, `${name}(${full})`];
    if (forms.includes(text)) return name;
  }
  return null;
}

/** True for an attachment type the attachmentTypes table marks perRow: one per spec row, several per application. */
function isPerRowAttachmentType(type: string): boolean {
  return findCode('attachmentTypes', type)?.perRow === 'true';
}

/** The sentence naming the right code for a code its table does not hold, or null when there is none (form rule 14). */
function codeHint(value: unknown, table: unknown): { zh: string; en: string } | null {
  if (typeof value !== 'string' || !isCodeTableName(table)) return null;
  const entry = suggestCode(table, value);
  if (!entry) return null;
  return { zh: `（应为“${entry.code}” ${entry.name}）`, en: ` (did you mean ${entry.code}, ${entry.nameEn ?? entry.name}?)` };
}

/**
 * The facts rules may name. json-rules-engine gets each as a dynamic fact reading the same context;
 * the compiler calls them directly. Facts return `null`, never `undefined`, for "nothing".
 */
export const FACTS: Readonly<Record<string, FactFunction>> = {
  /** The normalised application; read it with a path such as `$.goods.hsCode`. */
  application: (scope) => scope.ctx.app,
  /** The goods class of `goods.hsCode` in the catalog (the application's `goods.goodsClass` where the entry allows it), or null. */
  goodsClass: (scope) => scope.ctx.goodsClass,
  /** The goods class's group in core's registry (`goods`, `vehicle`), or null for an unknown class. */
  goodsGroup: (scope) => getGoodsClass(scope.ctx.goodsClass)?.group ?? null,
  /** The most spec rows the goods class allows (the registry's; an unknown class counts as general goods). */
  maxRows: (scope) => (getGoodsClass(scope.ctx.goodsClass) ?? getGoodsClass('general'))?.maxRows ?? null,
  /** The catalog entry of `goods.hsCode` (read it with a path, e.g. `$.standardSand`), or null. */
  catalogEntry: (scope) => scope.ctx.catalogEntry,
  /** The goods classes the catalog entry allows, or null when the code is not in the catalog. */
  allowedGoodsClasses: (scope) => (scope.ctx.catalogEntry ? allowedGoodsClasses(scope.ctx.catalogEntry) : null),
  /** Which catalog was used, as a `{detail}` sentence. */
  catalogDescription: (scope) => ({ zh: scope.ctx.catalogSource, en: scope.ctx.catalogSource }),
  /** The number of goods classes the catalog entry allows (0 when the code is not in the catalog). */
  goodsClassChoices: (scope) => (scope.ctx.catalogEntry ? allowedGoodsClasses(scope.ctx.catalogEntry).length : 0),
  /** True when the catalog entry marks standard sand (标准砂, form rule 20). */
  standardSand: (scope) => scope.ctx.catalogEntry?.standardSand === true,
  /** Whether the catalog entry allows non-one-batch-one-licence use (form rule 23); null when the code is not in the catalog. */
  nonOneBatchOneLicenceAllowed: (scope) => (scope.ctx.catalogEntry ? scope.ctx.catalogEntry.nonOneBatchOneLicence === true : null),
  /** The coke grade a row's spec names (params: each grade's name → its full text), or null when it names none. */
  cokeGrade: (scope, params) => matchCokeGrade(asRecord(scope.row).spec, params),
  /** For a code its table lacks, the words naming the right code (`110` → `0110`) for `{detail}`; null when there is none. params: table, path (of the application, or of the row with of: row). */
  codeHint: (scope, params) => codeHint(valueAt(scope, params), params.table),
  /** The name of the code at params.path in params.table, or null. */
  codeName: (scope, params) => {
    const value = valueAt(scope, params);
    return typeof value === 'string' && isCodeTableName(params.table) ? (findCode(params.table, value)?.name ?? null) : null;
  },
  /** `found`, `fallback` (found in an earlier catalog year), `missing`, or `unchecked`. */
  catalogStatus: (scope) => scope.ctx.catalogStatus,
  /** The catalog year the code was looked up in, or null. */
  catalogYear: (scope) => scope.ctx.catalogYear,
  /** The number of spec rows. */
  specCount: (scope) => scope.ctx.app.specs?.length ?? 0,
  /** The application date (`other.appliedOn`, else asOf). */
  appliedOn: (scope) => scope.ctx.appliedOn,
  /** The application date plus 6 calendar months. */
  validityLimit: (scope) => memo(scope.ctx, 'validityLimit', () => addMonthsIso(scope.ctx.appliedOn, 6) ?? null),
  /** 31 December of the licence year, or null. */
  yearEnd: (scope) => (typeof scope.ctx.app.year === 'number' ? `${String(scope.ctx.app.year).padStart(4, '0')}-12-31` : null),
  /** The year of `validUntil`, or null. */
  validUntilYear: (scope) => {
    const date = scope.ctx.app.validUntil;
    return isIsoDate(date) ? Number(date.slice(0, 4)) : null;
  },
  expectedTotalQuantity: (scope) => memo(scope.ctx, 'expectedTotalQuantity', () => expectedTotalQuantity(scope.ctx)),
  expectedTotalAmount: (scope) => memo(scope.ctx, 'expectedTotalAmount', () => expectedTotalAmount(scope.ctx)),
  /** The types of the application's attachments. */
  attachmentTypes: (scope) =>
    memo(scope.ctx, 'attachmentTypes', () => (scope.ctx.app.attachments ?? []).flatMap((attachment) => (attachment.type ? [attachment.type] : []))),
  /** An identifier check's failure (`length`, `charset`, `checkCharacter` …) of the value at `params.path` (of the application, or of the row when `params.of` is `row`), or null when it passes or is empty. */
  identifierFailure: (scope, params) => {
    const result = identifierCheck(scope, params);
    return result && !result.valid ? result.failure : null;
  },
  /** The identifier check's sentence, for `{detail}`. */
  identifierMessage: (scope, params) => {
    const result = identifierCheck(scope, params);
    return result && !result.valid ? result.message : null;
  },
  /** The identifier check's expected check character, or null. */
  identifierExpected: (scope, params) => {
    const result = identifierCheck(scope, params);
    return result && !result.valid ? (result.expected ?? null) : null;
  },
  /** True when `params.party`'s code and credit code both have their lengths and name different organisations. */
  enterpriseCodeMismatch: (scope, params) => {
    const party = asRecord(asRecord(scope.ctx.app)[String(params.party)]);
    const { code, uscc } = party;
    if (typeof code !== 'string' || typeof uscc !== 'string' || code.length !== 13 || uscc.length !== 18) return false;
    return !crossCheckEnterpriseCode(code, uscc).valid;
  },
  /** The element a scoped rule is looking at (a spec row, producer, certificate number, attachment). */
  row: (scope) => scope.row,
  /** Its index. */
  rowIndex: (scope) => scope.index,
  /** The row's unit price × quantity, exactly, or null. */
  rowTotalExpected: (scope) => {
    const row = asRecord(scope.row);
    return multiplyDecimals(decimalInput(row.unitPrice), decimalInput(row.quantity)) ?? null;
  },
  /** True when an earlier attachment has this attachment's type. */
  duplicateAttachmentType: (scope) => {
    const type = asRecord(scope.row).type;
    if (typeof type !== 'string' || type === '') return false;
    // A per-row type (a vehicle's document) comes once per spec row, so several per application.
    if (isPerRowAttachmentType(type)) return false;
    const attachments = scope.ctx.app.attachments ?? [];
    for (let i = 0; i < scope.index && i < attachments.length; i += 1) if (attachments[i]?.type === type) return true;
    return false;
  },
  /** The first attachment id a spec row links that no attachment of the application has, or null. */
  rowAttachmentMissing: (scope) => {
    const ids = asRecord(scope.row).attachments;
    if (!Array.isArray(ids)) return null;
    const known = new Set((scope.ctx.app.attachments ?? []).flatMap((attachment) => (attachment.id === undefined ? [] : [attachment.id])));
    return ids.find((id) => typeof id === 'string' && id !== '' && !known.has(id)) ?? null;
  },
  /** The first per-row document (a type marked perRow) this spec row links that an earlier row links too, or null: each vehicle's documents are its own. */
  rowAttachmentShared: (scope) => {
    const ids = asRecord(scope.row).attachments;
    if (!Array.isArray(ids) || ids.length === 0) return null;
    const perRow = new Set((scope.ctx.app.attachments ?? []).flatMap((attachment) => (attachment.id !== undefined && attachment.type && isPerRowAttachmentType(attachment.type) ? [attachment.id] : [])));
    const earlier = new Set((scope.ctx.app.specs ?? []).slice(0, scope.index).flatMap((row) => (Array.isArray(row?.attachments) ? row.attachments : [])));
    return ids.find((id) => typeof id === 'string' && perRow.has(id) && earlier.has(id)) ?? null;
  },
  /** The types of the application attachments a spec row links by id. */
  rowAttachmentTypes: (scope) => {
    const ids = asRecord(scope.row).attachments;
    if (!Array.isArray(ids) || ids.length === 0) return [];
    return (scope.ctx.app.attachments ?? []).flatMap((attachment) => (attachment.id !== undefined && attachment.type && ids.includes(attachment.id) ? [attachment.type] : []));
  },
  /** Days from a used vehicle's first registration to the application date (form rule 21), or null. */
  vehicleAgeDays: (scope) => {
    const row = asRecord(scope.row);
    if (typeof row.registeredOn !== 'string') return null;
    return daysBetween(row.registeredOn, scope.ctx.appliedOn) ?? null;
  },
  /** The attachment types that go with a vehicle row: the ones the row links by id and the application's own. */
  vehicleAttachmentTypes: (scope) => {
    const linked = FACTS.rowAttachmentTypes!(scope, {}) as string[];
    const all = FACTS.attachmentTypes!(scope, {}) as string[];
    return [...new Set([...linked, ...all])];
  },
  /** Days from a used vehicle's registration to its transfer, or null. */
  registrationAgeDays: (scope) => {
    const row = asRecord(scope.row);
    if (typeof row.registeredOn !== 'string' || typeof row.transferredOn !== 'string') return null;
    return daysBetween(row.registeredOn, row.transferredOn) ?? null;
  },
};
