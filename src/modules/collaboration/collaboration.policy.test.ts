import { describe, expect, it } from 'vitest';
import {
  type MechanismFacts,
  type OrgFacts,
  basisWithoutMechanism,
  decideTransfer,
  decideView,
  mayCompleteTask,
  mayEditLed,
  mayEditMechanism,
  mayEditMeeting,
  mayReportCampaignTask,
  maySeeMeeting,
} from './collaboration.policy.ts';
import { type ConflictFacts, conflictsOf } from './experts.service.ts';
import { loopStage } from './wenzheng.service.ts';
import { MECHANISM_EVENTS, MECHANISM_TRANSITIONS, TASK_EVENTS, TASK_TRANSITIONS, nextMechanismState, nextTaskState } from './workflow.ts';
import { MECHANISM_STATES } from './schema.ts';

// A small org tree: commission 1 (offices 2, 3; inspection office 4 → group 5), partners 10 (审计局), 11 (财政局), unit 20.
const org = (id: number, name: string, kind: OrgFacts['kind'], path: number[], rootKind: OrgFacts['kind'] = 'commission'): OrgFacts => ({ id, name, kind, path, rootKind });
const office = org(2, '第一监督检查室', 'office', [1, 2]);
const caseOffice = org(3, '案件监督管理室', 'office', [1, 3]);
const group = org(5, '市委第一巡察组', 'inspection', [1, 4, 5]);
const audit = org(10, '市审计局', 'partner', [10], 'partner');
const finance = org(11, '市财政局', 'partner', [11], 'partner');
const unit = org(20, '市农业农村局', 'unit', [20], 'unit');

const mech = (over: Partial<MechanismFacts> = {}): MechanismFacts => ({
  id: 1,
  name: '纪审贯通机制',
  status: 'active',
  effective_from: '2026-01-01',
  effective_to: null,
  parties: [1, 10],
  rules: [{ id: 1, from_org_id: 10, to_org_id: 1, object_types: ['problem', 'clue'], may_view: ['disposal_result'], ack_days: 3, handle_days: 30 }],
  ...over,
});
const today = '2026-03-10';

describe('transfer rules', () => {
  it('needs no mechanism inside one body or from the commission system to a supervised unit', () => {
    expect(basisWithoutMechanism(group, caseOffice)).toBe('internal');
    expect(basisWithoutMechanism(office, unit)).toBe('supervisory');
    expect(basisWithoutMechanism(group, unit)).toBe('supervisory');
    expect(basisWithoutMechanism(unit, office)).toBeNull();
    expect(basisWithoutMechanism(audit, office)).toBeNull();
    expect(basisWithoutMechanism(audit, unit)).toBeNull();
    expect(decideTransfer(group, caseOffice, 'clue', [], today)).toEqual({ allowed: true, basis: 'internal' });
  });

  it('allows what an active mechanism rule allows, down the receiving body’s tree', () => {
    const d = decideTransfer(audit, caseOffice, 'problem', [mech()], today);
    expect(d.allowed).toBe(true);
    if (d.allowed && d.basis === 'mechanism') {
      expect(d.mechanism.name).toBe('纪审贯通机制');
      expect(d.rule.handle_days).toBe(30);
    } else throw new Error('expected a mechanism basis');
  });

  it.each([
    ['no mechanism between the bodies', finance, caseOffice, 'problem', [mech()], 'no_mechanism', '没有建立协作配合机制'],
    ['draft mechanism', audit, caseOffice, 'problem', [mech({ status: 'draft' })], 'mechanism_not_in_force', '尚未生效'],
    ['suspended mechanism', audit, caseOffice, 'problem', [mech({ status: 'suspended' })], 'mechanism_not_in_force', '已暂停'],
    ['terminated mechanism', audit, caseOffice, 'problem', [mech({ status: 'terminated' })], 'mechanism_not_in_force', '已终止'],
    ['expired mechanism', audit, caseOffice, 'problem', [mech({ effective_to: '2026-02-28' })], 'mechanism_not_in_force', '不在有效期内'],
    ['not yet in force', audit, caseOffice, 'problem', [mech({ effective_from: '2026-04-01' })], 'mechanism_not_in_force', '不在有效期内'],
    ['object type not in any rule', audit, caseOffice, 'hotline_batch', [mech()], 'not_in_rules', '未约定'],
    ['wrong direction', caseOffice, audit, 'problem', [mech()], 'not_in_rules', '未约定'],
    ['a unit cannot send to the commission', unit, office, 'problem', [mech()], 'no_mechanism', '没有建立协作配合机制'],
  ] as const)('refuses: %s', (_name, from, to, type, ms, code, words) => {
    const d = decideTransfer(from, to, type, [...ms], today);
    expect(d.allowed).toBe(false);
    if (!d.allowed) {
      expect(d.code).toBe(code);
      expect(d.message).toContain(words);
      expect(d.message).toContain(from.name);
      expect(d.messageEn.length).toBeGreaterThan(10);
    }
  });

  it('a rule without from/to means any party', () => {
    const m = mech({ rules: [{ id: 2, from_org_id: null, to_org_id: null, object_types: ['rectification'], may_view: [], ack_days: null, handle_days: null }] });
    expect(decideTransfer(office, audit, 'rectification', [m], today).allowed).toBe(true);
    expect(decideTransfer(audit, office, 'rectification', [m], today).allowed).toBe(true);
    expect(decideTransfer(audit, office, 'clue', [m], today).allowed).toBe(false);
  });

  it('result sharing follows may_view of a rule in force', () => {
    expect(decideView(audit, caseOffice, 'disposal_result', [mech()], today)).toBe(true);
    expect(decideView(audit, caseOffice, 'accountability', [mech()], today)).toBe(false);
    expect(decideView(audit, caseOffice, 'disposal_result', [mech({ status: 'suspended' })], today)).toBe(false);
    expect(decideView(finance, caseOffice, 'disposal_result', [mech()], today)).toBe(false);
    expect(decideView(group, caseOffice, 'accountability', [], today)).toBe(true);
  });
});

