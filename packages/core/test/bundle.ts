import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Bundles a script that imports `@exlic/core` as a browser bundler would (platform `browser`, no Node
 * polyfills), resolving the package as users get it: dist/, through node_modules. Returns the bundle's
 * code, or the bundler's errors.
 */
export async function bundleForBrowser(source: string): Promise<{ code: string; errors: readonly unknown[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir: root },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]?.text ?? '', errors: result.errors };
}
