/**
 * Disposal of a clue (线索处置): assign the handler, propose one of the four methods, have the
 * competent leader approve it, record the method's steps with their documents, report the
 * outcome, have it approved. Every action: need-to-know → policy → optimistic lock → workflow,
 * one transaction with its audit event and notifications.
 */
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { AppError, badInput } from '../../platform/errors.ts';
import { notify } from '../notifications/notifications.service.ts';
import { CLUE, type ClueRow, factsOf, grantClue, loadVisibleClue, saveClue, staleClue } from './clue-access.ts';
import { checkHandler } from './clues.service.ts';
import { assertMay, isCompetent } from './clues.policy.ts';
import {
  type ClueEvent,
  METHOD_DEFS,
  type Method,
  OUTCOME_DEFS,
  type Outcome,
  STATE_LABELS,
  allowed,
  formOf,
  illegalTransition,
  missingSteps,
  nextState,
} from './workflow.ts';

interface Versioned {
  id: number;
  version: number;
}

/** Load, check need-to-know, version, permission and state, then run `fn` — all in one transaction. */
async function act<T>(db: Queryable, access: AccessContext, input: Versioned, event: ClueEvent, fn: (tx: Tx, c: ClueRow) => Promise<T>): Promise<T> {
  return inTx(db, async (tx) => {
    const c = await loadVisibleClue(tx, access, input.id);
    if (c.version !== input.version) throw staleClue();
    assertMay(access, event, factsOf(c));
    if (!allowed(c.status, event)) throw illegalTransition(c.status, event);
    return fn(tx as Tx, c);
  });
}

const link = (id: number) => `/clues/${id}`;

async function checkApprover(tx: Queryable, c: ClueRow, approverId: number, handlerId: number | null): Promise<void> {
  const who = await loadAccessContext(tx, approverId);
  if (!who || approverId === handlerId || !isCompetent(who, factsOf(c))) {
    throw badInput(
      '审批人须为对该线索有管理权限的领导（且不能是承办人本人）',
      'The approver must be a leader competent for this clue (and not its handler)',
    );
  }
}

export async function assignHandler(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { handlerId: number }) {
  return act(db, access, input, 'assign', async (tx, c) => {
    await checkHandler(tx, input.handlerId, c.org_id);
    const version = await saveClue(tx, c.id, c.version, { handler_id: input.handlerId });
    await grantClue(tx, c.id, { userId: input.handlerId }, access.userId);
    await recordAudit(tx, actor, { action: 'clue.assign', objectType: CLUE, objectId: c.id, detail: { handler_id: input.handlerId, previous: c.handler_id } });
    await notify(tx, { to: { userId: input.handlerId }, kind: 'clue.assigned', title: `线索 ${c.code} 已交由您承办`, link: link(c.id), objectType: CLUE, objectId: c.id });
    return { version };
  });
}

/** 提出处置意见: one of the four methods, with the reason, to a competent leader for approval. */
export async function proposeMethod(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  input: Versioned & { method: Method; reason: string; approverId: number },
) {
  return act(db, access, input, 'propose', async (tx, c) => {
    if (!input.reason.trim()) throw badInput('请填写拟处置意见及理由', 'A reason for the proposed method is required');
    const handlerId = c.handler_id ?? access.userId;
    await checkApprover(tx, c, input.approverId, handlerId);
    const status = nextState(c.status, 'propose');
    const version = await saveClue(tx, c.id, c.version, {
      status,
      method: input.method,
      method_reason: input.reason.trim(),
      handler_id: handlerId,
      approver_id: input.approverId,
    });
    await grantClue(tx, c.id, { userId: input.approverId }, access.userId);
    await grantClue(tx, c.id, { userId: handlerId }, access.userId);
    await recordAudit(tx, actor, {
      action: 'clue.propose',
      objectType: CLUE,
      objectId: c.id,
      detail: { method: input.method, method_label: METHOD_DEFS[input.method].label, reason: input.reason.trim(), approver_id: input.approverId, from: c.status, to: status },
    });
    await notify(tx, {
      to: { userId: input.approverId },
      kind: 'clue.approval_requested',
      title: `线索 ${c.code} 拟${METHOD_DEFS[input.method].label}，请审批`,
      link: link(c.id),
      objectType: CLUE,
      objectId: c.id,
    });
    return { version, status };
  });
}

