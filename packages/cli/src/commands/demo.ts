import { parseArgs } from 'node:util';
import { createNarrator, type DemoLanguage } from '../demo/narrator';
import { DemoStepError, runStory } from '../demo/story';
import { EXIT, UsageError, colorEnabled, type CliIo } from '../io';

const USAGE = `Usage: exlic demo [--lang zh|en]

Tells a whole export licence application on the terminal, against a Single Window sandbox in memory,
with a virtual e-key and @exlic/client: bind the e-key, look up a steel commodity and the codes by
pinyin initials, check an incomplete application and fix it, save, upload, sign and declare, a
returned first review, a second declaration, both reviews passed and a licence number, printing,
customs' use of the licence, statistics, and every receipt pushed to a local endpoint and verified.
Nothing leaves this machine (the endpoint listens on 127.0.0.1).

Options:
  --lang zh|en   the language of the story (default: zh when LANG starts with zh, else en)

Exit status: 0 when every step worked; 1 with the failed step's number and title.
`;

/** `exlic demo`: the whole licence story in numbered steps (also `npm run demo`). */
export async function runDemo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const lang = values.lang ?? (io.env['LANG']?.startsWith('zh') ? 'zh' : 'en');
  if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang must be zh or en, got "${lang}"`);
  const narrator = createNarrator((text) => io.stdout.write(text), lang as DemoLanguage, colorEnabled(io, io.stdout));
  try {
    await runStory(narrator);
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof DemoStepError ? error.message : `the demo failed: ${(error as Error).stack ?? String(error)}`;
    io.stderr.write(`\nexlic demo: ${message}\n`);
    return EXIT.finding;
  }
}
