/**
 * Dates and date-times. Business time is Asia/Shanghai.
 *
 * Accepted (after trimming; full-width digits and colons are folded to ASCII):
 * - `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` (one separator used consistently; month/day 1–2 digits),
 *   `YYYY年M月D日`, and `YYYYMMDD` (8 digits, common in system exports);
 * - optionally followed (after spaces or `T`; directly after `日` too) by `H:mm` or `HH:mm:ss`,
 *   fractional seconds are truncated; an explicit `Z`/`±HH:MM` offset is converted to +08:00;
 * - Excel serial numbers (1900 date system, fraction = time of day), as numbers from XLSX
 *   cells or as numeric text, within 10000–2958465 (1927-05-18 … 9999-12-31): a smaller bare
 *   number in a date column (`2024`, `45`) is far likelier a mistake than a date, so it is
 *   rejected rather than guessed. `excelSerialToParts` itself handles the whole range,
 *   including Excel's fictitious 1900-02-29 (serial 60, refused);
 * - `Date` values from XLSX date cells: their UTC fields are the wall-clock time written in the
 *   cell (exceljs's convention), rounded to the second.
 * Impossible dates (2024-13-01, 2023-02-29, 25:00) are rejected.
 *
 * Output: date → `YYYY-MM-DD`; date-time → `YYYY-MM-DDTHH:mm:ss+08:00` (a date alone means
 * 00:00:00). A time given for a date column is dropped. China has used UTC+8 all year since
 * 1992; for the summer-time years 1986–1991 the +08:00 offset is nominal (not applied).
 */
import { codeText, fail, type NormResult, ok } from './common.ts';

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Excel's 1900 system: serial 61 = 1900-03-01, i.e. day 0 is 1899-12-30 from serial 61 on. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
export const MIN_SERIAL = 10_000;
export const MAX_SERIAL = 2_958_465; // 9999-12-31

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS[m];
}

function validParts(p: DateTimeParts): boolean {
  return (
    p.year >= 1000 &&
    p.year <= 9999 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour >= 0 &&
    p.hour <= 23 &&
    p.minute >= 0 &&
    p.minute <= 59 &&
    p.second >= 0 &&
    p.second <= 59
  );
}

function partsFromUtcMs(ms: number): DateTimeParts {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * Excel 1900-system serial → wall-clock parts, or null. Serial 1 = 1900-01-01, 59 = 1900-02-28,
 * 60 = the non-existent 1900-02-29 (Lotus 1-2-3's leap-year bug, kept by Excel) → null,
 * 61 = 1900-03-01. The fraction is the time of day, rounded to the second.
 */
export function excelSerialToParts(serial: number): DateTimeParts | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds >= 86_400) {
    days += 1;
    seconds -= 86_400;
  }
  if (days === 60) return null;
  const dayOffset = days < 60 ? days + 1 : days; // before the fictitious day, the epoch is one day later
  if (days > MAX_SERIAL) return null;
  return partsFromUtcMs(EXCEL_EPOCH_MS + dayOffset * DAY_MS + seconds * 1000);
}

/** Wall-clock parts → Excel serial (inverse of excelSerialToParts for real dates). */
export function partsToExcelSerial(p: DateTimeParts): number {
  const days = Math.round((Date.UTC(p.year, p.month - 1, p.day) - EXCEL_EPOCH_MS) / DAY_MS);
  const serialDays = days < 61 ? days - 1 : days;
  return serialDays + (p.hour * 3600 + p.minute * 60 + p.second) / 86_400;
}

const DATE_RE = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DIGITS8 = /^\d{8}$/;
const SERIAL_RE = /^\d{5,7}(?:\.\d+)?$/;

type Parsed = DateTimeParts | null;

function fromSerial(serial: number): Parsed {
  return serial < MIN_SERIAL ? null : excelSerialToParts(serial);
}

