import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { TRANSFER_EVENTS, TRANSFER_STATES, type TransferEvent, type TransferState, nextTransferState } from './workflow.ts';

const EXPECTED: Record<TransferState, Partial<Record<TransferEvent, TransferState>>> = {
  sent: { acknowledge: 'acknowledged', return: 'returned', escalate: 'sent' },
  acknowledged: { feedback: 'fed_back', flag_overdue: 'acknowledged' },
  returned: {},
  fed_back: {},
};

describe('transfer workflow: every state × every event', () => {
  for (const state of TRANSFER_STATES) {
    for (const event of TRANSFER_EVENTS) {
      const want = EXPECTED[state][event];
      it(`${state} × ${event} → ${want ?? 'refused'}`, () => {
        if (want) {
          expect(nextTransferState(state, event)).toBe(want);
          return;
        }
        try {
          nextTransferState(state, event);
          throw new Error('expected refusal');
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('illegal_transition');
          expect((e as AppError).status).toBe(409);
          expect((e as AppError).message).toMatch(/^移交当前状态为“.+”，不能.+$/);
          expect((e as AppError).messageEn).toContain(`"${event}" is not allowed`);
        }
      });
    }
  }
});
