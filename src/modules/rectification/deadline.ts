/**
 * Rectification deadlines (整改时限), pure. A deadline is a business date; each item says how it
 * is counted:
 * - 'working_days' (default, the house rule): a time limit of N days is N official working days
 *   (State Council calendar incl. 调休), and a deadline that falls on a non-working day moves to
 *   the next working day (期限届满日为节假日的，顺延至节假日后的第一个工作日);
 * - 'calendar_days': N calendar days, and the deadline date is the deadline.
 * An item is overdue (逾期) on the first day after its effective deadline.
 */
import type { Calendar } from '../../platform/calendar/calendar.ts';
import { type DateString, addDays, daysBetween, toDayNumber } from '../../platform/calendar/dates.ts';

export const DEADLINE_BASES = ['working_days', 'calendar_days'] as const;
export type DeadlineBasis = (typeof DEADLINE_BASES)[number];
export const DEFAULT_DEADLINE_BASIS: DeadlineBasis = 'working_days';

export const DEADLINE_BASIS_LABELS: Record<DeadlineBasis, string> = {
  working_days: '工作日',
  calendar_days: '自然日',
};

/** What deadline arithmetic needs from the official calendar. */
export type WorkdayCalendar = Pick<Calendar, 'isWorkingDay' | 'addWorkingDays' | 'workingDaysBetween'>;

/** The deadline `days` after `start` (not counting `start`), counted on `basis`. */
export function deadlineFrom(start: DateString, days: number, basis: DeadlineBasis, cal: WorkdayCalendar): DateString {
  return basis === 'working_days' ? cal.addWorkingDays(start, days) : addDays(start, days);
}

/** The last day on which the item is still on time. */
export function effectiveDeadline(deadline: DateString, basis: DeadlineBasis, cal: WorkdayCalendar): DateString {
  if (basis === 'calendar_days' || cal.isWorkingDay(deadline)) return deadline;
  return cal.addWorkingDays(deadline, 1);
}

/** True when, on `asOf`, the effective deadline has passed. */
export function isOverdue(deadline: DateString, basis: DeadlineBasis, asOf: DateString, cal: WorkdayCalendar): boolean {
  return toDayNumber(asOf) > toDayNumber(effectiveDeadline(deadline, basis, cal));
}

/** The first overdue day (the day after the effective deadline). */
export function overdueSince(deadline: DateString, basis: DeadlineBasis, cal: WorkdayCalendar): DateString {
  return addDays(effectiveDeadline(deadline, basis, cal), 1);
}

/** How late the item is on `asOf`, in the unit of its basis (0 when on time). */
export function overdueDays(deadline: DateString, basis: DeadlineBasis, asOf: DateString, cal: WorkdayCalendar): number {
  const eff = effectiveDeadline(deadline, basis, cal);
  if (toDayNumber(asOf) <= toDayNumber(eff)) return 0;
  return basis === 'working_days' ? cal.workingDaysBetween(eff, asOf) : daysBetween(eff, asOf);
}
