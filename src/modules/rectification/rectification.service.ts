/**
 * Use cases of the rectification ledger (整改台账: 一台账、两清单、双责任、双问责).
 *
 * Every change runs in one transaction with its audit event; items carry `version` for optimistic
 * locking; states follow workflow.ts and permissions rectification.policy.ts.
 *
 * Other modules call:
 * - `createLedgerItem(db, actor, access | null, input)` to put a problem on the ledger (an
 *   inspection finding, an audit finding, a confirmed model hit, a campaign problem); pass
 *   `access = null` for a system caller (job, import) — then no permission check is made;
 * - `flagOverdueRectifications(db, asOf)` (the daily job) to flag overdue items and propose
 *   accountability for both the responsible leader and the supervisor (双问责).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { orgInDistrict } from '../../platform/access/districts.ts';
import { scopeCondition } from '../../platform/access/scope.ts';
import { type Actor, recordAudit, systemActor } from '../../platform/audit/audit.service.ts';
import { loadCalendar } from '../../platform/calendar/calendar.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { sm3 } from '../../platform/crypto/sm3.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, badInput, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { assertClueLinkable } from '../clues/clue-access.ts';
import { createAccountabilityProposals, proposalsForRectItem } from '../accountability/accountability.service.ts';
import {
  DEADLINE_BASIS_LABELS,
  DEFAULT_DEADLINE_BASIS,
  type DeadlineBasis,
  type WorkdayCalendar,
  deadlineFrom,
  effectiveDeadline,
  isOverdue,
  overdueDays,
  overdueSince,
} from './deadline.ts';
import { actionsFor, mayAct, mayAttach, mayCreate, mayEdit } from './rectification.policy.ts';
import { RECT_SOURCE_LABELS, type RectItemTable, type RectSourceType } from './schema.ts';
import {
  RECT_EVENT_LABELS,
  RECT_OPEN_STATES,
  RECT_STATE_LABELS,
  type RectEvent,
  type RectState,
  nextRectState,
} from './workflow.ts';

/** The official working-day calendar for deadlines: State Council notices + administrators' rows. */
export async function officialCalendar(db: Queryable): Promise<WorkdayCalendar> {
  return loadCalendar(db);
}

// ---------------------------------------------------------------------------------------------
// Visibility
// ---------------------------------------------------------------------------------------------

/**
 * Data scope of a ledger item: the viewer's data scope over the responsible org or the
 * supervising org, plus the responsible unit's own users.
 */
export function visibleItemCondition(access: AccessContext): Expression<SqlBool> {
  return sql<SqlBool>`(${scopeCondition(access, 'rect_items.responsible_org_id', 'rect_items.created_by')}
    OR ${scopeCondition(access, 'rect_items.supervising_org_id')}
    OR rect_items.responsible_org_id = ANY(${sql.val(access.orgPath)}::int[]))`;
}

