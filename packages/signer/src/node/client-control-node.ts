/** The client-control signer with Node's WebSocket client (`ws`), since Node 20 has no global WebSocket. */
import WebSocket from 'ws';
import type { ClientControlSigner, ClientControlSignerOptions, WebSocketConstructor } from '../client-control/client-control-signer';
import { createClientControlSigner } from '../client-control/client-control-signer';

/**
 * Creates a client-control signer that connects with `ws`.
 *
 * @example
 * ```ts
 * import { createNodeClientControlSigner } from '@exlic/signer/node';
 * const signer = createNodeClientControlSigner({ password: pin }); // ws://127.0.0.1:61232
 * ```
 */
export function createNodeClientControlSigner(options: Omit<ClientControlSignerOptions, 'WebSocket'>): ClientControlSigner {
  return createClientControlSigner({ ...options, WebSocket: WebSocket as unknown as WebSocketConstructor });
}
