/**
 * Accountability over HTTP with the demo city's users: 401/403 on every route, 提级审核 (a major
 * decision is not effective until the higher level approves; approving without account:approve
 * is 403), 双问责 proposals turned into decisions, care records, and audit events per change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request } from '../../../test/support/http.ts';
import { BUILTIN_ROLES } from '../../platform/access/roles.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { DEMO_USERS } from '../demo/city.ts';
import { createLedgerItem, flagOverdueRectifications } from '../rectification/rectification.service.ts';

let w: DemoWorld;
let agriOrg: number;
let groupOrg: number;
const P = '/api/accountability';

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  agriOrg = w.demo.orgs.get('示范市农业农村局')!;
  groupOrg = w.demo.orgs.get('派驻市农业农村局纪检监察组')!;
});
afterAll(() => w?.close());

const permsOf = (username: string) =>
  new Set(DEMO_USERS.find((u) => u.username === username)!.roles.flatMap((r) => BUILTIN_ROLES.find((b) => b.code === r)!.permissions));

async function audit(objectType: string, id: number) {
  const rows = await w.platform.db
    .selectFrom('audit_events')
    .select('action')
    .where('object_type', '=', objectType)
    .where('object_id', '=', String(id))
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('every route refuses the anonymous (401) and those without its permission (403)', () => {
  const routes = () => w.app.routeTable.filter((r) => r.url.startsWith(P));

  it('401 without a session', async () => {
    expect(routes().length).toBeGreaterThanOrEqual(17);
    for (const r of routes()) {
      const res = await request(w.app, r.method, r.url.replace(':id', '1'), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('403 for a signed-in user lacking the permission', async () => {
    const candidates = ['agri', 'hotline', 'dataadmin', 'officer1', 'leader'];
    for (const r of routes()) {
      const needs = (r.access as { permission: string }).permission;
      const user = candidates.find((u) => !permsOf(u).has(needs))!;
      const c = await w.as(user);
      const url = r.url.replace(':id', '1');
      const res = r.method === 'GET' ? await c.get(url) : await request(w.app, r.method, url, {}, { cookie: c.cookie, 'x-csrf-token': c.csrf });
      expect(res.status, `${user} ${r.method} ${r.url}`).toBe(403);
    }
  });
});

describe('提级审核 (approval by the higher level)', () => {
  let officer1: Client;
  let leader: Client;
  let sanctionId: number;

  beforeAll(async () => {
    officer1 = await w.as('officer1');
    leader = await w.as('leader');
  });

  it('a 纪律处分 is registered pending approval and is not yet counted', async () => {
    const r = await officer1.post(`${P}/decisions`, {
      target_kind: 'person',
      measure: 'discipline',
      target_org_id: agriOrg,
      person_name: '孙某',
      person_title: '农田建设科科长',
      party_member: true,
      party_sanction: 'serious_warning',
      gov_sanction: 'major_demerit',
      reason: '高标准农田项目验收中失职失责',
      decided_on: '2026-11-10',
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'pending_approval', form: 2, major: true });
    sanctionId = r.json.id;
    const d = (await officer1.get(`${P}/decisions/${sanctionId}`)).json;
    expect(d.effective_on).toBeNull();
    expect(d.party_sanction_label).toBe('严重警告');
    expect(d.gov_sanction_label).toBe('记大过');
    expect(d.form_label).toBe('第二种形态');
    const stats = (await leader.get(`${P}/stats/forms?period=all`)).json;
    expect(stats.totals.total).toBe(0);
  });

  it('approval by someone without account:approve is 403 (officer2, group1, and the registrant)', async () => {
    const d = (await officer1.get(`${P}/decisions/${sanctionId}`)).json;
    for (const u of ['officer1', 'officer2', 'group1', 'casemgr']) {
      const r = await (await w.as(u)).post(`${P}/decisions/${sanctionId}/approve`, { version: d.version });
      expect(r.status, u).toBe(403);
    }
    expect((await officer1.get(`${P}/decisions/${sanctionId}`)).json.status).toBe('pending_approval');
  });

  it('the leader approves: effective from the approval date, and counted', async () => {
    const d = (await officer1.get(`${P}/decisions/${sanctionId}`)).json;
    const r = await leader.post(`${P}/decisions/${sanctionId}/approve`, { version: d.version, opinion: '同意', effective_on: '2026-11-12' });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('effective');
    const after = (await officer1.get(`${P}/decisions/${sanctionId}`)).json;
    expect(after.effective_on).toBe('2026-11-12');
    expect(after.approved_by).toBe(w.demo.users.get('leader'));
    const stats = (await leader.get(`${P}/stats/forms?period=month&by=unit`)).json;
    expect(stats.rows).toEqual([expect.objectContaining({ period: '2026-11', org_id: agriOrg, org_name: '示范市农业农村局', form2: 1, total: 1 })]);
    // approving twice is a state error
    expect((await leader.post(`${P}/decisions/${sanctionId}/approve`, { version: after.version })).status).toBe(409);
    expect(await audit('account_decision', sanctionId)).toEqual(expect.arrayContaining(['account.decision.create', 'account.decision.approve']));
  });

  it('a non-major decision (诫勉) is effective at once; an org 改组 waits for approval', async () => {
    const a = await officer1.post(`${P}/decisions`, { target_kind: 'person', measure: 'admonish', target_org_id: agriOrg, person_name: '吴某', reason: '履职不力', decided_on: '2026-11-20' });
    expect(a.json).toMatchObject({ status: 'effective', form: 1, major: false });
    const g = await officer1.post(`${P}/decisions`, { target_kind: 'org', measure: 'org_reorganize', target_org_id: agriOrg, reason: '班子软弱涣散', decided_on: '2026-11-20' });
    expect(g.json).toMatchObject({ status: 'pending_approval', form: null, major: true });
    const bad = await officer1.post(`${P}/decisions`, { target_kind: 'org', measure: 'org_notice', target_org_id: agriOrg, person_name: '某人', reason: 'x' });
    expect(bad.status).toBe(400);
  });

  it('decisions are seen within the data scope only', async () => {
    expect((await (await w.as('officer2')).get(`${P}/decisions/${sanctionId}`)).status).toBe(404);
    const list = (await (await w.as('officer2')).get(`${P}/decisions`)).json;
    expect(list.total).toBe(0);
    expect((await leader.get(`${P}/decisions?measure=discipline`)).json.items.map((d: { id: number }) => d.id)).toContain(sanctionId);
  });
});

describe('双问责: from an overdue rectification to decisions', () => {
  it('turns the proposals into decisions; a rejected decision re-opens its proposal', async () => {
    const db = w.platform.db;
    const group1 = await w.as('group1');
    const leader = await w.as('leader');
    const item = await createLedgerItem(db, systemActor('test'), null, {
      sourceType: 'model_hit',
      sourceRef: 'M03 重复领取 #42',
      title: '耕地地力保护补贴重复发放',
      responsibleOrgId: agriOrg,
      responsibleLeaderName: '钱国栋',
      responsibleLeaderTitle: '局长',
      supervisingOrgId: groupOrg,
      supervisorName: '赵建国',
      assignedOn: '2026-09-01',
      deadline: '2026-09-30',
    });
    await flagOverdueRectifications(db, '2026-10-15');
    const list = (await group1.get(`${P}/proposals?status=open&rect_item_id=${item.id}`)).json;
    expect(list.items.map((p: { responsibility: string }) => p.responsibility).sort()).toEqual(['primary', 'supervisory']);
    const primary = list.items.find((p: { responsibility: string }) => p.responsibility === 'primary');
    const supervisory = list.items.find((p: { responsibility: string }) => p.responsibility === 'supervisory');

    const d1 = await group1.post(`${P}/decisions`, { target_kind: 'person', measure: 'org_adjust', person_name: primary.person_name, reason: primary.reason, proposal_id: primary.id, decided_on: '2026-11-02' });
    expect(d1.status).toBe(200);
    const after = (await group1.get(`${P}/proposals?rect_item_id=${item.id}`)).json.items;
    expect(after.find((p: { id: number }) => p.id === primary.id)).toMatchObject({ status: 'decided', decision_id: d1.json.id });
    const decision = (await group1.get(`${P}/decisions/${d1.json.id}`)).json;
    expect(decision).toMatchObject({ rect_item_id: item.id, responsibility: 'primary', target_org_id: agriOrg });

    const rej = await leader.post(`${P}/decisions/${d1.json.id}/reject`, { version: decision.version, opinion: '责任认定依据不足' });
    expect(rej.json.status).toBe('rejected');
    const reopened = (await group1.get(`${P}/proposals?rect_item_id=${item.id}`)).json.items.find((p: { id: number }) => p.id === primary.id);
    expect(reopened).toMatchObject({ status: 'open', decision_id: null });

    const dis = await group1.post(`${P}/proposals/${supervisory.id}/dismiss`, { version: supervisory.version, reason: '派驻组已多次督促，已尽监督责任' });
    expect(dis.status).toBe(200);
    expect(await audit('account_proposal', supervisory.id)).toEqual(['account.proposal.create', 'account.proposal.dismiss']);
    expect(await audit('account_proposal', primary.id)).toEqual(['account.proposal.create', 'account.proposal.decide', 'account.proposal.reopen']);
    // the item's detail shows its proposals
    const detail = (await group1.get(`/api/rectification/items/${item.id}`)).json;
    expect(detail.overdue).toBe(true);
    expect(detail.proposals).toHaveLength(2);
  });
});

describe('care over HTTP', () => {
  it('registers 容错纠错, 澄清正名 (with the false-accusation link) and 回访, and counts them', async () => {
    const officer1 = await w.as('officer1');
    const t = await officer1.post(`${P}/tolerances`, {
      person_name: '郑某',
      org_id: agriOrg,
      matter: '在农村集体产权制度改革中先行先试，程序存在瑕疵',
      distinction: 'reform_trial',
      outcome: 'exempted',
      correction: '督促补正程序',
      decided_on: '2026-10-10',
    });
    expect(t.status).toBe(200);
    const c = await officer1.post(`${P}/clearings`, {
      person_name: '冯某',
      org_id: agriOrg,
      finding: '经查，反映其收受好处费问题不属实，系他人捏造事实诬告',
      method: 'meeting',
      audience: '全局干部职工大会',
      false_accusation: true,
      false_accusation_ref: '示纪立〔2026〕45号',
      cleared_on: '2026-10-20',
    });
    expect(c.status).toBe(200);
    const noLink = await officer1.post(`${P}/clearings`, { person_name: '冯某', org_id: agriOrg, finding: '诬告', method: 'meeting', false_accusation: true });
    expect(noLink.status).toBe(400);
    const decision = (await officer1.get(`${P}/decisions?measure=admonish`)).json.items[0];
    const v = await officer1.post(`${P}/revisits`, { decision_id: decision.id, method: 'talk', visitors: '李明远、王晓燕', findings: '能正确对待组织处理，工作积极', assessment: 'good', visited_on: '2026-11-25' });
    expect(v.status).toBe(200);
    const visits = (await officer1.get(`${P}/revisits?decision_id=${decision.id}`)).json.items;
    expect(visits[0]).toMatchObject({ person_name: '吴某', org_id: agriOrg, method_label: '谈心谈话' });
    const counts = (await officer1.get(`${P}/care/counts`)).json;
    expect(counts).toEqual({ tolerance: 1, clearing: 1, false_accusation: 1, revisit: 1 });
    expect(await audit('account_tolerance', t.json.id)).toEqual(['account.tolerance.create']);
    expect(await audit('account_clearing', c.json.id)).toEqual(['account.clearing.create']);
    expect(await audit('account_revisit', v.json.id)).toEqual(['account.revisit.create']);
    const cat = (await officer1.get(`${P}/catalog`)).json;
    expect(cat.forms.map((f: { label: string }) => f.label)).toEqual(['第一种形态', '第二种形态', '第三种形态', '第四种形态']);
  });
});

describe('a decision links only a clue the registrant was given', () => {
  it('refuses (404, nothing written) a clue of another office and a clue that does not exist', async () => {
    const officer2 = await w.as('officer2');
    const clue = await officer2.post('/api/clues', {
      source_type: 'petition',
      summary: '反映某局科长违规收受礼金',
      domain_tags: [],
      persons: [{ name: '赵某', org_name: '示范市农业农村局', position: '科长', cadre_level: '县管' }],
    });
    expect(clue.status, clue.body).toBe(200);
    const officer1 = await w.as('officer1');
    const count = async () => Number((await w.platform.db.selectFrom('account_decisions').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const body = { target_kind: 'person', measure: 'admonish', target_org_id: agriOrg, person_name: '赵某', reason: '收受礼金', decided_on: '2026-11-10' };
    for (const clueId of [clue.json.id, 99_999_999]) {
      const r = await officer1.post(`${P}/decisions`, { ...body, clue_id: clueId });
      expect(r.status, r.body).toBe(404);
      expect(r.json.message).toContain('线索');
    }
    expect(await count()).toBe(before);
    const own = await officer2.post(`${P}/decisions`, { ...body, clue_id: clue.json.id });
    expect(own.status, own.body).toBe(200);
  });
});
