/**
 * The running platform: an open database with migrations applied, the field cipher, and the
 * data directory. Both the HTTP server and the CLI start from `openPlatform`.
 */
import path from 'node:path';
import { ALL_MIGRATIONS } from '../migrations.ts';
import type { FieldCipher } from './crypto/cipher.ts';
import { openFieldCipher } from './crypto/fields.ts';
import { type DbHandle, type OpenOptions, openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db } from './db/types.ts';

export interface Platform {
  db: Db;
  handle: DbHandle;
  kind: DbHandle['kind'];
  cipher: FieldCipher;
  /** Where keys, uploads and (for PGlite) the database live. */
  dataDir: string;
  close(): Promise<void>;
}

export interface PlatformOptions extends OpenOptions {
  /** Skip running migrations (only for tools that inspect a database as it is). */
  noMigrate?: boolean;
}

export async function openPlatform(opts: PlatformOptions = {}): Promise<Platform> {
  const dataDir = path.resolve(opts.dataDir ?? 'data');
  const handle = await openDatabase({ ...opts, dataDir });
  try {
    if (!opts.noMigrate) await migrateToLatest(handle.db, ALL_MIGRATIONS);
    const cipher = openFieldCipher(dataDir);
    return { db: handle.db, handle, kind: handle.kind, cipher, dataDir, close: () => handle.close() };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Options from the environment and common CLI flags. */
export function platformOptionsFrom(flags: { data?: string; databaseUrl?: string }): PlatformOptions {
  return { dataDir: flags.data ?? process.env.GUANTONG_DATA ?? 'data', databaseUrl: flags.databaseUrl ?? process.env.DATABASE_URL };
}