function itemQuery(db: Queryable) {
  return db
    .selectFrom('rect_items')
    .innerJoin('orgs as ro', 'ro.id', 'rect_items.responsible_org_id')
    .innerJoin('orgs as so', 'so.id', 'rect_items.supervising_org_id')
    .leftJoin('rect_campaigns as c', 'c.id', 'rect_items.campaign_id')
    .selectAll('rect_items')
    .select(['ro.name as responsible_org_name', 'so.name as supervising_org_name', 'c.name as campaign_name']);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>;

/** The API shape of an item: its columns, names, labels, lateness and the viewer's actions. */
function present(row: ItemRow, access: AccessContext | null, cal: WorkdayCalendar, today: DateString) {
  const open = RECT_OPEN_STATES.includes(row.status);
  return {
    ...row,
    status_label: RECT_STATE_LABELS[row.status],
    source_label: RECT_SOURCE_LABELS[row.source_type],
    deadline_basis_label: DEADLINE_BASIS_LABELS[row.deadline_basis],
    effective_deadline: effectiveDeadline(row.deadline, row.deadline_basis, cal),
    overdue: open && row.overdue_since !== null,
    overdue_days: open ? overdueDays(row.deadline, row.deadline_basis, today, cal) : 0,
    actions: access ? actionsFor(access, row) : [],
  };
}

export type LedgerItem = ReturnType<typeof present>;

async function loadVisible(tx: Queryable, access: AccessContext | null, id: number, lock = false) {
  let q = tx.selectFrom('rect_items').selectAll('rect_items').where('rect_items.id', '=', id);
  if (access) q = q.where(visibleItemCondition(access));
  const row = await (lock ? q.forUpdate() : q).executeTakeFirst();
  if (!row) throw notFound('整改事项', 'Rectification item');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Campaigns (专项整治)
// ---------------------------------------------------------------------------------------------

export interface NewCampaign {
  name: string;
  domain?: string | null;
  leadOrgId?: number | null;
  startedOn?: DateString | null;
  endsOn?: DateString | null;
  description?: string | null;
}

export async function createCampaign(db: Queryable, actor: Actor, access: AccessContext | null, input: NewCampaign): Promise<number> {
  if (access && !access.permissions.has('rectify:edit')) throw forbidden();
  if (!input.name.trim()) throw badInput('专项整治名称不能为空', 'Campaign name is required');
  if (input.startedOn && input.endsOn && toDayNumber(input.endsOn) < toDayNumber(input.startedOn)) {
    throw badInput('结束日期早于开始日期', 'The end date is before the start date');
  }
  return inTx(db, async (tx) => {
    const dup = await tx.selectFrom('rect_campaigns').select('id').where('name', '=', input.name.trim()).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `专项整治“${input.name}”已存在`, `Campaign "${input.name}" already exists`, 409);
    const row = await tx
      .insertInto('rect_campaigns')
      .values({
        name: input.name.trim(),
        domain: input.domain ?? null,
        lead_org_id: input.leadOrgId ?? null,
        started_on: input.startedOn ?? null,
        ends_on: input.endsOn ?? null,
        description: input.description ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'rectify.campaign.create', objectType: 'rect_campaign', objectId: row.id, detail: { name: input.name } });
    return row.id;
  });
}

export async function listCampaigns(db: Queryable) {
  return db
    .selectFrom('rect_campaigns')
    .leftJoin('orgs', 'orgs.id', 'rect_campaigns.lead_org_id')
    .selectAll('rect_campaigns')
    .select('orgs.name as lead_org_name')
    .orderBy('rect_campaigns.id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Ledger items
// ---------------------------------------------------------------------------------------------

export interface NewLedgerItem {
  sourceType: RectSourceType;
  sourceRef?: string | null;
  campaignId?: number | null;
  inspectionRoundId?: number | null;
  clueId?: number | null;
  title: string;
  description?: string;
  domain?: string | null;
  responsibleOrgId: number;
  responsibleLeaderName: string;
  responsibleLeaderTitle?: string | null;
  supervisingOrgId: number;
  supervisorName?: string | null;
  measures?: string;
  /** 交办日期; default today (Asia/Shanghai). */
  assignedOn?: DateString;
  /** Either a deadline date … */
  deadline?: DateString;
  /** … or a time limit in days from `assignedOn`, counted on `deadlineBasis`. */
  timeLimitDays?: number;
  deadlineBasis?: DeadlineBasis;
}

export async function createLedgerItem(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  input: NewLedgerItem,
  opts: { calendar?: WorkdayCalendar } = {},
): Promise<{ id: number; code: string; deadline: DateString }> {
  if (!input.title.trim()) throw badInput('问题标题不能为空', 'Title is required');
  if (!input.responsibleLeaderName.trim()) throw badInput('须明确主体责任领导', 'The responsible leader (主体责任) is required');
  if (access && !mayCreate(access, { responsible_org_id: input.responsibleOrgId, supervising_org_id: input.supervisingOrgId })) {
    throw forbidden('只有监督主体或责任单位的经办人可以登记整改事项', 'Only the supervising body or the responsible unit may register an item');
  }
  const cal = opts.calendar ?? (await officialCalendar(db));
  const basis = input.deadlineBasis ?? DEFAULT_DEADLINE_BASIS;
  const assignedOn = input.assignedOn ?? todayInShanghai();
  toDayNumber(assignedOn);
  let deadline: DateString;
  if (input.deadline) {
    deadline = input.deadline;
    toDayNumber(deadline);
  } else if (input.timeLimitDays && input.timeLimitDays > 0) {
    deadline = deadlineFrom(assignedOn, input.timeLimitDays, basis, cal);
  } else {
    throw badInput('须填写整改时限（截止日期或天数）', 'A deadline (date or number of days) is required');
  }
  if (toDayNumber(deadline) < toDayNumber(assignedOn)) throw badInput('整改期限早于交办日期', 'The deadline is before the assignment date');
  return inTx(db, async (tx) => {
    const orgs = await tx.selectFrom('orgs').select('id').where('id', 'in', [input.responsibleOrgId, input.supervisingOrgId]).execute();
    if (!orgs.some((o) => o.id === input.responsibleOrgId)) throw notFound('责任单位', 'Responsible unit');
    if (!orgs.some((o) => o.id === input.supervisingOrgId)) throw notFound('监督主体', 'Supervising body');
    if (input.clueId) await assertClueLinkable(tx, access, input.clueId);
    if (input.campaignId) {
      const c = await tx.selectFrom('rect_campaigns').select('id').where('id', '=', input.campaignId).executeTakeFirst();
      if (!c) throw notFound('专项整治', 'Campaign');
    }
    const { rows } = await sql<{ id: number }>`SELECT nextval('rect_items_id_seq')::int AS id`.execute(tx);
    const id = Number(rows[0].id);
    const code = `ZG${assignedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`;
    await tx
      .insertInto('rect_items')
      .values({
        id,
        code,
        source_type: input.sourceType,
        source_ref: input.sourceRef ?? null,
        campaign_id: input.campaignId ?? null,
        inspection_round_id: input.inspectionRoundId ?? null,
        clue_id: input.clueId ?? null,
        title: input.title.trim(),
        description: input.description ?? '',
        domain: input.domain ?? null,
        responsible_org_id: input.responsibleOrgId,
        responsible_leader_name: input.responsibleLeaderName.trim(),
        responsible_leader_title: input.responsibleLeaderTitle ?? null,
        supervising_org_id: input.supervisingOrgId,
        supervisor_name: input.supervisorName ?? null,
        measures: input.measures ?? '',
        assigned_on: assignedOn,
        deadline,
        deadline_basis: basis,
        overdue_since: null,
        rectified_on: null,
        verified_by: null,
        created_by: actor.userId,
      })
      .execute();
    await recordAudit(tx, actor, {
      action: 'rectify.create',
      objectType: 'rect_item',
      objectId: id,
      detail: {
        code,
        source_type: input.sourceType,
        source_ref: input.sourceRef ?? null,
        campaign_id: input.campaignId ?? null,
        clue_id: input.clueId ?? null,
        responsible_org_id: input.responsibleOrgId,
        supervising_org_id: input.supervisingOrgId,
        deadline,
        deadline_basis: basis,
      },
    });
    return { id, code, deadline };
  });
}

export interface ItemListQuery extends PageQuery {
  status?: RectState;
  source_type?: RectSourceType;
  responsible_org_id?: number;
  supervising_org_id?: number;
  campaign_id?: number;
  clue_id?: number;
  inspection_round_id?: number;
  /** Only these items (for other areas that hold ledger ids; at most one page of them). */
  ids?: number[];
  overdue?: boolean;
}

const SORTABLE = { deadline: 'rect_items.deadline', created_at: 'rect_items.created_at', code: 'rect_items.code', status: 'rect_items.status', id: 'rect_items.id' } as const;

export async function listLedgerItems(db: Queryable, access: AccessContext, query: ItemListQuery = {}) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  let q = db.selectFrom('rect_items').where(visibleItemCondition(access));
  if (query.status) q = q.where('rect_items.status', '=', query.status);
  if (query.source_type) q = q.where('rect_items.source_type', '=', query.source_type);
  if (query.responsible_org_id) q = q.where('rect_items.responsible_org_id', '=', query.responsible_org_id);
  if (query.supervising_org_id) q = q.where('rect_items.supervising_org_id', '=', query.supervising_org_id);
  if (query.campaign_id) q = q.where('rect_items.campaign_id', '=', query.campaign_id);
  if (query.clue_id) q = q.where('rect_items.clue_id', '=', query.clue_id);
  if (query.inspection_round_id) q = q.where('rect_items.inspection_round_id', '=', query.inspection_round_id);
  if (query.ids) q = query.ids.length ? q.where('rect_items.id', 'in', query.ids) : q.where(sql<SqlBool>`false`);
  if (query.overdue !== undefined) {
    q = query.overdue
      ? q.where('rect_items.overdue_since', 'is not', null).where('rect_items.status', 'in', RECT_OPEN_STATES)
      : q.where((eb) => eb.or([eb('rect_items.overdue_since', 'is', null), eb('rect_items.status', 'not in', RECT_OPEN_STATES)]));
  }
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('rect_items.title', 'ilike', like), eb('rect_items.code', 'ilike', like)]));
  }
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const sortCol = SORTABLE[(query.sort ?? 'id') as keyof typeof SORTABLE] ?? SORTABLE.id;
  const ids = await q
    .select('rect_items.id')
    .orderBy(sql.ref(sortCol), query.order ?? (query.sort ? 'asc' : 'desc'))
    .orderBy('rect_items.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const rows = ids.length ? await itemQuery(db).where('rect_items.id', 'in', ids.map((r) => r.id)).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cal = await officialCalendar(db);
  const today = todayInShanghai();
  return {
    items: ids.map((r) => present(byId.get(r.id)!, access, cal, today)),
    total: Number(total.n),
    page,
    pageSize,
  };
}

