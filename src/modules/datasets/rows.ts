/**
 * Header mapping and row validation for the datasets of the interchange spec.
 *
 *   const map = mapHeader('subsidies', table.header);     // throws for a missing required column
 *   for await (const row of table.rows) {
 *     const r = validateRow(map, row.cells);
 *     if (r.ok) insert(r.values, r.extra) else report(row.rowNumber, r.errors);
 *   }
 *
 * Header cells match a column by its Chinese name or English key, case-insensitively, with
 * surrounding spaces (and a leading ★ or * template marker) ignored; order is free. Unknown
 * columns are kept per row in `extra` (by their header text; unnamed columns as `列N`).
 *
 * Row rules (spec "Required values, typed values"): a required value that is empty → rejected;
 * a non-empty date / date-time / amount / number / integer / 是否 value that cannot be parsed →
 * rejected; ID numbers and USCCs with a wrong check character (or not codes at all) are kept,
 * listed in `invalid` and counted in `invalidIds`; phones, plates, MACs and IPs that do not look
 * right are kept and listed in `invalid` (not counted as IDs); enumerations are kept as written.
 */
import { AppError } from '../../platform/errors.ts';
import { cellToText, isBlankCell } from '../../platform/files/cells.ts';
import { type ColumnDef, type DatasetDef, getDataset, ID_TYPES } from './catalog.ts';
import { type NormalizedValue, type Normalizer, normalizerFor } from './normalize/index.ts';

export interface BoundColumn {
  column: ColumnDef;
  /** Index of the column in the file's rows; -1 when the file does not have it. */
  index: number;
  normalize: Normalizer;
  countsAsId: boolean;
}

export interface ExtraColumn {
  index: number;
  /** Header text as written (made unique with a `_2`, `_3`… suffix when repeated). */
  name: string;
}

export interface HeaderMap {
  dataset: DatasetDef;
  header: readonly string[];
  /** Every column of the dataset, in catalog order (index -1 when absent from the file). */
  columns: readonly BoundColumn[];
  /** Columns of the file that are not in the dataset. */
  extras: readonly ExtraColumn[];
  /** Optional dataset columns the file does not have (their values are null). */
  absent: readonly string[];
  /** Creates the `values` object with every key set to null (one fixed object shape: fast). */
  newValues: () => Record<string, NormalizedValue | null>;
}

export interface RowError {
  /** English key of the column. */
  column: string;
  /** "中文 / English: <value>". */
  reason: string;
}

export type RowResult =
  | {
      ok: true;
      /** Every column of the dataset by English key: normalised value, or null when empty/absent. */
      values: Record<string, NormalizedValue | null>;
      /** Non-empty values of unknown columns, as text, by header. */
      extra: Record<string, string>;
      /** Number of ID-number/USCC values kept but marked invalid. */
      invalidIds: number;
      /** Keys of all columns whose value was kept but marked invalid. */
      invalid: string[];
    }
  | { ok: false; errors: RowError[] };

export const REQUIRED_EMPTY = '必填项为空 / required value is empty';

/** How a header cell is compared: trimmed, BOM and ★/* markers removed, lower-case. */
export function headerLookupKey(cell: unknown): string {
  let s = cellToText(cell);
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  s = s.trim().replace(/^[★☆*＊]+\s*/, '');
  return s.toLowerCase();
}

const lookupCache = new WeakMap<DatasetDef, Map<string, ColumnDef>>();

function lookupFor(d: DatasetDef): Map<string, ColumnDef> {
  let m = lookupCache.get(d);
  if (!m) {
    m = new Map();
    for (const c of d.columns) {
      m.set(c.name.toLowerCase(), c);
      m.set(c.key.toLowerCase(), c);
    }
    lookupCache.set(d, m);
  }
  return m;
}

const label = (c: ColumnDef) => ({ zh: `${c.name}（${c.key}）`, en: `${c.key} (${c.name})` });

/**
 * Map a file's header to a dataset. Throws AppError('missing_column') naming every required
 * column that is missing, AppError('duplicate_column') when two file columns name the same
 * dataset column.
 */
