// 状态推送 needs somewhere for the Single Window to POST its receipts. In development that is the Vite
// dev server itself: POST /push-inbox keeps each delivery as it arrived (the Standard Webhooks headers
// and the raw body), GET /push-inbox hands them to the page, which verifies every one with the
// subscription's secret (@exlic/client/push) before it shows it. Nothing is trusted or parsed here.
// In production this is your backend's receiver (see the client's push guide), not a dev server.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'vite';

/** One delivery as it arrived. */
export interface Delivery {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly receivedAt: string;
}

const MAX_BODY_BYTES = 64 * 1024;
const MAX_KEPT = 200;
const WEBHOOK_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'content-type'];

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // A body past the limit is dropped, and the connection with it: a receipt is a few hundred bytes.
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The dev server's push receiver: keeps the latest deliveries in memory, bounded in size and number. */
export function pushInbox(): Plugin {
  const deliveries: Delivery[] = [];
  return {
    name: 'exlic-push-inbox',
    configureServer(server) {
      server.middlewares.use('/push-inbox', (request, response) => {
        if (request.method === 'GET') {
          response.setHeader('content-type', 'application/json');
          response.setHeader('cache-control', 'no-store');
          response.end(JSON.stringify({ items: deliveries }));
          return;
        }
        if (request.method !== 'POST') {
          response.statusCode = 405;
          response.end();
          return;
        }
        readBody(request).then(
          (body) => {
            if (body === undefined) return;
            const headers: Record<string, string> = {};
            for (const name of WEBHOOK_HEADERS) {
              const value = request.headers[name];
              if (typeof value === 'string') headers[name] = value.slice(0, 1024);
            }
            deliveries.push({ headers, body, receivedAt: new Date().toISOString() });
            if (deliveries.length > MAX_KEPT) deliveries.splice(0, deliveries.length - MAX_KEPT);
            response.statusCode = 204;
            response.end();
          },
          () => {
            response.statusCode = 400;
            response.end();
          },
        );
      });
    },
  };
}
