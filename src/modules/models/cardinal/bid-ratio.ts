/**
 * The percentage difference between the winning bid and the lowest losing bid of each
 * contracting process — the data behind R024 and R058.
 *
 * Only processes with exactly one active award (others cancelled or unsuccessful, none pending)
 * to exactly one supplier, valid bids with one tenderer and a value in the main currency, and a
 * procurement method that compares prices. If the winner did not bid lowest, the award criteria
 * were not price only, so the process is skipped.
 */
import {
  getCompleteAwardsAndBidsIfAllAwardsFinal,
  getSoleSupplierOfSoleAward,
  getTendererAndValueOfValidBids,
  matchesProcurementMethodDetails,
  parsePipeSeparated,
} from './ocds.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

/** Procurement methods that compare prices: an allow list if set, else a deny list. */
export function priceComparisonFilter(settings: Settings): { include: Set<string>; exclude: Set<string> } {
  return {
    include: parsePipeSeparated(settings.price_comparison_procurement_methods),
    exclude: parsePipeSeparated(settings.no_price_comparison_procurement_methods),
  };
}

export function createSecondLowestBidRatio(
  settings: Settings,
  onOtherCurrency: () => void,
): IndicatorRunner {
  const { include, exclude } = priceComparisonFilter(settings);
  const mainCurrency = settings.currency;

  return {
    fold(acc, release, ocid) {
      if (!matchesProcurementMethodDetails(release, include, exclude)) return;
      const awardsAndBids = getCompleteAwardsAndBidsIfAllAwardsFinal(release);
      if (!awardsAndBids) return;
      const supplierId = getSoleSupplierOfSoleAward(awardsAndBids.completeAwards);
      if (supplierId === undefined) return;

      let winner: string | undefined;
      let winnerAmount: number | undefined;
      let lowestNonWinner: string | undefined;
      let lowestNonWinnerAmount: number | undefined;
      for (const [tendererId, amount, currency] of getTendererAndValueOfValidBids(awardsAndBids.details)) {
        if (acc.currency === undefined) acc.currency = mainCurrency ?? currency;
        if (currency !== acc.currency) {
          onOtherCurrency();
          continue;
        }
        if (tendererId === supplierId) {
          // If the winner submitted several bids, take the lowest.
          if (winnerAmount === undefined || amount < winnerAmount) {
            winner = tendererId;
            winnerAmount = amount;
          }
        } else if (lowestNonWinnerAmount === undefined || amount < lowestNonWinnerAmount) {
          lowestNonWinner = tendererId;
          lowestNonWinnerAmount = amount;
        }
      }

      if (
        winner !== undefined &&
        winnerAmount !== undefined &&
        lowestNonWinner !== undefined &&
        lowestNonWinnerAmount !== undefined &&
        lowestNonWinnerAmount >= winnerAmount
      ) {
        acc.secondLowestBidRatios.set(ocid, (lowestNonWinnerAmount - winnerAmount) / winnerAmount);
        acc.winnerAndLowestNonWinner.set(ocid, [winner, lowestNonWinner]);
      }
    },
  };
}
