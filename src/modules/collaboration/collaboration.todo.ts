/** 我的待办 from collaboration: decisions of joint meetings and consultations my body must carry out. */
import type { TodoProvider } from '../todo/todo.service.ts';
import { TASK } from './meetings.service.ts';

export const collabTodoProviders: TodoProvider[] = [
  {
    kind: 'collab.task',
    label: '会商/联席会议议定事项',
    permission: 'collab:read',
    async list(db, access) {
      const rows = await db
        .selectFrom('collab_tasks')
        .innerJoin('collab_meetings', 'collab_meetings.id', 'collab_tasks.meeting_id')
        .select(['collab_tasks.id', 'collab_tasks.seq', 'collab_tasks.content', 'collab_tasks.deadline', 'collab_meetings.id as meeting_id', 'collab_meetings.title'])
        .where('collab_tasks.status', '=', 'open')
        .where('collab_tasks.owner_org_id', 'in', access.orgPath)
        .orderBy('collab_tasks.deadline')
        .execute();
      return rows.map((r) => ({ title: `${r.title}第${r.seq}项：${r.content}`, link: `/collab/meetings/${r.meeting_id}`, objectType: TASK, objectId: r.id, due: r.deadline }));
    },
  },
];