/** One item with its history, evidence list and accountability proposals (an audited read). */
export async function getLedgerItem(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  return inTx(db, async (tx) => {
    await loadVisible(tx, access, id);
    const row = await itemQuery(tx).where('rect_items.id', '=', id).executeTakeFirstOrThrow();
    const events = await tx
      .selectFrom('rect_item_events')
      .selectAll()
      .where('item_id', '=', id)
      .orderBy('id')
      .execute();
    const attachments = await tx
      .selectFrom('rect_attachments')
      .select(['id', 'event_id', 'file_name', 'mime', 'size_bytes', 'sm3', 'uploaded_by', 'created_at'])
      .where('item_id', '=', id)
      .orderBy('id')
      .execute();
    const proposals = await proposalsForRectItem(tx, id);
    await recordAudit(tx, actor, { action: 'rectify.read', objectType: 'rect_item', objectId: id });
    const cal = await officialCalendar(tx);
    return {
      ...present(row, access, cal, todayInShanghai()),
      events: events.map((e) => ({ ...e, event_label: e.event === 'overdue' ? '逾期预警' : RECT_EVENT_LABELS[e.event] })),
      attachments,
      proposals,
    };
  });
}

export interface ItemPatch {
  version: number;
  title?: string;
  description?: string;
  domain?: string | null;
  measures?: string;
  responsibleLeaderName?: string;
  responsibleLeaderTitle?: string | null;
  supervisorName?: string | null;
  deadline?: DateString;
  deadlineBasis?: DeadlineBasis;
}

