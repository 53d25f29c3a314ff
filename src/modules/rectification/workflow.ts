/**
 * State machine of a rectification ledger item (整改台账事项). Pure and table-driven: the table
 * below is the whole truth; services ask `nextState` and refuse what it does not allow.
 *
 *   pending ──report──► in_progress ──submit──► submitted ──verify_pass──► rectified (销号)
 *      │                    ▲                      │                          │
 *      └──submit────────────┼──────────────────────┘ verify_fail              │ reopen
 *                           │                      ▼                          ▼
 *                           └──────report───── reopened ◄─────────────────────┘
 *
 * Who acts is part of the table: 'unit' events are for the responsible unit (or the supervising
 * body on its behalf); 'verifier' events need `rectify:verify` and membership of the supervising
 * body (see rectification.policy.ts).
 */

export const RECT_STATES = ['pending', 'in_progress', 'submitted', 'reopened', 'rectified', 'cancelled'] as const;
export type RectState = (typeof RECT_STATES)[number];

export const RECT_EVENTS = ['report', 'submit', 'verify_pass', 'verify_fail', 'reopen', 'cancel'] as const;
export type RectEvent = (typeof RECT_EVENTS)[number];

export type RectActorKind = 'unit' | 'verifier';

export const RECT_STATE_LABELS: Record<RectState, string> = {
  pending: '待整改',
  in_progress: '整改中',
  submitted: '待核验（已申请销号）',
  reopened: '重新整改',
  rectified: '已销号',
  cancelled: '已撤销',
};

export const RECT_EVENT_LABELS: Record<RectEvent, string> = {
  report: '填报整改进展',
  submit: '申请销号',
  verify_pass: '核验通过并销号',
  verify_fail: '核验不通过',
  reopen: '重新打开（销号后发现问题反弹）',
  cancel: '撤销（误录）',
};

/** Which kind of actor each event needs. */
export const RECT_EVENT_ACTOR: Record<RectEvent, RectActorKind> = {
  report: 'unit',
  submit: 'unit',
  verify_pass: 'verifier',
  verify_fail: 'verifier',
  reopen: 'verifier',
  cancel: 'verifier',
};

/** state → event → next state. A missing entry means the event is not allowed in that state. */
export const RECT_TRANSITIONS: Record<RectState, Partial<Record<RectEvent, RectState>>> = {
  pending: { report: 'in_progress', submit: 'submitted', cancel: 'cancelled' },
  in_progress: { report: 'in_progress', submit: 'submitted', cancel: 'cancelled' },
  // Supplementary material may be added while waiting for verification.
  submitted: { report: 'submitted', verify_pass: 'rectified', verify_fail: 'reopened' },
  reopened: { report: 'in_progress', submit: 'submitted' },
  rectified: { reopen: 'reopened' },
  cancelled: {},
};

/** States that count as "not yet 销号" (open work). */
export const RECT_OPEN_STATES: readonly RectState[] = ['pending', 'in_progress', 'submitted', 'reopened'];

export function isRectState(s: string): s is RectState {
  return (RECT_STATES as readonly string[]).includes(s);
}

/** The state after `event`, or null when the event is not allowed in `state`. */
export function nextRectState(state: RectState, event: RectEvent): RectState | null {
  return RECT_TRANSITIONS[state]?.[event] ?? null;
}

/** Events allowed in a state (for the UI's buttons). */
export function allowedRectEvents(state: RectState): RectEvent[] {
  return RECT_EVENTS.filter((e) => nextRectState(state, e) !== null);
}
