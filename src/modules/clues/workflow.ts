/**
 * The life of a problem clue (问题线索), as a table. Pure: no database, no clock.
 *
 *   registered ─propose→ method_pending ─approve→ in_disposal | shelved | closed   (by method)
 *   method_pending ─reject→ registered
 *   in_disposal ─record_step→ in_disposal ─report→ result_pending
 *   result_pending ─approve→ closed | in_disposal (转初步核实)      ─reject→ in_disposal
 *   shelved ─reactivate→ registered
 *   registered | method_pending | shelved ─merge→ merged
 *
 * Disposal is by exactly one of the four methods (四种处置方式); each has its required steps
 * (with documents) and the outcomes it may lead to. Each outcome is classified by the
 * 四种形态 (four forms of oversight and discipline).
 */
import { AppError } from '../../platform/errors.ts';

export const CLUE_STATES = ['registered', 'method_pending', 'in_disposal', 'result_pending', 'shelved', 'closed', 'merged'] as const;
export type ClueState = (typeof CLUE_STATES)[number];

export const STATE_LABELS: Record<ClueState, string> = {
  registered: '待处置',
  method_pending: '处置方式待审批',
  in_disposal: '处置中',
  result_pending: '处置结果待审批',
  shelved: '暂存待查',
  closed: '已办结',
  merged: '已合并',
};

export const CLUE_EVENTS = ['assign', 'propose', 'approve', 'reject', 'record_step', 'report', 'reactivate', 'merge', 'transfer'] as const;
export type ClueEvent = (typeof CLUE_EVENTS)[number];

export const EVENT_LABELS: Record<ClueEvent, string> = {
  assign: '指定承办人',
  propose: '提出处置意见',
  approve: '审批同意',
  reject: '审批退回',
  record_step: '记录处置步骤',
  report: '报告处置结果',
  reactivate: '重新启用',
  merge: '合并',
  transfer: '移交',
};

/** The four disposal methods (线索处置四种方式). */
export const METHODS = ['talk_inquiry', 'preliminary', 'shelve', 'conclude'] as const;
export type Method = (typeof METHODS)[number];