function fromYmd8(n: number): Parsed {
  const p = { year: Math.floor(n / 10_000), month: Math.floor(n / 100) % 100, day: n % 100, hour: 0, minute: 0, second: 0 };
  return validParts(p) ? p : null;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Allocation-light scanner for the common shapes `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D`, each
 * optionally followed by one space or `T` and `H:mm` or `H:mm:ss`. Returns parts, null for an
 * impossible date in one of these shapes, or undefined when the text has another shape (the
 * regular expressions then decide).
 */
function scanCommon(s: string): DateTimeParts | null | undefined {
  const n = s.length;
  if (n < 8) return undefined;
  let c0 = s.charCodeAt(0) - 48;
  let c1 = s.charCodeAt(1) - 48;
  let c2 = s.charCodeAt(2) - 48;
  const c3 = s.charCodeAt(3) - 48;
  if (!(c0 >= 0 && c0 <= 9 && c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9 && c3 >= 0 && c3 <= 9)) return undefined;
  const year = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
  const sep = s.charCodeAt(4);
  if (sep !== 45 && sep !== 47 && sep !== 46) return undefined;
  let i = 5;
  // month
  if (!isDigit(s.charCodeAt(i))) return undefined;
  let month = s.charCodeAt(i++) - 48;
  if (isDigit(s.charCodeAt(i))) month = month * 10 + s.charCodeAt(i++) - 48;
  if (s.charCodeAt(i++) !== sep || !isDigit(s.charCodeAt(i))) return undefined;
  let day = s.charCodeAt(i++) - 48;
  if (isDigit(s.charCodeAt(i))) day = day * 10 + s.charCodeAt(i++) - 48;
  const p: DateTimeParts = { year, month, day, hour: 0, minute: 0, second: 0 };
  if (i === n) return validParts(p) ? p : null;
  c0 = s.charCodeAt(i++);
  if (c0 !== 32 && c0 !== 84) return undefined;
  if (!isDigit(s.charCodeAt(i))) return undefined;
  let hour = s.charCodeAt(i++) - 48;
  if (isDigit(s.charCodeAt(i))) hour = hour * 10 + s.charCodeAt(i++) - 48;
  if (s.charCodeAt(i++) !== 58) return undefined;
  c1 = s.charCodeAt(i++) - 48;
  c2 = s.charCodeAt(i++) - 48;
  if (!(c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9)) return undefined;
  p.hour = hour;
  p.minute = c1 * 10 + c2;
  if (i < n) {
    if (s.charCodeAt(i++) !== 58) return undefined;
    c1 = s.charCodeAt(i++) - 48;
    c2 = s.charCodeAt(i++) - 48;
    if (!(c1 >= 0 && c1 <= 9 && c2 >= 0 && c2 <= 9) || i !== n) return undefined;
    p.second = c1 * 10 + c2;
  }
  return validParts(p) ? p : null;
}

/** Parse any accepted input into Asia/Shanghai wall-clock parts; null when unparseable. */
export function parseDateTimeParts(raw: unknown): DateTimeParts | null {
  if (raw instanceof Date) {
    const t = raw.getTime();
    if (Number.isNaN(t)) return null;
    const p = partsFromUtcMs(Math.round(t / 1000) * 1000);
    return validParts(p) ? p : null;
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw <= 0) return null;
    if (Number.isInteger(raw) && raw >= 10_000_101 && raw <= 99_991_231) return fromYmd8(raw);
    return fromSerial(raw);
  }
  const s = codeText(raw);
  const fast = scanCommon(s);
  if (fast !== undefined) return fast;
  const m = DATE_RE.exec(s);
  if (!m) {
    if (DIGITS8.test(s)) return fromYmd8(Number(s));
    if (SERIAL_RE.test(s)) return fromSerial(Number(s));
    return null;
  }
  const p: DateTimeParts = {
    year: Number(m[1]),
    month: Number(m[3] ?? m[5]),
    day: Number(m[4] ?? m[6]),
    hour: 0,
    minute: 0,
    second: 0,
  };
  let rest = s.slice(m[0].length);
  if (rest.length > 0) {
    const afterRi = m[5] !== undefined;
    const sep = /^(?:\s+|T)/i.exec(rest);
    if (sep) rest = rest.slice(sep[0].length);
    else if (!afterRi) return null;
    const t = TIME_RE.exec(rest);
    if (!t) return null;
    p.hour = Number(t[1]);
    p.minute = Number(t[2]);
    p.second = t[3] === undefined ? 0 : Number(t[3]);
    if (!validParts(p)) return null;
    if (t[4] !== undefined) {
      // explicit offset: convert the instant to Shanghai wall-clock time
      const z = t[4].toUpperCase();
      let offsetMin = 0;
      if (z !== 'Z') {
        const sign = z[0] === '-' ? -1 : 1;
        const digits = z.slice(1).replace(':', '');
        const hh = Number(digits.slice(0, 2));
        const mm = digits.length > 2 ? Number(digits.slice(2)) : 0;
        if (hh > 14 || mm > 59) return null;
        offsetMin = sign * (hh * 60 + mm);
      }
      const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - offsetMin * 60_000;
      const q = partsFromUtcMs(utc + SHANGHAI_OFFSET_MS);
      return validParts(q) ? q : null;
    }
    return p;
  }
  return validParts(p) ? p : null;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function formatDate(p: DateTimeParts): string {
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

export function formatDateTime(p: DateTimeParts): string {
  return `${formatDate(p)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}+08:00`;
}

/** Date column → `YYYY-MM-DD`. */
export function normalizeDate(raw: unknown): NormResult<string> {
  const p = parseDateTimeParts(raw);
  return p ? ok(formatDate(p)) : fail('无法解析的日期', 'unparseable date', raw);
}

/** Date-time column → `YYYY-MM-DDTHH:mm:ss+08:00`. */
export function normalizeDateTime(raw: unknown): NormResult<string> {
  const p = parseDateTimeParts(raw);
  return p ? ok(formatDateTime(p)) : fail('无法解析的日期时间', 'unparseable date-time', raw);
}
