import { describe, expect, it } from 'vitest';
import {
  DECISION_EVENTS,
  DECISION_STATES,
  type DecisionEvent,
  type DecisionState,
  PROPOSAL_EVENTS,
  PROPOSAL_STATES,
  type ProposalEvent,
  type ProposalState,
  initialDecisionState,
  nextDecisionState,
  nextProposalState,
} from './workflow.ts';

const DECISION_ALLOWED: [DecisionState, DecisionEvent, DecisionState][] = [
  ['pending_approval', 'approve', 'effective'],
  ['pending_approval', 'reject', 'rejected'],
  ['effective', 'revoke', 'revoked'],
];

const PROPOSAL_ALLOWED: [ProposalState, ProposalEvent, ProposalState][] = [
  ['open', 'decide', 'decided'],
  ['open', 'dismiss', 'dismissed'],
  ['decided', 'reopen', 'open'],
];

describe('decision workflow (every state × every event)', () => {
  const cases = DECISION_STATES.flatMap((s) => DECISION_EVENTS.map((e) => [s, e] as const));
  it('covers 4 × 3', () => expect(cases).toHaveLength(12));
  it.each(cases)('%s + %s', (state, event) => {
    const rule = DECISION_ALLOWED.find(([s, e]) => s === state && e === event);
    expect(nextDecisionState(state, event)).toBe(rule ? rule[2] : null);
  });
  it('a major decision starts pending approval (提级审核), any other is effective at once', () => {
    expect(initialDecisionState(true)).toBe('pending_approval');
    expect(initialDecisionState(false)).toBe('effective');
  });
});

describe('proposal workflow (every state × every event)', () => {
  const cases = PROPOSAL_STATES.flatMap((s) => PROPOSAL_EVENTS.map((e) => [s, e] as const));
  it('covers 3 × 3', () => expect(cases).toHaveLength(9));
  it.each(cases)('%s + %s', (state, event) => {
    const rule = PROPOSAL_ALLOWED.find(([s, e]) => s === state && e === event);
    expect(nextProposalState(state, event)).toBe(rule ? rule[2] : null);
  });
});
