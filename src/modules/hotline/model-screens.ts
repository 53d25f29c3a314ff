/**
 * The catalogue's hotline models (M13 作风问题线索, M14 重复诉求, M15 督办工单超期) as screening
 * kinds: the screening runs them through the models area (a model run like any other, audited,
 * with its hits in 命中核查) and copies each current hit into `hotline_screen_hits` once, so that it
 * travels to the supervision team with the 踢皮球 and 不满意率 findings under the same transfer rules.
 *
 * A hit that an officer has meanwhile turned into a clue, or reviewed as 不属实, is not sent: it is
 * withdrawn (with the reason) when the next transfer is prepared.
 */
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { DateString } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { CONDUCT_KINDS } from '../models/catalogue/conduct-sql.ts';
import { runModels } from '../models/runner.ts';
import type { RunTrigger } from '../models/schema.ts';
import { type RoutingRule, resolveUnit } from './routing.service.ts';

/** Screening kind (a `hotline_transfer_rules.kind`) → catalogue model id. */
export const MODEL_SCREENS = { hotline_conduct: 'M13', hotline_repeat: 'M14', hotline_overdue: 'M15' } as const;
export type ModelScreenKind = keyof typeof MODEL_SCREENS;

export interface ModelScreenParams {
  /** M13: misconduct kinds that make a hit serious (随时移送 even under a periodic rule). */
  seriousKinds: string[];
  /** M14: a matter reported in at least this many orders is serious. */
  seriousOrders: number;
  /** M15: overdue by at least this many days is serious. */
  seriousDays: number;
}
export const MODEL_SCREEN_DEFAULTS: ModelScreenParams = {
  seriousKinds: ['吃拿卡要/索要好处', '乱收费/乱罚款', '优亲厚友/违规分配', '违规吃喝/公车私用'],
  seriousOrders: 4,
  seriousDays: 15,
};

/** The allowed values of list parameters (offered by the rule editor, checked on update). */
export const LIST_PARAM_OPTIONS: Record<string, readonly string[]> = { seriousKinds: CONDUCT_KINDS };

type EvidenceRow = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
const DAY_MS = 86_400_000;

/** Days an M15 order is (or was) past its deadline: to its closing, or to the start of `asOf` (Asia/Shanghai). */
export function overdueDays(order: EvidenceRow, asOf: DateString): number {
  const due = Date.parse(String(order.due_at ?? ''));
  const end = order.closed_at ? Date.parse(String(order.closed_at)) : Date.parse(`${asOf}T00:00:00+08:00`);
  return Number.isFinite(due) && Number.isFinite(end) ? Math.max(0, Math.floor((end - due) / DAY_MS)) : 0;
}

/** Pure: is the hit serious under the rule's parameters? */
export function isSerious(kind: ModelScreenKind, hit: { reasons: string[]; orders: EvidenceRow[] }, p: ModelScreenParams, asOf: DateString): boolean {
  // M13's reasons read "反映<kind>" (conduct-sql.ts).
  if (kind === 'hotline_conduct') return hit.reasons.some((r) => p.seriousKinds.includes(r.replace(/^反映/, '')));
  if (kind === 'hotline_repeat') return hit.orders.length >= p.seriousOrders;
  return hit.orders.some((o) => overdueDays(o, asOf) >= p.seriousDays);
}

/** The transfer item's title for a model-screen hit. */
export function modelScreenTitle(kind: string, h: { order_ids: string[]; unit: string | null; detail: unknown }): string {
  const d = (h.detail ?? {}) as { reasons?: string[]; overdue_days?: number };
  if (kind === 'hotline_conduct') return `工单${h.order_ids[0]}反映${h.unit ?? '有关单位'}作风问题（${(d.reasons ?? []).map((r) => r.replace(/^反映/, '')).join('、')}）`;
  if (kind === 'hotline_repeat') return `同一事项办结后反复反映（${h.order_ids.length}件工单：${h.order_ids.join('、')}）`;
  return `督办工单${h.order_ids[0]}超期${d.overdue_days ? `${d.overdue_days}天` : ''}（${h.unit ?? '承办单位未填写'}）`;
}

export interface ModelScreenResult {
  /** Current hits per kind in this run. */
  hits: Partial<Record<ModelScreenKind, number>>;
  new_hits: number[];
}

/**
 * Run the hotline models whose rule is not `off` (and whose model is enabled) as of `asOf`, and
 * store their current hits that are not yet screened, not clues and not reviewed 不属实.
 */
