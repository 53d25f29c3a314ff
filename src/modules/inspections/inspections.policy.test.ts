import { describe, expect, it } from 'vitest';
import { type RoundFacts, type Who, maySeeRound, mayOnLetter, mayOnTarget, mayReportAudit, maySetUp, visibleTargets } from './inspections.policy.ts';
import {
  ACTION_PHASES,
  LETTER_EVENTS,
  LETTER_STATES,
  LETTER_TRANSITIONS,
  PHASES,
  PHASE_EVENTS,
  PHASE_TRANSITIONS,
  ROUND_ACTIONS,
  assertPhaseAllows,
  isTourTransfer,
  nextLetterState,
  nextPhase,
} from './workflow.ts';
import { chineseNumber } from './letters.service.ts';

// Org ids: 1 commission, 2 office, 4 巡察办, 5 第一巡察组, 8 派驻农业组, 20 农业农村局, 21 住建局, 30 审计局.
const round: RoundFacts = {
  organizerOrgId: 4,
  teams: [{ id: 1, orgId: 5, members: [{ userId: 10, role: 'leader' }, { userId: 11, role: 'member' }, { userId: 12, role: 'second_deputy' }] }],
  targets: [
    { id: 100, teamId: 1, targetOrgId: 20, supervisingOrgId: 8 },
    { id: 101, teamId: 1, targetOrgId: 21, supervisingOrgId: 9 },
  ],
};
const INSPECTOR = ['inspection:read', 'inspection:edit', 'clue:read', 'clue:create', 'transfer:send'];
const OFFICER = ['inspection:read', 'clue:read', 'clue:dispose', 'transfer:send', 'collab:edit'];
const u = (userId: number, orgPath: number[], perms: string[], allScope = false): Who => ({ userId, orgId: orgPath[orgPath.length - 1], orgPath, permissions: new Set(perms), allScope });
const leader = u(10, [1, 4, 5], INSPECTOR);
const member = u(11, [1, 4, 5], INSPECTOR);
const deputy = u(12, [1, 8], OFFICER); // 第二副组长 from the dispatched group 8
const group = u(13, [1, 8], OFFICER); // another member of the dispatched group
const officer = u(14, [1, 2], OFFICER);
const organizer = u(15, [1, 4], INSPECTOR);
const boss = u(16, [1], ['inspection:read'], true);
const auditor = u(17, [30], ['transfer:send', 'collab:read']);
const unit = u(18, [20], ['rectify:edit', 'transfer:receive']);

