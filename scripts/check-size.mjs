// The browser-bundle budget: each entry is bundled from the built packages (dist, through node_modules) the
// way a browser app's bundler would (esbuild, platform browser, minified), gzipped, and held to its budget.
// `npm test` runs it (through test:packages) and fails on a bundle over budget; `npm run bench` prints it.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// No entry may carry these: json-rules-engine belongs to @exlic/rules/engine only; decimal.js and date-fns
// are test oracles (core's own exact decimals and calendar are the run-time implementation).
const FORBIDDEN = /node_modules\/(json-rules-engine|decimal\.js|date-fns)\//;

/** Each entry: what a user's browser code imports, and the gzip budget in KB (1 KB = 1,000 bytes). */
export const ENTRIES = [
  {
    name: 'core + rules check + search + field metadata',
    source:
      "import { check } from '@exlic/rules';\n" +
      "import { searchCodeTable, getField, FIELDS } from '@exlic/core';\n" +
      'globalThis.out = [check, searchCodeTable, getField, FIELDS];',
    // 102: the bundled rule set as generated code (issue 22) is 3.05 KB of it, measured alone (esbuild minify + gzip).
    budgetKb: 102,
  },
  {
    // The form controller on top of what a form needs anyway (core's tables and catalog, the rules' check).
    name: 'form controller (with core and rules)',
    source: "import { createApplicationForm } from '@exlic/form';\nglobalThis.out = createApplicationForm;",
    // 112: the rules' generated code, as above.
    budgetKb: 112,
  },
  {
    // The controller's own weight, core and rules left to the app's shared copies.
    name: 'form controller alone (core and rules external)',
    source: "import { createApplicationForm } from '@exlic/form';\nglobalThis.out = createApplicationForm;",
    external: ['@exlic/core', '@exlic/rules'],
    budgetKb: 12,
  },
  {
    name: 'canonicalize',
    source: "import { canonicalize } from '@exlic/core';\nglobalThis.out = canonicalize;",
    budgetKb: 30,
  },
  {
    name: 'software signer + SM3',
    source: "import { createSoftwareSigner, sm3 } from '@exlic/signer';\nglobalThis.out = [createSoftwareSigner, sm3];",
    budgetKb: 40,
  },
  {
    // The client's own weight (ky and its code), core left to the app's shared copy; a browser build also proves the entry needs no Node built-in.
    name: 'client alone (core external)',
    source: "import { createClient } from '@exlic/client';\nglobalThis.out = createClient;",
    external: ['@exlic/core'],
    budgetKb: 15,
  },
  {
    name: 'client push verification (core external)',
    source: "import { createPushReceiver, verifyPush, signPush } from '@exlic/client/push';\nglobalThis.out = [createPushReceiver, verifyPush, signPush];",
    external: ['@exlic/core'],
    budgetKb: 10,
  },
];

/** Bundles one entry and answers its minified and gzipped sizes in bytes, and the largest inputs. */
export async function measure(entry) {
  const result = await build({
    stdin: { contents: entry.source, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    charset: 'utf8',
    metafile: true,
    ...(entry.external ? { external: entry.external } : {}),
    // Resolve @exlic/* as users get them (dist, through node_modules), not through the root tsconfig's paths to src.
    tsconfigRaw: '{}',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const forbidden = Object.keys(inputs).filter((path) => FORBIDDEN.test(path));
  const largest = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, largest, forbidden };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const verbose = process.argv.includes('--verbose');
  let over = 0;
  for (const entry of ENTRIES) {
    const { minified, gzip, largest, forbidden } = await measure(entry);
    const ok = gzip <= entry.budgetKb * 1000 && forbidden.length === 0;
    if (!ok) over += 1;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${entry.name}: ${kb(gzip)} gzip (budget ${entry.budgetKb} KB), ${kb(minified)} minified`,
    );
    for (const path of forbidden) console.log(`       carries ${path}, which no browser bundle should`);
    if (verbose || !ok) for (const input of largest) console.log(`       ${kb(input.bytes).padStart(9)}  ${input.path}`);
  }
  if (over > 0) {
    console.error(`${over} bundle(s) over budget or carrying a forbidden module: see the inputs above`);
    process.exit(1);
  }
}
