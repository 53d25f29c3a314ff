/**
 * The data catalogue (数据目录) and lineage (数据血缘) of the integrated data:
 * which body supplied which dataset, when, from which file, how many rows; for a stored row its
 * batch, file and row number (and every earlier version); the raw rows themselves, page-wise,
 * for those a sharing rule allows (audited); the sharing rules; the rejected rows of a batch as
 * an XLSX file with the reasons.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { DATASETS, type DatasetDef, getDataset, tableName } from './catalog.ts';
import { mayDownloadRejects, mayReadRaw, type SharingRule } from './datasets.policy.ts';
import { normalizerFor } from './normalize/index.ts';

/** A dataset named in a URL: 404 (not 400) when unknown, so routes answer "no such thing". */
export function datasetOr404(name: string): DatasetDef {
  try {
    return getDataset(name);
  } catch (e) {
    if (e instanceof AppError) throw new AppError('not_found', e.message, e.messageEn, 404);
    throw e;
  }
}

/** Above this many rows the catalogue shows the planner's estimate instead of counting. */
const EXACT_COUNT_LIMIT = 200_000;

export async function listDatasets(db: Queryable) {
  const { rows: est } = await sql<{ relname: string; reltuples: number }>`
    SELECT relname, reltuples::float8 AS reltuples FROM pg_class
    WHERE relkind = 'r' AND relname = ANY(${sql.val(DATASETS.map((d) => tableName(d)))}::text[])
      AND relnamespace = 'public'::regnamespace`.execute(db);
  const estimate = new Map(est.map((r) => [r.relname, Number(r.reltuples)]));
  const last = await db
    .selectFrom('import_batches as b')
    .leftJoin('orgs as o', 'o.id', 'b.supplier_org_id')
    .select(['b.dataset', 'b.id', 'b.file_name', 'b.finished_at', 'b.rows_read', 'o.name as supplier'])
    .where('b.status', '=', 'committed')
    .where('b.id', 'in', (eb) =>
      eb.selectFrom('import_batches').select(sql<number>`max(id)`.as('id')).where('status', '=', 'committed').groupBy('dataset'),
    )
    .execute();
  const lastBy = new Map(last.map((b) => [b.dataset, b]));
  const stats = await db
    .selectFrom('import_batches')
    .select(['dataset', sql<number>`count(*)`.as('batches'), sql<number>`count(DISTINCT supplier_org_id)`.as('suppliers')])
    .where('status', '=', 'committed')
    .groupBy('dataset')
    .execute();
  const statsBy = new Map(stats.map((s) => [s.dataset, s]));
  const items = [];
  for (const d of DATASETS) {
    const t = tableName(d);
    const e = estimate.get(t) ?? -1;
    let rows: number;
    let estimated = false;
    if (e > EXACT_COUNT_LIMIT) {
      rows = Math.round(e);
      estimated = true;
    } else {
      const { rows: c } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db);
      rows = Number(c[0].n);
    }
    const b = lastBy.get(d.name);
    const s = statsBy.get(d.name);
    items.push({
      name: d.name,
      title: d.title,
      table: t,
      key: d.key,
      required: d.required,
      columns: d.columns.map((c) => ({ key: c.key, name: c.name, type: c.type, required: c.required, is_key: c.isKey, description: c.description })),
      rows,
      rows_estimated: estimated,
      batches: Number(s?.batches ?? 0),
      suppliers: Number(s?.suppliers ?? 0),
      last_import: b ? { batch_id: b.id, file_name: b.file_name, finished_at: b.finished_at, rows_read: b.rows_read, supplier: b.supplier } : null,
    });
  }
  return { items };
}

export interface BatchQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  dataset?: string;
  supplier_org_id?: number;
  status?: 'committed' | 'rejected';
}

function batchSelect(db: Queryable) {
  return db
    .selectFrom('import_batches as b')
    .leftJoin('orgs as o', 'o.id', 'b.supplier_org_id')
    .select([
      'b.id',
      'b.dataset',
      'b.file_name',
      'b.file_size',
      'b.file_sm3',
      'b.format',
      'b.encoding',
      'b.supplier_org_id',
      'o.name as supplier',
      'b.uploaded_by',
      'b.uploaded_by_name',
      'b.strict',
      'b.started_at',
      'b.finished_at',
      'b.status',
      'b.rows_read',
      'b.imported',
      'b.updated',
      'b.unchanged',
      'b.duplicates',
      'b.rejected',
      'b.invalid_ids',
    ]);
}

