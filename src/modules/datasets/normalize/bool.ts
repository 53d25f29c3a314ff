/**
 * 是/否 fields → boolean. Accepted (case-insensitive, trimmed): 是/否, 有/无 (for 公函-style
 * columns), Y/N, yes/no, 1/0, true/false, T/F, √/×; XLSX booleans and the numbers 1/0.
 * Anything else is rejected (是/否 is a typed value in the spec).
 */
import { codeText, fail, type NormResult, ok } from './common.ts';

const TRUE = new Set(['是', '有', 'y', 'yes', '1', 'true', 't', '√', '✓']);
const FALSE = new Set(['否', '无', '無', 'n', 'no', '0', 'false', 'f', '×', '✗']);

export function normalizeBool(raw: unknown): NormResult<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw === 'number') {
    if (raw === 1) return ok(true);
    if (raw === 0) return ok(false);
    return fail('无法解析的是/否值', 'unparseable yes/no value', raw);
  }
  const s = codeText(raw).toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return fail('无法解析的是/否值', 'unparseable yes/no value', raw);
}
