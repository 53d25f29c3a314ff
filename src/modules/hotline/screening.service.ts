/**
 * Screening beyond M13–M15 (热线问题筛查), and moving what it finds to the commission's
 * supervision team through the transfers area (移交):
 *
 * - 踢皮球: an order returned or re-assigned ≥ `minReturns` (3) times. Counted from its versions
 *   (`ds_hotline_history` + the current row, ordered by `_version`): one event per version that
 *   turns the status into 已退回, or that changes the handling unit without following a return
 *   (a return followed by the re-assignment it causes is one event, not two). An order that
 *   arrived already 已退回 counts that return.
 * - 不满意率异常: units whose 不满意 share of visited orders (满意/基本满意/不满意) over the window
 *   exceeds mean + `sigmas`·σ of all units with ≥ `minVisited` visited orders — or, when the rule
 *   sets `threshold`, exceeds that rate. From the daily pre-aggregate.
 *
 * - M13–M15 (作风问题、重复诉求、督办超期): the catalogue models, run by the screening and their hits
 *   copied in (model-screens.ts).
 *
 * Transfer rules per kind (`hotline_transfer_rules`): mode `immediate` (随时移送: every hit at
 * once), `periodic` (定期移送: the weekly batch; serious hits still go at once) or `off`; the
 * receiving organisation; thresholds. Hits are kept in `hotline_screen_hits` (one per subject).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { addDays, type DateString, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { sendTransfer } from '../transfers/transfers.service.ts';
import type { RunTrigger } from '../models/schema.ts';
import { refreshDaily } from './analysis.service.ts';
import { LIST_PARAM_OPTIONS, MODEL_SCREENS, type ModelScreenResult, modelScreenTitle, screenModelHits, withdrawSettledModelHits } from './model-screens.ts';
import { listRouting, resolveUnit } from './routing.service.ts';

export interface KickballParams {
  minReturns: number;
  seriousReturns: number;
}
export interface UnsatisfiedParams {
  sigmas: number;
  minVisited: number;
  threshold: number | null;
  seriousRate: number;
  windowDays: number;
}

export const KICKBALL_DEFAULTS: KickballParams = { minReturns: 3, seriousReturns: 5 };
export const UNSATISFIED_DEFAULTS: UnsatisfiedParams = { sigmas: 2, minVisited: 5, threshold: null, seriousRate: 0.5, windowDays: 30 };

export interface KickballOrder {
  order_id: string;
  returns: number;
  units: string[];
  handler_unit: string | null;
  category: string | null;
  content: string;
}

/** Orders returned / re-assigned ≥ minReturns times (candidates: orders with ≥ minReturns − 1 replaced versions). */
export async function kickballOrders(db: Queryable, minReturns = KICKBALL_DEFAULTS.minReturns): Promise<KickballOrder[]> {
  if (!(minReturns >= 1)) throw badInput('退回次数阈值须≥1', 'minReturns must be ≥ 1');
  const rows = (await sql<KickballOrder & { returns: string }>`
    WITH cand AS (
      SELECT order_id FROM ds_hotline_history GROUP BY order_id HAVING count(*) >= ${minReturns - 1}
      UNION SELECT order_id FROM ds_hotline WHERE status = '已退回' AND ${minReturns} <= 1
    ), v AS (
      SELECT h.order_id, h._version, h.status, h.handler_unit FROM ds_hotline_history h WHERE h.order_id IN (SELECT order_id FROM cand)
      UNION ALL
      SELECT o.order_id, o._version, o.status, o.handler_unit FROM ds_hotline o WHERE o.order_id IN (SELECT order_id FROM cand)
    ), e AS (
      SELECT order_id, status, handler_unit,
             lag(_version) OVER w AS pv, lag(status) OVER w AS prev_status, lag(handler_unit) OVER w AS prev_unit
      FROM v WINDOW w AS (PARTITION BY order_id ORDER BY _version)
    ), n AS (
      SELECT order_id,
             count(*) FILTER (WHERE (status = '已退回' AND (pv IS NULL OR prev_status IS DISTINCT FROM '已退回'))
                               OR (pv IS NOT NULL AND status IS DISTINCT FROM '已退回' AND handler_unit IS DISTINCT FROM prev_unit AND prev_status IS DISTINCT FROM '已退回')) AS returns,
             array_remove(array_agg(DISTINCT handler_unit), NULL) AS units
      FROM e GROUP BY order_id
    )
    SELECT n.order_id, n.returns, n.units, o.handler_unit, coalesce(nullif(btrim(o.category), ''), c.category) AS category, o.content
    FROM n JOIN ds_hotline o ON o.order_id = n.order_id LEFT JOIN hotline_classifications c ON c.order_id = n.order_id
    WHERE n.returns >= ${minReturns}
    ORDER BY n.returns DESC, n.order_id`.execute(db)).rows;
  return rows.map((r) => ({ ...r, returns: Number(r.returns) }));
}

