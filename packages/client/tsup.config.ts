import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// Three entry points: the browser-safe client, push verification, and the Node-only file helpers; splitting keeps one copy of the shared code (and its error classes) for both.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/push.ts', 'src/node.ts'], splitting: true });
