/**
 * 专项监督 / 专项整治 (e.g. 护航优化营商环境, 黄河流域生态保护): areas (领域) and key tasks (重点任务),
 * the problems found (on the rectification ledger under the campaign), linked clues, and the
 * campaign's own dashboard numbers.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import { clearanceView, createCampaign as createLedgerCampaign, createLedgerItem, listCampaigns as listLedgerCampaigns } from '../rectification/rectification.service.ts';
import { mayEditLed, mayReportCampaignTask } from './collaboration.policy.ts';
import { type RectificationPlan, assertOrgsExist, ledgerPlanFields, requireText, stale } from './common.ts';
import { linkCreated, linksOf } from './priorities.service.ts';

export const CAMPAIGN = 'collab_campaign';
export const CAMPAIGN_KIND_LABELS = { supervision: '专项监督', rectification: '专项整治' } as const;

export interface CampaignInput {
  name: string;
  kind: 'supervision' | 'rectification';
  leadOrgId?: number;
  startsOn: DateString;
  endsOn?: DateString | null;
  description?: string | null;
  domain?: string | null;
  areas: { name: string; tasks: { content: string; ownerOrgId?: number | null; deadline?: DateString | null }[] }[];
}

/** Open a campaign with its areas and key tasks; its ledger campaign is opened in the same transaction. */
export async function createCampaign(db: Queryable, actor: Actor, access: AccessContext | null, input: CampaignInput): Promise<{ id: number; rect_campaign_id: number }> {
  const leadOrgId = input.leadOrgId ?? access?.orgId;
  if (!leadOrgId) throw badInput('须指定牵头单位', 'The lead body is required');
  if (access && !mayEditLed(access, leadOrgId)) throw forbidden('只有牵头单位的协作管理人员可以部署专项监督', 'Only an editor of the lead body may open a campaign');
  requireText(input.name, '专项名称', 'Name');
  toDayNumber(input.startsOn);
  if (input.endsOn && toDayNumber(input.endsOn) < toDayNumber(input.startsOn)) throw badInput('结束日期早于开始日期', 'The end date is before the start date');
  if (!input.areas.length) throw badInput('请至少列出一个重点领域', 'At least one area is required');
  await assertOrgsExist(db, [leadOrgId, ...input.areas.flatMap((a) => a.tasks.map((t) => t.ownerOrgId))]);
  return inTx(db, async (tx) => {
    const dup = await tx.selectFrom('collab_campaigns').select('id').where('name', '=', input.name.trim()).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `专项“${input.name}”已存在`, `Campaign "${input.name}" already exists`, 409);
    // The ledger side: reuse the rectification campaign of the same name, or open one.
    const existing = (await listLedgerCampaigns(tx)).find((c) => c.name === input.name.trim());
    const rectCampaignId =
      existing?.id ??
      (await createLedgerCampaign(tx, actor, access, {
        name: input.name.trim(),
        domain: input.domain ?? null,
        leadOrgId,
        startedOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        description: input.description ?? null,
      }));
    const row = await tx
      .insertInto('collab_campaigns')
      .values({
        name: input.name.trim(),
        kind: input.kind,
        lead_org_id: leadOrgId,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        description: input.description ?? null,
        rect_campaign_id: rectCampaignId,
        status: 'active',
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let tasks = 0;
    for (const [i, a] of input.areas.entries()) {
      const area = await tx
        .insertInto('collab_campaign_areas')
        .values({ campaign_id: row.id, seq: i + 1, name: requireText(a.name, '领域名称', 'Area name') })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (a.tasks.length) {
        await tx
          .insertInto('collab_campaign_tasks')
          .values(
            a.tasks.map((t, j) => ({
              campaign_id: row.id,
              area_id: area.id,
              seq: j + 1,
              content: requireText(t.content, '任务内容', 'Task'),
              owner_org_id: t.ownerOrgId ?? null,
              deadline: t.deadline ?? null,
              status: 'open' as const,
              progress_note: null,
              done_on: null,
            })),
          )
          .execute();
        tasks += a.tasks.length;
      }
    }
    await recordAudit(tx, actor, {
      action: 'collab.campaign.create',
      objectType: CAMPAIGN,
      objectId: row.id,
      detail: { name: input.name, kind: input.kind, lead_org_id: leadOrgId, areas: input.areas.length, tasks, rect_campaign_id: rectCampaignId },
    });
    return { id: row.id, rect_campaign_id: rectCampaignId };
  });
}

async function loadCampaign(tx: Queryable, id: number) {
  const c = await tx.selectFrom('collab_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('专项监督', 'Campaign');
  return c;
}

/** Progress on a key task (its owner body or the lead body). */
export async function reportCampaignTask(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  taskId: number,
  input: { version: number; progressNote: string; done?: boolean; on?: DateString },
) {
  const note = requireText(input.progressNote, '进展情况', 'Progress');
  return inTx(db, async (tx) => {
    const t = await tx
      .selectFrom('collab_campaign_tasks')
      .innerJoin('collab_campaigns', 'collab_campaigns.id', 'collab_campaign_tasks.campaign_id')
      .selectAll('collab_campaign_tasks')
      .select(['collab_campaigns.lead_org_id', 'collab_campaigns.status as campaign_status'])
      .where('collab_campaign_tasks.id', '=', taskId)
      .executeTakeFirst();
    if (!t) throw notFound('专项任务', 'Campaign task');
    if (!mayReportCampaignTask(access, t)) throw forbidden('只有任务责任单位或牵头单位可以填报进展', 'Only the owner or the lead body may report progress');
    if (t.version !== input.version) throw stale();
    if (t.campaign_status === 'closed') throw new AppError('bad_state', '专项已结束', 'The campaign is closed', 409);
    const done = !!input.done;
    await tx
      .updateTable('collab_campaign_tasks')
      .set({ progress_note: note, status: done ? 'done' : 'open', done_on: done ? (input.on ?? todayInShanghai()) : null, version: t.version + 1 })
      .where('id', '=', taskId)
      .where('version', '=', t.version)
      .execute();
    await recordAudit(tx, actor, { action: 'collab.campaign_task.report', objectType: 'collab_campaign_task', objectId: taskId, detail: { done, from: t.status } });
    return { version: t.version + 1, status: done ? 'done' : 'open' };
  });
}

export interface CampaignProblemInput extends RectificationPlan {
  taskId?: number | null;
  title: string;
  description?: string;
  responsibleOrgId: number;
}

/** A problem found in the campaign goes on the rectification ledger under the campaign. */
export async function addCampaignProblem(db: Queryable, actor: Actor, access: AccessContext | null, campaignId: number, input: CampaignProblemInput) {
  return inTx(db, async (tx) => {
    const c = await loadCampaign(tx, campaignId);
    if (access && !mayEditLed(access, c.lead_org_id)) throw forbidden('只有牵头单位的协作管理人员可以登记专项发现的问题', 'Only an editor of the lead body may register problems');
    if (c.status === 'closed') throw new AppError('bad_state', '专项已结束', 'The campaign is closed', 409);
    let task: { id: number; seq: number; area_seq: number } | undefined;
    if (input.taskId) {
      task = await tx
        .selectFrom('collab_campaign_tasks')
        .innerJoin('collab_campaign_areas', 'collab_campaign_areas.id', 'collab_campaign_tasks.area_id')
        .select(['collab_campaign_tasks.id', 'collab_campaign_tasks.seq', 'collab_campaign_areas.seq as area_seq'])
        .where('collab_campaign_tasks.id', '=', input.taskId)
        .where('collab_campaign_tasks.campaign_id', '=', campaignId)
        .executeTakeFirst();
      if (!task) throw notFound('专项任务', 'Campaign task');
    }
    const item = await createLedgerItem(tx, actor, access, {
      sourceType: 'campaign',
      sourceRef: `campaign:${campaignId}${task ? `#${task.area_seq}.${task.seq}` : ''}`,
      campaignId: c.rect_campaign_id,
      title: input.title,
      description: input.description,
      responsibleOrgId: input.responsibleOrgId,
      ...ledgerPlanFields(input, access, c.lead_org_id),
    });
    await linkCreated(tx, actor, task ? 'campaign_task' : 'campaign', task?.id ?? campaignId, 'rect_item', item.id);
    return item;
  });
}

export async function listCampaigns(db: Queryable) {
  const rows = await db
    .selectFrom('collab_campaigns')
    .innerJoin('orgs', 'orgs.id', 'collab_campaigns.lead_org_id')
    .selectAll('collab_campaigns')
    .select('orgs.name as lead_org_name')
    .select(sql<number>`(SELECT count(*) FROM collab_campaign_areas a WHERE a.campaign_id = collab_campaigns.id)::int`.as('areas'))
    .select(sql<number>`(SELECT count(*) FROM collab_campaign_tasks t WHERE t.campaign_id = collab_campaigns.id)::int`.as('tasks'))
    .select(sql<number>`(SELECT count(*) FROM collab_campaign_tasks t WHERE t.campaign_id = collab_campaigns.id AND t.status = 'done')::int`.as('tasks_done'))
    .orderBy('collab_campaigns.id')
    .execute();
  return { items: rows.map((r) => ({ ...r, kind_label: CAMPAIGN_KIND_LABELS[r.kind] })) };
}

/** The campaign with areas, tasks and its dashboard: N areas / M tasks, problems and rectification, clues. */
export async function getCampaign(db: Queryable, access: AccessContext, id: number) {
  const c = await loadCampaign(db, id);
  const [lead, areas, tasks] = await Promise.all([
    db.selectFrom('orgs').select('name').where('id', '=', c.lead_org_id).executeTakeFirstOrThrow(),
    db.selectFrom('collab_campaign_areas').selectAll().where('campaign_id', '=', id).orderBy('seq').execute(),
    db
      .selectFrom('collab_campaign_tasks')
      .leftJoin('orgs', 'orgs.id', 'collab_campaign_tasks.owner_org_id')
      .selectAll('collab_campaign_tasks')
      .select('orgs.name as owner_org_name')
      .where('campaign_id', '=', id)
      .orderBy('area_id')
      .orderBy('seq')
      .execute(),
  ]);
  const [campaignLinks, taskLinks] = await Promise.all([linksOf(db, 'campaign', [id]), linksOf(db, 'campaign_task', tasks.map((t) => t.id))]);
  const ledger = c.rect_campaign_id ? await clearanceView(db, access, { by: 'campaign', campaignId: c.rect_campaign_id }) : null;
  const allLinks = [...campaignLinks, ...taskLinks];
  const today = todayInShanghai();
  const t = ledger?.totals;
  const dashboard = {
    areas: areas.length,
    tasks: tasks.length,
    tasks_done: tasks.filter((x) => x.status === 'done').length,
    tasks_overdue: tasks.filter((x) => x.status === 'open' && x.deadline && x.deadline < today).length,
    problems: t?.total ?? 0,
    problems_rectified: t?.rectified ?? 0,
    problems_overdue: t?.overdue ?? 0,
    rectification_rate: t?.rate ?? null,
    clues: allLinks.filter((l) => l.object_type === 'clue').length,
    text: `${areas.length}个领域${tasks.length}项重点任务，发现问题${t?.total ?? 0}个、已整改${t?.rectified ?? 0}个`,
  };
  return {
    ...c,
    kind_label: CAMPAIGN_KIND_LABELS[c.kind],
    lead_org_name: lead.name,
    areas: areas.map((a) => ({
      ...a,
      tasks: tasks
        .filter((x) => x.area_id === a.id)
        .map((x) => ({ ...x, overdue: x.status === 'open' && !!x.deadline && x.deadline < today, links: taskLinks.filter((l) => l.owner_id === x.id) })),
    })),
    links: campaignLinks,
    dashboard,
  };
}

/** 专项结束. */
export async function closeCampaign(db: Queryable, actor: Actor, access: AccessContext, id: number, version: number) {
  return inTx(db, async (tx) => {
    const c = await loadCampaign(tx, id);
    if (!mayEditLed(access, c.lead_org_id)) throw forbidden();
    if (c.version !== version) throw stale();
    if (c.status === 'closed') throw new AppError('bad_state', '专项已结束', 'Already closed', 409);
    await tx.updateTable('collab_campaigns').set({ status: 'closed', version: c.version + 1 }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'collab.campaign.close', objectType: CAMPAIGN, objectId: id });
    return { version: c.version + 1 };
  });
}
