/**
 * Notifications (消息提醒). Other areas call `notify(tx, …)` inside the transaction of the change
 * the notification is about, so it is sent exactly when the change commits.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import './schema.ts';

export type Recipient = { userId: number } | { orgId: number };

export interface NotifyInput {
  to: Recipient | Recipient[];
  /** Machine kind, e.g. 'transfer.received', 'clue.approval_requested'. */
  kind: string;
  /** Chinese title shown in the inbox. Keep case content out of it: codes, not names. */
  title: string;
  /** Web route to open, e.g. '/transfers/12'. */
  link?: string | null;
  objectType?: string;
  objectId?: string | number;
  /** Org recipients: only members holding this permission see it. */
  permission?: string;
}

/** Queue notifications in the caller's transaction. Duplicate recipients are sent once. */
export async function notify(tx: Queryable, input: NotifyInput): Promise<number> {
  const seen = new Set<string>();
  const rows = [input.to].flat().flatMap((r) => {
    const kind = 'userId' in r ? ('user' as const) : ('org' as const);
    const id = 'userId' in r ? r.userId : r.orgId;
    const key = `${kind}:${id}`;
    if (!id || seen.has(key)) return [];
    seen.add(key);
    return [
      {
        recipient_kind: kind,
        recipient_id: id,
        required_permission: kind === 'org' ? (input.permission ?? null) : null,
        kind: input.kind,
        title: input.title,
        link: input.link ?? null,
        object_type: input.objectType ?? null,
        object_id: input.objectId === undefined ? null : String(input.objectId),
        read_at: null,
        read_by: null,
      },
    ];
  });
  if (rows.length) await tx.insertInto('notifications').values(rows).execute();
  return rows.length;
}

/** The notifications a user sees: their own and their org's (when they hold the required permission). */
export function mineCondition(access: AccessContext): Expression<SqlBool> {
  return sql<SqlBool>`((notifications.recipient_kind = 'user' AND notifications.recipient_id = ${access.userId})
    OR (notifications.recipient_kind = 'org' AND notifications.recipient_id = ${access.orgId}
      AND (notifications.required_permission IS NULL
        OR notifications.required_permission = ANY(${sql.val([...access.permissions])}::text[]))))`;
}

export interface NotificationQuery {
  unread?: boolean;
  page?: number;
  pageSize?: number;
}

export async function listNotifications(db: Queryable, access: AccessContext, q: NotificationQuery = {}) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('notifications').where(mineCondition(access));
  if (q.unread) base = base.where('read_at', 'is', null);
  const [items, total, unread] = await Promise.all([
    base
      .select(['id', 'recipient_kind', 'kind', 'title', 'link', 'object_type', 'object_id', 'created_at', 'read_at'])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('notifications').where(mineCondition(access)).where('read_at', 'is', null).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), unread: Number(unread.n), page, pageSize };
}

/** Mark some (ids) or all of the user's unread notifications read. Returns how many changed. */
export async function markRead(db: Queryable, actor: Actor, access: AccessContext, input: { ids?: number[]; all?: boolean }): Promise<number> {
  const ids = input.ids ?? [];
  if (!input.all && !ids.length) return 0;
  return inTx(db, async (tx) => {
    let q = tx
      .updateTable('notifications')
      .set({ read_at: sql`now()`, read_by: access.userId })
      .where(mineCondition(access))
      .where('read_at', 'is', null);
    if (!input.all) q = q.where('id', 'in', ids);
    const rows = await q.returning('id').execute();
    if (rows.length) {
      await recordAudit(tx, actor, { action: 'notification.read', objectType: 'notification', detail: { ids: rows.map((r) => r.id) } });
    }
    return rows.length;
  });
}
