/**
 * Numerics that must agree bit for bit with the reference implementation (Rust `statrs`
 * quantiles, `f64::mul_add`, `f64::round`), because results compare with exact float equality.
 */

/**
 * Sample quantile, Hyndman–Fan type 8 (median-unbiased), as `statrs`'
 * `OrderStatistics::quantile`: h = (n + 1/3)·τ + 1/3, interpolated between the
 * ⌊h⌋-th and (⌊h⌋+1)-th order statistics. NaN for an empty sample or τ outside [0, 1].
 */
export function quantile(values: readonly number[], tau: number): number {
  const n = values.length;
  if (!(tau >= 0 && tau <= 1) || n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const h = (n + 1 / 3) * tau + 1 / 3;
  const hf = Math.trunc(h);
  if (hf <= 0 || tau === 0) return minOf(sorted);
  if (hf >= n || tau === 1) return maxOf(sorted);
  const a = sorted[hf - 1];
  const b = sorted[hf];
  return a + (h - hf) * (b - a);
}

export const lowerQuartile = (values: readonly number[]): number => quantile(values, 0.25);
export const upperQuartile = (values: readonly number[]): number => quantile(values, 0.75);
/** `statrs` `percentile(p)`: the quantile at p / 100. */
export const percentile = (values: readonly number[], p: number): number => quantile(values, p / 100);

function minOf(sorted: Float64Array): number {
  // A NaN anywhere makes the minimum NaN (typed-array sort puts NaN last).
  return Number.isNaN(sorted[sorted.length - 1]) ? Number.NaN : sorted[0];
}

function maxOf(sorted: Float64Array): number {
  return sorted[sorted.length - 1];
}

/** `f64::round`: half away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + Math.sign(x);
  return t;
}

/** Meta values are rounded to 4 decimals: `(v * 10_000).round() / 10_000`. */
export const round4 = (v: number): number => roundHalfAwayFromZero(v * 10_000) / 10_000;

// ---------------------------------------------------------------------------------------------
// Fused multiply-add with a single rounding (what Rust's `f64::mul_add` computes).
// JavaScript has no `Math.fma`, so the exact value of a·b + c is computed with BigInt and
// rounded once to the nearest double (ties to even).

const view = new DataView(new ArrayBuffer(8));

/** x = m · 2^e exactly, m a signed integer. */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return [hi >>> 31 ? -m : m, e];
}

/** 2^e as a double, exact for −1074 ≤ e ≤ 1023 (built from bits, not `Math.pow`). */
function pow2(e: number): number {
  if (e > 1023) return Number.POSITIVE_INFINITY;
  if (e < -1074) return 0;
  if (e >= -1022) {
    view.setUint32(0, (e + 1023) << 20);
    view.setUint32(4, 0);
  } else {
    const bit = e + 1074; // position of the single mantissa bit of a subnormal
    view.setUint32(0, bit >= 32 ? 1 << (bit - 32) : 0);
    view.setUint32(4, bit < 32 ? 2 ** bit : 0);
  }
  return view.getFloat64(0);
}

/** Round the exact value n · 2^e (n ≠ 0) to the nearest double, ties to even. */
function roundToDouble(n: bigint, e: number): number {
  const negative = n < 0n;
  let m = negative ? -n : n;
  const bits = m.toString(2).length;
  const shift = Math.max(bits - 53, -1074 - e);
  if (shift > 0) {
    const s = BigInt(shift);
    let q = m >> s;
    const rem = m & ((1n << s) - 1n);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    m = q;
    e += shift;
  }
  // m ≤ 2^53 and e ≥ −1074: the product below is exact unless it overflows to infinity.
  let result = Number(m);
  if (e > 1023) {
    result *= pow2(1023);
    e -= 1023;
  }
  result *= pow2(e);
  return negative ? -result : result;
}

/** a · b + c with one rounding, like Rust's `a.mul_add(b, c)`. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  if (!Number.isFinite(c)) return c;
  if (a === 0 || b === 0) return a * b + c; // exact zero product: IEEE signed-zero rules apply
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const mp = ma * mb;
  const ep = ea + eb;
  let sum: bigint;
  let e: number;
  if (mc === 0n) {
    sum = mp;
    e = ep;
  } else {
    e = Math.min(ep, ec);
    sum = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e));
  }
  if (sum === 0n) return 0; // exact cancellation rounds to +0
  return roundToDouble(sum, e);
}
