/**
 * Accountability and care (问责、处分、容错纠错、澄清正名、回访).
 *
 * - account_proposals: proposals for accountability (问责建议), e.g. 双问责 of an overdue
 *   rectification item: one row for the responsible leader (主体责任), one for the supervisor
 *   (监督责任);
 * - account_decisions: every accountability / handling outcome, against an organisation or a
 *   person; for a person one row is one 人次, classified by the “四种形态” (`form`). 纪律处分
 *   rows carry the 党纪 / 政务 sanction and the judicial transfer, linked to the clue;
 * - account_tolerances (容错纠错), account_clearings (澄清正名), account_revisits (回访).
 */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import {
  CLEARING_METHODS,
  type ClearingMethod,
  DISTINCTIONS,
  type Distinction,
  type Form,
  GOV_SANCTIONS,
  type GovSanction,
  MEASURES,
  type Measure,
  PARTY_SANCTIONS,
  type PartySanction,
  REVISIT_ASSESSMENTS,
  REVISIT_METHODS,
  type Responsibility,
  type RevisitAssessment,
  type RevisitMethod,
  TOLERANCE_OUTCOMES,
  type TargetKind,
  type ToleranceOutcome,
} from './catalog.ts';
import type { DecisionState, ProposalState } from './workflow.ts';

export const PROPOSAL_SOURCES = ['rectification_overdue', 'rectification_failed', 'other'] as const;
export type ProposalSource = (typeof PROPOSAL_SOURCES)[number];

