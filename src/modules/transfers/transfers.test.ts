import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request, signIn } from '../../../test/support/http.ts';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { loadCalendar } from '../../platform/calendar/calendar.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import { createUser } from '../admin/users.service.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../demo/city.ts';
import { escalateOverdueTransfers } from './deadlines.ts';
import { acknowledgeTransfer, sendTransfer } from './transfers.service.ts';

let w: DemoWorld;
let auditor: Client;
let casemgr: Client;
let casemgr2: Client;
let officer1: Client;
let officer2: Client;
let inspector: Client;
let group1: Client;
let leader: Client;
let org: (name: string) => number;
let ctxOf: (username: string) => Promise<AccessContext>;

const AUDIT = '示范市审计局';
const CASE_OFFICE = '案件监督管理室';

const problems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    title: `审计发现问题${i + 1}`,
    snapshot: { finding: `某单位违规发放津贴补贴问题${i + 1}`, amount: 10000 * (i + 1), audit_report: `示审报〔2025〕${i + 1}号` },
  }));

const auditOf = (id: number) =>
  w.platform.db.selectFrom('audit_events').select(['action', 'actor_id', 'actor_name', 'detail']).where('object_type', '=', 'transfer').where('object_id', '=', String(id)).orderBy('seq').execute();

const notesOf = (id: number, kind: string) =>
  w.platform.db
    .selectFrom('notifications')
    .select(['recipient_kind', 'recipient_id', 'required_permission', 'title'])
    .where('object_type', '=', 'transfer')
    .where('object_id', '=', String(id))
    .where('kind', '=', kind)
    .execute();

async function addUser(username: string, orgName: string, role: string) {
  const id = await createUser(w.platform.db, systemActor('test'), { username, displayName: username, orgId: org(orgName), password: DEMO_PASSWORD, roles: [role] });
  await w.platform.db.updateTable('users').set({ totp_secret_enc: w.platform.cipher.encrypt(demoTotpSecret(username)), totp_enabled: true }).where('id', '=', id).execute();
  return signIn(w.app, username, DEMO_PASSWORD, demoTotpSecret(username));
}

beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
  org = (name) => w.demo.orgs.get(name)!;
  ctxOf = async (u) => (await loadAccessContext(w.platform.db, w.demo.users.get(u)!))!;
  [auditor, casemgr, officer1, officer2, inspector, group1, leader] = await Promise.all(
    ['auditor', 'casemgr', 'officer1', 'officer2', 'inspector1', 'group1', 'leader'].map((u) => w.as(u)),
  );
  casemgr2 = await addUser('casemgr2', CASE_OFFICE, 'case_manager');
});
afterAll(() => w?.close());

