import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// Four entry points: the browser-safe core and protocol, the Node-only pieces, and the test doubles; shims give the CJS build an import.meta.url for createRequire; splitting keeps one copy of the shared code (and its error classes) for all.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/protocol.ts', 'src/node.ts', 'src/testing.ts'], shims: true, splitting: true });