export interface AccountProposalTable {
  id: Generated<number>;
  source_type: ProposalSource;
  source_id: number | null;
  rect_item_id: number | null;
  clue_id: number | null;
  responsibility: Responsibility;
  target_org_id: number;
  person_name: string | null;
  person_title: string | null;
  /** The body that proposes (for a rectification: its supervising body). */
  proposing_org_id: number | null;
  reason: string;
  status: Generated<ProposalState>;
  decision_id: number | null;
  dismissed_reason: string | null;
  handled_by: number | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AccountDecisionTable {
  id: Generated<number>;
  target_kind: TargetKind;
  measure: Measure;
  /** The organisation held accountable, or the person's unit. */
  target_org_id: number;
  person_name: string | null;
  person_title: string | null;
  cadre_level: string | null;
  party_member: boolean | null;
  party_sanction: PartySanction | null;
  gov_sanction: GovSanction | null;
  judicial_transfer: Generated<boolean>;
  form: Form | null;
  major: boolean;
  status: DecisionState;
  responsibility: Responsibility | null;
  reason: string;
  basis: string | null;
  doc_no: string | null;
  clue_id: number | null;
  rect_item_id: number | null;
  proposal_id: number | null;
  decided_on: string;
  effective_on: string | null;
  handling_org_id: number;
  created_by: number | null;
  approved_by: number | null;
  approved_at: Date | null;
  approval_opinion: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AccountToleranceTable {
  id: Generated<number>;
  person_name: string;
  person_title: string | null;
  org_id: number;
  matter: string;
  distinction: Distinction;
  outcome: ToleranceOutcome;
  correction: string;
  clue_id: number | null;
  decision_id: number | null;
  decided_on: string;
  handling_org_id: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AccountClearingTable {
  id: Generated<number>;
  person_name: string;
  person_title: string | null;
  org_id: number;
  clue_id: number | null;
  finding: string;
  method: ClearingMethod;
  audience: string | null;
  false_accusation: Generated<boolean>;
  false_accusation_clue_id: number | null;
  false_accusation_ref: string | null;
  cleared_on: string;
  handling_org_id: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface AccountRevisitTable {
  id: Generated<number>;
  decision_id: number | null;
  person_name: string;
  person_title: string | null;
  org_id: number;
  visited_on: string;
  method: RevisitMethod;
  visitors: string;
  findings: string;
  assessment: RevisitAssessment;
  follow_up: string | null;
  handling_org_id: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    account_proposals: AccountProposalTable;
    account_decisions: AccountDecisionTable;
    account_tolerances: AccountToleranceTable;
    account_clearings: AccountClearingTable;
    account_revisits: AccountRevisitTable;
  }
}

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

export const accountabilityMigrations: MigrationSet = {
  '0570_accountability_core': sqlMigration(`
    CREATE TABLE account_proposals (
      id serial PRIMARY KEY,
      source_type text NOT NULL CHECK (source_type IN (${list(PROPOSAL_SOURCES)})),
      source_id integer,
      rect_item_id integer REFERENCES rect_items(id),
      clue_id integer,
      responsibility text NOT NULL CHECK (responsibility IN ('primary','supervisory')),
      target_org_id integer NOT NULL REFERENCES orgs(id),
      person_name text,
      person_title text,
      proposing_org_id integer REFERENCES orgs(id),
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','decided','dismissed')),
      decision_id integer,
      dismissed_reason text,
      handled_by integer REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX account_proposals_open_once ON account_proposals(source_type, source_id, responsibility)
      WHERE status = 'open' AND source_id IS NOT NULL;
    CREATE INDEX account_proposals_rect ON account_proposals(rect_item_id) WHERE rect_item_id IS NOT NULL;
    CREATE INDEX account_proposals_status ON account_proposals(status, created_at DESC);

    CREATE TABLE account_decisions (
      id serial PRIMARY KEY,
      target_kind text NOT NULL CHECK (target_kind IN ('org','person')),
      measure text NOT NULL CHECK (measure IN (${list(MEASURES)})),
      target_org_id integer NOT NULL REFERENCES orgs(id),
      person_name text,
      person_title text,
      cadre_level text,
      party_member boolean,
      party_sanction text CHECK (party_sanction IN (${list(PARTY_SANCTIONS)})),
      gov_sanction text CHECK (gov_sanction IN (${list(GOV_SANCTIONS)})),
      judicial_transfer boolean NOT NULL DEFAULT false,
      form smallint CHECK (form BETWEEN 1 AND 4),
      major boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('pending_approval','effective','rejected','revoked')),
      responsibility text CHECK (responsibility IN ('primary','supervisory')),
      reason text NOT NULL,
      basis text,
      doc_no text,
      clue_id integer,
      rect_item_id integer REFERENCES rect_items(id),
      proposal_id integer REFERENCES account_proposals(id),
      decided_on date NOT NULL,
      effective_on date,
      handling_org_id integer NOT NULL REFERENCES orgs(id),
      created_by integer REFERENCES users(id),
      approved_by integer REFERENCES users(id),
      approved_at timestamptz,
      approval_opinion text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((target_kind = 'person') = (person_name IS NOT NULL)),
      CHECK ((target_kind = 'person') = (form IS NOT NULL)),
      CHECK (status <> 'effective' OR effective_on IS NOT NULL)
    );
    ALTER TABLE account_proposals ADD CONSTRAINT account_proposals_decision
      FOREIGN KEY (decision_id) REFERENCES account_decisions(id);
    CREATE INDEX account_decisions_stats ON account_decisions(status, effective_on) WHERE target_kind = 'person';
    CREATE INDEX account_decisions_target_org ON account_decisions(target_org_id);
    CREATE INDEX account_decisions_handling_org ON account_decisions(handling_org_id);
    CREATE INDEX account_decisions_clue ON account_decisions(clue_id) WHERE clue_id IS NOT NULL;

    CREATE TABLE account_tolerances (
      id serial PRIMARY KEY,
      person_name text NOT NULL,
      person_title text,
      org_id integer NOT NULL REFERENCES orgs(id),
      matter text NOT NULL,
      distinction text NOT NULL CHECK (distinction IN (${list(DISTINCTIONS)})),
      outcome text NOT NULL CHECK (outcome IN (${list(TOLERANCE_OUTCOMES)})),
      correction text NOT NULL DEFAULT '',
      clue_id integer,
      decision_id integer REFERENCES account_decisions(id),
      decided_on date NOT NULL,
      handling_org_id integer NOT NULL REFERENCES orgs(id),
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX account_tolerances_on ON account_tolerances(decided_on);

    CREATE TABLE account_clearings (
      id serial PRIMARY KEY,
      person_name text NOT NULL,
      person_title text,
      org_id integer NOT NULL REFERENCES orgs(id),
      clue_id integer,
      finding text NOT NULL,
      method text NOT NULL CHECK (method IN (${list(CLEARING_METHODS)})),
      audience text,
      false_accusation boolean NOT NULL DEFAULT false,
      false_accusation_clue_id integer,
      false_accusation_ref text,
      cleared_on date NOT NULL,
      handling_org_id integer NOT NULL REFERENCES orgs(id),
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (false_accusation OR (false_accusation_clue_id IS NULL AND false_accusation_ref IS NULL))
    );
    CREATE INDEX account_clearings_on ON account_clearings(cleared_on);

    CREATE TABLE account_revisits (
      id serial PRIMARY KEY,
      decision_id integer REFERENCES account_decisions(id),
      person_name text NOT NULL,
      person_title text,
      org_id integer NOT NULL REFERENCES orgs(id),
      visited_on date NOT NULL,
      method text NOT NULL CHECK (method IN (${list(REVISIT_METHODS)})),
      visitors text NOT NULL,
      findings text NOT NULL,
      assessment text NOT NULL CHECK (assessment IN (${list(REVISIT_ASSESSMENTS)})),
      follow_up text,
      handling_org_id integer NOT NULL REFERENCES orgs(id),
      created_by integer REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX account_revisits_on ON account_revisits(visited_on);
    CREATE INDEX account_revisits_decision ON account_revisits(decision_id) WHERE decision_id IS NOT NULL;
  `),
  // Clues (05xx) run before; link to them when that table is there.
  '0571_accountability_clue_fk': sqlMigration(`
    DO $$ BEGIN
      IF to_regclass('clues') IS NOT NULL THEN
        ALTER TABLE account_proposals ADD CONSTRAINT account_proposals_clue FOREIGN KEY (clue_id) REFERENCES clues(id);
        ALTER TABLE account_decisions ADD CONSTRAINT account_decisions_clue FOREIGN KEY (clue_id) REFERENCES clues(id);
        ALTER TABLE account_tolerances ADD CONSTRAINT account_tolerances_clue FOREIGN KEY (clue_id) REFERENCES clues(id);
        ALTER TABLE account_clearings ADD CONSTRAINT account_clearings_clue FOREIGN KEY (clue_id) REFERENCES clues(id);
        ALTER TABLE account_clearings ADD CONSTRAINT account_clearings_false_clue FOREIGN KEY (false_accusation_clue_id) REFERENCES clues(id);
      END IF;
    END $$;
  `),
};