describe('send → 签收 → feedback', () => {
  it('审计局 transfers a batch to the commission, which acknowledges, registers a clue from it and feeds back', async () => {
    const sent = await auditor.post('/api/transfers', {
      receiver_org_id: org(CASE_OFFICE),
      object_type: 'problem',
      title: '2025年第一季度审计发现问题线索',
      items: problems(3),
    });
    expect(sent.status, sent.body).toBe(200);
    const today = todayInShanghai();
    const cal = await loadCalendar(w.platform.db);
    expect(sent.json).toMatchObject({ ack_due: cal.addWorkingDays(today, 3), handle_days: 30 });
    const id = sent.json.id;

    // the receiver is told, and has it in 我的待办
    const inbox = (await casemgr.get('/api/notifications?unread=true')).json.items;
    expect(inbox.some((n: { kind: string; link: string }) => n.kind === 'transfer.received' && n.link === `/transfers/${id}`)).toBe(true);
    const todo = (await casemgr.get('/api/todo')).json.items;
    expect(todo).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'transfer.acknowledge', objectId: id, due: sent.json.ack_due })]));

    // the sender follows the status live
    let mine = (await auditor.get('/api/transfers?box=sent')).json.items.find((t: { id: number }) => t.id === id);
    expect(mine).toMatchObject({ status: 'sent', mode: 'batch', item_count: 3, ack_due: sent.json.ack_due, ack_overdue: false, ack_on: null });

    const detail = (await casemgr.get(`/api/transfers/${id}`)).json;
    expect(detail.items.map((i: { snapshot: { finding: string } }) => i.snapshot.finding)).toEqual(problems(3).map((p) => p.snapshot.finding));
    const ack = await casemgr.post(`/api/transfers/${id}/acknowledge`, { version: detail.version });
    expect(ack.status, ack.body).toBe(200);
    expect(ack.json).toMatchObject({ status: 'acknowledged', on_time: true, handle_due: cal.addWorkingDays(today, 30) });

    mine = (await auditor.get('/api/transfers?box=sent')).json.items.find((t: { id: number }) => t.id === id);
    expect(mine).toMatchObject({ status: 'acknowledged', ack_on: today, acknowledged_on_time: true, handle_due: ack.json.handle_due });
    expect(await notesOf(id, 'transfer.acknowledged')).toEqual([expect.objectContaining({ recipient_kind: 'org', recipient_id: org(AUDIT) })]);

    // the commission registers a clue from item 1, keeping the link to the transfer
    const clue = await casemgr.post('/api/clues', {
      source_type: 'audit',
      source_ref: `transfer:${sent.json.code}#1`,
      source_org_id: org(AUDIT),
      summary: problems(1)[0].snapshot.finding,
      persons: [{ name: '周某', org_name: '某单位', position: '财务科长', cadre_level: '县管' }],
    });
    expect(clue.status).toBe(200);

    const fb = await casemgr.post(`/api/transfers/${id}/feedback`, {
      result: '第1项已登记为问题线索并立案审查调查，其余正在办理',
      outcome: 'in_progress',
      items: [{ seq: 1, outcome: 'case_filed', note: `线索 ${clue.json.code}` }],
      version: ack.json.version,
    });
    expect(fb.status, fb.body).toBe(200);
    expect(fb.json).toMatchObject({ status: 'fed_back', on_time: true });
    const seen = (await auditor.get(`/api/transfers/${id}`)).json;
    expect(seen).toMatchObject({ status: 'fed_back', feedback_outcome: 'in_progress', feedback_result: expect.stringContaining('立案审查调查') });
    expect(seen.items.map((i: { outcome: string }) => i.outcome)).toEqual(['case_filed', 'in_progress', 'in_progress']);
    expect(await notesOf(id, 'transfer.feedback')).toHaveLength(1);

    expect((await auditOf(id)).map((e) => e.action).filter((a) => a !== 'transfer.read')).toEqual(['transfer.send', 'transfer.acknowledge', 'transfer.feedback']);

    const stats = (await auditor.get('/api/transfers/stats?period=all')).json;
    const row = stats.items.find((r: { sender_org_id: number; object_type: string }) => r.sender_org_id === org(AUDIT) && r.object_type === 'problem');
    expect(row).toMatchObject({ transfers: 1, items: 3, acknowledged: 1, acknowledged_on_time: 1, fed_back: 1, returned: 0, outcomes: { case_filed: 1, in_progress: 2 } });
    expect(row.sentence).toContain('示范市审计局向案件监督管理室移交问题线索3件');
  });
});

