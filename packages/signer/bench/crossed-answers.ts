// Reproduces issue 7's worst fault: after one SignerTimeoutError, do later sign() calls resolve with a signature over ANOTHER message?
// Usage: npx tsx packages/signer/bench/crossed-answers.ts [signer src dir] (default: this package's src). Env: SIGNS (150), RUNS (3).
// The device answers every command, but the answer to the first SIGN comes late: the read that waits for it times out and the answer stays in the device's queue, as a slow USB key does.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const source = resolve(process.argv[2] ?? new URL('../src', import.meta.url).pathname);
const signs = Number(process.env.SIGNS ?? 150);
const runs = Number(process.env.RUNS ?? 3);

interface HidDevice {
  write(report: Uint8Array): Promise<void>;
  read(timeout: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}
interface SignatureResult { algorithm: string; signature: Uint8Array; certificate: string }
interface Api {
  createVirtualEKey(options: { pin: string }): { openHidDevice(): HidDevice };
  createHidTransport(options: { device: HidDevice; timeout?: number }): unknown;
  createEKeySigner(options: { transport: unknown; pin: string }): { sign(data: Uint8Array): Promise<SignatureResult>; close(): Promise<void> };
  verifySignature(options: { message: Uint8Array; result: SignatureResult }): boolean;
}

const api = (await import(pathToFileURL(`${source}/index.ts`).href)) as Api;
const PIN = '24681357';

// Seeded PRNG (mulberry32), so a run can be repeated.
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// Mode "once": only the first SIGN answer is late. Mode "sometimes": besides, each later read is late with probability 3 % (a key that is now and then slow).
async function run(seed: number, mode: 'once' | 'sometimes') {
  const random = prng(seed);
  const key = api.createVirtualEKey({ pin: PIN });
  const inner = key.openHidDevice();
  let lateOnce = false;
  // A device whose answer is late exactly once: that read reports "nothing yet" after the timeout while the answer is already waiting.
  const device: HidDevice = {
    write: (report) => inner.write(report),
    async read(timeout) {
      if (lateOnce) {
        lateOnce = false;
        await new Promise((r) => setTimeout(r, timeout));
        return undefined;
      }
      return inner.read(timeout);
    },
    close: () => inner.close(),
  };
  const signer = api.createEKeySigner({ transport: api.createHidTransport({ device, timeout: 50 }), pin: PIN });
  const messages: Uint8Array[] = [];
  const message = (i: number) => new TextEncoder().encode(`{"seed":${seed},"applicationNo":"EL-${i}"}`);
  // Warm up (certificate cached), then one signature whose answer is late.
  await signer.sign(message(-1));
  messages.push(message(-1));
  const first = message(0);
  messages.push(first);
  // The 4th read of a sign is SIGN's answer when the certificate is cached (SELECT, VERIFY, SIGN): count reads to make that one late.
  let reads = 0;
  const originalRead = device.read.bind(device);
  device.read = (timeout) => {
    reads++;
    if (reads === 3) lateOnce = true;
    return originalRead(timeout);
  };
  const firstError = await signer.sign(first).then(() => 'resolved', (error: Error) => error.name);
  device.read = mode === 'once' ? originalRead : (timeout) => {
    if (random() < 0.03) lateOnce = true;
    return originalRead(timeout);
  };
  let own = 0;
  let other = 0;
  let invalid = 0;
  const errors = new Map<string, number>();
  for (let i = 1; i <= signs; i++) {
    const data = message(i);
    messages.push(data);
    try {
      const result = await signer.sign(data);
      if (api.verifySignature({ message: data, result })) own++;
      else if (messages.some((m) => m !== data && api.verifySignature({ message: m, result }))) other++;
      else invalid++;
    } catch (error) {
      const name = `${(error as Error).name}: ${(error as Error).message.slice(0, 60)}`;
      errors.set(name, (errors.get(name) ?? 0) + 1);
    }
  }
  await signer.close();
  return { firstError, own, other, invalid, errors };
}

console.log(`signer source: ${source}; ${runs} runs of ${signs} signs after one late answer`);
for (const mode of ['once', 'sometimes'] as const) for (let seed = 1; seed <= runs; seed++) {
  const r = await run(seed, mode);
  console.log(`${mode} seed ${seed}: first sign -> ${r.firstError}; own-message signatures ${r.own}, OTHER-message signatures ${r.other}, invalid ${r.invalid}, errors ${JSON.stringify(Object.fromEntries(r.errors))}`);
}
