/**
 * The ledger over HTTP with the demo city's users: 401/403 on every route, the whole life of an
 * item (progress with evidence → 申请销号 → failed verification → re-rectification → 销号 →
 * re-opening), 销号 refused to non-verifiers, and an audit event for every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request, signIn } from '../../../test/support/http.ts';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoTotpSecret } from '../demo/city.ts';
import { createUser } from '../admin/users.service.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';

let w: DemoWorld;
let agriOrg: number;
let groupOrg: number;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  agriOrg = w.demo.orgs.get('示范市农业农村局')!;
  groupOrg = w.demo.orgs.get('派驻市农业农村局纪检监察组')!;
});
afterAll(() => w?.close());

const ROUTE_PREFIX = '/api/rectification';
const permsOf = (username: string) =>
  new Set(DEMO_USERS.find((u) => u.username === username)!.roles.flatMap((r) => BUILTIN_ROLES.find((b) => b.code === r)!.permissions));

function multipart(fileName: string, content: Buffer, mime: string) {
  const boundary = `----guantong${Date.now()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(c: Client, itemId: number, fileName: string, content: Buffer, mime = 'image/png') {
  const m = multipart(fileName, content, mime);
  return request(w.app, 'POST', `${ROUTE_PREFIX}/items/${itemId}/attachments`, m.body, { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': m.contentType });
}

async function auditActions(objectId: number) {
  const rows = await w.platform.db
    .selectFrom('audit_events')
    .select(['action', 'actor_name'])
    .where('object_type', '=', 'rect_item')
    .where('object_id', '=', String(objectId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('every route refuses the anonymous (401) and those without its permission (403)', () => {
  const routes = () => w.app.routeTable.filter((r) => r.url.startsWith(ROUTE_PREFIX));

  it('has the routes', () => {
    expect(routes().length).toBeGreaterThanOrEqual(15);
    for (const r of routes()) expect(typeof r.access === 'object' && 'permission' in r.access).toBe(true);
  });

  it('401 without a session', async () => {
    for (const r of routes()) {
      const res = await request(w.app, r.method, r.url.replace(':id', '1'), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('403 for a signed-in user lacking the permission, with an access.denied audit event', async () => {
    const candidates = ['hotline', 'dataadmin', 'finance', 'agri', 'leader', 'casemgr'];
    for (const r of routes()) {
      const needs = (r.access as { permission: string }).permission;
      const user = candidates.find((u) => !permsOf(u).has(needs))!;
      expect(user, needs).toBeTruthy();
      const c = await w.as(user);
      const url = r.url.replace(':id', '1');
      const res = r.method === 'GET' ? await c.get(url) : await request(w.app, r.method, url, {}, { cookie: c.cookie, 'x-csrf-token': c.csrf });
      expect(res.status, `${user} ${r.method} ${r.url}`).toBe(403);
      const denied = await w.platform.db
        .selectFrom('audit_events')
        .select('seq')
        .where('action', '=', 'access.denied')
        .where('object_id', '=', `${r.method} ${r.url}`)
        .execute();
      expect(denied.length, `${r.method} ${r.url}`).toBeGreaterThan(0);
    }
  });
});

describe('the life of a ledger item over HTTP', () => {
  let id: number;
  let group1: Client;
  let agri: Client;
  const get = async () => (await group1.get(`${ROUTE_PREFIX}/items/${id}`)).json;

  beforeAll(async () => {
    group1 = await w.as('group1');
    agri = await w.as('agri');
  });

  it('the supervising body registers the item (problem + responsibility lists)', async () => {
    const r = await group1.post(`${ROUTE_PREFIX}/items`, {
      source_type: 'inspection',
      source_ref: '市委第一巡察组反馈意见第5条',
      title: '高标准农田建设项目验收把关不严',
      description: '部分地块灌溉设施未建成即通过验收。',
      responsible_org_id: agriOrg,
      responsible_leader_name: '钱国栋',
      responsible_leader_title: '局长',
      supervising_org_id: groupOrg,
      supervisor_name: '赵建国',
      measures: '重新组织验收，追回多付工程款',
      assigned_on: '2026-11-02',
      time_limit_days: 30,
    });
    expect(r.status).toBe(200);
    id = r.json.id;
    // 30 working days after Mon 2 Nov 2026 (no holiday in between): 14 Dec 2026
    expect(r.json.deadline).toBe('2026-12-14');
    const item = await get();
    expect(item.status).toBe('pending');
    expect(item.responsible_org_name).toBe('示范市农业农村局');
    expect(item.supervising_org_name).toBe('派驻市农业农村局纪检监察组');
    expect(item.deadline_basis).toBe('working_days');
  });

  it('refuses unknown fields and a missing deadline', async () => {
    const r = await group1.post(`${ROUTE_PREFIX}/items`, { source_type: 'audit', title: 'x', responsible_org_id: agriOrg, responsible_leader_name: 'x', supervising_org_id: groupOrg, deadline: '2026-12-01', hacked: 1 });
    expect(r.status).toBe(400);
    const r2 = await group1.post(`${ROUTE_PREFIX}/items`, { source_type: 'audit', title: 'x', responsible_org_id: agriOrg, responsible_leader_name: 'x', supervising_org_id: groupOrg });
    expect(r2.status).toBe(400);
  });

  it('an office outside the data scope cannot see it (404), the unit can', async () => {
    expect((await (await w.as('officer1')).get(`${ROUTE_PREFIX}/items/${id}`)).status).toBe(404);
    expect((await (await w.as('auditor')).get(`${ROUTE_PREFIX}/items/${id}`)).status).toBe(404);
    const mine = await agri.get(`${ROUTE_PREFIX}/items?pageSize=100`);
    expect(mine.json.items.map((i: { id: number }) => i.id)).toContain(id);
    expect((await agri.get(`${ROUTE_PREFIX}/items/${id}`)).json.actions).toEqual(['report', 'submit']);
  });

  it('the unit uploads evidence and reports progress with it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const up = await upload(agri, id, '验收现场照片.png', png);
    expect(up.status).toBe(200);
    const bad = await upload(agri, id, 'tool.exe', Buffer.from('MZ'));
    expect(bad.status).toBe(400);
    const item = await get();
    const r = await agri.post(`${ROUTE_PREFIX}/items/${id}/progress`, { version: item.version, note: '已组织第三方重新验收', progress_percent: 60, attachment_ids: [up.json.id] });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('in_progress');
    const after = await get();
    expect(after.progress_percent).toBe(60);
    expect(after.attachments).toHaveLength(1);
    expect(after.attachments[0].event_id).toBe(r.json.eventId);
    const leader = await w.as('leader');
    const dl = await w.app.inject({ method: 'GET', url: `${ROUTE_PREFIX}/attachments/${up.json.id}`, headers: { cookie: leader.cookie } });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(png)).toBe(true);
    expect(String(dl.headers['content-disposition'])).toContain(encodeURIComponent('验收现场照片.png'));
    // stored encrypted: the database holds no plain bytes
    const stored = await w.platform.db.selectFrom('rect_attachments').select(['content_enc', 'file_name']).where('id', '=', up.json.id).executeTakeFirstOrThrow();
    expect(stored.file_name).toBe('验收现场照片.png');
    expect(stored.content_enc).not.toContain(png.toString('base64'));
  });

  it('a stale version is refused with 409', async () => {
    const r = await agri.post(`${ROUTE_PREFIX}/items/${id}/progress`, { version: 1, note: '旧版本' });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('conflict');
  });

  it('the unit applies for 销号; the unit itself cannot verify (403)', async () => {
    const item = await get();
    const r = await agri.post(`${ROUTE_PREFIX}/items/${id}/submit`, { version: item.version, note: '整改已完成，申请销号' });
    expect(r.json.status).toBe('submitted');
    const v = await agri.post(`${ROUTE_PREFIX}/items/${id}/verify`, { version: r.json.version, passed: true, opinion: '自己销号' });
    expect(v.status).toBe(403);
  });

  it('销号 is refused to a verifier who is not a member of the supervising body (403)', async () => {
    // An officer at the commission itself: sees everything below (数据权限), holds rectify:verify,
    // but is not a member of the dispatched group that supervises this item.
    const commission = w.demo.orgs.get('示范市纪委监委')!;
    const uid = await createUser(w.platform.db, systemActor('test'), { username: 'officer0', displayName: '钱正', orgId: commission, password: DEMO_PASSWORD, roles: ['officer'] });
    await w.platform.db.updateTable('users').set({ totp_secret_enc: w.platform.cipher.encrypt(demoTotpSecret('officer0')), totp_enabled: true }).where('id', '=', uid).execute();
    const officer0 = await signIn(w.app, 'officer0', DEMO_PASSWORD, demoTotpSecret('officer0'));
    const item = (await officer0.get(`${ROUTE_PREFIX}/items/${id}`)).json;
    expect(item.status).toBe('submitted');
    expect(item.actions).toEqual([]);
    const v = await officer0.post(`${ROUTE_PREFIX}/items/${id}/verify`, { version: item.version, passed: true, opinion: '越权销号' });
    expect(v.status).toBe(403);
    expect(v.json.message).toContain('监督主体');
    expect((await get()).status).toBe('submitted');
  });

  it('failed verification re-opens the item; after re-rectification the verifier closes it (销号)', async () => {
    let item = await get();
    const fail = await group1.post(`${ROUTE_PREFIX}/items/${id}/verify`, { version: item.version, passed: false, opinion: '抽查发现2处地块仍未整改到位' });
    expect(fail.json.status).toBe('reopened');
    item = await get();
    expect(item.reopen_count).toBe(1);
    const again = await agri.post(`${ROUTE_PREFIX}/items/${id}/progress`, { version: item.version, note: '剩余地块已整改', progress_percent: 90 });
    expect(again.json.status).toBe('in_progress');
    const sub = await agri.post(`${ROUTE_PREFIX}/items/${id}/submit`, { version: again.json.version, note: '再次申请销号' });
    const pass = await group1.post(`${ROUTE_PREFIX}/items/${id}/verify`, { version: sub.json.version, passed: true, opinion: '现场核验属实，同意销号', rectified_on: '2026-11-27' });
    expect(pass.status).toBe(200);
    expect(pass.json.status).toBe('rectified');
    item = await get();
    expect(item.rectified_on).toBe('2026-11-27');
    expect(item.verified_by).toBe(w.demo.users.get('group1'));
    expect(item.events.map((e: { event: string }) => e.event)).toEqual(['report', 'submit', 'verify_fail', 'report', 'submit', 'verify_pass']);
  });

  it('re-opening after 销号 needs a new deadline and the verifier', async () => {
    const item = await get();
    expect((await agri.post(`${ROUTE_PREFIX}/items/${id}/reopen`, { version: item.version, reason: 'x', new_deadline: '2026-12-31' })).status).toBe(403);
    expect((await group1.post(`${ROUTE_PREFIX}/items/${id}/reopen`, { version: item.version, reason: '回头看发现问题反弹' })).status).toBe(400);
    const r = await group1.post(`${ROUTE_PREFIX}/items/${id}/reopen`, { version: item.version, reason: '回头看发现问题反弹', new_deadline: '2026-12-31' });
    expect(r.json.status).toBe('reopened');
    const after = await get();
    expect(after.rectified_on).toBeNull();
    expect(after.deadline).toBe('2026-12-31');
    expect(after.reopen_count).toBe(2);
  });

  it('an event the state does not allow is a 409', async () => {
    const item = await get();
    const r = await group1.post(`${ROUTE_PREFIX}/items/${id}/verify`, { version: item.version, passed: true, opinion: '未申请即销号' });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('bad_state');
  });

  it('wrote one audit event per change (and per audited read)', async () => {
    const actions = await auditActions(id);
    const changes = actions.filter((a) => a !== 'rectify.read' && a !== 'rectify.attachment.download');
    expect(changes).toEqual([
      'rectify.create',
      'rectify.attachment.upload',
      'rectify.report',
      'rectify.submit',
      'rectify.verify_fail',
      'rectify.report',
      'rectify.submit',
      'rectify.verify_pass',
      'rectify.reopen',
    ]);
    expect(actions).toContain('rectify.attachment.download');
    expect(actions).toContain('rectify.read');
  });

  it('edits the ledger entry (supervising body only) and shows 见底清零', async () => {
    const item = await get();
    expect((await agri.patch(`${ROUTE_PREFIX}/items/${id}`, { version: item.version, deadline: '2027-06-30' })).status).toBe(403);
    const ok = await group1.patch(`${ROUTE_PREFIX}/items/${id}`, { version: item.version, measures: '重新验收并建立长效机制' });
    expect(ok.status).toBe(200);
    expect((await auditActions(id)).filter((a) => a === 'rectify.update')).toHaveLength(1);
    const c = await agri.get(`${ROUTE_PREFIX}/clearance?by=unit`);
    expect(c.status).toBe(200);
    expect(c.json.rows).toEqual([expect.objectContaining({ key: agriOrg, total: 1, rectified: 0, in_progress: 1, overdue: 0, cleared: false })]);
  });

  it('campaigns: created by rectify:edit, listed by rectify:read', async () => {
    const r = await group1.post(`${ROUTE_PREFIX}/campaigns`, { name: '粮食购销领域腐败专项整治', domain: '粮食购销', started_on: '2026-03-01', ends_on: '2026-12-31' });
    expect(r.status).toBe(200);
    const list = await agri.get(`${ROUTE_PREFIX}/campaigns`);
    expect(list.json.items.map((c: { name: string }) => c.name)).toContain('粮食购销领域腐败专项整治');
  });
});
