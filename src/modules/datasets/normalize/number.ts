/**
 * Quantities (`number` → exact canonical decimal text such as "35.5", for a numeric column)
 * and counts (`integer` → a JS number within PostgreSQL integer range).
 *
 * Accepted: optional sign, thousands separators (correctly grouped), decimal point, `1.5E+3`
 * scientific notation (Excel writes it for large values), spaces around, full-width digits.
 * XLSX numbers are read with Excel's 15 significant digits. Units or other text are rejected.
 */
import { numberToText } from '../../../platform/files/cells.ts';
import { codeText, fail, type NormResult, ok } from './common.ts';
import { type Decimal, formatDecimal, parseDecimal } from './decimal.ts';

const MAX_DIGITS = 38;

function toDecimal(raw: unknown): Decimal | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? parseDecimal(numberToText(raw), true) : null;
  if (typeof raw !== 'string') return null;
  return parseDecimal(codeText(raw), true);
}

export function normalizeNumber(raw: unknown): NormResult<string> {
  const d = toDecimal(raw);
  if (!d || d.int.length > MAX_DIGITS) return fail('无法解析的数值', 'unparseable number', raw);
  return ok(formatDecimal(d));
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

export function normalizeInteger(raw: unknown): NormResult<number> {
  const d = toDecimal(raw);
  if (!d || /[1-9]/.test(d.frac) || d.int.length > 10) return fail('无法解析的整数', 'unparseable integer', raw);
  const n = (d.negative ? -1 : 1) * Number(d.int || '0');
  if (n < INT_MIN || n > INT_MAX) return fail('无法解析的整数', 'unparseable integer', raw);
  return ok(n === 0 ? 0 : n);
}
