/** Administration API: users (系统管理员), roles and unlocking (安全保密管理员), orgs, dictionaries. */
import { PERMISSIONS, MENUS } from '../../platform/access/permissions.ts';
import { resetTotp, unlockUser } from '../../platform/auth/auth.service.ts';
import { type App, accessOf, actorOf } from '../../platform/http/server.ts';
import { listCalendarYear, removeCalendarDay, setCalendarDay } from '../../platform/calendar/calendar.service.ts';
import { arr, bool, date, idParam, int, nullable, obj, oneOf, pageQuery, str, type PageQuery } from '../../platform/http/schema.ts';
import { addDictItem, assertCanSeeUsers, listDicts, listOrgs, listRoles, listUsers, saveRole, updateDictItem, type RoleInput } from './admin.service.ts';
import { createOrg, createUser, resetPassword, setUserRoles, setUserStatus } from './users.service.ts';

const ORG_KINDS = ['commission', 'office', 'dispatched_group', 'inspection', 'partner', 'unit'] as const;
const SCOPES = ['all', 'custom', 'dept', 'dept_and_below', 'self'] as const;
const roleBody = obj(
  {
    code: str(41),
    name: str(60),
    data_scope: oneOf(SCOPES),
    admin_kind: nullable(oneOf(['system', 'security', 'audit'])),
    permissions: arr(str(64), 200),
    custom_org_ids: arr(int(), 500),
  },
  ['name', 'data_scope', 'permissions'],
);

