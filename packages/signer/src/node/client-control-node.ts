/** The client-control signer with Node's WebSocket client (`ws`, an optional peer dependency), since Node 20 has no global WebSocket. */
import { createRequire } from 'node:module';
import type { ClientControlSigner, ClientControlSignerOptions, WebSocketConstructor } from '../client-control/client-control-signer';
import { createClientControlSigner } from '../client-control/client-control-signer';
import { SignerError } from '../errors';

function loadWs(): WebSocketConstructor {
  // Loaded on first use, so '@exlic/signer/node' works for USB keys without `ws` installed.
  const globalWebSocket = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  try {
    return createRequire(import.meta.url)('ws') as WebSocketConstructor;
  } catch (error) {
    if (globalWebSocket) return globalWebSocket;
    throw new SignerError('The client-control signer needs a WebSocket client: install the optional peer dependency `ws` (`npm install ws`), or use Node 22+, which has a global WebSocket.', { cause: error });
  }
}

/**
 * Creates a client-control signer that connects with `ws` (or Node's global WebSocket when `ws` is not installed).
 *
 * @example
 * ```ts
 * import { createNodeClientControlSigner } from '@exlic/signer/node';
 * const signer = createNodeClientControlSigner({ password: pin }); // ws://127.0.0.1:61232
 * ```
 */
export function createNodeClientControlSigner(options: Omit<ClientControlSignerOptions, 'WebSocket'>): ClientControlSigner {
  return createClientControlSigner({ ...options, WebSocket: loadWs() });
}
