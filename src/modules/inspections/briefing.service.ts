/**
 * 巡前“画像”: the dispatched group's briefing on a target — what the platform knows of the unit,
 * pulled through each area's service with the preparer's own permissions (so it holds only what
 * the dispatched group may see): past clues, supervision-model hits, rectification history,
 * accountability (“四种形态”), earlier rounds' findings, 12345 orders; plus the group's own
 * 重点人和事. The team reads it once delivered.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { formStats } from '../accountability/accountability.service.ts';
import { listClues } from '../clues/clues.query.ts';
import { requireText, stale } from '../collaboration/common.ts';
import { listHits } from '../models/models.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { clearanceView, listLedgerItems } from '../rectification/rectification.service.ts';
import { hotlineOrdersAbout } from './adapters.ts';
import { assertOnTarget, mayOnTarget, visibleTargets, who } from './inspections.policy.ts';
import { visibleRound } from './rounds.service.ts';
import { assertPhaseAllows } from './workflow.ts';

export const BRIEFING = 'insp_briefing';

type Section = { available: boolean; reason?: string; total?: number; [k: string]: unknown };

async function safely(what: string, fn: () => Promise<Section>): Promise<Section> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && (e.status === 403 || e.status === 404)) return { available: false, reason: `无权查看${what}` };
    throw e;
  }
}

/** Gather what the platform knows of a unit, as `access` may see it. */
export async function gatherUnitPicture(db: Queryable, actor: Actor, access: AccessContext, unit: { id: number; name: string }, excludeRoundId?: number) {
  const clues = await safely('问题线索', async () => {
    if (!access.permissions.has('clue:read')) return { available: false, reason: '无问题线索查看权限' };
    const r = await listClues(db, actor, access, { q: unit.name, pageSize: 50, sort: 'received_on', order: 'desc' });
    return {
      available: true,
      total: r.total,
      items: r.items.map((c) => ({ code: c.code, title: c.title, source: c.source_label, status: c.status_label, received_on: c.received_on, persons: c.persons })),
    };
  });
  const hits = await safely('模型命中', async () => {
    if (!access.permissions.has('hit:review')) return { available: false, reason: '无模型命中核查权限' };
    const r = await listHits(db, actor, access, { q: unit.name, pageSize: 50 });
    return {
      available: true,
      total: Number(r.total),
      items: r.items.map((h) => ({ id: Number(h.id), model: h.title ?? h.name, score: Number(h.score), last_seen: h.last_seen, review: h.review_result })),
    };
  });
  const rectification = await safely('整改台账', async () => {
    if (!access.permissions.has('rectify:read')) return { available: false, reason: '无整改台账查看权限' };
    const [list, clearance] = await Promise.all([
      listLedgerItems(db, access, { responsible_org_id: unit.id, pageSize: 50 }),
      clearanceView(db, access, { by: 'unit', responsibleOrgId: unit.id }),
    ]);
    return {
      available: true,
      total: list.total,
      totals: clearance.totals,
      items: list.items.map((i) => ({ code: i.code, title: i.title, source: i.source_label, status: i.status_label, deadline: i.deadline, overdue: i.overdue })),
    };
  });
  const accountability = await safely('问责处分', async () => {
    if (!access.permissions.has('account:read')) return { available: false, reason: '无问责处分查看权限' };
    const s = await formStats(db, access, { orgId: unit.id, period: 'all' });
    return { available: true, total: s.totals.total, forms: { form1: s.totals.form1, form2: s.totals.form2, form3: s.totals.form3, form4: s.totals.form4 } };
  });
  const hotline = await safely('12345热线工单', () => hotlineOrdersAbout(db, actor, access, unit));
  // Earlier rounds on the same unit: this area's own records.
  const previous = await db
    .selectFrom('insp_targets')
    .innerJoin('insp_rounds', 'insp_rounds.id', 'insp_targets.round_id')
    .select(['insp_rounds.id', 'insp_rounds.name', 'insp_rounds.starts_on', 'insp_targets.id as target_id'])
    .where('insp_targets.target_org_id', '=', unit.id)
    .$if(!!excludeRoundId, (q) => q.where('insp_rounds.id', '<>', excludeRoundId!))
    .orderBy('insp_rounds.starts_on', 'desc')
    .execute();
  const prevCounts = previous.length
    ? await db.selectFrom('insp_findings').select(['target_id', 'disposition']).where('target_id', 'in', previous.map((p) => p.target_id)).execute()
    : [];
  return {
    unit,
    generated_on: todayInShanghai(),
    clues,
    model_hits: hits,
    rectification,
    accountability,
    hotline,
    previous_rounds: {
      available: true,
      total: previous.length,
      items: previous.map((p) => ({
        round: p.name,
        starts_on: p.starts_on,
        problems: prevCounts.filter((c) => c.target_id === p.target_id && c.disposition !== 'clue').length,
        clues: prevCounts.filter((c) => c.target_id === p.target_id && c.disposition === 'clue').length,
      })),
    },
  };
}

async function target(db: Queryable, access: AccessContext, targetId: number) {
  const t = await db
    .selectFrom('insp_targets')
    .innerJoin('orgs', 'orgs.id', 'insp_targets.target_org_id')
    .selectAll('insp_targets')
    .select('orgs.name as target_org_name')
    .where('insp_targets.id', '=', targetId)
    .executeTakeFirst();
  if (!t) throw notFound('被巡察单位', 'Target');
  const f = await visibleRound(db, access, t.round_id);
  if (!visibleTargets(who(access), f).includes(targetId)) throw notFound('被巡察单位', 'Target');
  return { t, f };
}

