/**
 * 会商 and 联席会议: agenda, participating bodies, minutes, and decisions (议定事项) that become
 * tracked tasks with an owner body, an owner person and a deadline.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { notify } from '../notifications/notifications.service.ts';
import { mayCompleteTask, mayEditMeeting, maySeeMeeting } from './collaboration.policy.ts';
import { assertOrgsExist, paging, requireText, stale } from './common.ts';
import { TASK_STATE_LABELS, type TaskEvent, nextTaskState } from './workflow.ts';

export const MEETING = 'collab_meeting';
export const TASK = 'collab_task';

export const MEETING_KIND_LABELS = { consultation: '会商', joint_meeting: '联席会议' } as const;

export interface DecisionInput {
  content: string;
  ownerOrgId: number;
  ownerUserId?: number | null;
  deadline: DateString;
}

export interface MeetingInput {
  kind: 'consultation' | 'joint_meeting';
  title: string;
  heldOn: DateString;
  location?: string | null;
  mechanismId?: number | null;
  hostOrgId?: number;
  orgIds: number[];
  agenda: string[];
  minutes?: string | null;
  decisions?: DecisionInput[];
}

const allScope = (a: AccessContext) => ({ ...a, allScope: a.scope.all });

/** SQL: meetings the user may see. */
function visibleMeeting(access: AccessContext): Expression<SqlBool> {
  if (access.scope.all) return sql<SqlBool>`true`;
  return sql<SqlBool>`(collab_meetings.host_org_id = ANY(${sql.val(access.orgPath)}::int[])
    OR EXISTS (SELECT 1 FROM collab_meeting_orgs mo WHERE mo.meeting_id = collab_meetings.id AND mo.org_id = ANY(${sql.val(access.orgPath)}::int[])))`;
}

