/**
 * What every normaliser returns, and small helpers they share.
 *
 * A normaliser takes one non-blank cell value (a string from CSV; a string, number, boolean or
 * wall-clock `Date` from XLSX — blank cells are handled by the caller) and returns either the
 * normalised value, possibly flagged `invalid` (kept and imported, but counted: e.g. an ID
 * number with a wrong check digit), or a rejection reason in the spec's format
 * "中文 / English: <value>", e.g. "无法解析的日期 / unparseable date: 2024-13-01".
 */
import { cellToText } from '../../../platform/files/cells.ts';

export type NormalizedValue = string | number | boolean;

export type NormResult<T extends NormalizedValue = NormalizedValue> =
  | { ok: true; value: T; invalid?: boolean }
  | { ok: false; reason: string };

export type Normalizer<T extends NormalizedValue = NormalizedValue> = (raw: unknown) => NormResult<T>;

export const ok = <T extends NormalizedValue>(value: T): NormResult<T> => ({ ok: true, value });

/** Kept and imported, but marked invalid (counted in the import report). */
export const okInvalid = <T extends NormalizedValue>(value: T): NormResult<T> => ({ ok: true, value, invalid: true });

const MAX_SHOWN = 60;

/** The offending value as shown in a reason: its text, shortened when long. */
export function showValue(raw: unknown): string {
  const t = raw instanceof Date && Number.isNaN(raw.getTime()) ? 'Invalid Date' : cellToText(raw);
  return t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN)}…` : t;
}

export const fail = (zh: string, en: string, raw: unknown): { ok: false; reason: string } => ({
  ok: false,
  reason: `${zh} / ${en}: ${showValue(raw)}`,
});

const WIDE = /[\uff01-\uff5e\u3000]/;

/**
 * Full-width ASCII (０-９, Ａ-Ｚ, －, ：, ，…) and the ideographic space to their ASCII forms —
 * Chinese input methods produce them routinely in numbers, codes and dates.
 */
export function foldWidth(s: string): string {
  if (!WIDE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Cell → trimmed text with full-width ASCII folded (numbers as a spreadsheet shows them). */
export function codeText(raw: unknown): string {
  return foldWidth(cellToText(raw)).trim();
}
