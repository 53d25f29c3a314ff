/**
 * Amounts in yuan (元) → exact decimal text with two fraction digits ("12345.60"), ready for a
 * numeric(18,2) column. Accepted: thousands separators (`12,345.60`, correctly grouped), a
 * leading `￥`/`¥`, a trailing `元`, `万`/`万元` (×10,000, exact), one sign (before or after the
 * currency sign), spaces around those symbols (not inside the number), full-width digits.
 * More than two fraction digits are rounded half away from zero — exactly what PostgreSQL does
 * when storing into numeric(18,2), done here so the stored value is what the caller sees.
 * XLSX numbers are read with Excel's 15 significant digits (0.1+0.2 → "0.30").
 * Anything else is rejected.
 */
import { numberToText } from '../../../platform/files/cells.ts';
import { codeText, fail, type NormResult, ok } from './common.ts';
import { type Decimal, formatFixed, parseDecimal, roundDecimal, shiftLeft } from './decimal.ts';

/** numeric(18,2): at most 16 integer digits. */
const MAX_INT_DIGITS = 16;
const SPACE = /\s/;

function bad(raw: unknown) {
  return fail('无法解析的金额', 'unparseable amount', raw);
}

function finish(d: Decimal, raw: unknown): NormResult<string> {
  const r = roundDecimal(d, 2);
  if (r.int.length > MAX_INT_DIGITS) return bad(raw);
  return ok(formatFixed(r, 2));
}

export function normalizeAmount(raw: unknown): NormResult<string> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return bad(raw);
    const d = parseDecimal(numberToText(raw));
    return d ? finish(d, raw) : bad(raw);
  }
  if (typeof raw !== 'string') return bad(raw);
  let s = codeText(raw);
  if (SPACE.test(s)) {
    // spaces around the sign, currency sign, 万 and 元 are fine; inside the number they are not
    s = s.replace(/^([+-]?)\s*([￥¥]?)\s*([+-]?)\s*/, '$1$2$3').replace(/\s*(万?)\s*(元?)$/, '$1$2');
    if (SPACE.test(s)) return bad(raw);
  }
  let start = 0;
  let end = s.length;
  let sign = '';
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    sign = s[0];
    c = s.charCodeAt(++start);
  }
  if (c === 0xffe5 || c === 0xa5) c = s.charCodeAt(++start); // ￥ ¥
  if (c === 43 || c === 45) {
    if (sign) return bad(raw);
    sign = s[start++];
  }
  if (s.charCodeAt(end - 1) === 0x5143) end--; // 元
  const wan = s.charCodeAt(end - 1) === 0x4e07; // 万
  if (wan) end--;
  c = s.charCodeAt(start);
  if (!((c >= 48 && c <= 57) || c === 46)) return bad(raw); // body must start with a digit or '.'
  const d = parseDecimal(start === 0 && end === s.length ? s : sign + s.slice(start, end));
  if (!d) return bad(raw);
  return finish(wan ? shiftLeft(d, 4) : d, raw);
}
