/**
 * Rounds (轮次): set-up (teams with their 组长/副组长/成员 and 第二副组长, targets with their
 * dispatched groups), phases, reading, and the round's counts (发现问题、移交线索、党纪政务处分、整改).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { type DateString, toDayNumber, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { grantClue } from '../clues/clue-access.ts';
import { notify } from '../notifications/notifications.service.ts';
import { ledgerStatusByIds, sanctionsForClues } from '../collaboration/adapters.ts';
import { loadOrgFacts, paging, requireText, stale } from '../collaboration/common.ts';
import { type RoundFacts, type Who, isGroup, isOrganizer, isSecondDeputy, isTeamLeader, isTeamMember, maySeeRound, maySetUp, visibleTargets, who } from './inspections.policy.ts';
import { MEMBER_ROLE_LABELS, type MemberRole, ROUND_KIND_LABELS, type RoundKind } from './schema.ts';
import { ACTION_PHASES, PHASE_LABELS, type PhaseEvent, ROUND_ACTIONS, nextPhase } from './workflow.ts';

export const ROUND = 'insp_round';

export interface TeamInput {
  name?: string;
  orgId: number;
  members: { userId: number; role: MemberRole }[];
}

export interface TargetInput {
  orgId: number;
  /** The team's org (one of `teams`). */
  teamOrgId: number;
  partyOrgName?: string;
  supervisingOrgId: number;
}

export interface RoundInput {
  name: string;
  term: string;
  roundNo: number;
  kind?: RoundKind;
  organizerOrgId?: number;
  startsOn: DateString;
  endsOn: DateString;
  focus?: string | null;
  expediteDays?: number;
  teams: TeamInput[];
  targets: TargetInput[];
}

const COMMISSION_KINDS = ['commission', 'office', 'dispatched_group'];

/** Everything the policy needs about a round. */
export async function roundFacts(db: Queryable, roundId: number): Promise<RoundFacts & { row: Awaited<ReturnType<typeof loadRow>> }> {
  const row = await loadRow(db, roundId);
  const [teams, members, targets] = await Promise.all([
    db.selectFrom('insp_teams').select(['id', 'org_id']).where('round_id', '=', roundId).orderBy('id').execute(),
    db
      .selectFrom('insp_team_members')
      .innerJoin('insp_teams', 'insp_teams.id', 'insp_team_members.team_id')
      .select(['insp_team_members.team_id', 'insp_team_members.user_id', 'insp_team_members.role'])
      .where('insp_teams.round_id', '=', roundId)
      .execute(),
    db.selectFrom('insp_targets').select(['id', 'team_id', 'target_org_id', 'supervising_org_id']).where('round_id', '=', roundId).orderBy('id').execute(),
  ]);
  return {
    row,
    organizerOrgId: row.organizer_org_id,
    teams: teams.map((t) => ({ id: t.id, orgId: t.org_id, members: members.filter((m) => m.team_id === t.id).map((m) => ({ userId: m.user_id, role: m.role })) })),
    targets: targets.map((t) => ({ id: t.id, teamId: t.team_id, targetOrgId: t.target_org_id, supervisingOrgId: t.supervising_org_id })),
  };
}

