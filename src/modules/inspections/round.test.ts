/**
 * One full inspection round through the real server and database, with the colleagues' services
 * doing their part: set-up → 巡前“画像” pulled from platform data → 进驻 → findings, a clue
 * transferred during the tour (边巡边查) and sanctioned, 立行立改 copied to the dispatched group,
 * 巡审联动 under a collaboration mechanism → 撤离 → 反馈 → 整改台账 → 销号 by the dispatched group →
 * the round's counts → 完结.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { createClueFromSource } from '../clues/clues.service.ts';
import { changeMechanismStatus, createMechanism } from '../collaboration/collaboration.service.ts';
import { createLedgerItem } from '../rectification/rectification.service.ts';

let w: DemoWorld;
const org = (name: string) => w.demo.orgs.get(name)!;
const uid = (name: string) => w.demo.users.get(name)!;
const actor = (u: string) => ({ userId: uid(u), name: u, orgId: null });
const access = async (u: string) => (await loadAccessContext(w.platform.db, uid(u)))!;
const auditCount = async (action: string) =>
  Number((await w.platform.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', action).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('a full inspection round', () => {
  let roundId = 0;
  let version = 0;
  let targetId = 0;
  const ids: Record<string, number> = {};

  it('sets up the round: teams (with the 第二副组长), targets and their dispatched group', async () => {
    // What the platform already knows about the unit, registered by its dispatched group.
    const g1 = await access('group1');
    const pastClue = await createClueFromSource(w.platform.db, w.platform.cipher, actor('group1'), g1, {
      sourceType: 'petition',
      summary: '反映示范市农业农村局项目科在高标准农田项目验收中收受好处',
      persons: [{ name: '赵某', orgName: '示范市农业农村局', position: '项目科科长', cadreLevel: '县管' }],
    });
    ids.pastClue = pastClue.id;
    await createLedgerItem(w.platform.db, actor('group1'), g1, {
      sourceType: 'audit',
      title: '2025年度审计发现耕地地力保护补贴超范围发放',
      responsibleOrgId: org('示范市农业农村局'),
      responsibleLeaderName: '冯建华',
      supervisingOrgId: org('派驻市农业农村局纪检监察组'),
      timeLimitDays: 30,
    });

    const inspector = await w.as('inspector1');
    const body = {
      name: '十五届市委第五轮巡察',
      term: '十五届市委',
      round_no: 5,
      organizer_org_id: org('市委巡察办'),
      starts_on: '2026-03-02',
      ends_on: '2026-05-29',
      focus: '聚焦惠民惠农资金管理、高标准农田建设',
      teams: [
        {
          org_id: org('市委第一巡察组'),
          members: [
            { user_id: uid('inspector1'), role: 'leader' },
            { user_id: uid('group1'), role: 'second_deputy' },
          ],
        },
      ],
      targets: [{ org_id: org('示范市农业农村局'), team_org_id: org('市委第一巡察组'), party_org_name: '中共示范市农业农村局党组', supervising_org_id: org('派驻市农业农村局纪检监察组') }],
    };
    // Only inspection staff set rounds up; a 第二副组长 must come from the commission system.
    expect((await (await w.as('officer1')).post('/api/inspections/rounds', body)).status).toBe(403);
    expect((await request(w.app, 'POST', '/api/inspections/rounds', body)).status).toBe(401);
    const badDeputy = await inspector.post('/api/inspections/rounds', { ...body, teams: [{ ...body.teams[0], members: [...body.teams[0].members, { user_id: uid('auditor'), role: 'second_deputy' }] }] });
    expect(badDeputy.status).toBe(400);
    expect(badDeputy.json.message).toContain('第二副组长');
    const r = await inspector.post('/api/inspections/rounds', body);
    expect(r.status, r.body).toBe(200);
    roundId = r.json.id;
    const got = await inspector.get(`/api/inspections/rounds/${roundId}`);
    expect(got.json.phase).toBe('planning');
    expect(got.json.teams[0].members.map((m: { role_label: string }) => m.role_label)).toEqual(['组长', '第二副组长（驻组副组长）']);
    targetId = got.json.targets[0].id;
    version = got.json.version;
    expect(got.json.targets[0].my_roles).toEqual(['leader', 'team']);
    // Who sees it: the second deputy and the dispatched group yes, another office not.
    expect((await (await w.as('group1')).get(`/api/inspections/rounds/${roundId}`)).status).toBe(200);
    expect((await (await w.as('officer2')).get(`/api/inspections/rounds/${roundId}`)).status).toBe(404);
    expect((await (await w.as('agri')).get(`/api/inspections/rounds/${roundId}`)).status).toBe(403);
  });

  it('巡前: the dispatched group’s briefing is pulled from platform data and delivered to the team', async () => {
    const inspector = await w.as('inspector1');
    const p = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event: 'prepare' });
    expect(p.status, p.body).toBe(200);
    version = p.json.version;
    const group = await w.as('group1');
    const inbox = await group.get('/api/notifications');
    expect(inbox.json.items.some((n: { kind: string }) => n.kind === 'inspection.briefing_requested')).toBe(true);
    const gen = await group.post(`/api/inspections/targets/${targetId}/briefing/generate`);
    expect(gen.status, gen.body).toBe(200);
    expect(gen.json.counts.clues).toBe(1);
    expect(gen.json.counts.rectification).toBe(1);
    expect(gen.json.counts.model_hits).toBe(0);
    expect(gen.json.counts.hotline).toBe(0); // 12345 orders handled by the unit (none in this world)
    // Not visible to the team before it is delivered.
    expect((await inspector.get(`/api/inspections/targets/${targetId}/briefing`)).status).toBe(404);
    const draft = await group.get(`/api/inspections/targets/${targetId}/briefing`);
    const ed = await group.put(`/api/inspections/targets/${targetId}/briefing`, {
      version: draft.json.version,
      key_people: [{ name: '赵某', position: '项目科科长', matters: '高标准农田项目验收中涉嫌收受好处，信访反映1件' }],
      key_matters: ['耕地地力保护补贴超范围发放，审计整改未销号', '高标准农田项目验收'],
      note: '建议重点关注项目科',
    });
    expect(ed.status, ed.body).toBe(200);
    expect((await group.post(`/api/inspections/targets/${targetId}/briefing/deliver`, { version: ed.json.version })).status).toBe(200);
    const b = await inspector.get(`/api/inspections/targets/${targetId}/briefing`);
    expect(b.status).toBe(200);
    expect(b.json.status).toBe('delivered');
    expect(b.json.sources.clues.items[0]).toMatchObject({ title: expect.stringContaining('赵某'), persons: '赵某' });
    expect(b.json.sources.rectification.items[0].title).toBe('2025年度审计发现耕地地力保护补贴超范围发放');
    expect(b.json.sources.hotline).toMatchObject({ available: true, total: 0 });
    expect(b.json.sources.accountability).toMatchObject({ available: true });
    expect(b.json.key_people[0].name).toBe('赵某');
    // The inspectors could not have read that clue themselves.
    expect((await inspector.get(`/api/clues/${ids.pastClue}`)).status).toBe(404);
  });

  it('巡中: findings, a clue transferred 边巡边查 and seen by the 第二副组长, 立行立改 copied to the group, 巡审联动', async () => {
    const inspector = await w.as('inspector1');
    const st = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event: 'station' });
    expect(st.status).toBe(200);
    version = st.json.version;
    const add = async (category: string, title: string, disposition: string) => {
      const r = await inspector.post(`/api/inspections/targets/${targetId}/findings`, { category, title, description: `${title}（巡察组谈话和查阅资料发现）`, disposition });
      expect(r.status, r.body).toBe(200);
      return r.json.id as number;
    };
    ids.clue = await add('群众身边不正之风和腐败问题', '项目科科长赵某在高标准农田项目验收中收受施工方财物', 'clue');
    ids.immediate = await add('基层党组织建设', '机关食堂违规接待', 'immediate');
    ids.p1 = await add('贯彻落实党的路线方针政策和上级决策部署', '粮食安全责任制落实不到位', 'problem');
    ids.p2 = await add('基层党组织建设', '“三重一大”决策制度执行不严', 'problem');

    // 边巡边查: the clue goes to 第一监督检查室 with the round's shortened deadline.
    const tr = await inspector.post(`/api/inspections/findings/${ids.clue}/transfer`, {
      receiver_org_id: org('第一监督检查室'),
      persons: [{ name: '赵某', org_name: '示范市农业农村局', position: '项目科科长', cadre_level: '县管' }],
      domain_tags: ['工程建设'],
    });
    expect(tr.status, tr.body).toBe(200);
    expect(tr.json).toMatchObject({ tour: true, handle_days: 10 });
    ids.transfer = tr.json.transfer_id;
    ids.newClue = tr.json.clue_id;
    const officer = await w.as('officer1');
    const t = await officer.get(`/api/transfers/${ids.transfer}`);
    expect(t.json).toMatchObject({ tour: true, handle_days: 10, object_type: 'clue', status: 'sent' });
    // The 第二副组长 sees the team's clue; another office does not.
    expect((await (await w.as('group1')).get(`/api/clues/${ids.newClue}`)).status).toBe(200);
    expect((await (await w.as('officer2')).get(`/api/clues/${ids.newClue}`)).status).toBe(404);
    // … and guides the fixing of evidence.
    const g = await (await w.as('group1')).post(`/api/inspections/findings/${ids.clue}/notes`, { text: '请调取项目验收资料和资金支付凭证，固定相关证据' });
    expect(g.status, g.body).toBe(200);
    expect(g.json.kind).toBe('guidance');
    const f = await inspector.get(`/api/inspections/findings/${ids.clue}`);
    expect(f.json.notes[0]).toMatchObject({ kind: 'guidance', author_name: '赵建国' });
    // A clue cannot be transferred twice; a problem is not a clue.
    expect((await inspector.post(`/api/inspections/findings/${ids.clue}/transfer`, { receiver_org_id: org('第一监督检查室'), persons: [{ name: '赵某', cadre_level: '县管' }] })).status).toBe(409);
    expect((await inspector.post(`/api/inspections/findings/${ids.p1}/transfer`, { receiver_org_id: org('第一监督检查室'), persons: [{ name: '赵某', cadre_level: '县管' }] })).status).toBe(409);

    // 立行立改: on the ledger at once, handed to the unit, copied to its dispatched group.
    const im = await inspector.post(`/api/inspections/findings/${ids.immediate}/immediate`, { responsible_leader_name: '冯建华', measures: '立即停止违规接待，退还费用' });
    expect(im.status, im.body).toBe(200);
    ids.immediateItem = im.json.rect_item_id;
    const cc = await (await w.as('group1')).get('/api/transfers?box=cc');
    expect(cc.json.items.map((x: { code: string }) => x.code)).toContain(im.json.transfer_code);
    const received = await (await w.as('agri')).get('/api/transfers?box=received');
    expect(received.json.items.map((x: { code: string }) => x.code)).toContain(im.json.transfer_code);

    // 巡审联动: refused until a mechanism lets the audit office send findings to the inspection side.
    const auditBody = { target_id: targetId, audit_org_id: org('示范市审计局'), title: '惠农补贴资金专项审计', kind: 'special', starts_on: '2026-03-09' };
    const refused = await inspector.post(`/api/inspections/rounds/${roundId}/audits`, auditBody);
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('transfer_not_allowed');
    expect(refused.json.message).toContain('没有建立协作配合机制');
    const m = await createMechanism(w.platform.db, systemActor('test'), null, {
      name: '巡察监督与审计监督贯通协作机制',
      domain: '巡察',
      leadOrgId: org('市委巡察办'),
      effectiveFrom: '2026-01-01',
      partyOrgIds: [org('示范市审计局')],
      rules: [{ fromOrgId: org('示范市审计局'), toOrgId: org('市委巡察办'), objectTypes: ['audit_finding'] }],
    });
    await changeMechanismStatus(w.platform.db, systemActor('test'), null, m.id, { version: 1, event: 'activate' });
    const a = await inspector.post(`/api/inspections/rounds/${roundId}/audits`, auditBody);
    expect(a.status, a.body).toBe(200);
    const auditor = await w.as('auditor');
    const af = await auditor.post(`/api/inspections/audits/${a.json.id}/findings`, { title: '惠农补贴资金滞留未及时拨付', description: '2025年度惠农补贴资金1200万元滞留专户超过6个月' });
    expect(af.status, af.body).toBe(200);
    ids.audit = af.json.id;
    expect((await (await w.as('finance')).post(`/api/inspections/audits/${a.json.id}/findings`, { title: 'x', description: 'y' })).status).toBe(404);
    const list = await inspector.get(`/api/inspections/rounds/${roundId}/findings?source=audit`);
    expect(list.json.items.map((x: { title: string }) => x.title)).toEqual(['惠农补贴资金滞留未及时拨付']);
  });

  it('the receiving office takes the clue on and the person is sanctioned', async () => {
    const officer = await w.as('officer1');
    const t = await officer.get(`/api/transfers/${ids.transfer}`);
    expect((await officer.post(`/api/transfers/${ids.transfer}/acknowledge`, { version: t.json.version })).status).toBe(200);
    const d = await officer.post('/api/accountability/decisions', {
      target_kind: 'person',
      measure: 'discipline',
      target_org_id: org('示范市农业农村局'),
      person_name: '赵某',
      person_title: '项目科科长',
      cadre_level: '县管',
      party_member: true,
      party_sanction: 'serious_warning',
      gov_sanction: 'demerit',
      reason: '在项目验收中收受施工方财物，违反廉洁纪律',
      clue_id: ids.newClue,
    });
    expect(d.status, d.body).toBe(200);
    expect(d.json.status).toBe('pending_approval');
    const ap = await (await w.as('leader')).post(`/api/accountability/decisions/${d.json.id}/approve`, { version: 1 });
    expect(ap.status, ap.body).toBe(200);
    const t2 = await officer.get(`/api/transfers/${ids.transfer}`);
    const fb = await officer.post(`/api/transfers/${ids.transfer}/feedback`, { version: t2.json.version, result: '已立案审查，给予党内严重警告、政务记过处分', outcome: 'case_filed' });
    expect(fb.status, fb.body).toBe(200);
  });

  it('巡后: feedback, the ledger, 销号 by the dispatched group', async () => {
    const inspector = await w.as('inspector1');
    const wd = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event: 'withdraw' });
    expect(wd.status).toBe(200);
    version = wd.json.version;
    // No more 立行立改 after the tour; no ledger before the feedback.
    expect((await inspector.post(`/api/inspections/targets/${targetId}/ledger`, { responsible_leader_name: '冯建华', time_limit_days: 40 })).status).toBe(409);
    const round = await inspector.get(`/api/inspections/rounds/${roundId}`);
    const fb = await inspector.post(`/api/inspections/targets/${targetId}/feedback`, {
      version: round.json.targets[0].version,
      note: '巡察发现该局党组落实粮食安全责任制不到位、“三重一大”制度执行不严等问题，请认真整改。',
    });
    expect(fb.status, fb.body).toBe(200);
    const agriInbox = await (await w.as('agri')).get('/api/notifications');
    expect(agriInbox.json.items.some((n: { kind: string }) => n.kind === 'inspection.feedback')).toBe(true);
    // The round cannot close while problems are neither transferred nor on the ledger.
    const early = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event: 'close' });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('findings_open');
    const led = await inspector.post(`/api/inspections/targets/${targetId}/ledger`, { responsible_leader_name: '冯建华', responsible_leader_title: '党组书记、局长', time_limit_days: 40 });
    expect(led.status, led.body).toBe(200);
    expect(led.json.items).toHaveLength(3); // two of the team's problems and the audit's
    // 销号: the unit submits, its dispatched group verifies; the inspection team cannot verify.
    const agri = await w.as('agri');
    const group = await w.as('group1');
    for (const itemId of [...led.json.items.map((i: { rect_item_id: number }) => i.rect_item_id), ids.immediateItem]) {
      const it = await agri.get(`/api/rectification/items/${itemId}`);
      expect(it.status, it.body).toBe(200);
      expect(it.json.supervising_org_name).toBe('派驻市农业农村局纪检监察组');
      const s = await agri.post(`/api/rectification/items/${itemId}/submit`, { version: it.json.version, note: '已完成整改，建立长效机制' });
      expect(s.status, s.body).toBe(200);
      expect((await inspector.post(`/api/rectification/items/${itemId}/verify`, { version: s.json.version, passed: true, opinion: '同意' })).status).toBe(403);
      const v = await group.post(`/api/rectification/items/${itemId}/verify`, { version: s.json.version, passed: true, opinion: '经核查整改到位，同意销号' });
      expect(v.status, v.body).toBe(200);
    }
  });

  it('counts the round and closes it; every change left an audit event', async () => {
    const stats = await (await w.as('leader')).get(`/api/inspections/rounds/${roundId}/stats`);
    expect(stats.status, stats.body).toBe(200);
    expect(stats.json.total).toEqual({ problems: 4, audit_problems: 1, immediate: 1, clues_transferred: 1, on_ledger: 4, rectified: 4, sanctioned: 1, handled: 1 });
    expect(stats.json.text).toBe('共发现问题4个（其中专项审计发现1个），移交问题线索1件，1人受到党纪政务处分，已整改问题4个');
    // The dispatched group follows the ledger (the rectification area shows ledger items to the
    // supervising and responsible bodies, not to the inspection team).
    const findings = await (await w.as('group1')).get(`/api/inspections/rounds/${roundId}/findings`);
    expect(findings.json.items.filter((f: { ledger: { status: string } | null }) => f.ledger?.status === 'rectified')).toHaveLength(4);
    const inspector = await w.as('inspector1');
    const c = await inspector.post(`/api/inspections/rounds/${roundId}/phase`, { version, event: 'close' });
    expect(c.status, c.body).toBe(200);
    expect(c.json.phase).toBe('closed');
    const list = await (await w.as('group1')).get('/api/inspections/rounds');
    expect(list.json.items.map((r: { id: number }) => r.id)).toContain(roundId);
    expect(await auditCount('inspection.round.create')).toBe(1);
    expect(await auditCount('inspection.round.%')).toBeGreaterThanOrEqual(6); // create + 4 phases + reads
    expect(await auditCount('inspection.finding.create')).toBe(5);
    expect(await auditCount('inspection.finding.transfer')).toBe(1);
    expect(await auditCount('inspection.finding.immediate')).toBe(1);
    expect(await auditCount('inspection.finding.guidance')).toBe(1);
    expect(await auditCount('inspection.briefing.%')).toBeGreaterThanOrEqual(4);
    expect(await auditCount('inspection.feedback')).toBe(1);
    expect(await auditCount('inspection.ledger')).toBe(1);
    expect(await auditCount('inspection.audit.create')).toBe(1);
  });
});
