/**
 * Use cases of accountability and care (问责、处分、容错纠错、澄清正名、回访).
 *
 * Other modules call:
 * - `createAccountabilityProposals(tx, actor, input)` — propose accountability (e.g. 双问责 of an
 *   overdue rectification); idempotent per source and responsibility while a proposal is open;
 * - `createDecision(db, actor, access | null, input)` — register an outcome: accountability
 *   measures, 纪律处分 (党纪/政务处分, 移送司法) and first-form handling (批评教育、谈话函询、
 *   提醒谈话) from clue disposal, so that the “四种形态” statistic is complete. `access = null`
 *   is a system caller (then give `handlingOrgId`);
 * - `formStats(db, access, query)` — the “四种形态” counts by form, period and unit.
 *
 * Every change runs in one transaction with its audit event; decisions carry `version`.
 */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { parseAncestors } from '../../platform/access/context.ts';
import { orgInDistrict } from '../../platform/access/districts.ts';
import { scopeCondition } from '../../platform/access/scope.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Database, Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, badInput, conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { assertClueLinkable } from '../clues/clue-access.ts';
import { APPROVAL_REFUSAL_MESSAGES, approvalRefusal, mayRegister } from './accountability.policy.ts';
import {
  CLEARING_METHOD_LABELS,
  type ClearingMethod,
  DISTINCTION_LABELS,
  type Distinction,
  FORM_LABELS,
  type Form,
  GOV_SANCTION_LABELS,
  type GovSanction,
  MEASURE_LABELS,
  MEASURE_TARGET,
  type Measure,
  PARTY_SANCTION_LABELS,
  type PartySanction,
  RESPONSIBILITY_LABELS,
  REVISIT_ASSESSMENT_LABELS,
  REVISIT_METHOD_LABELS,
  type Responsibility,
  type RevisitAssessment,
  type RevisitMethod,
  TOLERANCE_OUTCOME_LABELS,
  type ToleranceOutcome,
  formOf,
  isMajor,
} from './catalog.ts';
import type { ProposalSource } from './schema.ts';
import {
  DECISION_EVENT_LABELS,
  DECISION_STATE_LABELS,
  type DecisionEvent,
  type DecisionState,
  PROPOSAL_STATE_LABELS,
  type ProposalEvent,
  type ProposalState,
  initialDecisionState,
  nextDecisionState,
  nextProposalState,
} from './workflow.ts';

const staleVersion = () => conflict('该记录已被他人修改，请刷新后重试', 'The record was changed by someone else; reload and retry');

/** The given date (default: today), refused when it is in the future. */
function dateUpToToday(date: DateString | undefined, what: string, whatEn: string): DateString {
  const on = date ?? todayInShanghai();
  if (toDayNumber(on) > toDayNumber(todayInShanghai())) throw badInput(`${what}不能晚于今天`, `${whatEn} cannot be in the future`);
  return on;
}

function requireText(value: string | undefined | null, what: string, whatEn: string): string {
  const v = (value ?? '').trim();
  if (!v) throw badInput(`请填写${what}`, `${whatEn} is required`);
  return v;
}

function page(q: PageQuery) {
  const p = q.page ?? 1;
  const size = q.pageSize ?? 20;
  return { page: p, pageSize: size, offset: (p - 1) * size };
}

/** Visible when the viewer's data scope covers the handling org (or they registered it), or the subject's org. */
function visible(access: AccessContext, table: string, subjectOrgColumn: string): Expression<SqlBool> {
  return sql<SqlBool>`(${scopeCondition(access, `${table}.handling_org_id`, `${table}.created_by`)} OR ${scopeCondition(access, `${table}.${subjectOrgColumn}`)})`;
}

// ---------------------------------------------------------------------------------------------
// Proposals (问责建议)
// ---------------------------------------------------------------------------------------------

export interface ProposalTarget {
  responsibility: Responsibility;
  targetOrgId: number;
  personName?: string | null;
  personTitle?: string | null;
}

export interface ProposalInput {
  sourceType: ProposalSource;
  sourceId?: number | null;
  rectItemId?: number | null;
  clueId?: number | null;
  proposingOrgId?: number | null;
  reason: string;
  targets: ProposalTarget[];
}

/**
 * Propose accountability for each target (one row each). While a proposal for the same source
 * and responsibility is open, it is reused, not duplicated. Returns the open proposals' ids.
 */
