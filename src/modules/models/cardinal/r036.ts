/**
 * R036 — Lowest bid disqualified (最低价投标被取消资格).
 * When at least one award is active and the method compares prices, a contracting process is
 * flagged (1.0) if the lowest submitted bid in the main currency is disqualified while some
 * valid bid has an amount. Ties keep the first bid.
 */
import { priceComparisonFilter } from './bid-ratio.ts';
import { getArray, getNumber, getObject, getString, getSubmittedBids, hasStatus, matchesProcurementMethodDetails } from './ocds.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR036(settings: Settings, onOtherCurrency: () => void): IndicatorRunner {
  const { include, exclude } = priceComparisonFilter(settings);
  const mainCurrency = settings.currency;

  return {
    fold(acc, release, ocid) {
      if (!matchesProcurementMethodDetails(release, include, exclude)) return;
      const awards = getArray(release, 'awards');
      if (!awards?.some((award) => hasStatus(award, 'active'))) return;

      let lowestAmount: number | undefined;
      let lowestIsDisqualified = false;
      let hasValidBidWithAmount = false;
      for (const bid of getSubmittedBids(release)) {
        const status = getString(bid, 'status');
        const value = getObject(bid, 'value');
        const amount = getNumber(value, 'amount');
        const currency = getString(value, 'currency');
        if (status === undefined || amount === undefined || currency === undefined) continue;
        if (acc.currency === undefined) acc.currency = mainCurrency ?? currency;
        if (currency !== acc.currency) {
          onOtherCurrency();
          continue;
        }
        if (lowestAmount === undefined || amount < lowestAmount) {
          lowestAmount = amount;
          lowestIsDisqualified = status === 'disqualified';
        }
        if (status === 'valid') hasValidBidWithAmount = true;
      }

      if (hasValidBidWithAmount && lowestIsDisqualified) acc.setResult('OCID', ocid, 'R036', 1.0);
    },
  };
}