describe('退回', () => {
  it('the receiver returns it with a reason; the sender sees why; it can no longer be acknowledged', async () => {
    const sent = await auditor.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'problem', title: '不属于纪检监察机关管辖的问题', items: problems(1) });
    const id = sent.json.id;
    const noReason = await casemgr.post(`/api/transfers/${id}/return`, { reason: '  ', version: 1 });
    expect(noReason.status).toBe(400);
    const r = await casemgr.post(`/api/transfers/${id}/return`, { reason: '该问题属于财政部门职责范围，请移送财政局', version: 1 });
    expect(r.status, r.body).toBe(200);
    expect(r.json.status).toBe('returned');
    const seen = (await auditor.get(`/api/transfers/${id}`)).json;
    expect(seen).toMatchObject({ status: 'returned', return_reason: '该问题属于财政部门职责范围，请移送财政局' });
    expect(await notesOf(id, 'transfer.returned')).toEqual([expect.objectContaining({ recipient_id: org(AUDIT) })]);
    const late = await casemgr.post(`/api/transfers/${id}/acknowledge`, { version: r.json.version });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe('illegal_transition');
    expect((await auditOf(id)).map((e) => e.action)).toContain('transfer.return');
    // only the receiving body may return it
    const other = await auditor.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'problem', title: 'x', items: problems(1) });
    expect((await auditor.post(`/api/transfers/${other.json.id}/return`, { reason: '自己退回', version: 1 })).status).toBe(403);
  });
});

describe('between bodies: only what a collaboration mechanism in force provides for', () => {
  const transfersCount = async () => Number((await w.platform.db.selectFrom('transfers').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a body whose mechanism is still a draft, and a kind of object no rule names; nothing is written', async () => {
    const finance = await addUser('jrjg1', '示范市金融监管局', 'partner_clerk');
    const before = await transfersCount();
    const draft = await finance.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'problem', title: '违规借贷线索', items: problems(1) });
    expect(draft.status).toBe(403);
    expect(draft.json).toMatchObject({ code: 'transfer_not_allowed', details: { reason: 'mechanism_not_in_force' } });
    expect(draft.json.message).toContain('尚未生效');
    expect(draft.json.message_en).toContain('draft');
    const wrongKind = await auditor.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'hotline_batch', title: '热线工单', items: problems(1) });
    expect(wrongKind.status).toBe(403);
    expect(wrongKind.json.details.reason).toBe('not_in_rules');
    expect(await transfersCount()).toBe(before);
  });

  it("takes the deadlines from the mechanism's rule (12345: 签收 3, 办理 15 working days) and records the basis", async () => {
    const hotline = await w.as('hotline');
    const sent = await hotline.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'hotline_batch', title: '作风问题工单', items: problems(2) });
    expect(sent.status, sent.body).toBe(200);
    expect(sent.json.handle_days).toBe(15);
    const send = (await auditOf(sent.json.id)).find((e) => e.action === 'transfer.send')!;
    const mechanism = await w.platform.db.selectFrom('collab_mechanisms').select('id').where('name', 'like', '12345%').executeTakeFirstOrThrow();
    expect(send.detail).toMatchObject({ basis: 'mechanism', mechanism_id: mechanism.id, handle_days: 15 });
  });
});

