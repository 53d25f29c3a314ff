/**
 * 巡中 / 巡后 work on a target: findings, clue transfer (边巡边查: the transfer's handling deadline
 * shortens to the round's `expedite_days`), 立行立改 (ledger item + 交办 to the unit with cc to its
 * dispatched group), the second deputy's guidance on evidence, 巡察反馈, the rectification ledger,
 * and the round's special audits (巡审联动) whose findings flow into the round.
 *
 * Other areas are called through their services: clues (createClueFromSource, grantClue),
 * transfers (sendTransfer), rectification (createLedgerItem), collaboration
 * (assertTransferAllowed), notifications (notify).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import { grantClue } from '../clues/clue-access.ts';
import { type NewPerson, createClueFromSource } from '../clues/clues.service.ts';
import { ledgerStatusByIds } from '../collaboration/adapters.ts';
import { requireText, stale } from '../collaboration/common.ts';
import { assertTransferAllowed } from '../collaboration/mechanisms.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { createLedgerItem } from '../rectification/rectification.service.ts';
import { sendTransfer } from '../transfers/transfers.service.ts';
import { type RoundFacts, assertOnTarget, mayOnTarget, maySetUp, mayReportAudit, visibleTargets, who } from './inspections.policy.ts';
import { roundFacts, visibleRound } from './rounds.service.ts';
import { DISPOSITION_LABELS, type Disposition, FINDING_CATEGORIES, FINDING_STATE_LABELS } from './schema.ts';
import { assertPhaseAllows, isTourTransfer } from './workflow.ts';

export const FINDING = 'insp_finding';
export const AUDIT = 'insp_audit';
export const TARGET = 'insp_target';

type Facts = Awaited<ReturnType<typeof roundFacts>>;

/** Load the target's round (visible to the user) and the target row. */
async function targetContext(tx: Queryable, access: AccessContext | null, targetId: number) {
  const t = await tx.selectFrom('insp_targets').innerJoin('orgs', 'orgs.id', 'insp_targets.target_org_id').selectAll('insp_targets').select('orgs.name as target_org_name').where('insp_targets.id', '=', targetId).executeTakeFirst();
  if (!t) throw notFound('被巡察单位', 'Target');
  const f = access ? await visibleRound(tx, access, t.round_id) : await roundFacts(tx, t.round_id);
  if (access && !visibleTargets(who(access), f).includes(targetId)) throw notFound('被巡察单位', 'Target');
  const team = await tx.selectFrom('insp_teams').select(['id', 'org_id', 'name']).where('id', '=', t.team_id).executeTakeFirstOrThrow();
  return { f, t, team };
}

async function findingContext(tx: Queryable, access: AccessContext | null, findingId: number, lock = false) {
  let q = tx.selectFrom('insp_findings').selectAll().where('id', '=', findingId);
  if (lock) q = q.forUpdate();
  const fd = await q.executeTakeFirst();
  if (!fd) throw notFound('发现问题', 'Finding');
  return { fd, ...(await targetContext(tx, access, fd.target_id)) };
}

function checkCategory(c: string) {
  if (!(FINDING_CATEGORIES as readonly string[]).includes(c)) throw badInput(`未知的问题类别：${c}（可选：${FINDING_CATEGORIES.join('、')}）`, `Unknown category ${c}`);
}

