// The form talks to a Single Window at /v1 on its own origin; Vite's dev server forwards those requests
// to the sandbox (`exlic sandbox`, or the one a test starts) so the page needs no CORS and holds no
// server address. EXLIC_SANDBOX_URL names the sandbox; EXLIC_TOKEN is the operator's bearer token,
// added by the proxy so that it never reaches the page's source, storage or the browser's history.
import { defineConfig } from 'vite';

const target = process.env['EXLIC_SANDBOX_URL'] ?? 'http://127.0.0.1:8787';
const token = process.env['EXLIC_TOKEN'];

export default defineConfig({
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
