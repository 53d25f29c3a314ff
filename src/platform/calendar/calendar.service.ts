/** The calendar as stored (built-in notices + administrators' rows), for Node-side deadline maths. */
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { inTx } from '../db/tx.ts';
import type { Queryable } from '../db/types.ts';
import { Calendar } from './calendar.ts';
import { isValidDate } from './dates.ts';
import { badInput } from '../errors.ts';

/** A Calendar over exactly the rows of `calendar_days` (which include the seeded notices). */
export async function loadCalendar(db: Queryable): Promise<Calendar> {
  const rows = await db.selectFrom('calendar_days').select(['date', 'kind', 'name']).execute();
  return new Calendar({ builtin: false, overrides: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })) });
}

export async function listCalendarYear(db: Queryable, year: number) {
  return db
    .selectFrom('calendar_days')
    .selectAll()
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

export async function setCalendarDay(db: Queryable, actor: Actor, date: string, kind: 'holiday' | 'workday', name: string | null) {
  if (!isValidDate(date)) throw badInput(`日期无效：${date}`, `Invalid date: ${date}`);
  await inTx(db, async (tx) => {
    await tx
      .insertInto('calendar_days')
      .values({ date, kind, name, source: 'admin', updated_at: new Date() })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind, name, source: 'admin', updated_at: new Date() }))
      .execute();
    await recordAudit(tx, actor, { action: 'calendar.set', objectType: 'calendar_day', objectId: date, detail: { kind, name } });
  });
}

export async function removeCalendarDay(db: Queryable, actor: Actor, date: string) {
  if (!isValidDate(date)) throw badInput(`日期无效：${date}`, `Invalid date: ${date}`);
  await inTx(db, async (tx) => {
    await tx.deleteFrom('calendar_days').where('date', '=', date).execute();
    await recordAudit(tx, actor, { action: 'calendar.remove', objectType: 'calendar_day', objectId: date });
  });
}
