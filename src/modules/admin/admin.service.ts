/** Lists and edits for administration pages: users, roles, organisations, dictionaries. */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { validateRole } from '../../platform/access/roles.ts';
import type { AdminKind, DataScope } from '../../platform/access/schema.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import { inTx } from '../../platform/db/tx.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { PageQuery } from '../../platform/http/schema.ts';

export const pageOf = (q: PageQuery) => {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
};

export async function listUsers(db: Queryable, q: PageQuery & { org_id?: number }) {
  const { page, pageSize, offset } = pageOf(q);
  let base = db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id');
  if (q.q) base = base.where((eb) => eb.or([eb('users.username', 'ilike', `%${q.q}%`), eb('users.display_name', 'ilike', `%${q.q}%`)]));
  if (q.org_id) base = base.where('users.org_id', '=', q.org_id);
  const sortable: Record<string, string> = { username: 'users.username', display_name: 'users.display_name', created_at: 'users.created_at', org: 'orgs.name' };
  const sortCol = sortable[q.sort ?? ''] ?? 'users.id';
  const [items, total] = await Promise.all([
    base
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.org_id',
        'orgs.name as org_name',
        'users.status',
        'users.totp_enabled',
        'users.locked_until',
        'users.created_at',
        'users.password_changed_at',
        sql<string[]>`ARRAY(SELECT r.code FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = users.id ORDER BY r.code)`.as('roles'),
      ])
      .orderBy(sql.ref(sortCol), q.order ?? 'asc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), page, pageSize };
}

export async function listRoles(db: Queryable) {
  return db
    .selectFrom('roles')
    .select([
      'id',
      'code',
      'name',
      'data_scope',
      'admin_kind',
      'permissions',
      'builtin',
      sql<number[]>`ARRAY(SELECT org_id FROM role_orgs WHERE role_id = roles.id)`.as('custom_org_ids'),
    ])
    .orderBy('id')
    .execute();
}

export interface RoleInput {
  code?: string;
  name: string;
  data_scope: DataScope;
  admin_kind?: AdminKind | null;
  permissions: string[];
  custom_org_ids?: number[];
}

export async function saveRole(db: Queryable, actor: Actor, id: number | null, input: RoleInput): Promise<number> {
  validateRole(input.admin_kind ?? null, input.permissions);
  return inTx(db, async (tx) => {
    let roleId = id;
    if (roleId === null) {
      if (!input.code || !/^[a-z][a-z0-9_]{1,40}$/.test(input.code)) {
        throw new AppError('bad_code', '角色代码须为小写字母开头的字母数字下划线', 'Role code: lower-case letters, digits, _');
      }
      const taken = await tx.selectFrom('roles').select('id').where('code', '=', input.code).executeTakeFirst();
      if (taken) throw new AppError('duplicate', `角色代码“${input.code}”已存在`, `Role code "${input.code}" exists`, 409);
      const r = await tx
        .insertInto('roles')
        .values({ code: input.code, name: input.name, data_scope: input.data_scope, admin_kind: input.admin_kind ?? null, permissions: sql`${sql.val(input.permissions)}::text[]` as never })
        .returning('id')
        .executeTakeFirstOrThrow();
      roleId = r.id;
    } else {
      const existing = await tx.selectFrom('roles').select(['id', 'admin_kind']).where('id', '=', roleId).executeTakeFirst();
      if (!existing) throw notFound('角色', 'Role');
      if ((existing.admin_kind ?? null) !== (input.admin_kind ?? null)) {
        throw new AppError('admin_separation', '不能改变角色的管理员类别', 'The administrator kind of a role cannot change');
      }
      await tx
        .updateTable('roles')
        .set({ name: input.name, data_scope: input.data_scope, permissions: sql`${sql.val(input.permissions)}::text[]` as never })
        .where('id', '=', roleId)
        .execute();
      await tx.deleteFrom('role_orgs').where('role_id', '=', roleId).execute();
    }
    if (input.data_scope === 'custom' && input.custom_org_ids?.length) {
      await tx.insertInto('role_orgs').values(input.custom_org_ids.map((org_id) => ({ role_id: roleId as number, org_id }))).execute();
    }
    await recordAudit(tx, actor, { action: id ? 'role.update' : 'role.create', objectType: 'role', objectId: roleId, detail: input });
    return roleId as number;
  });
}

export async function listOrgs(db: Queryable) {
  return db.selectFrom('orgs').select(['id', 'parent_id', 'ancestors', 'name', 'short_name', 'kind', 'district', 'sort']).orderBy('sort').orderBy('id').execute();
}

export async function listDicts(db: Queryable) {
  const types = await db.selectFrom('dict_types').selectAll().orderBy('code').execute();
  const items = await db.selectFrom('dict_items').selectAll().orderBy('dict_type').orderBy('sort').orderBy('id').execute();
  return types.map((t) => ({ ...t, items: items.filter((i) => i.dict_type === t.code) }));
}

export async function addDictItem(db: Queryable, actor: Actor, type: string, input: { value: string; label: string; sort?: number }) {
  return inTx(db, async (tx) => {
    const t = await tx.selectFrom('dict_types').select('code').where('code', '=', type).executeTakeFirst();
    if (!t) throw notFound('字典类型', 'Dictionary type');
    const dup = await tx.selectFrom('dict_items').select('id').where('dict_type', '=', type).where('value', '=', input.value).executeTakeFirst();
    if (dup) throw new AppError('duplicate', `字典项“${input.value}”已存在`, `Item "${input.value}" exists`, 409);
    const r = await tx.insertInto('dict_items').values({ dict_type: type, value: input.value, label: input.label, sort: input.sort ?? 100 }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'dict.add_item', objectType: 'dict_item', objectId: r.id, detail: { type, ...input } });
    return r.id;
  });
}

export async function updateDictItem(db: Queryable, actor: Actor, id: number, input: { label?: string; enabled?: boolean; sort?: number }) {
  await inTx(db, async (tx) => {
    const r = await tx.updateTable('dict_items').set(input).where('id', '=', id).executeTakeFirst();
    if (!r.numUpdatedRows) throw notFound('字典项', 'Dictionary item');
    await recordAudit(tx, actor, { action: 'dict.update_item', objectType: 'dict_item', objectId: id, detail: input });
  });
}

/** Which user ids the caller may manage: system admins all; nobody else. */
export function assertCanSeeUsers(access: AccessContext) {
  if (!access.permissions.has('admin:user') && !access.permissions.has('security:role') && !access.permissions.has('security:unlock')) {
    throw new AppError('forbidden', '无权查看用户', 'Not allowed to list users', 403);
  }
}