export interface UnitRate {
  unit: string;
  visited: number;
  unsatisfied: number;
  rate: number;
}

/** Pure: which units are abnormal. Rates are compared with a 1e-9 tolerance (equal = not above). */
export function abnormalUnits(units: readonly UnitRate[], p: Pick<UnsatisfiedParams, 'sigmas' | 'minVisited' | 'threshold'>) {
  const eligible = units.filter((u) => u.visited >= p.minVisited);
  const n = eligible.length;
  const mean = n ? eligible.reduce((s, u) => s + u.rate, 0) / n : 0;
  const sd = n ? Math.sqrt(eligible.reduce((s, u) => s + (u.rate - mean) ** 2, 0) / n) : 0;
  const limit = p.threshold ?? mean + p.sigmas * sd;
  const flagged = eligible.filter((u) => u.rate > limit + 1e-9 && (p.threshold !== null || sd > 0));
  return { mean, sd, limit, eligible: n, flagged };
}

export async function unitUnsatisfiedRates(db: Queryable, from: DateString, to: DateString): Promise<UnitRate[]> {
  const rows = (await sql<{ unit: string; visited: string; unsatisfied: string }>`
      SELECT handler_unit AS unit, sum(visited) AS visited, sum(unsatisfied) AS unsatisfied FROM hotline_daily
      WHERE day BETWEEN ${from}::date AND ${to}::date AND handler_unit <> '' GROUP BY handler_unit HAVING sum(visited) > 0`.execute(db)).rows;
  return rows.map((r) => ({ unit: r.unit, visited: Number(r.visited), unsatisfied: Number(r.unsatisfied), rate: Number(r.unsatisfied) / Number(r.visited) }));
}

async function ruleOf(db: Queryable, kind: string) {
  const r = await db.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', kind).executeTakeFirst();
  if (!r) throw notFound(`移送规则 ${kind}`, `Transfer rule ${kind}`);
  return r;
}

export interface ScreenResult {
  kickball: number;
  unsatisfied_units: number;
  /** Current hits of M13–M15 by kind (models whose rule is not off). */
  model_hits: ModelScreenResult['hits'];
  new_hits: number[];
}

/**
 * Run the screens as of `asOf`: store new hits (a subject is hit once), naming the responsible
 * unit per the routing list. Refreshes the aggregates of the unsatisfied window first; runs the
 * hotline models M13–M15 (`trigger` is recorded on their runs).
 */