describe('deadlines in working days, and escalation', () => {
  it('an acknowledgement overdue (3 working days, across 调休 and 国庆) escalates once, notifying receiver, its superior and sender', async () => {
    // Friday 2025-09-26: Sunday 09-28 is a make-up working day (调休), so the 3rd working day is Tuesday 09-30.
    const t = await sendTransfer(w.platform.db, systemActor('test'), await ctxOf('auditor'), {
      receiverOrgId: org(CASE_OFFICE),
      objectType: 'problem',
      title: '国庆前移送的问题线索',
      items: problems(2),
      sentOn: '2025-09-26',
    });
    expect(t.ack_due).toBe('2025-09-30');
    expect((await escalateOverdueTransfers(w.platform.db, '2025-09-30')).escalated).not.toContain(t.code);
    const r = await escalateOverdueTransfers(w.platform.db, '2025-10-09');
    expect(r.escalated).toContain(t.code);
    const notes = await notesOf(t.id, 'transfer.overdue');
    expect(notes.map((n) => n.recipient_id).sort()).toEqual([org(CASE_OFFICE), org('示范市纪委监委'), org(AUDIT)].sort());
    expect(notes[0].title).toContain('超期未签收');
    const events = (await auditOf(t.id)).filter((e) => e.action === 'transfer.escalate');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: null, actor_name: 'deadline-job' });
    expect((await escalateOverdueTransfers(w.platform.db, '2025-10-10')).escalated).not.toContain(t.code);
    const row = await w.platform.db.selectFrom('transfers').select(['status', 'escalated_at']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.escalated_at).not.toBeNull();
    const listed = (await auditor.get('/api/transfers?box=sent&overdue=true')).json.items.map((x: { id: number }) => x.id);
    expect(listed).toContain(t.id);
    expect((await auditor.get('/api/todo')).json.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'transfer.sent_overdue', objectId: t.id, overdue: true })]));
    // acknowledging late is allowed, and counted as late
    const ack = await acknowledgeTransfer(w.platform.db, systemActor('test'), await ctxOf('casemgr'), { id: t.id, version: 1, on: '2025-10-10' });
    expect(ack.on_time).toBe(false);
  });

  it('feedback is due 30 working days after 签收 (10 for 边巡边查), and is flagged when late', async () => {
    const t = await sendTransfer(w.platform.db, systemActor('test'), await ctxOf('auditor'), {
      receiverOrgId: org(CASE_OFFICE),
      objectType: 'problem',
      title: '九月移送',
      items: problems(1),
      sentOn: '2025-09-01',
    });
    const ack = await acknowledgeTransfer(w.platform.db, systemActor('test'), await ctxOf('casemgr'), { id: t.id, version: 1, on: '2025-09-02' });
    // counted by hand: 19 working days to 09-28 (调休 Sunday), 09-29/30, 国庆 10-01…08 off, 10-09/10, 10-11 (调休 Saturday), 10-13…17, 10-20
    expect(ack.handle_due).toBe('2025-10-20');
    expect((await escalateOverdueTransfers(w.platform.db, '2025-10-20')).feedbackOverdue).not.toContain(t.code);
    expect((await escalateOverdueTransfers(w.platform.db, '2025-10-21')).feedbackOverdue).toContain(t.code);
    expect((await notesOf(t.id, 'transfer.overdue'))[0].title).toContain('超期未反馈');

    const tour = await sendTransfer(w.platform.db, systemActor('test'), await ctxOf('inspector1'), {
      receiverOrgId: org(CASE_OFFICE),
      objectType: 'problem',
      title: '边巡边查移交',
      items: problems(1),
      tour: true,
      sentOn: '2025-09-01',
    });
    expect(tour.handle_days).toBe(10);
    const tack = await acknowledgeTransfer(w.platform.db, systemActor('test'), await ctxOf('casemgr'), { id: tour.id, version: 1, on: '2025-09-02' });
    expect(tack.handle_due).toBe('2025-09-16');
  });
});