async function insertFinding(
  tx: Queryable,
  actor: Actor,
  f: Facts,
  targetId: number,
  input: { source: 'inspection' | 'audit'; auditId?: number | null; category: string; title: string; description: string; disposition: Disposition },
) {
  await sql`SELECT id FROM insp_rounds WHERE id = ${f.row.id} FOR UPDATE`.execute(tx);
  const last = await tx.selectFrom('insp_findings').select(sql<number>`coalesce(max(seq), 0)`.as('n')).where('round_id', '=', f.row.id).executeTakeFirstOrThrow();
  const seq = Number(last.n) + 1;
  const code = `${f.row.code}-${String(seq).padStart(3, '0')}`;
  const row = await tx
    .insertInto('insp_findings')
    .values({
      round_id: f.row.id,
      target_id: targetId,
      seq,
      code,
      source: input.source,
      audit_id: input.auditId ?? null,
      category: input.category,
      title: requireText(input.title, '问题标题', 'Title'),
      description: requireText(input.description, '问题描述', 'Description'),
      disposition: input.disposition,
      status: 'open',
      clue_id: null,
      transfer_id: null,
      transfer_code: null,
      rect_item_id: null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, actor, {
    action: 'inspection.finding.create',
    objectType: FINDING,
    objectId: row.id,
    detail: { code, round_id: f.row.id, target_id: targetId, source: input.source, audit_id: input.auditId ?? null, disposition: input.disposition },
  });
  return { id: row.id, code, seq };
}

export interface FindingInput {
  category: string;
  title: string;
  description: string;
  disposition: Disposition;
}

/** 登记发现问题 (巡中 or 巡后) by the team. */
export async function recordFinding(db: Queryable, actor: Actor, access: AccessContext, targetId: number, input: FindingInput) {
  checkCategory(input.category);
  return inTx(db, async (tx) => {
    const { f } = await targetContext(tx, access, targetId);
    assertOnTarget(who(access), f, 'find', targetId);
    assertPhaseAllows(f.row.phase, 'find');
    return insertFinding(tx, actor, f, targetId, { ...input, source: 'inspection' });
  });
}

export interface ClueTransferInput {
  /** The body that will dispose of the clue (e.g. 第一监督检查室, 案件监督管理室). */
  receiverOrgId: number;
  persons: NewPerson[];
  summary?: string;
  domainTags?: string[];
  note?: string | null;
}

/**
 * Register the finding as a problem clue (source: 巡视巡察) and transfer it. During the tour
 * this is 边巡边查: the transfer is marked as such and its handling deadline is the round's
 * `expedite_days`. The team's second deputies are given the clue.
 */
export async function transferFindingAsClue(db: Queryable, cipher: FieldCipher, actor: Actor, access: AccessContext, findingId: number, input: ClueTransferInput) {
  return inTx(db, async (tx) => {
    const { fd, f, t, team } = await findingContext(tx, access, findingId, true);
    assertOnTarget(who(access), f, 'find', fd.target_id);
    assertPhaseAllows(f.row.phase, 'transfer');
    if (fd.disposition !== 'clue') throw new AppError('bad_state', `该问题的处置方式为“${DISPOSITION_LABELS[fd.disposition]}”，不是问题线索`, 'The finding is not a clue', 409);
    if (fd.status !== 'open') throw new AppError('bad_state', `该问题${FINDING_STATE_LABELS[fd.status]}`, `The finding is already ${fd.status}`, 409);
    const clue = await createClueFromSource(tx, cipher, actor, access, {
      sourceType: 'inspection',
      sourceRef: `inspection:${fd.code}`,
      sourceOrgId: team.org_id,
      title: `${f.row.name}移交：${fd.title}`,
      summary: input.summary?.trim() || fd.description,
      domainTags: input.domainTags,
      persons: input.persons,
    });
    const deputies = f.teams.find((x) => x.id === team.id)!.members.filter((m) => m.role === 'second_deputy');
    for (const d of deputies) await grantClue(tx, clue.id, { userId: d.userId }, access.userId);
    const tour = isTourTransfer(f.row.phase);
    const tr = await sendTransfer(tx, actor, access, {
      receiverOrgId: input.receiverOrgId,
      objectType: 'clue',
      items: [{ objectId: clue.id }],
      title: `${f.row.name}${tour ? '边巡边查' : ''}移交问题线索（${t.target_org_name}）`,
      note: input.note ?? null,
      tour,
      handleDays: tour ? f.row.expedite_days : undefined,
    });
    await tx
      .updateTable('insp_findings')
      .set({ status: 'transferred', clue_id: clue.id, transfer_id: tr.id, transfer_code: tr.code, version: fd.version + 1 })
      .where('id', '=', fd.id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'inspection.finding.transfer',
      objectType: FINDING,
      objectId: fd.id,
      detail: { clue_id: clue.id, clue_code: clue.code, transfer_id: tr.id, transfer_code: tr.code, receiver_org_id: input.receiverOrgId, tour, handle_days: tr.handle_days, second_deputies: deputies.map((d) => d.userId) },
    });
    return { clue_id: clue.id, clue_code: clue.code, transfer_id: tr.id, transfer_code: tr.code, tour, handle_days: tr.handle_days, ack_due: tr.ack_due };
  });
}

