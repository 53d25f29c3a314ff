/**
 * R003 — Short submission period (招标/投标期过短).
 * A contracting process is flagged (1.0) when whole days between `tender.tenderPeriod.startDate`
 * and `endDate` are fewer than the threshold: 15 by default, `[R003] threshold`, or a
 * per-`procurementMethodDetails` threshold from `[R003.procurement_method_details]`.
 * `[R003] procurement_methods` (pipe-separated) restricts it to those `procurementMethod`s.
 */
import { getObject, getString, matchesProcurementMethod, parsePipeSeparated } from './ocds.ts';
import { parseRfc3339, wholeDaysBetween } from './rfc3339.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

export function createR003(settings: Settings): IndicatorRunner {
  const setting = settings.R003 ?? {};
  const threshold = setting.threshold ?? 15;
  const procurementMethods = parsePipeSeparated(setting.procurement_methods);
  const detailThresholds = new Map(Object.entries(setting.procurement_method_details ?? {}));

  return {
    fold(acc, release, ocid) {
      const tender = getObject(release, 'tender');
      if (!tender || !matchesProcurementMethod(tender, procurementMethods)) return;
      const period = getObject(tender, 'tenderPeriod');
      const startText = getString(period, 'startDate');
      const endText = getString(period, 'endDate');
      if (startText === undefined || endText === undefined) return;
      const start = parseRfc3339(startText);
      const end = parseRfc3339(endText);
      if (!start || !end) return;
      const days = wholeDaysBetween(start, end);
      const details = getString(tender, 'procurementMethodDetails');
      const limit = details !== undefined && detailThresholds.has(details) ? (detailThresholds.get(details) as number) : threshold;
      if (days < limit) acc.setResult('OCID', ocid, 'R003', 1.0);
    },
  };
}
