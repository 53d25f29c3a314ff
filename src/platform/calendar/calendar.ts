/**
 * Official working-day calendar (State Council 节假日安排 incl. 调休) for deadlines and for
 * supervision model M09 (公车私用: trips on non-working days).
 *
 * A day is, in order of precedence:
 *   1. an override row {date, kind, name} maintained by administrators in the database;
 *   2. a built-in row from the published notices (holidays.ts);
 *   3. the weekday rule: Saturday and Sunday are rest days, Monday–Friday working days.
 *
 * Kinds: 'holiday' (official day off, weekday or weekend), 'adjusted_workday' (a Saturday or
 * Sunday that is a working day, 调休上班), 'weekend' (ordinary rest day), 'workday'.
 *
 * All dates are Asia/Shanghai business dates as 'YYYY-MM-DD' strings (see dates.ts); no `Date`
 * object is ever used for them.
 */
import { AppError, badInput } from '../errors.ts';
import { type DateString, fromDayNumber, isoWeekdayOfDay, toDayNumber } from './dates.ts';
import { HOLIDAY_NOTICES } from './holidays.ts';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
export type CalendarRowKind = 'holiday' | 'workday';

/** One row of the calendar table: a holiday, or a working day on a weekend (or a correction). */
export interface CalendarOverride {
  date: DateString;
  kind: CalendarRowKind;
  name?: string | null;
}

export interface BuiltinCalendarRow {
  date: DateString;
  kind: CalendarRowKind;
  name: string;
  /** Year of the notice the row comes from (a 元旦 break may start in the previous December). */
  noticeYear: number;
  provisional: boolean;
}

export interface DayInfo {
  date: DateString;
  kind: DayKind;
  working: boolean;
  /** Holiday name; for an adjusted workday the holiday it makes up for; else null. */
  name: string | null;
  /** ISO weekday, 1 = Monday … 7 = Sunday (PostgreSQL `isodow`). */
  isoWeekday: number;
  /** Where the answer came from. 'weekday_rule' in a year without data means: unverified. */
  source: 'override' | 'builtin' | 'weekday_rule';
}

export interface CalendarOptions {
  /** Rows from the database, layered on top of the built-in data (last wins per date: no duplicates allowed). */
  overrides?: readonly CalendarOverride[];
  /** Use the built-in notices (default true). */
  builtin?: boolean;
  /**
   * Years the administrators declare complete. By default a year counts as covered when it has
   * a built-in notice or at least one override row.
   */
  coveredYears?: readonly number[];
  /** Throw `calendar_year_not_covered` for dates in years without data (default false). */
  strict?: boolean;
}

export interface SqlCalendarExport {
  from: DateString;
  to: DateString;
  /** Every date in the range that is not a working day: official holidays and ordinary weekends. */
  nonWorkingDates: DateString[];
  /** Official holiday dates only (including those falling on a weekend). */
  holidayDates: DateString[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workingWeekendDates: DateString[];
  /** Years of the range without official data (weekday rule only — check before trusting). */
  uncoveredYears: number[];
}

/** Longest span `addWorkingDays` / `workingDaysBetween` will walk, as a guard against typos. */
const MAX_SPAN_DAYS = 366 * 200;

interface Entry {
  kind: CalendarRowKind;
  name: string | null;
  source: 'override' | 'builtin';
}

function expandBuiltin(): BuiltinCalendarRow[] {
  const rows: BuiltinCalendarRow[] = [];
  for (const notice of HOLIDAY_NOTICES) {
    for (const p of notice.periods) {
      for (let d = toDayNumber(p.from); d <= toDayNumber(p.to); d++) {
        rows.push({ date: fromDayNumber(d), kind: 'holiday', name: p.name, noticeYear: notice.year, provisional: notice.provisional });
      }
      for (const w of p.workdays) {
        rows.push({ date: w, kind: 'workday', name: p.name, noticeYear: notice.year, provisional: notice.provisional });
      }
    }
  }
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const BUILTIN_ROWS: readonly BuiltinCalendarRow[] = expandBuiltin();

/** Years that have a built-in notice. */
export function builtinYears(): number[] {
  return HOLIDAY_NOTICES.map((n) => n.year);
}

/** True when the built-in data of `year` is marked provisional (not yet checked). */
export function isProvisionalYear(year: number): boolean {
  return HOLIDAY_NOTICES.some((n) => n.year === year && n.provisional);
}

/**
 * Built-in rows whose date falls in `year` (to seed the calendar table). Rows are sorted by
 * date; a December date of the next year's 元旦 break is returned with its own calendar year.
 */
export function builtinRows(year: number): BuiltinCalendarRow[] {
  const prefix = `${String(year).padStart(4, '0')}-`;
  return BUILTIN_ROWS.filter((r) => r.date.startsWith(prefix)).map((r) => ({ ...r }));
}

function validateOverride(o: CalendarOverride, i: number): void {
  if (o === null || typeof o !== 'object') {
    throw badInput(`第 ${i + 1} 条日历设置无效`, `Calendar row ${i + 1} is invalid`);
  }
  toDayNumber(o.date); // throws bad_date (also for Date objects from a mis-configured driver)
  if (o.kind !== 'holiday' && o.kind !== 'workday') {
    throw badInput(
      `日历设置 ${o.date} 的类型必须是 holiday（放假）或 workday（上班）`,
      `Calendar row ${o.date}: kind must be 'holiday' or 'workday'`,
    );
  }
  if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') {
    throw badInput(`日历设置 ${o.date} 的名称必须是文字`, `Calendar row ${o.date}: name must be a string`);
  }
}

/**
 * A working-day calendar: built-in notices plus administrator overrides. Immutable; build a new
 * one when the override table changes.
 */
export class Calendar {
  readonly #entries = new Map<DateString, Entry>();
  readonly #covered: ReadonlySet<number>;
  readonly #strict: boolean;

