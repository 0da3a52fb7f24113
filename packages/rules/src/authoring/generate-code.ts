import { isCodeTableName } from '@exlic/core';
import { RuleDefinitionError } from '../errors';
import { APP_FACTS, ROW_FACTS } from '../internal/facts';
import { resolveOperator } from '../internal/operators';
import { parseRulePath } from '../internal/path';
import type { Condition, FactReference, RuleDefinition, RuleSet } from '../types';

// Turns a rule set into the source of a straight-line TypeScript module (src/rule-sets/<version>.generated.ts),
// written at build time by `npm run build:rules -w @exlic/rules` and checked for drift by a test, so a
// browser never needs `new Function` (CSP-safe). The module is one function, one block per rule in rule-set
// order, each block guarded by its phase, in-force dates and row-independent conditions (goods class and
// group tests run once per application, not once per row). Field reads are inlined (shared parent objects
// read once), the common operators inlined, decimals read only by the rules that compare them, every other
// fact computed at most once per application (or per row) in a lazy local and called directly, and a
// violation built only when a rule fires, by the same function the other interpreters use.

/** Facts read straight from the context or the application, as APP_FACTS computes them. */
const DIRECT: Readonly<Record<string, string>> = {
  application: 'app',
  goodsClass: 'cls',
  catalogEntry: 'ctx.catalogEntry',
  catalogStatus: 'ctx.catalogStatus',
  catalogYear: 'ctx.catalogYear',
  appliedOn: 'ctx.appliedOn',
  specCount: '(app.specs?.length ?? 0)',
};

/** The identifier facts, derived from one identifier check per value. */
const IDENTIFIER = new Set(['identifierFailure', 'identifierMessage', 'identifierExpected']);
/** Facts of the application, or of the row when their params say `of: row`. */
const OF_PARAM = new Set(['codeHint', 'codeName', ...IDENTIFIER]);

const SCOPE_ROWS: Readonly<Record<string, string>> = { specs: 'specs', producers: 'producers', qualityCertificateNos: 'qualityCertificateNos', attachments: 'attachments' };

function isFactReference(value: unknown): value is FactReference {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
}

/** True when the fact's value depends on the element a scoped rule looks at. */
function isRowFact(reference: FactReference): boolean {
  if (reference.fact === 'row' || reference.fact === 'rowIndex') return true;
  if (OF_PARAM.has(reference.fact)) return reference.params?.of === 'row';
  return reference.fact in ROW_FACTS;
}

function dependsOnRow(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(dependsOnRow);
  if ('any' in condition) return condition.any.some(dependsOnRow);
  if ('not' in condition) return dependsOnRow(condition.not);
  return isRowFact(condition) || (isFactReference(condition.value) && isRowFact(condition.value));
}

const literal = (value: unknown): string => JSON.stringify(value);

/** Where a rule is evaluated: the application, or element `i` of a scoped array (`row`, and `ro` when it is an object). */
interface Place {
  readonly scoped: boolean;
  /** The rule's own lazy locals (row facts), by key. */
  readonly locals: Map<string, { name: string; value: string }>;
  usesRo: boolean;
}

class Module {
  private readonly constants: string[] = [];
  private readonly constantNames = new Map<string, string>();
  private readonly prefixes = new Map<string, string>();
  private readonly prefixLines: string[] = [];
  private readonly memoLines: string[] = [];
  private readonly memoNames = new Map<string, string>();
  private readonly rowMemoNames = new Map<string, string>();
  readonly imports = new Set<string>();
  readonly scopes = new Set<string>();
  private localCount = 0;

  /** A module-level constant (one per distinct text). */
  constant(text: string, prefix = 'K'): string {
    let name = this.constantNames.get(text);
    if (!name) {
      name = `${prefix}${this.constantNames.size}`;
      this.constantNames.set(text, name);
      this.constants.push(`const ${name}: Json = ${text};`);
    }
    return name;
  }

  use(name: string): string {
    this.imports.add(name);
    return name;
  }

  /** `app.a.b.c` as the compiler's path reader reads it, parents read once per application into locals. */
  appPath(keys: readonly string[]): string {
    if (keys.length === 1) return `app.${keys[0]!}`;
    return `${this.prefix(keys.slice(0, -1))}?.${keys[keys.length - 1]!}`;
  }