export async function screenModelHits(
  db: Db,
  actor: Actor,
  asOf: DateString,
  rules: readonly { kind: string; mode: string; params: unknown }[],
  routing: readonly RoutingRule[],
  trigger: RunTrigger,
): Promise<ModelScreenResult> {
  const active = rules.filter((r): r is typeof r & { kind: ModelScreenKind } => r.kind in MODEL_SCREENS && r.mode !== 'off');
  const enabled = new Set((await db.selectFrom('models').select('id').where('enabled', '=', true).execute()).map((m) => m.id));
  const byModel = new Map(active.filter((r) => enabled.has(MODEL_SCREENS[r.kind])).map((r) => [MODEL_SCREENS[r.kind] as string, r]));
  const result: ModelScreenResult = { hits: {}, new_hits: [] };
  if (!byModel.size) return result;
  // The model runs commit on their own (runModels); the copies and their audit event are one transaction.
  const { runs } = await runModels(db, actor, null, { models: [...byModel.keys()], asOf, trigger });
  await inTx(db, async (tx) => {
    for (const run of runs) {
      const rule = byModel.get(run.model_id);
      if (!rule || run.status !== 'success') continue;
      result.hits[rule.kind] = run.hits ?? 0;
      const params = { ...MODEL_SCREEN_DEFAULTS, ...(rule.params as Partial<ModelScreenParams>) };
      result.new_hits.push(...(await storeRunHits(tx, run.run_id, rule.kind, params, routing, asOf)));
    }
    if (result.new_hits.length) {
      await recordAudit(tx, actor, { action: 'hotline.screen.models', objectType: 'hotline_screen', objectId: asOf, detail: { hits: result.hits, new_hits: result.new_hits.length } });
    }
  });
  return result;
}

/** Copy the run's eligible hits, page by page, into `hotline_screen_hits` (a hit once per kind). */
async function storeRunHits(db: Queryable, runId: number, kind: ModelScreenKind, params: ModelScreenParams, routing: readonly RoutingRule[], asOf: DateString): Promise<number[]> {
  const ids: number[] = [];
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('model_run_hits as rh')
      .innerJoin('model_hits as h', 'h.id', 'rh.hit_id')
      .select(['h.id', 'h.reasons', 'h.evidence', 'h.score'])
      .where('rh.run_id', '=', runId)
      .where('rh.hit_id', '>', after)
      .where('h.clue_id', 'is', null)
      .where((eb) => eb.or([eb('h.review_result', 'is', null), eb('h.review_result', '<>', '不属实')]))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('hotline_screen_hits as s').select('s.id').where('s.kind', '=', kind).whereRef('s.model_hit_id', '=', 'h.id'))),
      )
      .orderBy('rh.hit_id')
      .limit(500)
      .execute();
    if (!page.length) return ids;
    after = Number(page[page.length - 1].id);
    const values = page.map((h) => {
      const orders = h.evidence.filter((e) => e.dataset === 'hotline');
      const last = orders[orders.length - 1] ?? {};
      const rule = resolveUnit(routing, { category: text(last.category), content: text(last.content) });
      const overdue = kind === 'hotline_overdue' ? Math.max(0, ...orders.map((o) => overdueDays(o, asOf))) : undefined;
      return {
        kind,
        subject_key: `hit:${h.id}`,
        model_hit_id: Number(h.id),
        order_ids: orders.map((o) => String(o.order_id)),
        unit: text(last.handler_unit),
        responsible_unit: rule?.unit ?? null,
        serious: isSerious(kind, { reasons: h.reasons, orders }, params, asOf),
        detail: JSON.stringify({ model: MODEL_SCREENS[kind], model_hit_id: Number(h.id), reasons: h.reasons, score: Number(h.score), category: text(last.category), routing_rule: rule?.id ?? null, ...(overdue === undefined ? {} : { overdue_days: overdue }) }),
        transfer_id: null,
        transferred_at: null,
      };
    });
    const rows = await db
      .insertInto('hotline_screen_hits')
      .values(values)
      .onConflict((oc) => oc.columns(['kind', 'subject_key']).doNothing())
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
}

/**
 * Withdraw pending model-screen hits that became clues or were reviewed 不属实 since they were
 * screened: they must not also travel as a hotline finding. Returns the withdrawn hit ids.
 */
export async function withdrawSettledModelHits(db: Queryable, kind: string): Promise<number[]> {
  if (!(kind in MODEL_SCREENS)) return [];
  const rows = (await sql<{ id: string }>`
    UPDATE hotline_screen_hits s
       SET withdrawn = CASE WHEN h.clue_id IS NOT NULL THEN '已转为问题线索 / already a clue' ELSE '核查不属实 / reviewed as unfounded' END
      FROM model_hits h
     WHERE s.kind = ${kind} AND s.model_hit_id = h.id AND s.transfer_id IS NULL AND s.withdrawn IS NULL
       AND (h.clue_id IS NOT NULL OR h.review_result = '不属实')
    RETURNING s.id`.execute(db)).rows;
  return rows.map((r) => Number(r.id));
}
