// How the demo talks: numbered steps, one line for what was sent (→) and one or a few for what came
// back (←), in Chinese or English, with colour only on a terminal.
import { createColors } from 'picocolors';

/** The demo's two languages. */
export type DemoLanguage = 'zh' | 'en';

/** A sentence in both languages. */
interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** Writes the story. */
export interface Narrator {
  readonly lang: DemoLanguage;
  /** Picks the sentence in the demo's language. */
  t(text: Bilingual): string;
  /** Starts step `n`. */
  step(n: number, title: Bilingual): void;
  /** What was sent. */
  sent(text: string): void;
  /** What came back. */
  received(text: string): void;
  /** A plain line under the step. */
  say(text: string): void;
  /** A line in the failure colour (violations, refusals that the story expects). */
  warn(text: string): void;
  /** The last line. */
  done(text: string): void;
}

/** A narrator writing to `write`, coloured when `color` is true. */
export function createNarrator(write: (text: string) => void, lang: DemoLanguage, color: boolean): Narrator {
  const c = createColors(color);
  const t = (text: Bilingual) => text[lang];
  return {
    lang,
    t,
    step: (n, title) => write(`\n${c.bold(c.cyan(`${String(n).padStart(2)}.`))} ${c.bold(t(title))}\n`),
    sent: (text) => write(`    ${c.blue('→')} ${text}\n`),
    received: (text) => write(`    ${c.green('←')} ${text}\n`),
    say: (text) => write(`      ${c.dim(text)}\n`),
    warn: (text) => write(`      ${c.red(text)}\n`),
    done: (text) => write(`\n${c.bold(c.green(text))}\n`),
  };
}
