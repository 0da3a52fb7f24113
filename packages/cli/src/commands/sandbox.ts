import { parseArgs } from 'node:util';
import { isSandboxError, serveSandbox, type ServedSandbox } from '@exlic/sandbox';
import { EXIT, UsageError, type CliIo } from '../io';

const USAGE = `Usage: exlic sandbox [--port N] [--host ADDRESS] [--db URL] [--seed demo|none] [--no-auto-review]
                     [--allow-push-host HOST]...

Starts a local Single Window: the HTTP contract (GET /openapi.json, a reference page at /reference), the
review workflow, pushes and faults, on SQLite. The first line printed is its URL; then the seeded
enterprises with an operator token each, and the admin token of /v1/admin/*. Ctrl-C stops it.

Options:
  --port N         port to listen on; 0 picks a free one (default 8787)
  --host ADDRESS   listen on ADDRESS (default 127.0.0.1); another than loopback prints a warning
  --db URL         :memory: (default), file:PATH (kept across restarts), or a libSQL server URL
  --seed S         demo (default): two demo enterprises with an operator each; none: no seed
  --no-auto-review leave reviews to the admin route instead of deciding them by the data
  --allow-push-host HOST
                   let subscriptions push to HOST (a name, an address or a range such as 10.0.0.0/24)
                   besides loopback receivers; repeat for more hosts. Never link-local or cloud metadata.
`;

/** True for an address only this machine can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `exlic sandbox`: serves a sandbox until SIGINT or SIGTERM (or `signal`). */
export async function runSandbox(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: ':memory:' },
      seed: { type: 'string', default: 'demo' },
      'no-auto-review': { type: 'boolean', default: false },
      'allow-push-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  if (values.seed !== 'demo' && values.seed !== 'none') throw new UsageError(`--seed must be demo or none, got "${values.seed}"`);
  if (!isLoopback(values.host)) {
    io.stderr.write(`warning: the sandbox listens on ${values.host}, not only on this machine: anyone who can reach it can use the tokens printed below. It is a test double; use --host 127.0.0.1 unless you mean to share it.\n`);
  }
  let served: ServedSandbox;
  try {
    served = await serveSandbox({ port, host: values.host, db: values.db, autoReview: !values['no-auto-review'], allowPushHosts: values['allow-push-host'] ?? [], ...(values.seed === 'demo' ? { seed: 'demo' as const } : {}) });
  } catch (error) {
    if (isSandboxError(error) && error.code === 'invalidRequest') throw new UsageError(error.message);
    throw error;
  }
  io.stdout.write(`${served.url}\n`);
  for (const entry of await served.sandbox.seeded()) {
    io.stdout.write(`enterprise ${entry.enterprise.code} ${entry.enterprise.name}  operator ${entry.operator}  token ${entry.token}\n`);
  }
  io.stdout.write(`admin token ${served.sandbox.adminToken}\n`);
  io.stdout.write(`contract ${served.url}/openapi.json  reference ${served.url}/reference  database ${values.db}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
  await served.close();
  io.stderr.write('sandbox closed\n');
  return EXIT.ok;
}
