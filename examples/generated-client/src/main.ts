// Runs the flow against a running sandbox: EXLIC_URL and EXLIC_TOKEN (printed by `exlic sandbox`), and a sample.
// npx tsx examples/generated-client/src/main.ts [examples/applications/general-valid.json]
import { readFileSync } from 'node:fs';
import { runFlow, type FlowOptions } from './flow';
import { createOpensslEKey } from './openssl-ekey';

const baseUrl = process.env.EXLIC_URL;
const token = process.env.EXLIC_TOKEN;
if (baseUrl === undefined || token === undefined) {
  process.stderr.write('Set EXLIC_URL and EXLIC_TOKEN to the URL and an operator token that `exlic sandbox` prints.\n');
  process.exit(2);
}
const ekey = createOpensslEKey('generated-client');
try {
  const application = JSON.parse(readFileSync(process.argv[2] ?? 'examples/applications/general-valid.json', 'utf8')) as FlowOptions['application'];
  const result = await runFlow({ baseUrl, token, ekey, application });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  ekey.dispose();
}