export async function runScreening(db: Db, actor: Actor, asOf: DateString = todayInShanghai(), trigger: RunTrigger = 'manual'): Promise<ScreenResult> {
  const kr = await ruleOf(db, 'kickball');
  const ur = await ruleOf(db, 'unsatisfied_unit');
  const kp = { ...KICKBALL_DEFAULTS, ...(kr.params as Partial<KickballParams>) };
  const up = { ...UNSATISFIED_DEFAULTS, ...(ur.params as Partial<UnsatisfiedParams>) };
  const routing = await listRouting(db);
  const kick = await kickballOrders(db, kp.minReturns);
  const from = addDays(asOf, -(up.windowDays - 1));
  await refreshDaily(db, from, asOf);
  const stats = abnormalUnits(await unitUnsatisfiedRates(db, from, asOf), up);
  const newIds: number[] = [];
  await inTx(db, async (tx) => {
    for (const k of kick) {
      const rule = resolveUnit(routing, { category: k.category, content: k.content });
      const r = await tx
        .insertInto('hotline_screen_hits')
        .values({
          kind: 'kickball',
          subject_key: k.order_id,
          order_ids: [k.order_id],
          unit: k.handler_unit,
          responsible_unit: rule?.unit ?? null,
          serious: k.returns >= kp.seriousReturns,
          detail: JSON.stringify({ returns: k.returns, units: k.units, category: k.category, routing_rule: rule?.id ?? null }),
          transfer_id: null,
          transferred_at: null,
        })
        .onConflict((oc) => oc.columns(['kind', 'subject_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (r) newIds.push(r.id);
    }
    for (const u of stats.flagged) {
      const orders = (await sql<{ order_id: string }>`
          SELECT order_id FROM ds_hotline WHERE handler_unit = ${u.unit} AND satisfaction = '不满意'
            AND received_at >= ((${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai') AND received_at < ((${addDays(asOf, 1)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
          ORDER BY received_at LIMIT 200`.execute(tx)).rows.map((r) => r.order_id);
      const r = await tx
        .insertInto('hotline_screen_hits')
        .values({
          kind: 'unsatisfied_unit',
          subject_key: `${u.unit}|${from}~${asOf}`,
          order_ids: orders,
          unit: u.unit,
          responsible_unit: u.unit,
          serious: u.rate >= up.seriousRate,
          detail: JSON.stringify({ from, to: asOf, visited: u.visited, unsatisfied: u.unsatisfied, rate: Math.round(u.rate * 10_000) / 10_000, mean: stats.mean, sd: stats.sd, limit: stats.limit }),
          transfer_id: null,
          transferred_at: null,
        })
        .onConflict((oc) => oc.columns(['kind', 'subject_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (r) newIds.push(r.id);
    }
    await recordAudit(tx, actor, {
      action: 'hotline.screen',
      objectType: 'hotline_screen',
      objectId: asOf,
      detail: { kickball: kick.length, unsatisfied_units: stats.flagged.map((u) => u.unit), new_hits: newIds.length, limit: stats.limit },
    });
  });
  const models = await screenModelHits(db, actor, asOf, await listTransferRules(db), routing, trigger);
  return { kickball: kick.length, unsatisfied_units: stats.flagged.length, model_hits: models.hits, new_hits: [...newIds, ...models.new_hits] };
}

/** What each screening kind is called in transfers and reports. */
export const SCREEN_KIND_LABELS: Record<string, string> = {
  kickball: '踢皮球（多次退回或改派）',
  unsatisfied_unit: '承办单位不满意率异常',
  hotline_conduct: '作风问题线索（M13）',
  hotline_repeat: '重复诉求（办结后仍反映，M14）',
  hotline_overdue: '督办工单超期（M15）',
};

function screenItemTitle(h: { kind: string; order_ids: string[]; unit: string | null; detail: unknown }): string {
  if (h.kind in MODEL_SCREENS) return modelScreenTitle(h.kind, h);
  if (h.kind === 'kickball') return `工单${h.order_ids[0]}多次退回或改派（${(h.detail as { returns: number }).returns}次）`;
  return `${h.unit}不满意率异常（${Math.round((h.detail as { rate: number }).rate * 1000) / 10}%）`;
}

/** The access of the scheduled job: sends from the rule's sender organisation. */
export function systemSender(orgId: number): AccessContext {
  return {
    userId: null as unknown as number,
    username: 'system',
    displayName: '系统定时任务',
    orgId,
    orgName: '',
    orgPath: [orgId],
    roles: [],
    permissions: new Set(['transfer:send', 'hotline:transfer']),
    adminKind: null,
    scope: { all: true, orgIds: [], subtreeRoots: [], self: false },
  };
}

/**
 * Send pending hits as transfer batches. `immediate`: hits of rules in immediate mode and serious
 * hits of periodic rules, one transfer per hit (随时移送). `periodic`: the rest of periodic rules,
 * one batch per rule (定期移送). `access` null = the scheduled job (sends from the rule's sender org).
 */
export async function sendScreenedTransfers(db: Queryable, actor: Actor, access: AccessContext | null, mode: 'immediate' | 'periodic', onDay: DateString = todayInShanghai()) {
  if (access && !access.permissions.has('hotline:transfer')) throw forbidden('无权移送热线问题', 'You may not transfer hotline findings');
  const rules = await db.selectFrom('hotline_transfer_rules').selectAll().where('mode', '<>', 'off').execute();
  const sent: { transfer_id: number; kind: string; items: number }[] = [];
  const skipped: { kind: string; reason: string }[] = [];
  for (const rule of rules) {
    if (!rule.receiver_org_id) {
      skipped.push({ kind: rule.kind, reason: '未设置接收单位 / no receiving organisation' });
      continue;
    }
    const who = access ?? (rule.sender_org_id ? systemSender(rule.sender_org_id) : null);
    if (!who) {
      skipped.push({ kind: rule.kind, reason: '未设置移送单位 / no sending organisation' });
      continue;
    }
    if (mode === 'periodic' && rule.mode !== 'periodic') continue;
    await inTx(db, async (tx) => {
      const withdrawn = await withdrawSettledModelHits(tx, rule.kind);
      if (withdrawn.length) await recordAudit(tx, actor, { action: 'hotline.screen.withdraw', objectType: 'hotline_screen', objectId: rule.kind, detail: { hits: withdrawn } });
    });
    let q = db.selectFrom('hotline_screen_hits').selectAll().where('kind', '=', rule.kind).where('transfer_id', 'is', null).where('withdrawn', 'is', null);
    if (mode === 'immediate' && rule.mode === 'periodic') q = q.where('serious', '=', true);
    const hits = await q.orderBy('id').limit(5000).execute();
    if (!hits.length) continue;
    const item = (h: (typeof hits)[number]) => ({
      objectId: String(h.id),
      title: screenItemTitle(h),
      snapshot: {
        类型: SCREEN_KIND_LABELS[h.kind] ?? h.kind,
        工单编号: h.order_ids,
        承办单位: h.unit,
        责任单位: h.responsible_unit ?? '（分类处置清单未覆盖，待认定）',
        严重: h.serious,
        ...(h.detail as Record<string, unknown>),
      },
    });
    const groups = mode === 'immediate' ? hits.map((h) => [h]) : [hits];
    for (const g of groups) {
      const t = await sendTransfer(db, actor, who, {
        receiverOrgId: rule.receiver_org_id,
        objectType: 'hotline_batch',
        mode: mode === 'immediate' ? 'single' : 'batch',
        title: `12345热线${mode === 'immediate' ? '随时移送' : '定期移送'}：${SCREEN_KIND_LABELS[rule.kind] ?? rule.label}（${g.length}件）`,
        note: mode === 'periodic' ? `${onDay}定期移送` : null,
        items: g.map(item),
        sentOn: onDay,
      });
      const transferId = (t as { id: number }).id;
      await inTx(db, async (tx) => {
        await tx.updateTable('hotline_screen_hits').set({ transfer_id: transferId, transferred_at: new Date() }).where('id', 'in', g.map((h) => h.id)).execute();
        await recordAudit(tx, actor, { action: 'hotline.screen.transfer', objectType: 'transfer', objectId: transferId, detail: { kind: rule.kind, mode, hits: g.map((h) => h.id) } });
      });
      sent.push({ transfer_id: transferId, kind: rule.kind, items: g.length });
    }
  }
  return { sent, skipped };
}

/** The rules, each with the allowed values of its list parameters (`param_options`). */
export async function listTransferRules(db: Queryable) {
  const rows = await db.selectFrom('hotline_transfer_rules').selectAll().orderBy('kind').execute();
  return rows.map((r) => ({ ...r, param_options: Object.fromEntries(Object.keys(r.params as object).filter((k) => k in LIST_PARAM_OPTIONS).map((k) => [k, LIST_PARAM_OPTIONS[k]])) }));
}

/** Parameters may only be the rule's own, numbers ≥ 0 (or null for the optional fixed threshold), lists from their options. */
function checkRuleParams(current: Record<string, unknown>, input: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(input)) {
    const bad = (zh: string, en: string) => badInput(`参数 ${k} ${zh}`, `Parameter ${k} ${en}`);
    if (!(k in current)) throw bad('不属于该规则', 'does not belong to this rule');
    if (Array.isArray(current[k])) {
      const options = LIST_PARAM_OPTIONS[k] ?? [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !options.includes(x))) throw bad(`只能从以下取值：${options.join('、')}`, `must be a list of: ${options.join(', ')}`);
    } else if (v === null) {
      if (k !== 'threshold') throw bad('不能为空', 'must not be empty');
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad('须为不小于0的数', 'must be a number ≥ 0');
  }
}

export async function updateTransferRule(
  db: Queryable,
  actor: Actor,
  access: AccessContext,
  kind: string,
  input: { mode?: 'immediate' | 'periodic' | 'off'; receiverOrgId?: number | null; senderOrgId?: number | null; params?: Record<string, unknown>; version: number },
) {
  if (!access.permissions.has('hotline:transfer')) throw forbidden('无权设置移送规则', 'You may not change transfer rules');
  return inTx(db, async (tx) => {
    const old = await tx.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', kind).executeTakeFirst();
    if (!old) throw notFound(`移送规则 ${kind}`, `Transfer rule ${kind}`);
    checkRuleParams(old.params as Record<string, unknown>, input.params ?? {});
    const params = { ...(old.params as object), ...(input.params ?? {}) };
    const row = await tx
      .updateTable('hotline_transfer_rules')
      .set({
        mode: input.mode ?? old.mode,
        receiver_org_id: input.receiverOrgId === undefined ? old.receiver_org_id : input.receiverOrgId,
        sender_org_id: input.senderOrgId === undefined ? old.sender_org_id : input.senderOrgId,
        params: JSON.stringify(params),
        updated_by: access.userId,
        updated_at: new Date(),
        version: old.version + 1,
      })
      .where('kind', '=', kind)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict('移送规则已被他人修改，请刷新后重试', 'The rule was changed meanwhile; reload and retry');
    await recordAudit(tx, actor, { action: 'hotline.transfer_rule.update', objectType: 'hotline_transfer_rule', objectId: kind, detail: { before: { mode: old.mode, receiver: old.receiver_org_id, params: old.params }, after: { mode: row.mode, receiver: row.receiver_org_id, params } } });
    return row;
  });
}

export async function listScreenHits(db: Queryable, q: { kind?: string; pending?: boolean; limit?: number }) {
  let s = db.selectFrom('hotline_screen_hits').selectAll();
  if (q.kind) s = s.where('kind', '=', q.kind);
  if (q.pending) s = s.where('transfer_id', 'is', null).where('withdrawn', 'is', null);
  return s.orderBy('id', 'desc').limit(q.limit ?? 200).execute();
}
