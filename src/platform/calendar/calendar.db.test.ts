import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../audit/audit.service.ts';
import { loadCalendar, removeCalendarDay, setCalendarDay } from './calendar.service.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

const working = async (d: string) =>
  (await sql<{ w: boolean }>`SELECT gt_is_working_day(${d}::date) AS w`.execute(p.db)).rows[0].w;

describe('calendar in the database', () => {
  it('answers in SQL like the official notices (调休 Sunday works, National Day Wednesday rests)', async () => {
    expect(await working('2025-09-28')).toBe(true); // Sunday, make-up working day
    expect(await working('2025-10-08')).toBe(false); // Wednesday inside National Day
    expect(await working('2025-10-13')).toBe(true); // ordinary Monday
    expect(await working('2025-10-18')).toBe(false); // ordinary Saturday
  });

  it('lets administrators add a future year, audited, and Node agrees with SQL', async () => {
    expect(await working('2031-05-02')).toBe(true); // a Friday, no notice yet
    await setCalendarDay(p.db, systemActor('t'), '2031-05-02', 'holiday', '劳动节');
    expect(await working('2031-05-02')).toBe(false);
    const cal = await loadCalendar(p.db);
    expect(cal.isWorkingDay('2031-05-02')).toBe(false);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    await removeCalendarDay(p.db, systemActor('t'), '2031-05-02');
    expect(await working('2031-05-02')).toBe(true);
    const events = await p.db.selectFrom('audit_events').select('action').where('object_type', '=', 'calendar_day').execute();
    expect(events.map((e) => e.action)).toEqual(['calendar.set', 'calendar.remove']);
  });
});
