import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  Calendar,
  type CalendarOverride,
  addWorkingDays,
  builtinRows,
  builtinYears,
  calendarWith,
  dayKind,
  isProvisionalYear,
  isWorkingDay,
  sqlCalendarExport,
  workingDaysBetween,
} from './calendar.ts';
import { fromDayNumber, isoWeekday, toDayNumber } from './dates.ts';

function expectCode(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe(code);
}

describe('调休 working weekends', () => {
  // Every make-up working Saturday/Sunday of 2024 and 2025, from the State Council notices.
  const table: [string, number, string][] = [
    ['2024-02-04', 7, '春节'],
    ['2024-02-18', 7, '春节'],
    ['2024-04-07', 7, '清明节'],
    ['2024-04-28', 7, '劳动节'],
    ['2024-05-11', 6, '劳动节'],
    ['2024-09-14', 6, '中秋节'],
    ['2024-09-29', 7, '国庆节'],
    ['2024-10-12', 6, '国庆节'],
    ['2025-01-26', 7, '春节'],
    ['2025-02-08', 6, '春节'],
    ['2025-04-27', 7, '劳动节'],
    ['2025-09-28', 7, '国庆节、中秋节'],
    ['2025-10-11', 6, '国庆节、中秋节'],
  ];

  it.each(table)('%s (isodow %i) is a working day making up for %s', (date, dow, name) => {
    expect(isoWeekday(date)).toBe(dow);
    expect(isWorkingDay(date)).toBe(true);
    const info = dayKind(date);
    expect(info.kind).toBe('adjusted_workday');
    expect(info.working).toBe(true);
    expect(info.name).toBe(name);
    expect(info.source).toBe('builtin');
  });

  it('these are all of them: no other weekend day of 2024–2025 is a working day', () => {
    const exported = sqlCalendarExport(2024, 2025).workingWeekendDates;
    expect(exported).toEqual(table.map(([d]) => d));
  });

  it('the day next to a 调休 Saturday stays an ordinary weekend', () => {
    expect(dayKind('2024-05-12').kind).toBe('weekend'); // Sunday after the working 11 May
    expect(dayKind('2025-02-09').kind).toBe('weekend');
  });
});

