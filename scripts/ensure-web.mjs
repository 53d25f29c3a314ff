#!/usr/bin/env node
// Before `npm start`: build the web app once if web/dist is missing (a fresh checkout).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (fs.existsSync('web/vite.config.ts') && !fs.existsSync('web/dist/index.html')) {
  console.error('首次启动：正在构建网页 / first start: building the web app …');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
