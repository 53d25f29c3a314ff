/**
 * Tables of the 12345 hotline area (热线·首发). The work orders themselves are rows of the
 * dataset table `ds_hotline` (datasets area, written only through its import pipeline); these
 * tables hold what the platform adds to them:
 *
 * - `hotline_models`: the trained classifier (JSON of HotlineClassifier), one active row;
 * - `hotline_classifications`: the predicted / corrected category of each order without a given one;
 * - `hotline_corrections`: every officer's correction (who, when, from → to);
 * - `hotline_routing`: 分类处置清单 — category / keyword → responsible unit;
 * - `hotline_transfer_rules`: per screening type, 随时移送 / 定期移送 / off, receiver and thresholds;
 * - `hotline_screen_hits`: screened orders / units (踢皮球, 不满意率异常, M13–M15 hits), with their transfer;
 * - `hotline_publications`: orders approved for 督办情况向社会公开 (de-identified text only);
 * - `hotline_topics`: 专项深办 topic keyword lists;
 * - `hotline_daily`: daily pre-aggregate (day × district × street × category × unit) refreshed by a job;
 * - `hotline_reports`: generated 周报/月报/专报 (docx + xlsx bytes).
 */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';

export interface HotlineModelTable {
  id: Generated<number>;
  trained_at: Generated<Date>;
  trained_by: string;
  examples: number;
  categories: string[];
  model: unknown;
  active: boolean;
  /** Corrections learnt since training. */
  corrections: Generated<number>;
}

export interface HotlineClassificationTable {
  order_id: string;
  category: string;
  confidence: number;
  source: 'predicted' | 'corrected';
  model_id: number | null;
  explanation: unknown;
  classified_at: Generated<Date>;
  version: Generated<number>;
}

export interface HotlineCorrectionTable {
  id: Generated<number>;
  order_id: string;
  old_category: string | null;
  new_category: string;
  note: string | null;
  corrected_by: number | null;
  corrected_at: Generated<Date>;
}

