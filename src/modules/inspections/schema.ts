/**
 * Inspection tours (巡视巡察):
 * - insp_rounds: a round (轮次, e.g. 十五届市委第五轮巡察) and its phase (巡前 / 巡中 / 巡后);
 * - insp_teams / insp_team_members: inspection teams (组长, 副组长, 成员, and the 第二副组长 from
 *   the commission or a dispatched group, who sees the team's clues and guides evidence fixing);
 * - insp_targets: the units inspected (被巡察单位), their team, the dispatched group that follows
 *   them up (派驻纪检监察组), 进驻/撤离 and 反馈 dates;
 * - insp_briefings: the dispatched group's briefing on a target (重点人和事“画像”);
 * - insp_findings (+ notes): problems found, by the team or by the round's special audits (巡审联动),
 *   and what became of them: clue transferred (边巡边查), 立行立改, on the rectification ledger;
 * - insp_audits: special audits (专项审计) run on the same targets at the same time;
 * - insp_letters: 巡察建议书 / 纪检监察建议书 as official documents, tracked until answered.
 * Other areas' records (clues, transfers, ledger items) are referenced by id only.
 */
import type { ColumnType, Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import type { LetterState, Phase } from './workflow.ts';

export const ROUND_KINDS = ['routine', 'special', 'mobile', 'review'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_KIND_LABELS: Record<RoundKind, string> = { routine: '常规巡察', special: '专项巡察', mobile: '机动巡察', review: '巡察“回头看”' };

export const MEMBER_ROLES = ['leader', 'deputy', 'member', 'second_deputy'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = { leader: '组长', deputy: '副组长', member: '成员', second_deputy: '第二副组长（驻组副组长）' };

/** 政治巡察“三个聚焦”, plus what the special audits find. */
export const FINDING_CATEGORIES = [
  '贯彻落实党的路线方针政策和上级决策部署',
  '群众身边不正之风和腐败问题',
  '基层党组织建设',
  '巡视巡察、审计等监督发现问题整改',
  '审计发现问题',
] as const;

export const DISPOSITIONS = ['problem', 'clue', 'immediate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const DISPOSITION_LABELS: Record<Disposition, string> = { problem: '一般问题（反馈整改）', clue: '问题线索（移交）', immediate: '立行立改' };

export const FINDING_STATES = ['open', 'transferred', 'immediate', 'on_ledger'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_STATE_LABELS: Record<FindingState, string> = { open: '待处理', transferred: '已移交线索', immediate: '立行立改中', on_ledger: '已列入整改台账' };

export interface InspRoundTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** 届次, e.g. 十五届市委. */
  term: string;
  round_no: number;
  kind: RoundKind;
  organizer_org_id: number;
  starts_on: string;
  ends_on: string;
  focus: string | null;
  phase: Phase;
  /** 边巡边查: handling time limit (working days) of a clue transferred during the tour. */
  expedite_days: number;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InspTeamTable {
  id: Generated<number>;
  round_id: number;
  name: string;
  org_id: number;
}

export interface InspTeamMemberTable {
  team_id: number;
  user_id: number;
  role: MemberRole;
}

export interface InspTargetTable {
  id: Generated<number>;
  round_id: number;
  team_id: number;
  target_org_id: number;
  /** 被巡察党组织, e.g. 中共示范市农业农村局党组. */
  party_org_name: string;
  /** 派驻纪检监察组 that briefs the team and follows up the rectification. */
  supervising_org_id: number;
  stationed_on: string | null;
  left_on: string | null;
  feedback_on: string | null;
  feedback_note: string | null;
  version: Generated<number>;
}

export interface InspBriefingTable {
  id: Generated<number>;
  target_id: number;
  prepared_by_org_id: number;
  /** What the platform knew of the unit when the briefing was generated. */
  sources: ColumnType<Record<string, unknown>, string, string>;
  /** 重点人: [{ name, position, matters }]. */
  key_people: ColumnType<{ name: string; position?: string | null; matters: string }[], string, string>;
  /** 重点事. */
  key_matters: ColumnType<string[], string[], string[]>;
  note: string | null;
  status: 'draft' | 'delivered';
  generated_at: Date;
  delivered_at: Date | null;
  delivered_by: number | null;
  version: Generated<number>;
}

export interface InspFindingTable {
  id: Generated<number>;
  round_id: number;
  target_id: number;
  seq: number;
  code: string;
  source: 'inspection' | 'audit';
  audit_id: number | null;
  category: string;
  title: string;
  description: string;
  disposition: Disposition;
  status: FindingState;
  clue_id: number | null;
  transfer_id: number | null;
  transfer_code: string | null;
  rect_item_id: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface InspFindingNoteTable {
  id: Generated<number>;
  finding_id: number;
  kind: 'guidance' | 'note';
  text: string;
  author_id: number | null;
  author_name: string;
  created_at: Generated<Date>;
}

export interface InspAuditTable {
  id: Generated<number>;
  round_id: number;
  target_id: number;
  audit_org_id: number;
  title: string;
  kind: 'economic_responsibility' | 'special';
  scope: string | null;
  starts_on: string;
  ends_on: string | null;
  status: 'in_progress' | 'reported';
  report_summary: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export const LETTER_KINDS = ['inspection', 'discipline'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export interface InspLetterTable {
  id: Generated<number>;
  kind: LetterKind;
  round_id: number | null;
  target_id: number | null;
  issuer_org_id: number;
  issuer_mark: string;
  recipient_org_id: number;
  /** 主送机关 as written, e.g. 中共示范市农业农村局党组. */
  recipient_name: string;
  prefix: string;
  year: number | null;
  seq: number | null;
  doc_number: string | null;
  title: string;
  intro: string;
  problems: ColumnType<string[], string[], string[]>;
  recommendations: ColumnType<string[], string[], string[]>;
  cc: ColumnType<string[], string[] | undefined, string[]>;
  answer_days: number;
  deadline: string | null;
  status: LetterState;
  issued_on: string | null;
  issued_by: number | null;
  file: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  file_sm3: string | null;
  answer: string | null;
  answered_on: string | null;
  answered_by: number | null;
  close_opinion: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    insp_rounds: InspRoundTable;
    insp_teams: InspTeamTable;
    insp_team_members: InspTeamMemberTable;
    insp_targets: InspTargetTable;
    insp_briefings: InspBriefingTable;
    insp_findings: InspFindingTable;
    insp_finding_notes: InspFindingNoteTable;
    insp_audits: InspAuditTable;
    insp_letters: InspLetterTable;
  }
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

export const inspectionMigrations: MigrationSet = {
  '0600_inspections_rounds': sqlMigration(`
    CREATE TABLE insp_rounds (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL UNIQUE,
      term text NOT NULL,
      round_no integer NOT NULL CHECK (round_no > 0),
      kind text NOT NULL CHECK (kind IN (${list(ROUND_KINDS)})),
      organizer_org_id integer NOT NULL REFERENCES orgs(id),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      focus text,
      phase text NOT NULL DEFAULT 'planning' CHECK (phase IN ('planning','before','during','after','closed')),
      expedite_days integer NOT NULL DEFAULT 10 CHECK (expedite_days BETWEEN 1 AND 60),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on >= starts_on)
    );
    CREATE TABLE insp_teams (
      id serial PRIMARY KEY,
      round_id integer NOT NULL REFERENCES insp_rounds(id),
      name text NOT NULL,
      org_id integer NOT NULL REFERENCES orgs(id),
      UNIQUE (round_id, org_id)
    );
    CREATE TABLE insp_team_members (
      team_id integer NOT NULL REFERENCES insp_teams(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES users(id),
      role text NOT NULL CHECK (role IN (${list(MEMBER_ROLES)})),
      PRIMARY KEY (team_id, user_id)
    );
    CREATE INDEX insp_team_members_user ON insp_team_members(user_id);
    CREATE TABLE insp_targets (
      id serial PRIMARY KEY,
      round_id integer NOT NULL REFERENCES insp_rounds(id),
      team_id integer NOT NULL REFERENCES insp_teams(id),
      target_org_id integer NOT NULL REFERENCES orgs(id),
      party_org_name text NOT NULL,
      supervising_org_id integer NOT NULL REFERENCES orgs(id),
      stationed_on date,
      left_on date,
      feedback_on date,
      feedback_note text,
      version integer NOT NULL DEFAULT 1,
      UNIQUE (round_id, target_org_id)
    );
    CREATE INDEX insp_targets_org ON insp_targets(target_org_id);
    CREATE INDEX insp_targets_supervising ON insp_targets(supervising_org_id);
    CREATE TABLE insp_briefings (
      id serial PRIMARY KEY,
      target_id integer NOT NULL UNIQUE REFERENCES insp_targets(id),
      prepared_by_org_id integer NOT NULL REFERENCES orgs(id),
      sources jsonb NOT NULL,
      key_people jsonb NOT NULL DEFAULT '[]',
      key_matters text[] NOT NULL DEFAULT '{}',
      note text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','delivered')),
      generated_at timestamptz NOT NULL,
      delivered_at timestamptz,
      delivered_by integer REFERENCES users(id),
      version integer NOT NULL DEFAULT 1
    );
    CREATE TABLE insp_audits (
      id serial PRIMARY KEY,
      round_id integer NOT NULL REFERENCES insp_rounds(id),
      target_id integer NOT NULL REFERENCES insp_targets(id),
      audit_org_id integer NOT NULL REFERENCES orgs(id),
      title text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('economic_responsibility','special')),
      scope text,
      starts_on date NOT NULL,
      ends_on date,
      status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress','reported')),
      report_summary text,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE insp_findings (
      id serial PRIMARY KEY,
      round_id integer NOT NULL REFERENCES insp_rounds(id),
      target_id integer NOT NULL REFERENCES insp_targets(id),
      seq integer NOT NULL,
      code text NOT NULL UNIQUE,
      source text NOT NULL CHECK (source IN ('inspection','audit')),
      audit_id integer REFERENCES insp_audits(id),
      category text NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      disposition text NOT NULL CHECK (disposition IN (${list(DISPOSITIONS)})),
      status text NOT NULL DEFAULT 'open' CHECK (status IN (${list(FINDING_STATES)})),
      clue_id integer,
      transfer_id integer,
      transfer_code text,
      rect_item_id integer,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (round_id, seq),
      CHECK ((source = 'audit') = (audit_id IS NOT NULL))
    );
    CREATE INDEX insp_findings_target ON insp_findings(target_id);
    CREATE INDEX insp_findings_clue ON insp_findings(clue_id) WHERE clue_id IS NOT NULL;
    CREATE TABLE insp_finding_notes (
      id serial PRIMARY KEY,
      finding_id integer NOT NULL REFERENCES insp_findings(id),
      kind text NOT NULL CHECK (kind IN ('guidance','note')),
      text text NOT NULL,
      author_id integer REFERENCES users(id),
      author_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX insp_finding_notes_finding ON insp_finding_notes(finding_id);
  `),
  '0601_inspections_letters': sqlMigration(`
    CREATE TABLE insp_letters (
      id serial PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN (${list(LETTER_KINDS)})),
      round_id integer REFERENCES insp_rounds(id),
      target_id integer REFERENCES insp_targets(id),
      issuer_org_id integer NOT NULL REFERENCES orgs(id),
      issuer_mark text NOT NULL,
      recipient_org_id integer NOT NULL REFERENCES orgs(id),
      recipient_name text NOT NULL,
      prefix text NOT NULL,
      year integer,
      seq integer,
      doc_number text UNIQUE,
      title text NOT NULL,
      intro text NOT NULL,
      problems text[] NOT NULL,
      recommendations text[] NOT NULL,
      cc text[] NOT NULL DEFAULT '{}',
      answer_days integer NOT NULL CHECK (answer_days BETWEEN 1 AND 250),
      deadline date,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','issued','answered','closed')),
      issued_on date,
      issued_by integer REFERENCES users(id),
      file bytea,
      file_sm3 text,
      answer text,
      answered_on date,
      answered_by integer REFERENCES users(id),
      close_opinion text,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (prefix, year, seq),
      CHECK (status = 'draft' OR (doc_number IS NOT NULL AND file IS NOT NULL AND deadline IS NOT NULL))
    );
    CREATE INDEX insp_letters_recipient ON insp_letters(recipient_org_id, status);
    CREATE INDEX insp_letters_issuer ON insp_letters(issuer_org_id, status);
  `),
};
