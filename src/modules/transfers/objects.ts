/**
 * What a transfer can carry. Each kind says how the sender's items become the snapshot the
 * receiver sees, and what happens when the receiver acknowledges. Other areas add their kinds
 * here (e.g. a 12345 order batch with a `prepare` that checks the sender's rights) — or send
 * items with their own snapshot under a listed kind.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput } from '../../platform/errors.ts';
import { handOverClues, prepareClueTransfer } from '../clues/clue-transfer.ts';

export interface TransferItemInput {
  /** The carried record in this system, if any. */
  objectId?: string | number | null;
  title?: string;
  /** What the receiver may see of it (kinds without `prepare` must send it). */
  snapshot?: Record<string, unknown>;
}

export interface PreparedItem {
  objectId: string | null;
  title: string;
  snapshot: Record<string, unknown>;
}

export interface TransferRef {
  id: number;
  code: string;
  receiverOrgId: number;
}

export interface TransferObjectKind {
  label: string;
  /**
   * True when `prepare` checks that the sender may transfer each record: only then does 签收
   * grant the receiver (and cc) need-to-know access to the records (record_access).
   */
  grantsAccess: boolean;
  /** Check the sender may transfer these records (when it can) and take their snapshots. */
  prepare(tx: Queryable, actor: Actor, access: AccessContext, items: TransferItemInput[], t: TransferRef): Promise<PreparedItem[]>;
  /** After 签收 (the receiver's org and cc orgs are already granted access to each object). */
  onAcknowledge?(tx: Queryable, actor: Actor, objectIds: string[], t: TransferRef): Promise<void>;
}

/** Items described by the sender itself: each needs a title and its snapshot. */
function described(items: TransferItemInput[]): PreparedItem[] {
  return items.map((it, i) => {
    if (!it.title?.trim() || !it.snapshot) {
      throw badInput(`第 ${i + 1} 项须有标题和移交内容`, `Item ${i + 1} needs a title and its content (snapshot)`);
    }
    return { objectId: it.objectId == null ? null : String(it.objectId), title: it.title.trim(), snapshot: it.snapshot };
  });
}

export const TRANSFER_OBJECTS: Record<string, TransferObjectKind> = {
  clue: {
    label: '问题线索',
    grantsAccess: true,
    async prepare(tx, actor, access, items, t) {
      const ids = items.map((it, i) => {
        const n = Number(it.objectId);
        if (!Number.isSafeInteger(n) || n <= 0) throw badInput(`第 ${i + 1} 项须为线索编号（id）`, `Item ${i + 1} must be a clue id`);
        return n;
      });
      if (new Set(ids).size !== ids.length) throw badInput('同一线索不能重复移交', 'A clue appears twice');
      return prepareClueTransfer(tx, actor, access, ids, t);
    },
    async onAcknowledge(tx, actor, objectIds, t) {
      await handOverClues(tx, actor, objectIds.map(Number), t.receiverOrgId, t.code);
    },
  },
  // Described by the sender: the snapshot is all the receiver gets; ids are kept as references only.
  problem: { label: '问题线索', grantsAccess: false, prepare: async (_tx, _a, _c, items) => described(items) },
  hotline_batch: { label: '12345热线工单', grantsAccess: false, prepare: async (_tx, _a, _c, items) => described(items) },
  rectification: { label: '整改事项', grantsAccess: false, prepare: async (_tx, _a, _c, items) => described(items) },
};

export function objectKind(type: string): TransferObjectKind {
  const k = TRANSFER_OBJECTS[type];
  if (!k) throw badInput(`不支持移交此类对象：${type}`, `Cannot transfer objects of type ${type}`);
  return k;
}
