/**
 * Collaboration through the real server and database: the registry drives transfers (refusal with
 * a reason, result sharing), meetings → tasks, priority lists, the talent pool's conflict check,
 * campaigns and the 问政 loop with the clue, rectification and accountability services; 401/403
 * and an audit event per change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { AppError } from '../../platform/errors.ts';
import { todayInShanghai, addDays } from '../../platform/calendar/dates.ts';
import { submitForVerification, verifyLedgerItem, getLedgerItem } from '../rectification/rectification.service.ts';
import { load } from '../models/testing.ts';
import { assertTransferAllowed, mayViewResult, transferDecision } from './collaboration.service.ts';

/** A valid 18-digit ID number (GB 11643 check digit) from its first 17 digits. */
function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

let w: DemoWorld;
const org = (name: string) => {
  const id = w.demo.orgs.get(name);
  if (!id) throw new Error(`no org ${name}`);
  return id;
};
const user = (name: string) => w.demo.users.get(name)!;
const auditCount = async (like: string, objectId?: number) => {
  let q = w.platform.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', like);
  if (objectId !== undefined) q = q.where('object_id', '=', String(objectId));
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const today = todayInShanghai();

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

describe('mechanisms drive transfers', () => {
  let mechId = 0;
  let version = 0;

  it('registers a mechanism (draft), refuses editors outside its parties, and audits it', async () => {
    const officer = await w.as('officer1');
    const body = {
      name: '纪检监察监督与审计监督贯通协同机制',
      domain: '审计',
      lead_org_id: org('示范市纪委监委'),
      scope: '审计发现的问题线索移送、审计整改监督、成果共享',
      shared_info: ['审计报告', '审计发现问题清单', '审计整改台账'],
      result_sharing: '纪委监委向审计机关反馈线索处置结果',
      memorandum: '《关于建立纪检监察监督与审计监督贯通协同机制的实施意见》',
      doc_number: '示纪发〔2026〕2号',
      signed_on: '2026-01-05',
      effective_from: '2026-01-05',
      party_org_ids: [org('示范市审计局')],
      rules: [
        { from_org_id: org('示范市审计局'), to_org_id: org('示范市纪委监委'), object_types: ['problem', 'audit_finding'], may_view: ['progress', 'disposal_result'], ack_days: 3, handle_days: 30 },
        { from_org_id: org('示范市纪委监委'), to_org_id: org('示范市审计局'), object_types: ['rectification'], may_view: ['rectification'] },
      ],
    };
    const r = await officer.post('/api/collab/mechanisms', body);
    expect(r.status, r.body).toBe(200);
    mechId = r.json.id;
    expect(r.json.code).toMatch(/^XZ-2026-\d{4}$/);
    const dup = await officer.post('/api/collab/mechanisms', body);
    expect(dup.status).toBe(409);
    const auditor = await w.as('auditor');
    expect((await auditor.post('/api/collab/mechanisms', body)).status).toBe(403);
    const bad = await officer.post('/api/collab/mechanisms', { ...body, name: '另一机制', rules: [{ object_types: ['nonsense'] }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('未知的移交内容');
    const got = await auditor.get(`/api/collab/mechanisms/${mechId}`);
    expect(got.status).toBe(200);
    expect(got.json.status).toBe('draft');
    expect(got.json.parties.map((p: { name: string }) => p.name).sort()).toEqual(['示范市审计局', '示范市纪委监委'].sort());
    expect(got.json.rules[0].object_labels).toContain('审计发现问题（巡审联动）');
    version = got.json.version;
    expect(await auditCount('collab.mechanism.create', mechId)).toBe(1);
  });

  it('refuses a transfer no mechanism in force allows, with the reason in Chinese and English', async () => {
    const from = org('示范市审计局');
    const to = org('案件监督管理室');
    // Still a draft.
    const e1 = await assertTransferAllowed(w.platform.db, from, to, 'problem').catch((e) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect(e1.code).toBe('transfer_not_allowed');
    expect(e1.status).toBe(403);
    expect(e1.message).toContain('尚未生效');
    expect(e1.messageEn).toContain('draft');
    // 印发施行.
    const officer = await w.as('officer1');
    const act = await officer.post(`/api/collab/mechanisms/${mechId}/status`, { version, event: 'activate' });
    expect(act.status, act.body).toBe(200);
    version = act.json.version;
    const ok = await assertTransferAllowed(w.platform.db, from, to, 'problem');
    expect(ok.basis).toBe('mechanism');
    if (ok.basis === 'mechanism') {
      expect(ok.mechanism.id).toBe(mechId);
      expect(ok.rule.handle_days).toBe(30);
    }
    // Not in the rules (wrong kind, wrong direction), no mechanism at all (财政局), a unit to the commission.
    const e2 = await assertTransferAllowed(w.platform.db, from, to, 'hotline_batch').catch((e) => e);
    expect(e2.details.reason).toBe('not_in_rules');
    expect(e2.message).toContain('未约定示范市审计局向案件监督管理室移交“12345热线工单”');
    const e3 = await assertTransferAllowed(w.platform.db, org('示范市财政局'), to, 'problem').catch((e) => e);
    expect(e3.details.reason).toBe('no_mechanism');
    expect(e3.message).toBe('示范市财政局与案件监督管理室之间没有建立协作配合机制，不能移交“问题线索（外单位移送）”');
    const e4 = await assertTransferAllowed(w.platform.db, org('示范市农业农村局'), to, 'problem').catch((e) => e);
    expect(e4.code).toBe('transfer_not_allowed');
    // Inside the commission, and from it to a supervised unit: no mechanism needed.
    expect((await assertTransferAllowed(w.platform.db, org('市委第一巡察组'), to, 'clue')).basis).toBe('internal');
    expect((await assertTransferAllowed(w.platform.db, org('第一监督检查室'), org('示范市农业农村局'), 'rectification')).basis).toBe('supervisory');
    // 成果共享.
    expect(await mayViewResult(w.platform.db, from, to, 'disposal_result')).toBe(true);
    expect(await mayViewResult(w.platform.db, from, to, 'accountability')).toBe(false);
    // The same answer over HTTP for a partner.
    const auditor = await w.as('auditor');
    const chk = await auditor.get(`/api/collab/transfer-check?from_org_id=${org('示范市财政局')}&to_org_id=${to}&object_type=problem`);
    expect(chk.status).toBe(200);
    expect(chk.json.allowed).toBe(false);
    const sendable = await auditor.get('/api/collab/sendable');
    expect(sendable.json.items).toContainEqual(expect.objectContaining({ mechanism_id: mechId, to_org_id: org('示范市纪委监委'), object_types: ['problem', 'audit_finding'] }));
  });

  it('suspending the mechanism stops transfers under it; terminating ends it', async () => {
    const officer = await w.as('officer1');
    const noReason = await officer.post(`/api/collab/mechanisms/${mechId}/status`, { version, event: 'suspend' });
    expect(noReason.status).toBe(400);
    const s = await officer.post(`/api/collab/mechanisms/${mechId}/status`, { version, event: 'suspend', reason: '机制修订期间暂停' });
    expect(s.status).toBe(200);
    const d = await transferDecision(w.platform.db, org('示范市审计局'), org('案件监督管理室'), 'problem');
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.message).toContain('已暂停执行');
    const a = await officer.post(`/api/collab/mechanisms/${mechId}/status`, { version: s.json.version, event: 'activate' });
    expect(a.status).toBe(200);
    expect((await transferDecision(w.platform.db, org('示范市审计局'), org('案件监督管理室'), 'problem')).allowed).toBe(true);
    const stale = await officer.post(`/api/collab/mechanisms/${mechId}/status`, { version: s.json.version, event: 'suspend', reason: 'x' });
    expect(stale.status).toBe(409);
    expect(await auditCount('collab.mechanism.%', mechId)).toBe(4); // create, activate, suspend, activate
    const list = await officer.get(`/api/collab/mechanisms?org_id=${org('案件监督管理室')}`);
    expect(list.json.items.map((m: { id: number }) => m.id)).toContain(mechId);
    expect(list.json.items.find((m: { id: number }) => m.id === mechId).in_force).toBe(true);
  });

  it('answers 401 to the anonymous and 403 without the permission', async () => {
    expect((await request(w.app, 'GET', '/api/collab/mechanisms')).status).toBe(401);
    expect((await request(w.app, 'POST', '/api/collab/meetings', {})).status).toBe(401);
    const inspector = await w.as('inspector1'); // holds neither collab:read nor collab:edit
    expect((await inspector.get('/api/collab/mechanisms')).status).toBe(403);
    expect((await inspector.get('/api/collab/experts')).status).toBe(403);
    const leader = await w.as('leader'); // collab:read only
    expect((await leader.get('/api/collab/campaigns')).status).toBe(200);
    expect((await leader.post('/api/collab/campaigns', {})).status).toBe(403);
    expect(await auditCount('access.denied')).toBeGreaterThanOrEqual(3);
  });
});

describe('joint meetings and decision tasks', () => {
  it('turns decisions into tasks the owner body completes', async () => {
    const officer = await w.as('officer1');
    const r = await officer.post('/api/collab/meetings', {
      kind: 'joint_meeting',
      title: '2026年第一季度纪审联动联席会议',
      held_on: '2026-03-02',
      location: '市纪委监委三楼会议室',
      org_ids: [org('示范市审计局'), org('示范市财政局')],
      agenda: ['通报审计发现问题线索移送情况', '研究惠农补贴资金专项审计'],
      minutes: '会议通报了审计移送线索办理情况，研究部署了惠农补贴资金专项审计。',
      decisions: [
        { content: '审计局于3月底前完成惠农补贴资金专项审计并移送问题线索', owner_org_id: org('示范市审计局'), deadline: addDays(today, 20) },
        { content: '财政局提供2025年度惠农补贴发放明细', owner_org_id: org('示范市财政局'), deadline: addDays(today, -1) },
      ],
    });
    expect(r.status, r.body).toBe(200);
    expect(r.json.task_ids).toHaveLength(2);
    const auditor = await w.as('auditor');
    const mine = await auditor.get('/api/collab/tasks?mine=true');
    expect(mine.json.items).toHaveLength(1);
    const t = mine.json.items[0];
    expect(t.status).toBe('open');
    const todo = await auditor.get('/api/todo');
    expect(todo.json.items).toContainEqual(expect.objectContaining({ kind: 'collab.task', objectId: t.id }));
    const inbox = await auditor.get('/api/notifications');
    expect(inbox.json.items.some((n: { kind: string }) => n.kind === 'collab.task.assigned')).toBe(true);
    // The finance office's task is overdue.
    const overdue = await officer.get('/api/collab/tasks?overdue=true');
    expect(overdue.json.items.map((x: { owner_org_id: number }) => x.owner_org_id)).toEqual([org('示范市财政局')]);
    // The audit office (a participant: it sees the meeting) cannot complete the finance office's task; it completes its own.
    const financeTask = r.json.task_ids.find((id: number) => id !== t.id);
    expect((await auditor.post(`/api/collab/tasks/${financeTask}/complete`, { version: 1, result: 'x' })).status).toBe(403);
    const done = await auditor.post(`/api/collab/tasks/${t.id}/complete`, { version: t.version, result: '已完成专项审计，移送问题线索3件' });
    expect(done.status, done.body).toBe(200);
    expect(done.json.status).toBe('done');
    expect((await auditor.post(`/api/collab/tasks/${t.id}/cancel`, { version: 2 })).status).toBe(403);
    const got = await auditor.get(`/api/collab/meetings/${r.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json.tasks.map((x: { status: string }) => x.status)).toEqual(['done', 'open']);
    // A body that did not take part does not see it.
    const officer2 = await w.as('officer2');
    expect((await officer2.get(`/api/collab/meetings/${r.json.id}`)).status).toBe(404);
    expect(await auditCount('collab.task.complete', t.id)).toBe(1);
    expect(await auditCount('collab.meeting.create', r.json.id)).toBe(1);
  });
});

describe('priority lists, talent pool, campaigns, 问政', () => {
  it('compiles priority lists with their summary and links the clues they produce', async () => {
    const officer = await w.as('officer1');
    const a = await officer.post('/api/collab/priority-lists', {
      year: 2026,
      org_id: org('示范市农业农村局'),
      priorities: [{ content: '惠民惠农补贴资金发放', domain: '惠民惠农' }, { content: '高标准农田建设项目' }, { content: '农村集体“三资”管理' }],
      result_uses: [{ content: '审计发现问题纳入年度考核' }, { content: '典型问题以案促改' }],
      publish: true,
    });
    expect(a.status, a.body).toBe(200);
    const b = await officer.post('/api/collab/priority-lists', { year: 2026, org_id: org('示范市教育局'), priorities: [{ content: '校园餐经费管理' }], result_uses: [] });
    expect(b.status).toBe(200);
    const clue = await officer.post('/api/clues', {
      source_type: 'self',
      summary: '某镇惠农补贴资金存在虚报冒领问题',
      persons: [{ name: '钱某', cadre_level: '乡管', org_name: '某镇人民政府' }],
    });
    expect(clue.status, clue.body).toBe(200);
    const list = await officer.get(`/api/collab/priority-lists/${a.json.id}`);
    const item = list.json.items.find((i: { content: string }) => i.content === '惠民惠农补贴资金发放');
    const link = await officer.post('/api/collab/links', { owner_type: 'priority_item', owner_id: item.id, object_type: 'clue', object_id: clue.json.id });
    expect(link.status, link.body).toBe(200);
    // A clue not given to the user cannot be linked.
    const officer2 = await w.as('officer2');
    expect((await officer2.post('/api/collab/links', { owner_type: 'priority_item', owner_id: item.id, object_type: 'clue', object_id: clue.json.id })).status).toBe(404);
    const all = await (await w.as('leader')).get('/api/collab/priority-lists?year=2026');
    expect(all.json.summary).toMatchObject({ departments: 2, priorities: 4, result_uses: 2, clues: 1 });
    expect(all.json.summary.text).toBe('2个职能部门4项监督重点，2项成果运用事项');
  });

  it('refuses to assign an expert with a conflict of interest (declared ties, own unit, entity index, schedule), and records a clean assignment', async () => {
    const officer = await w.as('officer1');
    const expertId = idNumber('11010119800101001');
    const brother = idNumber('11010119850505001');
    const spouse = idNumber('11010119820303002');
    const e = await officer.post('/api/collab/experts', {
      name: '周会计',
      org_id: org('示范市财政局'),
      employer: '示范市财政局',
      title: '高级会计师',
      fields: ['财会', '审计'],
      phone: '13800138000',
      id_number: expertId,
      ties: [
        { kind: 'relative', name: '周小强', relation: '兄弟', id_number: brother },
        { kind: 'enterprise', name: '示范市鑫农农业科技有限公司', relation: '配偶持股', uscc: '91110000MA00000001' },
      ],
    });
    expect(e.status, e.body).toBe(200);
    const task = { expert_id: e.json.id, task_type: 'inspection_round', title: '市委第五轮巡察', starts_on: '2026-04-01', ends_on: '2026-05-31' };
    const relative = await officer.post('/api/collab/assignments', { ...task, subjects: { persons: [{ name: '周小强', id_number: brother }] } });
    expect(relative.status).toBe(409);
    expect(relative.json.code).toBe('conflict_of_interest');
    expect(relative.json.message).toContain('亲属');
    const enterprise = await officer.post('/api/collab/assignments', { ...task, subjects: { enterprises: [{ name: '鑫农科技', uscc: '91110000ma00000001' }] } });
    expect(enterprise.status).toBe(409);
    expect(enterprise.json.message).toContain('鑫农科技');
    const ownUnit = await officer.post('/api/collab/experts/conflict-check', { ...task, subjects: { org_ids: [org('示范市财政局')] } });
    expect(ownUnit.status).toBe(200);
    expect(ownUnit.json.clear).toBe(false);
    expect(ownUnit.json.conflicts.map((c: { kind: string }) => c.kind)).toEqual(['own_unit']);
    // A spouse the expert did not declare, found in the entity index (亲属关系 dataset).
    await load(w.platform, 'relations', [{ id_number: expertId, name: '周会计', relative_id_number: spouse, relative_name: '李某某', relation: '配偶' }]);
    const undeclared = await officer.post('/api/collab/experts/conflict-check', { ...task, subjects: { persons: [{ name: '李某某', id_number: spouse }] } });
    expect(undeclared.json.entity_index_checked).toBe(true);
    expect(undeclared.json.conflicts).toEqual([expect.objectContaining({ kind: 'entity_index' })]);
    expect(undeclared.json.conflicts[0].reason).toContain('配偶');
    const ok = await officer.post('/api/collab/assignments', { ...task, subjects: { org_ids: [org('示范市农业农村局')], persons: [{ name: '周小强', id_number: idNumber('11010119900101001') }] } });
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.conflict_check.clear).toBe(true);
    expect(ok.json.conflict_check.entity_index_checked).toBe(true);
    const overlap = await officer.post('/api/collab/assignments', { ...task, title: '同期专项审计', subjects: {} });
    expect(overlap.status).toBe(409);
    expect(overlap.json.message).toContain('市委第五轮巡察');
    const got = await (await w.as('auditor')).get(`/api/collab/experts/${e.json.id}`);
    expect(got.json.phone).toBe('138****8000');
    expect(JSON.stringify(got.json)).not.toContain(expertId);
    expect(got.json.assignments).toHaveLength(1);
    const byField = await officer.get('/api/collab/experts?field=财会');
    expect(byField.json.total).toBe(1);
    expect(await auditCount('collab.expert.assign', ok.json.id)).toBe(1);
  });

  it('runs a campaign: areas and tasks, problems on the ledger, rectification counted on its dashboard', async () => {
    const officer = await w.as('officer1');
    const c = await officer.post('/api/collab/campaigns', {
      name: '护航优化营商环境专项监督',
      kind: 'supervision',
      starts_on: '2026-02-01',
      ends_on: '2026-12-31',
      domain: '营商环境',
      areas: [
        { name: '涉企执法', tasks: [{ content: '整治涉企乱收费、乱罚款', owner_org_id: org('示范市市场监督管理局') }, { content: '规范涉企行政检查' }] },
        { name: '惠企政策落实', tasks: [{ content: '惠企资金拨付情况', owner_org_id: org('示范市农业农村局'), deadline: addDays(today, 30) }] },
      ],
    });
    expect(c.status, c.body).toBe(200);
    let got = await officer.get(`/api/collab/campaigns/${c.json.id}`);
    expect(got.json.dashboard).toMatchObject({ areas: 2, tasks: 3, problems: 0 });
    const task = got.json.areas[1].tasks[0];
    const p = await officer.post(`/api/collab/campaigns/${c.json.id}/problems`, {
      task_id: task.id,
      title: '惠企资金拨付滞后',
      responsible_org_id: org('示范市农业农村局'),
      responsible_leader_name: '冯局长',
      time_limit_days: 20,
    });
    expect(p.status, p.body).toBe(200);
    // The owner body reports the task done; another body may not.
    const agri = await w.as('agri');
    expect((await (await w.as('auditor')).post(`/api/collab/campaign-tasks/${task.id}/progress`, { version: task.version, progress_note: 'x' })).status).toBe(403);
    const prog = await agri.post(`/api/collab/campaign-tasks/${task.id}/progress`, { version: task.version, progress_note: '已完成拨付', done: true });
    expect(prog.status, prog.body).toBe(200);
    // Rectified through the rectification service (unit submits, supervising body verifies).
    const agriAccess = (await loadAccessContext(w.platform.db, user('agri')))!;
    const offAccess = (await loadAccessContext(w.platform.db, user('officer1')))!;
    const actor = (u: string) => ({ userId: user(u), name: u, orgId: null });
    const item = await getLedgerItem(w.platform.db, actor('agri'), agriAccess, p.json.id);
    const s = await submitForVerification(w.platform.db, actor('agri'), agriAccess, p.json.id, { version: item.version, note: '已整改完毕' });
    await verifyLedgerItem(w.platform.db, actor('officer1'), offAccess, p.json.id, { version: s.version, passed: true, opinion: '核验通过' });
    got = await officer.get(`/api/collab/campaigns/${c.json.id}`);
    expect(got.json.dashboard).toMatchObject({ areas: 2, tasks: 3, tasks_done: 1, problems: 1, problems_rectified: 1, rectification_rate: 1 });
    expect(got.json.dashboard.text).toBe('2个领域3项重点任务，发现问题1个、已整改1个');
    expect(got.json.areas[1].tasks[0].links).toHaveLength(1);
  });

  it('closes the 问政＋问责＋督改 loop and publishes the typical case', async () => {
    const officer = await w.as('officer1');
    const ev = await officer.post('/api/collab/wenzheng', {
      title: '2026年第一期《阳光问政》',
      held_on: '2026-03-01',
      media: '示范市广播电视台',
      issues: [
        { title: '老旧小区改造工程质量差', description: '节目曝光某小区改造后外墙脱落、管网渗漏', responsible_org_id: org('示范市住房和城乡建设局') },
        { title: '行政审批“体外循环”', description: '群众反映项目审批在系统外办理', responsible_org_id: org('示范市城市管理局') },
      ],
    });
    expect(ev.status, ev.body).toBe(200);
    const issue = ev.json.issue_ids[0];
    const clue = await officer.post(`/api/collab/wenzheng/issues/${issue}/clue`, { persons: [{ name: '孙某', cadre_level: '县管', org_name: '示范市住房和城乡建设局', position: '科长' }] });
    expect(clue.status, clue.body).toBe(200);
    expect((await officer.post(`/api/collab/wenzheng/issues/${issue}/clue`, { persons: [{ name: '孙某', cadre_level: '县管' }] })).status).toBe(409);
    const rect = await officer.post(`/api/collab/wenzheng/issues/${issue}/rectification`, { responsible_leader_name: '住建局局长', time_limit_days: 30, measures: '全面排查返工' });
    expect(rect.status, rect.body).toBe(200);
    const acc = await officer.post(`/api/collab/wenzheng/issues/${issue}/accountability`, {
      target_kind: 'person',
      measure: 'admonish',
      person_name: '孙某',
      person_title: '科长',
      reason: '履行监管职责不力，造成不良社会影响',
    });
    expect(acc.status, acc.body).toBe(200);
    let got = await officer.get(`/api/collab/wenzheng/${ev.json.id}`);
    expect(got.json.issues[0].stage).toBe('following');
    // 销号 through the rectification service: the supervising body (officer1's office) records and verifies.
    const offAccess = (await loadAccessContext(w.platform.db, user('officer1')))!;
    const actor = { userId: user('officer1'), name: 'officer1', orgId: offAccess.orgId };
    const it1 = await getLedgerItem(w.platform.db, actor, offAccess, rect.json.id);
    const s = await submitForVerification(w.platform.db, actor, offAccess, rect.json.id, { version: it1.version, note: '责任单位已返工' });
    await verifyLedgerItem(w.platform.db, actor, offAccess, rect.json.id, { version: s.version, passed: true, opinion: '现场核验通过' });
    got = await officer.get(`/api/collab/wenzheng/${ev.json.id}`);
    expect(got.json.issues[0]).toMatchObject({ stage: 'closed', decisions: 1 });
    const pub = await officer.post(`/api/collab/wenzheng/issues/${issue}/publish`, { version: got.json.issues[0].version, publication: '关于老旧小区改造工程质量问题的通报' });
    expect(pub.status, pub.body).toBe(200);
    got = await (await w.as('leader')).get(`/api/collab/wenzheng/${ev.json.id}`);
    expect(got.json.dashboard).toEqual({ issues: 2, clues: 1, on_ledger: 1, rectified: 1, decisions: 1, published: 1, closed: 1 });
    expect(got.json.issues[1].stage).toBe('exposed');
    expect(await auditCount('collab.wz_issue.%', issue)).toBe(4);
  });
});