/** The import catalogue: batches, newest first. */
export async function listBatches(db: Queryable, q: BatchQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = batchSelect(db);
  if (q.dataset) base = base.where('b.dataset', '=', q.dataset);
  if (q.supplier_org_id) base = base.where('b.supplier_org_id', '=', q.supplier_org_id);
  if (q.status) base = base.where('b.status', '=', q.status);
  const sortable = ['id', 'dataset', 'file_name', 'started_at', 'finished_at', 'rows_read', 'imported', 'updated', 'rejected', 'invalid_ids', 'status'] as const;
  const sort = q.sort ?? 'id';
  if (!(sortable as readonly string[]).includes(sort)) throw badInput(`不能按“${sort}”排序`, `Cannot sort by "${sort}"`);
  const [items, total] = await Promise.all([
    base
      .orderBy(`b.${sort as (typeof sortable)[number]}`, q.order ?? 'desc')
      .orderBy('b.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((b) => ({ ...b, title: getDataset(b.dataset).title })), total: Number(total.n), page, pageSize };
}

export async function getBatch(db: Queryable, id: number) {
  const b = await batchSelect(db)
    .leftJoin('users as u', 'u.id', 'b.uploaded_by')
    .select(['b.header', 'u.org_id as uploader_org_id'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!b) throw notFound('导入批次', 'Import batch');
  return b;
}

/** One batch with its rejects (row, column, reason), page-wise. */
export async function batchDetail(db: Queryable, id: number, q: { page?: number; pageSize?: number } = {}) {
  const { header: _h, uploader_org_id: _u, ...b } = await getBatch(db, id);
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 100;
  const [rejects, total] = await Promise.all([
    db
      .selectFrom('import_rejects')
      .select(['row', 'column', 'reason'])
      .where('batch_id', '=', id)
      .orderBy('row')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db.selectFrom('import_rejects').select(sql<number>`count(*)`.as('n')).where('batch_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  return { batch: { ...b, title: getDataset(b.dataset).title }, rejects: { items: rejects, total: Number(total.n), page, pageSize } };
}

/**
 * The rejected rows of a batch as XLSX: 行号, the file's own columns as written, 错误列, 错误原因
 * (every failing column of the row). Raw rows are personal data: checked and audited.
 */
export async function writeRejectsXlsx(db: Queryable, actor: Actor, access: AccessContext, id: number, outPath: string): Promise<{ rows: number; fileName: string }> {
  const b = await getBatch(db, id);
  if (!mayDownloadRejects(access, b)) {
    throw forbidden('只有上传人、数据提供单位或数据管理员可以下载被拒绝的原始数据行', 'Only the uploader, the supplying organisation or a data administrator may download the rejected raw rows');
  }
  const d = getDataset(b.dataset);
  const byKey = new Map(d.columns.map((c) => [c.key, c]));
  const header = [...b.header];
  let width = header.length;
  const rows: { row: number; raw: string[]; columns: string[]; reasons: string[] }[] = [];
  let last = 0;
  for (;;) {
    const chunk = await db
      .selectFrom('import_rejects')
      .select(['id', 'row', 'column', 'reason', 'raw'])
      .where('batch_id', '=', id)
      .where('id', '>', last)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (chunk.length === 0) break;
    for (const r of chunk) {
      last = Number(r.id);
      const col = byKey.get(r.column);
      const label = col ? `${col.name}（${col.key}）` : r.column;
      const prev = rows[rows.length - 1];
      if (prev && prev.row === r.row) {
        prev.columns.push(label);
        prev.reasons.push(r.reason);
      } else {
        const raw = Array.isArray(r.raw) ? (r.raw as unknown[]).map((x) => (x == null ? '' : String(x))) : [];
        width = Math.max(width, raw.length);
        rows.push({ row: r.row, raw, columns: [label], reasons: [r.reason] });
      }
    }
  }
  rows.sort((a, c) => a.row - c.row);
  for (let i = header.length; i < width; i++) header.push(`列${i + 1}`);
  const lines = [['行号', ...header, '错误列', '错误原因']];
  for (const r of rows) {
    const cells = [...r.raw];
    while (cells.length < width) cells.push('');
    lines.push([String(r.row), ...cells, r.columns.join('；'), r.reasons.join('；')]);
  }
  await writeXlsx(outPath, lines as unknown[][], { sheetName: '被拒绝的行' });
  await recordAudit(db, actor, {
    action: 'dataset.rejects_download',
    objectType: 'import_batch',
    objectId: id,
    detail: { dataset: b.dataset, file: b.file_name, rows: rows.length },
  });
  const base = b.file_name.replace(/\.[^.]+$/, '');
  return { rows: rows.length, fileName: `${base}-被拒绝的行.xlsx` };
}

/** Where a stored row came from: batch, file, row number, supplier — and every earlier version. */
export async function rowLineage(db: Queryable, dataset: string, rowId: number) {
  const d = datasetOr404(dataset);
  const t = tableName(d);
  const { rows } = await sql<{ _id: number; _batch_id: number; _row: number; _version: number; _updated_at: Date; _invalid: string[] | null }>`
    SELECT _id, _batch_id, _row, _version, _updated_at, _invalid FROM ${sql.table(t)} WHERE _id = ${rowId}`.execute(db);
  const row = rows[0];
  if (!row) throw notFound('数据行', 'Row');
  const { rows: hist } = await sql<{ _version: number; _batch_id: number; _row: number; _updated_at: Date; _replaced_at: Date; _replaced_by_batch: number }>`
    SELECT _version, _batch_id, _row, _updated_at, _replaced_at, _replaced_by_batch FROM ${sql.table(`${t}_history`)}
    WHERE _id = ${rowId} ORDER BY _version`.execute(db);
  const batchIds = [...new Set([row._batch_id, ...hist.map((h) => h._batch_id)])];
  const batches = await batchSelect(db).where('b.id', 'in', batchIds).execute();
  const byId = new Map(batches.map((b) => [b.id, b]));
  const source = (batchId: number, rowNo: number) => {
    const b = byId.get(batchId);
    return {
      batch_id: batchId,
      file_name: b?.file_name ?? null,
      file_sm3: b?.file_sm3 ?? null,
      row: rowNo,
      supplier: b?.supplier ?? null,
      supplier_org_id: b?.supplier_org_id ?? null,
      uploaded_by_name: b?.uploaded_by_name ?? null,
      imported_at: b?.finished_at ?? null,
    };
  };
  return {
    dataset: d.name,
    title: d.title,
    table: t,
    row_id: Number(row._id),
    version: row._version,
    updated_at: row._updated_at,
    invalid_columns: row._invalid ?? [],
    source: source(row._batch_id, row._row),
    history: hist.map((h) => ({
      version: h._version,
      ...source(h._batch_id, h._row),
      replaced_at: h._replaced_at,
      replaced_by_batch: h._replaced_by_batch,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Sharing rules and raw rows

export async function listSharing(db: Queryable, dataset?: string): Promise<(SharingRule & { granted_at: Date; granted_by: number | null })[]> {
  let q = db.selectFrom('dataset_sharing').selectAll();
  if (dataset) q = q.where('dataset', '=', dataset);
  return q.orderBy('dataset').orderBy('grantee_kind').orderBy('grantee').execute();
}

async function checkGrantee(db: Queryable, rule: SharingRule): Promise<void> {
  if (rule.grantee_kind === 'role') {
    const r = await db.selectFrom('roles').select('id').where('code', '=', rule.grantee).executeTakeFirst();
    if (!r) throw badInput(`角色“${rule.grantee}”不存在`, `Role "${rule.grantee}" not found`);
  } else {
    const id = Number(rule.grantee);
    const o = Number.isInteger(id) ? await db.selectFrom('orgs').select('id').where('id', '=', id).executeTakeFirst() : undefined;
    if (!o) throw badInput(`组织（id ${rule.grantee}）不存在`, `Organisation (id ${rule.grantee}) not found`);
  }
}

export async function grantSharing(db: Queryable, actor: Actor, rule: SharingRule): Promise<void> {
  datasetOr404(rule.dataset);
  await inTx(db, async (tx) => {
    await checkGrantee(tx, rule);
    await tx
      .insertInto('dataset_sharing')
      .values({ dataset: rule.dataset, grantee_kind: rule.grantee_kind, grantee: rule.grantee, granted_by: actor.userId })
      .onConflict((oc) => oc.columns(['dataset', 'grantee_kind', 'grantee']).doNothing())
      .execute();
    await recordAudit(tx, actor, { action: 'dataset.share', objectType: 'dataset', objectId: rule.dataset, detail: rule });
  });
}

export async function revokeSharing(db: Queryable, actor: Actor, rule: SharingRule): Promise<boolean> {
  datasetOr404(rule.dataset);
  return inTx(db, async (tx) => {
    const r = await tx
      .deleteFrom('dataset_sharing')
      .where('dataset', '=', rule.dataset)
      .where('grantee_kind', '=', rule.grantee_kind)
      .where('grantee', '=', rule.grantee)
      .executeTakeFirst();
    const removed = Number(r.numDeletedRows) > 0;
    if (removed) await recordAudit(tx, actor, { action: 'dataset.unshare', objectType: 'dataset', objectId: rule.dataset, detail: rule });
    return removed;
  });
}

export interface RawRowsQuery {
  page?: number;
  pageSize?: number;
  /** A column of the dataset (or _id); default _id. */
  sort?: string;
  order?: 'asc' | 'desc';
  /** Equality filter on one column (its value normalised like an imported value). */
  column?: string;
  value?: string;
  batch_id?: number;
}

/** Raw rows of a dataset, page-wise. Checked (permission + sharing rule) and audited. */
export async function readRawRows(db: Queryable, actor: Actor, access: AccessContext, dataset: string, q: RawRowsQuery) {
  const d = datasetOr404(dataset);
  const rules = await listSharing(db, d.name);
  if (!mayReadRaw(access, d.name, rules)) {
    throw forbidden(`数据集“${d.title}”未向您（角色或单位）共享原始数据`, `The raw rows of dataset ${d.name} are not shared with your role or organisation`);
  }
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const conds = [];
  let filterValue: unknown = null;
  if (q.column !== undefined || q.value !== undefined) {
    const col = d.columns.find((c) => c.key === q.column);
    if (!col || q.value === undefined) throw badInput('筛选需要数据集的列名和取值', 'A filter needs a column of the dataset and a value');
    const n = normalizerFor(col.type)(q.value);
    if (!n.ok) throw badInput(`筛选值无效：${n.reason}`, `Invalid filter value: ${n.reason}`);
    filterValue = n.value;
    conds.push(sql`${sql.ref(col.key)} = ${filterValue}`);
  }
  if (q.batch_id !== undefined) conds.push(sql`_batch_id = ${q.batch_id}`);
  const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
  const sort = q.sort ?? '_id';
  if (sort !== '_id' && !d.columns.some((c) => c.key === sort)) throw badInput(`不能按“${sort}”排序`, `Cannot sort by "${sort}"`);
  const dir = sql.raw(q.order === 'desc' ? 'DESC' : 'ASC');
  const orderBy = sort === '_id' ? sql`ORDER BY _id ${dir}` : sql`ORDER BY ${sql.ref(sort)} ${dir} NULLS LAST, _id`;
  const t = sql.table(tableName(d));
  return inTx(db, async (tx) => {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${t} ${where} ${orderBy} LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(tx);
    const { rows: c } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${t} ${where}`.execute(tx);
    await recordAudit(tx, actor, {
      action: 'dataset.read_raw',
      objectType: 'dataset',
      objectId: d.name,
      detail: { page, pageSize, filter: q.column ? { column: q.column, value: filterValue } : null, batch_id: q.batch_id ?? null, returned: rows.length, row_ids: rows.map((r) => Number(r._id)) },
    });
    return {
      dataset: d.name,
      title: d.title,
      columns: d.columns.map((c) => ({ key: c.key, name: c.name, type: c.type })),
      items: rows.map((r) => ({ ...r, _id: Number(r._id) })),
      total: Number(c[0].n),
      page,
      pageSize,
    };
  });
}

