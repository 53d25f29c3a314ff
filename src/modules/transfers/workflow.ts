/**
 * The life of a transfer (移交), as a table. Pure.
 *
 *   sent ─acknowledge (签收)→ acknowledged ─feedback (结果反馈)→ fed_back
 *   sent ─return (退回, with reason)→ returned
 *   sent ─escalate (签收超期)→ sent            acknowledged ─flag_overdue (反馈超期)→ acknowledged
 */
import { AppError } from '../../platform/errors.ts';

export const TRANSFER_STATES = ['sent', 'acknowledged', 'returned', 'fed_back'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export const TRANSFER_STATE_LABELS: Record<TransferState, string> = {
  sent: '待签收',
  acknowledged: '已签收待反馈',
  returned: '已退回',
  fed_back: '已反馈',
};

export const TRANSFER_EVENTS = ['acknowledge', 'return', 'feedback', 'escalate', 'flag_overdue'] as const;
export type TransferEvent = (typeof TRANSFER_EVENTS)[number];

const EVENT_LABELS: Record<TransferEvent, string> = {
  acknowledge: '签收',
  return: '退回',
  feedback: '反馈结果',
  escalate: '超期督办',
  flag_overdue: '标记反馈超期',
};

export const TRANSFER_TRANSITIONS: { from: TransferState; event: TransferEvent; to: TransferState }[] = [
  { from: 'sent', event: 'acknowledge', to: 'acknowledged' },
  { from: 'sent', event: 'return', to: 'returned' },
  { from: 'sent', event: 'escalate', to: 'sent' },
  { from: 'acknowledged', event: 'feedback', to: 'fed_back' },
  { from: 'acknowledged', event: 'flag_overdue', to: 'acknowledged' },
];

export function nextTransferState(state: TransferState, event: TransferEvent): TransferState {
  const t = TRANSFER_TRANSITIONS.find((r) => r.from === state && r.event === event);
  if (!t) {
    throw new AppError(
      'illegal_transition',
      `移交当前状态为“${TRANSFER_STATE_LABELS[state]}”，不能${EVENT_LABELS[event]}`,
      `The transfer is ${state}: "${event}" is not allowed in this state`,
      409,
      { state, event },
    );
  }
  return t.to;
}

/** Working-day deadlines (工作日): to acknowledge, and to feed back (shortened for 边巡边查). */
export const ACK_DAYS = 3;
export const HANDLE_DAYS = 30;
export const TOUR_HANDLE_DAYS = 10;

/** What the receiver reports as the result, per carried item. */
export const TRANSFER_OUTCOMES = ['case_filed', 'org_handling', 'criticism', 'concluded', 'transfer_other', 'rectified', 'in_progress', 'other'] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];

export const TRANSFER_OUTCOME_LABELS: Record<TransferOutcome, string> = {
  case_filed: '立案审查调查',
  org_handling: '组织处理',
  criticism: '批评教育',
  concluded: '予以了结',
  transfer_other: '转其他机关',
  rectified: '已整改',
  in_progress: '正在办理',
  other: '其他',
};
