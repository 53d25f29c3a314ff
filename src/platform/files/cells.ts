/**
 * Cell values as the file readers hand them out, and the few conversions every consumer needs.
 *
 * CSV cells are always strings. XLSX cells are strings, numbers, booleans, `Date`s or `null`.
 *
 * Dates follow exceljs's convention: a spreadsheet date-time has no time zone, so the *UTC
 * fields* of the `Date` carry the wall-clock time written in the cell (a cell showing
 * `2024-03-15 10:30` becomes `new Date(Date.UTC(2024, 2, 15, 10, 30))`). Writers use the same
 * convention; build such values with {@link wallClock}.
 */
export type CellValue = string | number | boolean | Date | null;

/** A `Date` whose UTC fields are the given wall-clock time (month is 1-based). */
export function wallClock(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** True for null/undefined, '' and whitespace-only strings. */
export function isBlankCell(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') {
    if (value.length === 0) return true;
    // fast path: a non-space first character means not blank
    const c = value.charCodeAt(0);
    if (c > 32 && c !== 0xa0 && c !== 0x3000 && c !== 0xfeff) return false;
    return value.trim().length === 0;
  }
  return false;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function pad4(n: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= 4 ? s : '0000'.slice(s.length) + s);
}

/** `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` (when the time is not midnight) from a wall-clock Date. */
export function formatWallClock(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return 'Invalid Date';
  const date = `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? date : `${date} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/**
 * A number as a spreadsheet shows it: integers exactly (up to 2^53), other values with at most
 * 15 significant digits (Excel's precision), so binary noise such as 0.1+0.2 does not leak out.
 */
export function numberToText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) {
    if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return String(n);
    return BigInt(n).toString();
  }
  const s = String(n);
  // shortest round-trip repr; if it has more than 15 significant digits, round like Excel
  const digits = s.replace(/^-?0*\.?0*/, '').replace(/[.]|e.*$/gi, '').length;
  if (digits <= 15 && !/e/i.test(s)) return s;
  const p = Number(n.toPrecision(15));
  const t = String(p);
  if (!/e/i.test(t)) return t;
  // tiny or huge values: expand the exponent
  return expandExponent(n.toPrecision(15));
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, d0, frac = '', expStr] = m;
  const exp = Number(expStr);
  let digits = d0 + frac;
  let point = 1 + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  let int = digits.slice(0, point);
  let fr = digits.slice(point).replace(/0+$/, '');
  int = int.replace(/^0+(?=\d)/, '');
  if (fr) fr = `.${fr}`;
  return `${sign}${int}${fr}`;
}

/** The text a cell shows, trimmed; '' for blank cells. */
export function cellToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value.trim();
    case 'number':
      return numberToText(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'bigint':
      return value.toString();
    default:
      if (value instanceof Date) return formatWallClock(value);
      return String(value).trim();
  }
}
