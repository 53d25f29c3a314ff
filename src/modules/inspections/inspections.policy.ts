/**
 * Who may do what in a round, and with a letter. Pure: decided from the user's permissions, org
 * and the round's facts (organiser, teams and their members, targets and their dispatched groups).
 *
 * Roles in a round:
 * - organiser: works in the organising body itself (巡察办); the groups under it may set rounds up
 *   and see every round's header, but work only on their own team's targets;
 * - team: a listed member of a target's team (组长/副组长/成员) or works in the team's org;
 * - second deputy (第二副组长): listed as such on the target's team — sees the team's clues and
 *   findings, guides evidence fixing; does not record findings;
 * - group: works in the target's dispatched group (派驻纪检监察组) — briefs the team before the tour,
 *   follows up the rectification after it;
 * - overseer: a data scope over everything (委领导) — reads.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { forbidden } from '../../platform/errors.ts';
import type { MemberRole } from './schema.ts';
import type { LetterKind } from './schema.ts';

export type Who = Pick<AccessContext, 'userId' | 'orgId' | 'orgPath' | 'permissions'> & { allScope: boolean };

export interface RoundFacts {
  organizerOrgId: number;
  teams: { id: number; orgId: number; members: { userId: number; role: MemberRole }[] }[];
  targets: { id: number; teamId: number; targetOrgId: number; supervisingOrgId: number }[];
}

const has = (w: Who, p: string) => w.permissions.has(p);
const inOrg = (w: Who, orgId: number) => w.orgPath.includes(orgId);

export function isOrganizer(w: Who, r: RoundFacts): boolean {
  return w.orgId === r.organizerOrgId;
}

function teamOf(r: RoundFacts, targetId: number) {
  const t = r.targets.find((x) => x.id === targetId);
  return t ? { target: t, team: r.teams.find((x) => x.id === t.teamId)! } : null;
}

export function isTeamMember(w: Who, r: RoundFacts, targetId: number): boolean {
  const tt = teamOf(r, targetId);
  if (!tt) return false;
  const m = tt.team.members.find((x) => x.userId === w.userId);
  return (m ? m.role !== 'second_deputy' : false) || w.orgId === tt.team.orgId;
}

export function isTeamLeader(w: Who, r: RoundFacts, targetId: number): boolean {
  const tt = teamOf(r, targetId);
  return !!tt?.team.members.some((x) => x.userId === w.userId && x.role === 'leader');
}

export function isSecondDeputy(w: Who, r: RoundFacts, targetId: number): boolean {
  const tt = teamOf(r, targetId);
  return !!tt?.team.members.some((x) => x.userId === w.userId && x.role === 'second_deputy');
}

export function isGroup(w: Who, r: RoundFacts, targetId: number): boolean {
  const tt = teamOf(r, targetId);
  return !!tt && inOrg(w, tt.target.supervisingOrgId);
}

/** Targets of the round the user may see. */
export function visibleTargets(w: Who, r: RoundFacts): number[] {
  if (!has(w, 'inspection:read')) return [];
  if (w.allScope || isOrganizer(w, r)) return r.targets.map((t) => t.id);
  return r.targets.filter((t) => isTeamMember(w, r, t.id) || isSecondDeputy(w, r, t.id) || isGroup(w, r, t.id)).map((t) => t.id);
}

export function maySeeRound(w: Who, r: RoundFacts): boolean {
  if (!has(w, 'inspection:read')) return false;
  return w.allScope || inOrg(w, r.organizerOrgId) || r.teams.some((t) => t.members.some((m) => m.userId === w.userId) || w.orgId === t.orgId) || visibleTargets(w, r).length > 0;
}

export type TargetAction = 'view' | 'brief' | 'find' | 'guide' | 'feedback' | 'ledger' | 'letter';

