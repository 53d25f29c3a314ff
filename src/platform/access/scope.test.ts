/** Data scopes (全部 / 自定义 / 本部门 / 本部门及以下 / 仅本人) as SQL, on the backend of this run. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, createUser } from '../../modules/admin/users.service.ts';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../audit/audit.service.ts';
import { loadAccessContext } from './context.ts';
import { scopeCondition } from './scope.ts';
import type { DataScope } from './schema.ts';

let p: TestPlatform;
const orgs: Record<string, number> = {};
const users: Record<string, number> = {};
const actor = systemActor('t');

beforeAll(async () => {
  p = await testPlatform();
  // root ─┬─ a ─── a1 ─── a1x
  //       └─ b
  orgs.root = await createOrg(p.db, actor, { name: '根', kind: 'commission' });
  orgs.a = await createOrg(p.db, actor, { name: '甲室', kind: 'office', parentId: orgs.root });
  orgs.a1 = await createOrg(p.db, actor, { name: '甲一科', kind: 'office', parentId: orgs.a });
  orgs.a1x = await createOrg(p.db, actor, { name: '甲一科小组', kind: 'office', parentId: orgs.a1 });
  orgs.b = await createOrg(p.db, actor, { name: '乙室', kind: 'office', parentId: orgs.root });
  const scopes: DataScope[] = ['all', 'custom', 'dept', 'dept_and_below', 'self'];
  for (const s of scopes) {
    const role = await p.db
      .insertInto('roles')
      .values({ code: `t_${s}`, name: s, data_scope: s, admin_kind: null, permissions: [] as never })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s === 'custom') await p.db.insertInto('role_orgs').values([{ role_id: role.id, org_id: orgs.b }, { role_id: role.id, org_id: orgs.a1x }]).execute();
  }
  // One user per scope, all in 甲一科 (a1), plus one user in each org to be seen.
  for (const s of scopes) users[s] = await createUser(p.db, actor, { username: `u_${s}`, displayName: s, orgId: orgs.a1, password: 'Passw0rd!Passw0rd', roles: [`t_${s}`] });
  for (const [k, id] of Object.entries(orgs)) users[`in_${k}`] = await createUser(p.db, actor, { username: `in_${k}`, displayName: k, orgId: id, password: 'Passw0rd!Passw0rd', roles: [] });
});
afterAll(() => p?.close());

async function visibleTo(username: string): Promise<string[]> {
  const ctx = (await loadAccessContext(p.db, users[username.replace('u_', '')]))!;
  const rows = await p.db.selectFrom('users').select('username').where(scopeCondition(ctx, 'users.org_id', 'users.id')).where('username', 'like', 'in_%').orderBy('username').execute();
  return rows.map((r) => r.username);
}

describe('data scope', () => {
  it.each([
    ['u_all', ['in_a', 'in_a1', 'in_a1x', 'in_b', 'in_root']],
    ['u_custom', ['in_a1x', 'in_b']],
    ['u_dept', ['in_a1']],
    ['u_dept_and_below', ['in_a1', 'in_a1x']],
    ['u_self', []],
  ])('%s sees exactly its records', async (user, expected) => {
    expect(await visibleTo(user)).toEqual(expected);
  });

  it('仅本人 sees the rows it owns', async () => {
    const ctx = (await loadAccessContext(p.db, users.self))!;
    const rows = await p.db.selectFrom('users').select('username').where(scopeCondition(ctx, 'users.org_id', 'users.id')).execute();
    expect(rows.map((r) => r.username)).toEqual(['u_self']);
  });

  it('a user with two roles sees the union of their scopes', async () => {
    await p.db.insertInto('user_roles').values({ user_id: users.dept, role_id: (await p.db.selectFrom('roles').select('id').where('code', '=', 't_custom').executeTakeFirstOrThrow()).id }).execute();
    expect(await visibleTo('u_dept')).toEqual(['in_a1', 'in_a1x', 'in_b']);
  });
});
