/**
 * Supervision models (监督模型): the models, their versions (parameters / builder definition),
 * runs and hits with their review. The model SQL itself reads the `ds_<dataset>` tables of the
 * datasets area at run time; nothing here depends on them at migration time.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import { sql } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import { CATALOGUE } from './catalogue/index.ts';

export type ModelKind = 'catalogue' | 'custom';
export type Severity = 'high' | 'medium' | 'low';
export type RunTrigger = 'manual' | 'cli' | 'schedule';
export type RunStatus = 'running' | 'success' | 'failed';
export const REVIEW_RESULTS = ['属实', '部分属实', '不属实', '无法核实'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];

export interface ModelTable {
  /** 'M01'…'M15' for the catalogue, 'U0001'… for models made with the builder. */
  id: string;
  kind: ModelKind;
  /** English snake_case name (the `name` of the CLI output). */
  name: string;
  /** Chinese title. */
  title: string;
  description: string;
  severity: Severity;
  /** The version runs use. */
  current_version: number;
  enabled: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Optimistic lock of edits. */
  version: Generated<number>;
}

export interface ModelVersionTable {
  id: Generated<number>;
  model_id: string;
  version: number;
  /** Parameter values of this version (catalogue models; builder models keep theirs in `definition`). */
  params: ColumnType<Record<string, unknown>, string, string>;
  /** The builder definition (custom models only). */
  definition: ColumnType<unknown, string | null, string | null>;
  /** Datasets the version reads. */
  datasets: string[];
  note: string | null;
  created_by: number | null;
  created_by_name: string | null;
  created_at: Generated<Date>;
}

export interface ModelRunTable {
  id: Generated<number>;
  /** One batch per request ("run all" = one batch, one run row per model). */
  batch_id: string;
  model_id: string;
  model_version: number;
  params: ColumnType<Record<string, unknown>, string, string>;
  as_of: string;
  trigger: RunTrigger;
  requested_by: number | null;
  requested_by_name: string;
  status: RunStatus;
  started_at: Generated<Date>;
  finished_at: Date | null;
  duration_ms: number | null;
  rows_scanned: number | null;
  hits: number | null;
  new_hits: number | null;
  error: string | null;
  /** The org of the user who asked for the run (data scope of its hits); NULL for the system (CLI, schedule). */
  org_id: number | null;
}

export interface ModelHitTable {
  id: Generated<number>;
  model_id: string;
  /** SHA-256 of model id + the hit's identity (its subject, or the model's stable key). */
  fingerprint: string;
  subject: ColumnType<Record<string, unknown>, string, string>;
  reasons: ColumnType<string[], string, string>;
  evidence: ColumnType<Record<string, unknown>[], string, string>;
  score: number;
  model_version: number;
  first_seen: Date;
  last_seen: Date;
  first_run_id: number;
  last_run_id: number;
  runs: number;
  review_result: ReviewResult | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  clue_id: number | null;
  version: Generated<number>;
  /**
   * The units the hit concerns (data scope): orgs whose name is a unit value of the evidence rows
   * (`org`, `buyer`, `handler_unit`), computed by gt_hit_unit_orgs() whenever the evidence is written.
   */
  org_ids: Generated<number[]>;
}

/** Which hits each run produced (a hit keeps its identity across runs; this is the per-run list). */
export interface ModelRunHitTable {
  run_id: number;
  hit_id: number;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    model_run_hits: ModelRunHitTable;
    models: ModelTable;
    model_versions: ModelVersionTable;
    model_runs: ModelRunTable;
    model_hits: ModelHitTable;
  }
}

