/** E-key binding (绑卡) and the check of a declaration's signature against the bound key. */
import { certificateFingerprint, parseCertificate, verifyBindingProof } from '@exlic/signer';
import type { Signature } from '@exlic/core';
import { nowIso, randomId, type Ctx, type Identity } from '../internal/context';
import type { Handler } from '../internal/http';
import { refuse } from '../internal/problem';
import { isSandboxError } from '../errors';

const CHALLENGE_TTL_MS = 5 * 60_000;

/** The operator's binding, or null. */
async function bindingOf(ctx: Ctx, operator: string): Promise<{ certificateFingerprint: string; subject?: string; boundAt: string } | null> {
  const row = await ctx.db.one('SELECT ekey_fingerprint, ekey_subject, ekey_bound_at FROM operators WHERE id = ?', [operator]);
  if (row?.ekey_fingerprint === null || row?.ekey_fingerprint === undefined) return null;
  return { certificateFingerprint: String(row.ekey_fingerprint), ...(row.ekey_subject === null ? {} : { subject: String(row.ekey_subject) }), boundAt: String(row.ekey_bound_at) };
}

/** GET /v1/me */
export const getMe: Handler<'getMe'> = async (c) => {
  const { identity, ctx } = c.var;
  const enterprise = await ctx.db.one('SELECT code, uscc, name FROM enterprises WHERE code = ?', [identity.enterprise]);
  return c.json(
    {
      operator: { id: identity.operator, name: identity.operatorName },
      enterprise: { code: String(enterprise?.code), uscc: String(enterprise?.uscc), name: String(enterprise?.name) },
      ekey: await bindingOf(ctx, identity.operator),
    },
    200,
  );
};

/** POST /v1/ekey/challenge */
export const createEKeyChallenge: Handler<'createEKeyChallenge'> = async (c) => {
  const { identity, ctx } = c.var;
  const challenge = randomId('chl', 16);
  const expiresAt = new Date(ctx.options.now().getTime() + CHALLENGE_TTL_MS).toISOString();
  await ctx.db.write([
    { sql: 'DELETE FROM challenges WHERE expires_at < ?', args: [nowIso(ctx)] },
    { sql: 'INSERT INTO challenges (challenge, operator, expires_at) VALUES (?, ?, ?)', args: [challenge, identity.operator, expiresAt] },
  ]);
  return c.json({ challenge, account: identity.operator, expiresAt }, 201);
};

function base64Bytes(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw refuse('invalidRequest', `The ${what} must be base64.`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** POST /v1/ekey/bind */
export const bindEKey: Handler<'bindEKey'> = async (c) => {
  const { identity, ctx } = c.var;
  const body = c.req.valid('json');
  const row = await ctx.db.one('SELECT operator, expires_at FROM challenges WHERE challenge = ?', [body.challenge]);
  if (row === undefined || String(row.operator) !== identity.operator || String(row.expires_at) < nowIso(ctx) || body.account !== identity.operator) {
    throw refuse('challengeInvalid', 'The challenge is unknown, expired, used, or was issued to another account: ask POST /v1/ekey/challenge for a new one and sign it with bindingProof().');
  }
  let valid: boolean;
  let subject: string | undefined;
  try {
    const proof = { ...body, algorithm: 'SM2-SM3' as const, signature: base64Bytes(body.signature, 'signature') };
    valid = verifyBindingProof({ proof, challenge: body.challenge, engine: ctx.engine });
    subject = parseCertificate(body.certificate).subject.commonName;
  } catch (error) {
    if (isSandboxError(error)) throw error;
    valid = false;
  }
  if (!valid) throw refuse('signatureInvalid', 'The binding proof does not verify: its certificate, fingerprint or SM2 signature over the challenge is wrong.');
  const boundAt = nowIso(ctx);
  await ctx.db.write([
    { sql: 'UPDATE operators SET ekey_fingerprint = ?, ekey_subject = ?, ekey_bound_at = ? WHERE id = ?', args: [body.certificateFingerprint, subject ?? null, boundAt, identity.operator] },
    { sql: 'DELETE FROM challenges WHERE challenge = ?', args: [body.challenge] },
  ]);
  return c.json({ certificateFingerprint: body.certificateFingerprint, ...(subject === undefined ? {} : { subject }), boundAt }, 200);
};

/** What a declaration's check needs from a certificate: its fingerprint, and its SM2 public key (undefined when it has none). */
interface CertificateFacts {
  fingerprint: string;
  publicKey: Uint8Array | undefined;
}

/** How many certificates' facts are kept: an operator declares with one e-key at a time. */
const CERTIFICATES_KEPT = 64;

/**
 * Certificates' facts by the certificate's own text: decoding the PEM, hashing its DER and parsing its key cost a
 * declare about a third of its signature check. Keyed by the text, an entry can never be stale: which key is bound is
 * read from the database on every declare, so a rebinding (or a revoked token) takes effect at once. Only readable
 * certificates are kept, and the oldest goes first, so junk certificates cannot grow the map.
 */
const certificateFacts = new Map<string, CertificateFacts>();

/** The facts of a PEM certificate, or undefined when it is not a readable PEM X.509 certificate. */
function factsOf(certificate: string): CertificateFacts | undefined {
  const kept = certificateFacts.get(certificate);
  if (kept !== undefined) return kept;
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(certificate);
  } catch {
    return undefined;
  }
  let publicKey: Uint8Array | undefined;
  try {
    const info = parseCertificate(certificate);
    publicKey = info.keyType === 'SM2' ? info.publicKey : undefined;
  } catch {
    publicKey = undefined;
  }
  const facts = { fingerprint, publicKey };
  if (certificateFacts.size >= CERTIFICATES_KEPT) certificateFacts.delete(certificateFacts.keys().next().value!);
  certificateFacts.set(certificate, facts);
  return facts;
}

/**
 * Refuses unless `signature` is by the operator's bound e-key over exactly `message`. `bound` is the bound
 * certificate's fingerprint when the caller read it already (null: none bound); otherwise it is read here.
 */
export async function verifyDeclarationSignature(ctx: Ctx, identity: Identity, signature: Signature, message: Uint8Array, bound?: string | null): Promise<void> {
  const fingerprint = bound === undefined ? ((await bindingOf(ctx, identity.operator))?.certificateFingerprint ?? null) : bound;
  if (fingerprint === null) throw refuse('ekeyNotBound', `Operator ${identity.operator} has no bound e-key: bind one (POST /v1/ekey/challenge, then POST /v1/ekey/bind) before declaring.`);
  const facts = factsOf(signature.certificate);
  if (facts === undefined) throw refuse('signatureInvalid', 'The signature\'s certificate is not a readable PEM X.509 certificate.');
  if (facts.fingerprint !== fingerprint) throw refuse('ekeyMismatch', `The declaration was signed by another e-key than the one bound to ${identity.operator}: plug in the bound key.`);
  const bytes = base64Bytes(signature.signature, 'signature');
  let valid = false;
  try {
    // What verifySignature does after parsing the certificate: a certificate without an SM2 key verifies nothing.
    valid = facts.publicKey !== undefined && ctx.engine.verify({ publicKey: facts.publicKey, message, signature: bytes });
  } catch {
    valid = false;
  }
  if (!valid) throw refuse('signatureInvalid', 'The SM2 signature does not verify over the canonical bytes of the named version: sign canonicalize(record.application) of that version (GET …/signing-payload gives the bytes).');
}
