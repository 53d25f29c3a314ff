import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { notify } from './notifications.service.ts';

let w: DemoWorld;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

const titles = (r: { json: { items: { title: string }[] } }) => r.json.items.map((n) => n.title);

describe('notifications', () => {
  it('reach a user, or the members of an org holding the required permission', async () => {
    const db = w.platform.db;
    const office = w.demo.orgs.get('第一监督检查室')!;
    const commission = w.demo.orgs.get('示范市纪委监委')!;
    await db.transaction().execute(async (tx) => {
      expect(await notify(tx, { to: [{ userId: w.demo.users.get('officer1')! }, { userId: w.demo.users.get('officer1')! }], kind: 'test.user', title: '给李明远的提醒' })).toBe(1);
      await notify(tx, { to: { orgId: office }, kind: 'test.org', title: '第一监督检查室收件', link: '/x/1', objectType: 'x', objectId: 1 });
      await notify(tx, { to: { orgId: commission }, permission: 'transfer:receive', kind: 'test.org', title: '委机关签收提醒' });
    });
    const officer1 = await w.as('officer1');
    const officer2 = await w.as('officer2');
    const leader = await w.as('leader');
    const dataadmin = await w.as('dataadmin');
    expect(titles(await officer1.get('/api/notifications'))).toEqual(['第一监督检查室收件', '给李明远的提醒']);
    expect(titles(await officer2.get('/api/notifications'))).toEqual([]);
    // same org as the leader, but without transfer:receive
    expect(titles(await leader.get('/api/notifications'))).toEqual(['委机关签收提醒']);
    expect(titles(await dataadmin.get('/api/notifications'))).toEqual([]);

    const list = (await officer1.get('/api/notifications')).json;
    expect(list).toMatchObject({ total: 2, unread: 2 });
    const orgNote = list.items.find((n: { kind: string }) => n.kind === 'test.org');
    expect(orgNote).toMatchObject({ link: '/x/1', object_type: 'x', object_id: '1', read_at: null });
    const r = await officer1.post('/api/notifications/read', { ids: [orgNote.id] });
    expect(r.json).toEqual({ updated: 1 });
    expect((await officer1.get('/api/notifications?unread=true')).json).toMatchObject({ total: 1, unread: 1 });
    // someone else's notification cannot be marked
    expect((await officer2.post('/api/notifications/read', { ids: [orgNote.id] })).json).toEqual({ updated: 0 });
    expect((await officer1.post('/api/notifications/read', { all: true })).json).toEqual({ updated: 1 });
    const events = await db.selectFrom('audit_events').select(['action', 'actor_id']).where('action', '=', 'notification.read').execute();
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.actor_id === w.demo.users.get('officer1'))).toBe(true);
  });

  it('routes answer 401 without login and 403 without todo:view', async () => {
    const routes = w.app.routeTable.filter((r) => r.url.startsWith('/api/notifications'));
    expect(routes).toHaveLength(2);
    const sysadmin = await w.as('sysadmin');
    for (const r of routes) {
      expect((await request(w.app, r.method, r.url, r.method === 'GET' ? undefined : {})).status).toBe(401);
      expect((await request(w.app, r.method, r.url, r.method === 'GET' ? undefined : {}, { cookie: sysadmin.cookie, 'x-csrf-token': sysadmin.csrf })).status).toBe(403);
    }
  });
});
