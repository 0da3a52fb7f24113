import { RuleDefinitionError } from '../errors';
import type { Condition, FactCondition, FactReference } from '../types';

/*
 * The condition language of the rule source: one line a domain expert can read, compiled to
 * json-rules-engine conditions.
 *
 *   goodsGroup != vehicle and (specCount >= 2 or goodsClass == coke) and row.spec is blank
 *
 * A fact is `app.a.b` (the application at a path), `row.a` (the element a scoped rule looks at),
 * or a fact name with optional params and path: `identifierFailure(check=creditCode, path=$.exporter.uscc)`,
 * `catalogEntry.standardSand`. Comparisons: == != < <= > >= in, not in, contains, lacks, is blank,
 * is filled, or any operator by name (`app.customsPort notInCodeTable customsPorts`). A value is a
 * number, true, false, null, a "JSON string", a bare word (a string), a [list], or `@fact` (another fact).
 * `and` binds tighter than `or`; parentheses group.
 */

const SYMBOLS: Readonly<Record<string, string>> = { '==': 'equal', '!=': 'notEqual', '<': 'lessThan', '<=': 'lessThanInclusive', '>': 'greaterThan', '>=': 'greaterThanInclusive', contains: 'contains', lacks: 'doesNotContain', in: 'in' };
const BY_OPERATOR: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SYMBOLS).map(([symbol, operator]) => [operator, symbol]));
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'blank', 'filled', 'true', 'false', 'null', 'contains', 'lacks']);
const NUMBER = /^-?\d+(\.\d+)?$/;
const WORD = /^[^\s(),=[\]"@]+$/u;

type Token = { readonly kind: 'word' | 'string' | 'punct'; readonly text: string };

function tokenize(text: string, ruleId: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new RuleDefinitionError(`rule "${ruleId}": unterminated string in condition: ${text}`, ruleId);
      tokens.push({ kind: 'string', text: JSON.parse(text.slice(i, j + 1)) as string });
      i = j + 1;
    } else if ('()[],@'.includes(char)) {
      tokens.push({ kind: 'punct', text: char });
      i += 1;
    } else if ('=!<>'.includes(char)) {
      const two = text.slice(i, i + 2);
      const symbol = ['==', '!=', '<=', '>='].includes(two) ? two : char;
      if (symbol === '=' || symbol === '!') {
        tokens.push({ kind: 'punct', text: symbol });
        i += 1;
      } else {
        tokens.push({ kind: 'word', text: symbol });
        i += symbol.length;
      }
    } else {
      let j = i;
      while (j < text.length && !/[\s(),[\]"@=<>!]/.test(text[j]!)) j += 1;
      tokens.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly ruleId: string,
    private readonly source: string,
  ) {}

  fail(message: string): never {
    throw new RuleDefinitionError(`rule "${this.ruleId}": ${message} in condition: ${this.source}`, this.ruleId);
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  next(): Token {
    const token = this.tokens[this.position];
    if (!token) this.fail('unexpected end');
    this.position += 1;
    return token;
  }

  isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text === text;
  }

  isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }

  expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(`expected "${text}"`);
    this.position += 1;
  }

  done(): boolean {
    return this.position >= this.tokens.length;
  }

  or(): Condition {
    const parts = [this.and()];
    while (this.isWord('or')) {
      this.position += 1;
      parts.push(this.and());
    }
    return parts.length === 1 ? parts[0]! : { any: parts };
  }

  and(): Condition {
    const parts = [this.unary()];
    while (this.isWord('and')) {
      this.position += 1;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0]! : { all: parts };
  }

  unary(): Condition {
    if (this.isWord('not') && !this.isWord('in', 1)) {
      this.position += 1;
      return { not: this.unary() };
    }
    if (this.isPunct('(')) {
      this.position += 1;
      const inner = this.or();
      this.expectPunct(')');
      // A parenthesised group keeps its own all/any even with one part, so the source says what the JSON holds.
      return inner;
    }
    return this.comparison();
  }

  fact(): FactReference {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text)) this.fail(`expected a fact, not "${token.text}"`);
    const [head, ...rest] = token.text.split('.');
    let params: Record<string, unknown> | undefined;
    let tail = rest;
    if (this.isPunct('(')) {
      this.position += 1;
      params = {};
      while (!this.isPunct(')')) {
        const key = this.next();
        if (key.kind !== 'word') this.fail('expected a parameter name');
        this.expectPunct('=');
        params[key.text] = this.value();
        if (this.isPunct(',')) this.position += 1;
      }
      this.position += 1;
      const after = this.peek();
      if (after?.kind === 'word' && after.text.startsWith('.')) {
        this.position += 1;
        tail = after.text.slice(1).split('.');
      }
    }
    const fact = head === 'app' ? 'application' : head!;
    const path = tail.length > 0 ? `$.${tail.join('.')}` : undefined;
    return { fact, ...(params ? { params } : {}), ...(path ? { path } : {}) } as FactReference;
  }

  value(): unknown {
    if (this.isPunct('@')) {
      this.position += 1;
      return this.fact();
    }
    if (this.isPunct('[')) {
      this.position += 1;
      const items: unknown[] = [];
      while (!this.isPunct(']')) {
        items.push(this.value());
        if (this.isPunct(',')) this.position += 1;
      }
      this.position += 1;
      return items;
    }
    const token = this.next();
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'word') this.fail(`unexpected "${token.text}"`);
    if (token.text === 'true') return true;
    if (token.text === 'false') return false;
    if (token.text === 'null') return null;
    if (NUMBER.test(token.text)) return Number(token.text);
    return token.text;
  }

  comparison(): FactCondition {
    const fact = this.fact();
    if (this.isWord('is')) {
      this.position += 1;
      const what = this.next().text;
      if (what !== 'blank' && what !== 'filled') this.fail(`expected "is blank" or "is filled", not "is ${what}"`);
      return { ...fact, operator: 'isBlank', value: what === 'blank' };
    }
    let operator: string;
    if (this.isWord('not') && this.isWord('in', 1)) {
      this.position += 2;
      operator = 'notIn';
    } else {
      const token = this.next();
      if (token.kind !== 'word') this.fail(`expected an operator, not "${token.text}"`);
      operator = SYMBOLS[token.text] ?? token.text;
    }
    return { ...fact, operator, value: this.value() };
  }
}

