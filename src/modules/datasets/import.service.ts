/**
 * The import pipeline (数据导入): one file → one batch → one transaction.
 *
 *   importFile(platform, actor, { dataset, file, strict, supplierOrgId, onProgress }) → ImportReport
 *
 * 1. Read the file as a stream (CSV in UTF-8/GB18030, or XLSX), map its header (a missing
 *    required column fails the whole file), validate and normalise every row (rows.ts).
 * 2. Valid rows are streamed with COPY into a temporary staging table; bad rows are collected.
 * 3. One MERGE-like statement upserts the staged rows by the dataset's key:
 *    new key → inserted (`imported`); same key with different values → the stored version is
 *    copied to `ds_<dataset>_history` and replaced (`updated`, `_version` + 1); same values →
 *    nothing written (`unchanged`: a re-import of the same file reports 0 imported, 0 updated).
 * 4. Rejected values go to `import_rejects`, the batch row gets its counts, an audit event is
 *    written — all in the same transaction, which commits at once or not at all.
 *
 * Rules decided here (see docs/DECISIONS.md):
 * - Duplicate keys within one file: the LATER row wins (the last row of the file with that
 *   key is stored; the earlier ones count as `duplicates` in the batch, not as updates).
 * - `--strict`: when any row is bad, nothing is imported; the batch is recorded with status
 *   `rejected` and its rejects (so the bad rows can be downloaded and fixed).
 * - The report lists each rejected row once, with its first failing column (catalog order);
 *   `import_rejects` keeps every failing column of the row.
 * - `invalid_ids` counts ID-number/USCC values with a wrong check character (or not codes at
 *   all) among the valid rows read.
 */
import path from 'node:path';
import { sql } from 'kysely';
import type { Platform } from '../../platform/app.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Tx } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { cellToText } from '../../platform/files/cells.ts';
import { DATASET_NAMES, type DatasetDef, getDataset, sqlType, tableName } from './catalog.ts';
import { type ImportTx, withImportTx } from './copy.ts';
import type { NormalizedValue } from './normalize/index.ts';
import { type HeaderMap, mapHeader, type RowError, validateRow } from './rows.ts';
import { type ImportSource, openImportSource } from './source.ts';

/** The report of the interchange spec, exactly (key order as in the spec). */
export interface ImportReport {
  dataset: string;
  file: string;
  encoding: 'utf-8' | 'gb18030' | null;
  rows_read: number;
  imported: number;
  updated: number;
  rejected: { row: number; column: string; reason: string }[];
  invalid_ids: number;
}

export interface ImportProgress {
  phase: 'reading' | 'merging' | 'done';
  rowsRead: number;
  /** CSV: bytes consumed and file size; XLSX: 0 and size. */
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  dataset: string;
  /** Path of the file on disk. */
  file: string;
  /** Name shown in the report and stored in the batch (default: base name of `file`). */
  fileName?: string;
  strict?: boolean;
  /** The organisation that supplied the data (公安局, 民政局 …). */
  supplierOrgId?: number | null;
  onProgress?: (p: ImportProgress) => void;
}

/** What the service knows beyond the report (the HTTP API returns it alongside). */
export interface ImportResult {
  report: ImportReport;
  batchId: number;
  status: 'committed' | 'rejected';
  unchanged: number;
  duplicates: number;
}

const STAGE = 'pg_temp.gt_import_stage';
/** Hand COPY text to the database every ~256 K characters (see CSV_CHUNK in source.ts: small pieces keep the heap flat). */
const FLUSH_CHARS = 1 << 18;
const REJECT_INSERT_CHUNK = 500;
const AUDIT_REJECTS_SHOWN = 20;
/** Two-key advisory lock namespace: one import per dataset at a time. */
const IMPORT_LOCK = 7_262_100;

const qi = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------------------------
// COPY text format

/** Text-format COPY escaping: backslash, tab, newline, carriage return; NUL dropped (PostgreSQL text cannot hold it). */
function escapeCopy(s: string): string {
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 || c < 32) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) out += '\\\\';
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c !== 0) out += s[i];
  }
  return out;
}