export interface ImmediateInput {
  responsibleLeaderName: string;
  responsibleLeaderTitle?: string | null;
  measures?: string;
  /** Working days (default 10). */
  timeLimitDays?: number;
}

/**
 * 立行立改: the problem goes on the rectification ledger at once (supervised by the target's
 * dispatched group) and is handed to the unit as a transfer copied to the dispatched group.
 */
export async function orderImmediateFix(db: Queryable, actor: Actor, access: AccessContext, findingId: number, input: ImmediateInput) {
  return inTx(db, async (tx) => {
    const { fd, f, t } = await findingContext(tx, access, findingId, true);
    assertOnTarget(who(access), f, 'find', fd.target_id);
    assertPhaseAllows(f.row.phase, 'immediate');
    if (fd.disposition !== 'immediate') throw new AppError('bad_state', '该问题未确定为立行立改', 'The finding is not marked for immediate rectification', 409);
    if (fd.status !== 'open') throw new AppError('bad_state', `该问题${FINDING_STATE_LABELS[fd.status]}`, `The finding is already ${fd.status}`, 409);
    const item = await ledgerItemFor(tx, actor, f, t, fd, { ...input, timeLimitDays: input.timeLimitDays ?? 10 });
    const tr = await sendTransfer(tx, actor, access, {
      receiverOrgId: t.target_org_id,
      objectType: 'rectification',
      items: [{ objectId: item.id, title: fd.title, snapshot: { finding: fd.code, ledger_code: item.code, title: fd.title, description: fd.description, measures: input.measures ?? '', deadline: item.deadline } }],
      title: `${f.row.name}立行立改交办（${t.target_org_name}）`,
      tour: true,
      ccOrgIds: [t.supervising_org_id],
    });
    await tx
      .updateTable('insp_findings')
      .set({ status: 'immediate', rect_item_id: item.id, transfer_id: tr.id, transfer_code: tr.code, version: fd.version + 1 })
      .where('id', '=', fd.id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'inspection.finding.immediate',
      objectType: FINDING,
      objectId: fd.id,
      detail: { rect_item_id: item.id, ledger_code: item.code, deadline: item.deadline, transfer_code: tr.code, cc_org_id: t.supervising_org_id },
    });
    return { rect_item_id: item.id, ledger_code: item.code, deadline: item.deadline, transfer_id: tr.id, transfer_code: tr.code };
  });
}

/**
 * The ledger item of a finding: responsible unit = the target, supervising body = its dispatched
 * group (who follows up and verifies 销号). The inspection area has checked its own policy; the
 * ledger entry is made as the round's system caller because the inspection team is neither the
 * responsible unit nor the supervising body.
 */
async function ledgerItemFor(
  tx: Queryable,
  actor: Actor,
  f: Facts,
  t: { target_org_id: number; supervising_org_id: number },
  fd: { id: number; code: string; title: string; description: string },
  input: ImmediateInput & { deadline?: DateString },
) {
  return createLedgerItem(tx, actor, null, {
    sourceType: 'inspection',
    sourceRef: `inspection:${fd.code}`,
    inspectionRoundId: f.row.id,
    title: fd.title,
    description: fd.description,
    responsibleOrgId: t.target_org_id,
    responsibleLeaderName: input.responsibleLeaderName,
    responsibleLeaderTitle: input.responsibleLeaderTitle ?? null,
    supervisingOrgId: t.supervising_org_id,
    measures: input.measures,
    deadline: input.deadline,
    timeLimitDays: input.deadline ? undefined : input.timeLimitDays,
  });
}