export const OUTCOMES = ['concluded', 'criticism', 'org_handling', 'case_filed', 'transfer_other', 'to_preliminary'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface StepDef {
  code: string;
  label: string;
  /** What the uploaded documents of this step are. */
  documents: string;
}

export interface MethodDef {
  label: string;
  /** Steps that must each be recorded, with at least one document, before the result is reported. */
  steps: StepDef[];
  /** Outcomes the result report may propose. */
  outcomes: Outcome[];
  /** Approving the method closes the clue with this outcome right away. */
  closesWith?: Outcome;
}

export const METHOD_DEFS: Record<Method, MethodDef> = {
  talk_inquiry: {
    label: '谈话函询',
    steps: [
      { code: 'talk_or_letter', label: '谈话或函询', documents: '谈话笔录，或函询通知及被反映人书面说明' },
      { code: 'situation_report', label: '谈话函询情况报告', documents: '谈话函询情况报告及处理意见' },
    ],
    outcomes: ['concluded', 'criticism', 'to_preliminary'],
  },
  preliminary: {
    label: '初步核实',
    steps: [
      { code: 'plan', label: '初核工作方案', documents: '初步核实工作方案（审批件）' },
      { code: 'verification', label: '核实取证', documents: '谈话笔录、调取的书证等证据材料' },
      { code: 'report', label: '初步核实情况报告', documents: '初步核实情况报告' },
    ],
    outcomes: ['concluded', 'criticism', 'org_handling', 'case_filed', 'transfer_other'],
  },
  shelve: { label: '暂存待查', steps: [], outcomes: [] },
  conclude: { label: '予以了结', steps: [], outcomes: [], closesWith: 'concluded' },
};

export type Form = 1 | 2 | 3 | 4;

/** 监督执纪“四种形态”. */
export const FORM_LABELS: Record<Form, string> = {
  1: '第一种形态：批评教育帮助和处理（谈话函询、谈话提醒、批评教育、责令检查、诫勉）',
  2: '第二种形态：党纪轻处分、组织调整',
  3: '第三种形态：党纪重处分、重大职务调整',
  4: '第四种形态：严重违纪涉嫌违法立案审查调查',
};

export interface OutcomeDef {
  label: string;
  /** Forms this outcome may be classified as: none, exactly one (automatic), or a choice. */
  forms: Form[];
  /** False for an outcome that continues the disposal (转初步核实). */
  final: boolean;
}

export const OUTCOME_DEFS: Record<Outcome, OutcomeDef> = {
  concluded: { label: '予以了结（反映不实或无法查证）', forms: [], final: true },
  criticism: { label: '批评教育（谈话提醒、批评教育、责令检查、诫勉）', forms: [1], final: true },
  org_handling: { label: '组织处理', forms: [2, 3], final: true },
  case_filed: { label: '立案审查调查', forms: [2, 3, 4], final: true },
  transfer_other: { label: '移送其他机关处理', forms: [], final: true },
  to_preliminary: { label: '转初步核实', forms: [], final: false },
};

/** Target of a transition: a state, or one state per method/outcome (the key given with the event). */
type Target = ClueState | { key: 'method' | 'outcome'; map: Partial<Record<string, ClueState>> };

const afterResult = Object.fromEntries(OUTCOMES.map((o) => [o, OUTCOME_DEFS[o].final ? 'closed' : 'in_disposal'])) as Record<Outcome, ClueState>;

/** The whole state machine. A (state, event) pair not listed here is refused. */
export const TRANSITIONS: { from: ClueState; event: ClueEvent; to: Target }[] = [
  { from: 'registered', event: 'assign', to: 'registered' },
  { from: 'registered', event: 'propose', to: 'method_pending' },
  { from: 'registered', event: 'merge', to: 'merged' },
  { from: 'registered', event: 'transfer', to: 'registered' },
  { from: 'method_pending', event: 'assign', to: 'method_pending' },
  {
    from: 'method_pending',
    event: 'approve',
    to: { key: 'method', map: { talk_inquiry: 'in_disposal', preliminary: 'in_disposal', shelve: 'shelved', conclude: 'closed' } },
  },
  { from: 'method_pending', event: 'reject', to: 'registered' },
  { from: 'method_pending', event: 'merge', to: 'merged' },
  { from: 'in_disposal', event: 'assign', to: 'in_disposal' },
  { from: 'in_disposal', event: 'record_step', to: 'in_disposal' },
  { from: 'in_disposal', event: 'report', to: 'result_pending' },
  { from: 'result_pending', event: 'assign', to: 'result_pending' },
  { from: 'result_pending', event: 'approve', to: { key: 'outcome', map: afterResult } },
  { from: 'result_pending', event: 'reject', to: 'in_disposal' },
  { from: 'shelved', event: 'assign', to: 'shelved' },
  { from: 'shelved', event: 'reactivate', to: 'registered' },
  { from: 'shelved', event: 'merge', to: 'merged' },
  { from: 'shelved', event: 'transfer', to: 'shelved' },
  { from: 'closed', event: 'transfer', to: 'closed' },
];

export function illegalTransition(state: ClueState, event: ClueEvent): AppError {
  return new AppError(
    'illegal_transition',
    `线索当前状态为“${STATE_LABELS[state]}”，不能${EVENT_LABELS[event]}`,
    `The clue is ${state}: "${event}" is not allowed in this state`,
    409,
    { state, event },
  );
}

/** Is the event allowed in this state at all (for any key)? */
export function allowed(state: ClueState, event: ClueEvent): boolean {
  return TRANSITIONS.some((t) => t.from === state && t.event === event);
}

/**
 * The state after `event` in `state`; `key` is the method (approving a proposal) or the outcome
 * (approving a result). Throws `illegal_transition` (409) for anything the table does not allow.
 */
export function nextState(state: ClueState, event: ClueEvent, key?: string): ClueState {
  const t = TRANSITIONS.find((r) => r.from === state && r.event === event);
  if (!t) throw illegalTransition(state, event);
  if (typeof t.to === 'string') return t.to;
  const to = key ? t.to.map[key] : undefined;
  if (!to) {
    throw new AppError(
      'illegal_transition',
      `线索当前状态为“${STATE_LABELS[state]}”，${EVENT_LABELS[event]}需要有效的${t.to.key === 'method' ? '处置方式' : '处置结果'}`,
      `The clue is ${state}: "${event}" needs a valid ${t.to.key}`,
      409,
      { state, event, key },
    );
  }
  return to;
}

/** The 四种形态 of an outcome: the one allowed form, the chosen one when there is a choice, else null. */
export function formOf(outcome: Outcome, chosen?: number | null): Form | null {
  const { forms, label } = OUTCOME_DEFS[outcome];
  if (!forms.length) {
    if (chosen) throw new AppError('bad_form', `“${label}”不归入四种形态`, `Outcome ${outcome} is not classified by the four forms`);
    return null;
  }
  if (forms.length === 1 && !chosen) return forms[0];
  if (!forms.includes(chosen as Form)) {
    throw new AppError(
      'bad_form',
      `“${label}”须选择四种形态：${forms.map((f) => `第${'一二三四'[f - 1]}种`).join('、')}`,
      `Outcome ${outcome} needs a form among ${forms.join(', ')}`,
    );
  }
  return chosen as Form;
}

/** Required steps of `method` that `done` (step codes already recorded) still lacks. */
export function missingSteps(method: Method, done: readonly string[]): StepDef[] {
  return METHOD_DEFS[method].steps.filter((s) => !done.includes(s.code));
}
