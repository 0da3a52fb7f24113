import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// Two entry points: the browser-safe core and the Node-only pieces; shims give the CJS build an import.meta.url for createRequire; splitting keeps one copy of the shared code (and its error classes) for both.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/node.ts'], shims: true, splitting: true });