/** Change the ledger entry (supervising body). A changed deadline clears the overdue flag; the next check re-evaluates it. */
export async function updateLedgerItem(db: Queryable, actor: Actor, access: AccessContext, id: number, patch: ItemPatch): Promise<{ version: number }> {
  return inTx(db, async (tx) => {
    const item = await loadVisible(tx, access, id, true);
    if (item.version !== patch.version) throw staleVersion();
    if (!mayEdit(access, item)) throw forbidden('只有监督主体可以修改台账要素', 'Only the supervising body may change the ledger entry');
    const set: Partial<Record<keyof RectItemTable, unknown>> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    const put = (col: keyof RectItemTable, value: unknown) => {
      if (value === undefined || value === item[col as keyof typeof item]) return;
      set[col] = value;
      changes[col] = [item[col as keyof typeof item], value];
    };
    if (patch.title !== undefined && !patch.title.trim()) throw badInput('问题标题不能为空', 'Title is required');
    if (patch.responsibleLeaderName !== undefined && !patch.responsibleLeaderName.trim()) {
      throw badInput('须明确主体责任领导', 'The responsible leader (主体责任) is required');
    }
    put('title', patch.title?.trim());
    put('description', patch.description);
    put('domain', patch.domain);
    put('measures', patch.measures);
    put('responsible_leader_name', patch.responsibleLeaderName?.trim());
    put('responsible_leader_title', patch.responsibleLeaderTitle);
    put('supervisor_name', patch.supervisorName);
    if (patch.deadline !== undefined) {
      if (toDayNumber(patch.deadline) < toDayNumber(item.assigned_on)) throw badInput('整改期限早于交办日期', 'The deadline is before the assignment date');
      put('deadline', patch.deadline);
    }
    put('deadline_basis', patch.deadlineBasis);
    if (!Object.keys(changes).length) return { version: item.version };
    if ('deadline' in changes || 'deadline_basis' in changes) set.overdue_since = null;
    const r = await tx
      .updateTable('rect_items')
      .set({ ...(set as object), version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('version', '=', patch.version)
      .executeTakeFirst();
    if (!r.numUpdatedRows) throw staleVersion();
    await recordAudit(tx, actor, { action: 'rectify.update', objectType: 'rect_item', objectId: id, detail: { changes } });
    return { version: item.version + 1 };
  });
}

const staleVersion = () => conflict('该事项已被他人修改，请刷新后重试', 'The item was changed by someone else; reload and retry');

interface TransitionInput {
  version: number;
  note: string;
  /** Extra columns to set with the state change. */
  set?: (item: Awaited<ReturnType<typeof loadVisible>>) => Partial<Record<keyof RectItemTable, unknown>>;
  progressPercent?: number | null;
  detail?: Record<string, unknown>;
}

async function transition(
  tx: Tx,
  actor: Actor,
  access: AccessContext,
  id: number,
  event: RectEvent,
  input: TransitionInput,
): Promise<{ version: number; status: RectState; eventId: number }> {
  const item = await loadVisible(tx, access, id, true);
  if (item.version !== input.version) throw staleVersion();
  if (!mayAct(access, item, event)) {
    const verifier = event === 'verify_pass' || event === 'verify_fail' || event === 'reopen' || event === 'cancel';
    throw verifier
      ? forbidden('核验、销号须由监督主体中具有核验销号权限的人员办理', 'Only an authorised verifier of the supervising body may do this')
      : forbidden('只有责任单位或监督主体的经办人可以办理', 'Only the responsible unit or the supervising body may do this');
  }
  const next = nextRectState(item.status, event);
  if (!next) {
    throw new AppError(
      'bad_state',
      `事项当前为“${RECT_STATE_LABELS[item.status]}”，不能“${RECT_EVENT_LABELS[event]}”`,
      `Event ${event} is not allowed in state ${item.status}`,
      409,
    );
  }
  if (!input.note.trim()) throw badInput('请填写说明', 'A note is required');
  const extra = input.set?.(item) ?? {};
  const r = await tx
    .updateTable('rect_items')
    .set({
      ...(extra as object),
      status: next,
      ...(input.progressPercent !== undefined && input.progressPercent !== null ? { progress_percent: input.progressPercent } : {}),
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (!r.numUpdatedRows) throw staleVersion();
  const ev = await tx
    .insertInto('rect_item_events')
    .values({
      item_id: id,
      event,
      from_state: item.status,
      to_state: next,
      note: input.note.trim(),
      progress_percent: input.progressPercent ?? null,
      actor_id: actor.userId,
      actor_name: actor.name,
      actor_org_id: actor.orgId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: `rectify.${event}`,
    objectType: 'rect_item',
    objectId: id,
    detail: { from: item.status, to: next, event_id: ev.id, ...(input.detail ?? {}) },
  });
  return { version: item.version + 1, status: next, eventId: ev.id };
}

export interface ProgressInput {
  version: number;
  note: string;
  progressPercent?: number | null;
  /** Evidence uploaded before (addAttachment), to attach to this report. */
  attachmentIds?: number[];
}

/** 填报整改进展 (with evidence). */
export async function reportProgress(db: Queryable, actor: Actor, access: AccessContext, id: number, input: ProgressInput) {
  if (input.progressPercent !== undefined && input.progressPercent !== null && (input.progressPercent < 0 || input.progressPercent > 100)) {
    throw badInput('进度须在 0–100 之间', 'Progress must be 0–100');
  }
  return inTx(db, async (tx) => {
    const ids = [...new Set(input.attachmentIds ?? [])];
    const r = await transition(tx, actor, access, id, 'report', {
      version: input.version,
      note: input.note,
      progressPercent: input.progressPercent,
      detail: { attachment_ids: ids },
    });
    if (ids.length) {
      const linked = await tx
        .updateTable('rect_attachments')
        .set({ event_id: r.eventId })
        .where('id', 'in', ids)
        .where('item_id', '=', id)
        .where('event_id', 'is', null)
        .executeTakeFirst();
      if (Number(linked.numUpdatedRows) !== ids.length) {
        throw badInput('佐证材料不属于该事项或已关联到其他进展', 'Evidence does not belong to this item or is already attached to another report');
      }
    }
    return r;
  });
}

/** 申请销号: the responsible unit reports the item done and asks the supervising body to verify. */
export async function submitForVerification(db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; note: string }) {
  return inTx(db, (tx) => transition(tx, actor, access, id, 'submit', { version: input.version, note: input.note, progressPercent: 100 }));
}

export interface VerifyInput {
  version: number;
  passed: boolean;
  opinion: string;
  /** 销号日期 (default today); for a pass only. */
  rectifiedOn?: DateString;
  /** New deadline for the re-rectification; for a failure only. */
  newDeadline?: DateString;
}

/**
 * Verification by the supervising body: a pass is 销号 (only by `rectify:verify` AND a member of
 * the supervising body); a failure re-opens the item for re-rectification.
 */
export async function verifyLedgerItem(db: Queryable, actor: Actor, access: AccessContext, id: number, input: VerifyInput) {
  const today = todayInShanghai();
  if (input.passed) {
    const on = input.rectifiedOn ?? today;
    if (toDayNumber(on) > toDayNumber(today)) throw badInput('销号日期不能晚于今天', 'The closing date cannot be in the future');
    return inTx(db, (tx) =>
      transition(tx, actor, access, id, 'verify_pass', {
        version: input.version,
        note: input.opinion,
        set: (item) => {
          if (toDayNumber(on) < toDayNumber(item.assigned_on)) throw badInput('销号日期早于交办日期', 'The closing date is before the assignment date');
          return { rectified_on: on, verified_by: actor.userId };
        },
        detail: { passed: true, rectified_on: on },
      }),
    );
  }
  if (input.newDeadline && toDayNumber(input.newDeadline) < toDayNumber(today)) {
    throw badInput('新的整改期限不能早于今天', 'The new deadline cannot be in the past');
  }
  return inTx(db, (tx) =>
    transition(tx, actor, access, id, 'verify_fail', {
      version: input.version,
      note: input.opinion,
      set: () => ({
        reopen_count: sql<number>`reopen_count + 1`,
        ...(input.newDeadline ? { deadline: input.newDeadline, overdue_since: null } : {}),
      }),
      detail: { passed: false, new_deadline: input.newDeadline ?? null },
    }),
  );
}

/** Re-open an item after 销号 (问题反弹回潮、“回头看”发现整改不到位), with a new deadline. */
export async function reopenLedgerItem(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  id: number,
  input: { version: number; reason: string; newDeadline: DateString },
) {
  if (toDayNumber(input.newDeadline) < toDayNumber(todayInShanghai())) {
    throw badInput('新的整改期限不能早于今天', 'The new deadline cannot be in the past');
  }
  return inTx(db, (tx) =>
    transition(tx, actor, access, id, 'reopen', {
      version: input.version,
      note: input.reason,
      set: () => ({
        rectified_on: null,
        verified_by: null,
        reopen_count: sql<number>`reopen_count + 1`,
        deadline: input.newDeadline,
        overdue_since: null,
      }),
      detail: { new_deadline: input.newDeadline },
    }),
  );
}

/** Withdraw an item registered in error (监督主体). */
export async function cancelLedgerItem(db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; reason: string }) {
  return inTx(db, (tx) => transition(tx, actor, access, id, 'cancel', { version: input.version, note: input.reason }));
}

// ---------------------------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------------------------

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ALLOWED_EXT = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'pdf', 'ofd', 'doc', 'docx', 'xls', 'xlsx', 'wps', 'et', 'txt', 'zip']);

