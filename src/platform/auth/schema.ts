/** Sessions, login log (登录日志) and API keys for machine clients (e.g. the 12345 system). */
import type { Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../db/migrate.ts';

export interface SessionTable {
  /** SM3 hash of the cookie token: a leaked table does not leak sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  mfa_passed: boolean;
  ip: string | null;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  ended_at: Date | null;
}

export interface LoginLogTable {
  id: Generated<number>;
  username: string;
  user_id: number | null;
  at: Generated<Date>;
  ip: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure' | 'locked' | 'mfa_failure' | 'logout';
  reason: string | null;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  org_id: number;
  permissions: string[];
  created_by: number | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

declare module '../db/types.ts' {
  interface Database {
    sessions: SessionTable;
    login_log: LoginLogTable;
    api_keys: ApiKeyTable;
  }
}

export const authMigrations: MigrationSet = {
  '0110_auth_core': sqlMigration(`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      mfa_passed boolean NOT NULL DEFAULT false,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    );
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE TABLE login_log (
      id bigserial PRIMARY KEY,
      username text NOT NULL,
      user_id integer,
      at timestamptz NOT NULL DEFAULT now(),
      ip text,
      user_agent text,
      outcome text NOT NULL,
      reason text
    );
    CREATE INDEX login_log_at ON login_log(at DESC);
    CREATE TABLE api_keys (
      id serial PRIMARY KEY,
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      org_id integer NOT NULL REFERENCES orgs(id),
      permissions text[] NOT NULL DEFAULT '{}',
      created_by integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
  `),
};
