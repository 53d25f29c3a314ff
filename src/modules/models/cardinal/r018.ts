/**
 * R018 — Single bid received (仅收到一份投标).
 * A contracting process is flagged (1.0) when `tender.numberOfTenderers` is the integer 1 and the
 * procurement method is competitive: `[R018] procurement_methods`, default "open|selective".
 */
import { getObject, getNumber, matchesProcurementMethod, parsePipeSeparated } from './ocds.ts';
import { rawValueAt } from './raw-json.ts';
import type { Settings } from './settings.ts';
import type { IndicatorRunner } from './types.ts';

const TOKENS = /"numberOfTenderers"\s*:\s*([-+0-9.eE]+)/g;

/**
 * Whether `tender.numberOfTenderers` is written as the integer literal `1` (the reference reads
 * it as an unsigned integer, so `1.0` or `1e0` do not count). Fast path: when every occurrence
 * of the key in the line is followed by `1`, it is; otherwise scan the line's structure.
 */
function isIntegerOne(rawLine: string): boolean {
  if (!rawLine.includes('\\u')) {
    const tokens = [...rawLine.matchAll(TOKENS)].map((m) => m[1]);
    if (tokens.length > 0 && tokens.every((t) => t === '1')) return true;
  }
  return rawValueAt(rawLine, ['tender', 'numberOfTenderers']) === '1';
}

export function createR018(settings: Settings): IndicatorRunner {
  const procurementMethods = parsePipeSeparated(settings.R018?.procurement_methods ?? 'open|selective');

  return {
    fold(acc, release, ocid, rawLine) {
      const tender = getObject(release, 'tender');
      if (!tender || !matchesProcurementMethod(tender, procurementMethods)) return;
      if (getNumber(tender, 'numberOfTenderers') === 1 && isIntegerOne(rawLine)) {
        acc.setResult('OCID', ocid, 'R018', 1.0);
      }
    },
  };
}
