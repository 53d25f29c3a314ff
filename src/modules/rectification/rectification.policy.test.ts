import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { actionsFor, mayAct, mayAttach, mayCreate, mayEdit } from './rectification.policy.ts';
import { RECT_EVENTS, type RectEvent } from './workflow.ts';

const perms = (role: string) => new Set(BUILTIN_ROLES.find((r) => r.code === role)!.permissions);
// org ids: 1 commission; 2 第一监督检查室; 8 派驻市农业农村局纪检监察组; 10 市委巡察办; 11 市委第一巡察组;
// 20 审计局; 30 农业农村局 (a responsible unit)
const users = {
  leader: { orgPath: [1], permissions: perms('leader') },
  officer1: { orgPath: [1, 2], permissions: perms('officer') },
  group1: { orgPath: [1, 8], permissions: perms('officer') },
  inspector1: { orgPath: [1, 10, 11], permissions: perms('inspector') },
  auditor: { orgPath: [20], permissions: perms('partner_clerk') },
  agri: { orgPath: [30], permissions: perms('partner_clerk') },
};
type Who = keyof typeof users;
const WHO = Object.keys(users) as Who[];

describe('rectification policy (every role × every event)', () => {
  // An item of 农业农村局 supervised by its dispatched group.
  const item = { responsible_org_id: 30, supervising_org_id: 8, status: 'pending' as const };
  const expected: Record<RectEvent, Who[]> = {
    report: ['group1', 'agri'],
    submit: ['group1', 'agri'],
    verify_pass: ['group1'],
    verify_fail: ['group1'],
    reopen: ['group1'],
    cancel: ['group1'],
  };
  const cases = WHO.flatMap((w) => RECT_EVENTS.map((e) => [w, e] as const));
  it.each(cases)('%s → %s', (who, event) => {
    expect(mayAct(users[who], item, event)).toBe(expected[event].includes(who));
  });

  it('销号 needs rectify:verify AND membership of the supervising body', () => {
    // officer1 holds rectify:verify but is not in the dispatched group; agri is in the unit but cannot verify
    expect(users.officer1.permissions.has('rectify:verify')).toBe(true);
    expect(mayAct(users.officer1, item, 'verify_pass')).toBe(false);
    expect(mayAct(users.agri, item, 'verify_pass')).toBe(false);
    // a member of a sub-org of the supervising body counts as its member
    const commissionItem = { ...item, supervising_org_id: 1 };
    expect(mayAct(users.officer1, commissionItem, 'verify_pass')).toBe(true);
    expect(mayAct(users.leader, commissionItem, 'verify_pass')).toBe(false); // no rectify:verify
    const inspectionItem = { ...item, supervising_org_id: 10 };
    expect(mayAct(users.inspector1, inspectionItem, 'report')).toBe(true);
    expect(mayAct(users.inspector1, inspectionItem, 'verify_pass')).toBe(false);
  });

  it('registering, editing and evidence', () => {
    const ref = { responsible_org_id: 30, supervising_org_id: 8 };
    expect(WHO.filter((w) => mayCreate(users[w], ref))).toEqual(['group1', 'agri']);
    expect(WHO.filter((w) => mayEdit(users[w], { supervising_org_id: 8, status: 'in_progress' }))).toEqual(['group1']);
    expect(mayEdit(users.group1, { supervising_org_id: 8, status: 'rectified' })).toBe(false);
    expect(WHO.filter((w) => mayAttach(users[w], item))).toEqual(['group1', 'agri']);
    expect(mayAttach(users.agri, { ...item, status: 'cancelled' })).toBe(false);
  });

  it('offers only the actions both the state table and the policy allow', () => {
    expect(actionsFor(users.agri, { ...item, status: 'submitted' })).toEqual(['report']);
    expect(actionsFor(users.group1, { ...item, status: 'submitted' })).toEqual(['report', 'verify_pass', 'verify_fail']);
    expect(actionsFor(users.group1, { ...item, status: 'rectified' })).toEqual(['reopen']);
    expect(actionsFor(users.leader, { ...item, status: 'rectified' })).toEqual([]);
  });
});