  private prefix(keys: readonly string[]): string {
    const id = keys.join('.');
    let name = this.prefixes.get(id);
    if (!name) {
      const parent = keys.length === 1 ? `app.${keys[0]!}` : `${this.prefix(keys.slice(0, -1))}?.${keys[keys.length - 1]!}`;
      name = `p${this.prefixes.size}`;
      this.prefixes.set(id, name);
      this.prefixLines.push(`  const ${name} = ${this.use('o')}(${parent});`);
    }
    return name;
  }

  /** A value computed at most once per application: a lazy local. */
  memo(key: string, value: string): string {
    let name = this.memoNames.get(key);
    if (!name) {
      name = `m${this.memoNames.size}`;
      this.memoNames.set(key, name);
      this.memoLines.push(`  let ${name}: Json = U;`);
    }
    return `(${name} === U ? (${name} = ${value}) : ${name})`;
  }

  /** A value computed at most once per element of a scope, shared by the scope's rules: a lazily created array. */
  rowMemo(key: string, value: string): string {
    let name = this.rowMemoNames.get(key);
    if (!name) {
      name = `r${this.rowMemoNames.size}`;
      this.rowMemoNames.set(key, name);
      this.memoLines.push(`  let ${name}: Json[] | undefined;`);
    }
    return `((${name} ??= [])[i] !== undefined ? ${name}[i] : (${name}[i] = ${value}))`;
  }

  /** A value computed at most once per evaluation of one rule at one place: a lazy local of the rule's block. */
  local(place: Place, key: string, value: string): string {
    let entry = place.locals.get(key);
    if (!entry) {
      entry = { name: `t${this.localCount++}`, value };
      place.locals.set(key, entry);
    }
    return `(${entry.name} === U ? (${entry.name} = ${entry.value}) : ${entry.name})`;
  }

  header(): string[] {
    return [...this.constants];
  }

  preamble(): string[] {
    return [...this.prefixLines, ...this.memoLines];
  }
}

function keysOf(reference: FactReference, ruleId: string): readonly string[] | undefined {
  return reference.path === undefined ? undefined : parseRulePath(reference.path, ruleId);
}

/** A read of keys below the application or the row, as the compiler's path reader reads them (a row that is no object is read as itself). */
function readBelow(base: 'app' | 'row', keys: readonly string[], place: Place, out: Module): string {
  if (base === 'app' || !place.scoped) return out.appPath(keys);
  place.usesRo = true;
  const read = keys.length === 1 ? `ro.${keys[0]!}` : `${out.use('o')}(${keys.slice(0, -1).reduce((text, key, n) => (n === 0 ? `ro.${key}` : `${out.use('o')}(${text})?.${key}`), '')})?.${keys[keys.length - 1]!}`;
  return `(ro === undefined ? row : ${read})`;
}

/**
 * The value at `params.path` that the identifier and code facts read (facts.ts reads it with resolvePath, own
 * properties only): a plain read where that is the same, every key being one no object or list inherits.
 */
function paramsValue(params: Readonly<Record<string, unknown>>, place: Place, out: Module, ruleId: string): string {
  const base = params.of === 'row' && place.scoped ? 'row' : 'app';
  if (typeof params.path !== 'string') return base;
  const keys = parseRulePath(params.path, ruleId);
  if (keys.some((key) => key in Array.prototype)) return `${out.use('resolvePath')}(${base}, ${out.constant(literal(keys))})`;
  return readBelow(base, keys, place, out);
}

/**
 * The expression of a fact's value (at its path) at a place. `at` is the expression of the fact reference in the
 * rule's definition (`R[n].def…`): the generated code passes the rule's own params object rather than a copy.
 */