function copyValue(v: NormalizedValue | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeCopy(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/**
 * One COPY line: the dataset's columns in catalog order, then _row, _extra, _invalid, and
 * `suffix` (the batch id column when loading the target table directly).
 */
function copyLine(
  keys: readonly string[],
  values: Record<string, NormalizedValue | null>,
  row: number,
  extra: Record<string, string>,
  invalid: string[],
  suffix: string,
): string {
  let line = '';
  for (let i = 0; i < keys.length; i++) line += `${copyValue(values[keys[i]])}\t`;
  line += row;
  let hasExtra = false;
  for (const _ in extra) {
    hasExtra = true;
    break;
  }
  line += hasExtra ? `\t${escapeCopy(JSON.stringify(extra))}` : '\t\\N';
  line += invalid.length > 0 ? `\t{${invalid.join(',')}}` : '\t\\N';
  return `${line}${suffix}\n`;
}

// ---------------------------------------------------------------------------------------------
// SQL of one dataset

function stageDdl(d: DatasetDef): string {
  const cols = d.columns.map((c) => `${qi(c.key)} ${sqlType(c.type)}`);
  return `CREATE TEMP TABLE gt_import_stage (${cols.join(', ')}, _row integer NOT NULL, _extra jsonb, _invalid text[]) ON COMMIT DROP`;
}

function stageColumns(d: DatasetDef): string {
  return `${STAGE} (${[...d.columns.map((c) => qi(c.key)), '_row', '_extra', '_invalid'].join(', ')})`;
}

/**
 * The upsert of the staged rows. `dedupe` keeps, per key, the row with the highest row number
 * (the later row of the file wins); without it the statement fails with 21000 ("cannot affect
 * row a second time") or 23505 (history key) when the file repeats a key, and is retried with it.
 */
function mergeSql(d: DatasetDef, batchId: number, dedupe: boolean): string {
  const t = qi(tableName(d));
  const h = qi(`${tableName(d)}_history`);
  const cols = d.columns.map((c) => qi(c.key));
  const keys = d.key.map(qi);
  const nonKey = d.columns.filter((c) => !c.isKey).map((c) => qi(c.key));
  const cmp = (alias: string) => [...nonKey.map((c) => `${alias}.${c}`), `${alias}._extra`].join(', ');
  const src = dedupe ? 'src' : STAGE;
  const srcCte = dedupe ? `src AS MATERIALIZED (SELECT DISTINCT ON (${keys.join(', ')}) * FROM ${STAGE} ORDER BY ${keys.join(', ')}, _row DESC),` : '';
  const all = [...cols, '_extra', '_invalid'];
  return `
WITH ${srcCte}
old AS (
  SELECT t.* FROM ${t} t JOIN ${src} s ON ${keys.map((k) => `t.${k} = s.${k}`).join(' AND ')}
  WHERE (${cmp('t')}) IS DISTINCT FROM (${cmp('s')})
),
hist AS (
  INSERT INTO ${h} (_id, ${all.join(', ')}, _batch_id, _row, _version, _updated_at, _replaced_at, _replaced_by_batch)
  SELECT _id, ${all.join(', ')}, _batch_id, _row, _version, _updated_at, now(), ${batchId} FROM old
  RETURNING 1
),
up AS (
  INSERT INTO ${t} AS t (${all.join(', ')}, _batch_id, _row)
  SELECT ${all.join(', ')}, ${batchId}, _row FROM ${src}
  ON CONFLICT ON CONSTRAINT ${qi(`${tableName(d)}_key`)} DO UPDATE SET
    ${[...nonKey, '_extra', '_invalid', '_batch_id', '_row'].map((c) => `${c} = excluded.${c}`).join(', ')},
    _version = t._version + 1, _updated_at = now()
  WHERE (${cmp('t')}) IS DISTINCT FROM (${cmp('excluded')})
  RETURNING (t.xmax = 0) AS inserted
)
SELECT ${dedupe ? '(SELECT count(*) FROM src)' : 'NULL::bigint'} AS distinct_rows,
  count(*) FILTER (WHERE inserted) AS imported,
  count(*) FILTER (WHERE NOT inserted) AS updated,
  (SELECT count(*) FROM hist) AS historised
FROM up`;
}

// ---------------------------------------------------------------------------------------------

interface Reject {
  row: number;
  errors: RowError[];
  raw: string[];
}

/** The row's cells as read, as text, in file order (aligned with the batch's header). */
function rawRow(cells: readonly unknown[]): string[] {
  const out: string[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = cellToText(cells[i]);
  return out;
}

async function resolveSupplier(tx: Tx, orgId: number | null | undefined): Promise<number | null> {
  if (orgId === undefined || orgId === null) return null;
  const org = await tx.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('unknown_org', `数据提供单位不存在（id ${orgId}）`, `Supplier organisation not found (id ${orgId})`, 400);
  return org.id;
}

function pgErrorCode(e: unknown): string {
  return (e as { code?: string })?.code ?? '';
}

/** Import one file. Throws AppError for bad input (unknown dataset, unreadable file, missing column, encoding). */
export async function importFile(platform: Platform, actor: Actor, opts: ImportOptions): Promise<ImportResult> {
  const d = getDataset(opts.dataset);
  const fileName = opts.fileName ?? path.basename(opts.file);
  const strict = !!opts.strict;
  const startedAt = new Date();
  let source = await openImportSource(opts.file, opts.dataset);
  let map: HeaderMap;
  try {
    map = mapHeader(d, source.header);
  } catch (e) {
    await source.close();
    throw e;
  }
  const reopen = async () => {
    await source.close();
    source = await openImportSource(opts.file, opts.dataset);
    return source;
  };
  try {
    return await withImportTx(platform, (itx) => runImport(itx, actor, d, map, source, reopen, { ...opts, fileName, strict, startedAt }));
  } catch (e) {
    await source.close();
    if (e instanceof AppError) throw e;
    const msg = (e as Error)?.message ?? String(e);
    throw new AppError('import_failed', `导入失败，未导入任何数据：${msg}`, `Import failed, nothing was imported: ${msg}`, 500);
  }
}

interface StreamResult {
  rowsRead: number;
  staged: number;
  invalidIds: number;
  rejects: Reject[];
}

/** Read, validate and COPY every valid row of `source` into `target`. */
async function streamRows(
  itx: ImportTx,
  d: DatasetDef,
  map: HeaderMap,
  source: ImportSource,
  target: string,
  suffix: string,
  strict: boolean,
  onProgress: ((p: ImportProgress) => void) | undefined,
): Promise<StreamResult> {
  const keys = d.columns.map((c) => c.key);
  const sink = itx.copyIn(target);
  const rejects: Reject[] = [];
  let rowsRead = 0;
  let staged = 0;
  let invalidIds = 0;
  let buf = '';
  try {
    for await (const rows of source.batches) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        rowsRead++;
        const v = r.error ? { ok: false as const, errors: [{ column: '', reason: r.error }] } : validateRow(map, r.cells);
        if (!v.ok) {
          rejects.push({ row: r.rowNumber, errors: v.errors, raw: rawRow(r.cells) });
          continue;
        }
        invalidIds += v.invalidIds;
        if (strict && rejects.length > 0) continue; // nothing will be imported: stop loading
        buf += copyLine(keys, v.values, r.rowNumber, v.extra, v.invalid, suffix);
        staged++;
      }
      if (buf.length >= FLUSH_CHARS) {
        await sink.write(buf);
        buf = '';
      }
      onProgress?.({ phase: 'reading', rowsRead, bytesRead: source.bytesRead(), totalBytes: source.size });
    }
    if (buf.length > 0) await sink.write(buf);
    buf = '';
  } catch (e) {
    // finish the COPY so the session can roll back; the first error is the one that matters
    await sink.end().catch(() => {});
    throw e;
  }
  await sink.end();
  return { rowsRead, staged, invalidIds, rejects };
}

async function runImport(
  itx: ImportTx,
  actor: Actor,
  d: DatasetDef,
  map: HeaderMap,
  firstSource: ImportSource,
  reopen: () => Promise<ImportSource>,
  opts: ImportOptions & { fileName: string; strict: boolean; startedAt: Date },
): Promise<ImportResult> {
  const { tx } = itx;
  let source = firstSource;
  const table = qi(tableName(d));
  await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}, ${DATASET_NAMES.indexOf(d.name)})`.execute(tx);
  const supplierOrgId = await resolveSupplier(tx, opts.supplierOrgId);
  const batch = await tx
    .insertInto('import_batches')
    .values({
      dataset: d.name,
      file_name: opts.fileName,
      file_size: source.size,
      file_sm3: '',
      format: source.format,
      encoding: source.encoding,
      header: source.header,
      supplier_org_id: supplierOrgId,
      uploaded_by: actor.userId,
      uploaded_by_name: actor.name,
      strict: opts.strict,
      started_at: opts.startedAt,
      status: 'committed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const batchId = batch.id;
  const direct = `${table} (${[...d.columns.map((c) => qi(c.key)), '_row', '_extra', '_invalid', '_batch_id'].join(', ')})`;

  let read: StreamResult | null = null;
  let imported = 0;
  let updated = 0;
  let distinct = 0;

  // Fast path: into an empty table, COPY straight into it (imports of one dataset are serialised
  // by the advisory lock, so it stays empty meanwhile). A key repeated in the file violates the
  // unique key: roll back to the savepoint and take the staging path from the start of the file.
  const { rows: present } = await sql.raw<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`).execute(tx);
  if (!present[0].any) {
    await sql.raw('SAVEPOINT gt_direct').execute(tx);
    try {
      read = await streamRows(itx, d, map, source, direct, `\t${batchId}`, opts.strict, opts.onProgress);
      if (opts.strict && read.rejects.length > 0) {
        await sql.raw('ROLLBACK TO SAVEPOINT gt_direct').execute(tx);
      } else {
        await sql.raw('RELEASE SAVEPOINT gt_direct').execute(tx);
        imported = read.staged;
        distinct = read.staged;
      }
    } catch (e) {
      if (pgErrorCode(e) !== '23505') throw e;
      await sql.raw('ROLLBACK TO SAVEPOINT gt_direct').execute(tx);
      read = null;
      source = await reopen();
    }
  }

  if (!read) {
    await sql.raw(`DROP TABLE IF EXISTS ${STAGE}`).execute(tx);
    await sql.raw(stageDdl(d)).execute(tx);
    read = await streamRows(itx, d, map, source, stageColumns(d), '', opts.strict, opts.onProgress);
    distinct = read.staged;
    if (!(opts.strict && read.rejects.length > 0) && read.staged > 0) {
      opts.onProgress?.({ phase: 'merging', rowsRead: read.rowsRead, bytesRead: source.bytesRead(), totalBytes: source.size });
      let res: { distinct_rows: number | null; imported: number; updated: number };
      await sql.raw('SAVEPOINT gt_merge').execute(tx);
      try {
        res = (await sql.raw<typeof res>(mergeSql(d, batchId, false)).execute(tx)).rows[0];
        await sql.raw('RELEASE SAVEPOINT gt_merge').execute(tx);
      } catch (e) {
        if (pgErrorCode(e) !== '21000' && pgErrorCode(e) !== '23505') throw e;
        // the file repeats a key: the later row wins
        await sql.raw('ROLLBACK TO SAVEPOINT gt_merge').execute(tx);
        res = (await sql.raw<typeof res>(mergeSql(d, batchId, true)).execute(tx)).rows[0];
      }
      imported = Number(res.imported);
      updated = Number(res.updated);
      if (res.distinct_rows !== null) distinct = Number(res.distinct_rows);
    }
  }
  const { rowsRead, staged, invalidIds, rejects } = read;
  const status: 'committed' | 'rejected' = opts.strict && rejects.length > 0 ? 'rejected' : 'committed';
  if (imported + updated > 0) await sql.raw(`ANALYZE ${table}`).execute(tx);
  const duplicates = status === 'committed' ? staged - distinct : 0;
  const unchanged = status === 'committed' ? distinct - imported - updated : 0;

  for (let i = 0; i < rejects.length; i += REJECT_INSERT_CHUNK) {
    const chunk = rejects.slice(i, i + REJECT_INSERT_CHUNK).flatMap((r) =>
      r.errors.map((e) => ({ batch_id: batchId, row: r.row, column: e.column, reason: e.reason, raw: JSON.stringify(r.raw) })),
    );
    await tx.insertInto('import_rejects').values(chunk).execute();
  }

  const sm3 = source.sm3();
  // the batch's result, stored on the batch and in its audit event
  const batchResult = { status, rows_read: rowsRead, imported, updated, unchanged, duplicates, rejected: rejects.length, invalid_ids: invalidIds };
  await tx
    .updateTable('import_batches')
    .set({ file_sm3: sm3, finished_at: new Date(), ...batchResult })
    .where('id', '=', batchId)
    .execute();

  const report: ImportReport = {
    dataset: d.name,
    file: opts.fileName,
    encoding: source.encoding,
    rows_read: rowsRead,
    imported,
    updated,
    rejected: rejects.map((r) => ({ row: r.row, column: r.errors[0].column, reason: r.errors[0].reason })),
    invalid_ids: invalidIds,
  };
  await recordAudit(tx, actor, {
    action: 'dataset.import',
    objectType: 'import_batch',
    objectId: batchId,
    outcome: status === 'committed' ? 'success' : 'failure',
    detail: {
      dataset: d.name,
      file: opts.fileName,
      sm3,
      size: source.size,
      supplier_org_id: supplierOrgId,
      strict: opts.strict,
      ...batchResult,
      rejected_rows: report.rejected.slice(0, AUDIT_REJECTS_SHOWN).map((r) => r.row),
    },
  });
  opts.onProgress?.({ phase: 'done', rowsRead, bytesRead: source.bytesRead(), totalBytes: source.size });
  return { report, batchId, status, unchanged, duplicates };
}

/** Audit a failed import (bad input): the attempt is recorded even though nothing was imported. */
export async function auditFailedImport(platform: Platform, actor: Actor, dataset: string, file: string, err: AppError): Promise<void> {
  await recordAudit(platform.db, actor, {
    action: 'dataset.import',
    objectType: 'dataset',
    objectId: dataset,
    outcome: 'failure',
    detail: { dataset, file, code: err.code, message: err.message },
  });
}
