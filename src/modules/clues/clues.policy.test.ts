import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { CLUE_ACTIONS, type ClueAction, type ClueFacts, type Who, competentLevel, isCompetent, mayDo } from './clues.policy.ts';

const ME = 7;
const MY_ORG = 10;
const whoWith = (role: string, extra: Partial<Who> = {}): Who => ({
  userId: ME,
  orgId: MY_ORG,
  orgPath: [1, MY_ORG],
  permissions: new Set(BUILTIN_ROLES.find((r) => r.code === role)!.permissions),
  ...extra,
});

/** A clue of my office, registered by me, no handler yet, with me named as approver. */
const OWN: ClueFacts = { orgId: MY_ORG, orgPath: [1, MY_ORG], createdBy: ME, handlerId: null, approverId: ME, cadreLevel: '县管' };

/** Every built-in role × every action on OWN, written out by hand. */
const EXPECTED: Record<string, ClueAction[]> = {
  sys_admin: [],
  sec_admin: [],
  audit_admin: [],
  leader: ['read', 'export', 'assign', 'approve', 'reject'],
  officer: ['read', 'export', 'create', 'attach', 'assign', 'propose', 'record_step', 'report', 'reactivate', 'merge', 'transfer'],
  case_manager: ['read', 'export', 'create', 'attach', 'whistleblower', 'assign', 'propose', 'record_step', 'report', 'reactivate', 'merge', 'transfer'],
  inspector: ['read', 'export', 'create', 'attach', 'transfer'],
  data_admin: [],
  hotline_clerk: [],
  partner_clerk: [],
};

describe('clue policy: every role × every action', () => {
  it('covers every built-in role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(BUILTIN_ROLES.map((r) => r.code).sort());
  });
  for (const role of BUILTIN_ROLES.map((r) => r.code)) {
    for (const action of CLUE_ACTIONS) {
      const want = EXPECTED[role].includes(action);
      it(`${role} ${want ? 'may' : 'may not'} ${action}`, () => {
        expect(mayDo(whoWith(role), action, OWN)).toBe(want);
      });
    }
  }
});

describe('clue policy: the record-level rules', () => {
  const officer = whoWith('officer');
  it('once a handler is assigned, only the handler acts on the clue', () => {
    const assigned = { ...OWN, handlerId: 99 };
    for (const a of ['propose', 'record_step', 'report', 'reactivate', 'merge'] as const) expect(mayDo(officer, a, assigned)).toBe(false);
    for (const a of ['propose', 'record_step', 'report'] as const) expect(mayDo(officer, a, { ...assigned, handlerId: ME })).toBe(true);
    // …even from another office, once assigned (e.g. after a transfer)
    expect(mayDo(officer, 'report', { ...assigned, orgId: 11, orgPath: [1, 11], handlerId: ME })).toBe(true);
    // colleagues of the owning office may still reassign
    expect(mayDo(officer, 'assign', assigned)).toBe(true);
  });

  it('another office may not dispose of, assign or transfer the clue', () => {
    const other = { ...OWN, orgId: 11, orgPath: [1, 11], createdBy: 3 };
    for (const a of ['assign', 'propose', 'record_step', 'report', 'merge', 'attach', 'transfer'] as const) expect(mayDo(officer, a, other)).toBe(false);
  });

  it('the approver must be the named one, not the handler, and competent for the cadre level', () => {
    const leader = whoWith('leader', { orgId: 1, orgPath: [1] });
    expect(mayDo(leader, 'approve', { ...OWN, approverId: ME })).toBe(true);
    expect(mayDo(leader, 'approve', { ...OWN, approverId: 8 })).toBe(false);
    expect(mayDo(leader, 'approve', { ...OWN, handlerId: ME })).toBe(false);
    // a district commission leader may approve 县管 clues of its district, not 市管 ones
    const district = whoWith('leader', { orgId: 5, orgPath: [1, 5] });
    const districtClue: ClueFacts = { ...OWN, orgId: 12, orgPath: [1, 5, 12] };
    expect(mayDo(district, 'approve', districtClue)).toBe(true);
    expect(mayDo(district, 'approve', { ...districtClue, cadreLevel: '市管' })).toBe(false);
    expect(mayDo(leader, 'approve', { ...districtClue, cadreLevel: '市管' })).toBe(true);
    // nor clues of another district
    expect(isCompetent(district, { orgPath: [1, 6, 13], cadreLevel: '乡管' })).toBe(false);
  });

  it('the creator without disposal rights may still attach documents to their own clue', () => {
    const inspector = whoWith('inspector');
    expect(mayDo(inspector, 'attach', OWN)).toBe(true);
    expect(mayDo(inspector, 'attach', { ...OWN, createdBy: 3 })).toBe(false);
  });

  it('the competent level is the highest among the reported persons', () => {
    expect(competentLevel(['乡管', '市管', '县管'])).toBe('市管');
    expect(competentLevel(['乡管', '县管'])).toBe('县管');
    expect(competentLevel([null, undefined])).toBe('其他');
  });
});