function factExpression(reference: FactReference, at: string, place: Place, out: Module, ruleId: string): string {
  const { fact } = reference;
  if (!(fact in APP_FACTS) && !(fact in ROW_FACTS)) throw new RuleDefinitionError(`rule "${ruleId}": unknown fact "${fact}"`, ruleId);
  const keys = keysOf(reference, ruleId);
  const params = reference.params ?? {};
  const paramsAt = reference.params === undefined ? out.constant('{}') : `${at}.params`;
  const key = `${fact} ${literal(params)}`;
  const row = place.scoped ? 'row' : 'app';
  const index = place.scoped ? 'i' : '-1';
  if (fact === 'application' || (fact === 'row' && !place.scoped)) return keys ? out.appPath(keys) : 'app';
  if (fact === 'row') return keys ? readBelow('row', keys, place, out) : 'row';
  let value: string;
  if (fact === 'rowIndex') value = index;
  else if (DIRECT[fact] !== undefined && reference.params === undefined) value = DIRECT[fact]!;
  else if (IDENTIFIER.has(fact)) {
    const check = `${out.use('identifierResult')}(${literal(params.check ?? null)}, ${paramsValue(params, place, out, ruleId)})`;
    const id = `identifier ${literal([params.check, params.of === 'row', params.path])}`;
    const result = params.of === 'row' && place.scoped ? out.rowMemo(id, check) : params.of === 'row' ? out.local(place, id, check) : out.memo(id, check);
    value = `${out.use(fact)}(${result})`;
  } else if (fact === 'codeHint') {
    // Only a fired rule's {detail} reads it: computed where it is needed.
    value = `${out.use('codeHint')}(${paramsValue(params, place, out, ruleId)}, ${literal(params.table ?? null)})`;
  } else if (isRowFact(reference)) {
    value = out.local(place, key, `${out.constant(`${out.use('W')}.${fact}!`, 'F')}(ctx, ${row}, ${index}, ${paramsAt})`);
  } else if (fact in APP_FACTS) {
    value = out.memo(key, `${out.constant(`${out.use('A')}.${fact}!`, 'F')}(ctx, ${paramsAt})`);
  } else {
    // A row fact that reads the application here (`of` is not `row`): once per application.
    value = out.memo(key, `${out.constant(`${out.use('W')}.${fact}!`, 'F')}(ctx, app, -1, ${paramsAt})`);
  }
  return keys ? `${out.constant(`${out.use('pathReader')}(${literal(keys)})`, 'P')}(${value})` : value;
}

function comparison(condition: Condition & FactReference & { operator: string; value: unknown }, at: string, place: Place, out: Module, ruleId: string): string {
  const { operator, value } = condition;
  if (!resolveOperator(operator)) throw new RuleDefinitionError(`rule "${ruleId}": unknown operator "${operator}"`, ruleId);
  const left = factExpression(condition, at, place, out, ruleId);
  if (isFactReference(value)) {
    const right = factExpression(value, `${at}.value`, place, out, ruleId);
    if (operator === 'equal') return `${left} === ${right}`;
    if (operator === 'notEqual') return `${left} !== ${right}`;
    if (operator === 'decimalNotEqual') return `${out.use('decimalsDiffer')}(${left}, ${right})`;
    return `${out.constant(`${out.use('resolveOperator')}(${literal(operator)})!`, 'O')}(${left}, ${right})`;
  }
  const primitive = value === null || typeof value !== 'object';
  if (operator === 'equal' && primitive) return `${left} === ${literal(value)}`;
  if (operator === 'notEqual' && primitive) return `${left} !== ${literal(value)}`;
  if (operator === 'isBlank' && typeof value === 'boolean') return `${value ? '' : '!'}${out.use('isBlankValue')}(${left})`;
  if ((operator === 'in' || operator === 'notIn') && Array.isArray(value)) {
    const found = value.length === 1 && (value[0] === null || typeof value[0] !== 'object') ? `${left} === ${literal(value[0])}` : `${out.constant(literal(value))}.indexOf(${left}) !== -1`;
    return operator === 'in' ? found : `!(${found})`;
  }
  if (operator === 'decimalNotEqual') return `${out.use('decimalsDiffer')}(${left}, ${literal(value)})`;
  if (operator === 'decimalLessThanInclusive' && value === '0') return `${out.use('decimalAtMostZero')}(${left})`;
  if (operator === 'notInCodeTable' && isCodeTableName(value)) return `${out.use('notInTable')}(${literal(value)}, ${left})`;
  if (operator === 'notMatchesPattern' && typeof value === 'string' && compiles(value)) return `${out.use('failsPattern')}(${out.constant(`new RegExp(${literal(value)}, 'u')`, 'R')}, ${left})`;
  const right = primitive ? literal(value) : out.constant(literal(value));
  return `${out.constant(`${out.use('resolveOperator')}(${literal(operator)})!`, 'O')}(${left}, ${right})`;
}

