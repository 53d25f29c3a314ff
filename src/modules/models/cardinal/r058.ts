/**
 * R058 — Heavily discounted bid (中标价远低于次低价).
 * The percentage difference between the winning bid and the second-lowest valid bid is a high
 * outlier: ≥ Q3 + 1.5·IQR of all such differences, or ≥ `[R058] threshold`. The contracting
 * process gets the difference; the winner gets 0.0. Skipped when the fence is not positive.
 */
import { fma, lowerQuartile, upperQuartile } from './stats.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR058(settings: Settings): IndicatorRunner {
  const threshold = settings.R058?.threshold;

  return {
    finalize(acc) {
      let upperFence: number;
      if (threshold === undefined) {
        const data = [...acc.secondLowestBidRatios.values()];
        const q1 = lowerQuartile(data);
        const q3 = upperQuartile(data);
        acc.setMeta('R058', 'q1', q1);
        acc.setMeta('R058', 'q3', q3);
        upperFence = fma(q3 - q1, 1.5, q3); // Q3 + 1.5·IQR
      } else {
        upperFence = threshold;
      }
      acc.setMeta('R058', 'upper_fence', upperFence);

      if (!(upperFence > 0)) return;
      for (const [ocid, ratio] of acc.secondLowestBidRatios) {
        if (ratio >= upperFence) {
          acc.setResult('OCID', ocid, 'R058', ratio);
          const pair = acc.winnerAndLowestNonWinner.get(ocid);
          if (pair) acc.setResult('Tenderer', pair[0], 'R058', 0.0);
        }
      }
    },
  };
}