  constructor(options: CalendarOptions = {}) {
    const covered = new Set<number>();
    if (options.builtin ?? true) {
      for (const r of BUILTIN_ROWS) this.#entries.set(r.date, { kind: r.kind, name: r.name, source: 'builtin' });
      for (const y of builtinYears()) covered.add(y);
    }
    const seen = new Set<string>();
    (options.overrides ?? []).forEach((o, i) => {
      validateOverride(o, i);
      if (seen.has(o.date)) {
        throw badInput(`日历设置中 ${o.date} 重复出现`, `Calendar date ${o.date} appears more than once`);
      }
      seen.add(o.date);
      this.#entries.set(o.date, { kind: o.kind, name: o.name?.trim() || null, source: 'override' });
      if (!options.coveredYears) covered.add(Number(o.date.slice(0, 4)));
    });
    for (const y of options.coveredYears ?? []) covered.add(y);
    this.#covered = covered;
    this.#strict = options.strict ?? false;
  }

  /** True when `year` has official data (built-in notice, overrides or declared covered). */
  covers(year: number): boolean {
    return this.#covered.has(year);
  }

  /** Years with official data, ascending. */
  coveredYears(): number[] {
    return [...this.#covered].sort((a, b) => a - b);
  }

  #infoOfDay(day: number, strict: boolean = this.#strict): DayInfo {
    const date = fromDayNumber(day);
    const isoWeekday = isoWeekdayOfDay(day);
    const weekend = isoWeekday >= 6;
    const e = this.#entries.get(date);
    if (!e) {
      if (strict) {
        const year = Number(date.slice(0, 4));
        if (!this.#covered.has(year)) {
          throw new AppError(
            'calendar_year_not_covered',
            `${year} 年的节假日安排尚未录入，无法确定工作日`,
            `The holiday arrangement for ${year} has not been entered; working days are unknown`,
            409,
          );
        }
      }
      return { date, kind: weekend ? 'weekend' : 'workday', working: !weekend, name: null, isoWeekday, source: 'weekday_rule' };
    }
    if (e.kind === 'holiday') {
      return { date, kind: 'holiday', working: false, name: e.name, isoWeekday, source: e.source };
    }
    return { date, kind: weekend ? 'adjusted_workday' : 'workday', working: true, name: e.name, isoWeekday, source: e.source };
  }

  /** Kind of a day, with the holiday name. */
  dayKind(date: DateString): DayInfo {
    return this.#infoOfDay(toDayNumber(date));
  }

  isWorkingDay(date: DateString): boolean {
    return this.#infoOfDay(toDayNumber(date)).working;
  }

  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0), not counting `date` itself;
   * `date` unchanged for n = 0. So a deadline of "5 working days from receipt" is
   * `addWorkingDays(receivedOn, 5)`, whatever kind of day `receivedOn` is.
   */
  addWorkingDays(date: DateString, n: number): DateString {
    if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_SPAN_DAYS) {
      throw badInput(`工作日天数必须是整数：${n}`, `The number of working days must be an integer: ${n}`);
    }
    let day = toDayNumber(date);
    const step = n >= 0 ? 1 : -1;
    let left = Math.abs(n);
    let walked = 0;
    while (left > 0) {
      day += step;
      if (++walked > MAX_SPAN_DAYS) {
        throw badInput('找不到足够的工作日', 'Not enough working days in range');
      }
      if (this.#infoOfDay(day).working) left--;
    }
    return fromDayNumber(day);
  }