/** 审批同意: of the proposed method (→ 处置中 / 暂存待查 / 了结) or of the reported outcome (→ 办结). */
export async function approve(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { comment?: string }) {
  return act(db, access, input, 'approve', async (tx, c) => {
    const ofMethod = c.status === 'method_pending';
    const key = ofMethod ? c.method : c.outcome;
    const status = nextState(c.status, 'approve', key ?? undefined);
    const set: Parameters<typeof saveClue>[3] = { status, approver_id: null };
    // 予以了结 closes with its outcome as soon as the method is approved.
    const outcome: Outcome | null = ofMethod ? ((c.method && METHOD_DEFS[c.method].closesWith) ?? null) : c.outcome;
    if (ofMethod && outcome) Object.assign(set, { outcome, outcome_form: formOf(outcome), outcome_note: c.method_reason });
    if (!ofMethod && c.outcome === 'to_preliminary') {
      // 谈话函询 → 初步核实: the disposal continues under the new method.
      Object.assign(set, { method: 'preliminary', outcome: null, outcome_form: null });
    }
    if (status === 'closed') Object.assign(set, { closed_at: new Date() });
    const version = await saveClue(tx, c.id, c.version, set);
    await recordAudit(tx, actor, {
      action: 'clue.approve',
      objectType: CLUE,
      objectId: c.id,
      detail: { of: ofMethod ? 'method' : 'outcome', method: c.method, outcome, form: set.outcome_form ?? c.outcome_form, comment: input.comment ?? null, from: c.status, to: status },
    });
    if (c.handler_id) {
      await notify(tx, { to: { userId: c.handler_id }, kind: 'clue.approved', title: `线索 ${c.code} 已审批同意：${STATE_LABELS[status]}`, link: link(c.id), objectType: CLUE, objectId: c.id });
    }
    return { version, status };
  });
}

/** 审批退回: the proposal or the result goes back to the handler, with the reason. */
export async function reject(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { comment: string }) {
  return act(db, access, input, 'reject', async (tx, c) => {
    if (!input.comment?.trim()) throw badInput('退回须说明理由', 'A reason is required to send it back');
    const status = nextState(c.status, 'reject');
    const set = c.status === 'method_pending' ? { method: null, method_reason: null } : { outcome: null, outcome_form: null, outcome_note: null };
    const version = await saveClue(tx, c.id, c.version, { ...set, status, approver_id: null });
    await recordAudit(tx, actor, { action: 'clue.reject', objectType: CLUE, objectId: c.id, detail: { comment: input.comment.trim(), from: c.status, to: status } });
    if (c.handler_id) {
      await notify(tx, { to: { userId: c.handler_id }, kind: 'clue.rejected', title: `线索 ${c.code} 审批退回`, link: link(c.id), objectType: CLUE, objectId: c.id });
    }
    return { version, status };
  });
}

