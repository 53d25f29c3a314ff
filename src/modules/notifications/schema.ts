/** Notifications (消息提醒): to one user, or to an organisation's inbox. */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../../platform/db/migrate.ts';

export interface NotificationTable {
  id: Generated<number>;
  recipient_kind: 'user' | 'org';
  recipient_id: number;
  /** For org recipients: only members holding this permission see it (e.g. 'transfer:receive'). */
  required_permission: string | null;
  kind: string;
  title: string;
  link: string | null;
  object_type: string | null;
  object_id: string | null;
  created_at: Generated<Date>;
  read_at: Date | null;
  read_by: number | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    notifications: NotificationTable;
  }
}

export const notificationMigrations: MigrationSet = {
  '0530_notifications': sqlMigration(`
    CREATE TABLE notifications (
      id serial PRIMARY KEY,
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('user','org')),
      recipient_id integer NOT NULL,
      required_permission text,
      kind text NOT NULL,
      title text NOT NULL,
      link text,
      object_type text,
      object_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      read_by integer REFERENCES users(id)
    );
    CREATE INDEX notifications_recipient ON notifications(recipient_kind, recipient_id, created_at DESC);
  `),
};
