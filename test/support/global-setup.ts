/**
 * Prepares one migrated database per test run, which every test file then copies:
 * - PGlite: a migrated in-memory database dumped to a file, loaded by each test file;
 * - PostgreSQL: a migrated template database, cloned with CREATE DATABASE … TEMPLATE.
 * GUANTONG_TEST_DB picks the backend ('pglite' by default, or 'postgres').
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ALL_MIGRATIONS } from '../../src/migrations.ts';
import { openDatabase } from '../../src/platform/db/connection.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { adminUrl, testBackend, withDatabase } from './pg-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    backend: 'pglite' | 'postgres';
    pgliteDump: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const backend = testBackend();
  project.provide('backend', backend);
  if (backend === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl() });
    try {
      await admin.connect();
    } catch (e) {
      throw new Error(`PostgreSQL test run requested but the server is unreachable at ${adminUrl()}: ${(e as Error).message}`);
    }
    const template = `gt_tpl_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(
      `CREATE DATABASE ${template} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`,
    );
    const h = await openDatabase({ databaseUrl: withDatabase(template) });
    await migrateToLatest(h.db, ALL_MIGRATIONS);
    await h.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', '');
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`gt_t_${process.pid}_%`, template],
      );
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const lite = await PGlite.create({ extensions: { pg_trgm } });
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { Kysely, PostgresDialect } = await import('kysely');
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(lite)) }) });
  await migrateToLatest(db, ALL_MIGRATIONS);
  await db.destroy();
  const dump = await lite.dumpDataDir('none');
  await lite.close();
  const file = path.join(os.tmpdir(), `guantong-test-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
  project.provide('pgTemplate', '');
  return () => fs.rmSync(file, { force: true });
}
