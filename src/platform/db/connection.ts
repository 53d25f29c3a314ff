/**
 * One code path, two databases: PostgreSQL through `pg`, or PGlite (WASM PostgreSQL in a data
 * directory) through PGlite's node-postgres adapter. Both sit under Kysely's PostgresDialect.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DirLock, lockDataDir } from './lock.ts';
import type { Database } from './types.ts';

// Business dates stay 'YYYY-MM-DD' strings (never a JS Date in the server's local zone);
// counts come back as numbers.
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(20, (v) => Number(v));

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  /** PostgreSQL connection string, when kind is postgres. */
  url?: string;
  /** Data directory, when kind is pglite. */
  dataDir?: string;
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Data directory of the embedded database (default ./data). */
  dataDir?: string;
  /** In-memory PGlite started from a dump (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

export async function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  const url = opts.databaseUrl;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    // A dropped server connection must not crash the process: an idle client's error reaches the
    // pool, a busy client's error reaches its query (which fails with 503); the pool replaces both.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', url, close: () => db.destroy() };
  }
  let lock: DirLock | undefined;
  let lite: PGlite;
  if (opts.loadDataDir) {
    lite = await PGlite.create({ loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
  } else {
    const dataDir = path.resolve(opts.dataDir ?? 'data');
    lock = lockDataDir(dataDir);
    try {
      lite = await PGlite.create({ dataDir: pgliteDir(dataDir), extensions: { pg_trgm } });
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  const pool = new pg.Pool(createPgConfig(lite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    dataDir: opts.dataDir ? path.resolve(opts.dataDir) : undefined,
    pglite: lite,
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