async function insertDecisions(tx: Queryable, actor: Actor, meetingId: number, from: number, decisions: DecisionInput[], title: string) {
  const ids: number[] = [];
  for (const [i, d] of decisions.entries()) {
    requireText(d.content, '议定事项内容', 'Decision content');
    toDayNumber(d.deadline);
    if (d.ownerUserId) {
      const u = await tx.selectFrom('users').select(['id', 'org_id']).where('id', '=', d.ownerUserId).executeTakeFirst();
      if (!u) throw notFound('责任人', 'Owner');
    }
    const row = await tx
      .insertInto('collab_tasks')
      .values({
        meeting_id: meetingId,
        seq: from + i,
        content: d.content.trim(),
        owner_org_id: d.ownerOrgId,
        owner_user_id: d.ownerUserId ?? null,
        deadline: d.deadline,
        status: 'open',
        result: null,
        done_on: null,
        done_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    await recordAudit(tx, actor, { action: 'collab.task.create', objectType: TASK, objectId: row.id, detail: { meeting_id: meetingId, owner_org_id: d.ownerOrgId, deadline: d.deadline } });
    await notify(tx, {
      to: d.ownerUserId ? [{ userId: d.ownerUserId }, { orgId: d.ownerOrgId }] : { orgId: d.ownerOrgId },
      permission: 'collab:read',
      kind: 'collab.task.assigned',
      title: `“${title}”议定事项交由你单位办理，期限 ${d.deadline}`,
      link: `/collab/meetings/${meetingId}`,
      objectType: TASK,
      objectId: row.id,
    });
  }
  return ids;
}

/** Register a meeting (planned or held) with its agenda, bodies, minutes and decisions. */
export async function createMeeting(db: Queryable, actor: Actor, access: AccessContext | null, input: MeetingInput): Promise<{ id: number; task_ids: number[] }> {
  const hostOrgId = input.hostOrgId ?? access?.orgId;
  if (!hostOrgId) throw badInput('须指定召集单位', 'The host body is required');
  if (access && !mayEditMeeting(access, { host_org_id: hostOrgId })) throw forbidden('只有召集单位的协作管理人员可以登记会商/联席会议', 'Only an editor of the host body may register a meeting');
  requireText(input.title, '会议名称', 'Title');
  toDayNumber(input.heldOn);
  if (!input.agenda.length) throw badInput('请填写会议议题', 'An agenda is required');
  const orgIds = [...new Set(input.orgIds.filter((o) => o !== hostOrgId))];
  if (!orgIds.length) throw badInput('会商/联席会议须有其他参会单位', 'Another participating body is required');
  const decisions = input.decisions ?? [];
  if (decisions.length && !input.minutes?.trim()) throw badInput('形成议定事项须同时记录会议纪要', 'Decisions need the minutes');
  await assertOrgsExist(db, [hostOrgId, ...orgIds, ...decisions.map((d) => d.ownerOrgId)]);
  return inTx(db, async (tx) => {
    if (input.mechanismId) {
      const m = await tx.selectFrom('collab_mechanisms').select('id').where('id', '=', input.mechanismId).executeTakeFirst();
      if (!m) throw notFound('协作配合机制', 'Mechanism');
    }
    const held = !!input.minutes?.trim();
    const row = await tx
      .insertInto('collab_meetings')
      .values({
        mechanism_id: input.mechanismId ?? null,
        kind: input.kind,
        title: input.title.trim(),
        held_on: input.heldOn,
        location: input.location ?? null,
        host_org_id: hostOrgId,
        agenda: input.agenda.map((a) => a.trim()).filter(Boolean),
        minutes: input.minutes?.trim() || null,
        status: held ? 'held' : 'planned',
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('collab_meeting_orgs').values(orgIds.map((org_id) => ({ meeting_id: row.id, org_id }))).execute();
    await recordAudit(tx, actor, {
      action: 'collab.meeting.create',
      objectType: MEETING,
      objectId: row.id,
      detail: { kind: input.kind, title: input.title, held_on: input.heldOn, host_org_id: hostOrgId, org_ids: orgIds, decisions: decisions.length },
    });
    const taskIds = await insertDecisions(tx, actor, row.id, 1, decisions, input.title.trim());
    return { id: row.id, task_ids: taskIds };
  });
}

async function loadMeeting(tx: Queryable, access: AccessContext, id: number) {
  const m = await tx.selectFrom('collab_meetings').selectAll().where('id', '=', id).where(visibleMeeting(access)).executeTakeFirst();
  if (!m) throw notFound('会商/联席会议', 'Meeting');
  return m;
}

/** Record the minutes of a held meeting and add its decisions as tasks. */
export async function recordMinutes(db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; minutes: string; decisions?: DecisionInput[] }) {
  const minutes = requireText(input.minutes, '会议纪要', 'Minutes');
  return inTx(db, async (tx) => {
    const m = await loadMeeting(tx, access, id);
    if (!mayEditMeeting(access, m)) throw forbidden('只有召集单位的协作管理人员可以记录会议纪要', 'Only an editor of the host body may record the minutes');
    if (m.version !== input.version) throw stale();
    await assertOrgsExist(tx, (input.decisions ?? []).map((d) => d.ownerOrgId));
    await tx.updateTable('collab_meetings').set({ minutes, status: 'held', version: m.version + 1 }).where('id', '=', id).where('version', '=', m.version).execute();
    const last = await tx.selectFrom('collab_tasks').select(sql<number>`coalesce(max(seq), 0)`.as('n')).where('meeting_id', '=', id).executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'collab.meeting.minutes', objectType: MEETING, objectId: id, detail: { decisions: input.decisions?.length ?? 0 } });
    const taskIds = await insertDecisions(tx, actor, id, Number(last.n) + 1, input.decisions ?? [], m.title);
    return { version: m.version + 1, task_ids: taskIds };
  });
}

const taskCols = [
  'collab_tasks.id',
  'collab_tasks.meeting_id',
  'collab_tasks.seq',
  'collab_tasks.content',
  'collab_tasks.owner_org_id',
  'collab_tasks.owner_user_id',
  'collab_tasks.deadline',
  'collab_tasks.status',
  'collab_tasks.result',
  'collab_tasks.done_on',
  'collab_tasks.version',
] as const;

function presentTask<T extends { status: 'open' | 'done' | 'cancelled'; deadline: string; done_on: string | null }>(t: T, today: DateString) {
  const overdue = t.status === 'open' ? t.deadline < today : t.status === 'done' && !!t.done_on && t.done_on > t.deadline;
  return { ...t, status_label: TASK_STATE_LABELS[t.status], overdue: t.status === 'open' && overdue, late: t.status === 'done' && overdue };
}

export async function getMeeting(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  const m = await loadMeeting(db, access, id);
  const [orgs, tasks, host, mechanism] = await Promise.all([
    db.selectFrom('collab_meeting_orgs').innerJoin('orgs', 'orgs.id', 'collab_meeting_orgs.org_id').select(['orgs.id', 'orgs.name']).where('meeting_id', '=', id).orderBy('orgs.id').execute(),
    db
      .selectFrom('collab_tasks')
      .innerJoin('orgs', 'orgs.id', 'collab_tasks.owner_org_id')
      .leftJoin('users', 'users.id', 'collab_tasks.owner_user_id')
      .select(taskCols)
      .select(['orgs.name as owner_org_name', 'users.display_name as owner_user_name'])
      .where('meeting_id', '=', id)
      .orderBy('seq')
      .execute(),
    db.selectFrom('orgs').select('name').where('id', '=', m.host_org_id).executeTakeFirstOrThrow(),
    m.mechanism_id ? db.selectFrom('collab_mechanisms').select(['id', 'name']).where('id', '=', m.mechanism_id).executeTakeFirst() : undefined,
  ]);
  if (!maySeeMeeting(allScope(access), { host_org_id: m.host_org_id, orgs: orgs.map((o) => o.id) })) throw notFound('会商/联席会议', 'Meeting');
  await recordAudit(db, actor, { action: 'collab.meeting.read', objectType: MEETING, objectId: id });
  const today = todayInShanghai();
  return {
    ...m,
    kind_label: MEETING_KIND_LABELS[m.kind],
    host_org_name: host.name,
    mechanism: mechanism ?? null,
    orgs,
    tasks: tasks.map((t) => presentTask(t, today)),
    may_edit: mayEditMeeting(access, m),
  };
}

export async function listMeetings(db: Queryable, access: AccessContext, q: PageQuery & { kind?: string; mechanism_id?: number } = {}) {
  const { page, pageSize, offset } = paging(q);
  let base = db.selectFrom('collab_meetings').where(visibleMeeting(access));
  if (q.kind) base = base.where('collab_meetings.kind', '=', q.kind as never);
  if (q.mechanism_id) base = base.where('collab_meetings.mechanism_id', '=', q.mechanism_id);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs', 'orgs.id', 'collab_meetings.host_org_id')
      .select(['collab_meetings.id', 'collab_meetings.kind', 'collab_meetings.title', 'collab_meetings.held_on', 'collab_meetings.status', 'collab_meetings.mechanism_id', 'orgs.name as host_org_name'])
      .select(sql<number>`(SELECT count(*) FROM collab_tasks t WHERE t.meeting_id = collab_meetings.id)::int`.as('tasks'))
      .select(sql<number>`(SELECT count(*) FROM collab_tasks t WHERE t.meeting_id = collab_meetings.id AND t.status = 'done')::int`.as('tasks_done'))
      .orderBy('collab_meetings.held_on', 'desc')
      .orderBy('collab_meetings.id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ ...r, kind_label: MEETING_KIND_LABELS[r.kind] })), total: Number(total.n), page, pageSize };
}

/** Decision tasks: those of my body (mine), or of meetings I can see; open / overdue filters. */
export async function listTasks(db: Queryable, access: AccessContext, q: PageQuery & { mine?: boolean; status?: string; overdue?: boolean } = {}, today: DateString = todayInShanghai()) {
  const { page, pageSize, offset } = paging(q);
  let base = db.selectFrom('collab_tasks').innerJoin('collab_meetings', 'collab_meetings.id', 'collab_tasks.meeting_id');
  base = q.mine ? base.where('collab_tasks.owner_org_id', 'in', access.orgPath) : base.where((eb) => eb.or([visibleMeeting(access), eb('collab_tasks.owner_org_id', 'in', access.orgPath)]));
  if (q.status) base = base.where('collab_tasks.status', '=', q.status as never);
  if (q.overdue) base = base.where('collab_tasks.status', '=', 'open').where('collab_tasks.deadline', '<', today);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs', 'orgs.id', 'collab_tasks.owner_org_id')
      .select(taskCols)
      .select(['orgs.name as owner_org_name', 'collab_meetings.title as meeting_title', 'collab_meetings.kind as meeting_kind'])
      .orderBy('collab_tasks.deadline')
      .orderBy('collab_tasks.id')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((t) => presentTask(t, today)), total: Number(total.n), page, pageSize, as_of: today };
}

/** 办结 / 取消 / 重新打开 a decision task. */
export async function moveTask(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  id: number,
  input: { version: number; event: TaskEvent; result?: string; on?: DateString },
) {
  return inTx(db, async (tx) => {
    const t = await tx
      .selectFrom('collab_tasks')
      .innerJoin('collab_meetings', 'collab_meetings.id', 'collab_tasks.meeting_id')
      .selectAll('collab_tasks')
      .select(['collab_meetings.host_org_id', 'collab_meetings.title as meeting_title'])
      .where('collab_tasks.id', '=', id)
      .where((eb) => eb.or([visibleMeeting(access), eb('collab_tasks.owner_org_id', 'in', access.orgPath)]))
      .executeTakeFirst();
    if (!t) throw notFound('议定事项', 'Task');
    const allowed = input.event === 'complete' ? mayCompleteTask(access, t) : mayEditMeeting(access, t);
    if (!allowed) throw forbidden('无权办理该议定事项', 'You may not change this task');
    if (t.version !== input.version) throw stale();
    const next = nextTaskState(t.status, input.event);
    const set: Record<string, unknown> = { status: next, version: t.version + 1 };
    if (input.event === 'complete') {
      const on = input.on ?? todayInShanghai();
      if (toDayNumber(on) > toDayNumber(todayInShanghai())) throw badInput('办结日期不能晚于今天', 'The completion date cannot be in the future');
      Object.assign(set, { result: requireText(input.result, '办理结果', 'Result'), done_on: on, done_by: access.userId });
    } else if (input.event === 'cancel') {
      Object.assign(set, { result: requireText(input.result, '取消理由', 'Reason') });
    } else {
      Object.assign(set, { done_on: null, done_by: null });
    }
    await tx.updateTable('collab_tasks').set(set).where('id', '=', id).where('version', '=', t.version).execute();
    await recordAudit(tx, actor, { action: `collab.task.${input.event}`, objectType: TASK, objectId: id, detail: { from: t.status, to: next, result: set.result ?? null } });
    if (input.event === 'complete') {
      await notify(tx, {
        to: { orgId: t.host_org_id },
        permission: 'collab:edit',
        kind: 'collab.task.done',
        title: `“${t.meeting_title}”第${t.seq}项议定事项已办结`,
        link: `/collab/meetings/${t.meeting_id}`,
        objectType: TASK,
        objectId: id,
      });
    }
    return { version: t.version + 1, status: next };
  });
}
