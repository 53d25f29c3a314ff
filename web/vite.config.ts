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
const ECHARTS = /[\\/]node_modules[\\/](echarts|zrender)[\\/]/;
const ECHARTS_MAP = /[\\/]node_modules[\\/]echarts[\\/]lib[\\/](chart[\\/]map|coord[\\/]geo|component[\\/](geo|visualMap))/;

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
    rolldownOptions: {
      output: {
        // ECharts in chunks of its own — the district map's parts apart from the other charts' — since,
        // shared by several lazy pages, it would otherwise be merged into a common chunk the login page
        // loads. The general group goes first so that the map group takes only the map's own modules.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: (id) => ECHARTS.test(id) && !ECHARTS_MAP.test(id), priority: 2 },
            { name: 'echarts-map', test: ECHARTS_MAP, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/open311': { target: backend, changeOrigin: false },
    },
  },
});
