/**
 * Transfers between bodies (移交): send (随时 or 定期, 边巡边查 with a shorter deadline, 抄送),
 * acknowledge (签收) within N working days or be escalated, return with a reason (退回), feed back
 * the result (结果反馈) before the handling deadline. The sender follows the status live.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { needToKnowCondition } from '../../platform/access/scope.ts';
import { type Actor, recordAudit, } from '../../platform/audit/audit.service.ts';
import { loadCalendar } from '../../platform/calendar/calendar.service.ts';
import { type DateString, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { badInput, conflict, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { grant, likeEscape } from '../clues/clue-access.ts';
import { assertTransferAllowed } from '../collaboration/mechanisms.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { type TransferItemInput, type TransferRef, objectKind } from './objects.ts';
import { type TransferAction, type TransferFacts, assertMayTransfer } from './transfers.policy.ts';
import {
  ACK_DAYS,
  HANDLE_DAYS,
  TOUR_HANDLE_DAYS,
  TRANSFER_OUTCOMES,
  TRANSFER_OUTCOME_LABELS,
  TRANSFER_STATE_LABELS,
  type TransferEvent,
  type TransferOutcome,
  nextTransferState,
} from './workflow.ts';

export const TRANSFER = 'transfer';
/** The web page of a transfer (notification and to-do links). */
export const transferLink = (id: number) => `/transfers/${id}`;

export interface SendTransferInput {
  receiverOrgId: number;
  /** 'clue' (items are clue ids), 'problem', 'hotline_batch', 'rectification' … (objects.ts). */
  objectType: string;
  items: TransferItemInput[];
  title: string;
  note?: string | null;
  /** 随时移送 (single) / 定期移送 (batch); default by the number of items. */
  mode?: 'single' | 'batch';
  /** 边巡边查: the handling deadline shortens to TOUR_HANDLE_DAYS unless given. */
  tour?: boolean;
  ackDays?: number;
  handleDays?: number;
  /** 抄送 (e.g. 立行立改 items to the dispatched group): read access, follow-up. */
  ccOrgIds?: number[];
  /** Business date of sending (default today, Asia/Shanghai). */
  sentOn?: DateString;
}

const factsOf = (t: { sender_org_id: number; receiver_org_id: number; cc_org_ids: number[] }): TransferFacts => ({
  senderOrgId: t.sender_org_id,
  receiverOrgId: t.receiver_org_id,
  ccOrgIds: t.cc_org_ids,
});

