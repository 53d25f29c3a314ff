/**
 * Life of a collaboration mechanism (协作配合机制), as a table. Pure.
 *
 *   draft ─activate (印发施行)→ active ─suspend (暂停)→ suspended ─activate→ active
 *   draft | active | suspended ─terminate (终止)→ terminated
 *
 * Only an active mechanism, within its period of validity, lets bodies transfer under it.
 */
import { AppError } from '../../platform/errors.ts';
import type { MechanismState } from './schema.ts';

export const MECHANISM_EVENTS = ['activate', 'suspend', 'terminate'] as const;
export type MechanismEvent = (typeof MECHANISM_EVENTS)[number];

export const MECHANISM_STATE_LABELS: Record<MechanismState, string> = {
  draft: '草拟',
  active: '运行中',
  suspended: '暂停',
  terminated: '已终止',
};

export const MECHANISM_EVENT_LABELS: Record<MechanismEvent, string> = {
  activate: '印发施行',
  suspend: '暂停执行',
  terminate: '终止',
};

export const MECHANISM_TRANSITIONS: Record<MechanismState, Partial<Record<MechanismEvent, MechanismState>>> = {
  draft: { activate: 'active', terminate: 'terminated' },
  active: { suspend: 'suspended', terminate: 'terminated' },
  suspended: { activate: 'active', terminate: 'terminated' },
  terminated: {},
};

export function nextMechanismState(state: MechanismState, event: MechanismEvent): MechanismState {
  const next = MECHANISM_TRANSITIONS[state][event];
  if (!next) {
    throw new AppError(
      'bad_state',
      `机制当前为“${MECHANISM_STATE_LABELS[state]}”，不能“${MECHANISM_EVENT_LABELS[event]}”`,
      `Mechanism is ${state}; ${event} is not allowed`,
      409,
    );
  }
  return next;
}

/** Meeting decisions (会商/联席会议议定事项) as tasks. */
export const TASK_EVENTS = ['complete', 'cancel', 'reopen'] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];
export type TaskState = 'open' | 'done' | 'cancelled';

export const TASK_STATE_LABELS: Record<TaskState, string> = { open: '办理中', done: '已办结', cancelled: '已取消' };

export const TASK_TRANSITIONS: Record<TaskState, Partial<Record<TaskEvent, TaskState>>> = {
  open: { complete: 'done', cancel: 'cancelled' },
  done: { reopen: 'open' },
  cancelled: {},
};

export function nextTaskState(state: TaskState, event: TaskEvent): TaskState {
  const next = TASK_TRANSITIONS[state][event];
  if (!next) {
    throw new AppError('bad_state', `事项当前为“${TASK_STATE_LABELS[state]}”，不能执行该操作`, `Task is ${state}; ${event} is not allowed`, 409);
  }
  return next;
}
