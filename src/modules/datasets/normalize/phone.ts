/**
 * Phone numbers → digits only, so the same number always compares equal.
 *
 * Rules (separators — spaces, `-`, `.`, parentheses — are ignored):
 * - Mobile: `1[3-9]` + 9 digits, optionally preceded by `+86`, `0086`, `86` or a trunk `0`
 *   → the 11 digits, e.g. `+86 138-0013-8000` → `13800138000`.
 * - Landline: area code with its leading 0 (010, 02X, or 0 + 3 digits) + 7–8 digit local number
 *   → all digits, e.g. `0531-88886666` / `(0531)8888-6666` / `+86 531 8888 6666` → `053188886666`.
 *   An extension (`转123`, `-123` after a complete number, `ext 123`, `#123`) is kept after a
 *   dash: `053188886666-123`.
 * - Local numbers without area code (7–8 digits) and service numbers (12345, 95588,
 *   400/800 numbers) → their digits.
 * - `+` with another country code → `+` and the digits.
 * Anything else (`不详`, `138001380`, two numbers in one cell) is not a rejection (the spec
 * does not list phones among the typed values that reject a row): it is kept as written
 * (trimmed) and marked invalid.
 */
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0(?:[12]\d{9}|[3-9]\d{9,10})$/;
const LOCAL = /^[2-9]\d{6,7}$/;
const SERVICE = /^(?:1\d{2}|1\d{4}|9\d{4}|[48]00\d{7})$/;
const SHAPE = /^[(（]?\s*\+?[\d\s\-.()（）]+$/;
const PLUS = /^[(（]?\s*\+/;
const EXTENSION = /^(.*?\d)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;

export function normalizePhone(raw: unknown): NormResult<string> {
  const written = typeof raw === 'string' ? raw.trim() : codeText(raw);
  let s = codeText(raw);
  let ext = '';
  const e = EXTENSION.exec(s);
  if (e) {
    s = e[1];
    ext = e[2];
  }
  if (!SHAPE.test(s)) return okInvalid(written);
  const plus = PLUS.test(s);
  let digits = s.replace(/\D+/g, '');
  let international = plus;
  if (!plus && digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (plus) {
    if (!digits.startsWith('86')) return ext ? okInvalid(written) : ok(`+${digits}`);
    digits = digits.slice(2);
  }
  // a dash-separated extension after a complete landline: 0531-88886666-123
  if (!ext && !international && /-\d{1,6}\s*$/.test(s)) {
    const m = /^(.*)-\s*(\d{1,6})\s*$/.exec(s);
    const main = m ? m[1].replace(/\D+/g, '') : '';
    if (m && LANDLINE.test(main)) {
      digits = main;
      ext = m[2];
    }
  }
  if (international) {
    if (MOBILE.test(digits)) return ext ? okInvalid(written) : ok(digits);
    if (/^[1-9]\d{8,10}$/.test(digits) && LANDLINE.test(`0${digits}`)) return ok(`0${digits}${ext ? `-${ext}` : ''}`);
    return okInvalid(written);
  }
  if (!ext) {
    if (MOBILE.test(digits)) return ok(digits);
    if (digits.length === 13 && digits.startsWith('86') && MOBILE.test(digits.slice(2))) return ok(digits.slice(2));
    if (digits.length === 12 && digits.startsWith('0') && MOBILE.test(digits.slice(1))) return ok(digits.slice(1));
  }
  if (LANDLINE.test(digits)) return ok(ext ? `${digits}-${ext}` : digits);
  if (!ext && (LOCAL.test(digits) || SERVICE.test(digits))) return ok(digits);
  return okInvalid(written);
}
