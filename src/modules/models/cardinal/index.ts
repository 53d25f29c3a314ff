/**
 * Procurement red-flag indicators over OCDS data, compatible with the Open Contracting
 * Partnership's `ocdscardinal indicators` (R003, R018, R024, R025, R028, R030, R035, R036,
 * R038, R048, R058). See docs/indicators.md.
 */
export { indicatorsCommand, type IndicatorsCommandOptions } from './command.ts';
export { runIndicators, type RunOptions, type Warning } from './engine.ts';
export { formatF64, formatIndicators, indicatorsToObject } from './format.ts';
export { readLines, splitLines } from './jsonl.ts';
export { parseSettings, type Settings } from './settings.ts';
export { GROUPS, INDICATOR_CODES, type Group, type IndicatorCode, type IndicatorResults } from './types.ts';
