import type { Catalog, ExportLicenceApplication, UsdRateTable } from '@exlic/core';

/** A sentence in Chinese and in English. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** `save` (暂存) runs format checks only; `declare` (申报) runs every rule. */
export type Phase = 'save' | 'declare';

/** `production`, or `test` (联调环境), where check-character failures of credit and organisation codes are warnings. */
export type Profile = 'production' | 'test';

/** `error` blocks declaration; `warning` does not. */
export type Severity = 'error' | 'warning';

/** A zod-style path: keys and indices down to the field, e.g. `["specs", 1, "quantity"]`. */
export type FieldPath = readonly (string | number)[];

/** One rule broken by one field: what a UI shows next to the field. */
export interface Violation {
  /** The stable rule id, e.g. `required.customsPort`, `specs.quantity.required`, `format.date`. */
  readonly rule: string;
  /** The most specific field the violation points at, e.g. `["specs", 1, "quantity"]`. */
  readonly path: FieldPath;
  readonly severity: Severity;
  /** Sentences naming the field by its label. */
  readonly message: LocalizedText;
  /** The field's label, when the path names a known field. */
  readonly label?: LocalizedText;
  /** The value seen at the path (or what the rule looked at, e.g. the number of rows). */
  readonly seen?: unknown;
  /** What the rule expected, where it can say (a computed total, a limit, a check character). */
  readonly expected?: unknown;
}

/** Options of {@link check}. Every option is optional. */
export interface CheckOptions {
  /** Which checks run. @default 'declare' */
  readonly phase?: Phase;
  /** `test` downgrades check-character failures of credit and organisation codes to warnings. @default 'production' */
  readonly profile?: Profile;
  /** Today's date for the rules that depend on it, `YYYY-MM-DD`; also the application date when `other.appliedOn` is empty. @default today (local time) */
  readonly asOf?: string;
  /** The commodity catalog that gives `goods.hsCode` its goods class; replaces the bundled snapshot. @default getBundledCatalog() */
  readonly catalog?: Catalog;
  /** The rule set to apply. @default the bundled rule set */
  readonly ruleSet?: RuleSet;
  /** US dollars per one unit of `goods.priceCurrency`, to fill vehicles' 总值折美元 in the normalised application; never guessed, so without it that field stays empty. */
  readonly usdRate?: string | number;
  /**
   * A rate table (core's `createUsdRateTable`, or `SANDBOX_USD_RATES`) to fill 总值折美元 from when `usdRate` is not
   * given: the rate of `goods.priceCurrency` (USD when empty) in the month of the application date. A currency or
   * month the table lacks leaves the field empty.
   */
  readonly usdRates?: UsdRateTable;
}

/** How a check chose the catalog year for `goods.hsCode`. */
export interface CatalogUse {
  /** The catalog's `source`. */
  readonly source: string;
  /** The catalog year the code was looked up in, when one was. */
  readonly year?: number;
}

/** The outcome of {@link check}. */
export interface CheckResult {
  /** True when no violation is an `error`. */
  readonly valid: boolean;
  /** Errors and warnings, in rule-set order, rows ascending. */
  readonly violations: readonly Violation[];
  /** The application normalised: unreadable fields dropped (each reported), defaults, totals and catalog fields filled. */
  readonly application: ExportLicenceApplication;
  /** The date the in-force dates were compared with: `other.appliedOn`, else `asOf`. */
  readonly appliedOn: string;
  /** The goods class from the catalog, when `goods.hsCode` is in it. */
  readonly goodsClass?: string;
  /** The rule set's version. */
  readonly ruleSetVersion: string;
  /** Which catalog (and year) the check used. */
  readonly catalog: CatalogUse;
}

