/**
 * State machines of the inspection area, as tables. Pure.
 *
 * Round phases (巡前 / 巡中 / 巡后):
 *   planning ─prepare (巡前准备)→ before ─station (进驻)→ during ─withdraw (撤离)→ after ─close (完结)→ closed
 * and which work each phase allows (ACTION_PHASES): e.g. a clue transferred while `during` is 边巡边查
 * (shortened handling deadline), 立行立改 only `during`, feedback and the ledger only `after`.
 *
 * Recommendation letters (巡察建议书 / 纪检监察建议书):
 *   draft ─issue (印发)→ issued ─answer (反馈)→ answered ─close (办结)→ closed
 *                                         answered ─return (退回重新反馈)→ issued
 */
import { AppError } from '../../platform/errors.ts';

export const PHASES = ['planning', 'before', 'during', 'after', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  planning: '筹备',
  before: '巡前',
  during: '巡中（进驻）',
  after: '巡后（反馈整改）',
  closed: '已完结',
};

export const PHASE_EVENTS = ['prepare', 'station', 'withdraw', 'close'] as const;
export type PhaseEvent = (typeof PHASE_EVENTS)[number];

export const PHASE_EVENT_LABELS: Record<PhaseEvent, string> = { prepare: '巡前准备', station: '进驻', withdraw: '撤离', close: '完结' };

export const PHASE_TRANSITIONS: Record<Phase, Partial<Record<PhaseEvent, Phase>>> = {
  planning: { prepare: 'before' },
  before: { station: 'during' },
  during: { withdraw: 'after' },
  after: { close: 'closed' },
  closed: {},
};

export function nextPhase(phase: Phase, event: PhaseEvent): Phase {
  const next = PHASE_TRANSITIONS[phase][event];
  if (!next) {
    throw new AppError('bad_state', `本轮巡察当前处于“${PHASE_LABELS[phase]}”阶段，不能“${PHASE_EVENT_LABELS[event]}”`, `Round is ${phase}; ${event} is not allowed`, 409);
  }
  return next;
}

export const ROUND_ACTIONS = ['setup', 'brief', 'find', 'transfer', 'immediate', 'audit', 'audit_finding', 'guide', 'feedback', 'ledger', 'letter'] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

const ACTION_LABELS: Record<RoundAction, string> = {
  setup: '调整巡察组和被巡察单位',
  brief: '编制巡前“画像”',
  find: '登记发现问题',
  transfer: '移交问题线索',
  immediate: '交办立行立改',
  audit: '部署专项审计',
  audit_finding: '报送审计发现问题',
  guide: '指导固定证据',
  feedback: '巡察反馈',
  ledger: '建立整改台账',
  letter: '制发巡察建议书',
};

/** Which phases allow which work. */
export const ACTION_PHASES: Record<RoundAction, readonly Phase[]> = {
  setup: ['planning', 'before'],
  brief: ['planning', 'before', 'during'],
  find: ['during', 'after'],
  transfer: ['during', 'after'],
  immediate: ['during'],
  audit: ['planning', 'before', 'during'],
  audit_finding: ['during', 'after'],
  guide: ['before', 'during', 'after'],
  feedback: ['after'],
  ledger: ['after'],
  letter: ['during', 'after'],
};

export function assertPhaseAllows(phase: Phase, action: RoundAction): void {
  if (!ACTION_PHASES[action].includes(phase)) {
    throw new AppError(
      'bad_phase',
      `本轮巡察当前处于“${PHASE_LABELS[phase]}”阶段，不能${ACTION_LABELS[action]}（应在：${ACTION_PHASES[action].map((p) => PHASE_LABELS[p]).join('、')}）`,
      `Round is ${phase}; ${action} is allowed in ${ACTION_PHASES[action].join(', ')}`,
      409,
    );
  }
}

/** 边巡边查: a clue transferred while the team is stationed gets the shortened deadline. */
export const isTourTransfer = (phase: Phase): boolean => phase === 'during';

export const LETTER_STATES = ['draft', 'issued', 'answered', 'closed'] as const;
export type LetterState = (typeof LETTER_STATES)[number];

export const LETTER_STATE_LABELS: Record<LetterState, string> = { draft: '草稿', issued: '已印发待反馈', answered: '已反馈待审核', closed: '已办结' };

export const LETTER_EVENTS = ['issue', 'answer', 'return', 'close'] as const;
export type LetterEvent = (typeof LETTER_EVENTS)[number];

export const LETTER_EVENT_LABELS: Record<LetterEvent, string> = { issue: '印发', answer: '反馈落实情况', return: '退回重新反馈', close: '办结' };

export const LETTER_TRANSITIONS: Record<LetterState, Partial<Record<LetterEvent, LetterState>>> = {
  draft: { issue: 'issued' },
  issued: { answer: 'answered' },
  answered: { return: 'issued', close: 'closed' },
  closed: {},
};

export function nextLetterState(state: LetterState, event: LetterEvent): LetterState {
  const next = LETTER_TRANSITIONS[state][event];
  if (!next) {
    throw new AppError('bad_state', `建议书当前为“${LETTER_STATE_LABELS[state]}”，不能“${LETTER_EVENT_LABELS[event]}”`, `Letter is ${state}; ${event} is not allowed`, 409);
  }
  return next;
}