export async function createAccountabilityProposals(db: Queryable, actor: Actor, input: ProposalInput): Promise<number[]> {
  const reason = requireText(input.reason, '问责建议理由', 'Reason');
  return inTx(db, async (tx) => {
    const ids: number[] = [];
    for (const t of input.targets) {
      if (input.sourceId !== undefined && input.sourceId !== null) {
        const open = await tx
          .selectFrom('account_proposals')
          .select('id')
          .where('source_type', '=', input.sourceType)
          .where('source_id', '=', input.sourceId)
          .where('responsibility', '=', t.responsibility)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (open) {
          ids.push(open.id);
          continue;
        }
      }
      const row = await tx
        .insertInto('account_proposals')
        .values({
          source_type: input.sourceType,
          source_id: input.sourceId ?? null,
          rect_item_id: input.rectItemId ?? null,
          clue_id: input.clueId ?? null,
          responsibility: t.responsibility,
          target_org_id: t.targetOrgId,
          person_name: t.personName ?? null,
          person_title: t.personTitle ?? null,
          proposing_org_id: input.proposingOrgId ?? null,
          reason,
          decision_id: null,
          dismissed_reason: null,
          handled_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, {
        action: 'account.proposal.create',
        objectType: 'account_proposal',
        objectId: row.id,
        detail: { source_type: input.sourceType, source_id: input.sourceId ?? null, responsibility: t.responsibility, target_org_id: t.targetOrgId },
      });
      ids.push(row.id);
    }
    return ids;
  });
}

function proposalQuery(db: Queryable) {
  return db
    .selectFrom('account_proposals')
    .innerJoin('orgs as t', 't.id', 'account_proposals.target_org_id')
    .leftJoin('orgs as p', 'p.id', 'account_proposals.proposing_org_id')
    .selectAll('account_proposals')
    .select(['t.name as target_org_name', 'p.name as proposing_org_name']);
}

type ProposalRow = Awaited<ReturnType<ReturnType<typeof proposalQuery>['executeTakeFirstOrThrow']>>;

const presentProposal = (r: ProposalRow) => ({
  ...r,
  status_label: PROPOSAL_STATE_LABELS[r.status],
  responsibility_label: RESPONSIBILITY_LABELS[r.responsibility],
});

/** The proposals of one rectification item (the caller has checked the item is visible). */
export async function proposalsForRectItem(db: Queryable, rectItemId: number) {
  const rows = await proposalQuery(db).where('account_proposals.rect_item_id', '=', rectItemId).orderBy('account_proposals.id').execute();
  return rows.map(presentProposal);
}

export async function listProposals(
  db: Queryable,
  access: AccessContext,
  query: PageQuery & { status?: ProposalState; rect_item_id?: number } = {},
) {
  const { page: p, pageSize, offset } = page(query);
  let q = db
    .selectFrom('account_proposals')
    .where(sql<SqlBool>`(${scopeCondition(access, 'account_proposals.target_org_id')} OR ${scopeCondition(access, 'account_proposals.proposing_org_id')})`);
  if (query.status) q = q.where('account_proposals.status', '=', query.status);
  if (query.rect_item_id) q = q.where('account_proposals.rect_item_id', '=', query.rect_item_id);
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const ids = (await q.select('account_proposals.id').orderBy('account_proposals.id', 'desc').limit(pageSize).offset(offset).execute()).map((r) => r.id);
  const rows = ids.length ? await proposalQuery(db).where('account_proposals.id', 'in', ids).orderBy('account_proposals.id', 'desc').execute() : [];
  return { items: rows.map(presentProposal), total: Number(total.n), page: p, pageSize };
}

async function moveProposal(tx: Tx, actor: Actor, id: number, event: ProposalEvent, set: Record<string, unknown>, expectedVersion?: number) {
  const pr = await tx.selectFrom('account_proposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!pr) throw notFound('问责建议', 'Proposal');
  if (expectedVersion !== undefined && pr.version !== expectedVersion) throw staleVersion();
  const next = nextProposalState(pr.status, event);
  if (!next) {
    throw new AppError('bad_state', `问责建议当前为“${PROPOSAL_STATE_LABELS[pr.status]}”，不能办理`, `Proposal is ${pr.status}; ${event} not allowed`, 409);
  }
  await tx
    .updateTable('account_proposals')
    .set({ ...set, status: next, handled_by: actor.userId, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, actor, { action: `account.proposal.${event}`, objectType: 'account_proposal', objectId: id, detail: { from: pr.status, to: next, ...set } });
  return pr;
}

/** 不予问责: close a proposal with a reason. */
export async function dismissProposal(db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; reason: string }) {
  if (!mayRegister(access)) throw forbidden();
  const reason = requireText(input.reason, '不予问责的理由', 'Reason');
  return inTx(db, async (tx) => {
    const seen = await tx
      .selectFrom('account_proposals')
      .select('id')
      .where('id', '=', id)
      .where(sql<SqlBool>`(${scopeCondition(access, 'account_proposals.target_org_id')} OR ${scopeCondition(access, 'account_proposals.proposing_org_id')})`)
      .executeTakeFirst();
    if (!seen) throw notFound('问责建议', 'Proposal');
    await moveProposal(tx, actor, id, 'dismiss', { dismissed_reason: reason }, input.version);
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Decisions (问责/处理决定, 纪律处分)
// ---------------------------------------------------------------------------------------------

export interface NewDecision {
  targetKind: 'org' | 'person';
  measure: Measure;
  /** The organisation held accountable, or the person's unit. Defaults to the proposal's target. */
  targetOrgId?: number;
  personName?: string | null;
  personTitle?: string | null;
  cadreLevel?: string | null;
  partyMember?: boolean | null;
  partySanction?: PartySanction | null;
  govSanction?: GovSanction | null;
  judicialTransfer?: boolean;
  responsibility?: Responsibility | null;
  reason: string;
  basis?: string | null;
  docNo?: string | null;
  clueId?: number | null;
  rectItemId?: number | null;
  /** Turn this proposal into the decision. */
  proposalId?: number | null;
  /** 决定日期 (default today). */
  decidedOn?: DateString;
  /** For system callers (access = null): the handling organisation. */
  handlingOrgId?: number;
}

export async function createDecision(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  input: NewDecision,
): Promise<{ id: number; status: DecisionState; form: Form | null; major: boolean }> {
  if (access && !mayRegister(access)) throw forbidden();
  const handlingOrgId = access?.orgId ?? input.handlingOrgId;
  if (!handlingOrgId) throw badInput('须指定承办单位', 'The handling organisation is required');
  const reason = requireText(input.reason, '问责/处理事由', 'Reason');
  const form = formOf({
    targetKind: input.targetKind,
    measure: input.measure,
    partySanction: input.partySanction ?? null,
    govSanction: input.govSanction ?? null,
    judicialTransfer: input.judicialTransfer ?? false,
    partyMember: input.partyMember ?? null,
  });
  const personName = input.targetKind === 'person' ? requireText(input.personName, '被处理人姓名', 'Person name') : null;
  if (input.targetKind === 'org' && (input.personName || input.personTitle)) {
    throw badInput('对党组织/单位的问责不填写个人信息', 'A decision against an organisation has no person');
  }
  const decidedOn = dateUpToToday(input.decidedOn, '决定日期', 'The decision date');
  const major = isMajor(input.measure);
  const status = initialDecisionState(major);
  return inTx(db, async (tx) => {
    let targetOrgId = input.targetOrgId;
    let rectItemId = input.rectItemId ?? null;
    let clueId = input.clueId ?? null;
    let responsibility = input.responsibility ?? null;
    if (input.proposalId) {
      const pr = await tx
        .selectFrom('account_proposals')
        .selectAll()
        .where('id', '=', input.proposalId)
        .$if(!!access, (q) =>
          q.where(sql<SqlBool>`(${scopeCondition(access!, 'account_proposals.target_org_id')} OR ${scopeCondition(access!, 'account_proposals.proposing_org_id')})`),
        )
        .executeTakeFirst();
      if (!pr) throw notFound('问责建议', 'Proposal');
      targetOrgId ??= pr.target_org_id;
      rectItemId ??= pr.rect_item_id;
      clueId ??= pr.clue_id;
      responsibility ??= pr.responsibility;
    }
    if (input.clueId) await assertClueLinkable(tx, access, input.clueId);
    if (!targetOrgId) throw badInput('须指定被问责单位或被处理人所在单位', 'The target organisation is required');
    const org = await tx.selectFrom('orgs').select('id').where('id', '=', targetOrgId).executeTakeFirst();
    if (!org) throw notFound('单位', 'Organisation');
    const row = await tx
      .insertInto('account_decisions')
      .values({
        target_kind: input.targetKind,
        measure: input.measure,
        target_org_id: targetOrgId,
        person_name: personName,
        person_title: input.targetKind === 'person' ? (input.personTitle ?? null) : null,
        cadre_level: input.cadreLevel ?? null,
        party_member: input.partyMember ?? null,
        party_sanction: input.partySanction ?? null,
        gov_sanction: input.govSanction ?? null,
        judicial_transfer: input.judicialTransfer ?? false,
        form,
        major,
        status,
        responsibility,
        reason,
        basis: input.basis ?? null,
        doc_no: input.docNo ?? null,
        clue_id: clueId,
        rect_item_id: rectItemId,
        proposal_id: input.proposalId ?? null,
        decided_on: decidedOn,
        effective_on: major ? null : decidedOn,
        handling_org_id: handlingOrgId,
        created_by: actor.userId,
        approved_by: null,
        approved_at: null,
        approval_opinion: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.proposalId) await moveProposal(tx, actor, input.proposalId, 'decide', { decision_id: row.id });
    await recordAudit(tx, actor, {
      action: 'account.decision.create',
      objectType: 'account_decision',
      objectId: row.id,
      detail: {
        target_kind: input.targetKind,
        measure: input.measure,
        target_org_id: targetOrgId,
        party_sanction: input.partySanction ?? null,
        gov_sanction: input.govSanction ?? null,
        judicial_transfer: input.judicialTransfer ?? false,
        form,
        major,
        status,
        clue_id: clueId,
        proposal_id: input.proposalId ?? null,
      },
    });
    return { id: row.id, status, form, major };
  });
}

function decisionQuery(db: Queryable) {
  return db
    .selectFrom('account_decisions')
    .innerJoin('orgs as t', 't.id', 'account_decisions.target_org_id')
    .innerJoin('orgs as h', 'h.id', 'account_decisions.handling_org_id')
    .selectAll('account_decisions')
    .select(['t.name as target_org_name', 'h.name as handling_org_name']);
}

type DecisionRow = Awaited<ReturnType<ReturnType<typeof decisionQuery>['executeTakeFirstOrThrow']>>;

function presentDecision(r: DecisionRow) {
  return {
    ...r,
    measure_label: MEASURE_LABELS[r.measure],
    status_label: DECISION_STATE_LABELS[r.status],
    form_label: r.form ? FORM_LABELS[r.form] : null,
    party_sanction_label: r.party_sanction ? PARTY_SANCTION_LABELS[r.party_sanction] : null,
    gov_sanction_label: r.gov_sanction ? GOV_SANCTION_LABELS[r.gov_sanction] : null,
    responsibility_label: r.responsibility ? RESPONSIBILITY_LABELS[r.responsibility] : null,
  };
}

export interface DecisionListQuery extends PageQuery {
  status?: DecisionState;
  measure?: Measure;
  target_kind?: 'org' | 'person';
  form?: number;
  clue_id?: number;
  /** Any of these clues (service callers). */
  clue_ids?: number[];
  rect_item_id?: number;
  from?: DateString;
  to?: DateString;
}

export async function listDecisions(db: Queryable, access: AccessContext, query: DecisionListQuery = {}) {
  const { page: p, pageSize, offset } = page(query);
  let q = db.selectFrom('account_decisions').where(visible(access, 'account_decisions', 'target_org_id'));
  if (query.status) q = q.where('account_decisions.status', '=', query.status);
  if (query.measure) q = q.where('account_decisions.measure', '=', query.measure);
  if (query.target_kind) q = q.where('account_decisions.target_kind', '=', query.target_kind);
  if (query.form) q = q.where('account_decisions.form', '=', query.form as Form);
  if (query.clue_id) q = q.where('account_decisions.clue_id', '=', query.clue_id);
  if (query.clue_ids) q = query.clue_ids.length ? q.where('account_decisions.clue_id', 'in', query.clue_ids) : q.where(sql<SqlBool>`false`);
  if (query.rect_item_id) q = q.where('account_decisions.rect_item_id', '=', query.rect_item_id);
  if (query.from) q = q.where('account_decisions.decided_on', '>=', query.from);
  if (query.to) q = q.where('account_decisions.decided_on', '<=', query.to);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('account_decisions.person_name', 'ilike', like), eb('account_decisions.reason', 'ilike', like)]));
  }
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const ids = (
    await q
      .select('account_decisions.id')
      .orderBy('account_decisions.decided_on', query.order ?? 'desc')
      .orderBy('account_decisions.id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute()
  ).map((r) => r.id);
  const rows = ids.length ? await decisionQuery(db).where('account_decisions.id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((id) => presentDecision(byId.get(id)!)), total: Number(total.n), page: p, pageSize };
}

/** One decision with its follow-up visits (an audited read). */
export async function getDecision(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  return inTx(db, async (tx) => {
    const row = await decisionQuery(tx)
      .where('account_decisions.id', '=', id)
      .where(visible(access, 'account_decisions', 'target_org_id'))
      .executeTakeFirst();
    if (!row) throw notFound('问责决定', 'Decision');
    const revisits = await tx.selectFrom('account_revisits').selectAll().where('decision_id', '=', id).orderBy('visited_on').execute();
    await recordAudit(tx, actor, { action: 'account.decision.read', objectType: 'account_decision', objectId: id });
    return { ...presentDecision(row), revisits: revisits.map((r) => ({ ...r, ...revisitLabels(r) })) };
  });
}

async function reviewDecision(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  id: number,
  event: DecisionEvent,
  input: { version: number; opinion?: string; effectiveOn?: DateString },
) {
  return inTx(db, async (tx) => {
    const d = await tx
      .selectFrom('account_decisions')
      .selectAll()
      .where('id', '=', id)
      .where(visible(access, 'account_decisions', 'target_org_id'))
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw notFound('问责决定', 'Decision');
    if (d.version !== input.version) throw staleVersion();
    const handling = await tx.selectFrom('orgs').select('ancestors').where('id', '=', d.handling_org_id).executeTakeFirstOrThrow();
    const refusal = approvalRefusal(access, d, parseAncestors(handling.ancestors));
    if (refusal) throw forbidden(...APPROVAL_REFUSAL_MESSAGES[refusal]);
    const next = nextDecisionState(d.status, event);
    if (!next) {
      throw new AppError(
        'bad_state',
        `决定当前为“${DECISION_STATE_LABELS[d.status]}”，不能“${DECISION_EVENT_LABELS[event]}”`,
        `Decision is ${d.status}; ${event} not allowed`,
        409,
      );
    }
    const set: Record<string, unknown> = {};
    if (event === 'approve') {
      const on = dateUpToToday(input.effectiveOn, '生效日期', 'The effective date');
      if (toDayNumber(on) < toDayNumber(d.decided_on)) throw badInput('生效日期早于决定日期', 'The effective date is before the decision date');
      Object.assign(set, { effective_on: on, approved_by: actor.userId, approved_at: sql`now()`, approval_opinion: input.opinion?.trim() || null });
    } else if (event === 'reject') {
      const opinion = requireText(input.opinion, '审核意见', 'Opinion');
      Object.assign(set, { approved_by: actor.userId, approved_at: sql`now()`, approval_opinion: opinion });
    } else {
      const opinion = requireText(input.opinion, '撤销理由', 'Reason');
      Object.assign(set, { approval_opinion: opinion });
    }
    const r = await tx
      .updateTable('account_decisions')
      .set({ ...set, status: next, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (!r.numUpdatedRows) throw staleVersion();
    if (event === 'reject' && d.proposal_id) {
      await moveProposal(tx, actor, d.proposal_id, 'reopen', { decision_id: null });
    }
    await recordAudit(tx, actor, {
      action: `account.decision.${event}`,
      objectType: 'account_decision',
      objectId: id,
      detail: { from: d.status, to: next, measure: d.measure, form: d.form, effective_on: set.effective_on ?? null, opinion: input.opinion ?? null },
    });
    return { status: next, version: d.version + 1 };
  });
}

/** 提级审核通过: the major decision takes effect (on `effectiveOn`, default today). */
export const approveDecision = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; opinion?: string; effectiveOn?: DateString }) =>
  reviewDecision(db, actor, access, id, 'approve', input);

/** 提级审核不通过: the decision never takes effect; its proposal (if any) is open again. */
export const rejectDecision = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; opinion: string }) =>
  reviewDecision(db, actor, access, id, 'reject', input);

/** Revoke an effective decision (e.g. after a successful appeal); it leaves every count. */
export const revokeDecision = (db: Queryable, actor: Actor, access: AccessContext, id: number, input: { version: number; reason: string }) =>
  reviewDecision(db, actor, access, id, 'revoke', { version: input.version, opinion: input.reason });

/**
 * Outcomes reached through some clues, within the viewer's data scope: people-times handled
 * (effective person outcomes, all four forms) and distinct people with a 党纪 or 政务 sanction
 * (by unit and name).
 */
export async function outcomeCountsForClues(
  db: Queryable,
  access: AccessContext,
  clueIds: number[],
): Promise<{ handled: number; sanctioned: number; byForm: Record<'form1' | 'form2' | 'form3' | 'form4', number> }> {
  const byForm = { form1: 0, form2: 0, form3: 0, form4: 0 };
  if (!clueIds.length) return { handled: 0, sanctioned: 0, byForm };
  const r = await db
    .selectFrom('account_decisions')
    .where('account_decisions.clue_id', 'in', [...new Set(clueIds)])
    .where('account_decisions.status', '=', 'effective')
    .where('account_decisions.target_kind', '=', 'person')
    .where(visible(access, 'account_decisions', 'target_org_id'))
    .select([
      sql<number>`count(*)`.as('handled'),
      sql<number>`count(DISTINCT (account_decisions.target_org_id, account_decisions.person_name))
        FILTER (WHERE account_decisions.party_sanction IS NOT NULL OR account_decisions.gov_sanction IS NOT NULL)`.as('sanctioned'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 1)`.as('form1'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 2)`.as('form2'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 3)`.as('form3'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 4)`.as('form4'),
    ])
    .executeTakeFirstOrThrow();
  return {
    handled: Number(r.handled),
    sanctioned: Number(r.sanctioned),
    byForm: { form1: Number(r.form1), form2: Number(r.form2), form3: Number(r.form3), form4: Number(r.form4) },
  };
}

// ---------------------------------------------------------------------------------------------
// “四种形态” statistics
// ---------------------------------------------------------------------------------------------

export type StatsPeriod = 'month' | 'quarter' | 'year' | 'all';
export type StatsBy = 'unit' | 'handling_org' | 'none';

export interface FormStatsQuery {
  from?: DateString;
  to?: DateString;
  period?: StatsPeriod;
  by?: StatsBy;
  /** Only this unit (the person's organisation) and its descendants. */
  orgId?: number;
  /** Only units lying in this 区县 (own district, else nearest ancestor's; the dashboard's rule). */
  district?: string;
}

export interface FormCounts {
  form1: number;
  form2: number;
  form3: number;
  form4: number;
  total: number;
}

export interface FormStatsRow extends FormCounts {
  period: string;
  org_id: number | null;
  org_name: string | null;
}

/**
 * People-times (人次) by form, counted over effective person outcomes by their effective date,
 * grouped by period and unit, within the viewer's data scope. Revoked, rejected and pending
 * decisions are not counted.
 */
export async function formStats(
  db: Queryable,
  access: AccessContext,
  query: FormStatsQuery = {},
): Promise<{ rows: FormStatsRow[]; totals: FormCounts & { shares: Record<'form1' | 'form2' | 'form3' | 'form4', number | null> } }> {
  if (query.from) toDayNumber(query.from);
  if (query.to) toDayNumber(query.to);
  const period = query.period ?? 'year';
  const by = query.by ?? 'none';
  const d = sql.ref('account_decisions.effective_on');
  const periodExpr =
    period === 'month'
      ? sql<string>`to_char(${d}, 'YYYY-MM')`
      : period === 'quarter'
        ? sql<string>`to_char(${d}, 'YYYY') || '-Q' || extract(quarter from ${d})::int`
        : period === 'year'
          ? sql<string>`to_char(${d}, 'YYYY')`
          : sql<string>`'all'`;
  const orgExpr =
    by === 'unit'
      ? sql<number | null>`account_decisions.target_org_id`
      : by === 'handling_org'
        ? sql<number | null>`account_decisions.handling_org_id`
        : sql<number | null>`NULL::int`;
  let q = db
    .selectFrom('account_decisions')
    .where('account_decisions.target_kind', '=', 'person')
    .where('account_decisions.status', '=', 'effective')
    .where(visible(access, 'account_decisions', 'target_org_id'));
  if (query.from) q = q.where('account_decisions.effective_on', '>=', query.from);
  if (query.to) q = q.where('account_decisions.effective_on', '<=', query.to);
  if (query.orgId) {
    q = q.where(
      sql<SqlBool>`account_decisions.target_org_id IN (SELECT o.id FROM orgs o WHERE o.id = ${query.orgId} OR (',' || o.ancestors || ',') LIKE ${`%,${query.orgId},%`})`,
    );
  }
  if (query.district !== undefined) q = q.where(orgInDistrict('account_decisions.target_org_id', query.district));
  const rows = await q
    .select([
      periodExpr.as('period'),
      orgExpr.as('org_id'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 1)`.as('form1'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 2)`.as('form2'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 3)`.as('form3'),
      sql<number>`count(*) FILTER (WHERE account_decisions.form = 4)`.as('form4'),
      sql<number>`count(*)`.as('total'),
    ])
    // positional: the period and org expressions may be constants ('all', NULL)
    .groupBy([sql`1`, sql`2`])
    .orderBy(sql`1`)
    .orderBy(sql`2`)
    .execute();
  const orgIds = [...new Set(rows.map((r) => r.org_id).filter((x): x is number => x !== null))];
  const names = new Map<number, string>();
  if (orgIds.length) for (const o of await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute()) names.set(o.id, o.name);
  const out: FormStatsRow[] = rows.map((r) => ({
    period: r.period,
    org_id: r.org_id,
    org_name: r.org_id === null ? null : (names.get(r.org_id) ?? null),
    form1: Number(r.form1),
    form2: Number(r.form2),
    form3: Number(r.form3),
    form4: Number(r.form4),
    total: Number(r.total),
  }));
  const sum = (k: keyof FormCounts) => out.reduce((s, r) => s + r[k], 0);
  const totals = { form1: sum('form1'), form2: sum('form2'), form3: sum('form3'), form4: sum('form4'), total: sum('total') };
  const share = (n: number) => (totals.total ? Math.round((n / totals.total) * 10_000) / 10_000 : null);
  return {
    rows: out,
    totals: { ...totals, shares: { form1: share(totals.form1), form2: share(totals.form2), form3: share(totals.form3), form4: share(totals.form4) } },
  };
}

// ---------------------------------------------------------------------------------------------
// Care: 容错纠错, 澄清正名, 回访
// ---------------------------------------------------------------------------------------------

async function visibleDecision(tx: Queryable, access: AccessContext, id: number) {
  const d = await tx
    .selectFrom('account_decisions')
    .selectAll()
    .where('id', '=', id)
    .where(visible(access, 'account_decisions', 'target_org_id'))
    .executeTakeFirst();
  if (!d) throw notFound('问责决定', 'Decision');
  return d;
}

async function orgExists(tx: Queryable, id: number) {
  const o = await tx.selectFrom('orgs').select('id').where('id', '=', id).executeTakeFirst();
  if (!o) throw notFound('单位', 'Organisation');
}

type CareTable = 'account_tolerances' | 'account_clearings' | 'account_revisits';
const CARE_DATE: Record<CareTable, string> = { account_tolerances: 'decided_on', account_clearings: 'cleared_on', account_revisits: 'visited_on' };

type CareValues<T extends CareTable> = Omit<Insertable<Database[T]>, 'handling_org_id' | 'created_by'>;
const CARE_OBJECT: Record<CareTable, string> = { account_tolerances: 'tolerance', account_clearings: 'clearing', account_revisits: 'revisit' };

/** Insert a care record registered by the user's body, with its audit event (`account.<object>.create`); returns its id. */
async function insertCareRecord<T extends CareTable>(tx: Tx, actor: Actor, access: AccessContext, table: T, values: CareValues<T>, detail: Record<string, unknown>): Promise<number> {
  const into: CareTable = table; // Kysely types the insert over the union; `values` were checked against `table`
  const row = await tx
    .insertInto(into)
    .values({ ...values, handling_org_id: access.orgId, created_by: actor.userId } as Insertable<Database[CareTable]>)
    .returning('id')
    .executeTakeFirstOrThrow();
  const object = CARE_OBJECT[table];
  await recordAudit(tx, actor, { action: `account.${object}.create`, objectType: `account_${object}`, objectId: row.id, detail });
  return row.id;
}

export interface NewTolerance {
  personName: string;
  personTitle?: string | null;
  orgId: number;
  matter: string;
  distinction: Distinction;
  outcome: ToleranceOutcome;
  correction?: string;
  clueId?: number | null;
  decisionId?: number | null;
  decidedOn?: DateString;
}

/** 容错纠错 under “三个区分开来”: registered, audited. */
export async function createTolerance(db: Queryable, actor: Actor, access: AccessContext, input: NewTolerance): Promise<number> {
  if (!mayRegister(access)) throw forbidden();
  const personName = requireText(input.personName, '姓名', 'Person name');
  const matter = requireText(input.matter, '容错事项', 'Matter');
  const decidedOn = dateUpToToday(input.decidedOn, '认定日期', 'The decision date');
  return inTx(db, async (tx) => {
    await orgExists(tx, input.orgId);
    if (input.decisionId) await visibleDecision(tx, access, input.decisionId);
    return insertCareRecord(tx, actor, access, 'account_tolerances', {
      person_name: personName,
      person_title: input.personTitle ?? null,
      org_id: input.orgId,
      matter,
      distinction: input.distinction,
      outcome: input.outcome,
      correction: input.correction ?? '',
      clue_id: input.clueId ?? null,
      decision_id: input.decisionId ?? null,
      decided_on: decidedOn,
    }, { org_id: input.orgId, distinction: input.distinction, outcome: input.outcome, clue_id: input.clueId ?? null, decision_id: input.decisionId ?? null });
  });
}

export interface NewClearing {
  personName: string;
  personTitle?: string | null;
  orgId: number;
  clueId?: number | null;
  finding: string;
  method: ClearingMethod;
  audience?: string | null;
  /** The report was a false accusation (诬告陷害): link the case opened against it. */
  falseAccusation?: boolean;
  falseAccusationClueId?: number | null;
  falseAccusationRef?: string | null;
  clearedOn?: DateString;
}

/** 澄清正名 (incl. 严查诬告陷害: link to the false-accusation case). */
export async function createClearing(db: Queryable, actor: Actor, access: AccessContext, input: NewClearing): Promise<number> {
  if (!mayRegister(access)) throw forbidden();
  const personName = requireText(input.personName, '姓名', 'Person name');
  const finding = requireText(input.finding, '核查结论', 'Finding');
  const clearedOn = dateUpToToday(input.clearedOn, '澄清日期', 'The clearing date');
  const fa = !!input.falseAccusation;
  if (fa && !input.falseAccusationClueId && !input.falseAccusationRef?.trim()) {
    throw badInput('认定为诬告陷害的，须关联对诬告者的查处案件（线索编号或案号）', 'A false accusation needs a link to the case against the accuser');
  }
  if (!fa && (input.falseAccusationClueId || input.falseAccusationRef)) {
    throw badInput('未认定诬告陷害时不能关联诬告查处案件', 'Only a false accusation links to a case against the accuser');
  }
  return inTx(db, async (tx) => {
    await orgExists(tx, input.orgId);
    return insertCareRecord(tx, actor, access, 'account_clearings', {
      person_name: personName,
      person_title: input.personTitle ?? null,
      org_id: input.orgId,
      clue_id: input.clueId ?? null,
      finding,
      method: input.method,
      audience: input.audience ?? null,
      false_accusation: fa,
      false_accusation_clue_id: fa ? (input.falseAccusationClueId ?? null) : null,
      false_accusation_ref: fa ? (input.falseAccusationRef?.trim() ?? null) : null,
      cleared_on: clearedOn,
    }, { org_id: input.orgId, method: input.method, clue_id: input.clueId ?? null, false_accusation: fa, false_accusation_clue_id: input.falseAccusationClueId ?? null });
  });
}

export interface NewRevisit {
  /** The decision (问责/处分) of the official visited; fills person and unit. */
  decisionId?: number | null;
  personName?: string;
  personTitle?: string | null;
  orgId?: number;
  visitedOn?: DateString;
  method: RevisitMethod;
  visitors: string;
  findings: string;
  assessment: RevisitAssessment;
  followUp?: string | null;
}

/** 回访教育 of a punished (or held-accountable) official. */
export async function createRevisit(db: Queryable, actor: Actor, access: AccessContext, input: NewRevisit): Promise<number> {
  if (!mayRegister(access)) throw forbidden();
  const visitors = requireText(input.visitors, '回访人员', 'Visitors');
  const findings = requireText(input.findings, '回访情况', 'Findings');
  const visitedOn = dateUpToToday(input.visitedOn, '回访日期', 'The visit date');
  return inTx(db, async (tx) => {
    let personName = input.personName?.trim() || null;
    let personTitle = input.personTitle ?? null;
    let orgId = input.orgId ?? null;
    if (input.decisionId) {
      const d = await visibleDecision(tx, access, input.decisionId);
      if (d.target_kind !== 'person') throw badInput('回访对象须为受到问责或处分的个人', 'A follow-up visit is to a person');
      if (d.status !== 'effective') throw badInput('该决定尚未生效或已撤销，不能回访', 'The decision is not in effect');
      if (toDayNumber(visitedOn) < toDayNumber(d.effective_on!)) throw badInput('回访日期早于决定生效日期', 'The visit is before the decision took effect');
      personName ??= d.person_name;
      personTitle ??= d.person_title;
      orgId ??= d.target_org_id;
    }
    if (!personName) throw badInput('请填写回访对象姓名', 'Person name is required');
    if (!orgId) throw badInput('请填写回访对象所在单位', 'The person\u2019s organisation is required');
    await orgExists(tx, orgId);
    return insertCareRecord(tx, actor, access, 'account_revisits', {
      decision_id: input.decisionId ?? null,
      person_name: personName,
      person_title: personTitle,
      org_id: orgId,
      visited_on: visitedOn,
      method: input.method,
      visitors,
      findings,
      assessment: input.assessment,
      follow_up: input.followUp ?? null,
    }, { decision_id: input.decisionId ?? null, org_id: orgId, method: input.method, assessment: input.assessment });
  });
}

function careFilter(access: AccessContext, table: CareTable, query: { from?: DateString; to?: DateString }): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [visible(access, table, 'org_id')];
  const date = sql.ref(`${table}.${CARE_DATE[table]}`);
  if (query.from) {
    toDayNumber(query.from);
    parts.push(sql<SqlBool>`${date} >= ${query.from}::date`);
  }
  if (query.to) {
    toDayNumber(query.to);
    parts.push(sql<SqlBool>`${date} <= ${query.to}::date`);
  }
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

const orgNames = async (db: Queryable, ids: number[]) => {
  const m = new Map<number, string>();
  if (ids.length) for (const o of await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute()) m.set(o.id, o.name);
  return m;
};

type CareQuery = PageQuery & { from?: DateString; to?: DateString };
/** A row of one care table; all three name the person's unit and the handling body. */
type CareRow<T extends CareTable> = Selectable<Database[T]> & { org_id: number; handling_org_id: number };

/**
 * One page of care records, newest first (by the record's date), each with the names of the
 * person's unit and of the handling body, and the labels `labelsOf` gives.
 */
async function careListPage<T extends CareTable, Labels extends object>(
  db: Queryable,
  table: T,
  where: Expression<SqlBool>,
  query: PageQuery,
  labelsOf: (row: CareRow<T>) => Labels,
) {
  const { page: p, pageSize, offset } = page(query);
  const from: CareTable = table; // Kysely types the query over the union; the rows are those of `table`
  const total = await db.selectFrom(from).where(where).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = (await db
    .selectFrom(from)
    .selectAll()
    .where(where)
    .orderBy(sql.ref(`${table}.${CARE_DATE[table]}`), 'desc')
    .orderBy(sql.ref(`${table}.id`), 'desc')
    .limit(pageSize)
    .offset(offset)
    .execute()) as unknown as CareRow<T>[];
  const names = await orgNames(db, rows.flatMap((r) => [r.org_id, r.handling_org_id]));
  return {
    items: rows.map((r) => ({ ...r, org_name: names.get(r.org_id) ?? null, handling_org_name: names.get(r.handling_org_id) ?? null, ...labelsOf(r) })),
    total: Number(total.n),
    page: p,
    pageSize,
  };
}

export async function listTolerances(db: Queryable, access: AccessContext, query: CareQuery = {}) {
  return careListPage(db, 'account_tolerances', careFilter(access, 'account_tolerances', query), query, (r) => ({
    distinction_label: DISTINCTION_LABELS[r.distinction],
    outcome_label: TOLERANCE_OUTCOME_LABELS[r.outcome],
  }));
}

export async function listClearings(db: Queryable, access: AccessContext, query: CareQuery & { false_accusation?: boolean } = {}) {
  let where = careFilter(access, 'account_clearings', query);
  if (query.false_accusation !== undefined) where = sql<SqlBool>`(${where} AND account_clearings.false_accusation = ${query.false_accusation})`;
  return careListPage(db, 'account_clearings', where, query, (r) => ({ method_label: CLEARING_METHOD_LABELS[r.method] }));
}

const revisitLabels = (r: CareRow<'account_revisits'>) => ({ method_label: REVISIT_METHOD_LABELS[r.method], assessment_label: REVISIT_ASSESSMENT_LABELS[r.assessment] });

export async function listRevisits(db: Queryable, access: AccessContext, query: CareQuery & { decision_id?: number } = {}) {
  let where = careFilter(access, 'account_revisits', query);
  if (query.decision_id) where = sql<SqlBool>`(${where} AND account_revisits.decision_id = ${query.decision_id})`;
  return careListPage(db, 'account_revisits', where, query, revisitLabels);
}

/** The three care counts of the dashboard (容错纠错 / 澄清正名 / 回访), with 诬告陷害 查处 among the clearings. */
export async function careCounts(db: Queryable, access: AccessContext, query: { from?: DateString; to?: DateString } = {}) {
  const count = async (table: CareTable, extra?: Expression<SqlBool>) => {
    let q = db.selectFrom(table).where(careFilter(access, table, query));
    if (extra) q = q.where(extra);
    const r = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return {
    tolerance: await count('account_tolerances'),
    clearing: await count('account_clearings'),
    false_accusation: await count('account_clearings', sql<SqlBool>`account_clearings.false_accusation`),
    revisit: await count('account_revisits'),
  };
}

/** Labels of every enumeration, for forms and filters in the UI. */
export function accountabilityCatalog() {
  return {
    measures: Object.entries(MEASURE_LABELS).map(([value, label]) => ({ value, label, target_kind: MEASURE_TARGET[value as Measure], major: isMajor(value as Measure) })),
    party_sanctions: Object.entries(PARTY_SANCTION_LABELS).map(([value, label]) => ({ value, label })),
    gov_sanctions: Object.entries(GOV_SANCTION_LABELS).map(([value, label]) => ({ value, label })),
    forms: Object.entries(FORM_LABELS).map(([value, label]) => ({ value: Number(value), label })),
    distinctions: Object.entries(DISTINCTION_LABELS).map(([value, label]) => ({ value, label })),
    tolerance_outcomes: Object.entries(TOLERANCE_OUTCOME_LABELS).map(([value, label]) => ({ value, label })),
    clearing_methods: Object.entries(CLEARING_METHOD_LABELS).map(([value, label]) => ({ value, label })),
    revisit_methods: Object.entries(REVISIT_METHOD_LABELS).map(([value, label]) => ({ value, label })),
    revisit_assessments: Object.entries(REVISIT_ASSESSMENT_LABELS).map(([value, label]) => ({ value, label })),
    decision_states: Object.entries(DECISION_STATE_LABELS).map(([value, label]) => ({ value, label })),
  };
}