export async function addAttachment(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext,
  itemId: number,
  file: { fileName: string; mime: string; content: Buffer },
): Promise<{ id: number; sm3: string; size_bytes: number }> {
  // no path separators or control characters in a stored file name
  const name = [...file.fileName].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 ? '_' : ch)).join('').slice(-200);
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (!ALLOWED_EXT.has(ext)) {
    throw badInput(`不支持的文件类型：${ext || '（无扩展名）'}`, `File type not allowed: ${ext || '(none)'}`);
  }
  if (file.content.length === 0) throw badInput('文件为空', 'The file is empty');
  if (file.content.length > MAX_ATTACHMENT_BYTES) throw new AppError('too_large', '文件超过 10 MB', 'File larger than 10 MB', 413);
  const hash = sm3(file.content).toString('hex');
  return inTx(db, async (tx) => {
    const item = await loadVisible(tx, access, itemId, true);
    if (!mayAttach(access, item)) throw forbidden('只有责任单位或监督主体可以上传佐证材料', 'Only the responsible unit or the supervising body may upload evidence');
    const row = await tx
      .insertInto('rect_attachments')
      .values({
        item_id: itemId,
        event_id: null,
        file_name: name,
        mime: file.mime.slice(0, 100) || 'application/octet-stream',
        size_bytes: file.content.length,
        sm3: hash,
        content_enc: cipher.encrypt(file.content.toString('base64')),
        uploaded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, {
      action: 'rectify.attachment.upload',
      objectType: 'rect_item',
      objectId: itemId,
      detail: { attachment_id: row.id, file_name: name, size_bytes: file.content.length, sm3: hash },
    });
    return { id: row.id, sm3: hash, size_bytes: file.content.length };
  });
}

