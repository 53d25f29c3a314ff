/**
 * R028 — Identical bid prices (不同投标人报价完全相同).
 * A contracting process is flagged (1.0) when two submitted bids from different sets of
 * tenderers have the same amount and currency; those tenderers are flagged (1.0) too.
 * Not applied to procurement methods that do not compare prices.
 */
import { priceComparisonFilter } from './bid-ratio.ts';
import { getArray, getNumber, getObject, getString, getSubmittedBids, isObject, matchesProcurementMethodDetails } from './ocds.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

export function createR028(settings: Settings): IndicatorRunner {
  const { include, exclude } = priceComparisonFilter(settings);

  return {
    fold(acc, release, ocid) {
      if (!matchesProcurementMethodDetails(release, include, exclude)) return;
      const prices = new Map<string, Set<string>>();
      for (const bid of getSubmittedBids(release)) {
        const tenderers = getArray(bid, 'tenderers');
        const value = getObject(bid, 'value');
        const amount = getNumber(value, 'amount');
        const currency = getString(value, 'currency');
        if (!tenderers || amount === undefined || currency === undefined) continue;
        const ids = new Set<string>();
        for (const t of tenderers) {
          const id = isObject(t) ? getString(t, 'id') : undefined;
          if (id !== undefined) ids.add(id);
        }
        if (ids.size === 0) continue;
        // `${-0}` is "0": equal amounts share a key, as ordered floats compare equal.
        const price = `${amount}\u0000${currency}`;
        const other = prices.get(price);
        // A tenderer may submit more bids at the same price.
        if (other && !sameSet(ids, other)) {
          acc.setResult('OCID', ocid, 'R028', 1.0);
          for (const id of ids) acc.setResult('Tenderer', id, 'R028', 1.0);
          for (const id of other) acc.setResult('Tenderer', id, 'R028', 1.0);
        }
        prices.set(price, ids);
      }
    },
  };
}