/** The second deputy's (or the dispatched group's) guidance on fixing evidence; team members add notes. */
export async function addFindingNote(db: Queryable, actor: Actor, access: AccessContext, findingId: number, input: { text: string }) {
  const text = requireText(input.text, '意见内容', 'Text');
  return inTx(db, async (tx) => {
    const { fd, f, team } = await findingContext(tx, access, findingId);
    const w = who(access);
    const kind: 'guidance' | 'note' = mayOnTarget(w, f, 'guide', fd.target_id) ? 'guidance' : 'note';
    if (kind === 'note') assertOnTarget(w, f, 'find', fd.target_id);
    assertPhaseAllows(f.row.phase, 'guide');
    const row = await tx
      .insertInto('insp_finding_notes')
      .values({ finding_id: fd.id, kind, text, author_id: access.userId, author_name: access.displayName })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: `inspection.finding.${kind}`, objectType: FINDING, objectId: fd.id, detail: { note_id: row.id } });
    if (kind === 'guidance') {
      await notify(tx, { to: { orgId: team.org_id }, permission: 'inspection:edit', kind: 'inspection.guidance', title: `${fd.code} 收到固定证据指导意见`, link: `/inspections/${f.row.id}`, objectType: FINDING, objectId: fd.id });
    }
    return { id: row.id, kind };
  });
}

/** 巡察反馈: the team leader (or the organiser) feeds back to the unit; the unit and its dispatched group are notified. */
export async function feedbackTarget(db: Queryable, actor: Actor, access: AccessContext, targetId: number, input: { version: number; feedbackOn?: DateString; note: string }) {
  const note = requireText(input.note, '反馈意见', 'Feedback');
  const on = input.feedbackOn ?? todayInShanghai();
  toDayNumber(on);
  return inTx(db, async (tx) => {
    const { f, t } = await targetContext(tx, access, targetId);
    assertOnTarget(who(access), f, 'feedback', targetId);
    assertPhaseAllows(f.row.phase, 'feedback');
    if (t.version !== input.version) throw stale();
    await tx.updateTable('insp_targets').set({ feedback_on: on, feedback_note: note, version: t.version + 1 }).where('id', '=', targetId).where('version', '=', t.version).execute();
    const problems = await tx.selectFrom('insp_findings').select(sql<number>`count(*)`.as('n')).where('target_id', '=', targetId).where('disposition', '<>', 'clue').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'inspection.feedback', objectType: TARGET, objectId: targetId, detail: { round_id: f.row.id, feedback_on: on, problems: Number(problems.n) } });
    await notify(tx, {
      to: [{ orgId: t.target_org_id }, { orgId: t.supervising_org_id }],
      kind: 'inspection.feedback',
      title: `${f.row.name}已向${t.party_org_name}反馈巡察意见（发现问题${Number(problems.n)}个），请抓好整改`,
      link: `/inspections/${f.row.id}`,
      objectType: TARGET,
      objectId: targetId,
    });
    return { version: t.version + 1 };
  });
}

/**
 * 整改台账: after the feedback, every open problem of the target (the team's and the special
 * audits') goes on the rectification ledger, supervised by the dispatched group.
 */
export async function putFindingsOnLedger(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  targetId: number,
  input: { responsibleLeaderName: string; responsibleLeaderTitle?: string | null; deadline?: DateString; timeLimitDays?: number; measures?: string },
) {
  requireText(input.responsibleLeaderName, '整改主体责任领导', 'Responsible leader');
  if (!input.deadline && !input.timeLimitDays) throw badInput('须填写整改时限（截止日期或天数）', 'A deadline is required');
  return inTx(db, async (tx) => {
    const { f, t } = await targetContext(tx, access, targetId);
    assertOnTarget(who(access), f, 'ledger', targetId);
    assertPhaseAllows(f.row.phase, 'ledger');
    if (!t.feedback_on) throw new AppError('feedback_missing', '须先完成巡察反馈，再建立整改台账', 'Feed back to the unit first', 409);
    const open = await tx.selectFrom('insp_findings').selectAll().where('target_id', '=', targetId).where('status', '=', 'open').where('disposition', '=', 'problem').orderBy('seq').forUpdate().execute();
    const items: { finding_id: number; rect_item_id: number; ledger_code: string }[] = [];
    for (const fd of open) {
      const item = await ledgerItemFor(tx, actor, f, t, fd, input);
      await tx.updateTable('insp_findings').set({ status: 'on_ledger', rect_item_id: item.id, version: fd.version + 1 }).where('id', '=', fd.id).execute();
      items.push({ finding_id: fd.id, rect_item_id: item.id, ledger_code: item.code });
    }
    await recordAudit(tx, actor, { action: 'inspection.ledger', objectType: TARGET, objectId: targetId, detail: { round_id: f.row.id, items } });
    if (items.length) {
      await notify(tx, {
        to: [{ orgId: t.target_org_id }, { orgId: t.supervising_org_id }],
        kind: 'inspection.ledger',
        title: `${f.row.name}反馈问题${items.length}个已列入整改台账，请按期整改`,
        link: '/rectification',
        objectType: TARGET,
        objectId: targetId,
      });
    }
    return { items };
  });
}

