// Signatures per second through createEKeySigner over a virtual e-key (framed HID transport), the path issue 7 changed: answer pairing and the check of each signature before it is returned.
// Usage: npx tsx packages/signer/bench/ekey-sign.bench.ts [signer src dir] (default: this package's src), to compare with an older checkout.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const source = resolve(process.argv[2] ?? new URL('../src', import.meta.url).pathname);
interface Api {
  createVirtualEKey(options: { pin: string }): { openTransport(): unknown };
  createEKeySigner(options: { transport: unknown; pin: string }): { sign(data: Uint8Array): Promise<unknown>; close(): Promise<void> };
}
const api = (await import(pathToFileURL(`${source}/index.ts`).href)) as Api;
const key = api.createVirtualEKey({ pin: '12345678' });
// ENGINE=native checks signatures with the OpenSSL engine (an option the older code does not have, and ignores).
const engine = process.env.ENGINE === 'native' ? ((await import(pathToFileURL(`${source}/node.ts`).href)) as { createNodeSm2Engine(): unknown }).createNodeSm2Engine() : undefined;
const signer = api.createEKeySigner({ transport: key.openTransport(), pin: '12345678', ...(engine ? { engine } : {}) } as { transport: unknown; pin: string });
const message = new Uint8Array(2048).fill(0x41);
for (let i = 0; i < 20; i++) await signer.sign(message);
let count = 0;
const started = performance.now();
while (performance.now() - started < 3000) {
  await signer.sign(message);
  count++;
}
console.log(`e-key signer over a virtual key (${source}${engine ? ', native check' : ''}): ${((count * 1000) / (performance.now() - started)).toFixed(0)} sign/s, 2 KB message, ${process.version}`);
await signer.close();