describe('边巡边查: an inspection team transfers a clue, cc the dispatched group', () => {
  it('grants the receiver (and cc) exactly the carried clue on 签收, hands it over, and the team follows it', async () => {
    const reg = await inspector.post('/api/clues', {
      source_type: 'inspection',
      source_ref: '市委第一巡察组2025年第二轮#12',
      summary: '巡察发现某乡镇农业服务中心主任冯某在高标准农田项目验收中收受施工方财物',
      domain_tags: ['工程建设'],
      persons: [{ name: '冯某', id_number: '110101197505051239', org_name: '某乡镇农业服务中心', position: '主任', cadre_level: '乡管' }],
      whistleblower: { name: '匿名群众甲', phone: '13700000000' },
    });
    const clueId = reg.json.id;
    const other = await inspector.post('/api/clues', { source_type: 'inspection', summary: '另一条未移交的线索', persons: [{ name: '某人', cadre_level: '乡管' }] });
    const sent = await inspector.post('/api/transfers', {
      receiver_org_id: org('第一监督检查室'),
      object_type: 'clue',
      title: '边巡边查移交问题线索',
      tour: true,
      cc_org_ids: [org('派驻市农业农村局纪检监察组')],
      items: [{ object_id: String(clueId) }],
    });
    expect(sent.status, sent.body).toBe(200);
    expect(sent.json.handle_days).toBe(10);
    const id = sent.json.id;

    // the snapshot carries no ID number and no whistle-blower
    const d = await officer1.get(`/api/transfers/${id}`);
    expect(d.status).toBe(200);
    expect(d.json.items[0].snapshot).toMatchObject({ code: reg.json.code, summary: expect.stringContaining('高标准农田'), persons: [expect.objectContaining({ name: '冯某' })] });
    expect(JSON.stringify(d.json)).not.toContain('110101197505051239');
    expect(JSON.stringify(d.json)).not.toContain('匿名群众甲');
    expect((await group1.get(`/api/transfers/${id}`)).status).toBe(200);
    expect(await notesOf(id, 'transfer.cc')).toEqual([expect.objectContaining({ recipient_id: org('派驻市农业农村局纪检监察组') })]);

    // before 签收 the receiver sees the snapshot only; outsiders see nothing
    expect((await officer1.get(`/api/clues/${clueId}`)).status).toBe(404);
    expect((await officer2.get(`/api/transfers/${id}`)).status).toBe(404);
    expect((await officer2.get('/api/transfers')).json.items.map((t: { id: number }) => t.id)).not.toContain(id);

    const ack = await officer1.post(`/api/transfers/${id}/acknowledge`, { version: d.json.version });
    expect(ack.status, ack.body).toBe(200);
    expect(ack.json.handle_due).toBe((await loadCalendar(w.platform.db)).addWorkingDays(todayInShanghai(), 10));

    const clue = (await officer1.get(`/api/clues/${clueId}`)).json;
    expect(clue).toMatchObject({ org_id: org('第一监督检查室'), handler_id: null, status: 'registered' });
    expect(clue.actions).toContain('propose');
    expect((await group1.get(`/api/clues/${clueId}`)).status).toBe(200);
    expect((await group1.post(`/api/clues/${clueId}/propose`, { method: 'conclude', reason: 'x', approver_id: w.demo.users.get('leader'), version: clue.version })).status).toBe(403);
    expect((await inspector.get(`/api/clues/${clueId}`)).status).toBe(200);
    // exactly what it carries: not the team's other clue
    expect((await officer1.get(`/api/clues/${other.json.id}`)).status).toBe(404);
    expect((await officer2.get(`/api/clues/${clueId}`)).status).toBe(404);
    const tl = (await officer1.get(`/api/clues/${clueId}/timeline`)).json.items.map((e: { action: string }) => e.action);
    expect(tl).toEqual(['clue.create', 'clue.transfer', 'clue.handover']);

    // the receiver disposes of it now
    const p = await officer1.post(`/api/clues/${clueId}/propose`, { method: 'preliminary', reason: '拟初步核实', approver_id: w.demo.users.get('leader'), version: clue.version });
    expect(p.status, p.body).toBe(200);
  });

  it('refuses transferring a clue the sender may not see, or one in the middle of disposal', async () => {
    const hidden = await officer2.post('/api/clues', { source_type: 'self', summary: '第二室自行发现的问题', persons: [{ name: '某乙', cadre_level: '乡管' }] });
    const r = await officer1.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'clue', title: 'x', items: [{ object_id: String(hidden.json.id) }] });
    expect(r.status).toBe(404);
    const busy = await officer2.post(`/api/clues/${hidden.json.id}/propose`, { method: 'talk_inquiry', reason: '拟谈话', approver_id: w.demo.users.get('leader'), version: 1 });
    expect(busy.status).toBe(200);
    const r2 = await officer2.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'clue', title: 'x', items: [{ object_id: String(hidden.json.id) }] });
    expect(r2.status).toBe(409);
    expect(r2.json.code).toBe('illegal_transition');
    // a described item naming a record grants nothing: only kinds that check the sender's rights do
    const forged = await auditor.post('/api/transfers', {
      receiver_org_id: org('第一监督检查室'),
      object_type: 'problem',
      title: '附带他人线索编号的问题',
      items: [{ object_id: String(hidden.json.id), title: '问题', snapshot: { text: '…' } }],
    });
    expect((await officer1.post(`/api/transfers/${forged.json.id}/acknowledge`, { version: 1 })).status).toBe(200);
    expect((await officer1.get(`/api/clues/${hidden.json.id}`)).status).toBe(404);
    const grants = await w.platform.db.selectFrom('record_access').select('object_type').where('object_id', '=', String(hidden.json.id)).where('grantee_id', '=', org('第一监督检查室')).execute();
    expect(grants).toEqual([]);
    expect((await auditor.post('/api/transfers', { receiver_org_id: org(AUDIT), object_type: 'problem', title: 'x', items: problems(1) })).status).toBe(403);
    expect((await auditor.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'unknown_kind', title: 'x', items: problems(1) })).status).toBe(400);
  });
});

