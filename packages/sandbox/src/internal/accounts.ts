/** Enterprises, operators and their bearer tokens; only a token's hash is stored. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxEnterprise } from '../options';
import { nowIso, sha256Hex, type Ctx, type Identity } from './context';
import { refuse } from './problem';

/** Creates the enterprises and operators that do not exist yet (a file database keeps earlier ones). */
export async function seedEnterprises(ctx: Ctx, enterprises: readonly SandboxEnterprise[]): Promise<void> {
  const statements = enterprises.flatMap((enterprise) => [
    { sql: 'INSERT OR IGNORE INTO enterprises (code, uscc, name) VALUES (?, ?, ?)', args: [enterprise.code, enterprise.uscc, enterprise.name] },
    ...enterprise.operators.map((operator) => ({ sql: 'INSERT OR IGNORE INTO operators (id, enterprise, name) VALUES (?, ?, ?)', args: [operator.id, enterprise.code, operator.name ?? operator.id] })),
  ]);
  await ctx.db.write(statements);
}

/** How long an operator token lives unless its issuer says otherwise. */
const DEFAULT_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

/** Issues a new bearer token for an operator of an enterprise, valid for `ttlSeconds`; returns it and when it expires. */
export async function issueToken(ctx: Ctx, enterprise: string, operator: string, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: string }> {
  const row = await ctx.db.one('SELECT enterprise FROM operators WHERE id = ?', [operator]);
  if (row === undefined || String(row.enterprise) !== enterprise) throw refuse('notFound', `Enterprise ${enterprise} has no operator "${operator}".`);
  const token = `exlic_sbx_${randomBytes(24).toString('base64url')}`;
  const now = ctx.options.now();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await ctx.db.write([{ sql: 'INSERT INTO tokens (hash, operator, created_at, expires_at) VALUES (?, ?, ?, ?)', args: [sha256Hex(token), operator, now.toISOString(), expiresAt] }]);
  return { token, expiresAt };
}

/** Revokes a token (known or not: the answer does not tell which); a revoked token is refused from then on. */
export async function revokeToken(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.write([{ sql: 'UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL', args: [nowIso(ctx), sha256Hex(token)] }]);
}

/** The bearer token of an Authorization header, or undefined. */
function bearerOf(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return match?.[1];
}

/** The operator a bearer token belongs to; 401 for a missing or unknown one (the token is never repeated back). */
export async function authenticate(ctx: Ctx, header: string | undefined): Promise<Identity> {
  const token = bearerOf(header);
  if (token === undefined) throw refuse('unauthorized', 'Send Authorization: Bearer <operator token> (exlic sandbox prints the demo tokens; issueToken makes more).');
  const row = await ctx.db.one('SELECT o.id, o.name, o.enterprise, t.expires_at, t.revoked_at FROM tokens t JOIN operators o ON o.id = t.operator WHERE t.hash = ?', [sha256Hex(token)]);
  if (row === undefined) throw refuse('unauthorized', 'The bearer token is not one this sandbox issued (a restarted :memory: sandbox forgets its tokens).');
  if (row.revoked_at !== null) throw refuse('unauthorized', 'The bearer token was revoked: ask for a new one.');
  if (row.expires_at !== null && String(row.expires_at) <= nowIso(ctx)) throw refuse('unauthorized', 'The bearer token has expired: ask for a new one (POST /v1/admin/tokens, or restart `exlic sandbox`).');
  return { operator: String(row.id), operatorName: String(row.name), enterprise: String(row.enterprise) };
}

/** True when a bearer token is the admin token (constant time). */
export function isAdmin(adminToken: string, header: string | undefined): boolean {
  const token = bearerOf(header);
  if (token === undefined) return false;
  const a = Buffer.from(sha256Hex(token));
  const b = Buffer.from(sha256Hex(adminToken));
  return timingSafeEqual(a, b);
}