async function loadRow(db: Queryable, id: number) {
  const r = await db.selectFrom('insp_rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('巡察轮次', 'Round');
  return r;
}

/** The round as the user may see it (404 when not). */
export async function visibleRound(db: Queryable, access: AccessContext, id: number) {
  const f = await roundFacts(db, id);
  if (!maySeeRound(who(access), f)) throw notFound('巡察轮次', 'Round');
  return f;
}

async function validateSetup(db: Queryable, input: Pick<RoundInput, 'teams' | 'targets'> & { organizerOrgId: number }) {
  const orgIds = [input.organizerOrgId, ...input.teams.map((t) => t.orgId), ...input.targets.flatMap((t) => [t.orgId, t.supervisingOrgId])];
  const facts = await loadOrgFacts(db, orgIds);
  const userIds = [...new Set(input.teams.flatMap((t) => t.members.map((m) => m.userId)))];
  const users = userIds.length ? await db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').select(['users.id', 'users.display_name', 'users.status', 'orgs.kind']).where('users.id', 'in', userIds).execute() : [];
  for (const t of input.teams) {
    if (!t.members.some((m) => m.role === 'leader')) throw badInput(`巡察组“${facts.get(t.orgId)!.name}”须有组长`, `Team ${t.orgId} needs a leader`);
    for (const m of t.members) {
      const u = users.find((x) => x.id === m.userId);
      if (u?.status !== 'active') throw notFound(`用户 ${m.userId}`, `User ${m.userId}`);
      if (m.role === 'second_deputy' && !COMMISSION_KINDS.includes(u.kind)) {
        throw badInput(`第二副组长须由纪委监委机关或派驻纪检监察组干部担任（${u.display_name}不符合）`, 'The second deputy leader must come from the commission or a dispatched group');
      }
    }
  }
  if (new Set(input.teams.map((t) => t.orgId)).size !== input.teams.length) throw badInput('同一巡察组不能重复列出', 'A team appears twice');
  if (new Set(input.targets.map((t) => t.orgId)).size !== input.targets.length) throw badInput('同一被巡察单位不能重复列出', 'A target appears twice');
  for (const t of input.targets) {
    if (!input.teams.some((x) => x.orgId === t.teamOrgId)) throw badInput(`被巡察单位“${facts.get(t.orgId)!.name}”的巡察组不在本轮名单中`, 'The target’s team is not in this round');
    if (!COMMISSION_KINDS.includes(facts.get(t.supervisingOrgId)!.kind)) {
      throw badInput(`“${facts.get(t.supervisingOrgId)!.name}”不是纪检监察机构，不能承担日常监督和整改督促`, 'The follow-up body must be a commission body or a dispatched group');
    }
  }
  return facts;
}

async function insertTeams(tx: Queryable, roundId: number, teams: TeamInput[], facts: Map<number, { name: string }>) {
  const ids = new Map<number, number>();
  for (const t of teams) {
    const row = await tx.insertInto('insp_teams').values({ round_id: roundId, name: t.name?.trim() || facts.get(t.orgId)!.name, org_id: t.orgId }).returning('id').executeTakeFirstOrThrow();
    ids.set(t.orgId, row.id);
    if (t.members.length) await tx.insertInto('insp_team_members').values(t.members.map((m) => ({ team_id: row.id, user_id: m.userId, role: m.role }))).execute();
  }
  return ids;
}

/** Set up a round (筹备): its teams and targets. `access = null`: system caller (demo, import). */
export async function createRound(db: Queryable, actor: Actor, access: AccessContext | null, input: RoundInput): Promise<{ id: number; code: string }> {
  const organizerOrgId = input.organizerOrgId ?? access?.orgId;
  if (!organizerOrgId) throw badInput('须指定组织单位（巡察办）', 'The organising body is required');
  if (access && !maySetUp(who(access), { organizerOrgId })) throw forbidden('只有巡察机构的巡察管理人员可以部署巡察', 'Only inspection staff of the organising body may set up a round');
  requireText(input.name, '轮次名称', 'Name');
  requireText(input.term, '届次', 'Term');
  toDayNumber(input.startsOn);
  if (toDayNumber(input.endsOn) < toDayNumber(input.startsOn)) throw badInput('结束日期早于开始日期', 'The end date is before the start date');
  if (!input.teams.length || !input.targets.length) throw badInput('须至少有一个巡察组和一个被巡察单位', 'At least one team and one target are required');
  const facts = await validateSetup(db, { ...input, organizerOrgId });
  return inTx(db, async (tx) => {
    const dup = await tx.selectFrom('insp_rounds').select('id').where('name', '=', input.name.trim()).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `巡察轮次“${input.name}”已存在`, `Round "${input.name}" already exists`, 409);
    const { rows } = await sql<{ id: number }>`SELECT nextval('insp_rounds_id_seq')::int AS id`.execute(tx);
    const id = Number(rows[0].id);
    const code = `XC-${input.startsOn.slice(0, 4)}-${String(id).padStart(3, '0')}`;
    await tx
      .insertInto('insp_rounds')
      .values({
        id,
        code,
        name: input.name.trim(),
        term: input.term.trim(),
        round_no: input.roundNo,
        kind: input.kind ?? 'routine',
        organizer_org_id: organizerOrgId,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        focus: input.focus ?? null,
        phase: 'planning',
        expedite_days: input.expediteDays ?? 10,
        created_by: actor.userId,
      })
      .execute();
    const teamIds = await insertTeams(tx, id, input.teams, facts);
    await tx
      .insertInto('insp_targets')
      .values(
        input.targets.map((t) => ({
          round_id: id,
          team_id: teamIds.get(t.teamOrgId)!,
          target_org_id: t.orgId,
          party_org_name: t.partyOrgName?.trim() || `中共${facts.get(t.orgId)!.name}党组`,
          supervising_org_id: t.supervisingOrgId,
          stationed_on: null,
          left_on: null,
          feedback_on: null,
          feedback_note: null,
        })),
      )
      .execute();
    await recordAudit(tx, actor, {
      action: 'inspection.round.create',
      objectType: ROUND,
      objectId: id,
      detail: {
        code,
        name: input.name,
        teams: input.teams.map((t) => ({ org_id: t.orgId, members: t.members.map((m) => [m.userId, m.role]) })),
        targets: input.targets.map((t) => t.orgId),
      },
    });
    return { id, code };
  });
}

