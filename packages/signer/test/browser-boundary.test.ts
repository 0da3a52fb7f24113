import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));

describe('the browser-safe entries', () => {
  // '@exlic/signer/node' (src/node.ts, src/node/) and '@exlic/signer/testing' (src/testing.ts, src/testing/) are Node-only; everything else backs '@exlic/signer' and '@exlic/signer/protocol'.
  const nodeOnly = (file: string) => /^(node|testing)(\.ts$|\/)/.test(relative(src, file));
  const browserFiles = files(src).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !nodeOnly(file));

  it('covers the core files', () => {
    expect(browserFiles.map((file) => relative(src, file))).toEqual(expect.arrayContaining(['index.ts', 'protocol.ts']));
    expect(browserFiles.map((file) => relative(src, file))).not.toContain('testing.ts');
  });

  it.each(browserFiles.map((file) => [relative(src, file), file]))('%s imports no Node built-in, ws or node-hid', (_name, file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(imports.filter((name) => name !== undefined && (name.startsWith('node:') || name === 'ws' || name === 'node-hid' || name.startsWith('./node') || name.startsWith('./testing')))).toEqual([]);
  });
});
