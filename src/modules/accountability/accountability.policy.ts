/**
 * Who may do what with accountability records (pure).
 *
 * 提级审核: a major decision is approved (or rejected, or later revoked) by the higher level —
 * someone holding `account:approve` whose organisation is a strict ancestor of the handling
 * organisation — and never by the person who registered it.
 */
import type { AccessContext } from '../../platform/access/context.ts';

type Who = Pick<AccessContext, 'userId' | 'orgId' | 'permissions'>;

export interface DecisionRef {
  handling_org_id: number;
  created_by: number | null;
}

export type ApprovalRefusal = 'no_permission' | 'not_higher_level' | 'own_decision';

/**
 * Why `a` may not approve the decision, or null when they may.
 * `handlingOrgAncestors` are the ancestor ids of the handling organisation (root first).
 */
export function approvalRefusal(a: Who, d: DecisionRef, handlingOrgAncestors: readonly number[]): ApprovalRefusal | null {
  if (!a.permissions.has('account:approve')) return 'no_permission';
  if (d.created_by !== null && d.created_by === a.userId) return 'own_decision';
  if (!handlingOrgAncestors.includes(a.orgId)) return 'not_higher_level';
  return null;
}

export const APPROVAL_REFUSAL_MESSAGES: Record<ApprovalRefusal, [string, string]> = {
  no_permission: ['无提级审核权限', 'You lack the approval permission (account:approve)'],
  not_higher_level: ['提级审核须由承办单位的上级审核', 'Approval must come from a level above the handling organisation'],
  own_decision: ['不能审核本人登记的决定', 'You cannot approve a decision you registered'],
};

export function mayRegister(a: Pick<AccessContext, 'permissions'>): boolean {
  return a.permissions.has('account:edit');
}
