/** 我的待办 from transfers: to acknowledge, to feed back, and my org's transfers gone overdue. */
import { needToKnowCondition } from '../../platform/access/scope.ts';
import type { TodoProvider } from '../todo/todo.service.ts';
import { TRANSFER, transferLink } from './transfers.service.ts';

const base = (db: Parameters<TodoProvider['list']>[0], access: Parameters<TodoProvider['list']>[1]) =>
  db.selectFrom('transfers').where(needToKnowCondition(access, TRANSFER, 'transfers.id'));
const cols = ['transfers.id', 'transfers.code', 'transfers.title', 'transfers.item_count', 'transfers.sent_at', 'transfers.ack_due', 'transfers.handle_due', 'transfers.status'] as const;

export const transferTodoProviders: TodoProvider[] = [
  {
    kind: 'transfer.acknowledge',
    label: '移交待签收',
    permission: 'transfer:receive',
    async list(db, access) {
      const rows = await base(db, access).select(cols).where('transfers.receiver_org_id', '=', access.orgId).where('transfers.status', '=', 'sent').execute();
      return rows.map((r) => ({ title: `${r.code} ${r.title}（${r.item_count}件）`, link: transferLink(r.id), objectType: TRANSFER, objectId: r.id, due: r.ack_due, since: r.sent_at }));
    },
  },
  {
    kind: 'transfer.feedback',
    label: '移交待反馈',
    permission: 'transfer:receive',
    async list(db, access) {
      const rows = await base(db, access).select(cols).where('transfers.receiver_org_id', '=', access.orgId).where('transfers.status', '=', 'acknowledged').execute();
      return rows.map((r) => ({ title: `${r.code} ${r.title}`, link: transferLink(r.id), objectType: TRANSFER, objectId: r.id, due: r.handle_due, since: r.sent_at }));
    },
  },
  {
    kind: 'transfer.sent_overdue',
    label: '我单位移交超期未办',
    permission: 'transfer:send',
    async list(db, access, today) {
      const rows = await base(db, access)
        .select(cols)
        .where('transfers.sender_org_id', '=', access.orgId)
        .where((eb) =>
          eb.or([
            eb.and([eb('transfers.status', '=', 'sent'), eb('transfers.ack_due', '<', today)]),
            eb.and([eb('transfers.status', '=', 'acknowledged'), eb('transfers.handle_due', '<', today)]),
          ]),
        )
        .execute();
      return rows.map((r) => ({
        title: `${r.code} ${r.title}（${r.status === 'sent' ? '超期未签收' : '超期未反馈'}）`,
        link: transferLink(r.id),
        objectType: TRANSFER,
        objectId: r.id,
        due: r.status === 'sent' ? r.ack_due : r.handle_due,
        overdue: true,
        since: r.sent_at,
      }));
    },
  },
];
