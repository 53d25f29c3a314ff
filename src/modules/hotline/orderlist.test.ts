/**
 * The hotline's management routes over HTTP on the demo city's users: the work-order list
 * (paging, sorting, every filter, data scope, audit of the personal data read), the Open311 API
 * keys (list without secrets, revoke), the officers' side of public disclosure (draft, approve,
 * list, withdraw) and 专项深办 topics (edit with optimistic locking, delete).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { refreshAll } from './analysis.service.ts';
import { type OrderInput, writeOrders } from './orders.ts';
import { generateReport } from './report.service.ts';

let w: DemoWorld;
const actor = systemActor('test');

const ORDERS: OrderInput[] = [
  { order_id: 'L001', received_at: '2026-03-01 09:00:00', caller_name: '王小明', caller_phone: '13800001111', address: '东城区和平街道幸福路8号', district: '东城区', street: '和平街道', content: '学校食堂饭菜质量差，学生家长多次反映无人处理', category: '教育文体', handler_unit: '示范市教育局', status: '已办结', satisfaction: '不满意', supervised: true },
  { order_id: 'L002', received_at: '2026-03-02 10:00:00', caller_name: '李芳', caller_phone: '13800002222', address: '东城区和平街道春风里3号', district: '东城区', street: '和平街道', content: '小区物业不作为，电梯坏了三个月没人修', category: null, handler_unit: '示范市住房和城乡建设局', status: '办理中', supervised: false },
  { order_id: 'L003', received_at: '2026-03-05 11:00:00', caller_name: '赵强', caller_phone: '13800003333', address: '西城区文昌街道', district: '西城区', street: '文昌街道', content: '路灯不亮已经一周，夜间出行不安全', category: '城乡建设', handler_unit: '示范市城市管理局', status: '已退回', supervised: false },
  { order_id: 'L004', received_at: '2026-03-10 08:30:00', caller_name: '周梅', caller_phone: '13800004444', address: '北山县青石镇', district: '北山县', street: '青石镇', content: '低保审批优亲厚友，村干部亲属违规享受低保', category: '劳动和社会保障', handler_unit: '示范市农业农村局', status: '超期', supervised: true },
  { order_id: 'L005', received_at: '2026-03-31 23:30:00', caller_name: '孙丽', caller_phone: '13800005555', address: '南湖区湖滨街道', district: '南湖区', street: '湖滨街道', content: '校外培训机构退费难，食堂承包商跑路', category: null, handler_unit: '示范市教育局', status: '已办结', satisfaction: '满意', supervised: true },
];

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  const office = w.demo.orgs.get('示范市12345政务服务便民热线办公室')!;
  // L001–L004 supplied by the 12345 office; L005 by nobody in particular
  await writeOrders(w.platform, actor, ORDERS.slice(0, 4), { fileName: 'orders.csv', supplierOrgId: office });
  await writeOrders(w.platform, actor, ORDERS.slice(4), { fileName: 'orders2.csv' });
  // the platform's category for the two orders that came without one
  await w.platform.db
    .insertInto('hotline_classifications')
    .values([
      { order_id: 'L002', category: '城乡建设', confidence: 0.8, source: 'predicted', model_id: null, explanation: JSON.stringify([]) },
      { order_id: 'L005', category: '教育文体', confidence: 0.7, source: 'corrected', model_id: null, explanation: JSON.stringify([]) },
    ])
    .execute();
}, 240_000);
afterAll(async () => w?.close());

const ids = (r: { json: { items: { order_id: string }[] } }) => r.json.items.map((i) => i.order_id);

describe('GET /api/hotline/orders', () => {
  it('pages and sorts on the server (default: newest first)', async () => {
    const officer = await w.as('officer1');
    const p1 = await officer.get('/api/hotline/orders?pageSize=2');
    expect(p1.status).toBe(200);
    expect(p1.json).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(ids(p1)).toEqual(['L005', 'L004']);
    const p3 = await officer.get('/api/hotline/orders?pageSize=2&page=3');
    expect(ids(p3)).toEqual(['L001']);
    expect(ids(await officer.get('/api/hotline/orders?sort=order_id&order=asc'))).toEqual(['L001', 'L002', 'L003', 'L004', 'L005']);
    // text sorts in the database's C.UTF-8 order (code points)
    const byUnit = [...ORDERS].sort((a, b) => (String(a.handler_unit) < String(b.handler_unit) ? -1 : String(a.handler_unit) > String(b.handler_unit) ? 1 : a.order_id < b.order_id ? -1 : 1));
    expect(ids(await officer.get('/api/hotline/orders?sort=handler_unit&order=asc'))).toEqual(byUnit.map((o) => o.order_id));
    expect((await officer.get('/api/hotline/orders?sort=caller_phone')).status).toBe(400);
  });

  it('filters by district, street, category (given or the platform’s), unit, status, dates, flags and text', async () => {
    const officer = await w.as('officer1');
    const q = async (s: string) => ids(await officer.get(`/api/hotline/orders?sort=order_id&order=asc&${s}`));
    expect(await q(`district=${encodeURIComponent('东城区')}`)).toEqual(['L001', 'L002']);
    expect(await q(`street=${encodeURIComponent('文昌街道')}`)).toEqual(['L003']);
    // given 城乡建设 (L003) and predicted 城乡建设 (L002)
    expect(await q(`category=${encodeURIComponent('城乡建设')}`)).toEqual(['L002', 'L003']);
    expect(await q(`category=${encodeURIComponent('教育文体')}`)).toEqual(['L001', 'L005']);
    expect(await q('category_source=predicted')).toEqual(['L002']);
    expect(await q('category_source=corrected')).toEqual(['L005']);
    expect(await q(`unit=${encodeURIComponent('示范市教育局')}`)).toEqual(['L001', 'L005']);
    expect(await q(`status=${encodeURIComponent('已退回')}`)).toEqual(['L003']);
    expect(await q('from=2026-03-02&to=2026-03-10')).toEqual(['L002', 'L003', 'L004']);
    // 23:30 Shanghai time on 31 March belongs to that day
    expect(await q('from=2026-03-31&to=2026-03-31')).toEqual(['L005']);
    expect(await q('supervised=true')).toEqual(['L001', 'L004', 'L005']);
    expect(await q(`q=${encodeURIComponent('食堂')}`)).toEqual(['L001', 'L005']);
    expect(await q('q=L004')).toEqual(['L004']);
    expect(await q(`q=${encodeURIComponent('100%')}`)).toEqual([]);
    expect(await q(`district=${encodeURIComponent('东城区')}&category=${encodeURIComponent('教育文体')}`)).toEqual(['L001']);
    expect((await officer.get('/api/hotline/orders?from=2026-03-10&to=2026-03-01')).status).toBe(400);
    expect((await officer.get(`/api/hotline/orders?status=${encodeURIComponent('不存在')}`)).status).toBe(400);
  });

  it('returns the category with its source and the order’s fields', async () => {
    const officer = await w.as('officer1');
    const r = await officer.get('/api/hotline/orders?q=L002');
    expect(r.json.items[0]).toMatchObject({
      order_id: 'L002',
      category: '城乡建设',
      category_source: 'predicted',
      caller_name: '李芳',
      district: '东城区',
      handler_unit: '示范市住房和城乡建设局',
      status: '办理中',
      supervised: false,
      published: false,
    });
  });

  it('keeps to the data scope', async () => {
    // 12345 office (本部门): the orders it supplied
    const clerk = await w.as('hotline');
    expect(ids(await clerk.get('/api/hotline/orders?sort=order_id&order=asc'))).toEqual(['L001', 'L002', 'L003', 'L004']);
    // 派驻市农业农村局纪检监察组: the orders of the unit it is stationed at
    const group = await w.as('group1');
    const g = await group.get('/api/hotline/orders');
    expect(ids(g)).toEqual(['L004']);
    expect(g.json.total).toBe(1);
    // the leader (全部) sees all
    expect((await (await w.as('leader')).get('/api/hotline/orders')).json.total).toBe(5);
  });

  it('audits each read of the personal data with the filters and the orders returned', async () => {
    const officer = await w.as('officer1');
    await officer.get(`/api/hotline/orders?district=${encodeURIComponent('西城区')}`);
    const last = await w.platform.db.selectFrom('audit_events').selectAll().where('action', '=', 'hotline.order.list').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.actor_name).toBeTruthy();
    expect(last.detail).toMatchObject({ filters: { district: '西城区' }, returned: 1, order_ids: ['L003'] });
  });

  it('refuses without a session (401) and without hotline:read (403)', async () => {
    expect((await request(w.app, 'GET', '/api/hotline/orders')).status).toBe(401);
    expect((await (await w.as('auditor')).get('/api/hotline/orders')).status).toBe(403);
    expect((await (await w.as('auditor')).get('/api/hotline/order-filters')).status).toBe(403);
  });

  it('offers the filter values from the aggregates', async () => {
    await refreshAll(w.platform.db);
    const r = await (await w.as('officer1')).get('/api/hotline/order-filters');
    expect(r.status).toBe(200);
    expect(r.json.districts).toEqual(expect.arrayContaining(['东城区', '西城区', '北山县', '南湖区']));
    expect(r.json.units).toContain('示范市教育局');
    expect(r.json.statuses).toEqual(['已办结', '办理中', '已退回', '超期']);
  });
});

describe('Open311 API keys', () => {
  it('lists keys without their secret; a revoked key stops working', async () => {
    const sec = await w.as('secadmin');
    const office = w.demo.orgs.get('示范市12345政务服务便民热线办公室')!;
    const made = await sec.post('/api/hotline/api-keys', { org_id: office, name: '热线系统对接' });
    expect(made.status).toBe(200);
    expect(made.json.key).toMatch(/^gt_/);
    const list = await sec.get('/api/hotline/api-keys');
    expect(list.status).toBe(200);
    const row = list.json.find((k: { id: number }) => k.id === made.json.id);
    expect(row).toMatchObject({ name: '热线系统对接', org_name: '示范市12345政务服务便民热线办公室', revoked_at: null, created_by_name: '安全保密管理员' });
    expect(JSON.stringify(list.json)).not.toContain(made.json.key);
    expect(Object.keys(row)).not.toContain('key_hash');
    // the key works on the intake, then not after revocation
    expect((await request(w.app, 'GET', '/open311/v2/requests.json', undefined, { 'x-api-key': made.json.key })).status).toBe(200);
    expect((await sec.del(`/api/hotline/api-keys/${made.json.id}`)).status).toBe(200);
    expect((await request(w.app, 'GET', '/open311/v2/requests.json', undefined, { 'x-api-key': made.json.key })).status).toBe(401);
    const active = await sec.get('/api/hotline/api-keys?revoked=false');
    expect(active.json.some((k: { id: number }) => k.id === made.json.id)).toBe(false);
    const revoked = await sec.get('/api/hotline/api-keys?revoked=true');
    expect(revoked.json.find((k: { id: number }) => k.id === made.json.id).revoked_at).toBeTruthy();
    // a second revoke is refused
    expect((await sec.del(`/api/hotline/api-keys/${made.json.id}`)).status).toBe(400);
    expect((await (await w.as('officer1')).get('/api/hotline/api-keys')).status).toBe(403);
    expect((await request(w.app, 'GET', '/api/hotline/api-keys')).status).toBe(401);
  });
});

describe('public disclosure, the officer’s side', () => {
  it('shows the de-identified draft, approves, lists, withdraws; the public page follows', async () => {
    const officer = await w.as('officer1');
    const draft = await officer.get('/api/hotline/orders/L001/publication');
    expect(draft.status).toBe(200);
    expect(draft.json).toMatchObject({ order_id: 'L001', supervised: true, publication: null });
    expect(draft.json.draft.summary).toContain('学校食堂饭菜质量差');
    for (const secret of ['王小明', '13800001111', '幸福路8号']) expect(JSON.stringify(draft.json)).not.toContain(secret);

    const ok = await officer.post('/api/hotline/publications', { order_id: 'L001', summary: '王小明反映学校食堂饭菜质量差', resolution: '已督促学校更换食堂承包商，电话13800001111回访满意' });
    expect(ok.status).toBe(200);
    const list = await officer.get('/api/hotline/publications?state=published');
    expect(list.json.items.map((i: { order_id: string }) => i.order_id)).toEqual(['L001']);
    expect(list.json.items[0]).toMatchObject({ approved_by_name: '李明远', revoked_at: null });
    const pub = await request(w.app, 'GET', '/api/public/hotline/supervised');
    expect(pub.json.items.map((i: { order_id: string }) => i.order_id)).toEqual(['L001']);
    for (const secret of ['王小明', '13800001111']) expect(JSON.stringify(pub.json)).not.toContain(secret);
    expect(pub.json.items[0].resolution).toContain('已督促学校更换食堂承包商');
    // the list shows it as published
    expect((await officer.get('/api/hotline/orders?q=L001')).json.items[0].published).toBe(true);
    expect(ids(await officer.get('/api/hotline/orders?supervised=true&published=false&sort=order_id&order=asc'))).toEqual(['L004', 'L005']);

    expect((await officer.del('/api/hotline/publications/L001')).status).toBe(200);
    expect((await request(w.app, 'GET', '/api/public/hotline/supervised')).json.items).toEqual([]);
    const revoked = await officer.get('/api/hotline/publications?state=revoked');
    expect(revoked.json.items[0]).toMatchObject({ order_id: 'L001' });
    expect(revoked.json.items[0].revoked_at).toBeTruthy();
    expect((await officer.get('/api/hotline/orders/L001/publication')).json.publication.revoked_at).toBeTruthy();
  });

  it('refuses orders outside the officer’s data scope and users without hotline:publish', async () => {
    // group1 (派驻市农业农村局纪检监察组) holds hotline:publish but sees only L004
    const group = await w.as('group1');
    expect((await group.get('/api/hotline/orders/L005/publication')).status).toBe(404);
    expect((await group.post('/api/hotline/publications', { order_id: 'L005' })).status).toBe(404);
    expect((await group.get('/api/hotline/orders/L004/publication')).status).toBe(200);
    const clerk = await w.as('hotline');
    expect((await clerk.get('/api/hotline/publications')).status).toBe(403);
    expect((await clerk.get('/api/hotline/orders/L001/publication')).status).toBe(403);
  });
});

describe('专项深办 topics', () => {
  it('creates, edits (version-checked, numbers recomputed) and deletes a topic', async () => {
    await refreshAll(w.platform.db);
    const clerk = await w.as('hotline');
    const made = await clerk.post('/api/hotline/topics', { name: '校园食堂', keywords: ['食堂'] });
    expect(made.status).toBe(200);
    const id = made.json.id as number;
    const numbers = async () => ((await clerk.get('/api/hotline/analysis/topics?from=2026-03-01&to=2026-03-31')).json as { id: number; received: number | string | null }[]).find((t) => t.id === id);
    expect(Number((await numbers())?.received)).toBe(2); // L001, L005
    expect((await clerk.post('/api/hotline/topics', { name: '校园食堂', keywords: ['x'] })).status).toBe(409);

    const edited = await clerk.put(`/api/hotline/topics/${id}`, { name: '校园餐饮与培训', keywords: [' 食堂 ', '培训', '食堂'], version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ name: '校园餐饮与培训', keywords: ['食堂', '培训'], version: 2, active: true });
    expect((await clerk.put(`/api/hotline/topics/${id}`, { name: '旧版本', keywords: ['食堂'], version: 1 })).status).toBe(409);
    const list = await clerk.get('/api/hotline/topics');
    expect(list.json.find((t: { id: number }) => t.id === id).name).toBe('校园餐饮与培训');
    // deactivated: no numbers any more
    expect((await clerk.put(`/api/hotline/topics/${id}`, { name: '校园餐饮与培训', keywords: ['食堂'], active: false, version: 2 })).json.active).toBe(false);
    expect(await numbers()).toBeUndefined();

    expect((await clerk.del(`/api/hotline/topics/${id}`)).status).toBe(200);
    expect((await clerk.get('/api/hotline/topics')).json.some((t: { id: number }) => t.id === id)).toBe(false);
    expect((await clerk.del(`/api/hotline/topics/${id}`)).status).toBe(404);
    const audit = await w.platform.db.selectFrom('audit_events').select('action').where('object_type', '=', 'hotline_topic').where('object_id', '=', String(id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['hotline.topic.create', 'hotline.topic.update', 'hotline.topic.update', 'hotline.topic.delete']);
  });

  it('keeps a topic that a special report refers to; only hotline:routing edits', async () => {
    const clerk = await w.as('hotline');
    const t = (await clerk.post('/api/hotline/topics', { name: '物业电梯', keywords: ['电梯'] })).json;
    await generateReport(w.platform.db, actor, { kind: 'special', from: '2026-03-01', to: '2026-03-31', topicId: t.id });
    const del = await clerk.del(`/api/hotline/topics/${t.id}`);
    expect(del.status).toBe(409);
    expect(del.json.message).toContain('停用');
    const officer = await w.as('officer1');
    expect((await officer.put(`/api/hotline/topics/${t.id}`, { name: 'x', keywords: ['y'], version: 1 })).status).toBe(403);
    expect((await officer.del(`/api/hotline/topics/${t.id}`)).status).toBe(403);
  });
});
