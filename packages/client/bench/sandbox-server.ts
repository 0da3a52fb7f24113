// The sandbox the client benchmark calls, in its own process so the server's work never shares the client's thread:
// client.bench.ts starts it (node --import tsx), reads one JSON line { url, token, id } from its stdout, and ends it
// by closing its stdin. Seeds 40 drafts, so a list of 20 is a full page.
import { serveSandbox } from '@exlic/sandbox';
import { createClient } from '@exlic/client';
import { ENTERPRISE, validApplication } from '../test/helpers';

const served = await serveSandbox({ enterprises: [{ ...ENTERPRISE, operators: [{ id: 'bench-op' }] }], autoReview: true });
const token = await served.sandbox.issueToken({ enterprise: ENTERPRISE.code, operator: 'bench-op' });
const client = createClient({ baseUrl: served.url, token });
const { record } = await client.applications.save(validApplication({ contractNo: 'EX-BENCH-0' }));
for (let i = 1; i < 40; i += 1) await client.applications.save(validApplication({ contractNo: `EX-BENCH-${i}` }));
process.stdout.write(`${JSON.stringify({ url: served.url, token, id: record.id })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void served.close().then(() => process.exit(0)));
