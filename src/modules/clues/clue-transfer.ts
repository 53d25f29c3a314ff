/**
 * Clues carried by a transfer (移交): what the receiver may see of them (the snapshot: no ID
 * numbers, no whistle-blower), and the hand-over once the receiver acknowledges.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { CLUE, factsOf, loadVisibleClue } from './clue-access.ts';
import { assertMay } from './clues.policy.ts';
import { SOURCE_LABELS } from './schema.ts';
import { FORM_LABELS, type Form, OUTCOME_DEFS, STATE_LABELS, allowed, illegalTransition } from './workflow.ts';

export interface ClueSnapshot {
  objectId: string;
  title: string;
  snapshot: Record<string, unknown>;
}

/** Check the sender may transfer each clue now, and take its snapshot. Audited on each clue. */
export async function prepareClueTransfer(
  tx: Queryable,
  actor: Actor,
  access: AccessContext,
  clueIds: number[],
  transfer: { id: number; code: string; receiverOrgId: number },
): Promise<ClueSnapshot[]> {
  const out: ClueSnapshot[] = [];
  for (const id of clueIds) {
    const c = await loadVisibleClue(tx, access, id);
    assertMay(access, 'transfer', factsOf(c));
    if (!allowed(c.status, 'transfer')) throw illegalTransition(c.status, 'transfer');
    const persons = await tx
      .selectFrom('clue_persons')
      .select(['name', 'org_name', 'position', 'cadre_level'])
      .where('clue_id', '=', id)
      .orderBy('seq')
      .execute();
    out.push({
      objectId: String(id),
      title: c.title,
      snapshot: {
        code: c.code,
        title: c.title,
        summary: c.summary,
        source: SOURCE_LABELS[c.source_type],
        domain_tags: c.domain_tags,
        cadre_level: c.cadre_level,
        received_on: c.received_on,
        persons,
        status: STATE_LABELS[c.status],
        outcome: c.outcome ? OUTCOME_DEFS[c.outcome].label : null,
        form: c.outcome_form ? FORM_LABELS[c.outcome_form as Form] : null,
      },
    });
    await recordAudit(tx, actor, {
      action: 'clue.transfer',
      objectType: CLUE,
      objectId: id,
      detail: { transfer_id: transfer.id, transfer_code: transfer.code, receiver_org_id: transfer.receiverOrgId },
    });
  }
  return out;
}

/**
 * The receiver acknowledged: an open clue is now handled by the receiving body (its org owns it,
 * it assigns its own handler); a closed one is only shared. The sender keeps its access to follow up.
 */
export async function handOverClues(tx: Queryable, actor: Actor, clueIds: number[], receiverOrgId: number, transferCode: string): Promise<void> {
  for (const id of clueIds) {
    const c = await tx.selectFrom('clues').select(['id', 'status', 'org_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const open = c.status !== 'closed' && c.status !== 'merged';
    if (open) {
      await tx
        .updateTable('clues')
        .set((eb) => ({ org_id: receiverOrgId, handler_id: null, approver_id: null, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(tx, actor, {
      action: 'clue.handover',
      objectType: CLUE,
      objectId: id,
      detail: { transfer_code: transferCode, from_org_id: c.org_id, to_org_id: receiverOrgId, owner_changed: open },
    });
  }
}