/** Download evidence (an audited read); the content is checked against its SM3 hash. */
export async function getAttachment(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext, attachmentId: number) {
  return inTx(db, async (tx) => {
    const att = await tx.selectFrom('rect_attachments').selectAll().where('id', '=', attachmentId).executeTakeFirst();
    if (!att) throw notFound('佐证材料', 'Evidence');
    await loadVisible(tx, access, att.item_id);
    const content = Buffer.from(cipher.decrypt(att.content_enc), 'base64');
    if (sm3(content).toString('hex') !== att.sm3) {
      throw new AppError('integrity', '佐证材料校验失败（内容与登记时不一致）', 'Evidence integrity check failed', 500);
    }
    await recordAudit(tx, actor, {
      action: 'rectify.attachment.download',
      objectType: 'rect_item',
      objectId: att.item_id,
      detail: { attachment_id: att.id, file_name: att.file_name },
    });
    return { fileName: att.file_name, mime: att.mime, content };
  });
}

// ---------------------------------------------------------------------------------------------
// Overdue (逾期) and 双问责 proposals
// ---------------------------------------------------------------------------------------------

export interface OverdueFlag {
  id: number;
  code: string;
  overdue_since: DateString;
  overdue_days: number;
  proposal_ids: number[];
}

/**
 * Flag every open item whose effective deadline has passed on `asOf` (working or calendar days as
 * the item is configured), record an 'overdue' event, and propose accountability for both the
 * responsible leader (主体责任) and the supervising body (监督责任). Idempotent: an item is
 * flagged once (until its deadline changes). Each item is its own transaction.
 */
