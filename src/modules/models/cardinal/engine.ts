/**
 * Runs the enabled indicators over OCDS compiled releases (one JSON object per line), like
 * `ocdscardinal indicators`: a release is skipped if it has no string `ocid`, if its tender is
 * cancelled, or if its `tender.procurementMethodDetails` is in `[exclusions]`. Each indicator
 * folds over the remaining releases; statistical indicators finish in `finalize`.
 */
import type { Readable } from 'node:stream';
import { createSecondLowestBidRatio } from './bid-ratio.ts';
import { isBlank, type Line, readLines, splitLines } from './jsonl.ts';
import { getString, isCancelledContractingProcess, isObject, matchesProcurementMethodDetails, parsePipeSeparated } from './ocds.ts';
import { createR003 } from './r003.ts';
import { createR018 } from './r018.ts';
import { createR024 } from './r024.ts';
import { createR025 } from './r025.ts';
import { createR028 } from './r028.ts';
import { createR030 } from './r030.ts';
import { createR035 } from './r035.ts';
import { createR036 } from './r036.ts';
import { createR038 } from './r038.ts';
import { createR048 } from './r048.ts';
import { createR058 } from './r058.ts';
import type { Settings } from './settings.ts';
import { Accumulator, type IndicatorResults, type IndicatorRunner, type JsonObject } from './types.ts';

/** A problem worth telling the user that does not stop the run. */
export interface Warning {
  code: 'invalid_json' | 'invalid_utf8' | 'other_currency' | 'conflicting_settings';
  message: string;
  messageEn: string;
  lineNumber?: number;
}

export interface RunOptions {
  /** Called for each skipped line and once for other notices (default: ignore). */
  onWarning?: (warning: Warning) => void;
}

const EMPTY = new Set<string>();

/** Feeds lines to the enabled indicators; `finish` returns the results. */
class Run {
  private readonly acc = new Accumulator();
  private readonly runners: IndicatorRunner[] = [];
  private readonly excludedDetails: Set<string>;
  private otherCurrencyBids = 0;

  constructor(
    settings: Settings,
    private readonly onWarning: (w: Warning) => void,
  ) {
    this.excludedDetails = parsePipeSeparated(settings.exclusions?.procurement_method_details);
    const countOtherCurrency = () => {
      this.otherCurrencyBids += 1;
    };
    if (settings.no_price_comparison_procurement_methods !== undefined && settings.price_comparison_procurement_methods !== undefined) {
      onWarning({
        code: 'conflicting_settings',
        message: '已设置 price_comparison_procurement_methods，no_price_comparison_procurement_methods 不起作用',
        messageEn: 'no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set.',
      });
    }
    // The shared bid-ratio calculation runs first; then the indicators in code order.
    if (settings.R024 !== undefined || settings.R058 !== undefined) {
      this.runners.push(createSecondLowestBidRatio(settings, countOtherCurrency));
    }
    if (settings.R003 !== undefined) this.runners.push(createR003(settings));
    if (settings.R018 !== undefined) this.runners.push(createR018(settings));
    if (settings.R024 !== undefined) this.runners.push(createR024(settings));
    if (settings.R025 !== undefined) this.runners.push(createR025(settings));
    if (settings.R028 !== undefined) this.runners.push(createR028(settings));
    if (settings.R030 !== undefined) this.runners.push(createR030(settings));
    if (settings.R035 !== undefined) this.runners.push(createR035(settings));
    if (settings.R036 !== undefined) this.runners.push(createR036(settings, countOtherCurrency));
    if (settings.R038 !== undefined) this.runners.push(createR038(settings));
    if (settings.R048 !== undefined) this.runners.push(createR048(settings));
    if (settings.R058 !== undefined) this.runners.push(createR058(settings));
  }

  line(line: Line): void {
    if (!('text' in line)) {
      this.onWarning({
        code: 'invalid_utf8',
        lineNumber: line.lineNumber,
        message: `第 ${line.lineNumber} 行不是有效的 UTF-8 文本，已跳过`,
        messageEn: `Line ${line.lineNumber} caused an I/O error, skipping. [stream did not contain valid UTF-8]`,
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (e) {
      if (!isBlank(line.text)) {
        this.onWarning({
          code: 'invalid_json',
          lineNumber: line.lineNumber,
          message: `第 ${line.lineNumber} 行不是有效的 JSON，已跳过`,
          messageEn: `Line ${line.lineNumber} is invalid JSON, skipping. [${(e as Error).message}]`,
        });
      }
      return;
    }
    if (!isObject(value)) return;
    const release = value as JsonObject;
    const ocid = getString(release, 'ocid');
    if (ocid === undefined) return;
    if (isCancelledContractingProcess(release)) return;
    if (!matchesProcurementMethodDetails(release, EMPTY, this.excludedDetails)) return;
    for (const runner of this.runners) runner.fold?.(this.acc, release, ocid, line.text);
  }

  finish(): IndicatorResults {
    for (const runner of this.runners) runner.finalize?.(this.acc);
    if (this.otherCurrencyBids > 0) {
      this.onWarning({
        code: 'other_currency',
        message: `${this.otherCurrencyBids} 个投标的币种不是主币种 ${this.acc.currency}，已跳过`,
        messageEn: `${this.otherCurrencyBids} bids are not in the main currency ${this.acc.currency}, skipped.`,
      });
    }
    return { results: this.acc.results, meta: this.acc.meta };
  }
}

/**
 * Calculate the indicators enabled in `settings` (an indicator is enabled when its key is
 * present, e.g. `{R024: {}}`). `input` is either JSONL text (computed synchronously) or a
 * readable stream of JSONL bytes (read line by line; returns a promise).
 */
export function runIndicators(input: string, settings?: Settings, options?: RunOptions): IndicatorResults;
export function runIndicators(input: Readable, settings?: Settings, options?: RunOptions): Promise<IndicatorResults>;
export function runIndicators(
  input: string | Readable,
  settings: Settings = {},
  options: RunOptions = {},
): IndicatorResults | Promise<IndicatorResults> {
  const run = new Run(settings, options.onWarning ?? (() => {}));
  if (typeof input === 'string') {
    for (const line of splitLines(input)) run.line(line);
    return run.finish();
  }
  return (async () => {
    for await (const line of readLines(input)) run.line(line);
    return run.finish();
  })();
}
