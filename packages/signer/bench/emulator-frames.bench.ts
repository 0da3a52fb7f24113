// Memory of the client-control emulator under incomplete frame groups: 300 first frames of 1 MB each, never completed (issue 7 saw the heap go from 25 to 315 MB).
import WebSocket from 'ws';
import { encodeFrames } from '../src/protocol';
import { createVirtualEKey } from '../src/index';
import { startClientControlEmulator } from '../src/testing';
import { machineLine } from '../../../test-support/bench';

// The machine and its load next to the figures: a busy machine changes them.
console.log(machineLine());

const GROUPS = Number(process.env.GROUPS ?? 300);
const heapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const emulator = await startClientControlEmulator({ key: createVirtualEKey({ pin: '1234' }), port: 0 });
const socket = new WebSocket(emulator.url);
await new Promise((resolve) => socket.once('open', resolve));
let replies = 0;
socket.on('message', () => replies++);
const before = heapMb();
const block = 'z'.repeat(1024 * 1024);
// One first frame, its group id changed per group (the id is outside the check codes).
const [first] = encodeFrames(`${block}${block}`, { guid: '00000000-0000-0000-0000-000000000000', maxBytes: block.length + 3 });
const started = performance.now();
for (let i = 0; i < GROUPS; i++) {
  socket.send(`${first!.slice(0, 44)}${String(i).padStart(8, '0')}${first!.slice(52)}`);
  // Wait for each _nextBlock so the socket's own buffers do not count.
  while (replies <= i) await new Promise((resolve) => setTimeout(resolve, 1));
}
const elapsed = performance.now() - started;
const after = heapMb();
console.log(`${GROUPS} incomplete 1 MB frame groups in ${(elapsed / 1000).toFixed(1)} s: heap ${before.toFixed(0)} MB -> ${after.toFixed(0)} MB; the emulator holds ${(emulator.bufferedFrameLength / 1024 / 1024).toFixed(0)} MB of frames (limit: 4 groups, 32 MiB)${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for steady heap figures)'}`);
socket.close();
await emulator.close();
