import {
  FIELDS,
  GOODS_CLASS_REGISTRY,
  OPERATION_LABELS,
  STATUSES,
  STATUS_LABELS,
  allowedGoodsClasses,
  canPerform,
  convertToUsd,
  defaultValidUntil,
  findCode,
  fillComputedFields,
  findUsdRate,
  getBundledCatalog,
  getCodeTable,
  getGoodsClass,
  goodsTotalAmount,
  goodsTotalQuantity,
  isIsoDate,
  isUsdRateTable,
  rowTotal,
  searchCodeTable,
  todayIsoDate,
  type Attachment,
  type CatalogEntry,
  type CodeTableName,
  type ExportLicenceApplication,
  type FieldMeta,
  type GoodsClass,
  type SpecRow,
  type Status,
} from '@exlic/core';
import { check, getBundledRuleSet, requiredFields, type CheckOptions, type CheckResult, type LocalizedText, type Violation } from '@exlic/rules';
import { FormError } from './errors';
import { COKE_GRADE_OPTIONS, LISTS, YES_NO, explainGrey, fieldPaths, goodsClassOption, metaOf, sectionsFor, specColumnKeys, type ListName } from './layout';
import { hostScheduler } from './scheduler';
import type {
  ApplicationForm,
  ApplicationFormOptions,
  BlockingReason,
  FieldOption,
  FieldSnapshot,
  FieldState,
  FormLang,
  FormSnapshot,
  LookupSnapshot,
  LookupSuggestion,
  SpecColumn,
  SpecTable,
  SystemViolation,
} from './types';
import { copyJson, getIn, isBlank, setIn, setOwn, splitPath, withoutBlanks, type Rec } from './values';

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);
const FRAME_MS = 16;

interface LookupState {
  readonly query: string;
  readonly open: boolean;
  readonly suggestions: readonly LookupSuggestion[];
  readonly active: number;
}

const CLOSED: LookupState = { query: '', open: false, suggestions: [], active: -1 };

/** The checks of one moment: what the fields show, and what blocks saving and declaring. */
interface Checked {
  readonly shown: readonly Violation[];
  readonly save: readonly Violation[];
  readonly declare: readonly Violation[];
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : value === null ? 'null' : typeof value;
}

function readOptions(options: ApplicationFormOptions): void {
  if (options.phase !== undefined && options.phase !== 'save' && options.phase !== 'declare') throw new FormError('badOption', `phase must be "save" or "declare", not ${describe(options.phase)}`);
  if (options.lang !== undefined && options.lang !== 'zh' && options.lang !== 'en') throw new FormError('badOption', `lang must be "zh" or "en", not ${describe(options.lang)}`);
  if (options.profile !== undefined && options.profile !== 'production' && options.profile !== 'test') throw new FormError('badOption', `profile must be "production" or "test", not ${describe(options.profile)}`);
  const catalog = options.catalog as { find?: unknown; search?: unknown; entries?: unknown } | undefined;
  if (catalog !== undefined && (catalog === null || typeof catalog.find !== 'function' || typeof catalog.search !== 'function' || !Array.isArray(catalog.entries))) {
    throw new FormError('badOption', 'catalog must be a Catalog (from createCatalog or getBundledCatalog() of @exlic/core)');
  }
  const scheduler = options.scheduler as { now?: unknown; schedule?: unknown } | undefined;
  if (scheduler !== undefined && (scheduler === null || typeof scheduler.now !== 'function' || typeof scheduler.schedule !== 'function')) {
    throw new FormError('badOption', 'scheduler must have now() and schedule(task, delayMs), e.g. createManualScheduler()');
  }
  const account = options.account as { enterprise?: unknown } | undefined;
  if (account !== undefined && (account === null || typeof account.enterprise !== 'object' || account.enterprise === null)) {
    throw new FormError('badOption', "account must be the logged-in user's { enterprise: { code, uscc, name } } (what client.me() answers)");
  }
  if (options.usdRates !== undefined && !isUsdRateTable(options.usdRates)) {
    throw new FormError('badOption', `usdRates must be a rate table (createUsdRateTable or SANDBOX_USD_RATES of @exlic/core), not ${describe(options.usdRates)}`);
  }
  for (const name of ['debounceMs', 'maxWaitMs', 'suggestionLimit'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) throw new FormError('badOption', `${name} must be a number ≥ 0, not ${describe(value)}`);
  }
}

/**
 * Creates a headless export licence application form: a store with `subscribe`/`getSnapshot`
 * (React's `useSyncExternalStore`, Vue's `shallowRef`, Svelte's stores, or plain callbacks), and the
 * actions that change it. Every value edit updates its field, the row totals and the goods totals at
 * once; the rules run debounced (at most once per `debounceMs`, at least a frame apart) or when
 * {@link ApplicationForm.flush} asks, and their violations equal `check(form.toApplication())`.
 * Throws {@link FormError} (`badOption`) for an option it cannot use.
 * @example
 * const form = createApplicationForm({ account: await client.me(), lang: 'zh' });
 * form.search('tradeMode', 'ybmy');
 * form.lookupKey('tradeMode', 'Enter'); // picks 0110 一般贸易
 * form.getSnapshot().fields['tradeMode']?.value; // '0110'
 */