/**
 * Add (or change the role of) a team member. A 第二副组长 is given every clue the team has
 * registered so far (need-to-know via the clue module's record_access API); later clues are
 * granted as they are registered.
 */
export async function setTeamMember(db: Queryable, actor: Actor, access: AccessContext | null, roundId: number, input: { teamId: number; userId: number; role: MemberRole | null }) {
  return inTx(db, async (tx) => {
    const f = await roundFacts(tx, roundId);
    if (access && !maySetUp(who(access), f)) throw forbidden('只有巡察机构的巡察管理人员可以调整巡察组', 'Only inspection staff may change a team');
    if (f.row.phase === 'closed') throw new AppError('bad_state', '本轮巡察已完结', 'The round is closed', 409);
    const team = f.teams.find((t) => t.id === input.teamId);
    if (!team) throw notFound('巡察组', 'Team');
    if (input.role === null) {
      await tx.deleteFrom('insp_team_members').where('team_id', '=', team.id).where('user_id', '=', input.userId).execute();
    } else {
      const u = await tx.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').select(['users.id', 'orgs.kind', 'users.status']).where('users.id', '=', input.userId).executeTakeFirst();
      if (u?.status !== 'active') throw notFound('用户', 'User');
      if (input.role === 'second_deputy' && !COMMISSION_KINDS.includes(u.kind)) {
        throw badInput('第二副组长须由纪委监委机关或派驻纪检监察组干部担任', 'The second deputy leader must come from the commission or a dispatched group');
      }
      await tx
        .insertInto('insp_team_members')
        .values({ team_id: team.id, user_id: input.userId, role: input.role })
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: input.role! }))
        .execute();
      if (input.role === 'second_deputy') await grantTeamClues(tx, team.id, input.userId, actor.userId);
    }
    await recordAudit(tx, actor, { action: 'inspection.team.member', objectType: ROUND, objectId: roundId, detail: { team_id: team.id, user_id: input.userId, role: input.role } });
    return { ok: true };
  });
}

/** Give a second deputy every clue registered from the findings on the team's targets. */
export async function grantTeamClues(tx: Queryable, teamId: number, userId: number, grantedBy: number | null): Promise<number> {
  const clues = await tx
    .selectFrom('insp_findings')
    .innerJoin('insp_targets', 'insp_targets.id', 'insp_findings.target_id')
    .select('insp_findings.clue_id')
    .where('insp_targets.team_id', '=', teamId)
    .where('insp_findings.clue_id', 'is not', null)
    .execute();
  for (const c of clues) await grantClue(tx, c.clue_id!, { userId }, grantedBy);
  return clues.length;
}