const TARGET_RULES: Record<TargetAction, (w: Who, r: RoundFacts, targetId: number) => boolean> = {
  view: (w, r, t) => visibleTargets(w, r).includes(t),
  // The dispatched group prepares the briefing; the inspection side may complete it.
  brief: (w, r, t) => (has(w, 'inspection:read') && isGroup(w, r, t)) || (has(w, 'inspection:edit') && (isOrganizer(w, r) || isTeamMember(w, r, t))),
  find: (w, r, t) => has(w, 'inspection:edit') && (isTeamMember(w, r, t) || isOrganizer(w, r)),
  guide: (w, r, t) => has(w, 'inspection:read') && (isSecondDeputy(w, r, t) || isGroup(w, r, t)),
  feedback: (w, r, t) => has(w, 'inspection:edit') && (isTeamLeader(w, r, t) || isOrganizer(w, r)),
  ledger: (w, r, t) => has(w, 'inspection:edit') && (isTeamLeader(w, r, t) || isOrganizer(w, r)),
  letter: (w, r, t) => has(w, 'inspection:edit') && (isTeamMember(w, r, t) || isOrganizer(w, r)),
};

export function mayOnTarget(w: Who, r: RoundFacts, action: TargetAction, targetId: number): boolean {
  return TARGET_RULES[action](w, r, targetId);
}

const TARGET_LABELS: Record<TargetAction, string> = {
  view: '查看',
  brief: '编制巡前“画像”',
  find: '登记发现问题或移交线索',
  guide: '指导固定证据',
  feedback: '巡察反馈',
  ledger: '建立整改台账',
  letter: '制发巡察建议书',
};

export function assertOnTarget(w: Who, r: RoundFacts, action: TargetAction, targetId: number): void {
  if (!mayOnTarget(w, r, action, targetId)) throw forbidden(`无权对该被巡察单位${TARGET_LABELS[action]}`, `You may not ${action} for this target`);
}

/** Set up the round (teams, targets, special audits) and move its phases: `inspection:edit` in the organising body. */
export function maySetUp(w: Who, r: Pick<RoundFacts, 'organizerOrgId'>): boolean {
  return has(w, 'inspection:edit') && inOrg(w, r.organizerOrgId);
}

/** The audit body reports its findings into the round (巡审联动): `transfer:send` and a member of the assigned audit body. */
export function mayReportAudit(w: Who, audit: { audit_org_id: number }): boolean {
  return has(w, 'transfer:send') && inOrg(w, audit.audit_org_id);
}

// ---------------------------------------------------------------------------------------------
// Letters
// ---------------------------------------------------------------------------------------------

/** The permission that issues each kind of letter. */
export const LETTER_PERMISSION: Record<LetterKind, string> = { inspection: 'inspection:edit', discipline: 'clue:dispose' };

export interface LetterFacts {
  kind: LetterKind;
  issuer_org_id: number;
  recipient_org_id: number;
}

export type LetterAction = 'view' | 'draft' | 'issue' | 'answer' | 'return' | 'close';

const LETTER_RULES: Record<LetterAction, (w: Who, l: LetterFacts) => boolean> = {
  view: (w, l) => w.allScope || inOrg(w, l.issuer_org_id) || inOrg(w, l.recipient_org_id),
  draft: (w, l) => has(w, LETTER_PERMISSION[l.kind]) && inOrg(w, l.issuer_org_id),
  issue: (w, l) => has(w, LETTER_PERMISSION[l.kind]) && inOrg(w, l.issuer_org_id),
  // Any signed-in member of the recipient body answers for it.
  answer: (w, l) => inOrg(w, l.recipient_org_id) && !inOrg(w, l.issuer_org_id),
  return: (w, l) => has(w, LETTER_PERMISSION[l.kind]) && inOrg(w, l.issuer_org_id),
  close: (w, l) => has(w, LETTER_PERMISSION[l.kind]) && inOrg(w, l.issuer_org_id),
};

export function mayOnLetter(w: Who, action: LetterAction, l: LetterFacts): boolean {
  return LETTER_RULES[action](w, l);
}

export function assertOnLetter(w: Who, action: LetterAction, l: LetterFacts): void {
  if (!mayOnLetter(w, action, l)) {
    const zh = { view: '查看', draft: '起草', issue: '印发', answer: '反馈', return: '退回', close: '办结' }[action];
    throw forbidden(`无权${zh}该建议书`, `You may not ${action} this letter`);
  }
}

export const who = (a: AccessContext): Who => ({ userId: a.userId, orgId: a.orgId, orgPath: a.orgPath, permissions: a.permissions, allScope: a.scope.all });
