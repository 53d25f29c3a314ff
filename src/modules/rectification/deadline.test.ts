import { describe, expect, it } from 'vitest';
import { Calendar } from '../../platform/calendar/calendar.ts';
import { deadlineFrom, effectiveDeadline, isOverdue, overdueDays, overdueSince } from './deadline.ts';

// Only the rows the tests need, written out here: 2026 National Day break 1–7 October, with
// Sunday 20 September and Saturday 10 October working days (国办发明电〔2025〕7号).
const national2026 = new Calendar({
  builtin: false,
  overrides: [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
    { date: '2026-09-20', kind: 'workday' as const },
    { date: '2026-10-10', kind: 'workday' as const },
  ],
});
const weekdaysOnly = new Calendar({ builtin: false });

describe('deadlines on working days vs calendar days', () => {
  it('a time limit of N working days skips the holiday and counts the make-up Saturday', () => {
    // after 30 Sep: 8 Oct (1), 9 Oct (2), Sat 10 Oct (3, 调休上班), Mon 12 Oct (4), 13 Oct (5)
    expect(deadlineFrom('2026-09-30', 5, 'working_days', national2026)).toBe('2026-10-13');
    expect(deadlineFrom('2026-09-30', 5, 'calendar_days', national2026)).toBe('2026-10-05');
  });

  it('a deadline on a non-working day moves to the next working day (working basis only)', () => {
    expect(effectiveDeadline('2026-10-01', 'working_days', national2026)).toBe('2026-10-08');
    expect(effectiveDeadline('2026-10-01', 'calendar_days', national2026)).toBe('2026-10-01');
    expect(effectiveDeadline('2026-03-14', 'working_days', weekdaysOnly)).toBe('2026-03-16'); // Saturday → Monday
    expect(effectiveDeadline('2026-03-13', 'working_days', weekdaysOnly)).toBe('2026-03-13'); // a Friday stays
  });

  it('overdue starts the day after the effective deadline', () => {
    expect(isOverdue('2026-10-01', 'working_days', '2026-10-08', national2026)).toBe(false);
    expect(isOverdue('2026-10-01', 'working_days', '2026-10-09', national2026)).toBe(true);
    expect(isOverdue('2026-10-01', 'calendar_days', '2026-10-01', national2026)).toBe(false);
    expect(isOverdue('2026-10-01', 'calendar_days', '2026-10-02', national2026)).toBe(true);
    expect(overdueSince('2026-10-01', 'working_days', national2026)).toBe('2026-10-09');
    expect(overdueSince('2026-10-01', 'calendar_days', national2026)).toBe('2026-10-02');
  });

  it('counts lateness in the unit of the basis', () => {
    // effective 8 Oct; late working days to 12 Oct: 9 Oct, Sat 10 Oct (调休), 12 Oct
    expect(overdueDays('2026-10-01', 'working_days', '2026-10-12', national2026)).toBe(3);
    expect(overdueDays('2026-10-01', 'calendar_days', '2026-10-12', national2026)).toBe(11);
    expect(overdueDays('2026-10-01', 'working_days', '2026-10-08', national2026)).toBe(0);
  });

  it('the same dates give another answer on a calendar without the holiday', () => {
    expect(effectiveDeadline('2026-10-01', 'working_days', weekdaysOnly)).toBe('2026-10-01');
    expect(isOverdue('2026-10-01', 'working_days', '2026-10-02', weekdaysOnly)).toBe(true);
  });

  it('agrees with the built-in State Council calendar for 2026', () => {
    const official = new Calendar();
    expect(effectiveDeadline('2026-10-01', 'working_days', official)).toBe('2026-10-08');
    expect(deadlineFrom('2026-09-30', 5, 'working_days', official)).toBe('2026-10-13');
  });
});
