/** Shapes of the platform's API replies used across pages. */

export interface Me {
  id: number;
  username: string;
  display_name: string;
  org_id: number;
  org_name: string;
  roles: string[];
  admin_kind: 'system' | 'security' | 'audit' | null;
  permissions: string[];
  menus: { key: string; label: string }[];
  csrf_token: string;
  mfa_passed: boolean;
  mfa_mandatory: boolean;
  idle_timeout_minutes: number;
}

export interface LoginReply {
  csrf_token: string;
  mfa_required: boolean;
  mfa_enrolled: boolean;
  must_change_password: boolean;
}

export type OrgKind = 'commission' | 'office' | 'dispatched_group' | 'inspection' | 'partner' | 'unit';

export interface Org {
  id: number;
  parent_id: number | null;
  ancestors: string;
  name: string;
  short_name: string | null;
  kind: OrgKind;
  district: string | null;
  sort: number;
}

export interface Role {
  id: number;
  code: string;
  name: string;
  data_scope: DataScope;
  admin_kind: 'system' | 'security' | 'audit' | null;
  permissions: string[];
  builtin: boolean;
  custom_org_ids: number[];
}

export type DataScope = 'all' | 'custom' | 'dept' | 'dept_and_below' | 'self';

export interface PermissionDef {
  code: string;
  label: string;
  menu: string;
  caseContent?: boolean;
}
