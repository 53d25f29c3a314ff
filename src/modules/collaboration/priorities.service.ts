/**
 * 监督重点清单: per department and year, supervision priorities (监督重点) and results-use items
 * (成果运用事项), linked to the clues and problems (ledger items) they produce. Also the generic
 * links of this area (priority items, campaigns and their tasks, 问政 issues → clue / ledger item /
 * decision), checked through the owning area's service.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import { getDecision } from '../accountability/accountability.service.ts';
import { loadVisibleClue } from '../clues/clue-access.ts';
import { getLedgerItem } from '../rectification/rectification.service.ts';
import { mayEditLed } from './collaboration.policy.ts';
import { assertOrgsExist, requireText, stale } from './common.ts';
import type { LinkObject, LinkOwner } from './schema.ts';

export const PRIORITY_LIST = 'collab_priority_list';
export const LINK = 'collab_link';

export interface PriorityListInput {
  year: number;
  orgId: number;
  title?: string;
  /** The body that compiles the lists (e.g. the commission); its editors may edit. Default: the user's org. */
  priorities: { content: string; domain?: string | null }[];
  resultUses: { content: string; domain?: string | null }[];
  publish?: boolean;
}

/** Compile (or replace the draft of) a department's list for a year. */
export async function savePriorityList(db: Queryable, actor: Actor, access: AccessContext | null, input: PriorityListInput & { leadOrgId?: number }) {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('年度不正确', 'Bad year');
  if (!input.priorities.length) throw badInput('监督重点清单至少须有一项监督重点', 'At least one supervision priority is required');
  if (access && !access.permissions.has('collab:edit')) throw forbidden();
  await assertOrgsExist(db, [input.orgId]);
  return inTx(db, async (tx) => {
    const org = await tx.selectFrom('orgs').select('name').where('id', '=', input.orgId).executeTakeFirstOrThrow();
    const title = input.title?.trim() || `${org.name}${input.year}年度监督重点清单`;
    const existing = await tx.selectFrom('collab_priority_lists').selectAll().where('year', '=', input.year).where('org_id', '=', input.orgId).executeTakeFirst();
    if (existing?.status === 'published') {
      throw new AppError('bad_state', '该清单已发布，不能整体替换（可逐项标记完成或关联线索）', 'The list is published and cannot be replaced', 409);
    }
    let id: number;
    if (existing) {
      id = existing.id;
      await tx.deleteFrom('collab_priority_items').where('list_id', '=', id).execute();
      await tx.updateTable('collab_priority_lists').set({ title, version: existing.version + 1 }).where('id', '=', id).execute();
    } else {
      id = (await tx.insertInto('collab_priority_lists').values({ year: input.year, org_id: input.orgId, title, status: 'draft', created_by: actor.userId }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const rows = [
      ...input.priorities.map((p, i) => ({ list_id: id, kind: 'priority' as const, seq: i + 1, content: requireText(p.content, '监督重点内容', 'Priority'), domain: p.domain ?? null, status: 'active' as const, note: null })),
      ...input.resultUses.map((p, i) => ({ list_id: id, kind: 'result_use' as const, seq: i + 1, content: requireText(p.content, '成果运用事项内容', 'Results-use item'), domain: p.domain ?? null, status: 'active' as const, note: null })),
    ];
    await tx.insertInto('collab_priority_items').values(rows).execute();
    if (input.publish) await tx.updateTable('collab_priority_lists').set({ status: 'published' }).where('id', '=', id).execute();
    await recordAudit(tx, actor, {
      action: existing ? 'collab.priority_list.replace' : 'collab.priority_list.create',
      objectType: PRIORITY_LIST,
      objectId: id,
      detail: { year: input.year, org_id: input.orgId, priorities: input.priorities.length, result_uses: input.resultUses.length, published: !!input.publish },
    });
    return { id };
  });
}

export async function publishPriorityList(db: Queryable, actor: Actor, access: AccessContext, id: number, version: number) {
  if (!access.permissions.has('collab:edit')) throw forbidden();
  return inTx(db, async (tx) => {
    const l = await tx.selectFrom('collab_priority_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw notFound('监督重点清单', 'Priority list');
    if (l.version !== version) throw stale();
    if (l.status === 'published') throw new AppError('bad_state', '该清单已发布', 'Already published', 409);
    await tx.updateTable('collab_priority_lists').set({ status: 'published', version: l.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'collab.priority_list.publish', objectType: PRIORITY_LIST, objectId: id });
    return { version: l.version + 1 };
  });
}

/** Mark one item done (or active again). */
export async function setPriorityItemStatus(db: Queryable, actor: Actor, access: AccessContext, itemId: number, input: { status: 'active' | 'done'; note?: string | null }) {
  if (!access.permissions.has('collab:edit')) throw forbidden();
  return inTx(db, async (tx) => {
    const it = await tx.selectFrom('collab_priority_items').selectAll().where('id', '=', itemId).executeTakeFirst();
    if (!it) throw notFound('清单事项', 'Priority item');
    await tx.updateTable('collab_priority_items').set({ status: input.status, note: input.note ?? it.note }).where('id', '=', itemId).execute();
    await recordAudit(tx, actor, { action: 'collab.priority_item.status', objectType: 'collab_priority_item', objectId: itemId, detail: { from: it.status, to: input.status } });
    return { ok: true };
  });
}

const linkCount = (owner: LinkOwner, idCol: string, object: LinkObject) =>
  sql<number>`(SELECT count(*) FROM collab_links l WHERE l.owner_type = ${owner} AND l.owner_id = ${sql.ref(idCol)} AND l.object_type = ${object})::int`;

/** Lists of a year (or all), with counts; the summary gives “N个职能部门M项监督重点，K项成果运用事项”. */
export async function listPriorityLists(db: Queryable, q: { year?: number; org_id?: number } = {}) {
  let base = db.selectFrom('collab_priority_lists').innerJoin('orgs', 'orgs.id', 'collab_priority_lists.org_id');
  if (q.year) base = base.where('collab_priority_lists.year', '=', q.year);
  if (q.org_id) base = base.where('collab_priority_lists.org_id', '=', q.org_id);
  const rows = await base
    .selectAll('collab_priority_lists')
    .select('orgs.name as org_name')
    .select(sql<number>`(SELECT count(*) FROM collab_priority_items i WHERE i.list_id = collab_priority_lists.id AND i.kind = 'priority')::int`.as('priorities'))
    .select(sql<number>`(SELECT count(*) FROM collab_priority_items i WHERE i.list_id = collab_priority_lists.id AND i.kind = 'result_use')::int`.as('result_uses'))
    .select(sql<number>`(SELECT count(*) FROM collab_priority_items i WHERE i.list_id = collab_priority_lists.id AND i.status = 'done')::int`.as('done'))
    .select(
      sql<number>`(SELECT count(*) FROM collab_links l JOIN collab_priority_items i ON i.id = l.owner_id WHERE l.owner_type = 'priority_item' AND i.list_id = collab_priority_lists.id AND l.object_type = 'clue')::int`.as('clues'),
    )
    .select(
      sql<number>`(SELECT count(*) FROM collab_links l JOIN collab_priority_items i ON i.id = l.owner_id WHERE l.owner_type = 'priority_item' AND i.list_id = collab_priority_lists.id AND l.object_type = 'rect_item')::int`.as('problems'),
    )
    .orderBy('collab_priority_lists.year', 'desc')
    .orderBy('collab_priority_lists.org_id')
    .execute();
  const sum = (k: 'priorities' | 'result_uses' | 'clues' | 'problems') => rows.reduce((s, r) => s + Number(r[k]), 0);
  const departments = new Set(rows.map((r) => r.org_id)).size;
  const summary = { departments, priorities: sum('priorities'), result_uses: sum('result_uses'), clues: sum('clues'), problems: sum('problems') };
  return {
    items: rows,
    summary: { ...summary, text: `${departments}个职能部门${summary.priorities}项监督重点，${summary.result_uses}项成果运用事项` },
  };
}

export async function getPriorityList(db: Queryable, id: number) {
  const l = await db
    .selectFrom('collab_priority_lists')
    .innerJoin('orgs', 'orgs.id', 'collab_priority_lists.org_id')
    .selectAll('collab_priority_lists')
    .select('orgs.name as org_name')
    .where('collab_priority_lists.id', '=', id)
    .executeTakeFirst();
  if (!l) throw notFound('监督重点清单', 'Priority list');
  const items = await db
    .selectFrom('collab_priority_items')
    .selectAll()
    .select(linkCount('priority_item', 'collab_priority_items.id', 'clue').as('clues'))
    .select(linkCount('priority_item', 'collab_priority_items.id', 'rect_item').as('problems'))
    .where('list_id', '=', id)
    .orderBy('kind')
    .orderBy('seq')
    .execute();
  const links = await linksOf(db, 'priority_item', items.map((i) => i.id));
  return { ...l, items: items.map((i) => ({ ...i, links: links.filter((x) => x.owner_id === i.id) })) };
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

async function ownerLeadOrg(tx: Queryable, owner: LinkOwner, ownerId: number): Promise<number | null> {
  switch (owner) {
    case 'priority_item': {
      const r = await tx
        .selectFrom('collab_priority_items')
        .innerJoin('collab_priority_lists', 'collab_priority_lists.id', 'collab_priority_items.list_id')
        .select('collab_priority_lists.created_by')
        .where('collab_priority_items.id', '=', ownerId)
        .executeTakeFirst();
      if (!r) throw notFound('清单事项', 'Priority item');
      return null;
    }
    case 'campaign': {
      const r = await tx.selectFrom('collab_campaigns').select('lead_org_id').where('id', '=', ownerId).executeTakeFirst();
      if (!r) throw notFound('专项监督', 'Campaign');
      return r.lead_org_id;
    }
    case 'campaign_task': {
      const r = await tx
        .selectFrom('collab_campaign_tasks')
        .innerJoin('collab_campaigns', 'collab_campaigns.id', 'collab_campaign_tasks.campaign_id')
        .select('collab_campaigns.lead_org_id')
        .where('collab_campaign_tasks.id', '=', ownerId)
        .executeTakeFirst();
      if (!r) throw notFound('专项任务', 'Campaign task');
      return r.lead_org_id;
    }
    case 'wz_issue': {
      const r = await tx
        .selectFrom('collab_wz_issues')
        .innerJoin('collab_wz_events', 'collab_wz_events.id', 'collab_wz_issues.event_id')
        .select('collab_wz_events.host_org_id')
        .where('collab_wz_issues.id', '=', ownerId)
        .executeTakeFirst();
      if (!r) throw notFound('问政问题', 'Issue');
      return r.host_org_id;
    }
  }
}

/**
 * Link a record of this area to a clue, a ledger item or a decision. The object must be visible to
 * the user in its own area (need-to-know for clues; data scope for ledger items and decisions).
 */
export async function addLink(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  input: { ownerType: LinkOwner; ownerId: number; objectType: LinkObject; objectId: number; note?: string | null },
) {
  if (!access.permissions.has('collab:edit')) throw forbidden();
  return inTx(db, async (tx) => {
    const lead = await ownerLeadOrg(tx, input.ownerType, input.ownerId);
    if (lead !== null && !mayEditLed(access, lead)) throw forbidden('只有牵头单位的协作管理人员可以关联', 'Only an editor of the lead body may link records');
    if (input.objectType === 'clue') await loadVisibleClue(tx, access, input.objectId);
    else if (input.objectType === 'rect_item') await getLedgerItem(tx, actor, access, input.objectId);
    else if (input.objectType === 'account_decision') await getDecision(tx, actor, access, input.objectId);
    else throw badInput(`不能关联此类对象：${input.objectType}`, `Cannot link ${input.objectType}`);
    const row = await tx
      .insertInto('collab_links')
      .values({ owner_type: input.ownerType, owner_id: input.ownerId, object_type: input.objectType, object_id: input.objectId, note: input.note ?? null, created_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await recordAudit(tx, actor, {
        action: 'collab.link.add',
        objectType: LINK,
        objectId: row.id,
        detail: { owner_type: input.ownerType, owner_id: input.ownerId, object_type: input.objectType, object_id: input.objectId },
      });
    }
    return { id: row?.id ?? null, created: !!row };
  });
}

/** Record a link made by this area's own use case (the object was created in the same transaction). */
export async function linkCreated(tx: Queryable, actor: Actor, ownerType: LinkOwner, ownerId: number, objectType: LinkObject, objectId: number, note?: string) {
  const row = await tx
    .insertInto('collab_links')
    .values({ owner_type: ownerType, owner_id: ownerId, object_type: objectType, object_id: objectId, note: note ?? null, created_by: actor.userId })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) await recordAudit(tx, actor, { action: 'collab.link.add', objectType: LINK, objectId: row.id, detail: { owner_type: ownerType, owner_id: ownerId, object_type: objectType, object_id: objectId } });
}

export async function linksOf(db: Queryable, ownerType: LinkOwner, ownerIds: number[]) {
  if (!ownerIds.length) return [];
  return db
    .selectFrom('collab_links')
    .select(['id', 'owner_id', 'object_type', 'object_id', 'note', 'created_at'])
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', ownerIds)
    .orderBy('id')
    .execute();
}
