// Sanity checks of the built-in State Council data that do not rely on the data itself:
// weekday rules, festival dates from the lunar/solar calendar, and the statutory number of
// holiday days (全国年节及纪念日放假办法), which every 调休 arrangement must preserve.
import { describe, expect, it } from 'vitest';
import { Calendar, builtinYears } from './calendar.ts';
import { fromDayNumber, isoWeekday, isoWeekdayOfDay, toDayNumber } from './dates.ts';
import { HOLIDAY_NOTICES } from './holidays.ts';

const cal = new Calendar();

describe('built-in holiday notices', () => {
  it('cover 2019–2026, none of them provisional', () => {
    expect(builtinYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const n of HOLIDAY_NOTICES) expect(n.provisional, String(n.year)).toBe(false);
  });

  it('have well-formed periods: from ≤ to, short breaks, dates near their year, no overlaps', () => {
    const seen = new Map<string, string>();
    for (const n of HOLIDAY_NOTICES) {
      for (const p of n.periods) {
        const len = toDayNumber(p.to) - toDayNumber(p.from) + 1;
        expect(len, `${n.year} ${p.name}`).toBeGreaterThanOrEqual(1);
        expect(len, `${n.year} ${p.name}`).toBeLessThanOrEqual(9);
        for (const d of [p.from, p.to, ...p.workdays]) {
          expect(d >= `${n.year - 1}-12-01` && d <= `${n.year}-12-31`, d).toBe(true);
        }
        const dates = [...p.workdays];
        for (let d = toDayNumber(p.from); d <= toDayNumber(p.to); d++) dates.push(fromDayNumber(d));
        for (const d of dates) {
          expect(seen.has(d), `${d} in ${p.name} and ${seen.get(d)}`).toBe(false);
          seen.set(d, p.name);
        }
      }
    }
  });

  it('make-up working days (调休上班) are always a Saturday or a Sunday, near their break', () => {
    for (const n of HOLIDAY_NOTICES) {
      for (const p of n.periods) {
        for (const w of p.workdays) {
          expect([6, 7], `${w} (${p.name})`).toContain(isoWeekday(w));
          const distance = Math.min(
            Math.abs(toDayNumber(w) - toDayNumber(p.from)),
            Math.abs(toDayNumber(w) - toDayNumber(p.to)),
          );
          expect(distance, `${w} (${p.name})`).toBeLessThanOrEqual(14);
        }
      }
    }
  });

  it('every year has the seven festivals', () => {
    for (const n of HOLIDAY_NOTICES) {
      const names = n.periods.map((p) => p.name).join('/');
      for (const f of ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']) {
        expect(names, String(n.year)).toContain(f);
      }
    }
  });

  it('the festival days themselves (lunar and solar calendar) are holidays', () => {
    // Dates of the festivals, independent of the notices.
    const festivals: Record<string, string[]> = {
      春节: ['2019-02-05', '2020-01-25', '2021-02-12', '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17'],
      清明节: ['2019-04-05', '2020-04-04', '2021-04-04', '2022-04-05', '2023-04-05', '2024-04-04', '2025-04-04', '2026-04-05'],
      端午节: ['2019-06-07', '2020-06-25', '2021-06-14', '2022-06-03', '2023-06-22', '2024-06-10', '2025-05-31', '2026-06-19'],
      中秋节: ['2019-09-13', '2020-10-01', '2021-09-21', '2022-09-10', '2023-09-29', '2024-09-17', '2025-10-06', '2026-09-25'],
    };
    for (const [name, dates] of Object.entries(festivals)) {
      for (const d of dates) {
        const info = cal.dayKind(d);
        expect(info.kind, d).toBe('holiday');
        expect(info.name, d).toContain(name);
      }
    }
    for (let y = 2019; y <= 2026; y++) {
      for (const d of [`${y}-01-01`, `${y}-05-01`, `${y}-10-01`, `${y}-10-02`, `${y}-10-03`]) {
        expect(cal.dayKind(d).kind, d).toBe('holiday');
      }
    }
  });

  it('each break preserves the statutory number of days off (weekdays off − make-up days)', () => {
    // 全国年节及纪念日放假办法: 11 days until 2024; from 2025 春节 4 (incl. 除夕) and 劳动节 2.
    const statutory = (year: number, name: string): number => {
      const table: Record<string, number> = {
        元旦: 1,
        春节: year >= 2025 ? 4 : 3,
        清明节: 1,
        劳动节: year >= 2025 ? 2 : 1,
        端午节: 1,
        中秋节: 1,
        国庆节: 3,
        '国庆节、中秋节': 4,
        '中秋节、国庆节': 4,
      };
      return table[name];
    };
    for (const n of HOLIDAY_NOTICES) {
      let yearTotal = 0;
      for (const p of n.periods) {
        let weekdaysOff = 0;
        for (let d = toDayNumber(p.from); d <= toDayNumber(p.to); d++) {
          if (isoWeekdayOfDay(d) <= 5) weekdaysOff++;
        }
        const net = weekdaysOff - p.workdays.length;
        yearTotal += net;
        if (n.year === 2020 && p.name.startsWith('春节')) continue; // checked together below
        expect(net, `${n.year} ${p.name}`).toBe(statutory(n.year, p.name));
      }
      // 2020: the 春节 break was extended by two days (31 January off, 1 February no longer worked).
      const expected = n.year >= 2025 ? 13 : n.year === 2020 ? 13 : 11;
      expect(yearTotal, String(n.year)).toBe(expected);
    }
  });
});