function compiles(pattern: string): boolean {
  try {
    return new RegExp(pattern, 'u') instanceof RegExp;
  } catch {
    return false;
  }
}

/** A condition as an expression; `at` is the expression of the condition in the rule's definition. */
function conditionExpression(condition: Condition, at: string, place: Place, out: Module, ruleId: string): string {
  if (condition === null || typeof condition !== 'object') throw new RuleDefinitionError(`rule "${ruleId}": a condition must be an object`, ruleId);
  if ('all' in condition) return condition.all.length === 0 ? 'true' : `(${condition.all.map((part, n) => conditionExpression(part, `${at}.all[${n}]`, place, out, ruleId)).join(' && ')})`;
  if ('any' in condition) return condition.any.length === 0 ? 'false' : `(${condition.any.map((part, n) => conditionExpression(part, `${at}.any[${n}]`, place, out, ruleId)).join(' || ')})`;
  if ('not' in condition) return `!(${conditionExpression(condition.not, `${at}.not`, place, out, ruleId)})`;
  return comparison(condition, at, place, out, ruleId);
}

/** The guards of a rule's block: its in-force dates (its phase is its group's). */
function inForceDates(rule: RuleDefinition): string[] {
  const parts: string[] = [];
  if (rule.inForce.from !== undefined) parts.push(`d >= ${literal(rule.inForce.from)}`);
  if (rule.inForce.to !== undefined) parts.push(`d <= ${literal(rule.inForce.to)}`);
  return parts;
}

function ruleBlock(rule: RuleDefinition, order: number, out: Module): string {
  const scoped = rule.scope !== 'application';
  const inner: Place = { scoped, locals: new Map(), usesRo: false };
  const all = 'all' in rule.conditions ? rule.conditions.all : undefined;
  const def = `(R[${order}]!.def as Json)`;
  const parts = all ? all.map((part, n) => ({ part, at: `${def}.conditions.all[${n}]` })) : [{ part: rule.conditions, at: `${def}.conditions` }];
  // A scoped rule's top-level conditions that read no element run once, before the loop over the elements.
  const hoisted = scoped && all ? parts.filter(({ part }) => !dependsOnRow(part)) : [];
  const outer: Place = { scoped: false, locals: new Map(), usesRo: false };
  const guard = [...inForceDates(rule), ...hoisted.map(({ part, at }) => conditionExpression(part, at, outer, out, rule.id))];
  const tested = scoped && all ? parts.filter(({ part }) => dependsOnRow(part)) : parts;
  const test = tested.map(({ part, at }) => conditionExpression(part, at, inner, out, rule.id));
  const fact = (reference: FactReference | undefined, name: string) => (reference ? factExpression(reference, `${def}.${name}`, inner, out, rule.id) : 'undefined');
  const seen = rule.seen ? fact(rule.seen, 'seen') : 'S';
  const extra = [seen, ...(rule.expected || rule.detail ? [fact(rule.expected, 'expected')] : []), ...(rule.detail ? [fact(rule.detail, 'detail')] : [])];
  const push = `fire(${order}, ${scoped ? 'i' : '-1'}, ${extra.join(', ')});`;
  const locals = [...inner.locals.values()].map((local) => `let ${local.name}: Json = U;`);
  const comment = `  // ${rule.id}`;
  if (!scoped) {
    const body = `if (${[...guard, ...test].join(' && ') || 'true'}) ${push}`;
    return locals.length === 0 ? `${comment}\n  ${body}` : `${comment}\n  {\n    ${locals.join('\n    ')}\n    ${body}\n  }`;
  }
  const rows = SCOPE_ROWS[rule.scope];
  if (!rows) throw new RuleDefinitionError(`rule "${rule.id}": unknown scope "${rule.scope}"`, rule.id);
  out.scopes.add(rows);
  const lines = [`const row: Json = ${rows}[i];`, ...(inner.usesRo ? [`const ro = ${out.use('o')}(row);`] : []), ...locals, test.length === 0 ? push : `if (${test.join(' && ')}) ${push}`];
  const loop = `for (let i = 0; i < ${rows}.length; i += 1) {\n    ${lines.join('\n    ')}\n  }`;
  return `${comment}\n  ${guard.length > 0 ? `if (${guard.join(' && ')}) ` : ''}${loop}`;
}