/** Send a transfer; the receiver's org is notified and must acknowledge within `ackDays` working days. */
export async function sendTransfer(db: Queryable, actor: Actor, access: AccessContext, input: SendTransferInput) {
  const kind = objectKind(input.objectType);
  const cc = [...new Set(input.ccOrgIds ?? [])].filter((o) => o !== input.receiverOrgId && o !== access.orgId);
  assertMayTransfer(access, 'send', { senderOrgId: access.orgId, receiverOrgId: input.receiverOrgId, ccOrgIds: cc });
  if (!input.items.length) throw badInput('移交内容不能为空', 'Nothing to transfer');
  if (!input.title.trim()) throw badInput('请填写移交标题', 'A title is required');
  const sentOn = input.sentOn ?? todayInShanghai();
  return inTx(db, async (tx) => {
    const orgs = await tx.selectFrom('orgs').select('id').where('id', 'in', [input.receiverOrgId, ...cc]).execute();
    if (orgs.length !== 1 + cc.length) throw badInput('接收单位或抄送单位不存在', 'Unknown receiving or cc organisation');
    // Between bodies, a collaboration mechanism in force must provide for this kind of object;
    // its rule sets the default deadlines.
    const allowed = await assertTransferAllowed(tx, access.orgId, input.receiverOrgId, input.objectType, sentOn);
    const rule = allowed.basis === 'mechanism' ? allowed.rule : null;
    const ackDays = input.ackDays ?? rule?.ack_days ?? ACK_DAYS;
    const handleDays = input.handleDays ?? (input.tour ? TOUR_HANDLE_DAYS : (rule?.handle_days ?? HANDLE_DAYS));
    const { rows } = await sql<{ id: number }>`SELECT nextval('transfers_id_seq')::int AS id`.execute(tx);
    const id = Number(rows[0].id);
    const code = `YJ-${sentOn.slice(0, 4)}-${String(id).padStart(6, '0')}`;
    const ref: TransferRef = { id, code, receiverOrgId: input.receiverOrgId };
    const items = await kind.prepare(tx, actor, access, input.items, ref);
    const ackDue = (await loadCalendar(tx)).addWorkingDays(sentOn, ackDays);
    await tx
      .insertInto('transfers')
      .values({
        id,
        code,
        object_type: input.objectType,
        mode: input.mode ?? (items.length > 1 ? 'batch' : 'single'),
        tour: !!input.tour,
        title: input.title.trim(),
        note: input.note ?? null,
        sender_org_id: access.orgId,
        sent_by: access.userId,
        receiver_org_id: input.receiverOrgId,
        cc_org_ids: cc,
        item_count: items.length,
        status: 'sent',
        sent_on: sentOn,
        ack_days: ackDays,
        ack_due: ackDue,
        handle_days: handleDays,
        handle_due: null,
        ack_at: null,
        ack_on: null,
        ack_by: null,
        escalated_at: null,
        returned_at: null,
        returned_by: null,
        return_reason: null,
        feedback_at: null,
        feedback_on: null,
        feedback_by: null,
        feedback_result: null,
        feedback_outcome: null,
        feedback_overdue_at: null,
      })
      .execute();
    await tx
      .insertInto('transfer_items')
      .values(
        items.map((it, i) => ({
          transfer_id: id,
          seq: i + 1,
          object_type: input.objectType,
          object_id: it.objectId,
          title: it.title,
          snapshot: JSON.stringify(it.snapshot),
          outcome: null,
          outcome_note: null,
        })),
      )
      .execute();
    for (const org of [access.orgId, input.receiverOrgId, ...cc]) await grant(tx, TRANSFER, String(id), { orgId: org }, access.userId);
    await recordAudit(tx, actor, {
      action: 'transfer.send',
      objectType: TRANSFER,
      objectId: id,
      detail: {
        code,
        object_type: input.objectType,
        receiver_org_id: input.receiverOrgId,
        cc_org_ids: cc,
        items: items.length,
        object_ids: items.map((i) => i.objectId).filter(Boolean),
        tour: !!input.tour,
        sent_on: sentOn,
        ack_due: ackDue,
        handle_days: handleDays,
        basis: allowed.basis,
        mechanism_id: allowed.basis === 'mechanism' ? allowed.mechanism.id : null,
      },
    });
    const what = `${kind.label}${items.length}件`;
    await notify(tx, {
      to: { orgId: input.receiverOrgId },
      permission: 'transfer:receive',
      kind: 'transfer.received',
      title: `收到移交 ${code}（${what}），请于 ${ackDue} 前签收`,
      link: transferLink(id),
      objectType: TRANSFER,
      objectId: id,
    });
    if (cc.length) {
      await notify(tx, {
        to: cc.map((orgId) => ({ orgId })),
        permission: 'transfer:receive',
        kind: 'transfer.cc',
        title: `抄送：移交 ${code}（${what}），请跟踪督促`,
        link: transferLink(id),
        objectType: TRANSFER,
        objectId: id,
      });
    }
    return { id, code, ack_due: ackDue, handle_days: handleDays };
  });
}

async function loadVisibleTransfer(db: Queryable, access: AccessContext, id: number) {
  const t = await db
    .selectFrom('transfers')
    .selectAll()
    .where('id', '=', id)
    .where(needToKnowCondition(access, TRANSFER, 'transfers.id'))
    .executeTakeFirst();
  if (!t) throw notFound('移交', 'Transfer');
  return t;
}

