/**
 * R035 — All except winning bid disqualified (除中标人外其他投标均被取消资格).
 * With all awards final, when exactly one tenderer has valid bids, it is the set of suppliers
 * of the active awards, and at least `[R035] threshold` (default 1, minimum 1) other tenderers
 * had bids disqualified: the contracting process gets the number of those tenderers and the
 * winner gets 0.0.
 */
import { getArray, getCompleteAwardsAndBidsIfAllAwardsFinal, getString } from './ocds.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR035(settings: Settings): IndicatorRunner {
  const threshold = Math.max(settings.R035?.threshold ?? 1, 1);

  return {
    fold(acc, release, ocid) {
      const awardSupplierIds = new Set<string>();
      const validTendererIds = new Set<string>();
      const disqualifiedTendererIds = new Set<string>();

      const awardsAndBids = getCompleteAwardsAndBidsIfAllAwardsFinal(release);
      if (awardsAndBids) {
        for (const award of awardsAndBids.completeAwards) {
          for (const supplier of getArray(award, 'suppliers') ?? []) {
            const id = getString(supplier, 'id');
            if (id !== undefined) awardSupplierIds.add(id);
          }
        }
        for (const bid of awardsAndBids.details) {
          const status = getString(bid, 'status');
          const tenderers = getArray(bid, 'tenderers');
          if (status === undefined || !tenderers) continue;
          const set = status === 'valid' ? validTendererIds : status === 'disqualified' ? disqualifiedTendererIds : undefined;
          if (!set) continue; // invited, pending, withdrawn
          for (const tenderer of tenderers) {
            const id = getString(tenderer, 'id');
            if (id !== undefined) set.add(id);
          }
        }
      }

      // Not applicable to several winners: a buyer may aggregate bids into one award.
      if (validTendererIds.size !== 1) return;
      const [winner] = validTendererIds;
      if (awardSupplierIds.size !== 1 || !awardSupplierIds.has(winner)) return;
      let difference = 0;
      for (const id of disqualifiedTendererIds) if (!validTendererIds.has(id)) difference += 1;
      if (difference >= threshold) {
        acc.setResult('OCID', ocid, 'R035', difference);
        acc.setResult('Tenderer', winner, 'R035', 0.0);
      }
    },
  };
}
