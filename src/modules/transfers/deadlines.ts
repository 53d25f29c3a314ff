/**
 * Deadlines of transfers (working days): escalate those not acknowledged in time (签收超期) and
 * flag those not fed back in time (反馈超期). Run daily by the job in jobs.ts.
 */
import { sql } from 'kysely';
import { recordAudit, systemActor } from '../../platform/audit/audit.service.ts';
import type { DateString } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notify } from '../notifications/notifications.service.ts';
import { TRANSFER, transferLink } from './transfers.service.ts';
import { type TransferEvent, nextTransferState } from './workflow.ts';

/**
 * Mark transfers not acknowledged by their deadline (签收超期) and those acknowledged but not fed
 * back by theirs (反馈超期) as of `asOf`, and notify the receiver, its superior body and the
 * sender. Idempotent: each transfer is escalated once. The daily job calls it with today.
 */
export async function escalateOverdueTransfers(db: Queryable, asOf: DateString) {
  const actor = systemActor('deadline-job');
  return inTx(db, async (tx) => {
    const escalated = await tx
      .updateTable('transfers')
      .set({ escalated_at: sql`now()` })
      .where('status', '=', 'sent')
      .where('escalated_at', 'is', null)
      .where('ack_due', '<', asOf)
      .returning(['id', 'code', 'status', 'ack_due', 'sender_org_id', 'receiver_org_id'])
      .execute();
    const lateFeedback = await tx
      .updateTable('transfers')
      .set({ feedback_overdue_at: sql`now()` })
      .where('status', '=', 'acknowledged')
      .where('feedback_overdue_at', 'is', null)
      .where('handle_due', '<', asOf)
      .returning(['id', 'code', 'status', 'handle_due', 'sender_org_id', 'receiver_org_id'])
      .execute();
    const parents = await tx
      .selectFrom('orgs')
      .select(['id', 'parent_id'])
      .where('id', 'in', [0, ...escalated.map((t) => t.receiver_org_id), ...lateFeedback.map((t) => t.receiver_org_id)])
      .execute();
    const parentOf = (orgId: number) => parents.find((p) => p.id === orgId)?.parent_id ?? null;
    const alert = async (t: { id: number; code: string; sender_org_id: number; receiver_org_id: number }, event: TransferEvent, title: string, detail: object) => {
      nextTransferState(event === 'escalate' ? 'sent' : 'acknowledged', event);
      await recordAudit(tx, actor, { action: `transfer.${event}`, objectType: TRANSFER, objectId: t.id, detail: { code: t.code, as_of: asOf, ...detail } });
      const superior = parentOf(t.receiver_org_id);
      await notify(tx, {
        to: [{ orgId: t.receiver_org_id }, ...(superior ? [{ orgId: superior }] : []), { orgId: t.sender_org_id }],
        permission: 'transfer:receive',
        kind: 'transfer.overdue',
        title,
        link: transferLink(t.id),
        objectType: TRANSFER,
        objectId: t.id,
      });
    };
    for (const t of escalated) await alert(t, 'escalate', `移交 ${t.code} 超期未签收（期限 ${t.ack_due}），请督办`, { ack_due: t.ack_due });
    for (const t of lateFeedback) {
      await alert(t, 'flag_overdue', `移交 ${t.code} 超期未反馈办理结果（期限 ${t.handle_due}），请督办`, { handle_due: t.handle_due });
    }
    return { escalated: escalated.map((t) => t.code), feedbackOverdue: lateFeedback.map((t) => t.code) };
  });
}
