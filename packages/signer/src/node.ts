// @exlic/signer/node: the Node-only pieces. Import the browser-safe core from '@exlic/signer'.
export { createNodeSm2Engine } from './node/sm2-native';
export type { NodeSm2EngineOptions } from './node/sm2-native';
export { createHidTransportFactory, hidEKeys } from './node/hid';
export type { HidTransportFactoryOptions } from './node/hid';
export { createNodeClientControlSigner } from './node/client-control-node';
export { createNodeSoftwareSigner, verifySignatureNode } from './node/software-signer-node';
export type { NodeSoftwareSignerOptions } from './node/software-signer-node';
export { createSelfSignedRsaCertificate } from './node/rsa';
export type { SelfSignedRsaCertificateOptions } from './node/rsa';