describe('who may edit', () => {
  const who = (orgPath: number[], perms: string[]) => ({ userId: 9, orgId: orgPath[orgPath.length - 1], orgPath, permissions: new Set(perms) });
  const officer = who([1, 2], ['collab:read', 'collab:edit']);
  const auditor = who([10], ['collab:read']);
  const leader = { ...who([1], ['collab:read']), allScope: true };

  it('as a table', () => {
    const rows: [string, boolean, boolean][] = [
      // [case, officer, auditor]
      ['edit mechanism led by the commission', mayEditMechanism(officer, { lead_org_id: 1, parties: [1, 10] }), mayEditMechanism(auditor, { lead_org_id: 1, parties: [1, 10] })],
      ['edit mechanism between partners only', mayEditMechanism(officer, { lead_org_id: 10, parties: [10, 11] }), mayEditMechanism(auditor, { lead_org_id: 10, parties: [10, 11] })],
      ['edit a meeting hosted by office 2', mayEditMeeting(officer, { host_org_id: 2 }), mayEditMeeting(auditor, { host_org_id: 2 })],
      ['complete a task owned by the audit office', mayCompleteTask(officer, { owner_org_id: 10, host_org_id: 3 }), mayCompleteTask(auditor, { owner_org_id: 10, host_org_id: 3 })],
      ['complete a task of the host', mayCompleteTask(officer, { owner_org_id: 10, host_org_id: 2 }), mayCompleteTask(auditor, { owner_org_id: 11, host_org_id: 2 })],
      ['lead a campaign of the commission', mayEditLed(officer, 1), mayEditLed(auditor, 1)],
      ['report on a campaign task of the audit office', mayReportCampaignTask(officer, { owner_org_id: 10, lead_org_id: 3 }), mayReportCampaignTask(auditor, { owner_org_id: 10, lead_org_id: 3 })],
    ];
    expect(rows.map(([c, o, a]) => [c, o, a])).toEqual([
      ['edit mechanism led by the commission', true, false],
      ['edit mechanism between partners only', false, false],
      ['edit a meeting hosted by office 2', true, false],
      ['complete a task owned by the audit office', false, true],
      ['complete a task of the host', true, false],
      ['lead a campaign of the commission', true, false],
      ['report on a campaign task of the audit office', false, true],
    ]);
    expect(maySeeMeeting({ ...auditor, allScope: false }, { host_org_id: 2, orgs: [10] })).toBe(true);
    expect(maySeeMeeting({ ...auditor, allScope: false }, { host_org_id: 2, orgs: [11] })).toBe(false);
    expect(maySeeMeeting(leader, { host_org_id: 2, orgs: [11] })).toBe(true);
  });
});

