/**
 * Use cases of the supervision models: the model list (with measured precision), parameter
 * edits (versioned, audited), runs and their history, hits (read, review, turn into a clue) and
 * the model builder (vocabulary, validate, preview on live data, save as a new version).
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { FieldCipher } from '../../platform/crypto/cipher.ts';
import { isValidDate } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput, conflict, notFound } from '../../platform/errors.ts';
import { formatCsvRow } from '../../platform/files/csv.ts';
import type { PageQuery } from '../../platform/http/schema.ts';
import { type BuilderDefinition, compilePlan, validateDefinition } from './builder/builder.ts';
import { vocabulary } from './builder/vocabulary.ts';
import { CATALOGUE, catalogueModel } from './catalogue/index.ts';
import { type ClueDraft, type CluePersonDraft, resolveParams, SEVERITY_LABELS } from './definition.ts';
import { assertDatasetsUsable, assertMay, hitVisible, usableDatasets } from './models.policy.ts';
import { checkAsOf, loadExecutable, orderEvidenceRow, orderSubject, sessionSettings } from './runner.ts';
import { REVIEW_RESULTS, type ReviewResult, type Severity } from './schema.ts';

export { runModels, forEachRunHit, type RunSummary, type HitOutput } from './runner.ts';

// ---------------------------------------------------------------------------------------------
// Models

export interface PrecisionStats {
  hits: number;
  pending: number;
  reviewed: number;
  /** 属实 + 部分属实 */
  confirmed: number;
  by_result: Record<ReviewResult, number>;
  /** confirmed / reviewed; null before the first review. */
  precision: number | null;
}

/** Hit counts per model, over the hits within the caller's data scope (null = the system: all). */
async function precisionByModel(db: Queryable, access: AccessContext | null): Promise<Map<string, PrecisionStats>> {
  const rows = await db
    .selectFrom('model_hits')
    .where(hitVisible(access))
    .select([
      'model_id',
      sql<number>`count(*)::int`.as('hits'),
      sql<number>`count(*) FILTER (WHERE review_result IS NULL)::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE review_result = '属实')::int`.as('r1'),
      sql<number>`count(*) FILTER (WHERE review_result = '部分属实')::int`.as('r2'),
      sql<number>`count(*) FILTER (WHERE review_result = '不属实')::int`.as('r3'),
      sql<number>`count(*) FILTER (WHERE review_result = '无法核实')::int`.as('r4'),
    ])
    .groupBy('model_id')
    .execute();
  const out = new Map<string, PrecisionStats>();
  for (const r of rows) {
    const reviewed = r.r1 + r.r2 + r.r3 + r.r4;
    const confirmed = r.r1 + r.r2;
    out.set(r.model_id, {
      hits: r.hits,
      pending: r.pending,
      reviewed,
      confirmed,
      by_result: { 属实: r.r1, 部分属实: r.r2, 不属实: r.r3, 无法核实: r.r4 },
      precision: reviewed ? Math.round((confirmed / reviewed) * 10000) / 10000 : null,
    });
  }
  return out;
}

const emptyStats = (): PrecisionStats => ({ hits: 0, pending: 0, reviewed: 0, confirmed: 0, by_result: { 属实: 0, 部分属实: 0, 不属实: 0, 无法核实: 0 }, precision: null });

export interface ModelListItem {
  id: string;
  kind: 'catalogue' | 'custom';
  name: string;
  title: string;
  description: string;
  severity: Severity;
  severity_label: string;
  enabled: boolean;
  current_version: number;
  version: number;
  datasets: string[];
  subject: string[];
  params: Record<string, unknown>;
  param_defs: { key: string; label: string; type: string; default: unknown; min?: number; max?: number; unit?: string }[];
  stats: PrecisionStats;
  last_run: { id: number; status: string; started_at: Date; as_of: string; hits: number | null; duration_ms: number | null } | null;
}