/** 巡前准备 / 进驻 / 撤离 / 完结. */
export async function changePhase(db: Queryable, actor: Actor, access: AccessContext | null, roundId: number, input: { version: number; event: PhaseEvent; on?: DateString }) {
  return inTx(db, async (tx) => {
    const f = await roundFacts(tx, roundId);
    if (access && !maySetUp(who(access), f)) throw forbidden('只有巡察机构的巡察管理人员可以推进巡察阶段', 'Only inspection staff may move the round on');
    if (f.row.version !== input.version) throw stale();
    const next = nextPhase(f.row.phase, input.event);
    const on = input.on ?? todayInShanghai();
    if (input.event === 'close') {
      const open = await tx.selectFrom('insp_findings').select(['code', 'title']).where('round_id', '=', roundId).where('status', '=', 'open').execute();
      if (open.length) {
        throw new AppError('findings_open', `尚有${open.length}个发现问题未移交或未列入整改台账（如 ${open[0].code}），不能完结`, `${open.length} findings are still open`, 409, { open: open.map((o) => o.code) });
      }
      const noFeedback = await tx.selectFrom('insp_targets').select('id').where('round_id', '=', roundId).where('feedback_on', 'is', null).execute();
      if (noFeedback.length) throw new AppError('feedback_missing', `尚有${noFeedback.length}个被巡察单位未反馈，不能完结`, 'Some targets have had no feedback', 409);
    }
    await tx.updateTable('insp_rounds').set({ phase: next, version: f.row.version + 1, updated_at: sql<Date>`now()` }).where('id', '=', roundId).where('version', '=', f.row.version).execute();
    if (input.event === 'station') await tx.updateTable('insp_targets').set({ stationed_on: on }).where('round_id', '=', roundId).where('stationed_on', 'is', null).execute();
    if (input.event === 'withdraw') await tx.updateTable('insp_targets').set({ left_on: on }).where('round_id', '=', roundId).where('left_on', 'is', null).execute();
    await recordAudit(tx, actor, { action: `inspection.round.${input.event}`, objectType: ROUND, objectId: roundId, detail: { from: f.row.phase, to: next, on } });
    if (input.event === 'prepare') {
      // The dispatched groups are asked for their briefing on each target (巡前“画像”).
      await notify(tx, {
        to: [...new Set(f.targets.map((t) => t.supervisingOrgId))].map((orgId) => ({ orgId })),
        permission: 'inspection:read',
        kind: 'inspection.briefing_requested',
        title: `${f.row.name}进入巡前准备，请提供被巡察单位“画像”`,
        link: `/inspections/${roundId}`,
        objectType: ROUND,
        objectId: roundId,
      });
    }
    return { version: f.row.version + 1, phase: next };
  });
}

