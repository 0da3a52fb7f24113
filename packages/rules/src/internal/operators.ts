import { compareDecimals, hasCode, isCodeTableName, isIsoDate, type CodeTableName } from '@exlic/core';

/** Exact comparison of two operands that may be anything: only strings and numbers are decimals. */
function compare(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  return (typeof a === 'string' || typeof a === 'number') && (typeof b === 'string' || typeof b === 'number') ? compareDecimals(a, b) : undefined;
}

/** An operator as json-rules-engine runs one: the fact value must pass `validator` before `evaluate` is asked. */
export interface OperatorSpec {
  readonly evaluate: (factValue: unknown, jsonValue: unknown) => boolean;
  readonly validator?: (factValue: unknown) => boolean;
}

/** A decorator (`not:`, `someFact:` …) as json-rules-engine 7 defines it. */
interface DecoratorSpec {
  readonly evaluate: (factValue: unknown, jsonValue: unknown, next: (a: unknown, b: unknown) => boolean) => boolean;
  readonly validator?: (factValue: unknown) => boolean;
}

/** True for "not filled": undefined, null, blank text, an empty array. */
export function isBlankValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') {
    // Most filled text starts with a printable ASCII character, which no whitespace is: no need to trim it.
    const first = value.charCodeAt(0);
    return !(first > 32 && first < 127) && value.trim() === '';
  }
  return Array.isArray(value) && value.length === 0;
}

const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;
const NONZERO_DIGIT = /[1-9]/;

/** `decimalNotEqual`: both are decimals and differ, exactly. Equal operands never differ, so they are answered without reading. */
export function decimalsDiffer(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  const order = compare(a, b);
  return order !== undefined && order !== 0;
}

/** `decimalLessThanInclusive` against `"0"`: plain decimal text is answered by its sign and digits, anything else by {@link compareDecimals}. */
export function decimalAtMostZero(a: unknown): boolean {
  if (typeof a === 'string' && PLAIN_DECIMAL.test(a)) return a.charCodeAt(0) === 45 || !NONZERO_DIGIT.test(a);
  const order = compare(a, '0');
  return order !== undefined && order <= 0;
}

/** `notInCodeTable` for a table known by name (the generated modules check the name when they are built): filled, and not a code of the table. */
export function notInTable(table: CodeTableName, a: unknown): boolean {
  return typeof a === 'string' && a.trim() !== '' && !hasCode(table, a);
}

/** `notMatchesPattern` with its regular expression compiled once: filled text that does not match it. */
export function failsPattern(regex: RegExp, a: unknown): boolean {
  return typeof a === 'string' && a.trim() !== '' && !regex.test(a);
}

function numberValidator(value: unknown): boolean {
  return Number.parseFloat(value as string).toString() !== 'NaN';
}

function indexOf(list: unknown, item: unknown): number {
  return Array.isArray(list) || typeof list === 'string' ? (list as unknown[]).indexOf(item) : -1;
}

const isoDate = isIsoDate;

const patterns = new Map<string, RegExp>();
function pattern(source: unknown): RegExp | undefined {
  if (typeof source !== 'string') return undefined;
  let regex = patterns.get(source);
  if (!regex) {
    regex = new RegExp(source, 'u');
    patterns.set(source, regex);
  }
  return regex;
}

/** json-rules-engine 7's built-in operators, with the same validators, so the compiler agrees with the engine. */
const BUILTIN_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  equal: { evaluate: (a, b) => a === b },
  notEqual: { evaluate: (a, b) => a !== b },
  // The engine calls b.indexOf(a) and throws when b is not a list; rule sets are validated so b always is one.
  in: { evaluate: (a, b) => indexOf(b, a) > -1 },
  notIn: { evaluate: (a, b) => indexOf(b, a) === -1 },
  contains: { evaluate: (a, b) => indexOf(a, b) > -1, validator: Array.isArray },
  doesNotContain: { evaluate: (a, b) => indexOf(a, b) === -1, validator: Array.isArray },
  lessThan: { evaluate: (a, b) => (a as number) < (b as number), validator: numberValidator },
  lessThanInclusive: { evaluate: (a, b) => (a as number) <= (b as number), validator: numberValidator },
  greaterThan: { evaluate: (a, b) => (a as number) > (b as number), validator: numberValidator },
  greaterThanInclusive: { evaluate: (a, b) => (a as number) >= (b as number), validator: numberValidator },
};

