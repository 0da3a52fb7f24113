import type { Attachment, Catalog, CodeTableName, ExportLicenceApplication, FieldMeta, GoodsClass, GoodsClassDefinition, Status, UsdRateTable } from '@exlic/core';
import type { LocalizedText, Phase, Profile, RuleSet, Violation } from '@exlic/rules';
import type { FormScheduler } from './scheduler';

/** The language a form shows its labels, prompts and reasons in. */
export type FormLang = 'zh' | 'en';

/**
 * What the user may do with a field now:
 * - `required`: must be filled to declare (the portal's yellow fields);
 * - `optional`: may be filled;
 * - `grey`: filled by the system (the account, the catalog, the Single Window or a computation); not editable;
 * - `hidden`: does not apply to this application (another goods class's field, a switch that is off).
 */
export type FieldState = 'required' | 'optional' | 'grey' | 'hidden';

/** The logged-in user's enterprise and operator: the client's `me()` answer fits as it is. */
export interface FormAccount {
  /** The enterprise that becomes the exporter and the consignor (grey, back-filled). */
  readonly enterprise: {
    /** 企业代码 (13 characters). */
    readonly code?: string | undefined;
    /** 统一社会信用代码 (18 characters). */
    readonly uscc?: string | undefined;
    /** 企业名称. */
    readonly name?: string | undefined;
  };
  /** The operator; their name pre-fills 申领人姓名 when given. */
  readonly operator?:
    | {
        /** The operator's account id. */
        readonly id?: string | undefined;
        /** The operator's name: pre-fills 申领人姓名. */
        readonly name?: string | undefined;
      }
    | undefined;
}

/** Options of {@link createApplicationForm}. Every option is optional. */
export interface ApplicationFormOptions {
  /** The rule set the form checks with. @default getBundledRuleSet() */
  readonly rules?: RuleSet;
  /** The commodity catalog: the 商品代码 lookup, the back-filled name, unit and category, and the goods class. @default getBundledCatalog() */
  readonly catalog?: Catalog;
  /** The logged-in enterprise: exporter and consignor become grey and filled from it. Without it they are ordinary fields. */
  readonly account?: FormAccount;
  /** Which violations the fields show as the user types: `declare` (everything that blocks declaring) or `save` (only what blocks saving). @default 'declare' */
  readonly phase?: Phase;
  /** The language of labels, prompts and reasons. @default 'zh' */
  readonly lang?: FormLang;
  /** `test` (联调环境) makes credit-code check characters warnings, as `check` does. @default 'production' */
  readonly profile?: Profile;
  /** Today's date `YYYY-MM-DD`, or a clock that answers it (read at every check); the defaults (年度, 申请日期, 有效截止日期) use it. @default today (local time) */
  readonly asOf?: string | (() => string);
  /** US dollars per one unit of 单价币别, to fill vehicles' 总值折美元; never guessed, so without it (and without `usdRates`) that column stays empty. Wins over `usdRates`, as in `check`. */
  readonly usdRate?: string | number;
  /**
   * A rate table (core's `createUsdRateTable`, or `SANDBOX_USD_RATES` against the sandbox) to fill vehicles' 总值折美元
   * as the user types: the rate of 单价币别 in the month of 申请日期, exactly as `check({ usdRates })` fills it. A
   * currency or month the table lacks leaves the column empty. @default none: the server fills the column
   */
  readonly usdRates?: UsdRateTable;
  /** Quiet time after the last edit before the rules run, in milliseconds (at least one frame, 16). @default 120 */
  readonly debounceMs?: number;
  /** The longest the rules wait while the user keeps typing, in milliseconds. @default 1000 */
  readonly maxWaitMs?: number;
  /** Runs the debounced checks: inject {@link createManualScheduler} in tests. @default timers of the host (setTimeout) */
  readonly scheduler?: FormScheduler;
  /** How many suggestions a lookup lists. @default 10 */
  readonly suggestionLimit?: number;
}

