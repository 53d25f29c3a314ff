/**
 * 分类处置清单 (responsibility routing): category and/or keyword → the responsible unit.
 * Maintained jointly by the 12345 office and the commission ('hotline:routing'); used to settle
 * 踢皮球 disputes (who should have handled it) and to name the unit that failed when a screened
 * order is transferred and becomes a clue.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.ts';

export interface RoutingRule {
  id: number;
  category: string | null;
  keyword: string | null;
  unit: string;
  priority: number;
}

/**
 * Pure: the responsible unit of an order. A rule with both category and keyword needs both; rules
 * with a keyword beat category-only rules; then lower `priority`, then lower id.
 */
export function resolveUnit(rules: readonly RoutingRule[], order: { category: string | null; content: string | null }): RoutingRule | null {
  const text = order.content ?? '';
  const matches = rules.filter((r) => (!r.category || r.category === order.category) && (!r.keyword || text.includes(r.keyword)));
  matches.sort((a, b) => Number(!!b.keyword) - Number(!!a.keyword) || a.priority - b.priority || a.id - b.id);
  return matches[0] ?? null;
}

export async function listRouting(db: Queryable) {
  return db.selectFrom('hotline_routing').selectAll().orderBy('priority').orderBy('id').execute();
}

const assertMay = (access: AccessContext) => {
  if (!access.permissions.has('hotline:routing')) throw forbidden('无权维护分类处置清单', 'You may not edit the routing list');
};

export interface RoutingInput {
  category?: string | null;
  keyword?: string | null;
  unit: string;
  note?: string | null;
  priority?: number;
}

function clean(input: RoutingInput) {
  const category = input.category?.trim() || null;
  const keyword = input.keyword?.trim() || null;
  const unit = input.unit.trim();
  if (!category && !keyword) throw badInput('须填写诉求类别或关键词', 'A category or a keyword is required');
  if (!unit) throw badInput('须填写责任单位', 'A responsible unit is required');
  return { category, keyword, unit, note: input.note ?? null, priority: input.priority ?? 100 };
}

export async function createRouting(db: Queryable, actor: Actor, access: AccessContext, input: RoutingInput) {
  assertMay(access);
  const v = clean(input);
  return inTx(db, async (tx) => {
    const row = await tx.insertInto('hotline_routing').values({ ...v, updated_by: access.userId }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'hotline.routing.create', objectType: 'hotline_routing', objectId: row.id, detail: v });
    return row;
  });
}

export async function updateRouting(db: Queryable, actor: Actor, access: AccessContext, id: number, input: RoutingInput & { version: number }) {
  assertMay(access);
  const v = clean(input);
  return inTx(db, async (tx) => {
    const old = await tx.selectFrom('hotline_routing').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) throw notFound('处置清单条目', 'Routing rule');
    const row = await tx
      .updateTable('hotline_routing')
      .set({ ...v, updated_by: access.userId, updated_at: new Date(), version: old.version + 1 })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict('该条目已被他人修改，请刷新后重试', 'The rule was changed meanwhile; reload and retry');
    await recordAudit(tx, actor, { action: 'hotline.routing.update', objectType: 'hotline_routing', objectId: id, detail: { before: { category: old.category, keyword: old.keyword, unit: old.unit }, after: v } });
    return row;
  });
}

export async function deleteRouting(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  assertMay(access);
  return inTx(db, async (tx) => {
    const old = await tx.deleteFrom('hotline_routing').where('id', '=', id).returningAll().executeTakeFirst();
    if (!old) throw notFound('处置清单条目', 'Routing rule');
    await recordAudit(tx, actor, { action: 'hotline.routing.delete', objectType: 'hotline_routing', objectId: id, detail: { category: old.category, keyword: old.keyword, unit: old.unit } });
    return { id, deleted: true };
  });
}

/** Who should handle an order per the list — the answer to a 踢皮球 dispute. */
export async function settleDispute(db: Queryable, order: { category: string | null; content: string | null }) {
  const rule = resolveUnit(await listRouting(db), order);
  return rule ? { unit: rule.unit, rule_id: rule.id, by: rule.keyword ? 'keyword' : 'category' } : null;
}
