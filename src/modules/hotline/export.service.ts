/**
 * `guantong hotline export`: one object per work order, exactly
 * `{"order_id","category","category_source":"given|predicted","confidence","conduct"}`.
 * `category` is the order's own when it arrived with one (`given`, confidence 1), else the
 * platform's classification (`predicted`; an officer's correction is the platform's answer too,
 * confidence 1). `conduct` = the order's content reports misconduct (M13's lexicon, in SQL).
 * Orders are read page by page (keyset on order_id); Node never holds the table.
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { conductSql } from '../models/catalogue/conduct-sql.ts';
import { activeModel, classifyPending, trainModel } from './classify.service.ts';

export interface ExportRow {
  order_id: string;
  category: string | null;
  category_source: 'given' | 'predicted';
  confidence: number;
  conduct: boolean;
}

/** Train when there is no model yet (and there are labelled orders), classify what is missing. */
export async function prepareExport(db: Queryable, actor: Actor, opts: { retrain?: boolean } = {}) {
  const hasModel = !!(await activeModel(db));
  if (opts.retrain || !hasModel) {
    const labelled = (await sql<{ n: string }>`SELECT count(DISTINCT btrim(category)) AS n FROM ds_hotline WHERE coalesce(btrim(category), '') <> ''`.execute(db)).rows[0];
    if (Number(labelled.n) >= 2) await trainModel(db, actor);
  }
  return classifyPending(db, actor);
}

export async function forEachExportRow(db: Queryable, fn: (r: ExportRow) => void | Promise<void>, pageSize = 2000): Promise<number> {
  let after = '';
  let n = 0;
  const conduct = conductSql(sql`o.content`);
  for (;;) {
    const rows = (await sql<{ order_id: string; given: string | null; predicted: string | null; confidence: number | null; conduct: boolean }>`
        SELECT o.order_id, nullif(btrim(o.category), '') AS given, c.category AS predicted, c.confidence,
               cardinality(${conduct}) > 0 AS conduct
        FROM ds_hotline o LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
        WHERE o.order_id > ${after} ORDER BY o.order_id LIMIT ${pageSize}`.execute(db)).rows;
    for (const r of rows) {
      await fn({
        order_id: r.order_id,
        category: r.given ?? r.predicted,
        category_source: r.given ? 'given' : 'predicted',
        confidence: r.given ? 1 : r.confidence === null ? 0 : Number(r.confidence),
        conduct: !!r.conduct,
      });
    }
    n += rows.length;
    if (rows.length < pageSize) return n;
    after = rows[rows.length - 1].order_id;
  }
}
