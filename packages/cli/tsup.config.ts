import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// Splitting left at tsup's default (on for ESM): each command is its own chunk, loaded when it runs, so `exlic --version` starts fast.
const { splitting: _splitting, ...shared } = baseConfig;
export default defineConfig({ ...shared, entry: ['src/index.ts', 'src/bin.ts', 'src/check-worker.ts'] });