/** One suggestion of a lookup: a code and its name. */
export interface LookupSuggestion {
  /** The code that picking it writes into the field (a table code, or a 10-digit commodity code). */
  readonly code: string;
  /** The name in Chinese. */
  readonly name: string;
  /** The English name, where known. */
  readonly nameEn?: string;
  /** More to show beside the name (a commodity's category and unit). */
  readonly detail?: string;
}

/** A lookup field's list: what the user typed, the suggestions and which one the arrow keys have selected. */
export interface LookupSnapshot {
  /** The code table the field picks from, or `catalog` for 商品代码. */
  readonly table: CodeTableName | 'catalog';
  /** The text typed into the lookup (not yet the field's value). */
  readonly query: string;
  /** True while the suggestion list is open. */
  readonly open: boolean;
  /** The entries matching the query, best first (at most `suggestionLimit`). */
  readonly suggestions: readonly LookupSuggestion[];
  /** The index of the selected suggestion (up/down arrows move it; Enter picks it), or -1. */
  readonly active: number;
  /** The name of the field's current code, for showing `0110 一般贸易`. */
  readonly display?: LocalizedText;
}

/** A choice of an enumerated field (商品类别, a coke grade, a yes/no switch). */
export interface FieldOption {
  /** The value `setValue` takes for this choice. */
  readonly value: string | boolean;
  /** What to show, in Chinese and English. */
  readonly label: LocalizedText;
  /** More about the choice, where there is more (a coke grade's full specification as the manual gives it). */
  readonly detail?: string;
}

/** Everything a UI needs to render one field, as of the last change. Immutable; the same object until the field changes. */
export interface FieldSnapshot {
  /** The field's path, keys and row indices joined by dots: `goods.hsCode`, `specs.2.quantity`. */
  readonly path: string;
  /** Core's metadata of the field (type, source, lengths, table). */
  readonly meta: FieldMeta;
  /** The portal's label in Chinese and the SDK's English one. */
  readonly label: LocalizedText;
  /** The value as the form holds it: text as typed, `true`/`false` for switches, undefined when empty. */
  readonly value: unknown;
  /** Required now, optional, grey (system-filled) or hidden. */
  readonly state: FieldState;
  /** For lookup fields: the code table, the suggestions and the keyboard selection. */
  readonly lookup?: LookupSnapshot;
  /** For fields with a fixed set of values: the choices. */
  readonly options?: readonly FieldOption[];
  /** The rules' violations at this field (never on a grey field: those are in {@link FormSnapshot.systemViolations}). */
  readonly violations: readonly Violation[];
  /** The first violation's message in the form's language: the red prompt beside the field. */
  readonly prompt?: string;
  /** True once the user changed the field (a UI may wait for it before showing a prompt). */
  readonly touched: boolean;
  /** True when the field changed after the last check: its violations are from before the change. */
  readonly checking: boolean;
}

/** A violation at a grey (system-filled) field: the user cannot fix it there, so it is listed with what to do instead. */
export interface SystemViolation {
  /** The rules' violation, as `check` reports it. */
  readonly violation: Violation;
  /** Why the field is filled by the system and what the user can do about it. */
  readonly explanation: LocalizedText;
  /** The field the user can change to fix it (the commodity code, the spec rows, 有效截止日期), if any. */
  readonly fixAt?: string;
}

/** Why the form may not be saved or declared now: one reason per line, with the field to jump to. */
export interface BlockingReason {
  /** `violation`: a rule's error; `status`: the application's status does not allow it; `checking`: edits not yet checked. */
  readonly kind: 'violation' | 'status' | 'checking';
  /** The rule id for a violation. */
  readonly rule?: string;
  /** The field to jump to, if any (for a grey field's violation: the field that fixes it). */
  readonly path?: string;
  /** What blocks, in Chinese and English. */
  readonly message: LocalizedText;
  /** The message in the form's language. */
  readonly text: string;
}

