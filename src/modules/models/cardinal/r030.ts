/**
 * R030 — Late bid won (逾期投标中标).
 * A contracting process is flagged (1.0) when a valid bid dated after `tender.tenderPeriod.endDate`
 * was submitted by a supplier of an active award; that tenderer is flagged (1.0) too.
 * Dates compare as text, as in the reference.
 */
import { compareCodePoints, getArray, getObject, getString } from './ocds.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR030(_settings: Settings): IndicatorRunner {
  return {
    fold(acc, release, ocid) {
      const endDate = getString(getObject(getObject(release, 'tender'), 'tenderPeriod'), 'endDate');
      const awards = getArray(release, 'awards');
      const details = getArray(getObject(release, 'bids'), 'details');
      if (endDate === undefined || !awards || !details) return;

      const awardSupplierIds = new Set<string>();
      for (const award of awards) {
        const suppliers = getArray(award, 'suppliers');
        if (getString(award, 'status') !== 'active' || !suppliers) continue;
        for (const supplier of suppliers) {
          const id = getString(supplier, 'id');
          if (id !== undefined) awardSupplierIds.add(id);
        }
      }

      for (const bid of details) {
        const date = getString(bid, 'date');
        const tenderers = getArray(bid, 'tenderers');
        if (getString(bid, 'status') !== 'valid' || date === undefined || !tenderers) continue;
        if (compareCodePoints(date, endDate) <= 0) continue;
        for (const tenderer of tenderers) {
          const id = getString(tenderer, 'id');
          if (id !== undefined && awardSupplierIds.has(id)) {
            acc.setResult('OCID', ocid, 'R030', 1.0);
            acc.setResult('Tenderer', id, 'R030', 1.0);
          }
        }
      }
    },
  };
}