  /**
   * Working days from `a` to `b`: the number of working days in (a, b] when b ≥ a, and minus the
   * number in [b, a) when b < a. Consistent with addWorkingDays:
   * `workingDaysBetween(a, addWorkingDays(a, n)) === n` for every n.
   */
  workingDaysBetween(a: DateString, b: DateString): number {
    const da = toDayNumber(a);
    const db = toDayNumber(b);
    if (Math.abs(db - da) > MAX_SPAN_DAYS) {
      throw badInput('日期跨度过大', 'Date range too long');
    }
    let count = 0;
    if (db >= da) {
      for (let d = da + 1; d <= db; d++) if (this.#infoOfDay(d).working) count++;
      return count;
    }
    for (let d = db; d < da; d++) if (this.#infoOfDay(d).working) count++;
    return -count;
  }

  /** Every day from `from` to `to` inclusive (for a full calendar table or a month view). */
  days(from: DateString, to: DateString): DayInfo[] {
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    if (b < a) throw badInput('结束日期早于开始日期', 'The end date is before the start date');
    if (b - a > MAX_SPAN_DAYS) throw badInput('日期跨度过大', 'Date range too long');
    const out: DayInfo[] = [];
    for (let d = a; d <= b; d++) out.push(this.#infoOfDay(d));
    return out;
  }

  /**
   * Date lists for SQL (model M09 joins trips against them), for whole years fromYear..toYear.
   * `nonWorkingDates` alone answers "is this date a non-working day"; the other two lists allow
   * `isodow IN (6, 7) AND NOT working_weekend OR holiday` instead.
   */
  sqlExport(fromYear: number, toYear: number): SqlCalendarExport {
    if (!Number.isSafeInteger(fromYear) || !Number.isSafeInteger(toYear) || toYear < fromYear || fromYear < 1000 || toYear > 9999) {
      throw badInput('年份范围无效', 'Invalid year range');
    }
    if (toYear - fromYear >= 200) throw badInput('年份跨度过大', 'Year range too long');
    const from = `${fromYear}-01-01`;
    const to = `${toYear}-12-31`;
    const out: SqlCalendarExport = {
      from,
      to,
      nonWorkingDates: [],
      holidayDates: [],
      workingWeekendDates: [],
      uncoveredYears: [],
    };
    for (let y = fromYear; y <= toYear; y++) if (!this.#covered.has(y)) out.uncoveredYears.push(y);
    // Whole years are listed even in strict mode: uncovered years are reported, not refused.
    for (let d = toDayNumber(from); d <= toDayNumber(to); d++) {
      const info = this.#infoOfDay(d, false);
      if (!info.working) out.nonWorkingDates.push(info.date);
      if (info.kind === 'holiday') out.holidayDates.push(info.date);
      if (info.kind === 'adjusted_workday') out.workingWeekendDates.push(info.date);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Functional API over the built-in calendar, optionally with overrides
// ---------------------------------------------------------------------------------------------

const DEFAULT_CALENDAR = new Calendar();
const byOverrides = new WeakMap<readonly CalendarOverride[], Calendar>();

/**
 * The calendar for a set of override rows; the built-in one when absent. Cached per array
 * object, so pass a fresh array (not a mutated one) when the rows change — or hold a `Calendar`.
 */
export function calendarWith(overrides?: readonly CalendarOverride[]): Calendar {
  if (!overrides || overrides.length === 0) return DEFAULT_CALENDAR;
  let c = byOverrides.get(overrides);
  if (!c) {
    c = new Calendar({ overrides });
    byOverrides.set(overrides, c);
  }
  return c;
}

export function isWorkingDay(date: DateString, overrides?: readonly CalendarOverride[]): boolean {
  return calendarWith(overrides).isWorkingDay(date);
}

export function dayKind(date: DateString, overrides?: readonly CalendarOverride[]): DayInfo {
  return calendarWith(overrides).dayKind(date);
}

export function addWorkingDays(date: DateString, n: number, overrides?: readonly CalendarOverride[]): DateString {
  return calendarWith(overrides).addWorkingDays(date, n);
}

export function workingDaysBetween(a: DateString, b: DateString, overrides?: readonly CalendarOverride[]): number {
  return calendarWith(overrides).workingDaysBetween(a, b);
}

export function sqlCalendarExport(
  fromYear: number,
  toYear: number,
  overrides?: readonly CalendarOverride[],
): SqlCalendarExport {
  return calendarWith(overrides).sqlExport(fromYear, toYear);
}
