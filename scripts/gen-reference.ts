// Writes docs/reference/ from the code (see scripts/reference.ts). Run: npm run gen:reference
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderReference } from './reference';

const folder = new URL('../docs/reference/', import.meta.url);
mkdirSync(folder, { recursive: true });
for (const [name, text] of Object.entries(renderReference())) {
  writeFileSync(new URL(name, folder), text);
  console.log(`wrote docs/reference/${name}`);
}
