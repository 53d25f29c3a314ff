/** Transfers between bodies (移交): what was sent to whom, its snapshot, acknowledgement and feedback. */
import type { ColumnType, Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';
import type { TransferState } from './workflow.ts';

export interface TransferTable {
  id: number;
  code: string;
  /** What it carries: 'clue', 'problem', 'hotline_batch' … (see objects.ts). */
  object_type: string;
  /** 随时移送 (single) or 定期移送 (batch). */
  mode: 'single' | 'batch';
  /** 边巡边查: sent by an inspection team during the tour, with a shortened deadline. */
  tour: boolean;
  title: string;
  note: string | null;
  sender_org_id: number;
  sent_by: number | null;
  receiver_org_id: number;
  /** 抄送: these bodies follow it up (read access). */
  cc_org_ids: ColumnType<number[], number[], number[]>;
  item_count: number;
  status: TransferState;
  sent_at: Generated<Date>;
  sent_on: string;
  ack_days: number;
  ack_due: string;
  handle_days: number;
  handle_due: string | null;
  ack_at: Date | null;
  ack_on: string | null;
  ack_by: number | null;
  escalated_at: Date | null;
  returned_at: Date | null;
  returned_by: number | null;
  return_reason: string | null;
  feedback_at: Date | null;
  feedback_on: string | null;
  feedback_by: number | null;
  feedback_result: string | null;
  feedback_outcome: string | null;
  feedback_overdue_at: Date | null;
  version: Generated<number>;
}

export interface TransferItemTable {
  id: Generated<number>;
  transfer_id: number;
  seq: number;
  object_type: string;
  /** The carried record, when it lives in this system (e.g. a clue id); null for a described problem. */
  object_id: string | null;
  title: string;
  /** Exactly what the receiver may see of it. */
  snapshot: ColumnType<Record<string, unknown>, string, string>;
  outcome: string | null;
  outcome_note: string | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    transfers: TransferTable;
    transfer_items: TransferItemTable;
  }
}

export const transferMigrations: MigrationSet = {
  '0510_transfers_core': sqlMigration(`
    CREATE SEQUENCE transfers_id_seq;
    CREATE TABLE transfers (
      id integer PRIMARY KEY DEFAULT nextval('transfers_id_seq'),
      code text NOT NULL UNIQUE,
      object_type text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('single','batch')),
      tour boolean NOT NULL DEFAULT false,
      title text NOT NULL,
      note text,
      sender_org_id integer NOT NULL REFERENCES orgs(id),
      sent_by integer REFERENCES users(id),
      receiver_org_id integer NOT NULL REFERENCES orgs(id),
      cc_org_ids integer[] NOT NULL DEFAULT '{}',
      item_count integer NOT NULL,
      status text NOT NULL CHECK (status IN ('sent','acknowledged','returned','fed_back')),
      sent_at timestamptz NOT NULL DEFAULT now(),
      sent_on date NOT NULL,
      ack_days integer NOT NULL,
      ack_due date NOT NULL,
      handle_days integer NOT NULL,
      handle_due date,
      ack_at timestamptz,
      ack_on date,
      ack_by integer REFERENCES users(id),
      escalated_at timestamptz,
      returned_at timestamptz,
      returned_by integer REFERENCES users(id),
      return_reason text,
      feedback_at timestamptz,
      feedback_on date,
      feedback_by integer REFERENCES users(id),
      feedback_result text,
      feedback_outcome text,
      feedback_overdue_at timestamptz,
      version integer NOT NULL DEFAULT 1
    );
    ALTER SEQUENCE transfers_id_seq OWNED BY transfers.id;
    CREATE INDEX transfers_receiver ON transfers(receiver_org_id, status);
    CREATE INDEX transfers_sender ON transfers(sender_org_id, sent_on);
    CREATE INDEX transfers_open_ack ON transfers(ack_due) WHERE status = 'sent';
    CREATE TABLE transfer_items (
      id serial PRIMARY KEY,
      transfer_id integer NOT NULL REFERENCES transfers(id),
      seq integer NOT NULL,
      object_type text NOT NULL,
      object_id text,
      title text NOT NULL,
      snapshot jsonb NOT NULL,
      outcome text,
      outcome_note text,
      UNIQUE (transfer_id, seq)
    );
    CREATE INDEX transfer_items_object ON transfer_items(object_type, object_id);
  `),
};
