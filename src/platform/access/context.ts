/**
 * What a signed-in user may do and see, loaded once per request from their roles:
 * permission strings, the union of their roles' data scopes, and which administrator
 * role (三员) they hold, if any.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/types.ts';
import type { AdminKind, DataScope } from './schema.ts';

export interface AccessContext {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  /** The user's org ancestry: ancestors + own id. */
  orgPath: number[];
  roles: string[];
  permissions: Set<string>;
  adminKind: AdminKind | null;
  scope: {
    all: boolean;
    /** Every org whose records are visible (自定义, 本部门, and 本部门及以下 resolved to the subtree). */
    orgIds: number[];
    /** The roots of 本部门及以下 (informational: already included in orgIds). */
    subtreeRoots: number[];
    /** Records the user owns (仅本人). */
    self: boolean;
  };
}

export function parseAncestors(ancestors: string): number[] {
  return ancestors
    .split(',')
    .map((s) => Number(s))
    .filter((n) => n > 0);
}

export async function loadAccessContext(db: Queryable, userId: number): Promise<AccessContext | null> {
  const user = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.org_id',
      'users.status',
      'orgs.name as org_name',
      'orgs.ancestors',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status !== 'active') return null;
  const roles = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['roles.id', 'roles.code', 'roles.data_scope', 'roles.admin_kind', 'roles.permissions'])
    .where('user_roles.user_id', '=', userId)
    .execute();
  const customRoleIds = roles.filter((r) => r.data_scope === 'custom').map((r) => r.id);
  const customOrgs = customRoleIds.length
    ? await db.selectFrom('role_orgs').select('org_id').where('role_id', 'in', customRoleIds).execute()
    : [];
  const scopes = new Set<DataScope>(roles.map((r) => r.data_scope));
  const orgIds = new Set<number>(customOrgs.map((r) => r.org_id));
  if (scopes.has('dept')) orgIds.add(user.org_id);
  if (scopes.has('dept_and_below') && !scopes.has('all')) {
    // Resolved to concrete ids once per request: the SQL filter is then one `= ANY(array)` probe.
    const below = await db
      .selectFrom('orgs')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', user.org_id), eb(sql<string>`',' || ancestors || ','`, 'like', `%,${user.org_id},%`)]))
      .execute();
    for (const o of below) orgIds.add(o.id);
  }
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    orgName: user.org_name,
    orgPath: [...parseAncestors(user.ancestors), user.org_id],
    roles: roles.map((r) => r.code),
    permissions: new Set(roles.flatMap((r) => r.permissions)),
    adminKind: roles.find((r) => r.admin_kind)?.admin_kind ?? null,
    scope: {
      all: scopes.has('all'),
      orgIds: [...orgIds],
      subtreeRoots: scopes.has('dept_and_below') ? [user.org_id] : [],
      self: scopes.has('self'),
    },
  };
}

export function can(ctx: AccessContext | null | undefined, permission: string): boolean {
  return !!ctx && ctx.permissions.has(permission);
}