// ---------------------------------------------------------------------------------------------
// Special audits (巡审联动)
// ---------------------------------------------------------------------------------------------

export interface AuditInput {
  targetId: number;
  auditOrgId: number;
  title: string;
  kind: 'economic_responsibility' | 'special';
  scope?: string | null;
  startsOn: DateString;
  endsOn?: DateString | null;
}

/**
 * Run a special audit (“经济体检”) on a target of the round. The audit body must be allowed, by a
 * collaboration mechanism in force, to send its findings (`audit_finding`) to the inspection team.
 */
export async function createAudit(db: Queryable, actor: Actor, access: AccessContext | null, roundId: number, input: AuditInput) {
  toDayNumber(input.startsOn);
  return inTx(db, async (tx) => {
    const f = await roundFacts(tx, roundId);
    if (access && !maySetUp(who(access), f)) throw forbidden('只有巡察机构的巡察管理人员可以部署巡审联动', 'Only inspection staff may set up a joint audit');
    assertPhaseAllows(f.row.phase, 'audit');
    const target = f.targets.find((x) => x.id === input.targetId);
    if (!target) throw notFound('被巡察单位', 'Target');
    const team = f.teams.find((x) => x.id === target.teamId)!;
    await assertTransferAllowed(tx, input.auditOrgId, team.orgId, 'audit_finding');
    const row = await tx
      .insertInto('insp_audits')
      .values({
        round_id: roundId,
        target_id: input.targetId,
        audit_org_id: input.auditOrgId,
        title: requireText(input.title, '审计项目名称', 'Title'),
        kind: input.kind,
        scope: input.scope ?? null,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        status: 'in_progress',
        report_summary: null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'inspection.audit.create', objectType: AUDIT, objectId: row.id, detail: { round_id: roundId, target_id: input.targetId, audit_org_id: input.auditOrgId, kind: input.kind } });
    await notify(tx, {
      to: { orgId: input.auditOrgId },
      permission: 'transfer:send',
      kind: 'inspection.audit',
      title: `${f.row.name}巡审联动：请开展“${input.title}”，发现问题报送巡察组`,
      link: `/inspections/${roundId}`,
      objectType: AUDIT,
      objectId: row.id,
    });
    return { id: row.id };
  });
}

async function auditContext(tx: Queryable, auditId: number) {
  const a = await tx.selectFrom('insp_audits').selectAll().where('id', '=', auditId).executeTakeFirst();
  if (!a) throw notFound('专项审计', 'Audit');
  const f = await roundFacts(tx, a.round_id);
  const target = f.targets.find((x) => x.id === a.target_id)!;
  const team = f.teams.find((x) => x.id === target.teamId)!;
  return { a, f, team };
}

/** May the user act for the audit (the audit body) or for the team? 404 when neither. */
function auditActor(access: AccessContext, f: RoundFacts, a: { audit_org_id: number; target_id: number }) {
  const w = who(access);
  if (mayReportAudit(w, a)) return 'audit_body' as const;
  if (visibleTargets(w, f).includes(a.target_id)) {
    assertOnTarget(w, f, 'find', a.target_id);
    return 'team' as const;
  }
  throw notFound('专项审计', 'Audit');
}

/**
 * The audit body reports a finding of the special audit: it becomes a finding of the round
 * (source 审计) — refused unless a mechanism in force lets the audit body send it to the team.
 */