export async function flagOverdueRectifications(
  db: Queryable,
  asOf: DateString,
  opts: { actor?: Actor; calendar?: WorkdayCalendar } = {},
): Promise<{ asOf: DateString; flagged: OverdueFlag[] }> {
  toDayNumber(asOf);
  const actor = opts.actor ?? systemActor('jobs:rectification-overdue');
  const cal = opts.calendar ?? (await officialCalendar(db));
  const candidates = await db
    .selectFrom('rect_items')
    .select(['id', 'deadline', 'deadline_basis'])
    .where('status', 'in', RECT_OPEN_STATES)
    .where('overdue_since', 'is', null)
    .where('deadline', '<', asOf)
    .orderBy('id')
    .execute();
  const flagged: OverdueFlag[] = [];
  for (const c of candidates) {
    if (!isOverdue(c.deadline, c.deadline_basis, asOf, cal)) continue;
    const since = overdueSince(c.deadline, c.deadline_basis, cal);
    const days = overdueDays(c.deadline, c.deadline_basis, asOf, cal);
    const done = await inTx(db, async (tx) => {
      const item = await tx
        .selectFrom('rect_items')
        .selectAll()
        .where('id', '=', c.id)
        .where('status', 'in', RECT_OPEN_STATES)
        .where('overdue_since', 'is', null)
        .where('deadline', '=', c.deadline)
        .forUpdate()
        .executeTakeFirst();
      if (!item) return null; // changed meanwhile
      await tx
        .updateTable('rect_items')
        .set({ overdue_since: since, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
        .where('id', '=', item.id)
        .execute();
      const basisLabel = DEADLINE_BASIS_LABELS[item.deadline_basis];
      await tx
        .insertInto('rect_item_events')
        .values({
          item_id: item.id,
          event: 'overdue',
          from_state: item.status,
          to_state: item.status,
          note: `整改期限 ${item.deadline} 已过，截至 ${asOf} 逾期 ${days} 个${basisLabel}，已提出问责建议（双问责）`,
          progress_percent: null,
          actor_id: actor.userId,
          actor_name: actor.name,
          actor_org_id: actor.orgId,
        })
        .execute();
      const reason = `整改事项 ${item.code}“${item.title}”逾期未完成整改（期限 ${item.deadline}，逾期 ${days} 个${basisLabel}）`;
      const proposalIds = await createAccountabilityProposals(tx, actor, {
        sourceType: 'rectification_overdue',
        sourceId: item.id,
        rectItemId: item.id,
        clueId: item.clue_id,
        proposingOrgId: item.supervising_org_id,
        reason,
        targets: [
          {
            responsibility: 'primary',
            targetOrgId: item.responsible_org_id,
            personName: item.responsible_leader_name,
            personTitle: item.responsible_leader_title,
          },
          {
            responsibility: 'supervisory',
            targetOrgId: item.supervising_org_id,
            personName: item.supervisor_name,
            personTitle: null,
          },
        ],
      });
      await recordAudit(tx, actor, {
        action: 'rectify.overdue',
        objectType: 'rect_item',
        objectId: item.id,
        detail: { as_of: asOf, deadline: item.deadline, basis: item.deadline_basis, overdue_since: since, overdue_days: days, proposal_ids: proposalIds },
      });
      return { id: item.id, code: item.code, overdue_since: since, overdue_days: days, proposal_ids: proposalIds };
    });
    if (done) flagged.push(done);
  }
  return { asOf, flagged };
}

// ---------------------------------------------------------------------------------------------
// 见底清零: counts per unit and per campaign
// ---------------------------------------------------------------------------------------------

export interface ClearanceRow {
  key: number | null;
  name: string;
  total: number;
  rectified: number;
  in_progress: number;
  overdue: number;
  /** rectified / total, 0…1 (4 decimals); null when there is nothing on the ledger. */
  rate: number | null;
  /** 见底清零: everything on the ledger is 销号. */
  cleared: boolean;
}

/**
 * Counts by responsible unit ('unit') or by campaign ('campaign'), over the items the viewer can
 * see, cancelled items excluded: total = rectified + in_progress + overdue, where overdue is open
 * and flagged overdue, in_progress is open and not (yet) overdue.
 */
export async function clearanceView(
  db: Queryable,
  access: AccessContext,
  query: {
    by: 'unit' | 'campaign';
    campaignId?: number;
    sourceType?: RectSourceType;
    responsibleOrgId?: number;
    /** Only items whose responsible unit lies in this 区县 (own district, else nearest ancestor's). */
    district?: string;
  },
): Promise<{ rows: ClearanceRow[]; totals: ClearanceRow }> {
  const open = sql.join(RECT_OPEN_STATES.map((s) => sql.lit(s)));
  const keyCol = query.by === 'unit' ? sql.ref('rect_items.responsible_org_id') : sql.ref('rect_items.campaign_id');
  let q = db
    .selectFrom('rect_items')
    .where(visibleItemCondition(access))
    .where('rect_items.status', '<>', 'cancelled');
  if (query.campaignId) q = q.where('rect_items.campaign_id', '=', query.campaignId);
  if (query.sourceType) q = q.where('rect_items.source_type', '=', query.sourceType);
  if (query.responsibleOrgId) q = q.where('rect_items.responsible_org_id', '=', query.responsibleOrgId);
  if (query.district !== undefined) q = q.where(orgInDistrict('rect_items.responsible_org_id', query.district));
  const rows = await q
    .select([
      sql<number | null>`${keyCol}`.as('key'),
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) FILTER (WHERE rect_items.status = 'rectified')`.as('rectified'),
      sql<number>`count(*) FILTER (WHERE rect_items.status IN (${open}) AND rect_items.overdue_since IS NULL)`.as('in_progress'),
      sql<number>`count(*) FILTER (WHERE rect_items.status IN (${open}) AND rect_items.overdue_since IS NOT NULL)`.as('overdue'),
    ])
    .groupBy(keyCol)
    .execute();
  const keys = rows.map((r) => r.key).filter((k): k is number => k !== null);
  const names = new Map<number, string>();
  if (keys.length) {
    const named =
      query.by === 'unit'
        ? await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', keys).execute()
        : await db.selectFrom('rect_campaigns').select(['id', 'name']).where('id', 'in', keys).execute();
    for (const n of named) names.set(n.id, n.name);
  }
  const shape = (key: number | null, name: string, t: number, r: number, p: number, o: number): ClearanceRow => ({
    key,
    name,
    total: t,
    rectified: r,
    in_progress: p,
    overdue: o,
    rate: t ? Math.round((r / t) * 10_000) / 10_000 : null,
    cleared: t > 0 && r === t,
  });
  const out = rows
    .map((r) =>
      shape(
        r.key,
        r.key === null ? '（非专项整治）' : (names.get(r.key) ?? `#${r.key}`),
        Number(r.total),
        Number(r.rectified),
        Number(r.in_progress),
        Number(r.overdue),
      ),
    )
    .sort((a, b) => b.overdue - a.overdue || (a.rate ?? 1) - (b.rate ?? 1) || a.name.localeCompare(b.name, 'zh-CN'));
  const sum = (k: 'total' | 'rectified' | 'in_progress' | 'overdue') => out.reduce((s, r) => s + r[k], 0);
  return { rows: out, totals: shape(null, '合计', sum('total'), sum('rectified'), sum('in_progress'), sum('overdue')) };
}
