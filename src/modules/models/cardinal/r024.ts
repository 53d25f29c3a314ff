/**
 * R024 — Price close to winning bid (中标价与次低价过于接近).
 * The percentage difference between the winning bid and the second-lowest valid bid is a low
 * outlier: ≤ Q1 − 1.5·IQR of all such differences, or ≤ `[R024] threshold`. The contracting
 * process gets the difference; the winner and the second-lowest bidder get 0.0.
 * Skipped when Q1 or the fence is not positive (most differences are zero).
 */
import { fma, lowerQuartile, upperQuartile } from './stats.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR024(settings: Settings): IndicatorRunner {
  const threshold = settings.R024?.threshold;

  return {
    finalize(acc) {
      let lowerFence: number;
      let q1: number;
      if (threshold === undefined) {
        const data = [...acc.secondLowestBidRatios.values()];
        q1 = lowerQuartile(data);
        const q3 = upperQuartile(data);
        acc.setMeta('R024', 'q1', q1);
        acc.setMeta('R024', 'q3', q3);
        lowerFence = fma(q3 - q1, -1.5, q1); // Q1 − 1.5·IQR
      } else {
        lowerFence = threshold;
        q1 = 1.0; // a threshold bypasses the Q1 guard
      }
      acc.setMeta('R024', 'lower_fence', lowerFence);

      if (!(q1 > 0 && lowerFence > 0)) return;
      for (const [ocid, ratio] of acc.secondLowestBidRatios) {
        if (ratio <= lowerFence) {
          acc.setResult('OCID', ocid, 'R024', ratio);
          for (const id of acc.winnerAndLowestNonWinner.get(ocid) ?? []) acc.setResult('Tenderer', id, 'R024', 0.0);
        }
      }
    },
  };
}
