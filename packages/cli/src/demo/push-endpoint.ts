// A local HTTP endpoint on 127.0.0.1 that receives the Single Window's pushes (receipts) the way an
// integrator's server would: it reads the raw body, verifies the Standard Webhooks signature with the
// subscription's secret (createPushReceiver of @exlic/client), and keeps what it verified.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Receipt } from '@exlic/client';
import { createPushReceiver, type PushReceiver } from '@exlic/client/push';

/** What the endpoint received. */
export interface PushEndpoint {
  /** Where the subscription sends pushes, `http://127.0.0.1:<port>/exlic/receipts`. */
  readonly url: string;
  /** Receipts whose signature verified, in arrival order. */
  readonly verified: Receipt[];
  /** Pushes refused, with the reason. */
  readonly refused: string[];
  /** Starts verifying with the subscription's secret (known once the subscription exists). */
  useSecret(secret: string): void;
  close(): Promise<void>;
}

const MAX_BODY = 1_048_576;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error(`push body over ${MAX_BODY} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the endpoint on an ephemeral loopback port. */
export async function startPushEndpoint(): Promise<PushEndpoint> {
  const verified: Receipt[] = [];
  const refused: string[] = [];
  let receiver: PushReceiver | undefined;
  const server = createServer((request, response) => {
    readBody(request)
      .then(async (body) => {
        if (!receiver) throw new Error('no subscription secret yet');
        verified.push(await receiver.verify(body, request.headers as Record<string, string>));
        response.writeHead(204).end();
      })
      .catch((error: unknown) => {
        refused.push((error as Error).message);
        if (!response.headersSent) response.writeHead(400).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/exlic/receipts`,
    verified,
    refused,
    useSecret(secret) {
      receiver = createPushReceiver({ secret });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
