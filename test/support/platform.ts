/**
 * A fresh, migrated platform for one test file, on the backend of this run.
 * Call `await testPlatform()` in beforeAll and `close()` in afterAll.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { ALL_MIGRATIONS } from '../../src/migrations.ts';
import type { Platform } from '../../src/platform/app.ts';
import { openFieldCipher } from '../../src/platform/crypto/fields.ts';
import { openDatabase } from '../../src/platform/db/connection.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { adminUrl, withDatabase } from './pg-url.ts';

let counter = 0;

export interface TestPlatform extends Platform {
  /** PostgreSQL connection string of this test's database (postgres backend only). */
  url?: string;
}

export async function testPlatform(): Promise<TestPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-t-'));
  const cipher = openFieldCipher(dataDir);
  if (inject('backend') === 'postgres') {
    const name = `gt_t_${process.ppid}_${process.pid}_${counter++}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    const url = withDatabase(name);
    const handle = await openDatabase({ databaseUrl: url });
    await migrateToLatest(handle.db, ALL_MIGRATIONS);
    return {
      db: handle.db,
      handle,
      kind: 'postgres',
      cipher,
      dataDir,
      url,
      async close() {
        await handle.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dump = fs.readFileSync(inject('pgliteDump'));
  const handle = await openDatabase({ loadDataDir: new Blob([dump]) });
  await migrateToLatest(handle.db, ALL_MIGRATIONS);
  return {
    db: handle.db,
    handle,
    kind: 'pglite',
    cipher,
    dataDir,
    async close() {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
