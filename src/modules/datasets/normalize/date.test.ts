import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../../../platform/files/cells.ts';
import {
  type DateTimeParts,
  daysInMonth,
  excelSerialToParts,
  MAX_SERIAL,
  MIN_SERIAL,
  normalizeDate,
  normalizeDateTime,
  partsToExcelSerial,
} from './date.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Valid calendar dates, generated independently of the code under test (via Date.UTC). */
const validDate = fc
  .date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() }));
const time = fc.record({ h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) });

describe('normalizeDate — table', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['2024/3/5', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 日', '2024-03-05'],
    ['２０２４－０３－１５', '2024-03-15'],
    ['20240315', '2024-03-15'],
    ['2024-03-15 10:30', '2024-03-15'], // time dropped for a date column
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    [' 2024-12-31 ', '2024-12-31'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '2024-13-01',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-00-10',
    '2024-01-00',
    '2024-3/5',
    '24-03-15',
    '2024-03-15 25:00',
    '2024-03-15 10:60',
    '2024-03-15 10:30:60',
    '2024-03-15x',
    '0999-01-01',
    '2024',
    '45',
    'abc',
    '3月5日',
    '20241301',
  ])('%j is rejected with the spec’s message', (input) => {
    expect(normalizeDate(input)).toEqual({ ok: false, reason: `无法解析的日期 / unparseable date: ${input}` });
  });

  it('Excel serial numbers (numbers and numeric text)', () => {
    expect(normalizeDate(45366)).toEqual({ ok: true, value: '2024-03-15' });
    expect(normalizeDate('45366')).toEqual({ ok: true, value: '2024-03-15' });
    expect(normalizeDate(43831)).toEqual({ ok: true, value: '2020-01-01' });
    expect(normalizeDate(25569)).toEqual({ ok: true, value: '1970-01-01' });
    expect(normalizeDate(MAX_SERIAL)).toEqual({ ok: true, value: '9999-12-31' });
    expect(normalizeDate(20240315)).toEqual({ ok: true, value: '2024-03-15' }); // a YYYYMMDD number
    expect(normalizeDate(MIN_SERIAL - 1).ok).toBe(false); // 2024, 59 …: a year or a count, not a date
    expect(normalizeDate(2024).ok).toBe(false);
    expect(normalizeDate(MAX_SERIAL + 1).ok).toBe(false);
    expect(normalizeDate(-1).ok).toBe(false);
    expect(normalizeDate(Number.NaN).ok).toBe(false);
  });

  it('XLSX Date values (UTC fields = wall clock)', () => {
    expect(normalizeDate(wallClock(2024, 3, 15))).toEqual({ ok: true, value: '2024-03-15' });
    expect(normalizeDate(wallClock(2024, 3, 15, 23, 59, 59))).toEqual({ ok: true, value: '2024-03-15' });
    expect(normalizeDate(new Date(Number.NaN))).toEqual({ ok: false, reason: '无法解析的日期 / unparseable date: Invalid Date' });
  });
});

describe('excelSerialToParts — 1900 date system incl. the 1900-02-29 bug', () => {
  const p = (y: number, m: number, d: number, hour = 0, minute = 0, second = 0): DateTimeParts => ({
    year: y,
    month: m,
    day: d,
    hour,
    minute,
    second,
  });
  it('anchors', () => {
    expect(excelSerialToParts(1)).toEqual(p(1900, 1, 1));
    expect(excelSerialToParts(59)).toEqual(p(1900, 2, 28));
    expect(excelSerialToParts(60)).toBeNull(); // Excel's fictitious 1900-02-29
    expect(excelSerialToParts(61)).toEqual(p(1900, 3, 1));
    expect(excelSerialToParts(45366.4375)).toEqual(p(2024, 3, 15, 10, 30));
    expect(excelSerialToParts(45366.999999)).toEqual(p(2024, 3, 16)); // rounds to the next midnight
    expect(excelSerialToParts(0)).toBeNull();
    expect(excelSerialToParts(MAX_SERIAL + 1)).toBeNull();
  });

  it('from 1900-03-01 on, serial = days since 1899-12-30 (round trip)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), noInvalidDate: true }),
        (d) => {
          const ms = Math.floor(d.getTime() / 1000) * 1000;
          const serial = (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
          const parts = excelSerialToParts(serial);
          const w = new Date(ms);
          expect(parts).toEqual(
            p(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds()),
          );
          if (parts) expect(excelSerialToParts(partsToExcelSerial(parts))).toEqual(parts);
        },
      ),
    );
  });

  it('before the fictitious day, serial n is 1899-12-31 + n days', () => {
    for (let n = 1; n < 60; n++) {
      const d = new Date(Date.UTC(1899, 11, 31) + n * 86_400_000);
      expect(excelSerialToParts(n)).toEqual(p(1900, d.getUTCMonth() + 1, d.getUTCDate()));
      expect(partsToExcelSerial(p(1900, d.getUTCMonth() + 1, d.getUTCDate()))).toBe(n);
    }
  });
});