describe('round policy', () => {
  it('who sees which targets', () => {
    expect(visibleTargets(leader, round)).toEqual([100, 101]);
    expect(visibleTargets(organizer, round)).toEqual([100, 101]);
    expect(visibleTargets(boss, round)).toEqual([100, 101]);
    expect(visibleTargets(deputy, round)).toEqual([100, 101]); // the second deputy sees the whole team's work
    expect(visibleTargets(group, round)).toEqual([100]); // the dispatched group sees its own unit
    expect(visibleTargets(officer, round)).toEqual([]);
    expect(visibleTargets(unit, round)).toEqual([]);
    expect([leader, organizer, boss, deputy, group].every((w) => maySeeRound(w, round))).toBe(true);
    expect(maySeeRound(officer, round)).toBe(false);
    expect(maySeeRound(auditor, round)).toBe(false);
    // Another inspection group under the same office sees the round, not the targets.
    const otherGroup = u(19, [1, 4, 6], INSPECTOR);
    expect(maySeeRound(otherGroup, round)).toBe(true);
    expect(visibleTargets(otherGroup, round)).toEqual([]);
  });

  it('actions on target 100, as a table (every role × every action)', () => {
    const actors = { leader, member, deputy, group, officer, organizer, boss, auditor, unit };
    const actions = ['view', 'brief', 'find', 'guide', 'feedback', 'ledger', 'letter'] as const;
    const table = Object.fromEntries(Object.entries(actors).map(([name, w]) => [name, actions.filter((a) => mayOnTarget(w, round, a, 100)).join(',')]));
    expect(table).toEqual({
      leader: 'view,brief,find,feedback,ledger,letter',
      member: 'view,brief,find,letter',
      deputy: 'view,brief,guide',
      group: 'view,brief,guide',
      officer: '',
      organizer: 'view,brief,find,feedback,ledger,letter',
      boss: 'view',
      auditor: '',
      unit: '',
    });
    // On target 101 the dispatched group 8 has no role, but the team's second deputy still guides.
    expect(mayOnTarget(group, round, 'brief', 101)).toBe(false);
    expect(mayOnTarget(deputy, round, 'guide', 101)).toBe(true);
    expect(maySetUp(leader, round)).toBe(true);
    expect(maySetUp(deputy, round)).toBe(false);
    expect(maySetUp(boss, round)).toBe(false);
    expect(mayReportAudit(auditor, { audit_org_id: 30 })).toBe(true);
    expect(mayReportAudit(auditor, { audit_org_id: 31 })).toBe(false);
    expect(mayReportAudit(unit, { audit_org_id: 20 })).toBe(false);
  });

  it('letters: issuer side by permission per kind, answer by the recipient', () => {
    const insp = { kind: 'inspection' as const, issuer_org_id: 5, recipient_org_id: 20 };
    const disc = { kind: 'discipline' as const, issuer_org_id: 2, recipient_org_id: 21 };
    expect(mayOnLetter(leader, 'issue', insp)).toBe(true);
    expect(mayOnLetter(deputy, 'issue', insp)).toBe(false);
    expect(mayOnLetter(officer, 'issue', disc)).toBe(true);
    expect(mayOnLetter(leader, 'draft', { ...disc, issuer_org_id: 5 })).toBe(false); // an inspector cannot issue a 纪检监察建议书
    expect(mayOnLetter(unit, 'answer', insp)).toBe(true);
    expect(mayOnLetter(unit, 'close', insp)).toBe(false);
    expect(mayOnLetter(unit, 'view', disc)).toBe(false);
    expect(mayOnLetter(boss, 'view', disc)).toBe(true);
    expect(mayOnLetter(leader, 'answer', insp)).toBe(false);
  });
});

describe('workflows', () => {
  it('phases: every phase × every event', () => {
    for (const p of PHASES) {
      for (const e of PHASE_EVENTS) {
        const to = PHASE_TRANSITIONS[p][e];
        if (to) expect(nextPhase(p, e)).toBe(to);
        else expect(() => nextPhase(p, e)).toThrow(/不能/);
      }
    }
    expect(['prepare', 'station', 'withdraw', 'close'].reduce((p, e) => nextPhase(p as never, e as never), 'planning')).toBe('closed');
  });
  it('what each phase allows (every phase × every action)', () => {
    for (const p of PHASES) {
      for (const a of ROUND_ACTIONS) {
        if (ACTION_PHASES[a].includes(p)) expect(() => assertPhaseAllows(p, a)).not.toThrow();
        else expect(() => assertPhaseAllows(p, a)).toThrow(/阶段/);
      }
    }
    expect(() => assertPhaseAllows('during', 'immediate')).not.toThrow();
    expect(() => assertPhaseAllows('after', 'immediate')).toThrow();
    expect(() => assertPhaseAllows('during', 'feedback')).toThrow();
    expect(isTourTransfer('during')).toBe(true);
    expect(isTourTransfer('after')).toBe(false);
  });
  it('letters: every state × every event', () => {
    for (const s of LETTER_STATES) {
      for (const e of LETTER_EVENTS) {
        const to = LETTER_TRANSITIONS[s][e];
        if (to) expect(nextLetterState(s, e)).toBe(to);
        else expect(() => nextLetterState(s, e)).toThrow();
      }
    }
  });
  it('numbers headings in Chinese', () => {
    expect([1, 9, 10, 11, 20, 35, 99].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '三十五', '九十九']);
  });
});
