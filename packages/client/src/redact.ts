/** Redaction: secrets never leave the client in a message, a cause, `toJSON()`, `util.inspect` or a log line. */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

// Patterns that carry secrets whatever their value: bearer tokens, webhook secrets, JSON fields and query parameters named like a secret (signatures, PINs, tokens), private keys.
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, REDACTED],
  [/("(?:token|pin|signature|secret|privateKey|password|authorization|idempotency-key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  [/\b((?:token|pin|signature|secret|password)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
];

/** Replaces every known secret and every secret-shaped field in `text` with `[REDACTED]`. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_KEYS = /^(?:authorization|token|pin|signature|secret|privatekey|password|idempotency-key|cookie)$/i;

/** A deep copy of `value` with secret-named keys and known secrets (in keys and values) redacted; cycles and depth are bounded, and `__proto__` keys stay plain data. */
export function redactValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactValue(item, secrets, depth + 1));
  if (value instanceof Error) return redactError(value, secrets, depth + 1);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    // Keys are data from outside too: a secret may come back as a key.
    Object.defineProperty(out, redactText(key, secrets), { value: SECRET_KEYS.test(key) ? REDACTED : redactValue(item, secrets, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A plain, secret-free copy of an error (name, message, code, cause chain), safe to keep as a `cause` or to log. */
export function redactError(error: unknown, secrets: readonly string[] = [], depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redactText(String(error), secrets));
  const copy = new Error(redactText(error.message, secrets), depth < 4 && error.cause !== undefined ? { cause: redactError(error.cause, secrets, depth + 1) } : undefined);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