/** Compiles one condition of the rule source into a json-rules-engine condition; throws {@link RuleDefinitionError} naming the rule. */
export function parseCondition(text: string, ruleId: string): Condition {
  const parser = new Parser(tokenize(text, ruleId), ruleId, text);
  const condition = parser.or();
  if (!parser.done()) parser.fail(`unexpected "${parser.peek()!.text}"`);
  return condition;
}

function printValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(printValue).join(', ')}]`;
  if (value !== null && typeof value === 'object' && 'fact' in value) return `@${printFact(value as FactReference)}`;
  if (typeof value === 'string') return WORD.test(value) && !KEYWORDS.has(value) && !NUMBER.test(value) && value !== '' ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** A fact reference as the rule source writes it. */
function printFact(reference: FactReference): string {
  const head = reference.fact === 'application' ? 'app' : reference.fact;
  const params = reference.params ? `(${Object.entries(reference.params).map(([key, value]) => `${key}=${printValue(value)}`).join(', ')})` : '';
  const path = reference.path ? `.${reference.path.replace(/^\$\./, '')}` : '';
  return `${head}${params}${path}`;
}

/** A json-rules-engine condition in the rule source's language (used once to convert the hand-written JSON, and by tests). */
export function printCondition(condition: Condition, nested = false): string {
  if ('all' in condition || 'any' in condition) {
    const [parts, joiner] = 'all' in condition ? [condition.all, ' and '] : [condition.any, ' or '];
    const text = parts.map((part) => printCondition(part, true)).join(joiner);
    return nested || parts.length === 1 ? `(${text})` : text;
  }
  if ('not' in condition) return `not ${printCondition(condition.not, true)}`;
  const fact = printFact(condition);
  if (condition.operator === 'isBlank' && typeof condition.value === 'boolean') return `${fact} is ${condition.value ? 'blank' : 'filled'}`;
  if (condition.operator === 'notIn') return `${fact} not in ${printValue(condition.value)}`;
  return `${fact} ${BY_OPERATOR[condition.operator] ?? condition.operator} ${printValue(condition.value)}`;
}
