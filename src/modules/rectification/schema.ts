/**
 * The rectification ledger (整改台账): one ledger for problems from inspections, audits, model
 * hits and special campaigns. Each item is one row of the problem list (问题清单) and of the
 * responsibility list (责任清单): responsible unit + leader with 主体责任, supervising body with
 * 监督责任, measures and deadline. Progress, verification and 销号 are events of the item.
 */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import type { DeadlineBasis } from './deadline.ts';
import type { RectEvent, RectState } from './workflow.ts';

export const RECT_SOURCE_TYPES = ['inspection', 'audit', 'model_hit', 'campaign', 'clue', 'hotline', 'self_check', 'other'] as const;
export type RectSourceType = (typeof RECT_SOURCE_TYPES)[number];

export const RECT_SOURCE_LABELS: Record<RectSourceType, string> = {
  inspection: '巡视巡察',
  audit: '审计监督',
  model_hit: '监督模型',
  campaign: '专项整治',
  clue: '问题线索',
  hotline: '12345热线',
  self_check: '自查自纠',
  other: '其他',
};

/** 专项整治 campaigns whose problems feed the ledger. */
export interface RectCampaignTable {
  id: Generated<number>;
  name: string;
  domain: string | null;
  lead_org_id: number | null;
  started_on: string | null;
  ends_on: string | null;
  description: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface RectItemTable {
  id: Generated<number>;
  /** 台账编号, e.g. ZG2026-000123. */
  code: string;
  source_type: RectSourceType;
  /** Reference in the source: audit report article, model hit id, inspection finding number … */
  source_ref: string | null;
  campaign_id: number | null;
  inspection_round_id: number | null;
  clue_id: number | null;
  title: string;
  description: string;
  domain: string | null;
  responsible_org_id: number;
  responsible_leader_name: string;
  responsible_leader_title: string | null;
  supervising_org_id: number;
  supervisor_name: string | null;
  measures: string;
  assigned_on: string;
  deadline: string;
  deadline_basis: DeadlineBasis;
  status: Generated<RectState>;
  progress_percent: Generated<number>;
  overdue_since: string | null;
  rectified_on: string | null;
  verified_by: number | null;
  reopen_count: Generated<number>;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The item's history: progress reports, applications, verification opinions, re-openings. */
export interface RectItemEventTable {
  id: Generated<number>;
  item_id: number;
  event: RectEvent | 'overdue';
  from_state: RectState;
  to_state: RectState;
  note: string;
  progress_percent: number | null;
  actor_id: number | null;
  actor_name: string;
  actor_org_id: number | null;
  created_at: Generated<Date>;
}

/** Evidence (佐证材料): content SM4-encrypted in the database, so backups carry it. */
export interface RectAttachmentTable {
  id: Generated<number>;
  item_id: number;
  event_id: number | null;
  file_name: string;
  mime: string;
  size_bytes: number;
  sm3: string;
  content_enc: string;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    rect_campaigns: RectCampaignTable;
    rect_items: RectItemTable;
    rect_item_events: RectItemEventTable;
    rect_attachments: RectAttachmentTable;
  }
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

export const rectificationMigrations: MigrationSet = {
  '0550_rectification_ledger': sqlMigration(`
    CREATE TABLE rect_campaigns (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      domain text,
      lead_org_id integer REFERENCES orgs(id),
      started_on date,
      ends_on date,
      description text,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE rect_items (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      source_type text NOT NULL CHECK (source_type IN (${list(RECT_SOURCE_TYPES)})),
      source_ref text,
      campaign_id integer REFERENCES rect_campaigns(id),
      inspection_round_id integer,
      clue_id integer,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      domain text,
      responsible_org_id integer NOT NULL REFERENCES orgs(id),
      responsible_leader_name text NOT NULL,
      responsible_leader_title text,
      supervising_org_id integer NOT NULL REFERENCES orgs(id),
      supervisor_name text,
      measures text NOT NULL DEFAULT '',
      assigned_on date NOT NULL,
      deadline date NOT NULL,
      deadline_basis text NOT NULL DEFAULT 'working_days' CHECK (deadline_basis IN ('working_days','calendar_days')),
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending','in_progress','submitted','reopened','rectified','cancelled')),
      progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
      overdue_since date,
      rectified_on date,
      verified_by integer REFERENCES users(id),
      reopen_count integer NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (deadline >= assigned_on)
    );
    CREATE INDEX rect_items_responsible ON rect_items(responsible_org_id, status);
    CREATE INDEX rect_items_supervising ON rect_items(supervising_org_id, status);
    CREATE INDEX rect_items_campaign ON rect_items(campaign_id) WHERE campaign_id IS NOT NULL;
    CREATE INDEX rect_items_clue ON rect_items(clue_id) WHERE clue_id IS NOT NULL;
    CREATE INDEX rect_items_open_deadline ON rect_items(deadline)
      WHERE status IN ('pending','in_progress','submitted','reopened') AND overdue_since IS NULL;
    CREATE TABLE rect_item_events (
      id serial PRIMARY KEY,
      item_id integer NOT NULL REFERENCES rect_items(id),
      event text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      note text NOT NULL DEFAULT '',
      progress_percent smallint,
      actor_id integer,
      actor_name text NOT NULL,
      actor_org_id integer,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX rect_item_events_item ON rect_item_events(item_id, id);
    CREATE TABLE rect_attachments (
      id serial PRIMARY KEY,
      item_id integer NOT NULL REFERENCES rect_items(id),
      event_id integer REFERENCES rect_item_events(id),
      file_name text NOT NULL,
      mime text NOT NULL,
      size_bytes integer NOT NULL,
      sm3 text NOT NULL,
      content_enc text NOT NULL,
      uploaded_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX rect_attachments_item ON rect_attachments(item_id);
  `),
  // Clues (05xx) run before; link to them when that table is there.
  '0551_rectification_clue_fk': sqlMigration(`
    DO $$ BEGIN
      IF to_regclass('clues') IS NOT NULL THEN
        ALTER TABLE rect_items ADD CONSTRAINT rect_items_clue FOREIGN KEY (clue_id) REFERENCES clues(id);
      END IF;
    END $$;
  `),
};
