// Writes packages/core/src/data/pinyin.generated.json: the full pinyin (pinyin-pro, no tones,
// syllables separated by spaces) of every Chinese name and alias in the bundled tables and catalog.
// Run it after changing a data file: `npm run gen:pinyin`. A test fails when it is out of date.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { customPinyin, pinyin } from 'pinyin-pro';

const dataDir = new URL('../packages/core/src/data/', import.meta.url).pathname;
// Trade terms the dictionary reads otherwise (热轧 is re zha, not re ya); core exports the same list.
customPinyin(JSON.parse(readFileSync(join(dataDir, 'pinyin-terms.json'), 'utf8')).terms);
const texts = new Set();
for (const folder of ['tables', 'catalog']) {
  for (const file of readdirSync(join(dataDir, folder)).filter((name) => name.endsWith('.json')).sort()) {
    const table = JSON.parse(readFileSync(join(dataDir, folder, file), 'utf8'));
    for (const entry of table.entries) {
      for (const text of [entry.name, ...(entry.aliases ?? [])]) if (/\p{Script=Han}/u.test(text)) texts.add(text);
    }
  }
}
const map = {};
for (const text of [...texts].sort()) map[text] = toPinyin(text);
writeFileSync(join(dataDir, 'pinyin.generated.json'), `${JSON.stringify(map, null, 1)}\n`);
console.log(`pinyin for ${texts.size} names written`);

/** The same function the freshness test uses: keep them in step. */
export function toPinyin(text) {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .map((syllable) => syllable.trim().toLowerCase())
    .filter(Boolean)
    .join(' ');
}
