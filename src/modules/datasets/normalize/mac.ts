/**
 * MAC addresses → `AA-BB-CC-DD-EE-FF`. Accepted: six hex pairs separated consistently by `-`
 * or `:`, Cisco's `aabb.ccdd.eeff`, or 12 bare hex digits; any case. Anything else is kept as
 * written and marked invalid (not a rejection: MACs are not in the spec's rejecting types).
 */
import { codeText, type NormResult, ok, okInvalid } from './common.ts';

const SHAPES = [/^[0-9a-f]{2}([-:])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i, /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i, /^[0-9a-f]{12}$/i];

export function normalizeMac(raw: unknown): NormResult<string> {
  const s = codeText(raw);
  if (!SHAPES.some((re) => re.test(s))) return okInvalid(s);
  const hex = s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return ok(hex.replace(/(..)(?!$)/g, '$1-'));
}
