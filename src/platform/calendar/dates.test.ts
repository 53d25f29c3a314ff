import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  addDays,
  daysBetween,
  fromDayNumber,
  isValidDate,
  isoWeekday,
  shanghaiDate,
  toDayNumber,
  todayInShanghai,
  yearOf,
} from './dates.ts';

describe('business date strings', () => {
  it('converts to and from day numbers (days since 1970-01-01)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01') - toDayNumber('2000-02-28')).toBe(2); // 2000 is a leap year
    expect(toDayNumber('1900-03-01') - toDayNumber('1900-02-28')).toBe(1); // 1900 is not
    expect(fromDayNumber(20089)).toBe('2025-01-01');
  });

  it('agrees with UTC arithmetic on random dates (cross-check only; the code uses no Date)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -300_000, max: 2_900_000 }), (day) => {
        const s = fromDayNumber(day);
        expect(s).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(toDayNumber(s)).toBe(day);
        expect(isoWeekday(s)).toBe(((new Date(day * 86_400_000).getUTCDay() + 6) % 7) + 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows the weekdays of known dates', () => {
    expect(isoWeekday('2025-10-01')).toBe(3); // Wednesday
    expect(isoWeekday('2024-02-04')).toBe(7); // Sunday
    expect(isoWeekday('2024-05-11')).toBe(6); // Saturday
    expect(isoWeekday('2026-01-01')).toBe(4); // Thursday
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(yearOf('2025-06-30')).toBe(2025);
  });

  it('rejects anything that is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-1', '25-01-01', ' 2025-01-01', '2025-01-01T00:00:00Z', '', '0999-12-31']) {
      expect(isValidDate(bad), bad).toBe(false);
      expect(() => toDayNumber(bad)).toThrow(AppError);
    }
    expect(isValidDate('2024-02-29')).toBe(true);
    // A JS Date (e.g. from a driver that parses DATE columns) is refused with a hint.
    let err: AppError | undefined;
    try {
      toDayNumber(new Date() as unknown as string);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('bad_date');
    expect(err?.messageEn).toContain('not a Date object');
  });
});

describe('Asia/Shanghai business date of an instant', () => {
  it('switches at midnight Beijing time (16:00 UTC), whatever the server time zone', () => {
    expect(shanghaiDate('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(shanghaiDate('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    expect(shanghaiDate('2025-01-01T00:30:00+08:00')).toBe('2025-01-01');
    expect(shanghaiDate('2025-01-01T00:30:00-05:00')).toBe('2025-01-01');
    expect(shanghaiDate(new Date(Date.UTC(2025, 9, 1, 16, 0)))).toBe('2025-10-02');
    expect(shanghaiDate(Date.UTC(2025, 9, 1, 15, 59))).toBe('2025-10-01');
    expect(todayInShanghai(new Date('2025-05-04T20:00:00Z'))).toBe('2025-05-05');
  });

  it('refuses zone-less timestamps, which JavaScript would read in local time', () => {
    expect(() => shanghaiDate('2025-01-01T10:00:00')).toThrow(AppError);
    expect(() => shanghaiDate('2025-01-01')).toThrow(AppError);
    expect(() => shanghaiDate(Number.NaN)).toThrow(AppError);
  });
});
