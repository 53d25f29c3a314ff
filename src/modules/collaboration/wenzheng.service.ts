/**
 * 问政 (media / public questioning) events and the “问政＋问责＋督改” closed loop: each issue
 * exposed on air gets a follow-up clue (clues service), a rectification item (rectification
 * service), accountability decisions (accountability service), and may be published as a typical
 * case (典型问题通报).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import { type NewDecision, createDecision } from '../accountability/accountability.service.ts';
import { type NewPerson, createClueFromSource } from '../clues/clues.service.ts';
import { createLedgerItem } from '../rectification/rectification.service.ts';
import { type LedgerStatus, ledgerStatusByIds } from './adapters.ts';
import { mayEditLed } from './collaboration.policy.ts';
import { type RectificationPlan, assertOrgsExist, ledgerPlanFields, requireText, stale } from './common.ts';
import { linkCreated, linksOf } from './priorities.service.ts';

export const WZ_EVENT = 'collab_wz_event';
export const WZ_ISSUE = 'collab_wz_issue';

export interface WzEventInput {
  title: string;
  heldOn: DateString;
  media: string;
  hostOrgId?: number;
  description?: string | null;
  issues: { title: string; description: string; responsibleOrgId: number }[];
}

export async function createWzEvent(db: Queryable, actor: Actor, access: AccessContext | null, input: WzEventInput): Promise<{ id: number; issue_ids: number[] }> {
  const hostOrgId = input.hostOrgId ?? access?.orgId;
  if (!hostOrgId) throw badInput('须指定主办单位', 'The host body is required');
  if (access && !mayEditLed(access, hostOrgId)) throw forbidden('只有主办单位的协作管理人员可以登记问政活动', 'Only an editor of the host body may register the event');
  requireText(input.title, '问政活动名称', 'Title');
  requireText(input.media, '播出/发布媒体', 'Media');
  toDayNumber(input.heldOn);
  await assertOrgsExist(db, [hostOrgId, ...input.issues.map((i) => i.responsibleOrgId)]);
  return inTx(db, async (tx) => {
    const dup = await tx.selectFrom('collab_wz_events').select('id').where('title', '=', input.title.trim()).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `问政活动“${input.title}”已存在`, 'The event already exists', 409);
    const ev = await tx
      .insertInto('collab_wz_events')
      .values({ title: input.title.trim(), held_on: input.heldOn, media: input.media.trim(), host_org_id: hostOrgId, description: input.description ?? null, status: 'open', created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const [i, is] of input.issues.entries()) {
      const row = await tx
        .insertInto('collab_wz_issues')
        .values({
          event_id: ev.id,
          seq: i + 1,
          title: requireText(is.title, '问题标题', 'Issue title'),
          description: requireText(is.description, '问题描述', 'Issue description'),
          responsible_org_id: is.responsibleOrgId,
          clue_id: null,
          rect_item_id: null,
          published_on: null,
          publication: null,
          created_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    await recordAudit(tx, actor, { action: 'collab.wz_event.create', objectType: WZ_EVENT, objectId: ev.id, detail: { title: input.title, held_on: input.heldOn, issues: ids.length } });
    return { id: ev.id, issue_ids: ids };
  });
}

async function loadIssue(tx: Queryable, access: AccessContext | null, issueId: number, lock = false) {
  let q = tx
    .selectFrom('collab_wz_issues')
    .innerJoin('collab_wz_events', 'collab_wz_events.id', 'collab_wz_issues.event_id')
    .selectAll('collab_wz_issues')
    .select(['collab_wz_events.host_org_id', 'collab_wz_events.title as event_title', 'collab_wz_events.held_on'])
    .where('collab_wz_issues.id', '=', issueId);
  if (lock) q = q.forUpdate();
  const is = await q.executeTakeFirst();
  if (!is) throw notFound('问政问题', 'Issue');
  if (access && !mayEditLed(access, is.host_org_id)) throw forbidden('只有问政主办单位的协作管理人员可以跟进', 'Only an editor of the host body may follow it up');
  return is;
}

const ref = (is: { event_id: number; seq: number }) => `wenzheng:${is.event_id}#${is.seq}`;

/** 问责 track: register the follow-up clue (source: 舆论监督). */
export async function addWzClue(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext,
  issueId: number,
  input: { summary?: string; persons: NewPerson[]; domainTags?: string[] },
) {
  return inTx(db, async (tx) => {
    const is = await loadIssue(tx, access, issueId, true);
    if (is.clue_id) throw new AppError('duplicate', '该问题已登记问题线索', 'A clue is already registered for this issue', 409);
    const clue = await createClueFromSource(tx, cipher, actor, access, {
      sourceType: 'media',
      sourceRef: ref(is),
      title: `${is.event_title}：${is.title}`,
      summary: input.summary?.trim() || is.description,
      domainTags: input.domainTags,
      persons: input.persons,
    });
    await tx.updateTable('collab_wz_issues').set({ clue_id: clue.id, version: sql<number>`version + 1` }).where('id', '=', issueId).execute();
    await recordAudit(tx, actor, { action: 'collab.wz_issue.clue', objectType: WZ_ISSUE, objectId: issueId, detail: { clue_id: clue.id, clue_code: clue.code } });
    await linkCreated(tx, actor, 'wz_issue', issueId, 'clue', clue.id);
    return clue;
  });
}

