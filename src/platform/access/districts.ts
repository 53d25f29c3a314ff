/**
 * 区县归属 of organisations: an organisation belongs to its own `district`, else to its nearest
 * ancestor's (`orgs.ancestors` lists the ancestors root first). One SQL expression decides it for
 * everyone — the dashboard's per-district numbers and the lists they drill down to — so a number
 * and the records behind it cannot disagree. An empty `district` counts as none.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Queryable } from '../db/types.ts';

/** SQL: the district of the organisation row aliased `o`, or NULL when neither it nor an ancestor has one. */
const DISTRICT_OF_O = sql<string | null>`COALESCE(NULLIF(o.district, ''), (
  SELECT a.district FROM orgs a
  WHERE a.id = ANY(string_to_array(o.ancestors, ',')::int[]) AND a.district <> ''
  ORDER BY array_position(string_to_array(o.ancestors, ',')::int[], a.id) DESC
  LIMIT 1))`;

/** org id → district, for every organisation that lies in one. */
export async function orgDistricts(db: Queryable): Promise<Map<number, string>> {
  const rows = await sql<{ id: number; district: string | null }>`SELECT o.id, ${DISTRICT_OF_O} AS district FROM orgs o`.execute(db);
  return new Map(rows.rows.filter((r) => r.district !== null).map((r) => [Number(r.id), r.district as string]));
}

/**
 * Condition: the organisation id in `column` (e.g. `clues.org_id`) lies in `district`. An unknown
 * district matches nothing; a NULL org id never matches.
 */
export function orgInDistrict(column: string, district: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT o.id FROM orgs o WHERE ${DISTRICT_OF_O} = ${district})`;
}

/** The city's districts, as named on its organisations, in the order they were set up (the dashboard's rows). */
export async function cityDistricts(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('orgs')
    .select((eb) => ['district', eb.fn.min('id').as('first')])
    .where('district', 'is not', null)
    .where('district', '<>', '')
    .groupBy('district')
    .orderBy('first')
    .execute();
  return rows.map((r) => r.district as string);
}
