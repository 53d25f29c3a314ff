/**
 * Business dates as plain 'YYYY-MM-DD' strings (Asia/Shanghai calendar days), with integer day
 * arithmetic. No `Date` object is involved, so there are no local-time or DST pitfalls: a date
 * string means the same day on every server, whatever its TZ.
 *
 * Day numbers count days since 1970-01-01 (proleptic Gregorian), as in PostgreSQL's
 * `date - '1970-01-01'`.
 */
import { AppError } from '../errors.ts';

/** A business date, 'YYYY-MM-DD'. */
export type DateString = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function badDate(value: unknown): AppError {
  const shown = typeof value === 'string' ? value.slice(0, 40) : Object.prototype.toString.call(value);
  const hint =
    value instanceof Date
      ? '（请传入 YYYY-MM-DD 字符串，不要传 Date 对象）'
      : '';
  const hintEn = value instanceof Date ? ' (pass a YYYY-MM-DD string, not a Date object)' : '';
  return new AppError(
    'bad_date',
    `日期无效，应为 YYYY-MM-DD 格式的有效日期：${shown}${hint}`,
    `Invalid date, expected a valid YYYY-MM-DD date: ${shown}${hintEn}`,
    400,
  );
}

/** Day number of a 'YYYY-MM-DD' string; throws `bad_date` for anything else (incl. 2025-02-30). */
export function toDayNumber(date: DateString): number {
  if (typeof date !== 'string') throw badDate(date);
  const m = DATE_RE.exec(date);
  if (!m) throw badDate(date);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw badDate(date);
  return daysFromCivil(y, mo, d);
}

/** 'YYYY-MM-DD' of a day number. */
export function fromDayNumber(day: number): DateString {
  if (!Number.isSafeInteger(day)) throw badDate(String(day));
  const [y, m, d] = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isValidDate(date: unknown): date is DateString {
  try {
    toDayNumber(date as string);
    return true;
  } catch {
    return false;
  }
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addDays(date: DateString, n: number): DateString {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: DateString, b: DateString): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (PostgreSQL `isodow`). */
export function isoWeekdayOfDay(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday: 1 = Monday … 7 = Sunday (PostgreSQL `extract(isodow from d)`). */
export function isoWeekday(date: DateString): number {
  return isoWeekdayOfDay(toDayNumber(date));
}

export function yearOf(date: DateString): number {
  toDayNumber(date);
  return Number(date.slice(0, 4));
}

const shanghaiFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Asia/Shanghai business date of an instant. Strings must be full timestamps with an
 * explicit zone ('…Z' or '…+08:00'); a zone-less '2025-01-01T10:00' would be read in the
 * server's local time, so it is refused.
 */
export function shanghaiDate(instant: Date | number | string): DateString {
  let t: number;
  if (instant instanceof Date) t = instant.getTime();
  else if (typeof instant === 'number') t = instant;
  else if (typeof instant === 'string' && /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(instant)) t = Date.parse(instant);
  else t = Number.NaN;
  if (!Number.isFinite(t)) {
    throw new AppError(
      'bad_timestamp',
      '时间无效，应为带时区的时间戳（如 2025-01-01T08:00:00+08:00）',
      'Invalid instant, expected a timestamp with a zone (e.g. 2025-01-01T08:00:00+08:00)',
      400,
    );
  }
  const parts = Object.fromEntries(shanghaiFormat.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today's business date in Asia/Shanghai. */
export function todayInShanghai(now: Date = new Date()): DateString {
  return shanghaiDate(now);
}
