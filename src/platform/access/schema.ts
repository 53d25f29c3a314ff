/** Organisations, users, roles, data scopes, need-to-know grants and dictionaries (RuoYi-style). */
import type { ColumnType, Generated } from 'kysely';
import { type MigrationSet, sqlMigration } from '../db/migrate.ts';

export type OrgKind = 'commission' | 'office' | 'dispatched_group' | 'inspection' | 'partner' | 'unit';
export type DataScope = 'all' | 'custom' | 'dept' | 'dept_and_below' | 'self';
export type AdminKind = 'system' | 'security' | 'audit';

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  /** Comma-separated ids of all ancestors, root first, e.g. '0,1,4' (RuoYi convention). */
  ancestors: string;
  name: string;
  short_name: string | null;
  kind: OrgKind;
  district: string | null;
  sort: Generated<number>;
  created_at: Generated<Date>;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  org_id: number;
  password_hash: string;
  password_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  must_change_password: Generated<boolean>;
  totp_secret_enc: string | null;
  totp_enabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  status: Generated<'active' | 'disabled'>;
  phone: string | null;
  created_at: Generated<Date>;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: Generated<Date>;
}

export interface RoleTable {
  id: Generated<number>;
  code: string;
  name: string;
  data_scope: DataScope;
  admin_kind: AdminKind | null;
  permissions: string[];
  builtin: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface RoleOrgTable {
  role_id: number;
  org_id: number;
}

export interface UserRoleTable {
  user_id: number;
  role_id: number;
}

/** Need-to-know list (知悉范围): who may see one record, whatever their role. */
export interface RecordAccessTable {
  object_type: string;
  object_id: string;
  grantee_kind: 'user' | 'org';
  grantee_id: number;
  granted_by: number | null;
  created_at: Generated<Date>;
}

export interface DictItemTable {
  id: Generated<number>;
  dict_type: string;
  value: string;
  label: string;
  sort: Generated<number>;
  builtin: Generated<boolean>;
  enabled: Generated<boolean>;
}

export interface DictTypeTable {
  code: string;
  name: string;
}

declare module '../db/types.ts' {
  interface Database {
    orgs: OrgTable;
    users: UserTable;
    password_history: PasswordHistoryTable;
    roles: RoleTable;
    role_orgs: RoleOrgTable;
    user_roles: UserRoleTable;
    record_access: RecordAccessTable;
    dict_types: DictTypeTable;
    dict_items: DictItemTable;
  }
}

export const accessMigrations: MigrationSet = {
  '0100_access_core': sqlMigration(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE orgs (
      id serial PRIMARY KEY,
      parent_id integer REFERENCES orgs(id),
      ancestors text NOT NULL DEFAULT '0',
      name text NOT NULL UNIQUE,
      short_name text,
      kind text NOT NULL CHECK (kind IN ('commission','office','dispatched_group','inspection','partner','unit')),
      district text,
      sort integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX orgs_parent ON orgs(parent_id);
    CREATE TABLE users (
      id serial PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      org_id integer NOT NULL REFERENCES orgs(id),
      password_hash text NOT NULL,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      must_change_password boolean NOT NULL DEFAULT false,
      totp_secret_enc text,
      totp_enabled boolean NOT NULL DEFAULT false,
      failed_logins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
      phone text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX users_org ON users(org_id);
    CREATE TABLE password_history (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX password_history_user ON password_history(user_id, created_at DESC);
    CREATE TABLE roles (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      data_scope text NOT NULL CHECK (data_scope IN ('all','custom','dept','dept_and_below','self')),
      admin_kind text CHECK (admin_kind IN ('system','security','audit')),
      permissions text[] NOT NULL DEFAULT '{}',
      builtin boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE role_orgs (
      role_id integer NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
      org_id integer NOT NULL REFERENCES orgs(id),
      PRIMARY KEY (role_id, org_id)
    );
    CREATE TABLE user_roles (
      user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role_id integer NOT NULL REFERENCES roles(id),
      PRIMARY KEY (user_id, role_id)
    );
    CREATE TABLE record_access (
      object_type text NOT NULL,
      object_id text NOT NULL,
      grantee_kind text NOT NULL CHECK (grantee_kind IN ('user','org')),
      grantee_id integer NOT NULL,
      granted_by integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (object_type, object_id, grantee_kind, grantee_id)
    );
    CREATE INDEX record_access_grantee ON record_access(grantee_kind, grantee_id, object_type);
    CREATE TABLE dict_types (code text PRIMARY KEY, name text NOT NULL);
    CREATE TABLE dict_items (
      id serial PRIMARY KEY,
      dict_type text NOT NULL REFERENCES dict_types(code),
      value text NOT NULL,
      label text NOT NULL,
      sort integer NOT NULL DEFAULT 0,
      builtin boolean NOT NULL DEFAULT false,
      enabled boolean NOT NULL DEFAULT true,
      UNIQUE (dict_type, value)
    );
  `),
};
