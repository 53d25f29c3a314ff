/**
 * 工单列表: the 12345 work orders page by page, with server-side sorting and filters (district,
 * street, category — the given one or else the platform's, unit, status, received date range,
 * supervised / published, text search), limited to the user's data scope (hotline.policy.ts).
 * The list carries the citizens' personal data (诉求人, 联系电话, 诉求地址), so every read is
 * audited with the filters and the order numbers returned, in the same transaction.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { AppError, badInput } from '../../platform/errors.ts';
import { type OrderScope, orderScope, type ScopeOrg } from './hotline.policy.ts';
import type { OrderRow } from './orders.ts';

export const ORDER_STATUSES = ['已办结', '办理中', '已退回', '超期'] as const;
export const ORDER_SORTS = ['received_at', 'order_id', 'due_at', 'closed_at', 'district', 'street', 'category', 'handler_unit', 'status'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

export interface OrderListQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  q?: string;
  district?: string;
  street?: string;
  category?: string;
  category_source?: 'given' | 'predicted' | 'corrected' | 'none';
  unit?: string;
  status?: string;
  from?: string;
  to?: string;
  supervised?: boolean;
  published?: boolean;
}

/** A work order as listed: the stored row without bookkeeping, with where its category came from. */
export interface OrderListItem extends Omit<OrderRow, '_id' | '_extra' | '_batch_id' | '_version' | '_updated_at' | 'supervised'> {
  category_source: 'given' | 'predicted' | 'corrected' | 'none';
  supervised: boolean;
  published: boolean;
}

/** The organisations of the user's scope with their district (own or nearest ancestor's). */
export async function scopeOrgs(db: Queryable, access: AccessContext): Promise<ScopeOrg[]> {
  if (access.scope.all || !access.scope.orgIds.length) return [];
  const { rows } = await sql<ScopeOrg>`
    SELECT g.id, g.name, g.short_name, g.kind,
           coalesce(g.district, (SELECT a.district FROM orgs a
                                 WHERE a.id = ANY(string_to_array(g.ancestors, ',')::int[]) AND a.district IS NOT NULL
                                 ORDER BY array_position(string_to_array(g.ancestors, ',')::int[], a.id) DESC LIMIT 1)) AS district
    FROM orgs g WHERE g.id = ANY(${access.scope.orgIds}::int[])`.execute(db);
  return rows;
}

export async function orderScopeOf(db: Queryable, access: AccessContext): Promise<OrderScope> {
  return orderScope(access, await scopeOrgs(db, access));
}

const escLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL for `orderVisible` over `o` (ds_hotline) and `b` (its import batch). */
export function orderScopeSql(s: OrderScope): RawBuilder<SqlBool> {
  if (s.all) return sql<SqlBool>`true`;
  const parts: RawBuilder<SqlBool>[] = [];
  if (s.units.length) parts.push(sql<SqlBool>`o.handler_unit = ANY(${s.units}::text[])`);
  for (const x of s.unitSuffixes) parts.push(sql<SqlBool>`o.handler_unit LIKE ${`%${escLike(x)}`}`);
  if (s.districts.length) parts.push(sql<SqlBool>`o.district = ANY(${s.districts}::text[])`);
  if (s.supplierOrgIds.length) parts.push(sql<SqlBool>`b.supplier_org_id = ANY(${s.supplierOrgIds}::int[])`);
  if (s.uploaderId !== null) parts.push(sql<SqlBool>`b.uploaded_by = ${s.uploaderId}`);
  if (!parts.length) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

const CATEGORY = sql`coalesce(nullif(btrim(o.category), ''), c.category)`;
const SOURCE = sql`CASE WHEN nullif(btrim(o.category), '') IS NOT NULL THEN 'given' WHEN c.source IS NOT NULL THEN c.source ELSE 'none' END`;
const SORT_SQL: Record<OrderSort, RawBuilder<unknown>> = {
  received_at: sql`o.received_at`,
  order_id: sql`o.order_id`,
  due_at: sql`o.due_at`,
  closed_at: sql`o.closed_at`,
  district: sql`o.district`,
  street: sql`o.street`,
  category: CATEGORY,
  handler_unit: sql`o.handler_unit`,
  status: sql`o.status`,
};

/** Shanghai midnight of a business date as timestamptz SQL. */
const dayStart = (d: string) => sql`((${d}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')`;

export async function listOrders(db: Queryable, actor: Actor, access: AccessContext, q: OrderListQuery) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const sort = (q.sort ?? 'received_at') as OrderSort;
  if (!ORDER_SORTS.includes(sort)) throw badInput(`不能按“${q.sort}”排序`, `Cannot sort by "${q.sort}"`);
  if (q.from && q.to && q.from > q.to) throw badInput('开始日期不能晚于结束日期', 'The start date is after the end date');
  const scope = await orderScopeOf(db, access);
  const conds: RawBuilder<SqlBool>[] = [orderScopeSql(scope)];
  const t = (s: string | undefined) => (s ?? '').trim();
  if (t(q.district)) conds.push(sql<SqlBool>`o.district = ${t(q.district)}`);
  if (t(q.street)) conds.push(sql<SqlBool>`o.street = ${t(q.street)}`);
  if (t(q.category)) conds.push(sql<SqlBool>`${CATEGORY} = ${t(q.category)}`);
  if (q.category_source) conds.push(sql<SqlBool>`${SOURCE} = ${q.category_source}`);
  if (t(q.unit)) conds.push(sql<SqlBool>`o.handler_unit = ${t(q.unit)}`);
  if (t(q.status)) conds.push(sql<SqlBool>`o.status = ${t(q.status)}`);
  if (q.from) conds.push(sql<SqlBool>`o.received_at >= ${dayStart(q.from)}`);
  if (q.to) conds.push(sql<SqlBool>`o.received_at < ${dayStart(addDays(q.to, 1))}`);
  if (q.supervised !== undefined) conds.push(q.supervised ? sql<SqlBool>`o.supervised IS TRUE` : sql<SqlBool>`o.supervised IS NOT TRUE`);
  if (q.published !== undefined) conds.push(q.published ? sql<SqlBool>`p.order_id IS NOT NULL` : sql<SqlBool>`p.order_id IS NULL`);
  const text = t(q.q);
  if (text) {
    const like = `%${escLike(text)}%`;
    conds.push(sql<SqlBool>`(o.order_id = ${text} OR o.content ILIKE ${like} OR o.address ILIKE ${like} OR o.handler_unit ILIKE ${like} OR o.street ILIKE ${like})`);
  }
  const from = sql`ds_hotline o
    LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
    LEFT JOIN import_batches b ON b.id = o._batch_id
    LEFT JOIN hotline_publications p ON p.order_id = o.order_id AND p.revoked_at IS NULL`;
  const where = sql.join(conds, sql` AND `);
  const dir = sql.raw(q.order === 'asc' ? 'ASC' : 'DESC');
  return inTx(db, async (tx) => {
    const { rows } = await sql<OrderListItem>`
      SELECT o.order_id, o.received_at, o.caller_name, o.caller_phone, o.address, o.district, o.street,
             left(o.content, 500) AS content, ${CATEGORY} AS category, ${SOURCE} AS category_source,
             o.handler_unit, o.due_at, o.closed_at, o.status, o.satisfaction, coalesce(o.supervised, false) AS supervised,
             p.order_id IS NOT NULL AS published
      FROM ${from} WHERE ${where}
      ORDER BY ${SORT_SQL[sort]} ${dir} NULLS LAST, o.order_id ${dir}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(tx);
    const { rows: n } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${from} WHERE ${where}`.execute(tx);
    const filters = Object.fromEntries(
      Object.entries({ q: text || undefined, district: q.district, street: q.street, category: q.category, category_source: q.category_source, unit: q.unit, status: q.status, from: q.from, to: q.to, supervised: q.supervised, published: q.published }).filter(
        ([, v]) => v !== undefined && v !== '',
      ),
    );
    await recordAudit(tx, actor, {
      action: 'hotline.order.list',
      objectType: 'hotline_order',
      detail: { filters, sort, order: q.order ?? 'desc', page, pageSize, returned: rows.length, order_ids: rows.map((r) => r.order_id) },
    });
    return { items: rows, total: Number(n[0].n), page, pageSize };
  });
}

/** Values for the list's filter fields (from the daily aggregate; the fields also take free text). */
export async function orderFacets(db: Queryable) {
  const distinct = async (col: 'district' | 'street' | 'category' | 'handler_unit') =>
    (await sql<{ v: string }>`SELECT DISTINCT ${sql.ref(col)} AS v FROM hotline_daily WHERE ${sql.ref(col)} <> '' ORDER BY 1 LIMIT 500`.execute(db)).rows.map((r) => r.v);
  const [districts, streets, categories, units] = [await distinct('district'), await distinct('street'), await distinct('category'), await distinct('handler_unit')];
  return { districts, streets, categories, units, statuses: [...ORDER_STATUSES] };
}

/** Refuse (404, as if absent) an order outside the user's data scope. */
export async function assertOrderVisible(db: Queryable, access: AccessContext, orderId: string): Promise<void> {
  const scope = await orderScopeOf(db, access);
  if (scope.all) return;
  const { rows } = await sql<{ ok: boolean }>`
    SELECT ${orderScopeSql(scope)} AS ok FROM ds_hotline o LEFT JOIN import_batches b ON b.id = o._batch_id WHERE o.order_id = ${orderId}`.execute(db);
  if (!rows[0]?.ok) throw new AppError('not_found', `工单不存在：${orderId}`, `No such work order: ${orderId}`, 404);
}
