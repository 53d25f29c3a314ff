/** 全流程记录: every step of a clue — what, who, when, which documents — from its audit events. */
import type { AccessContext } from '../../platform/access/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { CLUE, loadVisibleClue } from './clue-access.ts';

const TIMELINE_LABELS: Record<string, string> = {
  'clue.create': '登记线索',
  'clue.assign': '指定承办人',
  'clue.propose': '提出处置意见',
  'clue.approve': '审批同意',
  'clue.reject': '审批退回',
  'clue.step': '记录处置步骤',
  'clue.report': '报告处置结果',
  'clue.reactivate': '重新启用',
  'clue.merge': '并入其他线索',
  'clue.merged_in': '合并其他线索',
  'clue.attach': '上传材料',
  'clue.transfer': '移交',
  'clue.handover': '移交签收，转由接收单位承办',
};

/** Every step of the clue — what, who, when, which documents — from its audit events. */
export async function clueTimeline(db: Queryable, access: AccessContext, id: number) {
  await loadVisibleClue(db, access, id);
  const events = await db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'actor_id', 'actor_name', 'org_id', 'action', 'detail'])
    .where('object_type', '=', CLUE)
    .where('object_id', '=', String(id))
    .where('action', 'in', Object.keys(TIMELINE_LABELS))
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  // The documents of a step (attachment_ids) or of an upload (attachment_id).
  const docIdsOf = (detail: unknown) => {
    const d = (detail ?? {}) as { attachment_ids?: number[]; attachment_id?: number };
    return [...(d.attachment_ids ?? []), ...(d.attachment_id ? [d.attachment_id] : [])];
  };
  const allIds = events.flatMap((e) => docIdsOf(e.detail));
  const docs = allIds.length
    ? await db.selectFrom('clue_attachments').select(['id', 'file_name', 'sm3']).where('id', 'in', allIds).where('clue_id', '=', id).execute()
    : [];
  return {
    items: events.map((e) => {
      const ids = docIdsOf(e.detail);
      return {
        seq: e.seq,
        at: e.at,
        action: e.action,
        label: TIMELINE_LABELS[e.action],
        actor_id: e.actor_id,
        actor_name: e.actor_name,
        detail: e.detail,
        documents: docs.filter((x) => ids.includes(x.id)),
      };
    }),
  };
}