/** Pull the platform's data on the unit into the briefing (a draft; generated again replaces the sources). */
export async function generateBriefing(db: Queryable, actor: Actor, access: AccessContext, targetId: number) {
  return inTx(db, async (tx) => {
    const { t, f } = await target(tx, access, targetId);
    assertOnTarget(who(access), f, 'brief', targetId);
    assertPhaseAllows(f.row.phase, 'brief');
    const existing = await tx.selectFrom('insp_briefings').selectAll().where('target_id', '=', targetId).executeTakeFirst();
    if (existing?.status === 'delivered') throw new AppError('bad_state', '“画像”已提交巡察组，不能重新生成', 'The briefing was delivered', 409);
    const sources = await gatherUnitPicture(tx, actor, access, { id: t.target_org_id, name: t.target_org_name }, f.row.id);
    const json = JSON.stringify(sources);
    let id: number;
    if (existing) {
      id = existing.id;
      await tx.updateTable('insp_briefings').set({ sources: json, generated_at: new Date(), prepared_by_org_id: access.orgId, version: existing.version + 1 }).where('id', '=', id).execute();
    } else {
      id = (
        await tx
          .insertInto('insp_briefings')
          .values({ target_id: targetId, prepared_by_org_id: access.orgId, sources: json, key_people: '[]', key_matters: [], note: null, status: 'draft', generated_at: new Date(), delivered_at: null, delivered_by: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const counts = Object.fromEntries(
      (['clues', 'model_hits', 'rectification', 'accountability', 'hotline'] as const).map((k) => [k, (sources[k] as Section).available ? ((sources[k] as Section).total ?? 0) : null]),
    );
    await recordAudit(tx, actor, { action: 'inspection.briefing.generate', objectType: BRIEFING, objectId: id, detail: { target_id: targetId, counts } });
    return { id, counts };
  });
}

export interface BriefingEdit {
  version: number;
  keyPeople: { name: string; position?: string | null; matters: string }[];
  keyMatters: string[];
  note?: string | null;
}

/** 重点人和事: the group's own assessment. */
export async function editBriefing(db: Queryable, actor: Actor, access: AccessContext, targetId: number, input: BriefingEdit) {
  return inTx(db, async (tx) => {
    const { f } = await target(tx, access, targetId);
    assertOnTarget(who(access), f, 'brief', targetId);
    const b = await tx.selectFrom('insp_briefings').selectAll().where('target_id', '=', targetId).executeTakeFirst();
    if (!b) throw notFound('巡前“画像”（请先生成）', 'Briefing');
    if (b.version !== input.version) throw stale();
    if (b.status === 'delivered') throw new AppError('bad_state', '“画像”已提交巡察组', 'The briefing was delivered', 409);
    const people = input.keyPeople.map((p) => ({ name: requireText(p.name, '重点人姓名', 'Name'), position: p.position ?? null, matters: requireText(p.matters, '反映的主要问题', 'Matters') }));
    await tx
      .updateTable('insp_briefings')
      .set({ key_people: JSON.stringify(people), key_matters: input.keyMatters.map((m) => m.trim()).filter(Boolean), note: input.note ?? null, version: b.version + 1 })
      .where('id', '=', b.id)
      .where('version', '=', b.version)
      .execute();
    await recordAudit(tx, actor, { action: 'inspection.briefing.edit', objectType: BRIEFING, objectId: b.id, detail: { key_people: people.length, key_matters: input.keyMatters.length } });
    return { version: b.version + 1 };
  });
}

/** Deliver the briefing to the team. */
export async function deliverBriefing(db: Queryable, actor: Actor, access: AccessContext, targetId: number, version: number) {
  return inTx(db, async (tx) => {
    const { t, f } = await target(tx, access, targetId);
    assertOnTarget(who(access), f, 'brief', targetId);
    const b = await tx.selectFrom('insp_briefings').selectAll().where('target_id', '=', targetId).executeTakeFirst();
    if (!b) throw notFound('巡前“画像”（请先生成）', 'Briefing');
    if (b.version !== version) throw stale();
    if (b.status === 'delivered') throw new AppError('bad_state', '“画像”已提交巡察组', 'Already delivered', 409);
    await tx.updateTable('insp_briefings').set({ status: 'delivered', delivered_at: new Date(), delivered_by: access.userId, version: b.version + 1 }).where('id', '=', b.id).execute();
    await recordAudit(tx, actor, { action: 'inspection.briefing.deliver', objectType: BRIEFING, objectId: b.id, detail: { target_id: targetId } });
    const team = f.teams.find((x) => x.id === t.team_id)!;
    await notify(tx, {
      to: { orgId: team.orgId },
      permission: 'inspection:read',
      kind: 'inspection.briefing',
      title: `${t.target_org_name}巡前“画像”已提供`,
      link: `/inspections/${f.row.id}`,
      objectType: BRIEFING,
      objectId: b.id,
    });
    return { version: b.version + 1 };
  });
}

/** The briefing: its preparer at any time, the team and the organiser once delivered. An audited read. */
export async function getBriefing(db: Queryable, actor: Actor, access: AccessContext, targetId: number) {
  const { f, t } = await target(db, access, targetId);
  const b = await db.selectFrom('insp_briefings').selectAll().where('target_id', '=', targetId).executeTakeFirst();
  const preparer = mayOnTarget(who(access), f, 'brief', targetId) && (!b || b.prepared_by_org_id === access.orgId || access.orgPath.includes(t.supervising_org_id));
  if (!b || (b.status !== 'delivered' && !preparer)) throw notFound('巡前“画像”', 'Briefing');
  await recordAudit(db, actor, { action: 'inspection.briefing.read', objectType: BRIEFING, objectId: b.id });
  return { ...b, target_org_name: t.target_org_name, party_org_name: t.party_org_name };
}