export async function listModels(db: Queryable, access: AccessContext | null): Promise<ModelListItem[]> {
  assertMay(access, 'read');
  const models = await db
    .selectFrom('models')
    .innerJoin('model_versions as v', (j) => j.onRef('v.model_id', '=', 'models.id').onRef('v.version', '=', 'models.current_version'))
    .select(['models.id', 'models.kind', 'models.name', 'models.title', 'models.description', 'models.severity', 'models.enabled', 'models.current_version', 'models.version', 'v.params', 'v.definition', 'v.datasets'])
    .orderBy('models.id')
    .execute();
  const stats = await precisionByModel(db, access);
  const lastRuns = await db
    .selectFrom('model_runs')
    .select(['id', 'model_id', 'status', 'started_at', 'as_of', 'hits', 'duration_ms'])
    .where('id', 'in', db.selectFrom('model_runs').select(sql<number>`max(id)`.as('id')).groupBy('model_id'))
    .execute();
  const last = new Map(lastRuns.map((r) => [r.model_id, r]));
  return models.map((m) => {
    const def = m.kind === 'catalogue' ? catalogueModel(m.id) : undefined;
    const params = def ? resolveParams(def.params, m.params as Record<string, unknown>) : { definition: m.definition };
    const l = last.get(m.id);
    return {
      id: m.id,
      kind: m.kind,
      name: m.name,
      title: m.title,
      description: m.description,
      severity: m.severity,
      severity_label: SEVERITY_LABELS[m.severity],
      enabled: m.enabled,
      current_version: m.current_version,
      version: m.version,
      datasets: m.datasets,
      subject: def ? [...def.subject] : subjectFieldsOf(m.definition as BuilderDefinition),
      params,
      param_defs: def ? def.params.map((p) => ({ ...p })) : [],
      stats: stats.get(m.id) ?? emptyStats(),
      last_run: l ? { id: l.id, status: l.status, started_at: l.started_at, as_of: l.as_of, hits: l.hits, duration_ms: l.duration_ms } : null,
    };
  });
}

function subjectFieldsOf(def: BuilderDefinition): string[] {
  try {
    const plan = validateDefinition(def);
    const fields = plan.subject.map((s) => s.field);
    if (plan.window?.kind === 'same') fields.push({ day: 'date', month: 'month', year: 'year' }[plan.window.period]);
    return fields;
  } catch {
    return [];
  }
}