describe('normalizeDate — properties', () => {
  it('every valid date in every accepted shape normalises to YYYY-MM-DD', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: 0, max: 5 }), fc.constantFrom('', ' ', '\t'), ({ y, m, d }, shape, space) => {
        const text = [
          `${y}-${pad(m)}-${pad(d)}`,
          `${y}/${m}/${d}`,
          `${y}年${m}月${d}日`,
          `${y}.${m}.${d}`,
          `${y}${pad(m)}${pad(d)}`,
          `${y}-${m}-${d} ${pad(12)}:34:56`,
        ][shape];
        expect(normalizeDate(space + text + space)).toEqual({ ok: true, value: iso(y, m, d) });
      }),
    );
  });

  it('days beyond the end of the month are rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (y, m, extra) => {
        const day = daysInMonth(y, m) + extra;
        fc.pre(day <= 99);
        expect(normalizeDate(`${y}-${pad(m)}-${pad(day)}`).ok).toBe(false);
        expect(normalizeDate(`${y}年${m}月${day}日`).ok).toBe(false);
      }),
    );
  });

  it('leap years follow the Gregorian rule (checked against Date.UTC)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), (y) => {
        const leap = new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1;
        expect(normalizeDate(`${y}-02-29`).ok).toBe(leap);
      }),
    );
  });

  it('serial numbers within the accepted range agree with Date arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_SERIAL, max: MAX_SERIAL }), (n) => {
        const d = new Date(Date.UTC(1899, 11, 30) + n * 86_400_000);
        const expected = iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
        expect(normalizeDate(n)).toEqual({ ok: true, value: expected });
        expect(normalizeDate(String(n))).toEqual({ ok: true, value: expected });
      }),
    );
  });
});

describe('normalizeDateTime', () => {
  it.each([
    ['2024-03-15 10:30', '2024-03-15T10:30:00+08:00'],
    ['2024-03-15 9:05', '2024-03-15T09:05:00+08:00'],
    ['2024-03-15 09:05:07', '2024-03-15T09:05:07+08:00'],
    ['2024/3/15 9:05:07', '2024-03-15T09:05:07+08:00'],
    ['2024年3月15日 10:30', '2024-03-15T10:30:00+08:00'],
    ['2024年3月15日10:30:15', '2024-03-15T10:30:15+08:00'],
    ['2024-03-15T10:30:00', '2024-03-15T10:30:00+08:00'],
    ['2024-03-15 10:30:00.789', '2024-03-15T10:30:00+08:00'], // fraction truncated
    ['2024-03-15 10：30', '2024-03-15T10:30:00+08:00'], // full-width colon
    ['2024-03-15', '2024-03-15T00:00:00+08:00'],
    ['2024-03-15T02:30:00Z', '2024-03-15T10:30:00+08:00'],
    ['2024-12-31T20:00:00-05:00', '2025-01-01T09:00:00+08:00'],
    ['2024-03-15T10:30:00+08:00', '2024-03-15T10:30:00+08:00'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeDateTime(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['2024-03-15 24:00', '2024-03-15 10', '2024-03-15 10:3', '2024-03-1510:30', 'yesterday'])('%j is rejected', (input) => {
    expect(normalizeDateTime(input)).toEqual({ ok: false, reason: `无法解析的日期时间 / unparseable date-time: ${input}` });
  });

  it('serials and XLSX dates keep the time of day', () => {
    expect(normalizeDateTime(45366.4375)).toEqual({ ok: true, value: '2024-03-15T10:30:00+08:00' });
    expect(normalizeDateTime(wallClock(2024, 3, 15, 10, 30, 15))).toEqual({ ok: true, value: '2024-03-15T10:30:15+08:00' });
    // exceljs rounds serials to the millisecond: 10:29:59.9996 must read as 10:30:00
    expect(normalizeDateTime(new Date(Date.UTC(2024, 2, 15, 10, 29, 59, 999)))).toEqual({ ok: true, value: '2024-03-15T10:30:00+08:00' });
  });

  it('the output is the same instant as the Shanghai wall-clock input', () => {
    fc.assert(
      fc.property(validDate, time, ({ y, m, d }, { h, mi, s }) => {
        const r = normalizeDateTime(`${y}-${pad(m)}-${pad(d)} ${h}:${pad(mi)}:${pad(s)}`);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(Date.parse(r.value)).toBe(Date.UTC(y, m - 1, d, h, mi, s) - 8 * 3_600_000);
        expect(normalizeDateTime(r.value)).toEqual(r); // idempotent
      }),
    );
  });
});