const IMPORTS: readonly [string, string, string][] = [
  ['A', '../internal/facts', 'APP_FACTS as A'],
  ['W', '../internal/facts', 'ROW_FACTS as W'],
  ['identifierResult', '../internal/facts', 'identifierResult'],
  ['identifierFailure', '../internal/facts', 'identifierFailure'],
  ['identifierMessage', '../internal/facts', 'identifierMessage'],
  ['identifierExpected', '../internal/facts', 'identifierExpected'],
  ['codeHint', '../internal/facts', 'codeHint'],
  ['decimalAtMostZero', '../internal/operators', 'decimalAtMostZero'],
  ['decimalsDiffer', '../internal/operators', 'decimalsDiffer'],
  ['failsPattern', '../internal/operators', 'failsPattern'],
  ['isBlankValue', '../internal/operators', 'isBlankValue'],
  ['notInTable', '../internal/operators', 'notInTable'],
  ['resolveOperator', '../internal/operators', 'resolveOperator'],
  ['o', '../internal/path', 'objectOrUndefined as o'],
  ['pathReader', '../internal/path', 'pathReader'],
  ['resolvePath', '../internal/path', 'resolvePath'],
];

/** The source of the generated module for a rule set (what `npm run build:rules` writes; the drift test compares it). */
export function generateRuleSetModule(ruleSet: RuleSet, jsonFile: string): string {
  const out = new Module();
  // Consecutive rules of the declare phase share one test of the phase; the save rules run in both.
  const blocks: string[] = [];
  ruleSet.rules.forEach((rule, order) => {
    const block = ruleBlock(rule, order, out);
    if (rule.phase === 'save') {
      blocks.push(block);
      return;
    }
    const previous = ruleSet.rules[order - 1];
    const next = ruleSet.rules[order + 1];
    if (!previous || previous.phase === 'save') blocks.push('  if (declare) {');
    blocks.push(block.replace(/^/gm, '  '));
    if (!next || next.phase === 'save') blocks.push('  }');
  });
  const imports = new Map<string, string[]>();
  for (const [name, from, text] of IMPORTS) if (out.imports.has(name)) imports.set(from, [...(imports.get(from) ?? []), text]);
  const importLines = [...imports].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`);
  const scopes = [...out.scopes].map((name) => `  const ${name}: Json[] = app.${name} ?? NONE;`);
  const dated = ruleSet.rules.some((rule) => rule.inForce.from !== undefined || rule.inForce.to !== undefined);
  return `// GENERATED by \`npm run build:rules -w @exlic/rules\` from ${jsonFile} (rule set ${ruleSet.version}, ${ruleSet.rules.length} rules); do not edit.
// The drift test (src/authoring/generate-code.test.ts) fails when this is not what the rule set generates, and the
// differential test (test/differential.test.ts) holds it to the closures and json-rules-engine.
import { SEEN_AT_PATH as S, violationAt, type CompiledRule } from '../internal/compile';
import type { AppContext } from '../internal/context';
${importLines.join('\n')}
import type { Profile, Violation } from '../types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated code reads JSON whose shape the rules test
type Json = any;
/** Not computed yet (a lazy local). */
const U: unique symbol = Symbol('unset');
const NONE: readonly Json[] = [];
${out.header().join('\n')}

/** The rule-set version this module was generated from. */
export const version = ${literal(ruleSet.version)};
/** The number of rules it evaluates, in rule-set order (\`R\` holds them compiled). */
export const ruleCount = ${ruleSet.rules.length};

/**
 * Appends the violations of rule set ${ruleSet.version} for one application to \`out\`, in rule-set order and rows
 * ascending: every rule in the declare phase, the save rules only when \`declare\` is false.
 */
export function evaluate(R: readonly CompiledRule[], ctx: AppContext, declare: boolean, profile: Profile, out: Violation[]): void {
  const app: Json = ctx.app;
  const cls: Json = ctx.goodsClass;
  // A rule fired at element i (-1: the application): its violation, built only now.
  const fire = (order: number, i: number, seen: unknown, expected?: unknown, detail?: unknown): void => {
    out.push(violationAt(R[order]!, i, app, profile, seen, expected, detail));
  };${dated ? '\n  const d = ctx.appliedOn;' : ''}
${scopes.join('\n')}
${out.preamble().join('\n')}
${blocks.join('\n')}
}
`;
}