export async function reportAuditFinding(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  auditId: number,
  input: { title: string; description: string; disposition?: 'problem' | 'clue'; category?: string },
) {
  const category = input.category ?? '审计发现问题';
  checkCategory(category);
  return inTx(db, async (tx) => {
    const { a, f, team } = await auditContext(tx, auditId);
    const as = auditActor(access, f, a);
    assertPhaseAllows(f.row.phase, 'audit_finding');
    if (as === 'audit_body') await assertTransferAllowed(tx, access.orgId, team.orgId, 'audit_finding');
    const r = await insertFinding(tx, actor, f, a.target_id, { source: 'audit', auditId, category, title: input.title, description: input.description, disposition: input.disposition ?? 'problem' });
    await notify(tx, { to: { orgId: team.orgId }, permission: 'inspection:edit', kind: 'inspection.audit_finding', title: `巡审联动：${r.code} 审计发现问题已报送`, link: `/inspections/${f.row.id}`, objectType: FINDING, objectId: r.id });
    return r;
  });
}

/** The audit body reports the audit done (审计报告要点). */
export async function completeAudit(db: Queryable, actor: Actor, access: AccessContext, auditId: number, input: { version: number; reportSummary: string }) {
  const summary = requireText(input.reportSummary, '审计报告要点', 'Report summary');
  return inTx(db, async (tx) => {
    const { a, f } = await auditContext(tx, auditId);
    auditActor(access, f, a);
    if (a.version !== input.version) throw stale();
    if (a.status === 'reported') throw new AppError('bad_state', '该专项审计已报告', 'Already reported', 409);
    await tx.updateTable('insp_audits').set({ status: 'reported', report_summary: summary, ends_on: a.ends_on ?? todayInShanghai(), version: a.version + 1 }).where('id', '=', auditId).execute();
    await recordAudit(tx, actor, { action: 'inspection.audit.report', objectType: AUDIT, objectId: auditId });
    return { version: a.version + 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** Findings of the round's targets the user may see, with the ledger status of those on it. */
export async function listFindings(db: Queryable, access: AccessContext, roundId: number, q: { target_id?: number; source?: string; disposition?: string; status?: string } = {}) {
  const f = await visibleRound(db, access, roundId);
  const mine = visibleTargets(who(access), f);
  if (!mine.length) return { items: [] };
  let base = db
    .selectFrom('insp_findings')
    .innerJoin('insp_targets', 'insp_targets.id', 'insp_findings.target_id')
    .innerJoin('orgs', 'orgs.id', 'insp_targets.target_org_id')
    .selectAll('insp_findings')
    .select(['orgs.name as target_org_name', 'insp_targets.target_org_id'])
    .select(sql<number>`(SELECT count(*) FROM insp_finding_notes n WHERE n.finding_id = insp_findings.id)::int`.as('notes'))
    .where('insp_findings.target_id', 'in', mine);
  if (q.target_id) base = base.where('insp_findings.target_id', '=', q.target_id);
  if (q.source) base = base.where('insp_findings.source', '=', q.source as never);
  if (q.disposition) base = base.where('insp_findings.disposition', '=', q.disposition as never);
  if (q.status) base = base.where('insp_findings.status', '=', q.status as never);
  const rows = await base.orderBy('insp_findings.seq').execute();
  const ledger = await ledgerStatusByIds(db, access, rows.filter((r) => r.rect_item_id).map((r) => ({ id: r.rect_item_id!, responsibleOrgId: r.target_org_id })));
  return {
    items: rows.map((r) => ({
      ...r,
      disposition_label: DISPOSITION_LABELS[r.disposition],
      status_label: FINDING_STATE_LABELS[r.status],
      ledger: r.rect_item_id ? (ledger.get(r.rect_item_id) ?? null) : null,
    })),
  };
}

/** One finding with its notes (guidance). An audited read. */
export async function getFinding(db: Queryable, actor: Actor, access: AccessContext, findingId: number) {
  return inTx(db, async (tx: Tx) => {
    const { fd, t } = await findingContext(tx, access, findingId);
    const notes = await tx.selectFrom('insp_finding_notes').selectAll().where('finding_id', '=', findingId).orderBy('id').execute();
    await recordAudit(tx, actor, { action: 'inspection.finding.read', objectType: FINDING, objectId: findingId });
    return { ...fd, target_org_name: t.target_org_name, disposition_label: DISPOSITION_LABELS[fd.disposition], status_label: FINDING_STATE_LABELS[fd.status], notes };
  });
}