/** Where a rule comes from. */
export interface RuleSource {
  /** `manual`: the user manual states it; `regulation`: a regulation the manual does not state; `expected`: implied or what any user expects; `schema`: the wire format. */
  readonly kind: 'manual' | 'regulation' | 'expected' | 'schema';
  /** The manual's section, or the regulation's title and article. */
  readonly reference: string;
  /** The regulation's date, where known. */
  readonly date?: string;
  /** A caveat, e.g. "confirm against the current MOFCOM text". */
  readonly note?: string;
}

/** The dates (inclusive, `YYYY-MM-DD`) a rule is in force; `from` absent means no recorded start. */
export interface InForce {
  readonly from?: string;
  readonly to?: string;
}

/** A value a condition compares with: a literal, or another fact. */
export type ConditionValue = unknown;

/** A fact reference: a fact id, its params, and a `$.a.b` path into its value. */
export interface FactReference {
  readonly fact: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly path?: string;
}

/** One comparison: a fact (optionally at a path), an operator, a value. */
export interface FactCondition extends FactReference {
  readonly operator: string;
  readonly value: ConditionValue;
}

/** A condition in json-rules-engine's format: `all`, `any`, `not`, or a comparison. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | FactCondition;

/** What a rule iterates over: the application once, or each element of an array (one violation per offending element). */
export type RuleScope = 'application' | 'specs' | 'producers' | 'qualityCertificateNos' | 'attachments';

/** One rule of a rule set, as the JSON file writes it. */
export interface RuleDefinition {
  /** Stable id; never changes meaning between rule-set versions. */
  readonly id: string;
  /** The exlic rule numbers (0-24, docs/reference/rules.md) this rule implements (0 for the mandatory fields). */
  readonly covers: readonly number[];
  readonly source: RuleSource;
  readonly inForce: InForce;
  readonly severity: Severity;
  /** A different severity under a profile, e.g. `{ "test": "warning" }`. */
  readonly severityByProfile?: Partial<Readonly<Record<Profile, Severity>>>;
  /** `save`: a format check that runs in both phases; `declare`: runs when declaring. */
  readonly phase: Phase;
  /** `required`: a mandatory-field rule whose last `all` condition tests the field is blank (what `requiredFields` reads). */
  readonly kind?: 'required';
  readonly scope: RuleScope;
  /** The violation's path; `"#"` stands for the element's index in a scoped rule. */
  readonly path: readonly (string | number)[];
  /** Message templates: `{row}` (1-based), `{seen}`, `{expected}`, `{detail}`. */
  readonly message: LocalizedText;
  /** The rule in plain words. */
  readonly description: string;
  /** A fact whose value the violation reports as `expected`. */
  readonly expected?: FactReference;
  /** A fact whose value the violation reports as `seen` (default: the value at `path`). */
  readonly seen?: FactReference;
  /** A fact giving a `{zh, en}` sentence for `{detail}`. */
  readonly detail?: FactReference;
  /** json-rules-engine's rule parts. */
  readonly name: string;
  readonly priority?: number;
  readonly conditions: Condition;
  readonly event: { readonly type: 'violation'; readonly params: { readonly rule: string } };
}

/** A versioned rule set: one JSON file per version. */
export interface RuleSet {
  /** e.g. `2026.1`. */
  readonly version: string;
  readonly title: LocalizedText;
  /** When this version was published. */
  readonly published: string;
  readonly rules: readonly RuleDefinition[];
}

/** Options of {@link requiredFields}. */
export interface RequiredFieldsOptions {
  /** @default 'declare' */
  readonly phase?: Phase;
  readonly asOf?: string;
  readonly catalog?: Catalog;
  readonly ruleSet?: RuleSet;
}

/** What {@link explainRule} tells about a rule: its metadata as the rule file writes it, without the conditions. */
export interface RuleExplanation
  extends Pick<RuleDefinition, 'id' | 'description' | 'covers' | 'source' | 'inForce' | 'severity' | 'severityByProfile' | 'phase' | 'scope' | 'path' | 'message'> {
  /** The rule-set version it was read from (`schema` for the format rules every version shares). */
  readonly ruleSetVersion: string;
}
