/**
 * R048 — Heterogeneous supplier (供应商供货品类过杂).
 * For each supplier of active single-supplier awards in at least `minimum_contracting_processes`
 * (default 20) contracting processes, the number of distinct item classifications, truncated to
 * the first `digits` characters (default 2), is flagged when it is a high outlier:
 * ≥ Q3 + 1.5·IQR, or ≥ `[R048] threshold`.
 */
import { getArray, getObject, getString } from './ocds.ts';
import { fma, lowerQuartile, upperQuartile } from './stats.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR048(settings: Settings): IndicatorRunner {
  const digits = settings.R048?.digits ?? 2;
  const threshold = settings.R048?.threshold;
  const minimumContractingProcesses = settings.R048?.minimum_contracting_processes ?? 20;

  return {
    fold(acc, release) {
      const observed = new Set<string>();
      for (const award of getArray(release, 'awards') ?? []) {
        const items = getArray(award, 'items');
        const suppliers = getArray(award, 'suppliers');
        // Don't assume that all suppliers supply all items.
        if (getString(award, 'status') !== 'active' || !items || !suppliers || suppliers.length !== 1) continue;
        const supplierId = getString(suppliers[0], 'id');
        if (supplierId === undefined) continue;
        for (const item of items) {
          const classificationId = getString(getObject(item, 'classification'), 'id');
          if (classificationId === undefined) continue;
          let entry = acc.r048Classifications.get(supplierId);
          if (!entry) {
            entry = { count: 0, codes: new Set() };
            acc.r048Classifications.set(supplierId, entry);
          }
          // A supplier counts at most once per contracting process.
          if (!observed.has(supplierId)) {
            observed.add(supplierId);
            entry.count += 1;
          }
          entry.codes.add(Array.from(classificationId).slice(0, digits).join(''));
        }
      }
    },

    finalize(acc) {
      const lengths: Array<[string, number]> = [];
      for (const [id, { count, codes }] of acc.r048Classifications) {
        if (count >= minimumContractingProcesses) lengths.push([id, codes.size]);
      }

      let upperFence: number;
      if (threshold === undefined) {
        const data = lengths.map(([, n]) => n);
        const q1 = lowerQuartile(data);
        const q3 = upperQuartile(data);
        acc.setMeta('R048', 'q1', q1);
        acc.setMeta('R048', 'q3', q3);
        upperFence = fma(q3 - q1, 1.5, q3); // Q3 + 1.5·IQR
      } else {
        upperFence = threshold;
      }
      acc.setMeta('R048', 'upper_fence', upperFence);

      for (const [id, length] of lengths) if (length >= upperFence) acc.setResult('Tenderer', id, 'R048', length);
    },
  };
}
