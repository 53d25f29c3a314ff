import { describe, expect, it } from 'vitest';
import {
  RECT_EVENTS,
  RECT_EVENT_ACTOR,
  RECT_EVENT_LABELS,
  RECT_OPEN_STATES,
  RECT_STATES,
  RECT_STATE_LABELS,
  type RectEvent,
  type RectState,
  allowedRectEvents,
  nextRectState,
} from './workflow.ts';

/** The business rules, written out by hand: every allowed (state, event) → next state. */
const ALLOWED: [RectState, RectEvent, RectState][] = [
  ['pending', 'report', 'in_progress'],
  ['pending', 'submit', 'submitted'], // 立行立改: done at once
  ['pending', 'cancel', 'cancelled'],
  ['in_progress', 'report', 'in_progress'],
  ['in_progress', 'submit', 'submitted'],
  ['in_progress', 'cancel', 'cancelled'],
  ['submitted', 'report', 'submitted'], // supplementary evidence while waiting
  ['submitted', 'verify_pass', 'rectified'], // 销号
  ['submitted', 'verify_fail', 'reopened'],
  ['reopened', 'report', 'in_progress'],
  ['reopened', 'submit', 'submitted'],
  ['rectified', 'reopen', 'reopened'],
];

describe('rectification workflow (every state × every event)', () => {
  const cases = RECT_STATES.flatMap((s) => RECT_EVENTS.map((e) => [s, e] as const));
  it('covers 6 states × 6 events', () => {
    expect(cases).toHaveLength(36);
  });

  it.each(cases)('%s + %s', (state, event) => {
    const rule = ALLOWED.find(([s, e]) => s === state && e === event);
    expect(nextRectState(state, event)).toBe(rule ? rule[2] : null);
  });

  it('销号 is reachable only through verification, and cancelled is terminal', () => {
    const intoRectified = RECT_STATES.flatMap((s) => RECT_EVENTS.filter((e) => nextRectState(s, e) === 'rectified').map((e) => [s, e]));
    expect(intoRectified).toEqual([['submitted', 'verify_pass']]);
    expect(allowedRectEvents('cancelled')).toEqual([]);
    expect(allowedRectEvents('submitted').sort()).toEqual(['report', 'verify_fail', 'verify_pass']);
  });

  it('verifier events are exactly verification, re-opening and cancelling', () => {
    const verifierEvents = RECT_EVENTS.filter((e) => RECT_EVENT_ACTOR[e] === 'verifier').sort();
    expect(verifierEvents).toEqual(['cancel', 'reopen', 'verify_fail', 'verify_pass']);
  });

  it('has a Chinese label for every state and event; open states are the not-yet-销号 ones', () => {
    for (const s of RECT_STATES) expect(RECT_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
    for (const e of RECT_EVENTS) expect(RECT_EVENT_LABELS[e]).toMatch(/[\u4e00-\u9fff]/);
    expect([...RECT_OPEN_STATES].sort()).toEqual(['in_progress', 'pending', 'reopened', 'submitted']);
  });
});
