import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// Two entry points: `check` and friends, and the json-rules-engine reference interpreter at
// @exlic/rules/engine; splitting keeps one copy of the shared code for both.
export default defineConfig({ ...baseConfig, entry: ['src/index.ts', 'src/engine.ts'], splitting: true });
