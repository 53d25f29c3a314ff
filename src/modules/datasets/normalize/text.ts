/**
 * Free text and enumerations: the cell's text, trimmed (inner text untouched). Enumeration
 * values are kept as written — an unknown value (a new 人员类别, say) is not an error.
 * XLSX numbers become the text a spreadsheet shows (15 significant digits); dates become
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss`.
 */
import { cellToText } from '../../../platform/files/cells.ts';
import { type NormResult, ok } from './common.ts';

export function normalizeText(raw: unknown): NormResult<string> {
  return ok(cellToText(raw));
}
