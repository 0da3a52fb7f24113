// The application form's state for the screen 许可证申请: the application being edited, the checks of
// @exlic/rules over it (debounced), what is mandatory now, the goods class and its spec-row columns,
// the prompts beside each field and the list of what blocks declaring.
// TODO(form-ready): replaced by @exlic/form's controller once that package is merged; this module is the
// only place the screen reads form state from, so the swap stays here.
import { FIELDS, allowedGoodsClasses, getBundledCatalog, getGoodsClass, todayIsoDate, type CatalogEntry, type FieldMeta, type GoodsClass } from '@exlic/core';
import type { ApplicationRecord, Me } from '@exlic/client';
import { check, requiredFields, type Violation } from '@exlic/rules';
import { computed, reactive, ref, shallowRef, watch } from 'vue';

export const catalog = getBundledCatalog();
const CHECK_DELAY_MS = 80;

/** Sources whose fields the user never types: shown grey (返填项). The commodity code is the catalog's lookup, so it stays editable. */
const SYSTEM_SOURCES = new Set(['account', 'server', 'computed', 'catalog']);

/** True for a grey field: filled by the account, the server, the catalog or a computation. */
export function isSystemField(meta: FieldMeta): boolean {
  return SYSTEM_SOURCES.has(meta.source) && meta.path !== 'goods.hsCode';
}

/** The metadata of a dotted path (`specs.0.quantity` → `specs[].quantity`). */
export function metaOf(path: string): FieldMeta | undefined {
  const generic = path.replace(/\.\d+(?=\.|$)/g, '[]');
  return FIELDS.find((meta) => meta.path === generic);
}

/** The value at a dotted path of a plain object, or undefined. */
export function getPath(target: unknown, path: string): unknown {
  let value: unknown = target;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Sets the value at a dotted path, creating objects on the way; '' or undefined removes the key. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let object = target;
  for (const key of keys) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    const next = object[key];
    if (next === null || typeof next !== 'object') object[key] = {};
    object = object[key] as Record<string, unknown>;
  }
  if (value === '' || value === undefined) delete object[last];
  else object[last] = value;
}

/** A fresh application: the portal's defaults (USD, 千克, 一般贸易, the issuing authority…), today's year and the account's enterprise. */
export function blankApplication(me: Me | undefined): Record<string, unknown> {
  const today = todayIsoDate();
  const application: Record<string, unknown> = { schemaVersion: 1, year: Number(today.slice(0, 4)), specs: [{}] };
  for (const meta of FIELDS) {
    if (meta.defaultValue === undefined || meta.path.includes('[]') || meta.source === 'server' || meta.path === 'schemaVersion') continue;
    setPath(application, meta.path, meta.defaultValue);
  }
  setPath(application, 'other.appliedOn', today);
  if (me) for (const party of ['exporter', 'consignor']) application[party] = { ...me.enterprise };
  return application;
}

/** What a prompt needs of a violation, whether the rules here or the server reported it. */
export type ShownViolation = Pick<Violation, 'rule' | 'path' | 'severity' | 'message'>;

/** One item of the list of what blocks declaring: its field, and the message. */
export interface Blocker {
  readonly path: string;
  readonly violation: ShownViolation;
}

/** The form state of one application. */
export function createFormModel() {
  const application = ref<Record<string, unknown>>(blankApplication(undefined));
  const record = shallowRef<ApplicationRecord | undefined>(undefined);
  const result = shallowRef(check(application.value, { phase: 'declare', profile: 'test' }));
  const required = shallowRef(new Set<string>());
  const serverViolations = shallowRef<readonly ShownViolation[]>([]);
  /** Fields the user typed in: their prompts show at once; the rest after a save or a declare attempt. */
  const touched = reactive(new Set<string>());
  const showAll = ref(false);
  const dirty = ref(false);

  function recheck(): void {
    const options = { phase: 'declare', profile: 'test', asOf: todayIsoDate() } as const;
    result.value = check(application.value, options);
    required.value = new Set(requiredFields(application.value, options).map((path) => path.join('.')));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  function scheduleCheck(): void {
    clearTimeout(timer);
    timer = setTimeout(recheck, CHECK_DELAY_MS);
  }
  watch(application, scheduleCheck, { deep: true });
  recheck();

  const catalogEntry = computed<CatalogEntry | undefined>(() => {
    const code = getPath(application.value, 'goods.hsCode');
    return typeof code === 'string' ? catalog.find(code) : undefined;
  });
  /** The goods class: the one chosen (when the code serves several) or the catalog's. */
  const goodsClass = computed<GoodsClass | undefined>(() => (result.value.goodsClass as GoodsClass | undefined) ?? catalogEntry.value?.goodsClass);
  const classChoices = computed<readonly GoodsClass[]>(() => (catalogEntry.value ? allowedGoodsClasses(catalogEntry.value) : []));
  const classLabel = computed(() => (goodsClass.value ? getGoodsClass(goodsClass.value)?.label : undefined));

  /** Local violations first, then the server's ones the rules here did not find. */
  const violations = computed<readonly ShownViolation[]>(() => {
    const local = result.value.violations;
    return [...local, ...serverViolations.value.filter((server) => !local.some((mine) => mine.rule === server.rule && mine.path.join('.') === server.path.join('.')))];
  });
  const errors = computed(() => violations.value.filter((violation) => violation.severity === 'error'));

  function isShown(path: string): boolean {
    if (showAll.value) return true;
    for (const key of touched) if (path === key || path.startsWith(`${key}.`) || key.startsWith(`${path}.`)) return true;
    return false;
  }

  /** What blocks declaring, in form order, each with the field it belongs to. */
  const blockers = computed<readonly Blocker[]>(() => errors.value.map((violation) => ({ path: violation.path.join('.'), violation })));

  return {
    application,
    record,
    result,
    required,
    serverViolations,
    touched,
    showAll,
    dirty,
    catalogEntry,
    goodsClass,
    classChoices,
    classLabel,
    violations,
    errors,
    blockers,
    isShown,
    recheck,
    /** Sets a field the user typed in. */
    set(path: string, value: unknown): void {
      setPath(application.value, path, value);
      touched.add(path);
      dirty.value = true;
    },
    /** Loads a stored record (an opened row, a saved draft). */
    load(next: ApplicationRecord): void {
      record.value = next;
      application.value = JSON.parse(JSON.stringify(next.application)) as Record<string, unknown>;
      serverViolations.value = [];
      dirty.value = false;
      recheck();
    },
    /** Starts a new application for the account. */
    reset(me: Me | undefined): void {
      record.value = undefined;
      application.value = blankApplication(me);
      serverViolations.value = [];
      touched.clear();
      showAll.value = false;
      dirty.value = false;
      recheck();
    },
  };
}

/** The form state the screen uses. */
export type FormModel = ReturnType<typeof createFormModel>;
