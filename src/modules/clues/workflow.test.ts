import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  CLUE_EVENTS,
  CLUE_STATES,
  type ClueEvent,
  type ClueState,
  METHODS,
  OUTCOMES,
  allowed,
  formOf,
  missingSteps,
  nextState,
} from './workflow.ts';

type Expect = ClueState | Record<string, ClueState>;

/** Written out by hand from the disposal rules: every (state, event) not listed is refused. */
const EXPECTED: Record<ClueState, Partial<Record<ClueEvent, Expect>>> = {
  registered: { assign: 'registered', propose: 'method_pending', merge: 'merged', transfer: 'registered' },
  method_pending: {
    assign: 'method_pending',
    approve: { talk_inquiry: 'in_disposal', preliminary: 'in_disposal', shelve: 'shelved', conclude: 'closed' },
    reject: 'registered',
    merge: 'merged',
  },
  in_disposal: { assign: 'in_disposal', record_step: 'in_disposal', report: 'result_pending' },
  result_pending: {
    assign: 'result_pending',
    approve: {
      concluded: 'closed',
      criticism: 'closed',
      org_handling: 'closed',
      case_filed: 'closed',
      transfer_other: 'closed',
      to_preliminary: 'in_disposal',
    },
    reject: 'in_disposal',
  },
  shelved: { assign: 'shelved', reactivate: 'registered', merge: 'merged', transfer: 'shelved' },
  closed: { transfer: 'closed' },
  merged: {},
};

function refused(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe('illegal_transition');
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/[\u4e00-\u9fff]/);
    expect(err.messageEn).toMatch(/not allowed|needs a valid/);
    return;
  }
  throw new Error('expected the transition to be refused');
}

describe('clue workflow: every state × every event', () => {
  for (const state of CLUE_STATES) {
    for (const event of CLUE_EVENTS) {
      const want = EXPECTED[state][event];
      it(`${state} × ${event} → ${want === undefined ? 'refused' : JSON.stringify(want)}`, () => {
        expect(allowed(state, event)).toBe(want !== undefined);
        if (want === undefined) {
          refused(() => nextState(state, event));
          for (const key of [...METHODS, ...OUTCOMES]) refused(() => nextState(state, event, key));
        } else if (typeof want === 'string') {
          expect(nextState(state, event)).toBe(want);
        } else {
          const keys = state === 'method_pending' ? METHODS : OUTCOMES;
          for (const key of keys) expect(nextState(state, event, key)).toBe(want[key]);
          refused(() => nextState(state, event));
          refused(() => nextState(state, event, 'no_such_key'));
        }
      });
    }
  }

  it('names the state and the event in the refusal, in Chinese and English', () => {
    try {
      nextState('closed', 'propose');
    } catch (e) {
      expect((e as AppError).message).toBe('线索当前状态为“已办结”，不能提出处置意见');
      expect((e as AppError).messageEn).toBe('The clue is closed: "propose" is not allowed in this state');
    }
  });
});

describe('四种形态 of outcomes', () => {
  it('classifies automatically where there is one form, refuses a form where there is none', () => {
    expect(formOf('criticism')).toBe(1);
    expect(formOf('concluded')).toBeNull();
    expect(formOf('transfer_other')).toBeNull();
    expect(() => formOf('concluded', 2)).toThrow(/不归入四种形态/);
  });

  it('needs a choice among the allowed forms where there are several', () => {
    expect(() => formOf('case_filed')).toThrow(/须选择四种形态/);
    expect(() => formOf('case_filed', 1)).toThrow(/第二种、第三种、第四种/);
    expect(formOf('case_filed', 4)).toBe(4);
    expect(formOf('org_handling', 2)).toBe(2);
    expect(() => formOf('org_handling', 4)).toThrow(AppError);
  });
});

describe('required steps of the four methods', () => {
  it('谈话函询 needs the talk/letter and the situation report; 初步核实 three steps; the others none', () => {
    expect(missingSteps('talk_inquiry', []).map((s) => s.code)).toEqual(['talk_or_letter', 'situation_report']);
    expect(missingSteps('talk_inquiry', ['talk_or_letter']).map((s) => s.code)).toEqual(['situation_report']);
    expect(missingSteps('preliminary', ['plan', 'report']).map((s) => s.code)).toEqual(['verification']);
    expect(missingSteps('preliminary', ['plan', 'verification', 'report'])).toEqual([]);
    expect(missingSteps('shelve', [])).toEqual([]);
    expect(missingSteps('conclude', [])).toEqual([]);
  });
});