export async function getModel(db: Queryable, access: AccessContext | null, id: string) {
  const all = await listModels(db, access);
  const m = all.find((x) => x.id === id);
  if (!m) throw notFound(`模型 ${id}`, `Model ${id}`);
  const versions = await db
    .selectFrom('model_versions')
    .select(['version', 'params', 'definition', 'datasets', 'note', 'created_by', 'created_by_name', 'created_at'])
    .where('model_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return { ...m, versions };
}

/**
 * Change the parameters of a catalogue model: a new version (the previous ones stay, runs name
 * their version), audited. `version` is the model's optimistic-lock version the editor saw.
 */
export async function updateModelParams(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  id: string,
  input: { params: Record<string, unknown>; version: number; note?: string | null },
): Promise<{ current_version: number; version: number }> {
  assertMay(access, 'edit');
  const def = catalogueModel(id);
  if (!def) {
    const exists = await db.selectFrom('models').select('kind').where('id', '=', id).executeTakeFirst();
    if (!exists) throw notFound(`模型 ${id}`, `Model ${id}`);
    throw badInput('自定义模型请通过模型构建器修改定义', 'Change a custom model through the model builder');
  }
  return inTx(db, async (tx) => {
    const m = await tx.selectFrom('models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!m) throw notFound(`模型 ${id}`, `Model ${id}`);
    if (m.version !== input.version) throw conflict('模型已被他人修改，请刷新后重试', 'The model was changed by someone else; reload and retry');
    const prev = await tx.selectFrom('model_versions').select('params').where('model_id', '=', id).where('version', '=', m.current_version).executeTakeFirstOrThrow();
    const before = resolveParams(def.params, prev.params as Record<string, unknown>);
    const after = resolveParams(def.params, { ...before, ...input.params });
    const next = await nextVersion(tx, id);
    await tx
      .insertInto('model_versions')
      .values({
        model_id: id,
        version: next,
        params: JSON.stringify(after),
        definition: null,
        datasets: [...def.datasets],
        note: input.note ?? null,
        created_by: actor.userId,
        created_by_name: actor.name,
      })
      .execute();
    await tx.updateTable('models').set({ current_version: next, version: m.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
    await recordAudit(tx, actor, {
      action: 'model.edit',
      objectType: 'model',
      objectId: id,
      detail: { from_version: m.current_version, to_version: next, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])), note: input.note ?? null },
    });
    return { current_version: next, version: m.version + 1 };
  });
}

async function nextVersion(db: Queryable, id: string): Promise<number> {
  const r = await db.selectFrom('model_versions').select(sql<number>`coalesce(max(version), 0)::int`.as('v')).where('model_id', '=', id).executeTakeFirstOrThrow();
  return r.v + 1;
}

/** Enable or disable a model (scheduled "run all" skips disabled models). */
export async function setModelEnabled(db: Queryable, actor: Actor, access: AccessContext | null, id: string, input: { enabled: boolean; version: number }) {
  assertMay(access, 'edit');
  return inTx(db, async (tx) => {
    const r = await tx
      .updateTable('models')
      .set({ enabled: input.enabled, version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning(['version'])
      .executeTakeFirst();
    if (!r) {
      const exists = await tx.selectFrom('models').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw notFound(`模型 ${id}`, `Model ${id}`);
      throw conflict('模型已被他人修改，请刷新后重试', 'The model was changed by someone else; reload and retry');
    }
    await recordAudit(tx, actor, { action: input.enabled ? 'model.enable' : 'model.disable', objectType: 'model', objectId: id });
    return { version: r.version };
  });
}

// ---------------------------------------------------------------------------------------------
// Runs

export async function listRuns(db: Queryable, access: AccessContext | null, q: PageQuery & { model_id?: string; batch_id?: string }) {
  assertMay(access, 'read');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  let base = db.selectFrom('model_runs');
  if (q.model_id) base = base.where('model_id', '=', q.model_id);
  if (q.batch_id) base = base.where('batch_id', '=', q.batch_id);
  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const items = await base
    .selectAll()
    .orderBy('id', q.order === 'asc' ? 'asc' : 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items, total: total.n, page, pageSize };
}

export async function getRun(db: Queryable, access: AccessContext | null, id: number) {
  assertMay(access, 'read');
  const r = await db.selectFrom('model_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(`运行记录 ${id}`, `Run ${id}`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Hits

export interface HitQuery extends PageQuery {
  model_id?: string;
  run_id?: number;
  review?: ReviewResult | 'pending' | 'reviewed';
  /** First seen on or after / on or before (YYYY-MM-DD, Asia/Shanghai). */
  first_seen_from?: string;
  first_seen_to?: string;
}

/** Whether the hit was produced by its model's latest successful run (still there in the data). */
const currentSql = sql<boolean>`(model_hits.last_run_id = (SELECT max(r.id) FROM model_runs r WHERE r.model_id = model_hits.model_id AND r.status = 'success'))`;

/** The hits matching the filters, within the caller's data scope (list, count, export). */
function filteredHits(db: Queryable, access: AccessContext | null, q: HitQuery) {
  for (const d of [q.first_seen_from, q.first_seen_to]) {
    if (d !== undefined && !isValidDate(d)) throw badInput(`日期无效：${d}（应为 YYYY-MM-DD）`, `Invalid date: ${d} (expected YYYY-MM-DD)`);
  }
  let base = db.selectFrom('model_hits').innerJoin('models', 'models.id', 'model_hits.model_id').where(hitVisible(access));
  if (q.model_id) base = base.where('model_hits.model_id', '=', q.model_id);
  if (q.run_id) base = base.where('model_hits.id', 'in', db.selectFrom('model_run_hits').select('hit_id').where('run_id', '=', q.run_id));
  if (q.review === 'pending') base = base.where('model_hits.review_result', 'is', null);
  else if (q.review === 'reviewed') base = base.where('model_hits.review_result', 'is not', null);
  else if (q.review) base = base.where('model_hits.review_result', '=', q.review);
  if (q.q) {
    // Free text over the subject and the evidence rows (unit names, places, plates … live there).
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where(sql<boolean>`(model_hits.subject::text LIKE ${like} OR model_hits.evidence::text LIKE ${like})`);
  }
  if (q.first_seen_from) base = base.where(sql<boolean>`(model_hits.first_seen AT TIME ZONE 'Asia/Shanghai')::date >= ${q.first_seen_from}::date`);
  if (q.first_seen_to) base = base.where(sql<boolean>`(model_hits.first_seen AT TIME ZONE 'Asia/Shanghai')::date <= ${q.first_seen_to}::date`);
  return base;
}

export async function listHits(db: Queryable, actor: Actor, access: AccessContext | null, q: HitQuery) {
  assertMay(access, 'review');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const base = filteredHits(db, access, q);
  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const sort = q.sort === 'score' ? 'model_hits.score' : q.sort === 'first_seen' ? 'model_hits.first_seen' : 'model_hits.last_seen';
  const items = await base
    .select([
      'model_hits.id',
      'model_hits.model_id',
      'models.name',
      'models.title',
      'model_hits.subject',
      'model_hits.reasons',
      'model_hits.score',
      'model_hits.model_version',
      'model_hits.first_seen',
      'model_hits.last_seen',
      'model_hits.runs',
      'model_hits.review_result',
      'model_hits.reviewed_at',
      'model_hits.clue_id',
      'model_hits.version',
      sql<number>`jsonb_array_length(model_hits.evidence)`.as('evidence_count'),
      currentSql.as('current'),
    ])
    .orderBy(sort as 'model_hits.last_seen', q.order === 'asc' ? 'asc' : 'desc')
    .orderBy('model_hits.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  await recordAudit(db, actor, { action: 'hit.list', objectType: 'model_hit', detail: { model_id: q.model_id ?? null, run_id: q.run_id ?? null, review: q.review ?? null, page, returned: items.length } });
  return { items, total: total.n, page, pageSize };
}

/** The number of hits matching the filters within the caller's data scope (counts only, no subjects). */
export async function countHits(db: Queryable, access: AccessContext | null, q: Omit<HitQuery, keyof PageQuery> = {}): Promise<number> {
  assertMay(access, 'read');
  const r = await filteredHits(db, access, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export const HIT_EXPORT_LIMIT = 50_000;

/** The hits matching the filters as CSV (UTF-8 with BOM, for Excel), within the caller's data scope. Audited. */
export async function exportHits(db: Queryable, actor: Actor, access: AccessContext | null, q: HitQuery): Promise<string> {
  assertMay(access, 'review');
  const rows = await filteredHits(db, access, q)
    .select([
      'model_hits.id',
      'model_hits.model_id',
      'models.title',
      'model_hits.subject',
      'model_hits.reasons',
      'model_hits.score',
      'model_hits.first_seen',
      'model_hits.last_seen',
      'model_hits.runs',
      'model_hits.review_result',
      'model_hits.clue_id',
      sql<number>`jsonb_array_length(model_hits.evidence)`.as('evidence_count'),
    ])
    .orderBy('model_hits.id')
    .limit(HIT_EXPORT_LIMIT)
    .execute();
  await recordAudit(db, actor, {
    action: 'hit.export',
    objectType: 'model_hit',
    detail: { rows: rows.length, ids: rows.map((r) => Number(r.id)), filters: { model_id: q.model_id ?? null, run_id: q.run_id ?? null, review: q.review ?? null, q: q.q ?? null } },
  });
  const day = (d: Date) => new Date(d).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const head = ['命中编号', '模型编号', '模型名称', '主体', '命中原因', '评分', '首次发现', '最近发现', '命中次数', '证据条数', '核查结论', '转线索'];
  return `\uFEFF${formatCsvRow(head)}${rows
    .map((r) =>
      formatCsvRow([
        Number(r.id),
        r.model_id,
        r.title,
        Object.entries(orderSubject(r.model_id, r.subject))
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('、') : String(v)}`)
          .join('；'),
        r.reasons.join('；'),
        Number(r.score),
        day(r.first_seen),
        day(r.last_seen),
        r.runs,
        Number(r.evidence_count),
        r.review_result ?? '待核查',
        r.clue_id ? `线索 ${r.clue_id}` : '',
      ]),
    )
    .join('')}`;
}

/** The hit if it exists within the caller's data scope; else 404 (an invisible hit is not revealed). */
async function visibleHitOr404(db: Queryable, access: AccessContext | null, id: number): Promise<void> {
  const h = await db.selectFrom('model_hits').select('id').where('id', '=', id).where(hitVisible(access)).executeTakeFirst();
  if (!h) throw notFound(`模型命中 ${id}`, `Hit ${id}`);
}

export async function getHit(db: Queryable, actor: Actor, access: AccessContext | null, id: number) {
  assertMay(access, 'review');
  const h = await db
    .selectFrom('model_hits')
    .innerJoin('models', 'models.id', 'model_hits.model_id')
    .selectAll('model_hits')
    .select(['models.name', 'models.title', currentSql.as('current')])
    .where('model_hits.id', '=', id)
    .where(hitVisible(access))
    .executeTakeFirst();
  if (!h) throw notFound(`模型命中 ${id}`, `Hit ${id}`);
  await recordAudit(db, actor, { action: 'hit.read', objectType: 'model_hit', objectId: id, detail: { model_id: h.model_id } });
  return { ...h, id: Number(h.id), score: Number(h.score), subject: orderSubject(h.model_id, h.subject), evidence: h.evidence.map(orderEvidenceRow) };
}

/** Review (核查) a hit; the results feed the model's measured precision. */
export async function reviewHit(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  id: number,
  input: { result: ReviewResult; note?: string | null; version: number },
): Promise<{ version: number }> {
  assertMay(access, 'review');
  if (!(REVIEW_RESULTS as readonly string[]).includes(input.result)) {
    throw badInput(`核查结论须为：${REVIEW_RESULTS.join('、')}`, `The result must be one of ${REVIEW_RESULTS.join(', ')}`);
  }
  return inTx(db, async (tx) => {
    const before = await tx.selectFrom('model_hits').select(['review_result', 'model_id']).where('id', '=', id).where(hitVisible(access)).executeTakeFirst();
    if (!before) throw notFound(`模型命中 ${id}`, `Hit ${id}`);
    const r = await tx
      .updateTable('model_hits')
      .set({ review_result: input.result, review_note: input.note ?? null, reviewed_by: actor.userId, reviewed_at: new Date(), version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning('version')
      .executeTakeFirst();
    if (!r) throw conflict('该命中已被他人修改，请刷新后重试', 'The hit was changed by someone else; reload and retry');
    await recordAudit(tx, actor, {
      action: 'hit.review',
      objectType: 'model_hit',
      objectId: id,
      detail: { model_id: before.model_id, from: before.review_result, to: input.result, note: input.note ?? null },
    });
    return { version: r.version };
  });
}

export interface ClueOverrides {
  title?: string;
  summary?: string;
  domainTags?: string[];
  persons?: (CluePersonDraft & { cadreLevel?: '市管' | '县管' | '乡管' | '其他' })[];
}

/** The clue a hit would become (the model's draft), for the UI to show before converting. */
export async function hitClueDraft(db: Queryable, access: AccessContext | null, id: number): Promise<ClueDraft> {
  assertMay(access, 'review');
  const h = await db
    .selectFrom('model_hits')
    .select(['id', 'model_id', 'subject', 'reasons', 'evidence', 'score', 'model_version'])
    .where('id', '=', id)
    .where(hitVisible(access))
    .executeTakeFirst();
  if (!h) throw notFound(`模型命中 ${id}`, `Hit ${id}`);
  const exe = await loadExecutable(db, h.model_id, h.model_version);
  return exe.clue({ id: Number(h.id), model_id: h.model_id, subject: h.subject, reasons: h.reasons, evidence: h.evidence, score: Number(h.score) });
}

/**
 * Turn a hit into a problem clue in one step: the clues area's `createClueFromSource`
 * (source_type 'model_hit', source_ref 'hit:<id>'), in the same transaction as the link back
 * from the hit. The caller needs hit:review here and clue:create there.
 */
export async function hitToClue(
  db: Queryable,
  cipher: FieldCipher,
  actor: Actor,
  access: AccessContext,
  id: number,
  overrides: ClueOverrides = {},
): Promise<{ id: number; clue_id: number; code: string; duplicates: unknown[] }> {
  assertMay(access, 'review');
  // Loaded lazily: the clues area is its own module; the models work without it.
  const { createClueFromSource } = await import('../clues/clues.service.ts');
  return inTx(db, async (tx) => {
    await visibleHitOr404(tx, access, id);
    const h = await tx.selectFrom('model_hits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!h) throw notFound(`模型命中 ${id}`, `Hit ${id}`);
    if (h.clue_id) throw conflict(`该命中已转为线索（线索 ${h.clue_id}）`, `This hit already became clue ${h.clue_id}`);
    const exe = await loadExecutable(tx, h.model_id, h.model_version);
    const draft = exe.clue({ id: Number(h.id), model_id: h.model_id, subject: h.subject, reasons: h.reasons, evidence: h.evidence, score: Number(h.score) });
    const persons = (overrides.persons?.length ? overrides.persons : draft.persons).map((p) => ({
      name: p.name,
      idNumber: p.idNumber ?? null,
      orgName: p.orgName ?? null,
      position: p.position ?? null,
      cadreLevel: ('cadreLevel' in p && p.cadreLevel ? p.cadreLevel : '其他') as '市管' | '县管' | '乡管' | '其他',
    }));
    const clue = await createClueFromSource(tx, cipher, actor, access, {
      sourceType: 'model_hit',
      sourceRef: `hit:${id}`,
      title: overrides.title ?? draft.title,
      summary: overrides.summary ?? draft.summary,
      domainTags: overrides.domainTags ?? draft.domainTags,
      persons,
    });
    await tx.updateTable('model_hits').set({ clue_id: clue.id, version: sql`version + 1` }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'hit.to_clue', objectType: 'model_hit', objectId: id, detail: { model_id: h.model_id, clue_id: clue.id, code: clue.code } });
    // `id` as the clues API answers a registration; `clue_id` as the hit stores it.
    return { id: clue.id, clue_id: clue.id, code: clue.code, duplicates: clue.duplicates };
  });
}

// ---------------------------------------------------------------------------------------------
// Model builder

export async function builderVocabulary(db: Queryable, access: AccessContext | null) {
  assertMay(access, 'edit');
  return vocabulary(await usableDatasets(db, access));
}

async function checkedPlan(db: Queryable, access: AccessContext | null, definition: BuilderDefinition) {
  assertMay(access, 'edit');
  const plan = validateDefinition(definition);
  assertDatasetsUsable(await usableDatasets(db, access), plan.datasets);
  return plan;
}

/** Validate a definition (names, types, operators, data permissions) without running it. */
export async function validateBuilder(db: Queryable, access: AccessContext | null, definition: BuilderDefinition) {
  const plan = await checkedPlan(db, access, definition);
  return { ok: true, datasets: plan.datasets, description: plan.description, subject: subjectFieldsOf(definition) };
}

export const PREVIEW_LIMIT = 50;

/** Run a definition on live data without saving anything: the first 50 hits and the total count. Audited. */
export async function previewBuilder(db: Queryable, actor: Actor, access: AccessContext | null, definition: BuilderDefinition, asOf?: string) {
  const plan = await checkedPlan(db, access, definition);
  const day = checkAsOf(asOf);
  return inTx(db, async (tx) => {
    await sessionSettings(tx);
    await sql`SELECT set_config('statement_timeout', '120s', true)`.execute(tx);
    const { rows } = await sql<{ subject: Record<string, unknown>; reasons: string[]; evidence: Record<string, unknown>[]; score: number; total: number }>`
      SELECT h.subject, h.reasons, h.evidence, round(h.score::numeric, 4)::float8 AS score, count(*) OVER ()::int AS total
      FROM (${compilePlan(plan, { asOf: day })}) h
      ORDER BY h.score DESC, h.subject::text
      LIMIT ${PREVIEW_LIMIT}`.execute(tx);
    const total = rows.length ? Number(rows[0].total) : 0;
    await recordAudit(tx, actor, { action: 'model.preview', objectType: 'model', detail: { datasets: plan.datasets, as_of: day, total, definition } });
    return {
      total,
      as_of: day,
      description: plan.description,
      hits: rows.map(({ total: _t, ...h }) => ({ ...h, evidence: h.evidence.map(orderEvidenceRow), score: Number(h.score) })),
    };
  });
}

export interface SaveBuilderInput {
  /** Absent: a new model. Present: a new version of that custom model. */
  id?: string;
  name: string;
  title: string;
  description?: string;
  severity?: Severity;
  definition: BuilderDefinition;
  note?: string | null;
  /** Optimistic lock when updating. */
  version?: number;
  /**
   * Whether the scheduled "run all" includes the model. A new model saved with `false` is a draft
   * (草稿): it runs only on demand until enabled. Absent: true for a new model, unchanged on update.
   */
  enabled?: boolean;
}

const NAME = /^[a-z][a-z0-9_]{2,40}$/;

/** Save a builder definition as a new custom model, or as a new version of one. Audited. */
export async function saveBuilderModel(db: Queryable, actor: Actor, access: AccessContext | null, input: SaveBuilderInput) {
  const plan = await checkedPlan(db, access, input.definition);
  if (!NAME.test(input.name)) throw badInput('英文名称须为小写字母开头的 3–41 位字母、数字、下划线', 'name must be 3–41 lower-case letters, digits or _');
  if (!input.title?.trim()) throw badInput('请填写模型名称', 'A title is required');
  if (CATALOGUE.some((m) => m.name === input.name) && !input.id) throw conflict(`名称 ${input.name} 已被模型库使用`, `Name ${input.name} is taken by the catalogue`);
  return inTx(db, async (tx) => {
    let id = input.id;
    let version: number;
    if (!id) {
      const taken = await tx.selectFrom('models').select('id').where('name', '=', input.name).executeTakeFirst();
      if (taken) throw conflict(`名称 ${input.name} 已被模型 ${taken.id} 使用`, `Name ${input.name} is taken by model ${taken.id}`);
      await sql`SELECT pg_advisory_xact_lock(7262301)`.execute(tx);
      const last = await tx.selectFrom('models').select(sql<number>`coalesce(max(substr(id, 2)::int), 0)::int`.as('n')).where('kind', '=', 'custom').executeTakeFirstOrThrow();
      id = `U${String(last.n + 1).padStart(4, '0')}`;
      await tx
        .insertInto('models')
        .values({
          id,
          kind: 'custom',
          name: input.name,
          title: input.title.trim(),
          description: input.description ?? plan.description,
          severity: input.severity ?? 'medium',
          current_version: 1,
          created_by: actor.userId,
          enabled: input.enabled ?? true,
        })
        .execute();
      version = 1;
    } else {
      const m = await tx.selectFrom('models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!m) throw notFound(`模型 ${id}`, `Model ${id}`);
      if (m.kind !== 'custom') throw badInput('模型库中的模型只能修改参数', 'Catalogue models only take parameter changes');
      if (input.version !== undefined && input.version !== m.version) throw conflict('模型已被他人修改，请刷新后重试', 'The model was changed by someone else; reload and retry');
      version = await nextVersion(tx, id);
      await tx
        .updateTable('models')
        .set({
          name: input.name,
          title: input.title.trim(),
          description: input.description ?? plan.description,
          severity: input.severity ?? m.severity,
          current_version: version,
          version: m.version + 1,
          updated_at: new Date(),
          ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        })
        .where('id', '=', id)
        .execute();
    }
    await tx
      .insertInto('model_versions')
      .values({
        model_id: id,
        version,
        params: '{}',
        definition: JSON.stringify(input.definition),
        datasets: plan.datasets,
        note: input.note ?? null,
        created_by: actor.userId,
        created_by_name: actor.name,
      })
      .execute();
    await recordAudit(tx, actor, {
      action: version === 1 ? 'model.create' : 'model.edit',
      objectType: 'model',
      objectId: id,
      detail: { version, name: input.name, datasets: plan.datasets, definition: input.definition, note: input.note ?? null, enabled: input.enabled ?? null },
    });
    const m = await tx.selectFrom('models').select(['version']).where('id', '=', id).executeTakeFirstOrThrow();
    return { id, current_version: version, version: m.version };
  });
}