type TransferRow = Awaited<ReturnType<typeof loadVisibleTransfer>>;

interface Versioned {
  id: number;
  version: number;
}

const staleTransfer = () => conflict('该移交已被他人处理，请刷新后重试', 'The transfer was changed by someone else; reload and retry');

/** Load (need-to-know), check version, permission and state; run `fn` in one transaction. */
async function act<T>(
  db: Queryable,
  access: AccessContext,
  input: Versioned,
  action: TransferAction,
  event: TransferEvent,
  fn: (tx: Tx, t: TransferRow, save: (set: Record<string, unknown>) => Promise<number>) => Promise<T>,
): Promise<T> {
  return inTx(db, async (tx) => {
    const t = await loadVisibleTransfer(tx, access, input.id);
    if (t.version !== input.version) throw staleTransfer();
    assertMayTransfer(access, action, factsOf(t));
    const status = nextTransferState(t.status, event);
    const save = async (set: Record<string, unknown>) => {
      const r = await tx
        .updateTable('transfers')
        .set({ ...set, status, version: t.version + 1 })
        .where('id', '=', t.id)
        .where('version', '=', t.version)
        .executeTakeFirst();
      if (!r.numUpdatedRows) throw staleTransfer();
      return t.version + 1;
    };
    return fn(tx as Tx, t, save);
  });
}

/** 签收: the receiver takes it on; the handling deadline starts; the receiver (and cc) may now see the carried records. */
export async function acknowledgeTransfer(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { on?: DateString }) {
  return act(db, access, input, 'acknowledge', 'acknowledge', async (tx, t, save) => {
    const ackOn = input.on ?? todayInShanghai();
    const handleDue = (await loadCalendar(tx)).addWorkingDays(ackOn, t.handle_days);
    const version = await save({ ack_at: new Date(), ack_on: ackOn, ack_by: access.userId, handle_due: handleDue });
    const items = await tx.selectFrom('transfer_items').select(['object_type', 'object_id']).where('transfer_id', '=', t.id).execute();
    const objectIds = items.map((i) => i.object_id).filter((x): x is string => !!x);
    const kind = objectKind(t.object_type);
    if (kind.grantsAccess) {
      for (const oid of objectIds) {
        for (const org of [t.receiver_org_id, ...t.cc_org_ids]) await grant(tx, t.object_type, oid, { orgId: org }, access.userId);
      }
    }
    await kind.onAcknowledge?.(tx, actor, objectIds, { id: t.id, code: t.code, receiverOrgId: t.receiver_org_id });
    const onTime = ackOn <= t.ack_due;
    await recordAudit(tx, actor, {
      action: 'transfer.acknowledge',
      objectType: TRANSFER,
      objectId: t.id,
      detail: { code: t.code, ack_on: ackOn, ack_due: t.ack_due, on_time: onTime, handle_due: handleDue },
    });
    await notify(tx, {
      to: { orgId: t.sender_org_id },
      permission: 'transfer:send',
      kind: 'transfer.acknowledged',
      title: `移交 ${t.code} 已签收${onTime ? '' : '（超期签收）'}，办理期限 ${handleDue}`,
      link: transferLink(t.id),
      objectType: TRANSFER,
      objectId: t.id,
    });
    return { version, status: 'acknowledged' as const, handle_due: handleDue, on_time: onTime };
  });
}

/** 退回: the receiver refuses it (not its competence, incomplete material …), with the reason. */
export async function returnTransfer(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { reason: string }) {
  return act(db, access, input, 'return', 'return', async (tx, t, save) => {
    const reason = input.reason?.trim();
    if (!reason) throw badInput('退回须说明理由', 'A reason is required to return a transfer');
    const version = await save({ returned_at: new Date(), returned_by: access.userId, return_reason: reason });
    await recordAudit(tx, actor, { action: 'transfer.return', objectType: TRANSFER, objectId: t.id, detail: { code: t.code, reason } });
    await notify(tx, {
      to: { orgId: t.sender_org_id },
      permission: 'transfer:send',
      kind: 'transfer.returned',
      title: `移交 ${t.code} 被退回`,
      link: transferLink(t.id),
      objectType: TRANSFER,
      objectId: t.id,
    });
    return { version, status: 'returned' as const };
  });
}

