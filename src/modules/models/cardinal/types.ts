/**
 * Shared types of the Cardinal-compatible procurement red-flag indicators.
 * The vocabulary (groups, indicator codes, fractions) follows the Open Contracting
 * Partnership's `ocdscardinal indicators` command, whose output shape we reproduce.
 */

/** A JSON object as produced by `JSON.parse`. */
export type JsonObject = { [key: string]: unknown };

/** The result groups, in the order we print them. */
export const GROUPS = ['OCID', 'Buyer', 'ProcuringEntity', 'Tenderer'] as const;
export type Group = (typeof GROUPS)[number];

/** The supported indicators, in the order they run and are printed. */
export const INDICATOR_CODES = [
  'R003',
  'R018',
  'R024',
  'R025',
  'R028',
  'R030',
  'R035',
  'R036',
  'R038',
  'R048',
  'R058',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** `{Group: {identifier: {Rxxx: value}}}` — maps keep insertion order. */
export type Results = Map<Group, Map<string, Map<IndicatorCode, number>>>;

/** Quartiles and fences used by the statistical indicators, per indicator. */
export type Meta = Map<IndicatorCode, Map<string, number>>;

export interface IndicatorResults {
  results: Results;
  meta: Meta;
}

/** A ratio kept as numerator/denominator so that partial sums add up as mediants. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export const fractionValue = (f: Fraction): number => f.numerator / f.denominator;

/** Add `numerator/denominator` to the fraction stored under `key` (creating it at 0/0). */
export function addFraction(map: Map<string, Fraction>, key: string, numerator: number, denominator: number): void {
  let f = map.get(key);
  if (!f) {
    f = { numerator: 0, denominator: 0 };
    map.set(key, f);
  }
  f.numerator += numerator;
  f.denominator += denominator;
}

/** Everything the indicators accumulate while reading the file, then finalize. */
export class Accumulator {
  readonly results: Results = new Map();
  readonly meta: Meta = new Map();
  /** The main currency: from the settings, else the first currency observed. */
  currency: string | undefined;
  /** Percentage difference between the winning bid and the lowest losing bid, per ocid. */
  readonly secondLowestBidRatios = new Map<string, number>();
  /** `[winner, lowest non-winner]` tenderer ids, per ocid with a ratio. */
  readonly winnerAndLowestNonWinner = new Map<string, [string, string]>();
  /** Winning bids / valid bids, per tenderer (R025). */
  readonly r025Tenderer = new Map<string, Fraction>();
  /** Disqualified bids / submitted bids, per buyer, procuring entity and tenderer (R038). */
  readonly r038Buyer = new Map<string, Fraction>();
  readonly r038ProcuringEntity = new Map<string, Fraction>();
  readonly r038Tenderer = new Map<string, Fraction>();
  /** Number of contracting processes and distinct item classification prefixes, per supplier (R048). */
  readonly r048Classifications = new Map<string, { count: number; codes: Set<string> }>();

  setResult(group: Group, key: string, code: IndicatorCode, value: number): void {
    let byKey = this.results.get(group);
    if (!byKey) {
      byKey = new Map();
      this.results.set(group, byKey);
    }
    let byCode = byKey.get(key);
    if (!byCode) {
      byCode = new Map();
      byKey.set(key, byCode);
    }
    byCode.set(code, value);
  }

  setMeta(code: IndicatorCode, key: string, value: number): void {
    let m = this.meta.get(code);
    if (!m) {
      m = new Map();
      this.meta.set(code, m);
    }
    m.set(key, value);
  }
}

/** One enabled indicator: `fold` sees each kept release, `finalize` runs once at the end. */
export interface IndicatorRunner {
  fold?(acc: Accumulator, release: JsonObject, ocid: string, rawLine: string): void;
  finalize?(acc: Accumulator): void;
}
