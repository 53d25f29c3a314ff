/**
 * Running models inside the database. One run = one INSERT … SELECT: the compiled model query
 * feeds `model_hits` directly, upserting by (model, fingerprint) so that a hit seen in an earlier
 * run is recognised (last_seen, runs + 1) instead of duplicated. Node only sees counts; hits are
 * read back page by page when someone asks for them (CLI output, API).
 */
import { randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { isValidDate, todayInShanghai } from '../../platform/calendar/dates.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { AppError, badInput, notFound } from '../../platform/errors.ts';
import { findDataset, tableName } from '../datasets/catalog.ts';
import { type BuilderDefinition, builderClue, compilePlan, validateDefinition } from './builder/builder.ts';
import { catalogueModel } from './catalogue/index.ts';
import type { ClueDraft, HitColumns, Params, StoredHit } from './definition.ts';
import { resolveParams } from './definition.ts';
import { assertDatasetsUsable, assertMay, usableDatasets } from './models.policy.ts';
import type { ModelKind, RunTrigger } from './schema.ts';
import { TZ } from './sqlkit.ts';

/** A model at one version, ready to compile. */
export interface Executable {
  id: string;
  kind: ModelKind;
  name: string;
  title: string;
  version: number;
  /** Parameters (catalogue) or the definition (builder), as recorded with each run. */
  params: Params | { definition: BuilderDefinition };
  datasets: readonly string[];
  compile(asOf: string): RawBuilder<HitColumns>;
  clue(hit: StoredHit): ClueDraft;
}

export async function loadExecutable(db: Queryable, id: string, version?: number): Promise<Executable> {
  const m = await db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m) throw notFound(`模型 ${id}`, `Model ${id}`);
  const v = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', id)
    .where('version', '=', version ?? m.current_version)
    .executeTakeFirst();
  if (!v) throw notFound(`模型 ${id} 的版本 ${version ?? m.current_version}`, `Version ${version ?? m.current_version} of model ${id}`);
  if (m.kind === 'catalogue') {
    const def = catalogueModel(id);
    if (!def) throw new AppError('model_code_missing', `模型 ${id} 没有对应的程序定义`, `Model ${id} has no code definition`, 500);
    const params = resolveParams(def.params, (v.params ?? {}) as Record<string, unknown>);
    return {
      id,
      kind: 'catalogue',
      name: m.name,
      title: m.title,
      version: v.version,
      params,
      datasets: def.datasets,
      compile: (asOf) => def.compile({ params, asOf }),
      clue: (hit) => def.clue(hit),
    };
  }
  const definition = v.definition as BuilderDefinition;
  const plan = validateDefinition(definition);
  return {
    id,
    kind: 'custom',
    name: m.name,
    title: m.title,
    version: v.version,
    params: { definition },
    datasets: plan.datasets,
    compile: (asOf) => compilePlan(plan, { asOf }),
    clue: (hit) => builderClue(m.title, hit),
  };
}

export interface RunRequest {
  /** Model ids; empty/absent = every enabled model. */
  models?: string[];
  /** YYYY-MM-DD; default today (Asia/Shanghai). */
  asOf?: string;
  trigger: RunTrigger;
}

export interface RunSummary {
  run_id: number;
  batch_id: string;
  model_id: string;
  name: string;
  title: string;
  model_version: number;
  as_of: string;
  status: 'success' | 'failed';
  rows_scanned: number | null;
  hits: number | null;
  new_hits: number | null;
  duration_ms: number;
  error: string | null;
}

export function checkAsOf(asOf: string | undefined): string {
  if (asOf === undefined) return todayInShanghai();
  if (!isValidDate(asOf)) throw badInput(`运行日期无效：${asOf}（应为 YYYY-MM-DD）`, `Invalid as-of date: ${asOf} (expected YYYY-MM-DD)`);
  return asOf;
}

/**
 * Run one model or several. `access` null = the system (CLI, scheduled jobs); otherwise the
 * caller needs model:run and, for builder models, the right to use their datasets. A failing
 * model is recorded as a failed run; the others still run.
 */
