/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from
 * 0-9 and A-Y without I, O, S, V, Z; the last is a check character (MOD 31).
 *
 * Same treatment as ID numbers (see id-number.ts): trimmed, inner spaces removed, full-width
 * folded, upper-cased; a wrong check character or a value that is not a code at all is kept
 * (as written) and marked invalid — never a rejection.
 */
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const VALUE = new Map([...USCC_CHARS].map((c, i) => [c, i]));
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters (which must be from USCC_CHARS). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (VALUE.get(first17[i]) ?? Number.NaN) * WEIGHTS[i];
  if (Number.isNaN(sum)) throw new RangeError(`not a USCC prefix: ${first17}`);
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: string): boolean {
  return USCC.test(code) && usccCheckChar(code) === code[17];
}

export function normalizeUscc(raw: unknown): NormResult<string> {
  const written = typeof raw === 'string' ? raw.trim() : codeText(raw);
  let s = codeText(raw);
  if (s.charCodeAt(0) === 39 /* ' */) s = s.slice(1);
  s = s.replace(/\s+/g, '').toUpperCase();
  if (USCC.test(s)) return usccCheckChar(s) === s[17] ? ok(s) : okInvalid(s);
  return okInvalid(written);
}