export function mapHeader(dataset: DatasetDef | string, header: readonly unknown[]): HeaderMap {
  const d = typeof dataset === 'string' ? getDataset(dataset) : dataset;
  const lookup = lookupFor(d);
  const found = new Map<string, number>();
  const extras: ExtraColumn[] = [];
  const extraNames = new Set<string>();
  const texts = header.map((h) => cellToText(h).replace(/^\ufeff/, '').trim());
  for (let i = 0; i < header.length; i++) {
    const col = lookup.get(headerLookupKey(header[i]));
    if (col) {
      const prev = found.get(col.key);
      if (prev !== undefined) {
        const l = label(col);
        throw new AppError(
          'duplicate_column',
          `列重复：第 ${prev + 1} 列“${texts[prev]}”和第 ${i + 1} 列“${texts[i]}”都对应 ${l.zh}`,
          `Duplicate column: columns ${prev + 1} ("${texts[prev]}") and ${i + 1} ("${texts[i]}") both map to ${l.en}`,
          400,
          { column: col.key, positions: [prev + 1, i + 1] },
        );
      }
      found.set(col.key, i);
      continue;
    }
    let name = texts[i] || `列${i + 1}`;
    if (extraNames.has(name)) {
      let k = 2;
      while (extraNames.has(`${name}_${k}`)) k++;
      name = `${name}_${k}`;
    }
    extraNames.add(name);
    extras.push({ index: i, name });
  }
  const missing = d.columns.filter((c) => c.required && !found.has(c.key));
  if (missing.length > 0) {
    throw new AppError(
      'missing_column',
      `缺少必填列：${missing.map((c) => label(c).zh).join('、')}（数据集 ${d.name}「${d.title}」）`,
      `Missing required column${missing.length > 1 ? 's' : ''}: ${missing.map((c) => label(c).en).join(', ')} (dataset ${d.name})`,
      400,
      { dataset: d.name, missing: missing.map((c) => c.key) },
    );
  }
  const columns = d.columns.map(
    (column): BoundColumn => ({
      column,
      index: found.get(column.key) ?? -1,
      normalize: normalizerFor(column.type),
      countsAsId: ID_TYPES.has(column.type),
    }),
  );
  return {
    dataset: d,
    header: texts,
    columns,
    extras,
    absent: columns.filter((c) => c.index < 0).map((c) => c.column.key),
    newValues: valuesFactory(d),
  };
}

const factories = new WeakMap<DatasetDef, () => Record<string, NormalizedValue | null>>();

/**
 * An object literal with all keys of the dataset, compiled once per dataset, so every row's
 * `values` shares one hidden class instead of growing key by key. Keys come from the catalog
 * (JSON-quoted), never from files.
 */
function valuesFactory(d: DatasetDef): () => Record<string, NormalizedValue | null> {
  let f = factories.get(d);
  if (!f) {
    const body = d.columns.map((c) => `${JSON.stringify(c.key)}: null`).join(', ');
    f = new Function(`return { ${body} };`) as () => Record<string, NormalizedValue | null>;
    factories.set(d, f);
  }
  return f;
}

/** Validate and normalise one data row (cells in file order). */
export function validateRow(map: HeaderMap, cells: readonly unknown[]): RowResult {
  const values = map.newValues();
  const errors: RowError[] = [];
  const invalid: string[] = [];
  let invalidIds = 0;
  const cols = map.columns;
  for (let k = 0; k < cols.length; k++) {
    const b = cols[k];
    const key = b.column.key;
    const raw = b.index >= 0 ? cells[b.index] : undefined;
    if (isBlankCell(raw)) {
      if (b.column.required) errors.push({ column: key, reason: REQUIRED_EMPTY });
      continue;
    }
    const r = b.normalize(raw);
    if (!r.ok) {
      errors.push({ column: key, reason: r.reason });
      continue;
    }
    values[key] = r.value;
    if (r.invalid) {
      invalid.push(key);
      if (b.countsAsId) invalidIds++;
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const extra: Record<string, string> = {};
  const extras = map.extras;
  for (let k = 0; k < extras.length; k++) {
    const raw = cells[extras[k].index];
    if (!isBlankCell(raw)) extra[extras[k].name] = cellToText(raw);
  }
  // cells beyond the header (unnamed columns)
  for (let i = map.header.length; i < cells.length; i++) {
    if (!isBlankCell(cells[i])) extra[`列${i + 1}`] = cellToText(cells[i]);
  }
  return { ok: true, values, extra, invalidIds, invalid };
}