/**
 * What json-rules-engine lacks, added to it with `engine.addOperator` and used by the compiler as is:
 * blankness, exact decimal comparison, Unicode length, code-table membership, dates, patterns.
 */
export const CUSTOM_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  /** `value: true`: the fact is not filled; `value: false`: it is. */
  isBlank: { evaluate: (a, b) => isBlankValue(a) === b },
  /** Both are decimals and a ≤ b, exactly (no binary floating point). */
  decimalLessThanInclusive: {
    evaluate: (a, b) => {
      const order = compare(a, b);
      return order !== undefined && order <= 0;
    },
  },
  /** Both are decimals and differ, exactly: `"0.30"` equals `"0.3"`. */
  decimalNotEqual: { evaluate: decimalsDiffer },
  /** Text longer than b Unicode characters (one Chinese character is one). */
  lengthGreaterThan: {
    evaluate: (a, b) => {
      if (typeof a !== 'string' || typeof b !== 'number') return false;
      let count = 0;
      for (const _ of a) {
        count += 1;
        if (count > b) return true;
      }
      return false;
    },
  },
  /** Filled, and not a code of the code table named b. */
  notInCodeTable: { evaluate: (a, b) => isCodeTableName(b) && notInTable(b, a) },
  /** Both are dates and a is before b. */
  dateBefore: { evaluate: (a, b) => isoDate(a) && isoDate(b) && a < b },
  /** Both are dates and a is after b. */
  dateAfter: { evaluate: (a, b) => isoDate(a) && isoDate(b) && a > b },
  /** Filled text that does not match the regular expression b (Unicode mode). */
  notMatchesPattern: {
    evaluate: (a, b) => {
      const regex = pattern(b);
      return regex !== undefined && failsPattern(regex, a);
    },
  },
};

/** json-rules-engine 7's default decorators. */
const DECORATORS: Readonly<Record<string, DecoratorSpec>> = {
  someFact: { evaluate: (a, b, next) => (a as unknown[]).some((item) => next(item, b)), validator: Array.isArray },
  someValue: { evaluate: (a, b, next) => (b as unknown[]).some((item) => next(a, item)) },
  everyFact: { evaluate: (a, b, next) => (a as unknown[]).every((item) => next(item, b)), validator: Array.isArray },
  everyValue: { evaluate: (a, b, next) => (b as unknown[]).every((item) => next(a, item)) },
  swap: { evaluate: (a, b, next) => next(b, a) },
  not: { evaluate: (a, b, next) => !next(a, b) },
};

function run(spec: OperatorSpec): (a: unknown, b: unknown) => boolean {
  const { evaluate, validator } = spec;
  return validator ? (a, b) => validator(a) && evaluate(a, b) : evaluate;
}

/** The evaluator of an operator name with any decorators (`not:isBlank`), or undefined when a part is unknown. */
export function resolveOperator(name: string): ((a: unknown, b: unknown) => boolean) | undefined {
  const direct = BUILTIN_OPERATORS[name] ?? CUSTOM_OPERATORS[name];
  if (direct) return run(direct);
  const colon = name.indexOf(':');
  if (colon < 0) return undefined;
  const decorator = DECORATORS[name.slice(0, colon)];
  const inner = resolveOperator(name.slice(colon + 1));
  if (!decorator || !inner) return undefined;
  return run({ evaluate: (a, b) => decorator.evaluate(a, b, inner), ...(decorator.validator ? { validator: decorator.validator } : {}) });
}
