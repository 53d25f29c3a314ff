/** 我的待办 from clues: awaiting my approval, and awaiting my disposal. */
import type { TodoProvider } from '../todo/todo.service.ts';
import { CLUE, visibleClues } from './clue-access.ts';
import { STATE_LABELS } from './workflow.ts';

export const clueTodoProviders: TodoProvider[] = [
  {
    kind: 'clue.approve',
    label: '线索待审批',
    permission: 'clue:approve',
    async list(db, access) {
      const rows = await visibleClues(db, access)
        .select(['clues.id', 'clues.code', 'clues.title', 'clues.status', 'clues.updated_at'])
        .where('clues.approver_id', '=', access.userId)
        .where('clues.status', 'in', ['method_pending', 'result_pending'])
        .orderBy('clues.updated_at')
        .execute();
      return rows.map((r) => ({ title: `${r.code} ${r.title}（${STATE_LABELS[r.status]}）`, link: `/clues/${r.id}`, objectType: CLUE, objectId: r.id, since: r.updated_at }));
    },
  },
  {
    kind: 'clue.dispose',
    label: '线索待处置',
    permission: 'clue:dispose',
    async list(db, access) {
      const rows = await visibleClues(db, access)
        .select(['clues.id', 'clues.code', 'clues.title', 'clues.status', 'clues.updated_at'])
        .where('clues.status', 'in', ['registered', 'in_disposal'])
        .where((eb) =>
          eb.or([eb('clues.handler_id', '=', access.userId), eb.and([eb('clues.handler_id', 'is', null), eb('clues.org_id', '=', access.orgId)])]),
        )
        .orderBy('clues.updated_at')
        .execute();
      return rows.map((r) => ({ title: `${r.code} ${r.title}（${STATE_LABELS[r.status]}）`, link: `/clues/${r.id}`, objectType: CLUE, objectId: r.id, since: r.updated_at }));
    },
  },
];
