/**
 * RFC 3339 timestamps as `chrono`'s `DateTime::parse_from_rfc3339` reads them, and the whole
 * days between two of them as `chrono::Duration::num_days` counts them (truncated toward zero).
 * JavaScript's `Date` would lose sub-millisecond digits and accept other formats.
 */

export interface Instant {
  /** Seconds since 1970-01-01T00:00:00Z. */
  seconds: number;
  /** 0 ≤ nanos < 2·10⁹ (a leap second carries an extra 10⁹). */
  nanos: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to the given proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parse an RFC 3339 date-time; `undefined` if it is not one. */
export function parseRfc3339(text: string): Instant | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12) return undefined;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > monthDays) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // Up to 9 fractional digits count; further digits are ignored.
  const nanos = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  let offset = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (oh * 60 + om) * 60 * (m[9] === '-' ? -1 : 1);
  }
  const leap = second === 60;
  const seconds =
    daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + (leap ? 59 : second) - offset;
  return { seconds, nanos: leap ? nanos + 1_000_000_000 : nanos };
}

/** Whole days from `start` to `end`, truncated toward zero (negative if `end` is earlier). */
export function wholeDaysBetween(start: Instant, end: Instant): number {
  let secs = end.seconds - start.seconds;
  let nanos = end.nanos - start.nanos;
  // Normalise to 0 ≤ nanos < 10⁹.
  secs += Math.floor(nanos / 1_000_000_000);
  nanos -= Math.floor(nanos / 1_000_000_000) * 1_000_000_000;
  // Whole seconds truncated toward zero, then whole days truncated toward zero.
  const wholeSeconds = secs < 0 && nanos > 0 ? secs + 1 : secs;
  return Math.trunc(wholeSeconds / 86_400);
}