export interface HotlineRoutingTable {
  id: Generated<number>;
  category: string | null;
  keyword: string | null;
  unit: string;
  note: string | null;
  priority: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export type ScreenKind = 'kickball' | 'unsatisfied_unit' | 'hotline_conduct' | 'hotline_repeat' | 'hotline_overdue';

export interface HotlineTransferRuleTable {
  kind: string;
  label: string;
  mode: 'immediate' | 'periodic' | 'off';
  receiver_org_id: number | null;
  /** The organisation the scheduled job sends from (the 12345 office); routes send from the user's own. */
  sender_org_id: number | null;
  params: unknown;
  updated_by: number | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface HotlineScreenHitTable {
  id: Generated<number>;
  kind: string;
  subject_key: string;
  order_ids: string[];
  unit: string | null;
  responsible_unit: string | null;
  serious: boolean;
  detail: unknown;
  found_at: Generated<Date>;
  transfer_id: number | null;
  transferred_at: Date | null;
  /** M13–M15 kinds: the model hit this finding copies. */
  model_hit_id: Generated<number | null>;
  /** Why a pending finding will not be sent (it became a clue, or was reviewed 不属实). */
  withdrawn: Generated<string | null>;
}

export interface HotlinePublicationTable {
  order_id: string;
  approved_by: number | null;
  approved_at: Generated<Date>;
  received_on: string;
  district: string | null;
  category: string | null;
  summary: string;
  resolution: string;
  revoked_at: Date | null;
}

export interface HotlineTopicTable {
  id: Generated<number>;
  name: string;
  keywords: string[];
  active: Generated<boolean>;
  updated_by: number | null;
  version: Generated<number>;
}

export interface HotlineDailyTable {
  day: string;
  district: string;
  street: string;
  category: string;
  handler_unit: string;
  received: number;
  closed: number;
  closed_on_time: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  visited: number;
  supervised: number;
}

/** Daily numbers of each 专项深办 topic (orders whose content matches one of its keywords). */
export interface HotlineTopicDailyTable {
  topic_id: number;
  day: string;
  district: string;
  received: number;
  closed: number;
  unsatisfied: number;
  visited: number;
}

export interface HotlineReportTable {
  id: Generated<number>;
  kind: 'weekly' | 'monthly' | 'special';
  period_from: string;
  period_to: string;
  title: string;
  topic_id: number | null;
  generated_at: Generated<Date>;
  generated_by: string;
  docx: Buffer;
  xlsx: Buffer;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    hotline_models: HotlineModelTable;
    hotline_classifications: HotlineClassificationTable;
    hotline_corrections: HotlineCorrectionTable;
    hotline_routing: HotlineRoutingTable;
    hotline_transfer_rules: HotlineTransferRuleTable;
    hotline_screen_hits: HotlineScreenHitTable;
    hotline_publications: HotlinePublicationTable;
    hotline_topics: HotlineTopicTable;
    hotline_daily: HotlineDailyTable;
    hotline_reports: HotlineReportTable;
    hotline_topic_daily: HotlineTopicDailyTable;
    hotline_agg_state: { id: number; refreshed_at: Date; from_day: string; to_day: string };
  }
}

export const hotlineMigrations: MigrationSet = {
  '0400_hotline_core': sqlMigration(`
    CREATE TABLE hotline_models (
      id serial PRIMARY KEY,
      trained_at timestamptz NOT NULL DEFAULT now(),
      trained_by text NOT NULL,
      examples integer NOT NULL,
      categories text[] NOT NULL,
      model jsonb NOT NULL,
      active boolean NOT NULL,
      corrections integer NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX hotline_models_active ON hotline_models(active) WHERE active;
    CREATE TABLE hotline_classifications (
      order_id text PRIMARY KEY,
      category text NOT NULL,
      confidence double precision NOT NULL,
      source text NOT NULL CHECK (source IN ('predicted','corrected')),
      model_id integer REFERENCES hotline_models(id),
      explanation jsonb,
      classified_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    );
    CREATE INDEX hotline_classifications_category ON hotline_classifications(category);
    CREATE TABLE hotline_corrections (
      id bigserial PRIMARY KEY,
      order_id text NOT NULL,
      old_category text,
      new_category text NOT NULL,
      note text,
      corrected_by integer REFERENCES users(id),
      corrected_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX hotline_corrections_order ON hotline_corrections(order_id, corrected_at);
    CREATE TABLE hotline_routing (
      id serial PRIMARY KEY,
      category text,
      keyword text,
      unit text NOT NULL,
      note text,
      priority integer NOT NULL DEFAULT 100,
      updated_by integer REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      CHECK (category IS NOT NULL OR keyword IS NOT NULL)
    );
    CREATE TABLE hotline_transfer_rules (
      kind text PRIMARY KEY,
      label text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('immediate','periodic','off')),
      receiver_org_id integer REFERENCES orgs(id),
      sender_org_id integer REFERENCES orgs(id),
      params jsonb NOT NULL DEFAULT '{}',
      updated_by integer REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    );
    INSERT INTO hotline_transfer_rules(kind, label, mode, params) VALUES
      ('kickball', '踢皮球（退回或改派≥3次）', 'periodic', '{"minReturns":3,"seriousReturns":5}'),
      ('unsatisfied_unit', '承办单位不满意率异常', 'periodic', '{"sigmas":2,"minVisited":5,"threshold":null,"seriousRate":0.5,"windowDays":30}');
    CREATE TABLE hotline_screen_hits (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      subject_key text NOT NULL,
      order_ids text[] NOT NULL,
      unit text,
      responsible_unit text,
      serious boolean NOT NULL DEFAULT false,
      detail jsonb,
      found_at timestamptz NOT NULL DEFAULT now(),
      transfer_id integer,
      transferred_at timestamptz,
      UNIQUE (kind, subject_key)
    );
    CREATE INDEX hotline_screen_hits_pending ON hotline_screen_hits(kind) WHERE transfer_id IS NULL;
    CREATE TABLE hotline_publications (
      order_id text PRIMARY KEY,
      approved_by integer REFERENCES users(id),
      approved_at timestamptz NOT NULL DEFAULT now(),
      received_on date NOT NULL,
      district text,
      category text,
      summary text NOT NULL,
      resolution text NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX hotline_publications_list ON hotline_publications(approved_at DESC) WHERE revoked_at IS NULL;
    CREATE TABLE hotline_topics (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      keywords text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      updated_by integer REFERENCES users(id),
      version integer NOT NULL DEFAULT 1
    );
    CREATE TABLE hotline_daily (
      day date NOT NULL,
      district text NOT NULL,
      street text NOT NULL,
      category text NOT NULL,
      handler_unit text NOT NULL,
      received integer NOT NULL,
      closed integer NOT NULL,
      closed_on_time integer NOT NULL,
      satisfied integer NOT NULL,
      basic integer NOT NULL,
      unsatisfied integer NOT NULL,
      visited integer NOT NULL,
      supervised integer NOT NULL,
      PRIMARY KEY (day, district, street, category, handler_unit)
    );
    CREATE INDEX hotline_daily_category ON hotline_daily(category, day);
    CREATE INDEX hotline_daily_unit ON hotline_daily(handler_unit, day);
    CREATE INDEX hotline_daily_district ON hotline_daily(district, day);
    CREATE TABLE hotline_topic_daily (
      topic_id integer NOT NULL REFERENCES hotline_topics(id) ON DELETE CASCADE,
      day date NOT NULL,
      district text NOT NULL,
      received integer NOT NULL,
      closed integer NOT NULL,
      unsatisfied integer NOT NULL,
      visited integer NOT NULL,
      PRIMARY KEY (topic_id, day, district)
    );
    CREATE TABLE hotline_agg_state (
      id integer PRIMARY KEY CHECK (id = 1),
      refreshed_at timestamptz NOT NULL,
      from_day date NOT NULL,
      to_day date NOT NULL
    );
    CREATE TABLE hotline_reports (
      id serial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('weekly','monthly','special')),
      period_from date NOT NULL,
      period_to date NOT NULL,
      title text NOT NULL,
      topic_id integer REFERENCES hotline_topics(id),
      generated_at timestamptz NOT NULL DEFAULT now(),
      generated_by text NOT NULL,
      docx bytea NOT NULL,
      xlsx bytea NOT NULL
    );
    CREATE INDEX hotline_reports_kind ON hotline_reports(kind, period_to DESC);
  `),
  '0401_hotline_model_screens': sqlMigration(`
    ALTER TABLE hotline_screen_hits ADD COLUMN model_hit_id bigint REFERENCES model_hits(id);
    ALTER TABLE hotline_screen_hits ADD COLUMN withdrawn text;
    CREATE INDEX hotline_screen_hits_model_hit ON hotline_screen_hits(model_hit_id) WHERE model_hit_id IS NOT NULL;
    INSERT INTO hotline_transfer_rules(kind, label, mode, params) VALUES
      ('hotline_conduct', 'M13 作风问题线索', 'periodic', '{"seriousKinds":["吃拿卡要/索要好处","乱收费/乱罚款","优亲厚友/违规分配","违规吃喝/公车私用"]}'),
      ('hotline_repeat', 'M14 重复诉求（办结后仍反映）', 'periodic', '{"seriousOrders":4}'),
      ('hotline_overdue', 'M15 督办工单超期', 'periodic', '{"seriousDays":15}');
  `),
};
