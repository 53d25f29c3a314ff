#!/usr/bin/env node
/**
 * `npm test`: the whole suite on the embedded database (PGlite) and on PostgreSQL.
 * GUANTONG_TEST_DB=pglite|postgres runs one of them. PostgreSQL is at TEST_DATABASE_URL /
 * DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres). When it is unreachable the
 * PostgreSQL run is skipped with a warning — except under CI=true, where that is a failure.
 * The browser journeys (test/e2e) run once, after the PGlite run. Extra arguments go to vitest
 * (e.g. a file filter; then the browser journeys are not run).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const args = process.argv.slice(2);
const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable() {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function run(backend) {
  console.log(`\n=== 测试 / tests on ${backend} ===`);
  const env = { ...process.env, GUANTONG_TEST_DB: backend };
  // The suite's own database names the server under test; the app's DATABASE_URL must not leak in.
  if (backend === 'postgres') env.TEST_DATABASE_URL = url;
  delete env.DATABASE_URL;
  const r = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
  return r.status ?? 1;
}

/** Browser journeys (playwright-core + Debian chromium) on the embedded database, once. */
function runBrowser() {
  if (!fs.existsSync('/usr/bin/chromium')) {
    if (process.env.CI) {
      console.error('chromium 缺失：CI 中不允许跳过浏览器测试 / chromium missing: browser tests cannot be skipped in CI');
      return 1;
    }
    console.warn('警告：未安装 chromium，跳过浏览器测试 / warning: chromium not installed, browser tests skipped');
    return 0;
  }
  console.log('\n=== 浏览器测试 / browser tests ===');
  const env = { ...process.env, GUANTONG_TEST_DB: 'pglite' };
  delete env.DATABASE_URL;
  return spawnSync('npx', ['vitest', 'run', '--config', 'test/e2e/vitest.config.ts'], { stdio: 'inherit', env }).status ?? 1;
}

const wanted = process.env.GUANTONG_TEST_DB ? [process.env.GUANTONG_TEST_DB] : ['pglite', 'postgres'];
const results = [];
for (const backend of wanted) {
  if (backend === 'postgres' && !(await postgresReachable())) {
    if (process.env.CI) {
      console.error(`PostgreSQL 不可达（${url}）：CI 中不允许跳过 / PostgreSQL unreachable at ${url}: not allowed to skip in CI`);
      process.exit(1);
    }
    console.warn(`警告：PostgreSQL 不可达，跳过 / warning: PostgreSQL unreachable at ${url}, skipped`);
    continue;
  }
  results.push([backend, run(backend)]);
  if (backend === 'pglite' && args.length === 0) results.push(['browser (e2e)', runBrowser()]);
}
const failed = results.filter(([, s]) => s !== 0);
console.log(`\n${results.map(([b, s]) => `${b}: ${s === 0 ? 'passed' : 'FAILED'}`).join(', ')}`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