export function createApplicationForm(options: ApplicationFormOptions = {}): ApplicationForm {
  readOptions(options);
  const ruleSet = options.rules ?? getBundledRuleSet();
  const catalog = options.catalog ?? getBundledCatalog();
  const scheduler = options.scheduler ?? hostScheduler();
  const debounceMs = Math.max(FRAME_MS, options.debounceMs ?? 120);
  const maxWaitMs = Math.max(debounceMs, options.maxWaitMs ?? 1000);
  const limit = Math.max(1, Math.floor(options.suggestionLimit ?? 10));
  const phase = options.phase ?? 'declare';
  const account = options.account;
  let lang: FormLang = options.lang ?? 'zh';

  const asOf = (): string => {
    const value = typeof options.asOf === 'function' ? options.asOf() : (options.asOf ?? todayIsoDate());
    if (!isIsoDate(value)) throw new FormError('badOption', `asOf must be a real calendar date written YYYY-MM-DD (e.g. "2026-09-01"), not ${describe(value)}`);
    return value;
  };
  const checkOptions = (): CheckOptions => ({
    asOf: asOf(),
    catalog,
    ruleSet,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.usdRate !== undefined ? { usdRate: options.usdRate } : {}),
    ...(options.usdRates !== undefined ? { usdRates: options.usdRates } : {}),
  });

  // ---- values ---------------------------------------------------------------------------------

  function initialValues(): Rec {
    const today = asOf();
    let values: Rec = {};
    values = setIn(values, ['schemaVersion'], 1) as Rec;
    // The portal's pre-filled values, from core's field metadata (一般贸易, 美元, 千克, the issuing authority, the switches).
    for (const meta of FIELDS) {
      if (meta.defaultValue === undefined || meta.source === 'server' || meta.path === 'schemaVersion') continue;
      values = setIn(values, splitPath(meta.path), meta.defaultValue) as Rec;
    }
    const year = Number(today.slice(0, 4));
    values = setIn(values, ['year'], year) as Rec;
    // 申请日期: today. The rules read an empty one as today (asOf) anyway, so this shows the date they check
    // against; the Single Window sets it again when the application is declared.
    values = setIn(values, ['other', 'appliedOn'], today) as Rec;
    // 有效截止日期: the latest date the validity rules allow for that application date (core's default).
    values = setIn(values, ['validUntil'], defaultValidUntil(today, year)) as Rec;
    if (account) {
      values = withAccountParties(values);
      const operator = account.operator?.name;
      if (typeof operator === 'string' && operator.trim() !== '') values = setIn(values, ['other', 'applicantName'], operator) as Rec;
    }
    values = setIn(values, ['specs'], [{}]) as Rec;
    return values;
  }

  /**
   * The exporter and consignor are the logged-in enterprise (the manual): its code, credit code and name
   * fill whichever of them is empty. They are grey, so without this the user could not fill them.
   */
  function withAccountParties(target: Rec): Rec {
    let out = target;
    if (!account) return out;
    for (const party of ['exporter', 'consignor']) {
      for (const key of ['code', 'uscc', 'name'] as const) {
        const value = account.enterprise[key];
        if (typeof value === 'string' && value.trim() !== '' && isBlank(getIn(out, [party, key]))) out = setIn(out, [party, key], value) as Rec;
      }
    }
    return out;
  }

  let values: Rec = initialValues();
  let baseline = values;
  let appCache: { readonly values: Rec; readonly app: ExportLicenceApplication } | undefined;

  function application(): ExportLicenceApplication {
    if (appCache?.values !== values) appCache = { values, app: withoutBlanks(values) as ExportLicenceApplication };
    return appCache.app;
  }

  const listOf = (name: ListName): readonly unknown[] => {
    const list = getIn(values, [name]);
    return Array.isArray(list) ? list : [];
  };

  function catalogEntry(): CatalogEntry | undefined {
    const hsCode = getIn(values, ['goods', 'hsCode']);
    if (typeof hsCode !== 'string' || !/^\d{10}$/.test(hsCode.trim())) return undefined;
    const year = Number(getIn(values, ['year']));
    return (Number.isInteger(year) ? catalog.find(hsCode.trim(), year) : undefined) ?? catalog.find(hsCode.trim());
  }

  /** The goods class the rules apply: 商品类别 where the commodity allows it, else the commodity's own. */
  function classOf(): GoodsClass | null {
    const entry = catalogEntry();
    const applied = getIn(values, ['goods', 'goodsClass']);
    const known = GOODS_CLASS_REGISTRY.some((definition) => definition.id === applied) ? (applied as GoodsClass) : undefined;
    if (!entry) return known ?? null;
    return known !== undefined && allowedGoodsClasses(entry).includes(known) ? known : entry.goodsClass;
  }

  function classOptions(): FieldOption[] {
    const entry = catalogEntry();
    const ids = entry ? allowedGoodsClasses(entry) : GOODS_CLASS_REGISTRY.map((definition) => definition.id);
    return ids.map(goodsClassOption);
  }

  const set = (path: readonly (string | number)[], value: unknown) => {
    values = setIn(values, path, value) as Rec;
  };

  /** The commodity's catalog fields back-filled (or cleared), 商品类别 and the contract's unit with them. */
  function applyCatalog(): void {
    const entry = catalogEntry();
    set(['goods', 'categoryCode'], entry?.categoryCode);
    set(['goods', 'name'], entry?.name);
    set(['goods', 'unit'], entry?.unit);
    const applied = getIn(values, ['goods', 'goodsClass']);
    if (entry) {
      if (!allowedGoodsClasses(entry).includes(applied as GoodsClass)) set(['goods', 'goodsClass'], entry.goodsClass);
      const unit = getCodeTable('units').entries.find((candidate) => candidate.name === entry.unit);
      if (unit) set(['contract', 'unit'], unit.code);
    }
  }

  /**
   * The rate for 总值折美元, as `check` takes it: `usdRate` when given, else the `usdRates` table's rate of 单价币别
   * (USD when empty) in the month of 申请日期 (today when empty); undefined leaves the value to the server.
   */
  function usdRate(): string | number | undefined {
    if (options.usdRate !== undefined) return options.usdRate;
    if (options.usdRates === undefined) return undefined;
    const currency = getIn(values, ['goods', 'priceCurrency']);
    const appliedOn = getIn(values, ['other', 'appliedOn']);
    return findUsdRate(options.usdRates, typeof currency === 'string' ? currency : 'USD', typeof appliedOn === 'string' ? appliedOn : asOf());
  }

  /** A row's computed total and US-dollar value, from its own fields and the rate of the moment. */
  function computeRow(index: number): void {
    const row = listOf('specs')[index];
    if (row === null || typeof row !== 'object') return;
    const definition = getGoodsClass(goodsClass);
    const field = definition?.totalField ?? 'totalPrice';
    if (definition?.rowTotal !== 'entered') set(['specs', index, field], rowTotal(row as SpecRow, goodsClass));
    if (definition?.usdValue) {
      const total = getIn(values, ['specs', index, 'totalValue']);
      const rate = usdRate();
      set(['specs', index, 'totalValueUsd'], rate !== undefined && typeof total === 'string' ? convertToUsd(total, { rate }) : undefined);
    }
  }

  /** The rows' empty 总值折美元 filled at the rate of the moment, exactly as core's `fillComputedFields` (and so `check`) fills them. */
  function withUsdValues(target: Rec): Rec {
    const rate = usdRate();
    const rows = getIn(target, ['specs']);
    if (rate === undefined || getGoodsClass(goodsClass)?.usdValue !== true || !Array.isArray(rows)) return target;
    // A loaded record is anything: rows that are not objects are read as empty ones.
    const specs = rows.map((row) => (row !== null && typeof row === 'object' && !Array.isArray(row) ? withoutBlanks(row) : {})) as SpecRow[];
    const goods = getIn(target, ['goods']);
    const app = { goods: goods !== null && typeof goods === 'object' ? withoutBlanks(goods) : {}, specs } as ExportLicenceApplication;
    const filled = fillComputedFields(app, { goodsClass, usdRate: rate }).specs ?? [];
    let out = target;
    rows.forEach((row, index) => {
      const usd = filled[index]?.totalValueUsd;
      if (row !== null && typeof row === 'object' && !Array.isArray(row) && isBlank((row as Rec)['totalValueUsd']) && usd !== undefined) out = setIn(out, ['specs', index, 'totalValueUsd'], usd) as Rec;
    });
    return out;
  }

  /** 总值折美元 of every row again (the currency or the application date, hence the rate, changed). */
  function recomputeUsd(changed: Set<string>): void {
    if (getGoodsClass(goodsClass)?.usdValue !== true) return;
    listOf('specs').forEach((_, index) => {
      computeRow(index);
      changed.add(`specs.${index}.totalValueUsd`);
    });
  }

  /**
   * 有效截止日期 follows 申请日期 while it still holds the default of the previous date (the user has not chosen
   * another); a date the user chose stays.
   */
  function followAppliedOn(before: unknown, changed: Set<string>): void {
    const year = Number(getIn(values, ['year']));
    const licenceYear = Number.isInteger(year) ? year : undefined;
    const validUntil = getIn(values, ['validUntil']);
    const wasDefault = typeof before === 'string' ? defaultValidUntil(before, licenceYear) : undefined;
    if (wasDefault === undefined || validUntil !== wasDefault) return;
    const appliedOn = getIn(values, ['other', 'appliedOn']);
    const next = typeof appliedOn === 'string' ? defaultValidUntil(appliedOn, licenceYear) : undefined;
    if (next === undefined) return;
    set(['validUntil'], next);
    changed.add('validUntil');
  }

  function computeTotals(): void {
    const specs = listOf('specs').filter((row): row is SpecRow => row !== null && typeof row === 'object');
    set(['goods', 'totalQuantity'], goodsTotalQuantity(specs, goodsClass));
    set(['goods', 'totalAmount'], goodsTotalAmount(specs, goodsClass));
  }

  /** Rows keep the columns of the new class only (the table changes shape), and every total is computed again. */
  function reshapeRows(): void {
    const columns = new Set(specColumnKeys(getGoodsClass(goodsClass)));
    const rows = listOf('specs').map((row) => {
      if (row === null || typeof row !== 'object') return row;
      const kept: Rec = {};
      for (const key of Object.keys(row)) if (columns.has(key)) setOwn(kept, key, (row as Rec)[key]);
      return kept;
    });
    set(['specs'], rows);
    rows.forEach((_, index) => computeRow(index));
    computeTotals();
  }

  // ---- fields ---------------------------------------------------------------------------------

  let goodsClass: GoodsClass | null = null;
  let paths: string[] = [];
  let pathSet = new Set<string>();
  const touched = new Set<string>();
  const lookups = new Map<string, LookupState>();
  const pending = new Set<string>();
  let byField = new Map<string, readonly Violation[]>();
  let required = new Set<string>();
  let fields: Record<string, FieldSnapshot> = {};
  let checked: Checked | undefined;

  const statusOf = (): Status => {
    const status = getIn(values, ['status']);
    return (STATUSES as readonly unknown[]).includes(status) ? (status as Status) : 'draft';
  };

  function isGrey(path: string, meta: FieldMeta): boolean {
    if (path === 'goods.hsCode') return false;
    if (path === 'goods.goodsClass') return catalogEntry() !== undefined && classOptions().length <= 1;
    if (path.startsWith('attachments.')) return true;
    if (meta.path === 'specs[].totalValue') return getGoodsClass(goodsClass)?.rowTotal !== 'entered';
    if (meta.source === 'account') return account !== undefined;
    return meta.source === 'server' || meta.source === 'computed' || meta.source === 'catalog';
  }

  function isHidden(path: string, value: unknown): boolean {
    if (!isBlank(value) && !(Array.isArray(value) && value.length === 0)) return false;
    switch (path) {
      case 'goods.approvalNo':
        return goodsClass !== 'ods';
      case 'goods.certificateNo':
        return goodsClass !== 'naturalSand';
      case 'other.printTerminal':
        return getIn(values, ['other', 'extendedPrinting']) !== true;
      case 'other.remotePrintingAuthority':
        return getIn(values, ['other', 'remotePrinting']) !== true;
      case 'producers':
      case 'qualityCertificateNos':
        return goodsClass !== 'steel';
      default:
        return false;
    }
  }

  function lookupTable(path: string, meta: FieldMeta): CodeTableName | 'catalog' | undefined {
    if (path === 'goods.hsCode') return 'catalog';
    return meta.table;
  }

  function display(table: CodeTableName | 'catalog', value: unknown): LocalizedText | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    if (table === 'catalog') {
      const entry = catalogEntry();
      return entry ? { zh: entry.name, en: entry.nameEn ?? entry.name } : undefined;
    }
    const entry = findCode(table, value);
    return entry ? { zh: entry.name, en: entry.nameEn ?? entry.name } : undefined;
  }

  function optionsOf(path: string, meta: FieldMeta): readonly FieldOption[] | undefined {
    if (path === 'goods.goodsClass') return classOptions();
    if (meta.type === 'boolean') return YES_NO;
    if (goodsClass === 'coke' && meta.path === 'specs[].spec') return COKE_GRADE_OPTIONS;
    return undefined;
  }

  function stateOf(path: string, meta: FieldMeta, value: unknown, violations: readonly Violation[]): FieldState {
    if (isGrey(path, meta)) return 'grey';
    if (violations.length === 0 && isHidden(path, value)) return 'hidden';
    return required.has(path) ? 'required' : 'optional';
  }

  function buildField(path: string): FieldSnapshot {
    const meta = metaOf(path)!;
    const value = getIn(values, splitPath(path));
    const grey = isGrey(path, meta);
    const violations = grey ? NO_VIOLATIONS : (byField.get(path) ?? NO_VIOLATIONS);
    const table = lookupTable(path, meta);
    let lookup: LookupSnapshot | undefined;
    if (table) {
      const state = lookups.get(path) ?? CLOSED;
      const shown = display(table, value);
      lookup = { table, ...state, ...(shown ? { display: shown } : {}) };
    }
    const choices = optionsOf(path, meta);
    const first = violations.find((violation) => violation.severity === 'error') ?? violations[0];
    return {
      path,
      meta,
      label: meta.label,
      value,
      state: stateOf(path, meta, value, violations),
      ...(lookup ? { lookup } : {}),
      ...(choices ? { options: choices } : {}),
      violations,
      ...(first ? { prompt: first.message[lang] } : {}),
      touched: touched.has(path),
      checking: pending.has(path),
    };
  }

  // ---- snapshot -------------------------------------------------------------------------------

  const listeners = new Set<() => void>();
  let snapshot: FormSnapshot;
  let version = 0;

  function specTable(): SpecTable {
    const definition = getGoodsClass(goodsClass);
    const keys = specColumnKeys(definition);
    const rows = listOf('specs').map((_, index) => Object.fromEntries(keys.map((key) => [key, `specs.${index}.${key}`])) as Record<string, string>);
    const columns: SpecColumn[] = keys.map((key) => {
      const meta = metaOf(`specs.0.${key}`)!;
      const states = rows.map((row) => fields[row[key]!]?.state);
      const state = rows.length > 0 ? (states.every((s) => s === 'grey') ? 'grey' : states.some((s) => s === 'required') ? 'required' : 'optional') : isGrey(`specs.0.${key}`, meta) ? 'grey' : 'optional';
      const choices = optionsOf(`specs.0.${key}`, meta);
      return { key, label: meta.label, meta, state, ...(choices && meta.type !== 'boolean' ? { options: choices } : {}) };
    });
    const totalQuantity = getIn(values, ['goods', 'totalQuantity']);
    const totalAmount = getIn(values, ['goods', 'totalAmount']);
    const maxRows = definition?.maxRows ?? GOODS_CLASS_REGISTRY[0].maxRows;
    return {
      columns,
      rows,
      maxRows,
      canAddRow: rows.length < maxRows && statusEditable(),
      ...(typeof totalQuantity === 'string' ? { totalQuantity } : {}),
      ...(typeof totalAmount === 'string' ? { totalAmount } : {}),
    };
  }

  function withTotals(table: SpecTable): SpecTable {
    const { totalQuantity: _q, totalAmount: _a, ...rest } = table;
    const totalQuantity = getIn(values, ['goods', 'totalQuantity']);
    const totalAmount = getIn(values, ['goods', 'totalAmount']);
    return { ...rest, ...(typeof totalQuantity === 'string' ? { totalQuantity } : {}), ...(typeof totalAmount === 'string' ? { totalAmount } : {}) };
  }

  const statusEditable = () => canPerform(statusOf(), 'save');

  function reason(kind: BlockingReason['kind'], message: LocalizedText, extra: { rule?: string; path?: string } = {}): BlockingReason {
    return { kind, ...extra, message, text: message[lang] };
  }

  function fieldKeyFor(path: readonly (string | number)[]): string | undefined {
    for (let n = path.length; n > 0; n -= 1) {
      const key = path.slice(0, n).join('.');
      if (pathSet.has(key)) return key;
    }
    return undefined;
  }

  function violationReasons(violations: readonly Violation[]): BlockingReason[] {
    const reasons: BlockingReason[] = [];
    for (const violation of violations) {
      if (violation.severity !== 'error') continue;
      const key = fieldKeyFor(violation.path);
      const meta = key ? metaOf(key) : undefined;
      const path = key && meta && isGrey(key, meta) ? explainGrey(key, meta, account !== undefined).fixAt : key;
      reasons.push(reason('violation', violation.message, { rule: violation.rule, ...(path ? { path } : {}) }));
    }
    return reasons;
  }

  function statusReason(operation: 'save' | 'declare'): BlockingReason[] {
    const status = statusOf();
    if (canPerform(status, operation)) return [];
    const label = STATUS_LABELS[status];
    return [
      reason('status', {
        zh: `申请单状态为“${label.zh}”，不能${OPERATION_LABELS[operation].zh}`,
        en: `The application is ${label.en}; it cannot be ${operation === 'save' ? 'edited or saved' : 'declared'} in this status.`,
      }),
    ];
  }

  const CHECKING: LocalizedText = { zh: '正在检查刚才的修改，请稍候', en: 'The latest changes are being checked; wait a moment.' };

  function compose(): FormSnapshot {
    const waiting = pending.size > 0 ? [reason('checking', CHECKING)] : [];
    const saveBlockers = [...waiting, ...statusReason('save'), ...(checked ? violationReasons(checked.save) : [])];
    const declareBlockers = [...waiting, ...statusReason('declare'), ...(checked ? violationReasons(checked.declare) : [])];
    const shown = checked?.shown ?? NO_VIOLATIONS;
    const systemViolations: SystemViolation[] = [];
    const formViolations: Violation[] = [];
    for (const violation of shown) {
      const key = fieldKeyFor(violation.path);
      const meta = key ? metaOf(key) : undefined;
      if (!key || !meta) formViolations.push(violation);
      else if (isGrey(key, meta)) systemViolations.push({ violation, ...explainGrey(key, meta, account !== undefined) });
    }
    const definition = getGoodsClass(goodsClass);
    const visible = (path: string) => fields[path] !== undefined && fields[path].state !== 'hidden';
    return {
      version: (version += 1),
      lang,
      phase,
      status: statusOf(),
      editable: statusEditable(),
      fields,
      goodsClass,
      ...(definition ? { goodsClassDefinition: definition } : {}),
      sections: sectionsFor(goodsClass, paths, visible),
      specs: specTable(),
      producers: listOf('producers').map((_, index) => ({ name: `producers.${index}.name`, uscc: `producers.${index}.uscc` })),
      qualityCertificateNos: listOf('qualityCertificateNos').map((_, index) => `qualityCertificateNos.${index}`),
      attachments: listOf('attachments') as Attachment[],
      violations: shown,
      systemViolations,
      formViolations,
      canSave: saveBlockers.length === 0,
      saveBlockers,
      canDeclare: declareBlockers.length === 0,
      declareBlockers,
      checking: pending.size > 0,
      dirty: values !== baseline,
    };
  }

  function notify(): void {
    for (const listener of [...listeners]) listener();
  }

  /** The whole form again: after a change of shape (rows, goods class, a load) or of language. */
  function rebuildAll(): void {
    goodsClass = classOf();
    const counts = Object.fromEntries(LISTS.map((name) => [name, listOf(name).length])) as Record<ListName, number>;
    paths = fieldPaths(counts, getGoodsClass(goodsClass));
    pathSet = new Set(paths);
    const next: Record<string, FieldSnapshot> = {};
    for (const path of paths) next[path] = buildField(path);
    fields = next;
    snapshot = compose();
    notify();
  }

  /**
   * One keystroke's worth: the changed fields rebuilt, the rest shared with the previous snapshot.
   * The sections and the spec table are recomputed only when a field they show changed state or a total moved.
   */
  function refresh(changed: Iterable<string>): void {
    const next = { ...fields };
    let shapeMoved = false;
    for (const path of changed) {
      if (!pathSet.has(path)) continue;
      const field = buildField(path);
      if (fields[path]?.state !== field.state) shapeMoved = true;
      next[path] = field;
    }
    fields = next;
    const previous = snapshot;
    const waiting = [reason('checking', CHECKING)];
    const totalsMoved = changedSpecs.size > 0;
    snapshot = {
      ...previous,
      version: (version += 1),
      fields,
      ...(shapeMoved ? { sections: sectionsFor(goodsClass, paths, (path) => fields[path] !== undefined && fields[path].state !== 'hidden') } : {}),
      // A row's value moves the totals only; the table's columns and row paths move with its shape or a check.
      ...(shapeMoved ? { specs: specTable() } : totalsMoved ? { specs: withTotals(previous.specs) } : {}),
      checking: pending.size > 0,
      dirty: values !== baseline,
      // Edits not yet checked block saving and declaring until the check (or flush) has run.
      ...(pending.size > 0 && !previous.checking
        ? { canSave: false, saveBlockers: [...waiting, ...previous.saveBlockers], canDeclare: false, declareBlockers: [...waiting, ...previous.declareBlockers] }
        : {}),
    };
    changedSpecs.clear();
    notify();
  }
  const changedSpecs = new Set<number>();

  // ---- checks ---------------------------------------------------------------------------------

  let cancelTimer: (() => void) | undefined;
  let firstPendingAt: number | undefined;

  function schedule(): void {
    const now = scheduler.now();
    firstPendingAt ??= now;
    cancelTimer?.();
    const wait = Math.min(debounceMs, Math.max(0, firstPendingAt + maxWaitMs - now));
    cancelTimer = scheduler.schedule(runCheck, wait);
  }

  /** The rules over the whole application, once: what every field shows, and what blocks saving and declaring. */
  function runCheck(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    firstPendingAt = undefined;
    const app = application();
    const base = checkOptions();
    const shown = check(app, { ...base, phase });
    const declare = phase === 'declare' ? shown : check(app, { ...base, phase: 'declare' });
    checked = { shown: shown.violations, save: phase === 'save' ? shown.violations : saveViolations(declare, app, base), declare: declare.violations };
    const nextRequired = new Set(requiredFields(app, { asOf: base.asOf!, catalog, ruleSet, phase: 'declare' }).map((path) => path.join('.')));
    const nextByField = new Map<string, Violation[]>();
    for (const violation of shown.violations) {
      const key = fieldKeyFor(violation.path);
      if (key === undefined) continue;
      let list = nextByField.get(key);
      if (!list) nextByField.set(key, (list = []));
      list.push(violation);
    }
    // Only the fields whose violations, requirement or checking flag moved get a new snapshot object.
    const changed: string[] = [];
    for (const path of paths) {
      const before = byField.get(path) ?? NO_VIOLATIONS;
      const after = nextByField.get(path) ?? NO_VIOLATIONS;
      if (pending.has(path) || required.has(path) !== nextRequired.has(path) || !sameViolations(before, after)) changed.push(path);
    }
    byField = nextByField;
    required = nextRequired;
    pending.clear();
    if (changed.length > 0) {
      const next = { ...fields };
      for (const path of changed) next[path] = buildField(path);
      fields = next;
    }
    snapshot = compose();
    notify();
  }

  /**
   * What blocks saving: the declare check's violations of the save-phase rules (format checks and the
   * rules marked `save`), which are exactly the save check's unless the list was cut at its limit;
   * then the save check itself runs.
   */
  function saveViolations(declare: CheckResult, app: ExportLicenceApplication, base: CheckOptions): readonly Violation[] {
    if (declare.violations.some((violation) => violation.rule === 'check.moreViolations')) return check(app, { ...base, phase: 'save' }).violations;
    return declare.violations.filter((violation) => violation.rule.startsWith('format.') || savePhaseRules.has(violation.rule));
  }
  const savePhaseRules = new Set(ruleSet.rules.filter((rule) => rule.phase === 'save').map((rule) => rule.id));

  function sameViolations(a: readonly Violation[], b: readonly Violation[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) {
      const x = a[i]!;
      const y = b[i]!;
      if (x.rule !== y.rule || x.severity !== y.severity || x.message.zh !== y.message.zh || x.message.en !== y.message.en || x.path.join('.') !== y.path.join('.')) return false;
    }
    return true;
  }

  // ---- actions --------------------------------------------------------------------------------

  function assertEditable(path?: string): void {
    if (!statusEditable()) {
      const status = statusOf();
      throw new FormError('notEditable', `the application is ${STATUS_LABELS[status].en} (${STATUS_LABELS[status].zh}); only a draft, a returned or a withdrawn application can be edited`, path);
    }
  }

  function fieldFor(path: unknown): { path: string; meta: FieldMeta } {
    if (typeof path !== 'string' || !pathSet.has(path)) throw new FormError('unknownField', `the form has no field ${describe(path)}; paths are keys and row numbers joined by dots, e.g. "goods.hsCode" or "specs.0.quantity"`);
    return { path, meta: metaOf(path)! };
  }

  /** After an edit: totals, the catalog, the class; then the changed fields or the whole form, and a check later. */
  function edited(changedPaths: Set<string>, shapeMaybeMoved: boolean): void {
    for (const path of changedPaths) pending.add(path);
    const classBefore = goodsClass;
    goodsClass = classOf();
    schedule();
    if (shapeMaybeMoved || goodsClass !== classBefore) {
      if (goodsClass !== classBefore) reshapeRows();
      rebuildAll();
      return;
    }
    refresh(changedPaths);
  }

  function setValue(path: string, value: unknown): void {
    const field = fieldFor(path);
    assertEditable(path);
    if ((LISTS as readonly string[]).includes(path)) throw new FormError('notEditable', `${path} is a list: use addRow/removeRows, addProducer/removeProducer, addCertificate/removeCertificate or setAttachments`, path);
    if (isGrey(path, field.meta)) throw new FormError('notEditable', `${path} (${field.meta.label.en}) is filled by the system and cannot be set`, path);
    const copy = copyJson(value);
    const segments = splitPath(path);
    const before = getIn(values, segments);
    set(segments, isBlank(copy) ? undefined : copy);
    touched.add(path);
    const changed = new Set([path]);
    if (path === 'other.appliedOn') followAppliedOn(before, changed);
    if ((path === 'other.appliedOn' || path === 'goods.priceCurrency') && options.usdRates !== undefined) recomputeUsd(changed);
    if (path === 'goods.hsCode' || path === 'goods.goodsClass') {
      if (path === 'goods.hsCode') applyCatalog();
      for (const key of ['goods.categoryCode', 'goods.name', 'goods.unit', 'goods.goodsClass', 'contract.unit']) changed.add(key);
    } else if (segments[0] === 'specs' && typeof segments[1] === 'number') {
      const index = segments[1];
      computeRow(index);
      computeTotals();
      changedSpecs.add(index);
      for (const key of ['totalPrice', 'totalValue', 'totalValueUsd']) changed.add(`specs.${index}.${key}`);
      changed.add('goods.totalQuantity').add('goods.totalAmount');
    } else if (path === 'other.extendedPrinting') {
      changed.add('other.printTerminal');
    } else if (path === 'other.remotePrinting') {
      changed.add('other.remotePrintingAuthority');
    }
    edited(changed, false);
  }

  function setLookup(path: string, state: LookupState): void {
    lookups.set(path, state);
    refresh([path]);
  }

  function suggestionsFor(table: CodeTableName | 'catalog', query: string): LookupSuggestion[] {
    const text = query.trim();
    if (table === 'catalog') {
      const entries = text === '' ? catalog.entries.slice(0, limit) : catalog.search(text, { limit });
      // The same code in several catalog years is one suggestion.
      const seen = new Set<string>();
      return entries
        .filter((entry) => !seen.has(entry.hsCode) && seen.add(entry.hsCode))
        .map((entry) => ({ code: entry.hsCode, name: entry.name, ...(entry.nameEn ? { nameEn: entry.nameEn } : {}), detail: [entry.categoryCode, entry.unit].filter(Boolean).join(' ') }));
    }
    const entries = text === '' ? getCodeTable(table).entries.slice(0, limit) : searchCodeTable(table, text, { limit });
    return entries.map((entry) => ({ code: entry.code, name: entry.name, ...(entry.nameEn ? { nameEn: entry.nameEn } : {}) }));
  }

  function lookupField(path: string): { path: string; table: CodeTableName | 'catalog' } {
    const field = fieldFor(path);
    const table = lookupTable(path, field.meta);
    if (!table || isGrey(path, field.meta)) throw new FormError('notEditable', `${path} (${field.meta.label.en}) is not a lookup the user can use`, path);
    return { path, table };
  }

  function search(path: string, query: string): void {
    const { table } = lookupField(path);
    assertEditable(path);
    const text = typeof query === 'string' ? query.slice(0, 200) : '';
    const suggestions = suggestionsFor(table, text);
    setLookup(path, { query: text, open: true, suggestions, active: suggestions.length > 0 ? 0 : -1 });
  }

  function pick(path: string, index?: number): void {
    lookupField(path);
    const state = lookups.get(path) ?? CLOSED;
    const chosen = index ?? state.active;
    const suggestion = state.suggestions[chosen];
    if (!suggestion) {
      if (index !== undefined) throw new FormError('badIndex', `${path} has no suggestion ${String(index)} (it lists ${state.suggestions.length})`, path);
      return;
    }
    lookups.set(path, CLOSED);
    setValue(path, suggestion.code);
  }

  function lookupKey(path: string, key: string): boolean {
    const { table } = lookupField(path);
    const state = lookups.get(path) ?? CLOSED;
    switch (key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!state.open) {
          search(path, state.query);
          return true;
        }
        const last = state.suggestions.length - 1;
        const active = key === 'ArrowDown' ? Math.min(state.active + 1, last) : Math.max(state.active - 1, last < 0 ? -1 : 0);
        if (active !== state.active) setLookup(path, { ...state, active });
        return true;
      }
      case 'Enter':
        if (!state.open || state.active < 0) return false;
        pick(path);
        return true;
      case 'Escape':
        if (!state.open) return false;
        setLookup(path, CLOSED);
        return true;
      case ' ':
        // The manual: the space key opens the whole list when nothing is typed yet.
        if (state.open && state.query !== '') return false;
        assertEditable(path);
        setLookup(path, { query: '', open: true, suggestions: suggestionsFor(table, ''), active: 0 });
        return true;
      default:
        return false;
    }
  }

  function closeLookup(path: string): void {
    lookupField(path);
    if ((lookups.get(path) ?? CLOSED).open) setLookup(path, CLOSED);
  }

  /** Moves per-path state (touched, lookups) of a list's items after items were removed. */
  function renumber(list: ListName, removed: ReadonlySet<number>): void {
    const remap = (path: string): string | null => {
      const match = new RegExp(`^${list}\\.(\\d+)(.*)$`).exec(path);
      if (!match) return path;
      const index = Number(match[1]);
      if (removed.has(index)) return null;
      const shift = [...removed].filter((gone) => gone < index).length;
      return `${list}.${index - shift}${match[2]}`;
    };
    const keptTouched = [...touched].map(remap).filter((path): path is string => path !== null);
    touched.clear();
    keptTouched.forEach((path) => touched.add(path));
    const keptLookups = [...lookups].map(([path, state]) => [remap(path), state] as const).filter((entry): entry is [string, LookupState] => entry[0] !== null);
    lookups.clear();
    for (const [path, state] of keptLookups) lookups.set(path, state);
    const keptPending = [...pending].map(remap).filter((path): path is string => path !== null);
    pending.clear();
    keptPending.forEach((path) => pending.add(path));
    // Violations were found at the old row numbers: they wait for the next check rather than show on the wrong rows.
    byField = new Map([...byField].filter(([path]) => !path.startsWith(`${list}.`)));
  }

  function addTo(list: ListName, item: unknown): void {
    assertEditable();
    const items = listOf(list);
    set([list], [...items, item]);
    pending.add(list);
    if (list === 'specs') {
      computeRow(items.length);
      computeTotals();
    }
    schedule();
    rebuildAll();
  }

  function removeFrom(list: ListName, indices: readonly number[]): void {
    assertEditable();
    const items = listOf(list);
    for (const index of indices) {
      if (!Number.isInteger(index) || index < 0 || index >= items.length) throw new FormError('badIndex', `${list} has no item ${String(index)} (it has ${items.length})`, list);
    }
    const removed = new Set(indices);
    set([list], items.filter((_, index) => !removed.has(index)));
    renumber(list, removed);
    pending.add(list);
    if (list === 'specs') computeTotals();
    schedule();
    rebuildAll();
  }

  const textOrBlank = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

  const form: ApplicationForm = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    getField: (path) => (pathSet.has(path) ? fields[path] : undefined),
    setValue,
    touch(path) {
      fieldFor(path);
      if (touched.has(path)) return;
      touched.add(path);
      refresh([path]);
    },
    search,
    lookupKey,
    pick,
    closeLookup,
    addRow(row) {
      const maxRows = getGoodsClass(goodsClass)?.maxRows ?? GOODS_CLASS_REGISTRY[0].maxRows;
      if (listOf('specs').length >= maxRows) throw new FormError('rowLimit', `at most ${maxRows} spec rows for this goods class (规格型号最多${maxRows}条)`, 'specs');
      const copy = copyJson(row ?? {});
      const columns = new Set(specColumnKeys(getGoodsClass(goodsClass)));
      const kept: Rec = {};
      if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) for (const key of Object.keys(copy)) if (columns.has(key)) setOwn(kept, key, (copy as Rec)[key]);
      addTo('specs', kept);
    },
    removeRows: (indices) => removeFrom('specs', indices),
    addProducer(producer) {
      const item: Rec = {};
      const name = textOrBlank(producer?.name);
      const uscc = textOrBlank(producer?.uscc);
      if (name !== undefined) setOwn(item, 'name', name);
      if (uscc !== undefined) setOwn(item, 'uscc', uscc);
      addTo('producers', item);
    },
    removeProducer: (index) => removeFrom('producers', [index]),
    addCertificate: (no) => addTo('qualityCertificateNos', textOrBlank(no) ?? ''),
    removeCertificate: (index) => removeFrom('qualityCertificateNos', [index]),
    setAttachments(attachments) {
      // The attachment list follows the Single Window in every status (uploads are their own operation).
      set(['attachments'], Array.isArray(attachments) ? copyJson(attachments) : []);
      byField = new Map([...byField].filter(([path]) => !path.startsWith('attachments')));
      pending.add('attachments');
      schedule();
      rebuildAll();
    },
    load(record) {
      const copy = copyJson(record);
      baseline = copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Rec) : {};
      values = baseline;
      // A record the user may still edit (an ERP's, an earlier year's) gets the account's enterprise where it has none: then it is dirty.
      if (statusEditable()) values = withAccountParties(values);
      goodsClass = classOf();
      // …and 总值折美元 where a row has none and a rate applies, as check() would fill it.
      if (statusEditable()) values = withUsdValues(values);
      touched.clear();
      lookups.clear();
      pending.clear();
      byField = new Map();
      goodsClass = classOf();
      cancelTimer?.();
      cancelTimer = undefined;
      firstPendingAt = undefined;
      rebuildAll();
      runCheck();
    },
    setLang(next) {
      if (next !== 'zh' && next !== 'en') throw new FormError('badOption', `lang must be "zh" or "en", not ${describe(next)}`);
      if (next === lang) return;
      lang = next;
      rebuildAll();
    },
    flush() {
      if (pending.size > 0 || cancelTimer) runCheck();
    },
    toApplication: () => copyJson(application()) as ExportLicenceApplication,
    dispose() {
      cancelTimer?.();
      cancelTimer = undefined;
      listeners.clear();
    },
  };

  goodsClass = classOf();
  rebuildAll();
  runCheck();
  return form;
}
