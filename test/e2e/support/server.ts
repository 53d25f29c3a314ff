/**
 * Starts the real platform for browser tests and screenshots, in-process: builds the web app if
 * web/dist is missing, opens a fresh embedded database (PGlite) in a temporary data directory,
 * loads the demo city, and serves the API plus web/dist on a free port — the same `buildServer`
 * and route list as `guantong serve` (background jobs are not started: the pages do not need them).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { loadDemoCity } from '../../../src/modules/demo/demo.service.ts';
import { type Platform, openPlatform } from '../../../src/platform/app.ts';
import { buildServer } from '../../../src/platform/http/server.ts';
import { ROUTES } from '../../../src/routes.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** GUANTONG_WEB_DIST: a build elsewhere (e.g. `vite build --outDir /tmp/x`), so parallel work does not share web/dist. */
export const WEB_DIST = process.env.GUANTONG_WEB_DIST ?? path.join(REPO, 'web/dist');

/** `npm run build:web` when web/dist has no index.html (or when forced). */
export function ensureWebBuilt(force = false): void {
  if (!force && fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', WEB_DIST, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('web build failed (npm run build:web)');
}

export interface RunningServer {
  url: string;
  platform: Platform;
  stop(): Promise<void>;
}

export async function startGuantong(opts: { demoSteps?: boolean } = {}): Promise<RunningServer> {
  ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-e2e-'));
  const platform = await openPlatform({ dataDir, databaseUrl: undefined });
  try {
    await loadDemoCity(platform, () => {}, { onlyCore: opts.demoSteps === false });
    const app = await buildServer(platform, { logger: false, webDist: WEB_DIST, routes: ROUTES });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      platform,
      async stop() {
        await app.close();
        await platform.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
