/**
 * What the PostgreSQL benchmarks share: the server (BENCH_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres), scratch databases on it, progress lines on
 * stderr, and writing one section of BENCHMARKS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const log = (s: string) => process.stderr.write(`${s}\n`);

/** The URL of database `name` on the benchmark server. */
export function withDb(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ScratchDatabase {
  url: string;
  /** Drop the database (unless `keep`) and disconnect. */
  close(keep?: boolean): Promise<void>;
}

/** A new, empty database `name` (UTF8, C.UTF-8, from template0); one left over by an earlier run is dropped first. */
export async function createScratchDatabase(name: string): Promise<ScratchDatabase> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0`);
  return {
    url: withDb(name),
    async close(keep = false) {
      if (!keep) {
        await sessionsGone(admin, name);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
      await admin.end();
    },
  };
}

/**
 * Wait (up to 5 s) until no session is connected to `name`. A pg pool's `end()` resolves before its
 * connections have closed; dropping the database WITH (FORCE) in that moment would send their
 * clients a fatal error that the ended pool reports as an unhandled 'error' event.
 */
async function sessionsGone(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Put `section` (starting with the line `heading`) into BENCHMARKS.md, replacing that section if present. */
export function writeBenchmarkSection(heading: string, section: string, file = path.resolve('BENCHMARKS.md')): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = old.indexOf(`\n${heading}\n`);
  let next: string;
  if (start < 0) next = `${old.trimEnd()}\n\n${section}\n`;
  else {
    const after = old.indexOf('\n## ', start + 1);
    next = `${old.slice(0, start)}\n${section}\n${after < 0 ? '' : old.slice(after)}`;
  }
  fs.writeFileSync(file, next);
}
