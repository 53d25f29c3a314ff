#!/usr/bin/env node
/**
 * `npm test`: the whole suite on the embedded database (PGlite) and on PostgreSQL.
 * GUANTONG_TEST_DB=pglite|postgres runs one of them. PostgreSQL is at TEST_DATABASE_URL /
 * DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres). When it is unreachable the
 * PostgreSQL run is skipped with a warning — except under CI=true, where that is a failure.
 * Extra arguments go to vitest (e.g. a file filter).
 */
import { spawnSync } from 'node:child_process';
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
}
const failed = results.filter(([, s]) => s !== 0);
console.log(`\n${results.map(([b, s]) => `${b}: ${s === 0 ? 'passed' : 'FAILED'}`).join(', ')}`);
process.exit(failed.length || results.length === 0 ? 1 : 0);