describe('workflows', () => {
  it('mechanism: every state × every event', () => {
    for (const s of MECHANISM_STATES) {
      for (const e of MECHANISM_EVENTS) {
        const to = MECHANISM_TRANSITIONS[s][e];
        if (to) expect(nextMechanismState(s, e)).toBe(to);
        else expect(() => nextMechanismState(s, e)).toThrow(/不能/);
      }
    }
    expect(nextMechanismState('draft', 'activate')).toBe('active');
    expect(nextMechanismState('suspended', 'activate')).toBe('active');
    expect(() => nextMechanismState('terminated', 'activate')).toThrow();
  });
  it('tasks: every state × every event', () => {
    for (const s of ['open', 'done', 'cancelled'] as const) {
      for (const e of TASK_EVENTS) {
        const to = TASK_TRANSITIONS[s][e];
        if (to) expect(nextTaskState(s, e)).toBe(to);
        else expect(() => nextTaskState(s, e)).toThrow();
      }
    }
  });
});

describe('conflict of interest', () => {
  const base: ConflictFacts = {
    expert: { name: '王审计', orgPath: [10], employer: '市审计局', availability: 'available' },
    ties: [
      { kind: 'relative', name: '王小明', relation: '兄弟', id_hash: 'h1', uscc: null },
      { kind: 'enterprise', name: '某某建设有限公司', relation: '配偶持股', id_hash: null, uscc: '91110000X' },
      { kind: 'employer', name: '市农业农村局', relation: null, id_hash: null, uscc: null },
    ],
    subjects: { persons: [], orgs: [], enterprises: [] },
    overlapping: [],
    entityLinks: [],
  };
  it('finds each kind of conflict', () => {
    expect(conflictsOf(base)).toEqual([]);
    const kinds = (f: Partial<ConflictFacts> & { subjects?: ConflictFacts['subjects'] }) => conflictsOf({ ...base, ...f }).map((h) => h.kind);
    expect(kinds({ subjects: { persons: [{ name: '王小明', idHash: 'h1' }], orgs: [], enterprises: [] } })).toEqual(['relative']);
    // Same name but a different ID number is not the relative.
    expect(kinds({ subjects: { persons: [{ name: '王小明', idHash: 'h2' }], orgs: [], enterprises: [] } })).toEqual([]);
    expect(kinds({ subjects: { persons: [], orgs: [], enterprises: [{ name: '另一名称', uscc: '91110000X' }] } })).toEqual(['enterprise']);
    expect(kinds({ subjects: { persons: [], orgs: [{ id: 10, name: '市审计局' }], enterprises: [] } })).toEqual(['own_unit']);
    expect(kinds({ subjects: { persons: [], orgs: [{ id: 20, name: '市农业农村局' }], enterprises: [] } })).toEqual(['employer']);
    expect(kinds({ overlapping: [{ title: '另一轮巡察', starts_on: '2026-03-01', ends_on: '2026-04-30' }] })).toEqual(['schedule']);
    expect(kinds({ expert: { ...base.expert, availability: 'busy' } })).toEqual(['availability']);
    expect(kinds({ entityLinks: [{ kind: 'relative', subject: '李某', detail: '系配偶' }] })).toEqual(['entity_index']);
  });
});

describe('问政 loop stage', () => {
  it('exposed → following → rectified → closed', () => {
    expect(loopStage({ clue_id: null, rect_item_id: null }, undefined, 0)).toBe('exposed');
    expect(loopStage({ clue_id: 1, rect_item_id: null }, undefined, 0)).toBe('following');
    expect(loopStage({ clue_id: 1, rect_item_id: 2 }, { status: 'in_progress' }, 1)).toBe('following');
    expect(loopStage({ clue_id: 1, rect_item_id: 2 }, { status: 'rectified' }, 0)).toBe('rectified');
    expect(loopStage({ clue_id: 1, rect_item_id: 2 }, { status: 'rectified' }, 1)).toBe('closed');
  });
});