export async function runModels(db: Db, actor: Actor, access: AccessContext | null, req: RunRequest, onProgress?: (s: RunSummary) => void): Promise<{ batch_id: string; runs: RunSummary[] }> {
  assertMay(access, 'run');
  const asOf = checkAsOf(req.asOf);
  let ids = [...new Set(req.models ?? [])];
  if (!ids.length) {
    ids = (await db.selectFrom('models').select('id').where('enabled', '=', true).orderBy('id').execute()).map((r) => r.id);
  }
  const exes: Executable[] = [];
  for (const id of ids) exes.push(await loadExecutable(db, id));
  if (access) {
    const custom = exes.filter((e) => e.kind === 'custom');
    if (custom.length) assertDatasetsUsable(await usableDatasets(db, access), custom.flatMap((e) => e.datasets));
  }
  const batchId = randomUUID();
  const runs: RunSummary[] = [];
  for (const exe of exes) {
    const s = await runOne(db, actor, exe, asOf, batchId, req.trigger, access ? access.orgId : actor.orgId);
    runs.push(s);
    onProgress?.(s);
  }
  return { batch_id: batchId, runs };
}

const RUN_LOCK = 7_262_300;

/**
 * Settings of a model transaction: business time zone (evidence timestamps print as +08:00),
 * and no JIT — model queries are short analytical statements whose cost estimates (recursive
 * CTEs, regex filters) trigger LLVM compilation that costs more than it saves.
 */
export async function sessionSettings(tx: Queryable): Promise<void> {
  await sql`SELECT set_config('TimeZone', ${TZ}, true), set_config('jit', 'off', true)`.execute(tx);
}