export async function listRounds(db: Queryable, access: AccessContext, q: PageQuery & { phase?: string } = {}) {
  const { page, pageSize, offset } = paging(q);
  let base = db.selectFrom('insp_rounds');
  if (q.phase) base = base.where('insp_rounds.phase', '=', q.phase as never);
  if (!access.scope.all) {
    const path = sql.val(access.orgPath);
    base = base.where(
      sql<boolean>`(insp_rounds.organizer_org_id = ANY(${path}::int[])
        OR EXISTS (SELECT 1 FROM insp_teams t WHERE t.round_id = insp_rounds.id AND t.org_id = ${access.orgId})
        OR EXISTS (SELECT 1 FROM insp_team_members m JOIN insp_teams t ON t.id = m.team_id WHERE t.round_id = insp_rounds.id AND m.user_id = ${access.userId})
        OR EXISTS (SELECT 1 FROM insp_targets g WHERE g.round_id = insp_rounds.id AND g.supervising_org_id = ANY(${path}::int[])))`,
    );
  }
  const [rows, total] = await Promise.all([
    base
      .innerJoin('orgs', 'orgs.id', 'insp_rounds.organizer_org_id')
      .selectAll('insp_rounds')
      .select('orgs.name as organizer_org_name')
      .select(sql<number>`(SELECT count(*) FROM insp_targets g WHERE g.round_id = insp_rounds.id)::int`.as('targets'))
      .select(sql<number>`(SELECT count(*) FROM insp_findings f WHERE f.round_id = insp_rounds.id AND f.disposition <> 'clue')::int`.as('problems'))
      .orderBy('insp_rounds.starts_on', 'desc')
      .orderBy('insp_rounds.id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ ...r, phase_label: PHASE_LABELS[r.phase], kind_label: ROUND_KIND_LABELS[r.kind] })), total: Number(total.n), page, pageSize };
}

function rolesOf(w: Who, f: RoundFacts, targetId: number): string[] {
  const out: string[] = [];
  if (isTeamLeader(w, f, targetId)) out.push('leader');
  if (isTeamMember(w, f, targetId)) out.push('team');
  if (isSecondDeputy(w, f, targetId)) out.push('second_deputy');
  if (isGroup(w, f, targetId)) out.push('group');
  if (isOrganizer(w, f)) out.push('organizer');
  return out;
}

/** The round with teams, the targets the user may see (and their role on each), audits and what the phase allows. */
export async function getRound(db: Queryable, actor: Actor, access: AccessContext, id: number) {
  const f = await visibleRound(db, access, id);
  const w = who(access);
  const mine = visibleTargets(w, f);
  const [organizer, teams, members, targets, audits] = await Promise.all([
    db.selectFrom('orgs').select('name').where('id', '=', f.row.organizer_org_id).executeTakeFirstOrThrow(),
    db.selectFrom('insp_teams').innerJoin('orgs', 'orgs.id', 'insp_teams.org_id').select(['insp_teams.id', 'insp_teams.name', 'insp_teams.org_id', 'orgs.name as org_name']).where('round_id', '=', id).orderBy('insp_teams.id').execute(),
    db
      .selectFrom('insp_team_members')
      .innerJoin('insp_teams', 'insp_teams.id', 'insp_team_members.team_id')
      .innerJoin('users', 'users.id', 'insp_team_members.user_id')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select(['insp_team_members.team_id', 'insp_team_members.user_id', 'insp_team_members.role', 'users.display_name', 'orgs.name as org_name'])
      .where('insp_teams.round_id', '=', id)
      .execute(),
    mine.length
      ? db
          .selectFrom('insp_targets')
          .innerJoin('orgs as t', 't.id', 'insp_targets.target_org_id')
          .innerJoin('orgs as s', 's.id', 'insp_targets.supervising_org_id')
          .leftJoin('insp_briefings as b', 'b.target_id', 'insp_targets.id')
          .selectAll('insp_targets')
          .select(['t.name as target_org_name', 's.name as supervising_org_name', 'b.status as briefing_status'])
          .select(sql<number>`(SELECT count(*) FROM insp_findings f WHERE f.target_id = insp_targets.id)::int`.as('findings'))
          .where('insp_targets.id', 'in', mine)
          .orderBy('insp_targets.id')
          .execute()
      : [],
    mine.length
      ? db
          .selectFrom('insp_audits')
          .innerJoin('orgs', 'orgs.id', 'insp_audits.audit_org_id')
          .selectAll('insp_audits')
          .select('orgs.name as audit_org_name')
          .where('insp_audits.target_id', 'in', mine)
          .orderBy('insp_audits.id')
          .execute()
      : [],
  ]);
  await recordAudit(db, actor, { action: 'inspection.round.read', objectType: ROUND, objectId: id });
  const order: MemberRole[] = ['leader', 'deputy', 'second_deputy', 'member'];
  return {
    ...f.row,
    phase_label: PHASE_LABELS[f.row.phase],
    kind_label: ROUND_KIND_LABELS[f.row.kind],
    organizer_org_name: organizer.name,
    may_set_up: maySetUp(w, f),
    phase_allows: ROUND_ACTIONS.filter((a) => ACTION_PHASES[a].includes(f.row.phase)),
    teams: teams.map((t) => ({
      ...t,
      members: members
        .filter((m) => m.team_id === t.id)
        .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))
        .map((m) => ({ user_id: m.user_id, name: m.display_name, org_name: m.org_name, role: m.role, role_label: MEMBER_ROLE_LABELS[m.role] })),
    })),
    targets: targets.map((t) => ({ ...t, my_roles: rolesOf(w, f, t.id) })),
    audits,
  };
}

export interface TargetCounts {
  problems: number;
  audit_problems: number;
  immediate: number;
  clues_transferred: number;
  on_ledger: number;
  rectified: number;
  sanctioned: number;
  handled: number;
}

/**
 * The round's counts over the targets the user may see: problems found (incl. the special
 * audits'), clues transferred, 立行立改, ledger items and how many are 销号, and the people given a
 * 党纪/政务 sanction through the round's clues (from the accountability area, within the user's
 * data scope there).
 */
export async function roundStats(db: Queryable, access: AccessContext, id: number) {
  const f = await visibleRound(db, access, id);
  const mine = visibleTargets(who(access), f);
  const findings = mine.length
    ? await db
        .selectFrom('insp_findings')
        .innerJoin('insp_targets', 'insp_targets.id', 'insp_findings.target_id')
        .select(['insp_findings.target_id', 'insp_findings.source', 'insp_findings.disposition', 'insp_findings.transfer_id', 'insp_findings.clue_id', 'insp_findings.rect_item_id', 'insp_targets.target_org_id'])
        .where('insp_findings.target_id', 'in', mine)
        .execute()
    : [];
  const ledger = await ledgerStatusByIds(
    db,
    access,
    findings.filter((x) => x.rect_item_id).map((x) => ({ id: x.rect_item_id!, responsibleOrgId: x.target_org_id })),
  );
  const targets = mine.length
    ? await db.selectFrom('insp_targets').innerJoin('orgs', 'orgs.id', 'insp_targets.target_org_id').select(['insp_targets.id', 'orgs.name']).where('insp_targets.id', 'in', mine).orderBy('insp_targets.id').execute()
    : [];
  const countsOf = async (fs: typeof findings): Promise<TargetCounts> => {
    const s = await sanctionsForClues(db, access, fs.filter((x) => x.transfer_id && x.clue_id).map((x) => x.clue_id!));
    return {
      problems: fs.filter((x) => x.disposition !== 'clue').length,
      audit_problems: fs.filter((x) => x.disposition !== 'clue' && x.source === 'audit').length,
      immediate: fs.filter((x) => x.disposition === 'immediate').length,
      clues_transferred: fs.filter((x) => x.disposition === 'clue' && x.transfer_id).length,
      on_ledger: fs.filter((x) => x.rect_item_id).length,
      rectified: fs.filter((x) => x.rect_item_id && ledger.get(x.rect_item_id)?.status === 'rectified').length,
      sanctioned: s.sanctioned,
      handled: s.handled,
    };
  };
  const byTarget = [];
  for (const t of targets) byTarget.push({ target_id: t.id, name: t.name, ...(await countsOf(findings.filter((x) => x.target_id === t.id))) });
  const total = await countsOf(findings);
  return {
    round_id: id,
    name: f.row.name,
    phase: f.row.phase,
    total,
    by_target: byTarget,
    text: `共发现问题${total.problems}个（其中专项审计发现${total.audit_problems}个），移交问题线索${total.clues_transferred}件，${total.sanctioned}人受到党纪政务处分，已整改问题${total.rectified}个`,
  };
}

/**
 * People who may be put on an inspection team (组长、副组长、成员 from the inspection bodies, the
 * 第二副组长 from the commission or a dispatched group): active users of the commission system.
 * For the set-up screens of inspection staff, who otherwise cannot list users.
 */
export async function teamCandidates(db: Queryable, access: AccessContext, q: { q?: string; org_id?: number } = {}) {
  if (!access.permissions.has('inspection:edit')) throw forbidden('只有巡察管理人员可以查看可选的巡察组人员', 'Only inspection staff may list team candidates');
  let base = db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.id', 'users.display_name', 'users.org_id', 'orgs.name as org_name', 'orgs.kind as org_kind'])
    .where('users.status', '=', 'active')
    .where('orgs.kind', 'in', [...COMMISSION_KINDS, 'inspection'] as never[]);
  if (q.org_id) base = base.where('users.org_id', '=', q.org_id);
  if (q.q?.trim()) base = base.where('users.display_name', 'ilike', `%${q.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await base.orderBy('orgs.id').orderBy('users.id').limit(500).execute();
  return { items: rows.map((r) => ({ ...r, second_deputy_eligible: COMMISSION_KINDS.includes(r.org_kind) })) };
}

const SET_UP_PHASES = ['planning', 'before'];

/** Before 进驻 the organising body may send one more team (with its 组长). */
export async function addTeam(db: Queryable, actor: Actor, access: AccessContext | null, roundId: number, input: TeamInput): Promise<{ id: number }> {
  return inTx(db, async (tx) => {
    const f = await roundFacts(tx, roundId);
    if (access && !maySetUp(who(access), f)) throw forbidden('只有巡察机构的巡察管理人员可以调整巡察组', 'Only inspection staff may change the teams');
    if (!SET_UP_PHASES.includes(f.row.phase)) throw new AppError('bad_state', '进驻后不能再增加巡察组', 'Teams can only be added before stationing', 409);
    if (f.teams.some((t) => t.orgId === input.orgId)) throw new AppError('duplicate', '该巡察组已在本轮名单中', 'The team is already in this round', 409);
    const facts = await validateSetup(tx, { teams: [input], targets: [], organizerOrgId: f.organizerOrgId });
    const id = (await insertTeams(tx, roundId, [input], facts)).get(input.orgId)!;
    await recordAudit(tx, actor, { action: 'inspection.team.add', objectType: ROUND, objectId: roundId, detail: { team_id: id, org_id: input.orgId, members: input.members.map((m) => [m.userId, m.role]) } });
    return { id };
  });
}

/** Before 进驻 the organising body may add a target (被巡察单位) for one of the round's teams, with its dispatched group. */
export async function addTarget(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  roundId: number,
  input: { orgId: number; teamId: number; partyOrgName?: string; supervisingOrgId: number },
): Promise<{ id: number }> {
  return inTx(db, async (tx) => {
    const f = await roundFacts(tx, roundId);
    if (access && !maySetUp(who(access), f)) throw forbidden('只有巡察机构的巡察管理人员可以调整被巡察单位', 'Only inspection staff may change the targets');
    if (!SET_UP_PHASES.includes(f.row.phase)) throw new AppError('bad_state', '进驻后不能再增加被巡察单位', 'Targets can only be added before stationing', 409);
    const team = f.teams.find((t) => t.id === input.teamId);
    if (!team) throw notFound('巡察组', 'Team');
    if (f.targets.some((t) => t.targetOrgId === input.orgId)) throw new AppError('duplicate', '该单位已是本轮被巡察单位', 'The unit is already a target of this round', 409);
    const orgs = await loadOrgFacts(tx, [input.orgId, input.supervisingOrgId]);
    if (!COMMISSION_KINDS.includes(orgs.get(input.supervisingOrgId)!.kind)) {
      throw badInput(`“${orgs.get(input.supervisingOrgId)!.name}”不是纪检监察机构，不能承担日常监督和整改督促`, 'The follow-up body must be a commission body or a dispatched group');
    }
    const row = await tx
      .insertInto('insp_targets')
      .values({
        round_id: roundId,
        team_id: team.id,
        target_org_id: input.orgId,
        party_org_name: input.partyOrgName?.trim() || `中共${orgs.get(input.orgId)!.name}党组`,
        supervising_org_id: input.supervisingOrgId,
        stationed_on: null,
        left_on: null,
        feedback_on: null,
        feedback_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'inspection.target.add', objectType: ROUND, objectId: roundId, detail: { target_id: row.id, org_id: input.orgId, team_id: team.id, supervising_org_id: input.supervisingOrgId } });
    return { id: row.id };
  });
}
