/**
 * 身份证号 (resident identity number, GB 11643-1999).
 *
 * Normalisation: trim, remove inner spaces, full-width digits to ASCII, a leading apostrophe
 * (Excel's "store as text" marker) dropped, upper-case `X`; legacy 15-digit numbers are upgraded
 * to 18 digits (insert `19` after the 6-digit area code, compute the check digit).
 *
 * An ID number is never a rejection. The spec rejects a row only for an empty required value or
 * an unparseable date/date-time/amount/number/是否 value, and says a wrong check digit is
 * "kept and imported, but marked invalid". We apply the same rule to values that are not ID
 * numbers at all (wrong length, letters): they are kept exactly as written (trimmed) and marked
 * invalid, so nothing a partner delivered is lost and the import report counts them.
 * Only the check digit is validated (not the area code or the birth date), as the spec asks.
 */
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character by (Σ digit·weight) mod 11. */
const CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

const ID18 = /^\d{17}[\dX]$/;
const ID15 = /^\d{15}$/;

export function isValidIdNumber(id: string): boolean {
  return ID18.test(id) && idCheckDigit(id) === id[17];
}

/** 15 → 18 digits: area code, `19`, the remaining 9 digits, check digit. */
export function upgradeIdNumber15(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckDigit(first17);
}

/** The common case, without allocations: exactly 18 characters, 17 digits + digit/x/X. */
function fast18(s: string): NormResult<string> | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    sum += d * WEIGHTS[i];
  }
  const last = s.charCodeAt(17);
  if (last === 120 /* x */) s = `${s.slice(0, 17)}X`;
  else if (last !== 88 /* X */ && (last < 48 || last > 57)) return null;
  return CHECK[sum % 11] === s[17] ? ok(s) : okInvalid(s);
}

export function normalizeIdNumber(raw: unknown): NormResult<string> {
  if (typeof raw === 'string' && raw.length === 18) {
    const r = fast18(raw);
    if (r) return r;
  }
  const written = typeof raw === 'string' ? raw.trim() : codeText(raw);
  let s = codeText(raw);
  if (s.charCodeAt(0) === 39 /* ' */) s = s.slice(1);
  s = s.replace(/\s+/g, '');
  if (s.length === 18) {
    s = s.toUpperCase();
    if (ID18.test(s)) return idCheckDigit(s) === s[17] ? ok(s) : okInvalid(s);
  } else if (s.length === 15 && ID15.test(s)) {
    return ok(upgradeIdNumber15(s));
  }
  return okInvalid(written);
}