/** `orgId`: the requester's org — the hits of the run fall within its data scope (NULL for the system). */
async function runOne(db: Db, actor: Actor, exe: Executable, asOf: string, batchId: string, trigger: RunTrigger, orgId: number | null): Promise<RunSummary> {
  const started = Date.now();
  const run = await db
    .insertInto('model_runs')
    .values({
      batch_id: batchId,
      model_id: exe.id,
      model_version: exe.version,
      params: JSON.stringify(exe.params),
      as_of: asOf,
      trigger,
      requested_by: actor.userId,
      requested_by_name: actor.name,
      status: 'running',
      finished_at: null,
      duration_ms: null,
      rows_scanned: null,
      hits: null,
      new_hits: null,
      error: null,
      org_id: orgId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const runId = run.id;
  const base = { run_id: runId, batch_id: batchId, model_id: exe.id, name: exe.name, title: exe.title, model_version: exe.version, as_of: asOf };
  try {
    return await inTx(db, async (tx) => {
      await sessionSettings(tx);
      // One run of a model at a time: concurrent runs of the same model would race on its hits.
      await sql`SELECT pg_advisory_xact_lock(${RUN_LOCK}, hashtext(${exe.id}))`.execute(tx);
      const counts = exe.datasets.map((d) => sql`(SELECT count(*) FROM ${sql.table(tableName(d))})`);
      const scanned = await sql<{ n: string }>`SELECT (${sql.join(counts, sql` + `)})::bigint AS n`.execute(tx);
      const n = await sql<{ hits: number; new_hits: number }>`
        WITH up AS (
          INSERT INTO model_hits (model_id, fingerprint, subject, reasons, evidence, score, model_version,
                                  first_seen, last_seen, first_run_id, last_run_id, runs, org_ids)
          SELECT ${exe.id}::text, encode(sha256(convert_to(${exe.id}::text || '|' || h.hit_key::text, 'UTF8')), 'hex'),
                 h.subject, h.reasons, coalesce(h.evidence, '[]'::jsonb), round(h.score::numeric, 4)::float8, ${exe.version}::int,
                 now(), now(), ${runId}::int, ${runId}::int, 1, gt_hit_unit_orgs(h.evidence)
          FROM (${exe.compile(asOf)}) h
          ON CONFLICT (model_id, fingerprint) DO UPDATE SET
            subject = EXCLUDED.subject, reasons = EXCLUDED.reasons, evidence = EXCLUDED.evidence, score = EXCLUDED.score,
            org_ids = EXCLUDED.org_ids,
            model_version = EXCLUDED.model_version, last_seen = EXCLUDED.last_seen, last_run_id = EXCLUDED.last_run_id,
            runs = model_hits.runs + 1
          RETURNING id, first_run_id
        ),
        linked AS (
          INSERT INTO model_run_hits (run_id, hit_id) SELECT ${runId}::int, id FROM up RETURNING hit_id
        )
        SELECT (SELECT count(*) FROM linked)::int AS hits, (SELECT count(*) FROM up WHERE first_run_id = ${runId}::int)::int AS new_hits`.execute(tx);
      const duration = Date.now() - started;
      const result = {
        ...base,
        status: 'success' as const,
        rows_scanned: Number(scanned.rows[0].n),
        hits: Number(n.rows[0].hits),
        new_hits: Number(n.rows[0].new_hits),
        duration_ms: duration,
        error: null,
      };
      await tx
        .updateTable('model_runs')
        .set({ status: 'success', finished_at: new Date(), duration_ms: duration, rows_scanned: result.rows_scanned, hits: result.hits, new_hits: result.new_hits })
        .where('id', '=', runId)
        .execute();
      await recordAudit(tx, actor, {
        action: 'model.run',
        objectType: 'model',
        objectId: exe.id,
        detail: { run_id: runId, batch_id: batchId, version: exe.version, as_of: asOf, trigger, rows_scanned: result.rows_scanned, hits: result.hits, new_hits: result.new_hits, duration_ms: duration },
      });
      return result;
    });
  } catch (e) {
    const duration = Date.now() - started;
    const message = e instanceof AppError ? e.bilingual : (e as Error).message;
    await db.updateTable('model_runs').set({ status: 'failed', finished_at: new Date(), duration_ms: duration, error: message.slice(0, 2000) }).where('id', '=', runId).execute();
    await recordAudit(db, actor, {
      action: 'model.run',
      objectType: 'model',
      objectId: exe.id,
      outcome: 'failure',
      detail: { run_id: runId, batch_id: batchId, version: exe.version, as_of: asOf, trigger, error: message.slice(0, 500) },
    });
    return { ...base, status: 'failed', rows_scanned: null, hits: null, new_hits: null, duration_ms: duration, error: message };
  }
}

/** One hit in the CLI/API output shape. */
export interface HitOutput {
  model: string;
  name: string;
  subject: Record<string, unknown>;
  reasons: string[];
  evidence: Record<string, unknown>[];
  score: number;
}

/** Subject fields in the catalogue's order (jsonb stores keys shortest first). */
export function orderSubject(modelId: string, subject: Record<string, unknown>): Record<string, unknown> {
  const order = catalogueModel(modelId)?.subject;
  if (!order) return subject;
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in subject) out[k] = subject[k];
  for (const [k, v] of Object.entries(subject)) if (!(k in out)) out[k] = v;
  return out;
}

/** An evidence row with its keys in reading order: dataset, _id, _batch_id, _row, the dataset's columns, the rest. */
export function orderEvidenceRow(row: Record<string, unknown>): Record<string, unknown> {
  const d = typeof row.dataset === 'string' ? findDataset(row.dataset) : undefined;
  const keys = ['dataset', '_id', '_batch_id', '_row', ...(d ? d.columns.map((c) => c.key) : [])];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in row) out[k] = row[k];
  for (const [k, v] of Object.entries(row)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * The hits of the given runs, page by page (keyset on id) so that Node never holds them all.
 * Order: by model, then by hit id.
 */
export async function forEachRunHit(db: Queryable, runIds: number[], fn: (h: HitOutput & { id: number }) => void | Promise<void>, pageSize = 500): Promise<number> {
  if (!runIds.length) return 0;
  let n = 0;
  const runs = await db.selectFrom('model_runs').innerJoin('models', 'models.id', 'model_runs.model_id').select(['model_runs.id', 'models.id as model_id', 'models.name']).where('model_runs.id', 'in', runIds).orderBy('models.id').execute();
  for (const run of runs) {
    let after = 0;
    for (;;) {
      const page = await db
        .selectFrom('model_run_hits as rh')
        .innerJoin('model_hits as h', 'h.id', 'rh.hit_id')
        .select(['h.id', 'h.subject', 'h.reasons', 'h.evidence', 'h.score'])
        .where('rh.run_id', '=', run.id)
        .where('rh.hit_id', '>', after)
        .orderBy('rh.hit_id')
        .limit(pageSize)
        .execute();
      for (const h of page) {
        await fn({
          id: Number(h.id),
          model: run.model_id,
          name: run.name,
          subject: orderSubject(run.model_id, h.subject),
          reasons: h.reasons,
          evidence: h.evidence.map(orderEvidenceRow),
          score: Number(h.score),
        });
        n++;
      }
      if (page.length < pageSize) break;
      after = Number(page[page.length - 1].id);
    }
  }
  return n;
}