/** A group of the form that applies to some goods classes only (or always), with the fields in it. */
export interface FormSection {
  /** `basic`, `goods`, `specs`, `odsApproval`, `sandCertificate`, `cokeGrade`, `vehicleBrand`, `producers`, `qualityCertificates`, `other`, `contractDetails`, `attachments`. */
  readonly id: string;
  /** The section's title, as the portal writes it. */
  readonly label: LocalizedText;
  /** What the section asks for, in the manual's words. */
  readonly hint?: LocalizedText;
  /** The paths of its fields (row fields included, in row order). */
  readonly fields: readonly string[];
}

/** A column of the spec-row table, as the goods class shapes it. */
export interface SpecColumn {
  /** The row key: `spec`, `unitPrice`, `brand`, `vin`, … */
  readonly key: string;
  /** The column's heading. */
  readonly label: LocalizedText;
  /** Core's metadata of the column's field (`specs[].key`). */
  readonly meta: FieldMeta;
  /** `grey` for computed columns; `required` when the rules require it in the rows now; else `optional`. */
  readonly state: Exclude<FieldState, 'hidden'>;
  /** The choices, where the column takes one of a fixed set (coke: the three grades). */
  readonly options?: readonly FieldOption[];
}

/** The spec-row table (规格型号信息): its columns, the row fields, the row limit and the totals. */
export interface SpecTable {
  /** The columns of the goods class's row shape, in the portal's order. */
  readonly columns: readonly SpecColumn[];
  /** One entry per row: column key → field path (`specs.0.quantity`). */
  readonly rows: readonly Readonly<Record<string, string>>[];
  /** The most rows the goods class allows (4, or 20 for vehicles). */
  readonly maxRows: number;
  /** False at the row limit, or when the application is not editable. */
  readonly canAddRow: boolean;
  /** 合计数量, computed from the rows; undefined while a row has none. */
  readonly totalQuantity?: string;
  /** 总金额, computed from the rows' totals; undefined while a row has none. */
  readonly totalAmount?: string;
}

/** The form's state at one moment: immutable, and the same object until something changes (for `useSyncExternalStore`). */
export interface FormSnapshot {
  /** Grows by one with every change. */
  readonly version: number;
  /** The language of prompts and reasons. */
  readonly lang: FormLang;
  /** Which violations the fields show (see {@link ApplicationFormOptions.phase}). */
  readonly phase: Phase;
  /** The application's status (`draft` for a new one). */
  readonly status: Status;
  /** False when the status does not allow editing (declared, approved, …): every action that edits throws. */
  readonly editable: boolean;
  /** Every field by path. */
  readonly fields: Readonly<Record<string, FieldSnapshot>>;
  /** The goods class of the chosen commodity (and 商品类别), or null before one is chosen. */
  readonly goodsClass: GoodsClass | null;
  /** The goods class's registry entry. */
  readonly goodsClassDefinition?: GoodsClassDefinition;
  /** The sections that apply to this application, in the portal's order. */
  readonly sections: readonly FormSection[];
  /** The spec-row table (规格型号信息). */
  readonly specs: SpecTable;
  /** The producer rows (生产商): field paths of name and credit code. */
  readonly producers: readonly {
    /** The path of 生产商名称. */
    readonly name: string;
    /** The path of 生产商统一社会信用代码. */
    readonly uscc: string;
  }[];
  /** The quality certificate number fields (产品质量检验合格证明编号). */
  readonly qualityCertificateNos: readonly string[];
  /** The attachments as last given by {@link ApplicationForm.setAttachments} or a loaded record. */
  readonly attachments: readonly Attachment[];
  /** Every violation of the last check, in the rules' order: exactly what `check(toApplication())` answers. */
  readonly violations: readonly Violation[];
  /** Violations at grey fields, each with what to do instead. */
  readonly systemViolations: readonly SystemViolation[];
  /** Violations that belong to no field (e.g. a field a loaded record has and the form does not know). */
  readonly formViolations: readonly Violation[];
  /** True when the application may be saved (暂存) now. */
  readonly canSave: boolean;
  /** Why {@link FormSnapshot.canSave} is false. */
  readonly saveBlockers: readonly BlockingReason[];
  /** True when the application may be declared (申报) now: no error, an editable status, nothing waiting for a check. */
  readonly canDeclare: boolean;
  /** Why {@link FormSnapshot.canDeclare} is false: errors (attachments included), the status, or edits not yet checked. */
  readonly declareBlockers: readonly BlockingReason[];
  /** True while edits wait for the debounced check. */
  readonly checking: boolean;
  /** True when the values differ from the ones created or last loaded. */
  readonly dirty: boolean;
}

