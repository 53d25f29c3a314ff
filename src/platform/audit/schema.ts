/**
 * The audit trail. Rows are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, so the
 * role the application uses cannot rewrite history. Each row carries the SM3 hash of its
 * content chained to the previous row; checkpoints sign the Merkle root of all rows so far.
 */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../db/migrate.ts';

export interface AuditEventTable {
  seq: Generated<number>;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  org_id: number | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'denied' | 'failure';
  request_id: string | null;
  ip: string | null;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointTable {
  id: Generated<number>;
  upto_seq: number;
  tree_size: number;
  root: string;
  signature: string;
  public_key: string;
  created_at: Generated<Date>;
}

declare module '../db/types.ts' {
  interface Database {
    audit_events: AuditEventTable;
    audit_checkpoints: AuditCheckpointTable;
  }
}

export const auditMigrations: MigrationSet = {
  '0120_audit_core': sqlMigration(`
    CREATE TABLE audit_events (
      seq bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id integer,
      actor_name text,
      org_id integer,
      action text NOT NULL,
      object_type text,
      object_id text,
      outcome text NOT NULL,
      request_id text,
      ip text,
      detail jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_events_at ON audit_events(at DESC);
    CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
    CREATE INDEX audit_events_actor ON audit_events(actor_id, at DESC);
    CREATE TABLE audit_checkpoints (
      id serial PRIMARY KEY,
      upto_seq bigint NOT NULL,
      tree_size bigint NOT NULL,
      root text NOT NULL,
      signature text NOT NULL,
      public_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only (审计日志只能追加)';
    END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
  `),
};
