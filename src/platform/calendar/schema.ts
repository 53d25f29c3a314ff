/**
 * The working-day calendar in the database: the State Council notices (seeded) plus whatever
 * administrators add for future years. SQL (model M09, deadlines) asks `gt_is_working_day(date)`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MigrationSet } from '../db/migrate.ts';
import { builtinRows, builtinYears } from './calendar.ts';

export interface CalendarDayTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  source: 'builtin' | 'admin';
  updated_at: Date;
}

declare module '../db/types.ts' {
  interface Database {
    calendar_days: CalendarDayTable;
  }
}

export const calendarMigrations: MigrationSet = {
  '0130_calendar_days': {
    // biome-ignore lint/suspicious/noExplicitAny: runs before the typed schema exists
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE calendar_days (
          date date PRIMARY KEY,
          kind text NOT NULL CHECK (kind IN ('holiday','workday')),
          name text,
          source text NOT NULL DEFAULT 'admin' CHECK (source IN ('builtin','admin')),
          updated_at timestamptz NOT NULL DEFAULT now()
        )`.execute(db);
      const rows = builtinYears().flatMap((y) => builtinRows(y));
      if (rows.length) {
        await db
          .insertInto('calendar_days')
          .values(rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, source: 'builtin' })))
          .onConflict((oc) => oc.column('date').doNothing())
          .execute();
      }
      // A day is a working day when the calendar says so, else when it is Monday to Friday.
      await sql`
        CREATE FUNCTION gt_is_working_day(d date) RETURNS boolean LANGUAGE sql STABLE AS $$
          SELECT COALESCE((SELECT c.kind = 'workday' FROM calendar_days c WHERE c.date = d), extract(isodow FROM d) < 6)
        $$`.execute(db);
    },
  },
};
