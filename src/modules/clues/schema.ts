/** Problem clues (问题线索): the clue, its reported persons, its documents and its disposal steps. */
import type { ColumnType, Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import type { CadreLevel } from './clues.policy.ts';
import type { ClueState, Form, Method, Outcome } from './workflow.ts';

export const SOURCE_TYPES = ['hotline', 'audit', 'inspection', 'media', 'model_hit', 'petition', 'self', 'finance', 'judicial', 'other'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const SOURCE_LABELS: Record<SourceType, string> = {
  hotline: '12345热线',
  audit: '审计移送',
  inspection: '巡视巡察',
  media: '舆论监督',
  model_hit: '监督模型',
  petition: '信访举报',
  self: '自行发现',
  finance: '财会监督',
  judicial: '司法机关',
  other: '其他',
};

export interface ClueTable {
  id: number;
  code: string;
  source_type: SourceType;
  /** The source record, e.g. '12345:GD2025...' or 'transfer:YJ-2026-000003#2'. */
  source_ref: string | null;
  /** The body the clue came from (e.g. 审计局). */
  source_org_id: number | null;
  title: string;
  summary: string;
  domain_tags: ColumnType<string[], string[] | undefined, string[]>;
  /** Highest cadre-management level among the reported persons: decides the competent office. */
  cadre_level: CadreLevel;
  /** SM4-encrypted JSON of the whistle-blower's identity. */
  whistleblower_enc: string | null;
  status: ClueState;
  method: Method | null;
  method_reason: string | null;
  /** Proposed while result_pending, final once closed. */
  outcome: Outcome | null;
  outcome_form: Form | null;
  outcome_note: string | null;
  org_id: number;
  created_by: number | null;
  handler_id: number | null;
  approver_id: number | null;
  merged_into: number | null;
  received_on: string;
  closed_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CluePersonTable {
  id: Generated<number>;
  clue_id: number;
  seq: number;
  name: string;
  /** SM4-encrypted ID number. */
  id_number_enc: string | null;
  /** SM3 of the normalised ID number, for matching without decrypting. */
  id_hash: string | null;
  org_name: string | null;
  position: string | null;
  cadre_level: CadreLevel;
}

export interface ClueAttachmentTable {
  id: Generated<number>;
  clue_id: number;
  file_name: string;
  mime: string;
  size: number;
  /** SM3 of the content; the file lives at <dataDir>/attachments/<sm3[0..2]>/<sm3>. */
  sm3: string;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface ClueStepTable {
  id: Generated<number>;
  clue_id: number;
  method: Method;
  step: string;
  note: string | null;
  attachment_ids: ColumnType<number[], number[], number[]>;
  done_by: number | null;
  done_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    clues: ClueTable;
    clue_persons: CluePersonTable;
    clue_attachments: ClueAttachmentTable;
    clue_steps: ClueStepTable;
  }
}

export const clueMigrations: MigrationSet = {
  '0500_clues_core': sqlMigration(`
    CREATE TABLE clues (
      id integer PRIMARY KEY,
      code text NOT NULL UNIQUE,
      source_type text NOT NULL CHECK (source_type IN (${SOURCE_TYPES.map((s) => `'${s}'`).join(',')})),
      source_ref text,
      source_org_id integer REFERENCES orgs(id),
      title text NOT NULL,
      summary text NOT NULL,
      domain_tags text[] NOT NULL DEFAULT '{}',
      cadre_level text NOT NULL CHECK (cadre_level IN ('市管','县管','乡管','其他')),
      whistleblower_enc text,
      status text NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered','method_pending','in_disposal','result_pending','shelved','closed','merged')),
      method text CHECK (method IN ('talk_inquiry','preliminary','shelve','conclude')),
      method_reason text,
      outcome text CHECK (outcome IN ('concluded','criticism','org_handling','case_filed','transfer_other','to_preliminary')),
      outcome_form smallint CHECK (outcome_form BETWEEN 1 AND 4),
      outcome_note text,
      org_id integer NOT NULL REFERENCES orgs(id),
      created_by integer REFERENCES users(id),
      handler_id integer REFERENCES users(id),
      approver_id integer REFERENCES users(id),
      merged_into integer REFERENCES clues(id),
      received_on date NOT NULL,
      closed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE SEQUENCE clues_id_seq OWNED BY clues.id;
    CREATE INDEX clues_status ON clues(status);
    CREATE INDEX clues_org ON clues(org_id);
    CREATE INDEX clues_summary_trgm ON clues USING gin (summary gin_trgm_ops);
    CREATE TABLE clue_persons (
      id serial PRIMARY KEY,
      clue_id integer NOT NULL REFERENCES clues(id),
      seq integer NOT NULL,
      name text NOT NULL,
      id_number_enc text,
      id_hash text,
      org_name text,
      position text,
      cadre_level text NOT NULL CHECK (cadre_level IN ('市管','县管','乡管','其他'))
    );
    CREATE INDEX clue_persons_clue ON clue_persons(clue_id);
    CREATE INDEX clue_persons_id_hash ON clue_persons(id_hash);
    CREATE INDEX clue_persons_name ON clue_persons(name);
    CREATE TABLE clue_attachments (
      id serial PRIMARY KEY,
      clue_id integer NOT NULL REFERENCES clues(id),
      file_name text NOT NULL,
      mime text NOT NULL,
      size bigint NOT NULL,
      sm3 text NOT NULL,
      uploaded_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX clue_attachments_clue ON clue_attachments(clue_id);
    CREATE TABLE clue_steps (
      id serial PRIMARY KEY,
      clue_id integer NOT NULL REFERENCES clues(id),
      method text NOT NULL,
      step text NOT NULL,
      note text,
      attachment_ids integer[] NOT NULL DEFAULT '{}',
      done_by integer REFERENCES users(id),
      done_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX clue_steps_clue ON clue_steps(clue_id);
  `),
};
