/**
 * Exact decimal arithmetic on digit strings — amounts and quantities never pass through a
 * binary float (12345.60 stays "12345.60").
 */

export interface Decimal {
  negative: boolean;
  /** Integer digits without leading zeros ('' for zero). */
  int: string;
  /** Fraction digits (may have trailing zeros). */
  frac: string;
}

/**
 * Plain decimal text: optional sign, digits with optional correctly grouped thousands
 * separators (`12,345.6`; `1,23` is refused — it may be a European decimal comma), optional
 * fraction, optionally (when `exponent`) an `e±N` exponent. No spaces. A hand-written scanner:
 * this runs for every amount of every row.
 */
export function parseDecimal(text: string, exponent = false): Decimal | null {
  const n = text.length;
  let i = 0;
  let negative = false;
  let c = text.charCodeAt(0);
  if (c === 43 || c === 45) {
    negative = c === 45;
    i = 1;
  }
  const intStart = i;
  let lastComma = -1;
  let int = '';
  while (i < n) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      i++;
    } else if (c === 44) {
      const group = lastComma < 0 ? i - intStart : i - lastComma - 1;
      if (lastComma < 0 ? group < 1 || group > 3 : group !== 3) return null;
      int += text.slice(lastComma < 0 ? intStart : lastComma + 1, i);
      lastComma = i++;
    } else break;
  }
  if (lastComma >= 0) {
    if (i - lastComma - 1 !== 3) return null;
    int += text.slice(lastComma + 1, i);
  } else int = text.slice(intStart, i);
  let frac = '';
  if (i < n && text.charCodeAt(i) === 46) {
    const fracStart = ++i;
    while (i < n) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    frac = text.slice(fracStart, i);
  }
  if (int === '' && frac === '') return null; // "", ".", "-", "e5"
  if (i < n && exponent && (text.charCodeAt(i) | 32) === 101) {
    const m = /^[eE]([+-]?\d{1,3})$/.exec(text.slice(i));
    if (!m) return null;
    const e = Number(m[1]);
    i = n;
    if (e > 0) {
      int += frac.slice(0, e).padEnd(e, '0');
      frac = frac.slice(e);
    } else if (e < 0) {
      const k = -e;
      const padded = int.padStart(k, '0');
      frac = padded.slice(padded.length - k) + frac;
      int = padded.slice(0, padded.length - k);
    }
  }
  if (i !== n) return null;
  return { negative, int: stripLeadingZeros(int), frac };
}

function stripLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 48) i++;
  return i === 0 ? s : s.slice(i);
}

function isZero(d: Decimal): boolean {
  if (d.int !== '') return false;
  for (let i = 0; i < d.frac.length; i++) if (d.frac.charCodeAt(i) !== 48) return false;
  return true;
}

/** Multiply by 10^k (k ≥ 0), exactly. */
export function shiftLeft(d: Decimal, k: number): Decimal {
  const moved = d.frac.slice(0, k).padEnd(k, '0');
  return { negative: d.negative, int: stripLeadingZeros(d.int + moved), frac: d.frac.slice(k) };
}

/** Round half away from zero to `places` fraction digits (what PostgreSQL numeric(p,s) does). */
export function roundDecimal(d: Decimal, places: number): Decimal {
  if (d.frac.length <= places) return d.frac.length === places ? d : { ...d, frac: d.frac.padEnd(places, '0') };
  const keep = d.frac.slice(0, places);
  const roundUp = d.frac.charCodeAt(places) >= 53; // '5'
  if (!roundUp) return { ...d, frac: keep };
  // add one unit in the last kept place
  const digits = (d.int || '0') + keep;
  let carry = 1;
  const out: string[] = [];
  for (let i = digits.length - 1; i >= 0; i--) {
    const v = digits.charCodeAt(i) - 48 + carry;
    carry = v >= 10 ? 1 : 0;
    out.push(String.fromCharCode(48 + (v % 10)));
  }
  if (carry) out.push('1');
  const all = out.reverse().join('');
  const int = stripLeadingZeros(all.slice(0, all.length - places));
  return { negative: d.negative, int, frac: all.slice(all.length - places) };
}

/** Canonical text: no leading zeros, trailing fraction zeros removed, no "-0". */
export function formatDecimal(d: Decimal): string {
  const frac = d.frac.replace(/0+$/, '');
  const body = (d.int || '0') + (frac ? `.${frac}` : '');
  return d.negative && !isZero(d) ? `-${body}` : body;
}

/** Fixed number of fraction digits (the value must already be rounded to them). */
export function formatFixed(d: Decimal, places: number): string {
  const frac = d.frac.padEnd(places, '0').slice(0, places);
  const body = (d.int || '0') + (places > 0 ? `.${frac}` : '');
  return d.negative && !isZero(d) ? `-${body}` : body;
}
