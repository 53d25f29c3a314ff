import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { type ApprovalRefusal, approvalRefusal } from './accountability.policy.ts';

const perms = (role: string) => new Set(BUILTIN_ROLES.find((r) => r.code === role)!.permissions);
// org ids: 1 city commission; 2 第一监督检查室 (under 1); 13 东城区纪委监委 (under 1); 14 a room under 13
const users = {
  leader: { userId: 10, orgId: 1, permissions: perms('leader') },
  officer1: { userId: 11, orgId: 2, permissions: perms('officer') },
  districtLeader: { userId: 12, orgId: 13, permissions: perms('leader') },
  casemgr: { userId: 13, orgId: 5, permissions: perms('case_manager') },
};
const ancestorsOf: Record<number, number[]> = { 1: [], 2: [1], 13: [1], 14: [1, 13] };

describe('提级审核: who may approve a major decision', () => {
  const table: [keyof typeof users, { handling: number; createdBy: number }, ApprovalRefusal | null][] = [
    ['leader', { handling: 2, createdBy: 11 }, null], // the city leader approves its office's decision
    ['leader', { handling: 14, createdBy: 99 }, null], // … and a district room's
    ['districtLeader', { handling: 14, createdBy: 99 }, null], // the district is above its own room
    ['districtLeader', { handling: 2, createdBy: 11 }, 'not_higher_level'], // not above a city office
    ['leader', { handling: 1, createdBy: 99 }, 'not_higher_level'], // nobody above the commission itself here
    ['leader', { handling: 2, createdBy: 10 }, 'own_decision'],
    ['officer1', { handling: 2, createdBy: 99 }, 'no_permission'],
    ['casemgr', { handling: 2, createdBy: 99 }, 'no_permission'],
  ];
  it.each(table)('%s on a decision handled at org %o', (who, d, expected) => {
    expect(approvalRefusal(users[who], { handling_org_id: d.handling, created_by: d.createdBy }, ancestorsOf[d.handling])).toBe(expected);
  });
});
