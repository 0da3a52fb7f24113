import { SdkError, createErrorGuard } from './errors';

/** Thrown when a value has no JSON canonical form: non-finite numbers, lone surrogates, cycles, functions. */
export class CanonicalizationError extends SdkError {
  override name = 'CanonicalizationError' as const;

  constructor(
    message: string,
    /** Where in the value, as keys and indices. */
    readonly path: readonly (string | number)[],
  ) {
    super(`${message} at ${path.length ? path.join('.') : 'the top level'}`);
  }
}

/** True when `error` is a {@link CanonicalizationError}, from any copy of this package or realm. */
export const isCanonicalizationError = createErrorGuard<CanonicalizationError>('CanonicalizationError');

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(text: string, path: (string | number)[]): string {
  if (LONE_SURROGATE.test(text)) throw new CanonicalizationError('a string holds a lone surrogate, which I-JSON forbids', path);
  return JSON.stringify(text);
}

function serialize(value: unknown, path: (string | number)[], seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${value} has no JSON form`, path);
      // RFC 8785 §3.2.2.3: numbers are written as ECMAScript's Number.prototype.toString writes them; JSON.stringify does exactly that and turns -0 into 0.
      return JSON.stringify(value);
    case 'string':
      return serializeString(value, path);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new CanonicalizationError('a bigint has no JSON form; write it as a decimal string', path);
    default:
      break;
  }
  const object = value as object;
  if (seen.has(object)) throw new CanonicalizationError('the value contains a cycle', path);
  seen.add(object);
  try {
    if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
      return serialize((object as { toJSON: () => unknown }).toJSON(), path, seen);
    }
    if (Array.isArray(object)) {
      const items = object.map((item, index) => serialize(item, [...path, index], seen) ?? 'null');
      return `[${items.join(',')}]`;
    }
    // RFC 8785 §3.2.3: properties sorted by their names' UTF-16 code units, which is what the default sort compares.
    const keys = Object.keys(object).sort();
    const members: string[] = [];
    for (const key of keys) {
      const member = serialize((object as Record<string, unknown>)[key], [...path, key], seen);
      if (member !== undefined) members.push(`${serializeString(key, path)}:${member}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}

/**
 * The RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: sorted keys, no white space,
 * ECMAScript number forms. Throws a {@link CanonicalizationError} for values JSON cannot hold.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, [], new Set());
  if (text === undefined) throw new CanonicalizationError('the value has no JSON form', []);
  return text;
}

/**
 * The RFC 8785 canonical bytes (UTF-8) of an application or any JSON value: what the e-key signs and
 * the Single Window verifies. The same data gives the same bytes whatever its key order.
 * @example const bytes = canonicalize(application); const signature = await signer.sign(bytes);
 */
export function canonicalize(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