export interface FeedbackInput extends Versioned {
  result: string;
  /** Outcome of every item not listed in `items`. */
  outcome: TransferOutcome;
  items?: { seq: number; outcome: TransferOutcome; note?: string }[];
  on?: DateString;
}

/** 结果反馈: the receiver reports what became of it (per item when they differ). */
export async function feedbackTransfer(db: Queryable, actor: Actor, access: AccessContext, input: FeedbackInput) {
  return act(db, access, input, 'feedback', 'feedback', async (tx, t, save) => {
    const result = input.result?.trim();
    if (!result) throw badInput('请填写办理结果', 'The result is required');
    const outcomes = [input.outcome, ...(input.items ?? []).map((i) => i.outcome)];
    if (outcomes.some((o) => !TRANSFER_OUTCOMES.includes(o))) throw badInput('办理结果类型无效', 'Unknown outcome');
    const feedbackOn = input.on ?? todayInShanghai();
    const version = await save({ feedback_at: new Date(), feedback_on: feedbackOn, feedback_by: access.userId, feedback_result: result, feedback_outcome: input.outcome });
    await tx.updateTable('transfer_items').set({ outcome: input.outcome }).where('transfer_id', '=', t.id).execute();
    for (const it of input.items ?? []) {
      const r = await tx
        .updateTable('transfer_items')
        .set({ outcome: it.outcome, outcome_note: it.note ?? null })
        .where('transfer_id', '=', t.id)
        .where('seq', '=', it.seq)
        .executeTakeFirst();
      if (!r.numUpdatedRows) throw badInput(`移交中没有第 ${it.seq} 项`, `The transfer has no item ${it.seq}`);
    }
    const onTime = !!t.handle_due && feedbackOn <= t.handle_due;
    await recordAudit(tx, actor, {
      action: 'transfer.feedback',
      objectType: TRANSFER,
      objectId: t.id,
      detail: { code: t.code, outcome: input.outcome, items: input.items ?? [], feedback_on: feedbackOn, handle_due: t.handle_due, on_time: onTime },
    });
    await notify(tx, {
      to: [{ orgId: t.sender_org_id }, ...t.cc_org_ids.map((orgId) => ({ orgId }))],
      permission: 'transfer:receive',
      kind: 'transfer.feedback',
      title: `移交 ${t.code} 已反馈办理结果：${TRANSFER_OUTCOME_LABELS[input.outcome]}`,
      link: transferLink(t.id),
      objectType: TRANSFER,
      objectId: t.id,
    });
    return { version, status: 'fed_back' as const, on_time: onTime };
  });
}

export interface TransferQuery extends PageQuery {
  /** sent: by my org; received: to my org; cc: copied to my org; all (default). */
  box?: 'sent' | 'received' | 'cc' | 'all';
  status?: keyof typeof TRANSFER_STATE_LABELS;
  object_type?: string;
  /** Only those past a deadline (acknowledgement or feedback). */
  overdue?: boolean;
}

const overdueAck = (today: DateString) => sql<boolean>`(transfers.status = 'sent' AND transfers.ack_due < ${today}::date)`;
const overdueFeedback = (today: DateString) => sql<boolean>`(transfers.status = 'acknowledged' AND transfers.handle_due < ${today}::date)`;

