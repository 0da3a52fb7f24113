// @exlic/signer/testing: test doubles, Node only: the Single Window client-control emulator on a loopback WebSocket (needs the optional peer `ws`). The virtual e-key is in '@exlic/signer'.
export { startClientControlEmulator } from './testing/client-control-emulator';
export type { ClientControlEmulator, ClientControlEmulatorOptions, EmulatedRsaCard } from './testing/client-control-emulator';