/** The keys a lookup reacts to (KeyboardEvent.key values): arrows move the selection, Enter picks, Escape closes, space opens the list. */
export type LookupKey = 'ArrowUp' | 'ArrowDown' | 'Enter' | 'Escape' | ' ';

/** A headless application form: a store (`subscribe`/`getSnapshot`) and the actions that change it. */
export interface ApplicationForm {
  /** Calls `listener` after every change; answers the function that stops it. Works with React's `useSyncExternalStore`. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot (the same object until something changes). */
  getSnapshot(): FormSnapshot;
  /** One field of the current snapshot, or undefined for a path the form does not have. */
  getField(path: string): FieldSnapshot | undefined;
  /** Sets a field's value (text as typed, or `true`/`false`); throws {@link FormError} for an unknown, grey or array path, or when the form is not editable. */
  setValue(path: string, value: unknown): void;
  /** Marks a field touched (on blur) without changing it. */
  touch(path: string): void;
  /** Types into a lookup field: opens its list with the suggestions for `query`. */
  search(path: string, query: string): void;
  /** Handles a key in a lookup field; answers true when it used the key (call `preventDefault` then). */
  lookupKey(path: string, key: string): boolean;
  /** Picks a suggestion of a lookup field (the selected one when no index is given) and closes the list. */
  pick(path: string, index?: number): void;
  /** Closes a lookup's list without picking. */
  closeLookup(path: string): void;
  /** Adds an empty spec row (or a given one); throws {@link FormError} at the goods class's row limit. */
  addRow(row?: Readonly<Record<string, unknown>>): void;
  /** Removes spec rows by index (the manual's checkboxes and 删除). */
  removeRows(indices: readonly number[]): void;
  /** Adds a producer (生产商). */
  addProducer(producer?: { readonly name?: string; readonly uscc?: string }): void;
  /** Removes a producer by index. */
  removeProducer(index: number): void;
  /** Adds a quality certificate number (产品证明编号). */
  addCertificate(no?: string): void;
  /** Removes a quality certificate number by index. */
  removeCertificate(index: number): void;
  /** Replaces the attachment list (after an upload, a delete, or reading the list from the Single Window). */
  setAttachments(attachments: readonly Attachment[]): void;
  /**
   * Loads a saved application (any JSON: what the Single Window answered, with its `status`); unknown parts
   * are kept and reported by the rules. In an editable status, an exporter or consignor field the record
   * leaves empty is filled from the account (the snapshot is then dirty).
   */
  load(application: unknown): void;
  /** Switches the language of labels, prompts and reasons. */
  setLang(lang: FormLang): void;
  /** Runs a pending check now (before saving or declaring, and in tests). */
  flush(): void;
  /**
   * The application as the wire format writes it: the values, the defaults, the back-filled and computed
   * fields; blanks left out; a fresh copy each call. Not parsed: what the user typed is kept as typed
   * (a `1,000` stays text), and the snapshot's violations say what is wrong with it.
   */
  toApplication(): ExportLicenceApplication;
  /** Stops the pending check and the listeners. */
  dispose(): void;
}
