/**
 * Collaboration mechanisms (协作配合机制) between supervision bodies and what they drive:
 * - collab_mechanisms / _parties / _rules: the registry; a rule says which party may send what
 *   (object types of a transfer) to whom, and what the sender may then see (result sharing);
 * - collab_meetings / _meeting_orgs / collab_tasks: 会商 and 联席会议 with their decisions as
 *   tracked tasks (owner, deadline);
 * - collab_priority_lists / _items: 监督重点清单 per department (监督重点, 成果运用事项);
 * - collab_experts / _expert_ties / _assignments: 监督人才库 with declared ties and the
 *   conflict-of-interest check of every assignment;
 * - collab_campaigns / _areas / _tasks: 专项监督 / 专项整治 (areas, key tasks); their problems are
 *   rectification ledger items under the campaign's ledger campaign;
 * - collab_wz_events / collab_wz_issues: 问政 events and the issues exposed (问政＋问责＋督改);
 * - collab_links: links from these records to clues, ledger items, decisions, findings.
 * No foreign keys into other areas' tables: they are referenced by id only.
 */
import type { ColumnType, Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';

export const MECHANISM_DOMAINS = ['审计', '财会', '12345', '巡察', '司法', '统计', '信访', '舆论', '其他'] as const;
export type MechanismDomain = (typeof MECHANISM_DOMAINS)[number];

export const MECHANISM_STATES = ['draft', 'active', 'suspended', 'terminated'] as const;
export type MechanismState = (typeof MECHANISM_STATES)[number];

/** What a rule may let a body send (the transfer's object type; see transfers/objects.ts). */
export const TRANSFER_OBJECT_TYPES: Record<string, string> = {
  clue: '问题线索',
  problem: '问题线索（外单位移送）',
  hotline_batch: '12345热线工单',
  rectification: '整改事项',
  audit_finding: '审计发现问题（巡审联动）',
  data: '数据共享',
};

/** What a rule may let the sender see afterwards (成果共享). */
export const VIEW_TYPES: Record<string, string> = {
  progress: '办理进展',
  disposal_result: '处置结果',
  rectification: '整改情况',
  accountability: '问责处理结果',
};

export interface CollabMechanismTable {
  id: Generated<number>;
  code: string;
  name: string;
  domain: MechanismDomain;
  lead_org_id: number;
  scope: string;
  /** 共享信息: what the parties exchange. */
  shared_info: ColumnType<string[], string[] | undefined, string[]>;
  /** 成果共享: how results are shared. */
  result_sharing: string;
  /** 备忘录 / 会签文件 text or reference. */
  memorandum: string | null;
  doc_number: string | null;
  signed_on: string | null;
  effective_from: string;
  effective_to: string | null;
  status: MechanismState;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CollabMechanismPartyTable {
  mechanism_id: number;
  org_id: number;
  role: 'lead' | 'member';
}

export interface CollabMechanismRuleTable {
  id: Generated<number>;
  mechanism_id: number;
  /** null: any party. */
  from_org_id: number | null;
  /** null: any party. */
  to_org_id: number | null;
  object_types: ColumnType<string[], string[], string[]>;
  may_view: ColumnType<string[], string[] | undefined, string[]>;
  /** 签收时限 (working days), for the transfer's default. */
  ack_days: number | null;
  /** 办理反馈时限 (working days). */
  handle_days: number | null;
  note: string | null;
}

export interface CollabMeetingTable {
  id: Generated<number>;
  mechanism_id: number | null;
  kind: 'consultation' | 'joint_meeting';
  title: string;
  held_on: string;
  location: string | null;
  host_org_id: number;
  agenda: ColumnType<string[], string[] | undefined, string[]>;
  minutes: string | null;
  status: 'planned' | 'held';
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CollabMeetingOrgTable {
  meeting_id: number;
  org_id: number;
}

export interface CollabTaskTable {
  id: Generated<number>;
  meeting_id: number;
  seq: number;
  content: string;
  owner_org_id: number;
  owner_user_id: number | null;
  deadline: string;
  status: 'open' | 'done' | 'cancelled';
  result: string | null;
  done_on: string | null;
  done_by: number | null;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface CollabPriorityListTable {
  id: Generated<number>;
  year: number;
  org_id: number;
  title: string;
  status: 'draft' | 'published';
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CollabPriorityItemTable {
  id: Generated<number>;
  list_id: number;
  kind: 'priority' | 'result_use';
  seq: number;
  content: string;
  domain: string | null;
  status: 'active' | 'done';
  note: string | null;
}

export const EXPERT_FIELDS = ['审计', '财会', '工程建设', '法律', '信息技术', '医疗医保', '金融', '税务', '自然资源', '生态环境', '农业农村', '其他'] as const;

export interface CollabExpertTable {
  id: Generated<number>;
  name: string;
  /** The expert's unit when it is an organisation of the platform. */
  org_id: number | null;
  employer: string;
  title: string | null;
  fields: ColumnType<string[], string[], string[]>;
  /** SM4-encrypted phone and ID number; the ID number's SM3 for matching. */
  phone_enc: string | null;
  id_number_enc: string | null;
  id_hash: string | null;
  availability: 'available' | 'busy' | 'unavailable';
  note: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

/** Declared ties (申报的亲属、关联企业、曾任职单位), matched in the conflict check. */
export interface CollabExpertTieTable {
  id: Generated<number>;
  expert_id: number;
  kind: 'relative' | 'enterprise' | 'employer';
  name: string;
  relation: string | null;
  id_hash: string | null;
  uscc: string | null;
}

export interface CollabAssignmentTable {
  id: Generated<number>;
  expert_id: number;
  task_type: 'inspection_round' | 'campaign' | 'audit' | 'case' | 'other';
  task_ref: string | null;
  title: string;
  starts_on: string;
  ends_on: string;
  /** Who and what is under review: { persons: [{name, id_hash}], org_ids, enterprises: [{name, uscc}] } (no raw ID numbers). */
  subjects: ColumnType<Record<string, unknown>, string, string>;
  /** The conflict check as run at assignment. */
  conflict_check: ColumnType<Record<string, unknown>, string, string>;
  status: 'active' | 'completed' | 'withdrawn';
  assigned_by: number | null;
  created_at: Generated<Date>;
}

export interface CollabCampaignTable {
  id: Generated<number>;
  name: string;
  kind: 'supervision' | 'rectification';
  lead_org_id: number;
  starts_on: string;
  ends_on: string | null;
  description: string | null;
  /** The rectification module's campaign under which the problems go on the ledger. */
  rect_campaign_id: number | null;
  status: 'active' | 'closed';
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CollabCampaignAreaTable {
  id: Generated<number>;
  campaign_id: number;
  seq: number;
  name: string;
}

export interface CollabCampaignTaskTable {
  id: Generated<number>;
  campaign_id: number;
  area_id: number;
  seq: number;
  content: string;
  owner_org_id: number | null;
  deadline: string | null;
  status: 'open' | 'done';
  progress_note: string | null;
  done_on: string | null;
  version: Generated<number>;
}

export interface CollabWzEventTable {
  id: Generated<number>;
  title: string;
  held_on: string;
  media: string;
  host_org_id: number;
  description: string | null;
  status: 'open' | 'closed';
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CollabWzIssueTable {
  id: Generated<number>;
  event_id: number;
  seq: number;
  title: string;
  description: string;
  responsible_org_id: number;
  clue_id: number | null;
  rect_item_id: number | null;
  published_on: string | null;
  publication: string | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export const LINK_OWNERS = ['priority_item', 'campaign', 'campaign_task', 'wz_issue'] as const;
export type LinkOwner = (typeof LINK_OWNERS)[number];
export const LINK_OBJECTS = ['clue', 'rect_item', 'account_decision'] as const;
export type LinkObject = (typeof LINK_OBJECTS)[number];

export interface CollabLinkTable {
  id: Generated<number>;
  owner_type: LinkOwner;
  owner_id: number;
  object_type: LinkObject;
  object_id: number;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    collab_mechanisms: CollabMechanismTable;
    collab_mechanism_parties: CollabMechanismPartyTable;
    collab_mechanism_rules: CollabMechanismRuleTable;
    collab_meetings: CollabMeetingTable;
    collab_meeting_orgs: CollabMeetingOrgTable;
    collab_tasks: CollabTaskTable;
    collab_priority_lists: CollabPriorityListTable;
    collab_priority_items: CollabPriorityItemTable;
    collab_experts: CollabExpertTable;
    collab_expert_ties: CollabExpertTieTable;
    collab_assignments: CollabAssignmentTable;
    collab_campaigns: CollabCampaignTable;
    collab_campaign_areas: CollabCampaignAreaTable;
    collab_campaign_tasks: CollabCampaignTaskTable;
    collab_wz_events: CollabWzEventTable;
    collab_wz_issues: CollabWzIssueTable;
    collab_links: CollabLinkTable;
  }
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

export const collaborationMigrations: MigrationSet = {
  '0700_collab_mechanisms': sqlMigration(`
    CREATE TABLE collab_mechanisms (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL UNIQUE,
      domain text NOT NULL CHECK (domain IN (${list(MECHANISM_DOMAINS)})),
      lead_org_id integer NOT NULL REFERENCES orgs(id),
      scope text NOT NULL DEFAULT '',
      shared_info text[] NOT NULL DEFAULT '{}',
      result_sharing text NOT NULL DEFAULT '',
      memorandum text,
      doc_number text,
      signed_on date,
      effective_from date NOT NULL,
      effective_to date,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN (${list(MECHANISM_STATES)})),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (effective_to IS NULL OR effective_to >= effective_from)
    );
    CREATE TABLE collab_mechanism_parties (
      mechanism_id integer NOT NULL REFERENCES collab_mechanisms(id) ON DELETE CASCADE,
      org_id integer NOT NULL REFERENCES orgs(id),
      role text NOT NULL CHECK (role IN ('lead','member')),
      PRIMARY KEY (mechanism_id, org_id)
    );
    CREATE INDEX collab_mechanism_parties_org ON collab_mechanism_parties(org_id);
    CREATE TABLE collab_mechanism_rules (
      id serial PRIMARY KEY,
      mechanism_id integer NOT NULL REFERENCES collab_mechanisms(id) ON DELETE CASCADE,
      from_org_id integer REFERENCES orgs(id),
      to_org_id integer REFERENCES orgs(id),
      object_types text[] NOT NULL,
      may_view text[] NOT NULL DEFAULT '{}',
      ack_days integer CHECK (ack_days BETWEEN 1 AND 60),
      handle_days integer CHECK (handle_days BETWEEN 1 AND 250),
      note text,
      CHECK (cardinality(object_types) > 0)
    );
    CREATE INDEX collab_mechanism_rules_mechanism ON collab_mechanism_rules(mechanism_id);
  `),
  '0701_collab_meetings': sqlMigration(`
    CREATE TABLE collab_meetings (
      id serial PRIMARY KEY,
      mechanism_id integer REFERENCES collab_mechanisms(id),
      kind text NOT NULL CHECK (kind IN ('consultation','joint_meeting')),
      title text NOT NULL,
      held_on date NOT NULL,
      location text,
      host_org_id integer NOT NULL REFERENCES orgs(id),
      agenda text[] NOT NULL DEFAULT '{}',
      minutes text,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held')),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE collab_meeting_orgs (
      meeting_id integer NOT NULL REFERENCES collab_meetings(id) ON DELETE CASCADE,
      org_id integer NOT NULL REFERENCES orgs(id),
      PRIMARY KEY (meeting_id, org_id)
    );
    CREATE TABLE collab_tasks (
      id serial PRIMARY KEY,
      meeting_id integer NOT NULL REFERENCES collab_meetings(id),
      seq integer NOT NULL,
      content text NOT NULL,
      owner_org_id integer NOT NULL REFERENCES orgs(id),
      owner_user_id integer REFERENCES users(id),
      deadline date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','cancelled')),
      result text,
      done_on date,
      done_by integer REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (meeting_id, seq)
    );
    CREATE INDEX collab_tasks_owner ON collab_tasks(owner_org_id, status);
  `),
  '0702_collab_priorities': sqlMigration(`
    CREATE TABLE collab_priority_lists (
      id serial PRIMARY KEY,
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      org_id integer NOT NULL REFERENCES orgs(id),
      title text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (year, org_id)
    );
    CREATE TABLE collab_priority_items (
      id serial PRIMARY KEY,
      list_id integer NOT NULL REFERENCES collab_priority_lists(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('priority','result_use')),
      seq integer NOT NULL,
      content text NOT NULL,
      domain text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','done')),
      note text,
      UNIQUE (list_id, kind, seq)
    );
    CREATE TABLE collab_links (
      id serial PRIMARY KEY,
      owner_type text NOT NULL CHECK (owner_type IN (${list(LINK_OWNERS)})),
      owner_id integer NOT NULL,
      object_type text NOT NULL CHECK (object_type IN (${list(LINK_OBJECTS)})),
      object_id integer NOT NULL,
      note text,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (owner_type, owner_id, object_type, object_id)
    );
    CREATE INDEX collab_links_object ON collab_links(object_type, object_id);
  `),
  '0703_collab_experts': sqlMigration(`
    CREATE TABLE collab_experts (
      id serial PRIMARY KEY,
      name text NOT NULL,
      org_id integer REFERENCES orgs(id),
      employer text NOT NULL,
      title text,
      fields text[] NOT NULL CHECK (cardinality(fields) > 0),
      phone_enc text,
      id_number_enc text,
      id_hash text UNIQUE,
      availability text NOT NULL DEFAULT 'available' CHECK (availability IN ('available','busy','unavailable')),
      note text,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX collab_experts_fields ON collab_experts USING gin (fields);
    CREATE TABLE collab_expert_ties (
      id serial PRIMARY KEY,
      expert_id integer NOT NULL REFERENCES collab_experts(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('relative','enterprise','employer')),
      name text NOT NULL,
      relation text,
      id_hash text,
      uscc text
    );
    CREATE INDEX collab_expert_ties_expert ON collab_expert_ties(expert_id);
    CREATE TABLE collab_assignments (
      id serial PRIMARY KEY,
      expert_id integer NOT NULL REFERENCES collab_experts(id),
      task_type text NOT NULL CHECK (task_type IN ('inspection_round','campaign','audit','case','other')),
      task_ref text,
      title text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      subjects jsonb NOT NULL,
      conflict_check jsonb NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','completed','withdrawn')),
      assigned_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on >= starts_on)
    );
    CREATE INDEX collab_assignments_expert ON collab_assignments(expert_id, status);
  `),
  '0704_collab_campaigns': sqlMigration(`
    CREATE TABLE collab_campaigns (
      id serial PRIMARY KEY,
      name text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('supervision','rectification')),
      lead_org_id integer NOT NULL REFERENCES orgs(id),
      starts_on date NOT NULL,
      ends_on date,
      description text,
      rect_campaign_id integer,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE collab_campaign_areas (
      id serial PRIMARY KEY,
      campaign_id integer NOT NULL REFERENCES collab_campaigns(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      name text NOT NULL,
      UNIQUE (campaign_id, seq)
    );
    CREATE TABLE collab_campaign_tasks (
      id serial PRIMARY KEY,
      campaign_id integer NOT NULL REFERENCES collab_campaigns(id) ON DELETE CASCADE,
      area_id integer NOT NULL REFERENCES collab_campaign_areas(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      content text NOT NULL,
      owner_org_id integer REFERENCES orgs(id),
      deadline date,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
      progress_note text,
      done_on date,
      version integer NOT NULL DEFAULT 1,
      UNIQUE (area_id, seq)
    );
    CREATE INDEX collab_campaign_tasks_campaign ON collab_campaign_tasks(campaign_id);
  `),
  '0705_collab_wenzheng': sqlMigration(`
    CREATE TABLE collab_wz_events (
      id serial PRIMARY KEY,
      title text NOT NULL UNIQUE,
      held_on date NOT NULL,
      media text NOT NULL,
      host_org_id integer NOT NULL REFERENCES orgs(id),
      description text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE collab_wz_issues (
      id serial PRIMARY KEY,
      event_id integer NOT NULL REFERENCES collab_wz_events(id),
      seq integer NOT NULL,
      title text NOT NULL,
      description text NOT NULL,
      responsible_org_id integer NOT NULL REFERENCES orgs(id),
      clue_id integer,
      rect_item_id integer,
      published_on date,
      publication text,
      version integer NOT NULL DEFAULT 1,
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (event_id, seq)
    );
  `),
};
