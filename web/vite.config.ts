/**
 * Vite build of the web app (root: web/, output: web/dist). The Fastify server serves web/dist
 * with an SPA fallback under a strict CSP (script-src 'self'): no inline scripts are emitted.
 * In development (`npm run dev:web`) /api and /open311 are proxied to a local `guantong serve`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
const backend = 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'public'),
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The login page's first load is measured by test/e2e (budget: 500 KB gzipped).
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/open311': { target: backend, changeOrigin: false },
    },
  },
});
