/**
 * Versioned migrations. Every module exports its migrations as an ordered record whose keys are
 * globally unique and sortable (`<area number>_<what>`, e.g. `0200_datasets_tables`); the list in
 * `src/migrations.ts` gathers them. Migrations run on start, each in its own transaction.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { AppError } from '../errors.ts';

export type MigrationSet = Record<string, Migration>;

/** A migration given as plain SQL (several statements allowed). */
export function sqlMigration(ddl: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql.raw(ddl).execute(db);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function migrateToLatest(db: Kysely<any>, sets: MigrationSet[]): Promise<string[]> {
  const all: MigrationSet = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set)) {
      if (all[name]) throw new Error(`duplicate migration name ${name}`);
      all[name] = m;
    }
  }
  const provider: MigrationProvider = { getMigrations: async () => all };
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new AppError(
      'migration_failed',
      `数据库迁移 ${failed} 失败：${(error as Error).message}`,
      `Database migration ${failed} failed: ${(error as Error).message}`,
      500,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
