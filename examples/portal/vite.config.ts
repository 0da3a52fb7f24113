// The portal talks to a Single Window at /v1 on its own origin; Vite's dev server forwards those requests
// to the sandbox (`exlic sandbox`, or the one a test starts) so the page needs no CORS and holds no
// server address. EXLIC_SANDBOX_URL names the sandbox; EXLIC_TOKEN is the operator's bearer token,
// added by the proxy so that it never reaches the page's source, storage or the browser's history.
// The dev server also receives the pushed receipts of 状态推送 (see push-inbox.ts).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { pushInbox } from './push-inbox';

const target = process.env['EXLIC_SANDBOX_URL'] ?? 'http://127.0.0.1:8787';
const token = process.env['EXLIC_TOKEN'];

export default defineConfig({
  plugins: [vue(), pushInbox()],
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: {
      '/v1': {
        target,
        changeOrigin: true,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
    },
  },
  build: { target: 'es2022' },
});