describe('holidays and ordinary days', () => {
  it('a Wednesday inside the National Day holiday is not a working day', () => {
    for (const d of ['2025-10-01', '2025-10-08', '2024-10-02', '2023-10-04', '2026-10-07']) {
      expect(isoWeekday(d), d).toBe(3);
      expect(isWorkingDay(d), d).toBe(false);
      expect(dayKind(d).kind, d).toBe('holiday');
    }
    expect(dayKind('2025-10-01').name).toBe('国庆节、中秋节');
    expect(dayKind('2024-10-02').name).toBe('国庆节');
  });

  it('ordinary Saturdays and Sundays are weekends, ordinary weekdays are workdays', () => {
    for (const d of ['2025-03-08', '2025-03-09', '2024-07-13', '2024-07-14', '2019-08-10', '2026-03-15']) {
      expect(dayKind(d)).toMatchObject({ kind: 'weekend', working: false, name: null, source: 'weekday_rule' });
    }
    for (const d of ['2025-03-10', '2025-03-14', '2024-07-10', '2026-03-16']) {
      expect(dayKind(d)).toMatchObject({ kind: 'workday', working: true, name: null, source: 'weekday_rule' });
    }
  });

  it('knows the whole 2025 Spring Festival break and its borders', () => {
    expect(dayKind('2025-01-27').kind).toBe('workday'); // Monday before 除夕
    for (let d = toDayNumber('2025-01-28'); d <= toDayNumber('2025-02-04'); d++) {
      expect(dayKind(fromDayNumber(d))).toMatchObject({ kind: 'holiday', name: '春节', working: false });
    }
    expect(dayKind('2025-02-05').kind).toBe('workday');
  });

  it('2024 除夕 (9 February) was officially a working day', () => {
    expect(isWorkingDay('2024-02-09')).toBe(true);
  });

  it('2020: the extended Spring Festival cancelled the working Saturday of 1 February', () => {
    expect(dayKind('2020-01-31')).toMatchObject({ kind: 'holiday', name: '春节（延长假期）' });
    expect(dayKind('2020-02-01').kind).toBe('holiday');
    expect(isWorkingDay('2020-01-19')).toBe(true);
    expect(isWorkingDay('2020-02-03')).toBe(true);
  });

  it('a 元旦 break reaching into December belongs to the next notice', () => {
    expect(dayKind('2018-12-29').kind).toBe('adjusted_workday');
    expect(dayKind('2018-12-31')).toMatchObject({ kind: 'holiday', name: '元旦' });
    expect(dayKind('2022-12-31')).toMatchObject({ kind: 'holiday', name: '元旦' });
  });

  it('counts 251 working days in 2024 and 248 in 2025', () => {
    expect(workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
    expect(workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
  });

  it('rejects malformed dates', () => {
    expectCode(() => isWorkingDay('2025-02-29'), 'bad_date');
    expectCode(() => dayKind('2025/01/01'), 'bad_date');
    expectCode(() => addWorkingDays('2025-01-01', 1.5), 'bad_input');
  });
});

describe('addWorkingDays / workingDaysBetween', () => {
  it('skips the 2025 Spring Festival and counts the 调休 weekends', () => {
    expect(addWorkingDays('2025-01-27', 1)).toBe('2025-02-05'); // Monday before the break → first day after
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26'); // Friday → the working Sunday
    expect(addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(addWorkingDays('2025-01-26', 5)).toBe('2025-02-08'); // 27 Jan, 5, 6, 7 Feb, Saturday 8 Feb
    expect(addWorkingDays('2025-01-30', 1)).toBe('2025-02-05'); // from inside the break
    expect(addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
    expect(addWorkingDays('2025-02-05', -2)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-30', 0)).toBe('2025-01-30');
    expect(workingDaysBetween('2025-01-27', '2025-02-05')).toBe(1);
    // 26 (Sun), 27 Jan; 5, 6, 7, 8 (Sat), 10 Feb
    expect(workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(workingDaysBetween('2025-02-05', '2025-01-27')).toBe(-1);
    expect(workingDaysBetween('2025-02-01', '2025-02-01')).toBe(0);
  });

  it('skips the 2024 Spring Festival, where 除夕 was a working day', () => {
    expect(addWorkingDays('2024-02-08', 1)).toBe('2024-02-09');
    expect(addWorkingDays('2024-02-08', 2)).toBe('2024-02-18'); // working Sunday after the break
    expect(addWorkingDays('2024-02-08', 3)).toBe('2024-02-19');
  });

  it('a 15-working-day deadline across National Day 2025', () => {
    // 26 Sep (Fri) + 15 working days: 28 Sep (Sun), 29, 30 Sep, 9, 10, 11 (Sat) Oct, 13–17, 20–23 Oct
    expect(addWorkingDays('2025-09-26', 15)).toBe('2025-10-23');
  });

  const day = fc.integer({ min: toDayNumber('2018-12-01'), max: toDayNumber('2027-01-31') }).map(fromDayNumber);

  it('property: addWorkingDays(d, n) is a working day after d for n > 0, before d for n < 0', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (d, n) => {
        const after = addWorkingDays(d, n);
        expect(isWorkingDay(after)).toBe(true);
        expect(after > d).toBe(true);
        const before = addWorkingDays(d, -n);
        expect(isWorkingDay(before)).toBe(true);
        expect(before < d).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: workingDaysBetween(d, addWorkingDays(d, n)) = n for every n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -120, max: 120 }), (d, n) => {
        expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('property: steps compose, and counts add up over consecutive ranges', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (d, n, m) => {
        expect(addWorkingDays(addWorkingDays(d, n), m)).toBe(addWorkingDays(d, n + m));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(day, day, day, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort();
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
      { numRuns: 300 },
    );
  });

  it('property: the working-day count of a range equals the number of working days listed in it', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (d, len) => {
        const end = fromDayNumber(toDayNumber(d) + len);
        const listed = new Calendar().days(d, end).slice(1).filter((x) => x.working).length;
        expect(workingDaysBetween(d, end)).toBe(listed);
      }),
      { numRuns: 100 },
    );
  });

  it('property: the kinds are consistent with the weekday and with isWorkingDay', () => {
    fc.assert(
      fc.property(day, (d) => {
        const info = dayKind(d);
        expect(info.working).toBe(isWorkingDay(d));
        expect(info.working).toBe(info.kind === 'workday' || info.kind === 'adjusted_workday');
        if (info.kind === 'weekend' || info.kind === 'adjusted_workday') expect(info.isoWeekday).toBeGreaterThanOrEqual(6);
        if (info.kind === 'workday' && info.source === 'weekday_rule') expect(info.isoWeekday).toBeLessThanOrEqual(5);
      }),
      { numRuns: 500 },
    );
  });
});

describe('overrides maintained in the database', () => {
  it('adds a future year on top of the built-in data', () => {
    const overrides: CalendarOverride[] = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' }, // a Saturday
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
    ];
    const cal = new Calendar({ overrides });
    expect(cal.dayKind('2027-01-01')).toMatchObject({ kind: 'holiday', name: '元旦', source: 'override' });
    expect(cal.dayKind('2027-02-06')).toMatchObject({ kind: 'adjusted_workday', working: true, source: 'override' });
    expect(cal.isWorkingDay('2027-02-08')).toBe(false);
    expect(cal.isWorkingDay('2025-10-01')).toBe(false); // built-in data still there
    expect(cal.covers(2027)).toBe(true);
    expect(cal.covers(2028)).toBe(false);
    // the functional API takes the same rows
    expect(isWorkingDay('2027-02-06', overrides)).toBe(true);
    expect(isWorkingDay('2027-02-06')).toBe(false);
    expect(calendarWith(overrides)).toBe(calendarWith(overrides));
    expect(addWorkingDays('2027-02-05', 1, overrides)).toBe('2027-02-06');
    expect(workingDaysBetween('2027-02-05', '2027-02-09', overrides)).toBe(2); // Sat 6th, Tue 9th
  });

  it('overrides win over built-in rows in both directions', () => {
    const cal = new Calendar({
      overrides: [
        { date: '2025-10-08', kind: 'workday', name: '更正' }, // weekday holiday → working day
        { date: '2025-10-11', kind: 'holiday', name: '国庆节、中秋节' }, // working Saturday → rest
        { date: '2025-03-08', kind: 'workday', name: null }, // ordinary Saturday → working
        { date: '2025-03-12', kind: 'holiday', name: '  ' }, // ordinary Wednesday → rest
      ],
    });
    expect(cal.dayKind('2025-10-08')).toMatchObject({ kind: 'workday', working: true, name: '更正', source: 'override' });
    expect(cal.dayKind('2025-10-11')).toMatchObject({ kind: 'holiday', working: false });
    expect(cal.dayKind('2025-03-08')).toMatchObject({ kind: 'adjusted_workday', name: null });
    expect(cal.dayKind('2025-03-12')).toMatchObject({ kind: 'holiday', name: null });
    expect(cal.dayKind('2025-10-07').source).toBe('builtin');
  });

  it('validates override rows', () => {
    expectCode(() => new Calendar({ overrides: [{ date: '2027-02-30', kind: 'holiday' }] }), 'bad_date');
    expectCode(
      () => new Calendar({ overrides: [{ date: new Date() as unknown as string, kind: 'holiday' }] }),
      'bad_date',
    );
    expectCode(
      () => new Calendar({ overrides: [{ date: '2027-01-01', kind: 'rest' as 'holiday' }] }),
      'bad_input',
    );
    expectCode(
      () =>
        new Calendar({
          overrides: [
            { date: '2027-01-01', kind: 'holiday' },
            { date: '2027-01-01', kind: 'workday' },
          ],
        }),
      'bad_input',
    );
  });

  it('strict mode refuses years without data; lenient mode reports the source', () => {
    const strict = new Calendar({ strict: true });
    expect(strict.isWorkingDay('2025-06-03')).toBe(true);
    expectCode(() => strict.isWorkingDay('2030-06-03'), 'calendar_year_not_covered');
    expectCode(() => strict.addWorkingDays('2026-12-30', 5), 'calendar_year_not_covered');
    expect(new Calendar({ strict: true, coveredYears: [2030] }).isWorkingDay('2030-06-03')).toBe(true);
    expect(dayKind('2030-06-03').source).toBe('weekday_rule');
  });

  it('built-in rows seed the database table: the same rows as overrides give the same calendar', () => {
    const fromRows = new Calendar({ builtin: false, overrides: builtinYears().flatMap((y) => builtinRows(y)) });
    const builtin = new Calendar();
    for (const info of builtin.days('2019-01-01', '2026-12-31')) {
      expect(fromRows.dayKind(info.date).kind, info.date).toBe(info.kind);
      expect(fromRows.dayKind(info.date).name, info.date).toBe(info.name);
    }
  });
});

describe('data export', () => {
  it('builtinRows(year) returns that year’s holidays and make-up days, sorted', () => {
    const rows = builtinRows(2025);
    expect(rows.every((r) => r.date.startsWith('2025-'))).toBe(true);
    expect(rows.map((r) => r.date)).toEqual([...rows.map((r) => r.date)].sort());
    expect(rows.filter((r) => r.kind === 'workday').map((r) => r.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(rows.filter((r) => r.kind === 'holiday')).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(rows[0]).toEqual({ date: '2025-01-01', kind: 'holiday', name: '元旦', noticeYear: 2025, provisional: false });
    expect(builtinRows(2022).at(-1)).toMatchObject({ date: '2022-12-31', name: '元旦', noticeYear: 2023 });
    expect(builtinRows(2031)).toEqual([]);
    expect(isProvisionalYear(2026)).toBe(false);
    // callers may mutate what they get without affecting the calendar
    rows[0].kind = 'workday';
    expect(isWorkingDay('2025-01-01')).toBe(false);
  });

  it('sqlCalendarExport lists non-working dates, holidays and working weekends', () => {
    const e = sqlCalendarExport(2025, 2025);
    expect(e.from).toBe('2025-01-01');
    expect(e.to).toBe('2025-12-31');
    expect(e.uncoveredYears).toEqual([]);
    expect(e.nonWorkingDates).toHaveLength(365 - 248);
    expect(e.nonWorkingDates).toContain('2025-10-01'); // holiday on a Wednesday
    expect(e.nonWorkingDates).toContain('2025-03-08'); // ordinary Saturday
    expect(e.nonWorkingDates).not.toContain('2025-09-28'); // 调休 Sunday
    expect(e.nonWorkingDates).not.toContain('2025-03-10');
    expect(e.holidayDates).toHaveLength(28);
    expect(e.holidayDates.every((d) => e.nonWorkingDates.includes(d))).toBe(true);
    expect(e.workingWeekendDates).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    // the two SQL formulations agree on every day
    const nonWorking = new Set(e.nonWorkingDates);
    const holidays = new Set(e.holidayDates);
    const workingWeekends = new Set(e.workingWeekendDates);
    for (let d = toDayNumber(e.from); d <= toDayNumber(e.to); d++) {
      const s = fromDayNumber(d);
      const viaWeekday = holidays.has(s) || (isoWeekday(s) >= 6 && !workingWeekends.has(s));
      expect(nonWorking.has(s), s).toBe(viaWeekday);
    }
  });

  it('reports years without data instead of guessing silently', () => {
    const e = sqlCalendarExport(2026, 2027);
    expect(e.uncoveredYears).toEqual([2027]);
    expect(e.nonWorkingDates).toContain('2027-01-02'); // Saturday, by the weekday rule
    expect(new Calendar({ strict: true }).sqlExport(2026, 2027).uncoveredYears).toEqual([2027]);
    expectCode(() => sqlCalendarExport(2026, 2025), 'bad_input');
  });
});