/** 督改 track: the issue goes on the rectification ledger, supervised by the user's body. */
export async function addWzRectification(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  issueId: number,
  input: RectificationPlan,
) {
  return inTx(db, async (tx) => {
    const is = await loadIssue(tx, access, issueId, true);
    if (is.rect_item_id) throw new AppError('duplicate', '该问题已列入整改台账', 'The issue is already on the ledger', 409);
    const item = await createLedgerItem(tx, actor, access, {
      sourceType: 'other',
      sourceRef: ref(is),
      title: is.title,
      description: `${is.event_title}（${is.held_on}）曝光：${is.description}`,
      responsibleOrgId: is.responsible_org_id,
      ...ledgerPlanFields(input, access, is.host_org_id),
    });
    await tx.updateTable('collab_wz_issues').set({ rect_item_id: item.id, version: sql<number>`version + 1` }).where('id', '=', issueId).execute();
    await recordAudit(tx, actor, { action: 'collab.wz_issue.rectification', objectType: WZ_ISSUE, objectId: issueId, detail: { rect_item_id: item.id, code: item.code } });
    await linkCreated(tx, actor, 'wz_issue', issueId, 'rect_item', item.id);
    return item;
  });
}

/** 问责 outcome: registered in the accountability area (linked to the issue's clue). */
export async function addWzAccountability(db: Queryable, actor: Actor, access: AccessContext, issueId: number, input: Omit<NewDecision, 'clueId' | 'proposalId'>) {
  return inTx(db, async (tx) => {
    const is = await loadIssue(tx, access, issueId);
    const d = await createDecision(tx, actor, access, { ...input, targetOrgId: input.targetOrgId ?? is.responsible_org_id, clueId: is.clue_id });
    await recordAudit(tx, actor, { action: 'collab.wz_issue.accountability', objectType: WZ_ISSUE, objectId: issueId, detail: { decision_id: d.id } });
    await linkCreated(tx, actor, 'wz_issue', issueId, 'account_decision', d.id);
    return d;
  });
}

/** 典型问题通报: publish the issue as a typical case. */
export async function publishWzCase(db: Queryable, actor: Actor, access: AccessContext | null, issueId: number, input: { version: number; publication: string; publishedOn?: DateString }) {
  const text = requireText(input.publication, '通报内容', 'Publication');
  const on = input.publishedOn ?? todayInShanghai();
  if (toDayNumber(on) > toDayNumber(todayInShanghai())) throw badInput('通报日期不能晚于今天', 'The publication date cannot be in the future');
  return inTx(db, async (tx) => {
    const is = await loadIssue(tx, access, issueId, true);
    if (is.version !== input.version) throw stale();
    await tx.updateTable('collab_wz_issues').set({ publication: text, published_on: on, version: is.version + 1 }).where('id', '=', issueId).execute();
    await recordAudit(tx, actor, { action: 'collab.wz_issue.publish', objectType: WZ_ISSUE, objectId: issueId, detail: { published_on: on } });
    return { version: is.version + 1 };
  });
}

