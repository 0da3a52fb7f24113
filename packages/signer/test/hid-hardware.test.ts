// Opt-in hardware test: EXLIC_HID_TESTS=1 EXLIC_HID_PIN=… npx vitest run packages/signer/test/hid-hardware.test.ts with a real e-key plugged in.
import { describe, expect, it } from 'vitest';
import { createEKeySigner, verifySignature } from '@exlic/signer';
import { createRecordingTransport } from '@exlic/signer/protocol';
import { hidEKeys } from '../src/node';

const enabled = process.env['EXLIC_HID_TESTS'] === '1';
if (!enabled) {
  process.stderr.write('skipped a real USB e-key: needs one plugged in; run EXLIC_HID_TESTS=1 EXLIC_HID_PIN=… npx vitest run packages/signer/test/hid-hardware.test.ts\n');
}

describe.skipIf(!enabled)('a real USB e-key', () => {
  it('lists it, signs with it, and prints the session as a replay fixture', async () => {
    const [descriptor] = await hidEKeys.list();
    expect(descriptor).toBeDefined();
    const recorder = createRecordingTransport({ transport: await hidEKeys.open({ ...(descriptor ? { descriptor } : {}) }) });
    const signer = createEKeySigner({ transport: recorder, pin: process.env['EXLIC_HID_PIN'] ?? '' });
    const message = new TextEncoder().encode('exlic hardware test');
    const result = await signer.sign(message);
    expect(verifySignature({ message, result })).toBe(true);
    process.stdout.write(recorder.fixture());
    await signer.close();
  });
});
