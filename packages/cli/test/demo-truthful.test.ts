// The demo says what it does: the check call it prints is the call it makes (recorded here by wrapping
// @exlic/rules' check), it says why the test enterprise's credit code only warns, and under --lang zh it
// speaks Chinese only.
import { creditCodeCheckCharacter } from '@exlic/core';
import type * as Rules from '@exlic/rules';
import type { CheckOptions } from '@exlic/rules';
import { describe, expect, it, vi } from 'vitest';
import { createNarrator, type DemoLanguage } from '../src/demo/narrator';
import { checkCallText, runStory } from '../src/demo/story';

const calls = vi.hoisted(() => [] as { options: CheckOptions | undefined }[]);
vi.mock('@exlic/rules', async (importOriginal) => {
  const actual = await importOriginal<typeof Rules>();
  return {
    ...actual,
    check: (application: unknown, options?: CheckOptions) => {
      calls.push({ options });
      return actual.check(application, options);
    },
  };
});

/** Runs the story, noting for each printed `check(…)` line which recorded call came next (the story prints, then calls). */
async function tell(lang: DemoLanguage): Promise<{ output: string; printed: { text: string; call: number }[] }> {
  let output = '';
  const printed: { text: string; call: number }[] = [];
  const narrator = createNarrator((text) => (output += text), lang, false);
  await runStory({
    ...narrator,
    sent(text: string) {
      if (text.startsWith('check(')) printed.push({ text: text.split('  #')[0]!, call: calls.length });
      narrator.sent(text);
    },
  });
  return { output, printed };
}

// Two or more English words in a row: a sentence, or part of one. URLs, code and single wire values (draft,
// USD, valid: false) are not sentences; "Standard Webhooks" is a specification's name.
const ENGLISH = /[A-Za-z]{2,}(?: [A-Za-z]{2,})+/g;
const NAMES = new Set(['Standard Webhooks']);
function englishIn(output: string): string[] {
  const text = output.replace(/https?:\/\/\S+/g, '');
  return [...text.matchAll(ENGLISH)].map((match) => match[0]).filter((words) => !NAMES.has(words));
}

describe('the demo tells the truth', () => {
  it('prints the check call it makes, with the options it passes', { timeout: 60_000 }, async () => {
    calls.length = 0;
    const { printed } = await tell('en');
    expect(printed.length).toBeGreaterThanOrEqual(2);
    for (const { text, call } of printed) {
      const made = calls[call];
      expect(made, text).toBeDefined();
      expect(text).toBe(checkCallText(made!.options));
    }
    // What step 5 shows is what it ran: the test profile, not the default production one.
    expect(printed[0]!.text).toBe("check(application, { phase: 'declare', profile: 'test' })");
  });

  it('explains the test enterprise\'s check-character warning with the character the standard computes', { timeout: 60_000 }, async () => {
    const { output } = await tell('en');
    const uscc = /credit code (\d[0-9A-Z]{17})/.exec(output)?.[1];
    expect(uscc).toBeDefined();
    const expected = creditCodeCheckCharacter(uscc!.slice(0, 17));
    expect(expected).not.toBe(uscc!.slice(17));
    expect(output).toContain(`GB 32100-2015 computes as ${expected}`);
    expect(output).toMatch(/⚠ exporter\.uscc: .*\n(.*\n)*.*Why only a warning/);
  });

  it('under --lang zh speaks only Chinese; in English it speaks English', { timeout: 90_000 }, async () => {
    const zh = await tell('zh');
    expect(englishIn(zh.output)).toEqual([]);
    expect(zh.output).toContain('为何只是警告');
    expect(zh.output).toMatch(/许可证号: \d{2}-[0-9A-Z]{2}-\d{6}\n/);
    // The detector does find English where there is some.
    expect(englishIn((await tell('en')).output).length).toBeGreaterThan(10);
  });
});
