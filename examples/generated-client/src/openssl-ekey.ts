/**
 * The e-key of this example: an SM2 key and a self-signed certificate made by the OpenSSL command line, and SM2-with-SM3
 * signatures made by it too, with the GM/T 0009 default user id `1234567812345678`.
 *
 * Why the command line and not `node:crypto`: Node's crypto (20 and 24) has no way to set the SM2 user id (OpenSSL's
 * `distid`); `crypto.sign(null, data, sm2Key)` signs with an empty id, which no Single Window verifier accepts.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The SM2 user id (distinguishing identifier) of GM/T 0009, which the contract names. */
export const SM2_USER_ID = '1234567812345678';

/** An e-key: its certificate and a signing function. */
export interface OpensslEKey {
  /** The certificate, PEM. */
  certificate: string;
  /** SM3 over the certificate's DER, lower-case hex: what a binding names. */
  fingerprint: string;
  /** Signs `message` with SM2-with-SM3 and the default user id; answers the DER signature. */
  sign(message: Uint8Array): Buffer;
  /** Removes the key files. */
  dispose(): void;
}

function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
}

/** True when an `openssl` command with SM2 is on the PATH. */
export function hasOpensslSm2(): boolean {
  try {
    return openssl(['list', '-public-key-algorithms']).toString().includes('SM2');
  } catch {
    return false;
  }
}

/** Makes a fresh key and a self-signed certificate (CN = `commonName`) in a temporary folder. */
export function createOpensslEKey(commonName: string): OpensslEKey {
  const folder = mkdtempSync(join(tmpdir(), 'exlic-generated-client-'));
  const key = join(folder, 'key.pem');
  const certificatePath = join(folder, 'certificate.pem');
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', key]);
  openssl(['req', '-new', '-x509', '-key', key, '-sm3', '-sigopt', `distid:${SM2_USER_ID}`, '-subj', `/CN=${commonName}`, '-days', '30', '-out', certificatePath]);
  const certificate = readFileSync(certificatePath, 'utf8');
  const der = openssl(['x509', '-in', certificatePath, '-outform', 'DER']);
  return {
    certificate,
    fingerprint: createHash('sm3').update(der).digest('hex'),
    sign(message) {
      const input = join(folder, 'message');
      writeFileSync(input, message);
      return openssl(['dgst', '-sm3', '-sign', key, '-sigopt', `distid:${SM2_USER_ID}`, input]);
    },
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}
