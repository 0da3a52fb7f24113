import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run on the sources of sibling packages, so a change is tested without a rebuild.
    alias: [
      { find: /^@exlic\/core$/, replacement: pkg('core') },
      { find: /^@exlic\/rules$/, replacement: pkg('rules') },
      { find: /^@exlic\/form$/, replacement: pkg('form') },
      { find: /^@exlic\/rules\/engine$/, replacement: fileURLToPath(new URL('./packages/rules/src/engine.ts', import.meta.url)) },
      { find: /^@exlic\/signer$/, replacement: pkg('signer') },
      { find: /^@exlic\/client$/, replacement: pkg('client') },
      { find: /^@exlic\/client\/node$/, replacement: fileURLToPath(new URL('./packages/client/src/node.ts', import.meta.url)) },
      { find: /^@exlic\/client\/push$/, replacement: fileURLToPath(new URL('./packages/client/src/push.ts', import.meta.url)) },
      { find: /^@exlic\/sandbox$/, replacement: pkg('sandbox') },
      { find: /^@exlic\/sandbox\/msw$/, replacement: fileURLToPath(new URL('./packages/sandbox/src/msw.ts', import.meta.url)) },
      { find: /^@exlic\/signer\/node$/, replacement: fileURLToPath(new URL('./packages/signer/src/node.ts', import.meta.url)) },
      { find: /^@exlic\/signer\/protocol$/, replacement: fileURLToPath(new URL('./packages/signer/src/protocol.ts', import.meta.url)) },
      { find: /^@exlic\/signer\/testing$/, replacement: fileURLToPath(new URL('./packages/signer/src/testing.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'packages/*/test/**/*.test.tsx', 'examples/*/test/**/*.test.ts'],
    // Type tests (*.test-d.ts, expectTypeOf) run by tsc beside the others: the client's types pinned to the contract's schemas.
    typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    clearMocks: true,
    restoreMocks: true,
    testTimeout: 20_000,
    // Hooks start servers, browsers and temporary folders: room for two cores loaded by other test files.
    hookTimeout: 30_000,
  },
});
