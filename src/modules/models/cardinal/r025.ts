/**
 * R025 — Excessive unsuccessful bids (头部投标人中标率异常低).
 * For each tenderer, the ratio of winning bids to valid bids (counted once per contracting
 * process with one active award to one supplier). A top tenderer — number of valid bids at or
 * above the `[R025] percentile` (default 75th) — is flagged with its ratio when the ratio is a low
 * outlier: ≤ Q1 − 1.5·IQR of all ratios, or ≤ `[R025] threshold`.
 * Skipped when Q1 or the fence is not positive.
 */
import {
  getArray,
  getCompleteAwardsAndBidsIfAllAwardsFinal,
  getSoleSupplierOfSoleAward,
  getString,
} from './ocds.ts';
import { fma, lowerQuartile, percentile, upperQuartile } from './stats.ts';
import type { Settings } from './settings.ts';
import { addFraction, fractionValue, type IndicatorRunner } from './types.ts';

export function createR025(settings: Settings): IndicatorRunner {
  const pct = settings.R025?.percentile ?? 75;
  const threshold = settings.R025?.threshold;

  return {
    fold(acc, release) {
      const awardsAndBids = getCompleteAwardsAndBidsIfAllAwardsFinal(release);
      if (!awardsAndBids) return;
      const supplierId = getSoleSupplierOfSoleAward(awardsAndBids.completeAwards);
      if (supplierId === undefined) return;

      const validTendererIds = new Set<string>();
      for (const bid of awardsAndBids.details) {
        const tenderers = getArray(bid, 'tenderers');
        if (getString(bid, 'status') !== 'valid' || !tenderers || tenderers.length !== 1) continue;
        const id = getString(tenderers[0], 'id');
        if (id !== undefined) validTendererIds.add(id);
      }
      // Each tenderer counts once per contracting process, however many bids it submitted.
      for (const id of validTendererIds) addFraction(acc.r025Tenderer, id, id === supplierId ? 1 : 0, 1);
    },

    finalize(acc) {
      const fractions = [...acc.r025Tenderer];
      const upperFence = percentile(
        fractions.map(([, f]) => f.denominator),
        pct,
      );

      let lowerFence: number;
      let q1: number;
      if (threshold === undefined) {
        const data = fractions.map(([, f]) => fractionValue(f));
        q1 = lowerQuartile(data);
        const q3 = upperQuartile(data);
        acc.setMeta('R025', 'q1', q1);
        acc.setMeta('R025', 'q3', q3);
        lowerFence = fma(q3 - q1, -1.5, q1); // Q1 − 1.5·IQR
      } else {
        lowerFence = threshold;
        q1 = 1.0; // a threshold bypasses the Q1 guard
      }
      acc.setMeta('R025', 'upper_fence', upperFence);
      acc.setMeta('R025', 'lower_fence', lowerFence);

      if (!(q1 > 0 && lowerFence > 0)) return;
      for (const [id, f] of fractions) {
        const ratio = fractionValue(f);
        if (f.denominator >= upperFence && ratio <= lowerFence) acc.setResult('Tenderer', id, 'R025', ratio);
      }
    },
  };
}
