// SM2 signatures and verifications per second on one 2 KB message: our native path, our pure-JS path, sm-crypto-v2, and bare OpenSSL.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { sm2 as smV2 } from 'sm-crypto-v2';
import smCrypto from 'sm-crypto';
import { generateSm2KeyPair, pureSm2Engine } from '../src/index';
import { createNodeSm2Engine } from '../src/node';
import { encodeSm2Pkcs8Der, encodeSm2SpkiDer } from '../src/sm2-keys';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const MESSAGE = new Uint8Array(randomBytes(2048));
const { privateKey, publicKey } = generateSm2KeyPair();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function opsPerSecond(run: () => void, minMs = 1500): number {
  for (let i = 0; i < 20; i++) run();
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 10; i++) run();
    count += 10;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

interface Row {
  name: string;
  what: string;
  sign: number;
  verify: number;
  /** Does a signature of this row verify with sm-crypto (GM/T default user id)? */
  standard: string;
}

const rows: Row[] = [];
const independent = (signature: Uint8Array) => (smCrypto.sm2.doVerifySignature(Array.from(MESSAGE), hex(signature), hex(publicKey), { der: true, hash: true }) ? 'yes' : 'NO');

const native = createNodeSm2Engine();
const nativeSignature = native.sign({ privateKey, message: MESSAGE });
rows.push({
  name: 'exlic native (node)',
  what: 'createSign(SM3) over Z‖M, key cache warm',
  sign: opsPerSecond(() => native.sign({ privateKey, message: MESSAGE })),
  verify: opsPerSecond(() => native.verify({ publicKey, message: MESSAGE, signature: nativeSignature })),
  standard: independent(nativeSignature),
});

const pureSignature = pureSm2Engine.sign({ privateKey, message: MESSAGE });
rows.push({
  name: 'exlic pure-JS',
  what: 'own SM3 + @noble/curves, key cache warm',
  sign: opsPerSecond(() => pureSm2Engine.sign({ privateKey, message: MESSAGE })),
  verify: opsPerSecond(() => pureSm2Engine.verify({ publicKey, message: MESSAGE, signature: pureSignature })),
  standard: independent(pureSignature),
});

const v2Signature = smV2.doSignature(MESSAGE, hex(privateKey), { der: true, hash: true, publicKey: hex(publicKey) });
rows.push({
  name: 'sm-crypto-v2',
  what: 'doSignature/doVerifySignature, der + hash',
  sign: opsPerSecond(() => smV2.doSignature(MESSAGE, hex(privateKey), { der: true, hash: true, publicKey: hex(publicKey) })),
  verify: opsPerSecond(() => smV2.doVerifySignature(MESSAGE, v2Signature, hex(publicKey), { der: true, hash: true })),
  standard: independent(Buffer.from(v2Signature, 'hex')),
});

// Bare OpenSSL: EVP_DigestSign with the SM2 key on the same message, no JavaScript hashing; OpenSSL uses an empty user id here, so its signatures are not GM/T-default ones.
const key = createPrivateKey({ key: Buffer.from(encodeSm2Pkcs8Der(privateKey)), format: 'der', type: 'pkcs8' });
const pub = createPublicKey({ key: Buffer.from(encodeSm2SpkiDer(publicKey)), format: 'der', type: 'spki' });
const opensslSignature = cryptoSign(null, MESSAGE, key);
rows.push({
  name: 'bare OpenSSL (via node)',
  what: 'crypto.sign(null, msg, sm2Key): EVP_DigestSign',
  sign: opsPerSecond(() => cryptoSign(null, MESSAGE, key)),
  verify: opsPerSecond(() => cryptoVerify(null, MESSAGE, pub, opensslSignature)),
  standard: independent(new Uint8Array(opensslSignature)),
});

let speed = '';
try {
  const out = execFileSync('openssl', ['speed', '-seconds', '3', 'sm2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const match = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (match) rows.push({ name: 'openssl speed sm2', what: 'CLI, short fixed input (not 2 KB)', sign: Number(match[1]), verify: Number(match[2]), standard: 'n/a' });
} catch {
  speed = '(openssl CLI not available: openssl speed row skipped)';
}

const baseline = rows.find((row) => row.name.startsWith('bare OpenSSL'))!;
const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number) => value.toFixed(0).padStart(9);
const ratio = (value: number, base: number) => `${(base / value).toFixed(2)}x`.padStart(8);
console.log(`SM2 on a ${MESSAGE.length}-byte message, one key, ${process.version}, ${process.arch}`);
console.log(`${pad('implementation', 26)}${pad('what is timed', 48)}  sign/s  verify/s  sign vs OpenSSL  verify vs OpenSSL  GM/T-verifiable`);
for (const row of rows) {
  console.log(`${pad(row.name, 26)}${pad(row.what, 48)}${num(row.sign)}${num(row.verify)}${ratio(row.sign, baseline.sign).padStart(16)}${ratio(row.verify, baseline.verify).padStart(19)}  ${row.standard}`);
}
console.log('"vs OpenSSL" = bare OpenSSL ops/s divided by this row (1.00x = as fast, 2.00x = half as fast). GM/T-verifiable = sm-crypto verifies it with the default user id 1234567812345678.');
if (speed) console.log(speed);
console.log(machineLine());
