/** User and organisation administration (用户管理、组织机构), with 三员分立 enforced. */
import { sql } from 'kysely';
import { validateRoleSet } from '../../platform/access/roles.ts';
import type { AdminKind, OrgKind } from '../../platform/access/schema.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { setPassword } from '../../platform/auth/auth.service.ts';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/password.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/errors.ts';

export interface NewOrg {
  name: string;
  kind: OrgKind;
  parentId?: number | null;
  shortName?: string | null;
  district?: string | null;
  sort?: number;
}

export async function createOrg(db: Queryable, actor: Actor, input: NewOrg): Promise<number> {
  return inTx(db, async (tx) => {
    let ancestors = '0';
    if (input.parentId) {
      const parent = await tx.selectFrom('orgs').select(['id', 'ancestors']).where('id', '=', input.parentId).executeTakeFirst();
      if (!parent) throw notFound('上级组织', 'Parent organisation');
      ancestors = `${parent.ancestors},${parent.id}`;
    }
    const exists = await tx.selectFrom('orgs').select('id').where('name', '=', input.name).executeTakeFirst();
    if (exists) throw new AppError('duplicate', `组织“${input.name}”已存在`, `Organisation "${input.name}" already exists`, 409);
    const row = await tx
      .insertInto('orgs')
      .values({
        name: input.name,
        kind: input.kind,
        parent_id: input.parentId ?? null,
        ancestors,
        short_name: input.shortName ?? null,
        district: input.district ?? null,
        sort: input.sort ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'org.create', objectType: 'org', objectId: row.id, detail: { name: input.name, kind: input.kind } });
    return row.id;
  });
}

export interface NewUser {
  username: string;
  displayName: string;
  orgId: number;
  password: string;
  roles: string[];
  phone?: string | null;
  mustChangePassword?: boolean;
}

async function rolesByCode(db: Queryable, codes: string[]) {
  if (!codes.length) return [];
  const rows = await db.selectFrom('roles').select(['id', 'code', 'admin_kind']).where('code', 'in', codes).execute();
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new AppError('unknown_role', `角色不存在：${missing.join('、')}`, `Unknown roles: ${missing.join(', ')}`);
  return rows;
}

export async function createUser(db: Queryable, actor: Actor, input: NewUser): Promise<number> {
  if (!/^[a-zA-Z0-9_.-]{2,64}$/.test(input.username)) {
    throw new AppError('bad_username', '用户名只能包含字母、数字、下划线、点和连字符（2–64 位）', 'User name: 2–64 letters, digits, _ . -');
  }
  checkPasswordPolicy(input.password, input.username);
  const roles = await rolesByCode(db, input.roles);
  validateRoleSet(roles.map((r) => ({ code: r.code, adminKind: r.admin_kind as AdminKind | null })));
  const hashed = await hashPassword(input.password);
  return inTx(db, async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new AppError('duplicate', `用户名“${input.username}”已被使用`, `User name "${input.username}" is taken`, 409);
    const org = await tx.selectFrom('orgs').select('id').where('id', '=', input.orgId).executeTakeFirst();
    if (!org) throw notFound('组织', 'Organisation');
    const u = await tx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        org_id: input.orgId,
        password_hash: hashed,
        phone: input.phone ?? null,
        must_change_password: input.mustChangePassword ?? false,
        locked_until: null,
        totp_secret_enc: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('password_history').values({ user_id: u.id, password_hash: hashed }).execute();
    if (roles.length) await tx.insertInto('user_roles').values(roles.map((r) => ({ user_id: u.id, role_id: r.id }))).execute();
    await recordAudit(tx, actor, {
      action: 'user.create',
      objectType: 'user',
      objectId: u.id,
      detail: { username: input.username, org_id: input.orgId, roles: input.roles },
    });
    return u.id;
  });
}

/** Replace a user's roles (security administrator's job under 三员分立). */
export async function setUserRoles(db: Queryable, actor: Actor, userId: number, codes: string[]): Promise<void> {
  const roles = await rolesByCode(db, codes);
  validateRoleSet(roles.map((r) => ({ code: r.code, adminKind: r.admin_kind as AdminKind | null })));
  await inTx(db, async (tx) => {
    const u = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!u) throw notFound('用户', 'User');
    await tx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    if (roles.length) await tx.insertInto('user_roles').values(roles.map((r) => ({ user_id: userId, role_id: r.id }))).execute();
    await recordAudit(tx, actor, { action: 'user.set_roles', objectType: 'user', objectId: userId, detail: { roles: codes } });
  });
}

export async function userIdByName(db: Queryable, username: string): Promise<number> {
  const u = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (!u) throw new AppError('not_found', `用户“${username}”不存在`, `User "${username}" not found`, 404);
  return u.id;
}

/** Administrator reset: a temporary password the user must change at next sign-in. */
export async function resetPassword(db: Queryable, actor: Actor, userId: number, tempPassword: string): Promise<void> {
  const u = await db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
  if (!u) throw notFound('用户', 'User');
  await setPassword(db, userId, tempPassword, { actor, mustChange: true, username: u.username });
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function setUserStatus(db: Queryable, actor: Actor, userId: number, status: 'active' | 'disabled') {
  await inTx(db, async (tx) => {
    const r = await tx.updateTable('users').set({ status }).where('id', '=', userId).executeTakeFirst();
    if (!r.numUpdatedRows) throw notFound('用户', 'User');
    if (status === 'disabled') await tx.updateTable('sessions').set({ ended_at: sql`now()` }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
    await recordAudit(tx, actor, { action: `user.${status === 'active' ? 'enable' : 'disable'}`, objectType: 'user', objectId: userId });
  });
}