export const modelsMigrations: MigrationSet = {
  '0300_models_core': {
    // biome-ignore lint/suspicious/noExplicitAny: runs before the typed schema exists
    async up(db: Kysely<any>) {
      await sql`
        CREATE TABLE models (
          id text PRIMARY KEY CHECK (id ~ '^(M[0-9]{2}|U[0-9]{4})$'),
          kind text NOT NULL CHECK (kind IN ('catalogue','custom')),
          name text NOT NULL UNIQUE,
          title text NOT NULL,
          description text NOT NULL DEFAULT '',
          severity text NOT NULL CHECK (severity IN ('high','medium','low')),
          current_version integer NOT NULL DEFAULT 1,
          enabled boolean NOT NULL DEFAULT true,
          created_by integer,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          version integer NOT NULL DEFAULT 1
        );
        CREATE TABLE model_versions (
          id serial PRIMARY KEY,
          model_id text NOT NULL REFERENCES models(id),
          version integer NOT NULL,
          params jsonb NOT NULL DEFAULT '{}',
          definition jsonb,
          datasets text[] NOT NULL DEFAULT '{}',
          note text,
          created_by integer,
          created_by_name text,
          created_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (model_id, version)
        );
        CREATE TABLE model_runs (
          id serial PRIMARY KEY,
          batch_id text NOT NULL,
          model_id text NOT NULL REFERENCES models(id),
          model_version integer NOT NULL,
          params jsonb NOT NULL DEFAULT '{}',
          as_of date NOT NULL,
          trigger text NOT NULL CHECK (trigger IN ('manual','cli','schedule')),
          requested_by integer,
          requested_by_name text NOT NULL,
          status text NOT NULL CHECK (status IN ('running','success','failed')),
          started_at timestamptz NOT NULL DEFAULT now(),
          finished_at timestamptz,
          duration_ms integer,
          rows_scanned bigint,
          hits integer,
          new_hits integer,
          error text
        );
        CREATE INDEX model_runs_model ON model_runs(model_id, started_at DESC);
        CREATE INDEX model_runs_batch ON model_runs(batch_id);
        CREATE TABLE model_hits (
          id bigserial PRIMARY KEY,
          model_id text NOT NULL REFERENCES models(id),
          fingerprint text NOT NULL,
          subject jsonb NOT NULL,
          reasons jsonb NOT NULL,
          evidence jsonb NOT NULL,
          score double precision NOT NULL,
          model_version integer NOT NULL,
          first_seen timestamptz NOT NULL,
          last_seen timestamptz NOT NULL,
          first_run_id integer NOT NULL,
          last_run_id integer NOT NULL,
          runs integer NOT NULL DEFAULT 1,
          review_result text CHECK (review_result IN ('属实','部分属实','不属实','无法核实')),
          review_note text,
          reviewed_by integer,
          reviewed_at timestamptz,
          clue_id integer,
          version integer NOT NULL DEFAULT 1,
          UNIQUE (model_id, fingerprint)
        );
        CREATE INDEX model_hits_last_run ON model_hits(last_run_id, id);
        CREATE TABLE model_run_hits (
          run_id integer NOT NULL REFERENCES model_runs(id),
          hit_id bigint NOT NULL REFERENCES model_hits(id),
          PRIMARY KEY (run_id, hit_id)
        );
        CREATE INDEX model_run_hits_hit ON model_run_hits(hit_id);
        CREATE INDEX model_hits_review ON model_hits(model_id, review_result);
      `.execute(db);
    },
  },
  /**
   * M14's "same matter in other words": the character bigrams ("小区 区门 门口 …", as words for
   * pg_trgm) of a work order's text after removing the operator's boilerplate (stop words,
   * passed in), punctuation and particles, and every character of its own address (the place is
   * compared on its own). pg_trgm similarity() over these words compares what the caller says,
   * not where. One expression without FROM: the planner inlines it (no per-row call cost).
   */
  '0302_models_matter_bigrams': sqlMigration(`
    CREATE FUNCTION gt_matter_bigrams(content text, place text, stop_pattern text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT regexp_replace(
               substr(regexp_replace(
                 translate(regexp_replace(regexp_replace(coalesce(content, ''), stop_pattern, '', 'g'),
                                          '[[:space:][:punct:]，。！？、；：“”‘’（）《》【】…—·的了是还也就都在有我]', '', 'g'),
                           coalesce(place, ''), ''),
                 '(.)', '\\1\\1', 'g'), 2),
               '(..)', '\\1 ', 'g')
    $fn$;
  `),
  /**
   * Data scope of hits (数据权限, see docs/models.md): a hit belongs to the orgs of the runs that
   * produced it (`model_runs.org_id`, the requester's org) and to the units it concerns
   * (`model_hits.org_ids`, the orgs named in the unit columns of its evidence rows).
   */
  '0303_models_hit_scope': sqlMigration(`
    ALTER TABLE model_runs ADD COLUMN org_id integer;
    UPDATE model_runs r SET org_id = u.org_id FROM users u WHERE u.id = r.requested_by;
    CREATE INDEX model_runs_org ON model_runs(org_id);
    CREATE FUNCTION gt_hit_unit_orgs(evidence jsonb) RETURNS integer[]
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      SELECT coalesce(array_agg(DISTINCT o.id ORDER BY o.id), '{}'::integer[])
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(evidence) = 'array' THEN evidence ELSE '[]'::jsonb END) e
      JOIN orgs o ON o.name IN (e->>'org', e->>'buyer', e->>'handler_unit')
    $fn$;
    ALTER TABLE model_hits ADD COLUMN org_ids integer[] NOT NULL DEFAULT '{}';
    UPDATE model_hits SET org_ids = gt_hit_unit_orgs(evidence);
    CREATE INDEX model_hits_org_ids ON model_hits USING gin (org_ids);
  `),
  '0301_models_catalogue': {
    // biome-ignore lint/suspicious/noExplicitAny: runs before the typed schema exists
    async up(db: Kysely<any>) {
      await seedCatalogue(db);
    },
  },
};

/**
 * Insert the catalogue models that are missing (version 1 = the spec's defaults). Existing rows
 * and their administrator-edited versions are left alone.
 */
// biome-ignore lint/suspicious/noExplicitAny: used by the migration, before the typed schema exists
export async function seedCatalogue(db: Kysely<any>): Promise<void> {
  for (const m of CATALOGUE) {
    const r = await db
      .insertInto('models')
      .values({ id: m.id, kind: 'catalogue', name: m.name, title: m.title, description: m.description, severity: m.severity, current_version: 1 })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    const defaults = Object.fromEntries(m.params.map((p) => [p.key, p.default]));
    await db
      .insertInto('model_versions')
      .values({
        model_id: m.id,
        version: 1,
        params: JSON.stringify(defaults),
        definition: null,
        datasets: [...m.datasets],
        note: '规范默认参数 / defaults of the model catalogue',
        created_by: null,
        created_by_name: 'system',
      })
      .execute();
  }
}