describe('two receivers at once', () => {
  it('exactly one 签收 wins, the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const sent = await auditor.post('/api/transfers', { receiver_org_id: org(CASE_OFFICE), object_type: 'problem', title: `并发签收${round}`, items: problems(1) });
      const id = sent.json.id;
      const [a, b] = await Promise.all([
        casemgr.post(`/api/transfers/${id}/acknowledge`, { version: 1 }),
        casemgr2.post(`/api/transfers/${id}/return`, { reason: '不属于本机关管辖', version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((x) => x.status === 409)!.json.code).toBe('conflict');
      const row = await w.platform.db.selectFrom('transfers').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: a.status === 200 ? 'acknowledged' : 'returned', version: 2 });
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['transfer.send', a.status === 200 ? 'transfer.acknowledge' : 'transfer.return']);
    }
  });
});

describe('counting for leadership', () => {
  it('counts by data scope: the leader counts all, an office only its own', async () => {
    const all = (await leader.get('/api/transfers/stats?period=year')).json;
    expect(all.totals.transfers).toBeGreaterThanOrEqual(5);
    expect(all.items.some((r: { sender_org_name: string }) => r.sender_org_name === AUDIT)).toBe(true);
    const mine = (await officer2.get('/api/transfers/stats')).json;
    expect(mine.items.some((r: { sender_org_name: string }) => r.sender_org_name === AUDIT)).toBe(false);
    const auditors = (await auditor.get(`/api/transfers/stats?sender_org_id=${org(AUDIT)}&from=2025-09-01&to=2025-09-30&period=month`)).json;
    expect(auditors.items.map((r: { period: string }) => r.period)).toEqual(['2025-09']);
    expect(auditors.totals).toMatchObject({ transfers: 2, items: 3, acknowledged: 2, acknowledged_on_time: 1 });
  });
});

describe('routes: 401 without login, 403 without permission', () => {
  it('every transfer route', async () => {
    const fill = (url: string) => url.replace(/:[a-zA-Z]+/g, '1');
    const routes = w.app.routeTable.filter((r) => r.url.startsWith('/api/transfers'));
    expect(routes).toHaveLength(7);
    const dataadmin = await w.as('dataadmin');
    for (const r of routes) {
      expect((await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {})).status, `${r.method} ${r.url}`).toBe(401);
      const res = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {}, { cookie: dataadmin.cookie, 'x-csrf-token': dataadmin.csrf });
      expect(res.status, `${r.method} ${r.url}`).toBe(403);
    }
    expect((await leader.post('/api/transfers', { receiver_org_id: 1, object_type: 'problem', title: 'x', items: problems(1) })).status).toBe(403);
  });
});
