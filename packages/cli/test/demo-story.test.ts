// The demo's story in process: a failure anywhere names its step, and nothing is left running.
import { describe, expect, it } from 'vitest';
import { createNarrator } from '../src/demo/narrator';
import { DemoStepError, runStory } from '../src/demo/story';

describe('the demo story', () => {
  it('stops at a failing step with its number and title, in the chosen language', { timeout: 60_000 }, async () => {
    let output = '';
    const narrator = createNarrator((text) => (output += text), 'zh', false);
    // The narrator fails while the ninth step (sign and declare) reports what it sends.
    const failing = {
      ...narrator,
      sent(text: string) {
        if (text.includes('/declare')) throw new Error('the wire broke');
        narrator.sent(text);
      },
    };
    const error = await runStory(failing).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DemoStepError);
    expect((error as DemoStepError).step).toBe(9);
    expect((error as DemoStepError).message).toBe('step 9 (电子钥匙签名并申报) failed: the wire broke');
    // Steps 1 to 8 ran and were told; the tenth never started.
    expect(output).toContain(' 8. 上传合同和产品质量检验合格证明');
    expect(output).not.toContain('10.');
  });

  it('ends with a licence number and one verified receipt per event of the feed', { timeout: 60_000 }, async () => {
    let output = '';
    const result = await runStory(createNarrator((text) => (output += text), 'en', false));
    expect(result.licenceNo).toMatch(/^\d{2}-[0-9A-Z]{2}-\d{6}$/);
    // declared, returned, declared again, first passed, second passed, printed.
    expect(result.receiptsVerified).toBe(6);
    expect(output).toContain(`Licence number: ${result.licenceNo}`);
  });
});
