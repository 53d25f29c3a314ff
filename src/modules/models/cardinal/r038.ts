/**
 * R038 — Excessive disqualified bids (取消资格比例异常高).
 * The ratio of disqualified bids to submitted bids, per buyer and per procuring entity (with at
 * least `minimum_contracting_processes` submitted bids, default 2) and per tenderer (with at least
 * `minimum_submitted_bids`, default 2), is flagged when it is a high outlier within its group:
 * ≥ Q3 + 1.5·IQR, or ≥ `[R038] threshold`. Skipped when the fence is not positive.
 */
import { getArray, getObject, getString, getSubmittedBids } from './ocds.ts';
import { fma, lowerQuartile, upperQuartile } from './stats.ts';
import type { Settings } from './settings.ts';
import { type Accumulator, addFraction, type Fraction, fractionValue, type Group, type IndicatorRunner } from './types.ts';

function flag(
  acc: Accumulator,
  fractions: Map<string, Fraction>,
  minimum: number,
  group: Group,
  threshold: number | undefined,
): void {
  const ratios: Array<[string, number]> = [];
  for (const [id, f] of fractions) if (f.denominator >= minimum) ratios.push([id, fractionValue(f)]);
  if (ratios.length === 0) return;

  let upperFence: number;
  if (threshold === undefined) {
    const data = ratios.map(([, r]) => r);
    const q1 = lowerQuartile(data);
    const q3 = upperQuartile(data);
    acc.setMeta('R038', `${group}_q1`, q1);
    acc.setMeta('R038', `${group}_q3`, q3);
    upperFence = fma(q3 - q1, 1.5, q3); // Q3 + 1.5·IQR
  } else {
    upperFence = threshold;
  }
  acc.setMeta('R038', `${group}_upper_fence`, upperFence);

  // Skip if most have no disqualified bids; otherwise most would be flagged.
  if (!(upperFence > 0)) return;
  for (const [id, ratio] of ratios) if (ratio >= upperFence) acc.setResult(group, id, 'R038', ratio);
}

export function createR038(settings: Settings): IndicatorRunner {
  const threshold = settings.R038?.threshold;
  const minimumSubmittedBids = settings.R038?.minimum_submitted_bids ?? 2;
  const minimumContractingProcesses = settings.R038?.minimum_contracting_processes ?? 2;

  return {
    fold(acc, release) {
      const submitted = getSubmittedBids(release);
      if (submitted.length === 0) return;
      let disqualified = 0;
      for (const bid of submitted) {
        const increment = getString(bid, 'status') === 'disqualified' ? 1 : 0;
        disqualified += increment;
        for (const tenderer of getArray(bid, 'tenderers') ?? []) {
          const id = getString(tenderer, 'id');
          if (id !== undefined) addFraction(acc.r038Tenderer, id, increment, 1);
        }
      }
      const buyerId = getString(getObject(release, 'buyer'), 'id');
      if (buyerId !== undefined) addFraction(acc.r038Buyer, buyerId, disqualified, submitted.length);
      const entityId = getString(getObject(getObject(release, 'tender'), 'procuringEntity'), 'id');
      if (entityId !== undefined) addFraction(acc.r038ProcuringEntity, entityId, disqualified, submitted.length);
    },

    finalize(acc) {
      flag(acc, acc.r038Buyer, minimumContractingProcesses, 'Buyer', threshold);
      flag(acc, acc.r038ProcuringEntity, minimumContractingProcesses, 'ProcuringEntity', threshold);
      flag(acc, acc.r038Tenderer, minimumSubmittedBids, 'Tenderer', threshold);
    },
  };
}