/** Record one required step of the approved method, with its documents (already uploaded attachments). */
export async function recordStep(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  input: Versioned & { step: string; note?: string; attachmentIds: number[] },
) {
  return act(db, access, input, 'record_step', async (tx, c) => {
    const method = c.method as Method;
    const def = METHOD_DEFS[method].steps.find((s) => s.code === input.step);
    if (!def) {
      throw badInput(
        `“${METHOD_DEFS[method].label}”没有步骤 ${input.step}（应为：${METHOD_DEFS[method].steps.map((s) => s.label).join('、')}）`,
        `Method ${method} has no step ${input.step}`,
      );
    }
    const ids = [...new Set(input.attachmentIds)];
    const docs = ids.length
      ? await tx.selectFrom('clue_attachments').select('id').where('clue_id', '=', c.id).where('id', 'in', ids).execute()
      : [];
    if (!ids.length || docs.length !== ids.length) {
      throw badInput(`“${def.label}”须附本线索的材料：${def.documents}`, `Step ${def.code} needs documents of this clue: ${def.documents}`);
    }
    const version = await saveClue(tx, c.id, c.version, {});
    await tx.insertInto('clue_steps').values({ clue_id: c.id, method, step: def.code, note: input.note ?? null, attachment_ids: ids, done_by: access.userId }).execute();
    await recordAudit(tx, actor, {
      action: 'clue.step',
      objectType: CLUE,
      objectId: c.id,
      detail: { method, step: def.code, step_label: def.label, note: input.note ?? null, attachment_ids: ids },
    });
    return { version };
  });
}

/** 报告处置结果: the outcome (with its 四种形态) once every required step is recorded; to a leader for approval. */
export async function reportResult(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  input: Versioned & { outcome: Outcome; form?: number | null; note: string; approverId: number },
) {
  return act(db, access, input, 'report', async (tx, c) => {
    const method = c.method as Method;
    if (!METHOD_DEFS[method].outcomes.includes(input.outcome)) {
      throw badInput(
        `“${METHOD_DEFS[method].label}”的处置结果只能是：${METHOD_DEFS[method].outcomes.map((o) => OUTCOME_DEFS[o].label).join('、')}`,
        `Method ${method} cannot lead to outcome ${input.outcome}`,
      );
    }
    const done = await tx.selectFrom('clue_steps').select('step').where('clue_id', '=', c.id).where('method', '=', method).execute();
    const missing = missingSteps(method, done.map((d) => d.step));
    if (missing.length) {
      throw new AppError(
        'steps_missing',
        `尚未完成：${missing.map((s) => `${s.label}（${s.documents}）`).join('；')}`,
        `Required steps not recorded: ${missing.map((s) => s.code).join(', ')}`,
        409,
        { missing: missing.map((s) => s.code) },
      );
    }
    if (!input.note?.trim()) throw badInput('请填写处置情况及结果说明', 'A note on the result is required');
    const form = formOf(input.outcome, input.form);
    await checkApprover(tx, c, input.approverId, c.handler_id);
    const status = nextState(c.status, 'report');
    const version = await saveClue(tx, c.id, c.version, {
      status,
      outcome: input.outcome,
      outcome_form: form,
      outcome_note: input.note.trim(),
      approver_id: input.approverId,
    });
    await grantClue(tx, c.id, { userId: input.approverId }, access.userId);
    await recordAudit(tx, actor, {
      action: 'clue.report',
      objectType: CLUE,
      objectId: c.id,
      detail: { method, outcome: input.outcome, form, note: input.note.trim(), approver_id: input.approverId, from: c.status, to: status },
    });
    await notify(tx, {
      to: { userId: input.approverId },
      kind: 'clue.approval_requested',
      title: `线索 ${c.code} 处置结果（${OUTCOME_DEFS[input.outcome].label}）请审批`,
      link: link(c.id),
      objectType: CLUE,
      objectId: c.id,
    });
    return { version, status };
  });
}

/** 暂存待查 → 待处置, when new information makes the clue workable again. */
export async function reactivate(db: Queryable, actor: Actor, access: AccessContext, input: Versioned & { reason: string }) {
  return act(db, access, input, 'reactivate', async (tx, c) => {
    if (!input.reason?.trim()) throw badInput('请说明重新启用的理由', 'A reason is required');
    const status = nextState(c.status, 'reactivate');
    const version = await saveClue(tx, c.id, c.version, { status, method: null, method_reason: null });
    await recordAudit(tx, actor, { action: 'clue.reactivate', objectType: CLUE, objectId: c.id, detail: { reason: input.reason.trim(), from: c.status, to: status } });
    return { version, status };
  });
}
