import type { Options } from 'tsup';

/** The one build every package shares: ESM + CJS + .d.ts from src/index.ts, dependencies left external. */
export const baseConfig: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  splitting: false,
  treeshake: true,
  // Chinese labels and messages stay readable UTF-8 in dist instead of \u escapes (smaller, too).
  esbuildOptions(options) {
    options.charset = 'utf8';
  },
};
