/**
 * State machines of accountability records (pure, table-driven).
 *
 * Decisions (问责/处理决定): a major decision (改组, 组织调整, 重大职务调整, 纪律处分) starts
 * 'pending_approval' and takes effect only when the higher level approves (提级审核); any other
 * decision is effective when registered. An effective decision can be revoked (e.g. after a
 * successful appeal 申诉), which takes it out of every count.
 *
 * Proposals (问责建议, e.g. from an overdue rectification — 双问责): open until turned into a
 * decision or dismissed; open again when the decision made on it is rejected.
 */

export const DECISION_STATES = ['pending_approval', 'effective', 'rejected', 'revoked'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
export const DECISION_EVENTS = ['approve', 'reject', 'revoke'] as const;
export type DecisionEvent = (typeof DECISION_EVENTS)[number];

export const DECISION_STATE_LABELS: Record<DecisionState, string> = {
  pending_approval: '待上级审核',
  effective: '已生效',
  rejected: '审核未通过',
  revoked: '已撤销',
};
export const DECISION_EVENT_LABELS: Record<DecisionEvent, string> = {
  approve: '审核通过',
  reject: '审核不通过',
  revoke: '撤销决定',
};

export const DECISION_TRANSITIONS: Record<DecisionState, Partial<Record<DecisionEvent, DecisionState>>> = {
  pending_approval: { approve: 'effective', reject: 'rejected' },
  effective: { revoke: 'revoked' },
  rejected: {},
  revoked: {},
};

export function initialDecisionState(major: boolean): DecisionState {
  return major ? 'pending_approval' : 'effective';
}

export function nextDecisionState(state: DecisionState, event: DecisionEvent): DecisionState | null {
  return DECISION_TRANSITIONS[state]?.[event] ?? null;
}

export const PROPOSAL_STATES = ['open', 'decided', 'dismissed'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
/** 'reopen': the decision made on the proposal was rejected by the higher level, so it is open again. */
export const PROPOSAL_EVENTS = ['decide', 'dismiss', 'reopen'] as const;
export type ProposalEvent = (typeof PROPOSAL_EVENTS)[number];

export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = { open: '待处理', decided: '已作出决定', dismissed: '不予问责' };

export const PROPOSAL_TRANSITIONS: Record<ProposalState, Partial<Record<ProposalEvent, ProposalState>>> = {
  open: { decide: 'decided', dismiss: 'dismissed' },
  decided: { reopen: 'open' },
  dismissed: {},
};

export function nextProposalState(state: ProposalState, event: ProposalEvent): ProposalState | null {
  return PROPOSAL_TRANSITIONS[state]?.[event] ?? null;
}
