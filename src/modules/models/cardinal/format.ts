/**
 * Serialise indicator results exactly as `ocdscardinal indicators` prints them
 * (serde_json with `preserve_order`, floats formatted by `ryu`, non-finite floats as null).
 */
import { round4 } from './stats.ts';
import { GROUPS, INDICATOR_CODES, type IndicatorResults } from './types.ts';

/**
 * Shortest round-trip digits of |x| (x finite, non-zero) and the decimal exponent of the
 * first digit: |x| = 0.d1d2… × 10^(exp + 1).
 */
function shortestDigits(x: number): { digits: string; exp: number } {
  const s = Math.abs(x).toString(); // shortest round-trip, closest to x (ECMA-262 Number::toString)
  let mantissa = s;
  let exp10 = 0;
  const e = s.indexOf('e');
  if (e >= 0) {
    mantissa = s.slice(0, e);
    exp10 = Number(s.slice(e + 1));
  }
  const dot = mantissa.indexOf('.');
  const intPart = dot >= 0 ? mantissa.slice(0, dot) : mantissa;
  const fracPart = dot >= 0 ? mantissa.slice(dot + 1) : '';
  let digits = intPart + fracPart;
  // Decimal exponent of the first digit of `digits`.
  let first = exp10 + intPart.length - 1;
  const lead = digits.match(/^0*/)?.[0].length ?? 0;
  digits = digits.slice(lead);
  first -= lead;
  digits = digits.replace(/0+$/, '');
  return { digits, exp: first };
}

/** A float as serde_json writes it (ryu's format): 1.0, 0.2, 100.0, 1e16, 1.5e-7, -0.0; NaN/±∞ as null. */
export function formatF64(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  const length = digits.length;
  const kk = exp + 1; // 10^(kk-1) <= |x| < 10^kk
  const k = kk - length;
  let body: string;
  if (k >= 0 && kk <= 16) {
    body = `${digits}${'0'.repeat(k)}.0`;
  } else if (kk > 0 && kk <= 16) {
    body = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  } else if (kk > -5 && kk <= 0) {
    body = `0.${'0'.repeat(-kk)}${digits}`;
  } else if (length === 1) {
    body = `${digits}e${kk - 1}`;
  } else {
    body = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  }
  return sign + body;
}

/** A JSON string as serde_json writes it (same escapes as JSON.stringify for well-formed strings). */
const formatString = (s: string): string => JSON.stringify(s);

/**
 * The JSON text `ocdscardinal indicators` prints (without the trailing newline): groups in the
 * order OCID, Buyer, ProcuringEntity, Tenderer (only non-empty ones), identifiers in first-seen
 * order, indicators in code order, then — unless `noMeta` — a "Meta" object with the quartiles
 * and fences rounded to 4 decimals.
 */
export function formatIndicators(result: IndicatorResults, options: { noMeta?: boolean } = {}): string {
  const members: string[] = [];
  for (const group of GROUPS) {
    const byKey = result.results.get(group);
    if (!byKey || byKey.size === 0) continue;
    const entries: string[] = [];
    for (const [key, byCode] of byKey) {
      const values: string[] = [];
      for (const code of INDICATOR_CODES) {
        const v = byCode.get(code);
        if (v !== undefined) values.push(`${formatString(code)}:${formatF64(v)}`);
      }
      entries.push(`${formatString(key)}:{${values.join(',')}}`);
    }
    members.push(`${formatString(group)}:{${entries.join(',')}}`);
  }
  if (!options.noMeta) {
    const metas: string[] = [];
    for (const code of INDICATOR_CODES) {
      const m = result.meta.get(code);
      if (!m) continue;
      const values = [...m].map(([k, v]) => `${formatString(k)}:${formatF64(round4(v))}`);
      metas.push(`${formatString(code)}:{${values.join(',')}}`);
    }
    members.push(`"Meta":{${metas.join(',')}}`);
  }
  return `{${members.join(',')}}`;
}

/** The same content as plain objects (e.g. for an HTTP reply or a test). */
export function indicatorsToObject(
  result: IndicatorResults,
  options: { noMeta?: boolean } = {},
): Record<string, Record<string, Record<string, number | null>>> {
  return JSON.parse(formatIndicators(result, options));
}
