/**
 * Small SQL pieces shared by the catalogue models and the builder. Identifiers come only from
 * the dataset catalog (checked here); user values are always bound parameters.
 */
import { type RawBuilder, sql } from 'kysely';
import { getDataset, tableName } from '../datasets/catalog.ts';

/** Business time zone: calendar days, months and hours are Asia/Shanghai. */
export const TZ = 'Asia/Shanghai';

/** `ds_<dataset>` as an identifier (the dataset must be in the catalog). */
export function ds(dataset: string): RawBuilder<unknown> {
  return sql.table(tableName(getDataset(dataset)));
}

/**
 * One evidence row: the dataset name plus every column of the row, including the bookkeeping
 * `_id`, `_batch_id`, `_row` and `_invalid` (traceability to the imported file); `_extra` (the
 * file's unknown columns) is left out.
 */
export function ev(alias: string, dataset: string): RawBuilder<unknown> {
  getDataset(dataset);
  return sql`(jsonb_build_object('dataset', ${sql.lit(dataset)}::text) || (to_jsonb(${sql.ref(alias)}) - '_extra'))`;
}

/**
 * Evidence rows of `dataset` whose `_id` is in the bigint[] expression `ids`, as a jsonb array
 * (`[]` when none). Used to build evidence only for the hits, by primary key, after the model
 * has decided which groups fire.
 */
export function evByIds(dataset: string, ids: RawBuilder<unknown>, alias = `_ev_${dataset}`): RawBuilder<unknown> {
  return sql`coalesce((SELECT jsonb_agg(${ev(alias, dataset)} ORDER BY ${sql.ref(`${alias}._id`)}) FROM ${ds(dataset)} AS ${sql.id(alias)} WHERE ${sql.ref(`${alias}._id`)} = ANY(${ids})), '[]'::jsonb)`;
}

/** The Asia/Shanghai calendar date of a timestamptz expression. */
export function localDate(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`((${expr}) AT TIME ZONE ${sql.lit(TZ)})::date`;
}

/** The Asia/Shanghai wall-clock timestamp of a timestamptz expression. */
export function localTime(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`((${expr}) AT TIME ZONE ${sql.lit(TZ)})`;
}

/** Start (00:00 Asia/Shanghai) of a bound YYYY-MM-DD date, as timestamptz. */
export function dayStart(date: string): RawBuilder<Date> {
  return sql<Date>`((${date}::date)::timestamp AT TIME ZONE ${sql.lit(TZ)})`;
}

/** 12,345.60 */
export function fmtAmount(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char((${expr})::numeric, 'FM999,999,999,999,990.00')`;
}

/** A number without trailing zeros: 12.5, 3 */
export function fmtNum(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`trim_scale((${expr})::numeric)::text`;
}

/** YYYY-MM-DD of a date expression. */
export function fmtDate(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${expr}, 'YYYY-MM-DD')`;
}

/** YYYY-MM-DD HH24:MI (Asia/Shanghai) of a timestamptz expression. */
export function fmtTime(expr: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${localTime(expr)}, 'YYYY-MM-DD HH24:MI')`;
}
