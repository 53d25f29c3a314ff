import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { TRANSFER_ACTIONS, type TransferAction, type TransferFacts, mayDoTransfer } from './transfers.policy.ts';

const perms = (role: string) => new Set(BUILTIN_ROLES.find((r) => r.code === role)!.permissions);
const T: TransferFacts = { senderOrgId: 10, receiverOrgId: 20, ccOrgIds: [30] };

/** Every role × every action, as a member of the sender, the receiver, a cc org and an outsider — by hand. */
const SENDER: Record<string, TransferAction[]> = {
  sys_admin: [],
  sec_admin: [],
  audit_admin: [],
  leader: ['view', 'stats'],
  officer: ['send', 'view', 'stats'],
  case_manager: ['send', 'view', 'stats'],
  inspector: ['send', 'view', 'stats'],
  data_admin: [],
  hotline_clerk: ['send', 'view', 'stats'],
  partner_clerk: ['send', 'view', 'stats'],
};
const RECEIVER: Record<string, TransferAction[]> = {
  sys_admin: [],
  sec_admin: [],
  audit_admin: [],
  leader: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
  officer: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
  case_manager: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
  inspector: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
  data_admin: [],
  hotline_clerk: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
  partner_clerk: ['view', 'acknowledge', 'return', 'feedback', 'stats'],
};
const withStatsOnly = (m: Record<string, TransferAction[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.filter((a) => a === 'stats')]));
const CC: Record<string, TransferAction[]> = Object.fromEntries(Object.entries(RECEIVER).map(([k, v]) => [k, v.filter((a) => a === 'view' || a === 'stats')]));
const OUTSIDER = withStatsOnly(RECEIVER);

const cases: [string, number, Record<string, TransferAction[]>][] = [
  ['sender', 10, SENDER],
  ['receiver', 20, RECEIVER],
  ['cc', 30, CC],
  ['outsider', 40, OUTSIDER],
];

describe('transfer policy: every role × every action × relation', () => {
  for (const [relation, orgId, expected] of cases) {
    for (const role of BUILTIN_ROLES.map((r) => r.code)) {
      for (const action of TRANSFER_ACTIONS) {
        const want = expected[role].includes(action);
        it(`${role} of the ${relation} ${want ? 'may' : 'may not'} ${action}`, () => {
          expect(mayDoTransfer({ userId: 1, orgId, permissions: perms(role) }, action, T)).toBe(want);
        });
      }
    }
  }

  it('no body transfers to itself', () => {
    expect(mayDoTransfer({ userId: 1, orgId: 10, permissions: perms('officer') }, 'send', { ...T, receiverOrgId: 10 })).toBe(false);
  });
});
