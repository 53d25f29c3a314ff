/**
 * Accessors over OCDS compiled releases that mirror the tolerant reading of the reference
 * implementation: a field only counts if it has the expected JSON type (an `id` that is a
 * number is not an id; a `tender` that is an array is no tender).
 */
import type { JsonObject } from './types.ts';

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value[key]` if `value` is an object and the member is an object. */
export function getObject(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return isObject(v) ? v : undefined;
}

export function getArray(value: unknown, key: string): unknown[] | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return Array.isArray(v) ? v : undefined;
}

export function getString(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return typeof v === 'string' ? v : undefined;
}

export function getNumber(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const v = value[key];
  return typeof v === 'number' ? v : undefined;
}

export const hasStatus = (value: unknown, status: string): boolean => getString(value, 'status') === status;

/**
 * Split a pipe-separated setting ("open|selective") into a set. Like Rust's
 * `split_terminator('|')`: an empty string gives an empty set and one trailing
 * empty piece is dropped.
 */
export function parsePipeSeparated(value: string | undefined): Set<string> {
  if (value === undefined) return new Set();
  const parts = value.split('|');
  if (parts[parts.length - 1] === '') parts.pop();
  return new Set(parts);
}

/** `tender.status` is "cancelled". */
export function isCancelledContractingProcess(release: JsonObject): boolean {
  return getString(getObject(release, 'tender'), 'status') === 'cancelled';
}

/** An empty set matches every procurement method; otherwise `tender.procurementMethod` must be in it. */
export function matchesProcurementMethod(tender: JsonObject, set: Set<string>): boolean {
  if (set.size === 0) return true;
  const method = getString(tender, 'procurementMethod');
  return method !== undefined && set.has(method);
}

/**
 * Allow list `include` (used when non-empty) or deny list `exclude` over
 * `tender.procurementMethodDetails`. A release without the field matches only a deny list.
 */
export function matchesProcurementMethodDetails(
  release: JsonObject,
  include: Set<string>,
  exclude: Set<string>,
): boolean {
  const details = getString(getObject(release, 'tender'), 'procurementMethodDetails');
  if (details === undefined) return include.size === 0;
  return include.size === 0 ? !exclude.has(details) : include.has(details);
}

/**
 * The active awards and all bids, but only when every award with a status is final
 * ("active", "cancelled" or "unsuccessful"); any other status (e.g. "pending") makes the
 * results unstable, so nothing is returned. Needs both `awards` and `bids.details` arrays.
 */
export function getCompleteAwardsAndBidsIfAllAwardsFinal(
  release: JsonObject,
): { completeAwards: unknown[]; details: unknown[] } | undefined {
  const awards = getArray(release, 'awards');
  const details = getArray(getObject(release, 'bids'), 'details');
  if (!awards || !details) return undefined;
  const completeAwards: unknown[] = [];
  for (const award of awards) {
    const status = getString(award, 'status');
    if (status === undefined) continue;
    if (status === 'active') completeAwards.push(award);
    else if (status !== 'cancelled' && status !== 'unsuccessful') return undefined;
  }
  return { completeAwards, details };
}

/** Bids with a status other than "invited" or "withdrawn" (pending, valid, disqualified, …). */
export function getSubmittedBids(release: JsonObject): unknown[] {
  const details = getArray(getObject(release, 'bids'), 'details');
  if (!details) return [];
  return details.filter((bid) => {
    const status = getString(bid, 'status');
    return status !== undefined && status !== 'invited' && status !== 'withdrawn';
  });
}

/** `(tenderer id, amount, currency)` of each valid bid with a value and exactly one tenderer. */
export function getTendererAndValueOfValidBids(details: unknown[]): Array<[string, number, string]> {
  const tuples: Array<[string, number, string]> = [];
  for (const bid of details) {
    const status = getString(bid, 'status');
    const value = getObject(bid, 'value');
    const amount = getNumber(value, 'amount');
    const currency = getString(value, 'currency');
    const tenderers = getArray(bid, 'tenderers');
    if (status === undefined || amount === undefined || currency === undefined || !tenderers) continue;
    if (tenderers.length !== 1) continue;
    const tendererId = getString(tenderers[0], 'id');
    if (tendererId !== undefined && status === 'valid') tuples.push([tendererId, amount, currency]);
  }
  return tuples;
}

/** The only active award's only supplier id, when there is exactly one of each. */
export function getSoleSupplierOfSoleAward(completeAwards: unknown[]): string | undefined {
  if (completeAwards.length !== 1) return undefined;
  const suppliers = getArray(completeAwards[0], 'suppliers');
  if (suppliers?.length !== 1) return undefined;
  return getString(suppliers[0], 'id');
}

/**
 * Compare strings by Unicode code point, which is the byte order of their UTF-8
 * encoding (JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate (astral code point) sorts after every BMP code unit.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