/** The transfers my org sent, received or was copied on, with status and deadlines as of `today`. */
export async function listTransfers(db: Queryable, access: AccessContext, q: TransferQuery, today: DateString = todayInShanghai()) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('transfers').where(needToKnowCondition(access, TRANSFER, 'transfers.id'));
  if (q.box === 'sent') base = base.where('transfers.sender_org_id', '=', access.orgId);
  if (q.box === 'received') base = base.where('transfers.receiver_org_id', '=', access.orgId);
  if (q.box === 'cc') base = base.where(sql<boolean>`${access.orgId} = ANY(transfers.cc_org_ids)`);
  if (q.status) base = base.where('transfers.status', '=', q.status);
  if (q.object_type) base = base.where('transfers.object_type', '=', q.object_type);
  if (q.overdue) base = base.where(sql<boolean>`(${overdueAck(today)} OR ${overdueFeedback(today)})`);
  if (q.q?.trim()) base = base.where(sql<boolean>`(transfers.code = ${q.q.trim()} OR transfers.title ILIKE ${`%${likeEscape(q.q.trim())}%`})`);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs as s', 's.id', 'transfers.sender_org_id')
      .innerJoin('orgs as r', 'r.id', 'transfers.receiver_org_id')
      .select([
        'transfers.id',
        'transfers.code',
        'transfers.title',
        'transfers.object_type',
        'transfers.mode',
        'transfers.tour',
        'transfers.sender_org_id',
        's.name as sender_org_name',
        'transfers.receiver_org_id',
        'r.name as receiver_org_name',
        'transfers.cc_org_ids',
        'transfers.item_count',
        'transfers.status',
        'transfers.sent_on',
        'transfers.ack_due',
        'transfers.ack_on',
        'transfers.handle_due',
        'transfers.feedback_on',
        'transfers.feedback_outcome',
        'transfers.escalated_at',
        'transfers.feedback_overdue_at',
        'transfers.version',
      ])
      .select([overdueAck(today).as('ack_overdue'), overdueFeedback(today).as('feedback_overdue')])
      .orderBy('transfers.id', q.order ?? 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r) => ({
    ...r,
    status_label: TRANSFER_STATE_LABELS[r.status],
    acknowledged_on_time: r.ack_on ? r.ack_on <= r.ack_due : null,
  }));
  return { items, total: Number(total.n), page, pageSize, as_of: today };
}

/** One transfer with its items (the snapshots) and its history; reading it is audited. */
export async function getTransfer(db: Queryable, actor: Actor, access: AccessContext, id: number, today: DateString = todayInShanghai()) {
  const t = await loadVisibleTransfer(db, access, id);
  assertMayTransfer(access, 'view', factsOf(t));
  const [items, events, orgs] = await Promise.all([
    db.selectFrom('transfer_items').selectAll().where('transfer_id', '=', id).orderBy('seq').execute(),
    db
      .selectFrom('audit_events')
      .select(['seq', 'at', 'actor_name', 'action', 'detail'])
      .where('object_type', '=', TRANSFER)
      .where('object_id', '=', String(id))
      .where('action', '<>', 'transfer.read')
      .orderBy('seq')
      .execute(),
    db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', [t.sender_org_id, t.receiver_org_id, ...t.cc_org_ids]).execute(),
  ]);
  await recordAudit(db, actor, { action: 'transfer.read', objectType: TRANSFER, objectId: id });
  const orgName = (oid: number) => orgs.find((o) => o.id === oid)?.name ?? null;
  return {
    ...t,
    sender_org_name: orgName(t.sender_org_id),
    receiver_org_name: orgName(t.receiver_org_id),
    cc_orgs: t.cc_org_ids.map((oid) => ({ id: oid, name: orgName(oid) })),
    status_label: TRANSFER_STATE_LABELS[t.status],
    ack_overdue: t.status === 'sent' && t.ack_due < today,
    feedback_overdue: t.status === 'acknowledged' && !!t.handle_due && t.handle_due < today,
    acknowledged_on_time: t.ack_on ? t.ack_on <= t.ack_due : null,
    items,
    history: events,
  };
}