export async function adminRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['admin'];

  app.get('/api/admin/orgs', { config: { access: 'user' }, schema: { tags, summary: '组织机构树' } }, async () => ({ items: await listOrgs(db) }));

  app.post(
    '/api/admin/orgs',
    {
      config: { access: { permission: 'admin:org' } },
      schema: {
        tags,
        summary: '新建组织',
        body: obj({ name: str(100), kind: oneOf(ORG_KINDS), parent_id: nullable(int()), short_name: str(50), district: str(50), sort: int() }, ['name', 'kind']),
      },
    },
    async (req) => {
      const b = req.body as { name: string; kind: (typeof ORG_KINDS)[number]; parent_id?: number | null; short_name?: string; district?: string; sort?: number };
      const id = await createOrg(db, actorOf(req), { name: b.name, kind: b.kind, parentId: b.parent_id, shortName: b.short_name, district: b.district, sort: b.sort });
      return { id };
    },
  );

  app.get(
    '/api/admin/users',
    { config: { access: 'user' }, schema: { tags, summary: '用户列表', querystring: pageQuery({ org_id: int() }) } },
    async (req) => {
      assertCanSeeUsers(accessOf(req));
      return listUsers(db, req.query as PageQuery & { org_id?: number });
    },
  );

  app.post(
    '/api/admin/users',
    {
      config: { access: { permission: 'admin:user' } },
      schema: {
        tags,
        summary: '新建用户（角色由安全保密管理员授予）',
        body: obj({ username: str(64), display_name: str(60), org_id: int(), password: str(200), phone: str(20) }, ['username', 'display_name', 'org_id', 'password']),
      },
    },
    async (req) => {
      const b = req.body as { username: string; display_name: string; org_id: number; password: string; phone?: string };
      const id = await createUser(db, actorOf(req), {
        username: b.username,
        displayName: b.display_name,
        orgId: b.org_id,
        password: b.password,
        phone: b.phone,
        roles: [],
        mustChangePassword: true,
      });
      return { id };
    },
  );

  app.patch(
    '/api/admin/users/:id/status',
    { config: { access: { permission: 'admin:user' } }, schema: { tags, summary: '启用/停用用户', params: idParam, body: obj({ status: oneOf(['active', 'disabled']) }, ['status']) } },
    async (req) => {
      await setUserStatus(db, actorOf(req), (req.params as { id: number }).id, (req.body as { status: 'active' | 'disabled' }).status);
      return { ok: true };
    },
  );

  app.put(
    '/api/admin/users/:id/roles',
    { config: { access: { permission: 'security:role' } }, schema: { tags, summary: '授予角色（三员分立校验）', params: idParam, body: obj({ roles: arr(str(41), 20) }, ['roles']) } },
    async (req) => {
      await setUserRoles(db, actorOf(req), (req.params as { id: number }).id, (req.body as { roles: string[] }).roles);
      return { ok: true };
    },
  );

  app.post(
    '/api/admin/users/:id/unlock',
    { config: { access: { permission: 'security:unlock' } }, schema: { tags, summary: '解锁账号', params: idParam } },
    async (req) => {
      await unlockUser(db, (req.params as { id: number }).id, actorOf(req));
      return { ok: true };
    },
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    { config: { access: { permission: 'security:unlock' } }, schema: { tags, summary: '重置口令', params: idParam, body: obj({ password: str(200) }, ['password']) } },
    async (req) => {
      await resetPassword(db, actorOf(req), (req.params as { id: number }).id, (req.body as { password: string }).password);
      return { ok: true };
    },
  );

  app.post(
    '/api/admin/users/:id/reset-totp',
    { config: { access: { permission: 'security:unlock' } }, schema: { tags, summary: '重置动态口令', params: idParam } },
    async (req) => {
      await resetTotp(db, (req.params as { id: number }).id, actorOf(req));
      return { ok: true };
    },
  );

  app.get('/api/admin/permissions', { config: { access: { permission: 'security:role' } }, schema: { tags, summary: '权限目录' } }, async () => ({
    menus: MENUS,
    items: PERMISSIONS,
  }));

  app.get('/api/admin/roles', { config: { access: 'user' }, schema: { tags, summary: '角色列表' } }, async (req) => {
    assertCanSeeUsers(accessOf(req));
    return { items: await listRoles(db) };
  });

  app.post('/api/admin/roles', { config: { access: { permission: 'security:role' } }, schema: { tags, summary: '新建角色', body: roleBody } }, async (req) => ({
    id: await saveRole(db, actorOf(req), null, req.body as RoleInput),
  }));

  app.put(
    '/api/admin/roles/:id',
    { config: { access: { permission: 'security:role' } }, schema: { tags, summary: '修改角色', params: idParam, body: roleBody } },
    async (req) => ({ id: await saveRole(db, actorOf(req), (req.params as { id: number }).id, req.body as RoleInput) }),
  );

  app.get('/api/admin/dicts', { config: { access: 'user' }, schema: { tags, summary: '字典' } }, async () => ({ items: await listDicts(db) }));

  app.post(
    '/api/admin/dicts/:type/items',
    {
      config: { access: { permission: 'admin:dict' } },
      schema: { tags, summary: '新增字典项', params: obj({ type: str(64) }, ['type']), body: obj({ value: str(100), label: str(100), sort: int() }, ['value', 'label']) },
    },
    async (req) => ({ id: await addDictItem(db, actorOf(req), (req.params as { type: string }).type, req.body as { value: string; label: string }) }),
  );

  app.patch(
    '/api/admin/dicts/items/:id',
    { config: { access: { permission: 'admin:dict' } }, schema: { tags, summary: '修改字典项', params: idParam, body: obj({ label: str(100), enabled: bool(), sort: int() }) } },
    async (req) => {
      await updateDictItem(db, actorOf(req), (req.params as { id: number }).id, req.body as { label?: string });
      return { ok: true };
    },
  );
}

export async function calendarRoutes(app: App) {
  const { db } = app.platform;
  const tags = ['admin'];
  app.get(
    '/api/admin/calendar',
    { config: { access: 'user' }, schema: { tags, summary: '工作日历（法定节假日与调休）', querystring: obj({ year: int({ minimum: 2000, maximum: 2100 }) }, ['year']) } },
    async (req) => ({ items: await listCalendarYear(db, (req.query as { year: number }).year) }),
  );
  app.put(
    '/api/admin/calendar/:date',
    {
      config: { access: { permission: 'admin:calendar' } },
      schema: { tags, summary: '设置放假/调休上班日', params: obj({ date: date() }, ['date']), body: obj({ kind: oneOf(['holiday', 'workday']), name: nullable(str(50)) }, ['kind']) },
    },
    async (req) => {
      const b = req.body as { kind: 'holiday' | 'workday'; name?: string | null };
      await setCalendarDay(db, actorOf(req), (req.params as { date: string }).date, b.kind, b.name ?? null);
      return { ok: true };
    },
  );
  app.delete(
    '/api/admin/calendar/:date',
    { config: { access: { permission: 'admin:calendar' } }, schema: { tags, summary: '删除日历设置', params: obj({ date: date() }, ['date']) } },
    async (req) => {
      await removeCalendarDay(db, actorOf(req), (req.params as { date: string }).date);
      return { ok: true };
    },
  );
}
