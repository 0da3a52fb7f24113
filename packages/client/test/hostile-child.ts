// Runs one client call in its own process and prints what happened and the process's peak RSS as one JSON line, so a test can bound the client's memory without the test runner's own. hostile.test.ts bundles it with esbuild and runs: node hostile-child.mjs <baseUrl> <call> [clientOptionsJson] [downloadOptionsJson]
import { createClient, type ClientOptions, type DownloadOptions } from '../src/index';

const [baseUrl = '', call = 'me', optionsJson = '{}', downloadJson = '{}'] = process.argv.slice(2);
const download = JSON.parse(downloadJson) as DownloadOptions;
const client = createClient({ baseUrl, token: 'tok_hostile_child_0123456789', ...(JSON.parse(optionsJson) as Partial<ClientOptions>) });
const started = Date.now();

async function run(): Promise<unknown> {
  if (call === 'me') return client.me();
  if (call === 'download') return (await client.attachments.download('app_1', 'att_1', download)).length;
  if (call === 'downloadStream') {
    // Read the stream to its end (or its error) without keeping the chunks.
    let size = 0;
    for await (const chunk of await client.attachments.downloadStream('app_1', 'att_1', download)) size += chunk.length;
    return size;
  }
  throw new Error(`unknown call ${call}`);
}

const out: Record<string, unknown> = {};
try {
  const value = await run();
  out.outcome = 'ok';
  out.value = typeof value === 'number' ? value : typeof value;
} catch (error) {
  const e = error as { name?: string; code?: string; message?: string };
  out.outcome = 'error';
  out.name = e.name;
  out.code = e.code;
  out.message = e.message;
}
out.ms = Date.now() - started;
// maxRSS is in kilobytes (KiB).
out.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
