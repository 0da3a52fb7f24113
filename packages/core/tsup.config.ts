import { rmSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { baseConfig } from '../../tsup.config.base';

// The ES module build keeps one file per source module (every module an entry, code split), so that
// a browser bundler drops whole modules an app does not use ("sideEffects": false): `canonicalize`
// alone does not carry the zod schemas. The CommonJS build (Node, where size matters less) is one file.
// The two builds run at once, so neither may clean dist/ (one would delete the other's files): it is cleaned here, once.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });

export default defineConfig([
  {
    ...baseConfig,
    clean: false,
    format: ['esm'],
    entry: ['src/**/*.ts', '!src/**/*.test.ts'],
    splitting: true,
    dts: { entry: 'src/index.ts' },
  },
  { ...baseConfig, format: ['cjs'], clean: false, dts: { entry: 'src/index.ts' } },
]);