export type LoopStage = 'exposed' | 'following' | 'rectified' | 'closed';

export const LOOP_STAGE_LABELS: Record<LoopStage, string> = { exposed: '已曝光待跟进', following: '问责督改中', rectified: '已整改待问责', closed: '已闭环' };

/** The issue's place in the “问政＋问责＋督改” loop: closed once rectified (销号) and accountability recorded. Pure. */
export function loopStage(is: { clue_id: number | null; rect_item_id: number | null }, rect: Pick<LedgerStatus, 'status'> | undefined, decisions: number): LoopStage {
  if (!is.clue_id && !is.rect_item_id && decisions === 0) return 'exposed';
  const rectified = rect?.status === 'rectified';
  if (rectified && decisions > 0) return 'closed';
  if (rectified) return 'rectified';
  return 'following';
}

export async function listWzEvents(db: Queryable) {
  const rows = await db
    .selectFrom('collab_wz_events')
    .innerJoin('orgs', 'orgs.id', 'collab_wz_events.host_org_id')
    .selectAll('collab_wz_events')
    .select('orgs.name as host_org_name')
    .select(sql<number>`(SELECT count(*) FROM collab_wz_issues i WHERE i.event_id = collab_wz_events.id)::int`.as('issues'))
    .select(sql<number>`(SELECT count(*) FROM collab_wz_issues i WHERE i.event_id = collab_wz_events.id AND i.published_on IS NOT NULL)::int`.as('published'))
    .orderBy('collab_wz_events.held_on', 'desc')
    .execute();
  return { items: rows };
}

/** The event, its issues with their loop stage, and the event's numbers. */
export async function getWzEvent(db: Queryable, access: AccessContext, id: number) {
  const ev = await db
    .selectFrom('collab_wz_events')
    .innerJoin('orgs', 'orgs.id', 'collab_wz_events.host_org_id')
    .selectAll('collab_wz_events')
    .select('orgs.name as host_org_name')
    .where('collab_wz_events.id', '=', id)
    .executeTakeFirst();
  if (!ev) throw notFound('问政活动', 'Event');
  const issues = await db
    .selectFrom('collab_wz_issues')
    .innerJoin('orgs', 'orgs.id', 'collab_wz_issues.responsible_org_id')
    .selectAll('collab_wz_issues')
    .select('orgs.name as responsible_org_name')
    .where('event_id', '=', id)
    .orderBy('seq')
    .execute();
  const links = await linksOf(db, 'wz_issue', issues.map((i) => i.id));
  const rect = await ledgerStatusByIds(
    db,
    access,
    issues.filter((i) => i.rect_item_id).map((i) => ({ id: i.rect_item_id!, responsibleOrgId: i.responsible_org_id })),
  );
  const out = issues.map((i) => {
    const decisions = links.filter((l) => l.owner_id === i.id && l.object_type === 'account_decision').length;
    const r = i.rect_item_id ? rect.get(i.rect_item_id) : undefined;
    const stage = loopStage(i, r, decisions);
    return { ...i, rectification: r ?? null, decisions, stage, stage_label: LOOP_STAGE_LABELS[stage], published: !!i.published_on };
  });
  const count = (f: (x: (typeof out)[number]) => boolean) => out.filter(f).length;
  return {
    ...ev,
    issues: out,
    dashboard: {
      issues: out.length,
      clues: count((x) => !!x.clue_id),
      on_ledger: count((x) => !!x.rect_item_id),
      rectified: count((x) => x.rectification?.status === 'rectified'),
      decisions: out.reduce((s, x) => s + x.decisions, 0),
      published: count((x) => x.published),
      closed: count((x) => x.stage === 'closed'),
    },
  };
}
