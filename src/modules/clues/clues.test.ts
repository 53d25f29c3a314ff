import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request, signIn } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { sm3Hex } from '../../platform/crypto/sm3.ts';
import { createUser } from '../admin/users.service.ts';
import { idCheckDigit } from '../datasets/normalize/id-number.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoTotpSecret } from '../demo/city.ts';
import { assignHandler, proposeMethod } from './disposal.service.ts';

let w: DemoWorld;
let officer1: Client;
let officer2: Client;
let casemgr: Client;
let leader: Client;
let inspector: Client;
let colleague: Client;
let userId: (name: string) => number;

const ID17 = '11010119800307123';
const ID = ID17 + idCheckDigit(ID17);
/** The same number as typed with full-width digits and spaces. */
const ID_WIDE = ` ${[...ID].map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('')} `;

const SUMMARY = '群众反映某镇粮站站长张建军在粮食收购中压级压价、虚报收购数量套取国家补贴资金';

const clueBody = (over: Record<string, unknown> = {}) => ({
  source_type: 'hotline',
  source_ref: '12345:GD2025030100017',
  summary: SUMMARY,
  domain_tags: ['粮食购销'],
  persons: [{ name: '张建军', id_number: ID, org_name: '某镇粮站', position: '站长', cadre_level: '乡管' }],
  whistleblower: { name: '李群众', phone: '13800138000', anonymous: false },
  ...over,
});

async function register(c: Client, over: Record<string, unknown> = {}) {
  const r = await c.post('/api/clues', clueBody(over));
  expect(r.status, r.body).toBe(200);
  return r.json as { id: number; code: string; duplicates: { id: number; similarity: number }[] };
}

const detail = async (c: Client, id: number) => {
  const r = await c.get(`/api/clues/${id}`);
  expect(r.status, r.body).toBe(200);
  return r.json;
};

const auditOf = (id: number) =>
  w.platform.db.selectFrom('audit_events').select(['seq', 'action', 'actor_id', 'detail']).where('object_type', '=', 'clue').where('object_id', '=', String(id)).orderBy('seq').execute();

function multipart(fileName: string, content: Buffer, mime = 'application/pdf') {
  const boundary = `----guantong${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(c: Client, clueId: number, fileName: string, text: string) {
  const m = multipart(fileName, Buffer.from(text));
  const r = await w.app.inject({
    method: 'POST',
    url: `/api/clues/${clueId}/attachments`,
    payload: m.payload,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': m.type },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: number; sm3: string; size: number };
}

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  [officer1, officer2, casemgr, leader, inspector] = await Promise.all(['officer1', 'officer2', 'casemgr', 'leader', 'inspector1'].map((u) => w.as(u)));
  userId = (name) => w.demo.users.get(name)!;
  // A second officer of 第一监督检查室, for the concurrent-edit test.
  const id = await createUser(w.platform.db, systemActor('test'), {
    username: 'officer1b',
    displayName: '刘卫东',
    orgId: w.demo.orgs.get('第一监督检查室')!,
    password: DEMO_PASSWORD,
    roles: ['officer'],
  });
  await w.platform.db
    .updateTable('users')
    .set({ totp_secret_enc: w.platform.cipher.encrypt(demoTotpSecret('officer1b')), totp_enabled: true })
    .where('id', '=', id)
    .execute();
  w.demo.users.set('officer1b', id);
  colleague = await signIn(w.app, 'officer1b', DEMO_PASSWORD, demoTotpSecret('officer1b'));
});
afterAll(() => w?.close());

describe('registering a clue', () => {
  it('keeps the source link, encrypts ID numbers and the whistle-blower, grants the creator org and handler, audits', async () => {
    const { id, code } = await register(officer1);
    expect(code).toMatch(/^XS-\d{4}-\d{6}$/);
    const row = await w.platform.db.selectFrom('clues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source_type: 'hotline', source_ref: '12345:GD2025030100017', status: 'registered', cadre_level: '乡管', version: 1 });
    expect(row.org_id).toBe(w.demo.orgs.get('第一监督检查室'));
    expect(row.handler_id).toBe(userId('officer1'));
    expect(row.whistleblower_enc).not.toContain('李群众');
    expect(JSON.parse(w.platform.cipher.decrypt(row.whistleblower_enc!))).toMatchObject({ name: '李群众', phone: '13800138000' });
    const p = await w.platform.db.selectFrom('clue_persons').selectAll().where('clue_id', '=', id).executeTakeFirstOrThrow();
    expect(p.id_number_enc).not.toContain(ID.slice(6, 14));
    expect(w.platform.cipher.decrypt(p.id_number_enc!)).toBe(ID);
    expect(p.id_hash).toBe(sm3Hex(ID));
    const grants = await w.platform.db.selectFrom('record_access').select(['grantee_kind', 'grantee_id']).where('object_type', '=', 'clue').where('object_id', '=', String(id)).execute();
    expect(grants).toEqual(
      expect.arrayContaining([
        { grantee_kind: 'org', grantee_id: w.demo.orgs.get('第一监督检查室') },
        { grantee_kind: 'user', grantee_id: userId('officer1') },
      ]),
    );
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['clue.create']);
    const d = await detail(officer1, id);
    expect(d.persons[0].id_number).toBe(`${ID.slice(0, 6)}********${ID.slice(-4)}`);
    expect(d.has_whistleblower).toBe(true);
    expect(JSON.stringify(d)).not.toContain('李群众');
  });

  it('refuses unknown domain tags and unknown fields', async () => {
    const bad = await officer1.post('/api/clues', clueBody({ domain_tags: ['不存在的领域'] }));
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('不存在的领域');
    expect((await officer1.post('/api/clues', clueBody({ secret: 1 }))).status).toBe(400);
  });

  it('lets other areas register from their source (createClueFromSource) — an inspection team without disposal rights', async () => {
    const { id } = await register(inspector, { source_type: 'inspection', source_ref: 'tour:2025-1#7', persons: [{ name: '王某', cadre_level: '县管' }], whistleblower: null });
    const row = await w.platform.db.selectFrom('clues').select(['handler_id', 'org_id', 'cadre_level']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ handler_id: null, org_id: w.demo.orgs.get('市委第一巡察组'), cadre_level: '县管' });
  });
});

describe('whistle-blower identity', () => {
  it('needs clue:whistleblower and need-to-know, and every decryption is audited', async () => {
    const { id } = await register(casemgr, { whistleblower: { name: '赵实名', phone: '13900000000' } });
    expect((await officer1.get(`/api/clues/${id}/whistleblower`)).status).toBe(403);
    const other = await register(officer1);
    expect((await casemgr.get(`/api/clues/${other.id}/whistleblower`)).status).toBe(404);
    const before = (await auditOf(id)).length;
    const r = await casemgr.get(`/api/clues/${id}/whistleblower`);
    expect(r.status).toBe(200);
    expect(r.json.whistleblower).toMatchObject({ name: '赵实名', phone: '13900000000' });
    const events = await auditOf(id);
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({ action: 'clue.whistleblower.read', actor_id: userId('casemgr') });
  });
});

describe('need-to-know (知悉范围) through every list, search, count and export', () => {
  let secret: { id: number; code: string };
  beforeAll(async () => {
    secret = await register(officer1, {
      summary: '反映某中学校长钱多多在校园食堂承包中收受供应商好处费',
      domain_tags: ['校园餐饮'],
      persons: [{ name: '钱多多', id_number: '110101197001011234', org_name: '某中学', position: '校长', cadre_level: '县管' }],
    });
  });

  it('the owning office sees it everywhere', async () => {
    expect((await officer1.get(`/api/clues?q=${encodeURIComponent('钱多多')}`)).json.items.map((c: { id: number }) => c.id)).toContain(secret.id);
    expect((await officer1.get('/api/clues?id_number=110101197001011234')).json.total).toBe(1);
    expect((await officer1.get('/api/clues/stats?domain_tag=校园餐饮')).json.total).toBe(1);
    expect((await officer1.get('/api/clues/export')).body).toContain(secret.code);
  });

  for (const who of ['officer2', 'casemgr', 'leader', 'group1'] as const) {
    it(`${who} (another body, whatever the role and data scope) cannot see, search, count or export it`, async () => {
      const c = await w.as(who);
      expect((await c.get(`/api/clues/${secret.id}`)).status).toBe(404);
      for (const sub of ['timeline', 'duplicates']) expect((await c.get(`/api/clues/${secret.id}/${sub}`)).status).toBe(404);
      const list = await c.get('/api/clues?pageSize=500');
      expect(list.json.items.map((x: { id: number }) => x.id)).not.toContain(secret.id);
      expect((await c.get(`/api/clues?q=${encodeURIComponent('钱多多')}`)).json.total).toBe(0);
      expect((await c.get(`/api/clues?q=${secret.code}`)).json.total).toBe(0);
      expect((await c.get('/api/clues?id_number=110101197001011234')).json.total).toBe(0);
      expect((await c.get('/api/clues/stats?domain_tag=校园餐饮')).json.total).toBe(0);
      const m = multipart('x.txt', Buffer.from('x'));
      const up = await w.app.inject({ method: 'POST', url: `/api/clues/${secret.id}/attachments`, payload: m.payload, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': m.type } });
      expect(up.statusCode).toBe(404);
      const csv = await c.get('/api/clues/export');
      expect(csv.status).toBe(200);
      expect(csv.body).not.toContain(secret.code);
      expect(csv.body).not.toContain('钱多多');
    });
  }

  it('registering a clue about the same person elsewhere does not reveal it as a duplicate', async () => {
    const r = await register(officer2, {
      summary: '反映某中学校长钱多多在校园食堂承包中收受供应商好处费问题',
      domain_tags: ['校园餐饮'],
      persons: [{ name: '钱多多', id_number: '110101197001011234', cadre_level: '县管' }],
    });
    expect(r.duplicates).toEqual([]);
  });

  it('a named approver gains access (and only then)', async () => {
    expect((await leader.get(`/api/clues/${secret.id}`)).status).toBe(404);
    const d = await detail(officer1, secret.id);
    const p = await officer1.post(`/api/clues/${secret.id}/propose`, { method: 'shelve', reason: '反映内容笼统，暂不具备核查条件', approver_id: userId('leader'), version: d.version });
    expect(p.status, p.body).toBe(200);
    expect((await leader.get(`/api/clues/${secret.id}`)).status).toBe(200);
    expect((await leader.get('/api/clues/stats?domain_tag=校园餐饮')).json.total).toBe(1);
    expect((await officer2.get(`/api/clues/${secret.id}`)).status).toBe(404);
  });
});

describe('duplicates and merge', () => {
  it('finds the same person (by normalised ID number) with similar facts, and merges keeping the links', async () => {
    const a = await register(officer1, { source_ref: '12345:GD2025030100099' });
    const b = await register(officer1, {
      source_type: 'audit',
      source_ref: 'transfer:YJ-2025-000001#3',
      summary: '审计发现粮站站长张建军收购粮食时压级压价并虚报数量套取补贴',
      persons: [{ name: '张建军', id_number: ID_WIDE, cadre_level: '乡管' }],
    });
    expect(b.duplicates.map((d) => d.id)).toContain(a.id);
    expect(b.duplicates.find((d) => d.id === a.id)!.similarity).toBeGreaterThanOrEqual(0.1);
    const unrelated = await register(officer1, { summary: '反映某局干部违规公款吃喝', persons: [{ name: '张建军', id_number: ID, cadre_level: '乡管' }] });
    expect(unrelated.duplicates.map((d) => d.id)).not.toContain(a.id);
    const dup = await officer1.get(`/api/clues/${a.id}/duplicates`);
    expect(dup.json.items.map((d: { id: number }) => d.id)).toContain(b.id);

    const vb = (await detail(officer1, b.id)).version;
    const m = await officer1.post(`/api/clues/${b.id}/merge`, { into: a.id, version: vb });
    expect(m.status, m.body).toBe(200);
    const merged = await detail(officer1, b.id);
    expect(merged.status).toBe('merged');
    expect(merged.merged_into).toBe(a.id);
    const kept = await detail(officer1, a.id);
    expect(kept.merged_from).toEqual([expect.objectContaining({ id: b.id, source_type: 'audit', source_ref: 'transfer:YJ-2025-000001#3' })]);
    expect((await auditOf(b.id)).map((e) => e.action)).toContain('clue.merge');
    expect((await auditOf(a.id)).map((e) => e.action)).toContain('clue.merged_in');
    // merging again is an illegal transition
    const again = await officer1.post(`/api/clues/${b.id}/merge`, { into: a.id, version: merged.version });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('illegal_transition');
  });
});

describe('disposal by the four methods', () => {
  it('谈话函询: approval, required steps with documents, result with its 形态, approval; full timeline', async () => {
    const { id } = await register(officer1, { source_ref: '12345:GD2025030100200' });
    let d = await detail(officer1, id);
    expect(d.actions).toEqual(expect.arrayContaining(['propose', 'assign', 'merge', 'transfer']));
    // the approver must be competent and not the handler
    const wrong = await officer1.post(`/api/clues/${id}/propose`, { method: 'talk_inquiry', reason: '拟谈话函询', approver_id: userId('officer2'), version: d.version });
    expect(wrong.status).toBe(400);
    let r = await officer1.post(`/api/clues/${id}/propose`, { method: 'talk_inquiry', reason: '反映问题具体，拟对张建军谈话函询', approver_id: userId('leader'), version: d.version });
    expect(r.json).toMatchObject({ status: 'method_pending' });
    // the handler cannot approve; an illegal step is refused bilingually
    expect((await officer1.post(`/api/clues/${id}/approve`, { version: r.json.version })).status).toBe(403);
    const illegal = await officer1.post(`/api/clues/${id}/report`, { outcome: 'criticism', note: 'x', approver_id: userId('leader'), version: r.json.version });
    expect(illegal.status).toBe(409);
    expect(illegal.json).toMatchObject({ code: 'illegal_transition' });
    expect(illegal.json.message).toContain('处置方式待审批');
    expect(illegal.json.message_en).toContain('not allowed');
    r = await leader.post(`/api/clues/${id}/approve`, { comment: '同意', version: r.json.version });
    expect(r.json).toMatchObject({ status: 'in_disposal' });

    const early = await officer1.post(`/api/clues/${id}/report`, { outcome: 'criticism', note: '已谈话', approver_id: userId('leader'), version: r.json.version });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe('steps_missing');
    expect(early.json.message).toContain('谈话或函询');

    const doc1 = await upload(officer1, id, '谈话笔录.pdf', '谈话笔录：张建军承认存在压级压价问题……');
    const doc2 = await upload(officer1, id, '谈话函询情况报告.docx', '情况报告……');
    const download = await officer1.get(`/api/clues/${id}/attachments/${doc1.id}`);
    expect(download.status).toBe(200);
    expect(download.body).toContain('张建军承认');
    expect(download.headers['x-content-sm3']).toBe(sm3Hex(Buffer.from('谈话笔录：张建军承认存在压级压价问题……')));
    expect(doc1.sm3).toBe(download.headers['x-content-sm3']);
    d = await detail(officer1, id);
    const noDoc = await officer1.post(`/api/clues/${id}/steps`, { step: 'talk_or_letter', attachment_ids: [], version: d.version });
    expect(noDoc.status).toBe(400);
    const wrongStep = await officer1.post(`/api/clues/${id}/steps`, { step: 'plan', attachment_ids: [doc1.id], version: d.version });
    expect(wrongStep.status).toBe(400);
    r = await officer1.post(`/api/clues/${id}/steps`, { step: 'talk_or_letter', note: '2025-03-10 谈话', attachment_ids: [doc1.id], version: d.version });
    expect(r.status, r.body).toBe(200);
    r = await officer1.post(`/api/clues/${id}/steps`, { step: 'situation_report', attachment_ids: [doc2.id], version: r.json.version });
    const badOutcome = await officer1.post(`/api/clues/${id}/report`, { outcome: 'case_filed', form: 4, note: '立案', approver_id: userId('leader'), version: r.json.version });
    expect(badOutcome.status).toBe(400);
    r = await officer1.post(`/api/clues/${id}/report`, { outcome: 'criticism', note: '本人承认错误，予以批评教育', approver_id: userId('leader'), version: r.json.version });
    expect(r.json).toMatchObject({ status: 'result_pending' });
    r = await leader.post(`/api/clues/${id}/approve`, { version: r.json.version });
    expect(r.json).toMatchObject({ status: 'closed' });
    d = await detail(officer1, id);
    expect(d).toMatchObject({ status: 'closed', method: 'talk_inquiry', outcome: 'criticism', outcome_form: 1 });
    expect(d.form_label).toContain('第一种形态');
    expect(d.required_steps.every((s: { done: boolean }) => s.done)).toBe(true);
    expect(d.actions).toEqual(['transfer']);

    const tl = (await officer1.get(`/api/clues/${id}/timeline`)).json.items;
    expect(tl.map((e: { action: string }) => e.action)).toEqual([
      'clue.create',
      'clue.propose',
      'clue.approve',
      'clue.attach',
      'clue.attach',
      'clue.step',
      'clue.step',
      'clue.report',
      'clue.approve',
    ]);
    const step = tl.find((e: { action: string }) => e.action === 'clue.step');
    expect(step.actor_name).toContain('officer1');
    expect(step.documents).toEqual([expect.objectContaining({ id: doc1.id, file_name: '谈话笔录.pdf', sm3: doc1.sm3 })]);
    expect(tl.at(-1).actor_name).toContain('leader');
    expect(new Date(tl.at(-1).at).getTime()).toBeGreaterThanOrEqual(new Date(tl[0].at).getTime());
  });

  it('初步核实 leading to 立案审查调查 classified as the fourth form; reject sends it back', async () => {
    const { id } = await register(officer1, { persons: [{ name: '孙大为', cadre_level: '市管' }], summary: '反映市粮食局副局长孙大为收受巨额贿赂' });
    let d = await detail(officer1, id);
    let r = await officer1.post(`/api/clues/${id}/propose`, { method: 'preliminary', reason: '拟初步核实', approver_id: userId('leader'), version: d.version });
    r = await leader.post(`/api/clues/${id}/reject`, { comment: '请补充线索来源材料', version: r.json.version });
    expect(r.json.status).toBe('registered');
    r = await officer1.post(`/api/clues/${id}/propose`, { method: 'preliminary', reason: '补充后拟初步核实', approver_id: userId('leader'), version: r.json.version });
    r = await leader.post(`/api/clues/${id}/approve`, { version: r.json.version });
    let v = r.json.version;
    for (const step of ['plan', 'verification', 'report']) {
      const doc = await upload(officer1, id, `${step}.pdf`, `材料 ${step}`);
      v = (await officer1.post(`/api/clues/${id}/steps`, { step, attachment_ids: [doc.id], version: v })).json.version;
    }
    const noForm = await officer1.post(`/api/clues/${id}/report`, { outcome: 'case_filed', note: '涉嫌受贿', approver_id: userId('leader'), version: v });
    expect(noForm.status).toBe(400);
    expect(noForm.json.code).toBe('bad_form');
    r = await officer1.post(`/api/clues/${id}/report`, { outcome: 'case_filed', form: 4, note: '涉嫌受贿，建议立案审查调查', approver_id: userId('leader'), version: v });
    r = await leader.post(`/api/clues/${id}/reject`, { comment: '请完善证据', version: r.json.version });
    expect(r.json.status).toBe('in_disposal');
    d = await detail(officer1, id);
    expect(d.outcome).toBeNull();
    r = await officer1.post(`/api/clues/${id}/report`, { outcome: 'case_filed', form: 4, note: '证据已完善，建议立案审查调查', approver_id: userId('leader'), version: d.version });
    r = await leader.post(`/api/clues/${id}/approve`, { version: r.json.version });
    d = await detail(officer1, id);
    expect(d).toMatchObject({ status: 'closed', outcome: 'case_filed', outcome_form: 4 });
    const stats = (await officer1.get('/api/clues/stats')).json;
    expect(stats.by_form['4']).toBeGreaterThanOrEqual(1);
    expect(stats.by_form['1']).toBeGreaterThanOrEqual(1);
  });

  it('予以了结 closes on approval; 暂存待查 may be reactivated', async () => {
    const a = await register(officer1, { summary: '反映内容经查与事实不符的问题' });
    let d = await detail(officer1, a.id);
    let r = await officer1.post(`/api/clues/${a.id}/propose`, { method: 'conclude', reason: '经了解反映不实', approver_id: userId('leader'), version: d.version });
    r = await leader.post(`/api/clues/${a.id}/approve`, { version: r.json.version });
    expect(r.json.status).toBe('closed');
    expect(await detail(officer1, a.id)).toMatchObject({ outcome: 'concluded', outcome_form: null });

    const b = await register(officer1, { summary: '反映某村干部优亲厚友问题，线索笼统' });
    d = await detail(officer1, b.id);
    r = await officer1.post(`/api/clues/${b.id}/propose`, { method: 'shelve', reason: '暂不具备核查条件', approver_id: userId('leader'), version: d.version });
    r = await leader.post(`/api/clues/${b.id}/approve`, { version: r.json.version });
    expect(r.json.status).toBe('shelved');
    r = await officer1.post(`/api/clues/${b.id}/reactivate`, { reason: '收到新的举报材料', version: r.json.version });
    expect(r.json.status).toBe('registered');
  });
});

describe('optimistic locking', () => {
  it('refuses a stale version with 409', async () => {
    const { id } = await register(officer1);
    const d = await detail(officer1, id);
    const ok = await officer1.post(`/api/clues/${id}/assign`, { handler_id: userId('officer1b'), version: d.version });
    expect(ok.status, ok.body).toBe(200);
    const stale = await officer1.post(`/api/clues/${id}/assign`, { handler_id: userId('officer1'), version: d.version });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe('conflict');
    expect(stale.json.message_en).toContain('changed by someone else');
  });

  it('two officers acting on the same clue at once: exactly one wins, the other gets 409, one audit event', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await register(officer1);
      const d = await detail(officer1, id);
      const before = (await auditOf(id)).length;
      const [a, b] = await Promise.all([
        officer1.post(`/api/clues/${id}/propose`, { method: 'talk_inquiry', reason: '拟谈话函询', approver_id: userId('leader'), version: d.version }),
        colleague.post(`/api/clues/${id}/assign`, { handler_id: userId('officer1b'), version: d.version }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((x) => x.status === 409)!.json.code).toBe('conflict');
      const after = await detail(officer1, id);
      expect(after.version).toBe(d.version + 1);
      const events = (await auditOf(id)).slice(before).map((e) => e.action).filter((x) => x !== 'clue.read');
      expect(events).toEqual([a.status === 200 ? 'clue.propose' : 'clue.assign']);
    }
  });
  it.runIf(inject('backend') === 'postgres')('an interleaved race in the database: the second UPDATE waits for the first, then finds the version gone', async () => {
    const { id } = await register(officer1);
    const db = w.platform.db;
    const a = (await loadAccessContext(db, userId('officer1b')))!;
    const b = (await loadAccessContext(db, userId('officer1')))!;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let firstDone!: () => void;
    const firstWrote = new Promise<void>((r) => {
      firstDone = r;
    });
    const first = db.transaction().execute(async (tx) => {
      await assignHandler(tx, systemActor('a'), a, { id, version: 1, handlerId: userId('officer1b') });
      firstDone();
      await gate; // hold the row lock, uncommitted
    });
    await firstWrote;
    const second = proposeMethod(db, systemActor('b'), b, { id, version: 1, method: 'talk_inquiry', reason: '拟谈话函询', approverId: userId('leader') }).then(
      () => 'won',
      (e: { status?: number; code?: string }) => `${e.status} ${e.code}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    release();
    await first;
    expect(await second).toBe('409 conflict');
    const row = await db.selectFrom('clues').select(['status', 'version', 'handler_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'registered', version: 2, handler_id: userId('officer1b') });
  });
});

describe('audit events commit with the change', () => {
  it('every change writes its event in the same transaction: when the event cannot be written, the change is rolled back', async () => {
    const { id } = await register(officer1);
    const d = await detail(officer1, id);
    const db = w.platform.db;
    await sql`CREATE FUNCTION test_refuse_propose() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'clue.propose' THEN RAISE EXCEPTION 'audit store refuses'; END IF; RETURN NEW; END $$`.execute(db);
    await sql`CREATE TRIGGER test_refuse_propose BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION test_refuse_propose()`.execute(db);
    try {
      const r = await officer1.post(`/api/clues/${id}/propose`, { method: 'talk_inquiry', reason: '拟谈话函询', approver_id: userId('leader'), version: d.version });
      expect(r.status).toBe(500);
    } finally {
      await sql`DROP TRIGGER test_refuse_propose ON audit_events`.execute(db);
      await sql`DROP FUNCTION test_refuse_propose()`.execute(db);
    }
    const row = await db.selectFrom('clues').select(['status', 'version', 'approver_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'registered', version: d.version, approver_id: null });
    const leaderGrant = await db.selectFrom('record_access').select('grantee_id').where('object_id', '=', String(id)).where('grantee_kind', '=', 'user').where('grantee_id', '=', userId('leader')).execute();
    expect(leaderGrant).toEqual([]);
    const notes = await db.selectFrom('notifications').select('id').where('object_type', '=', 'clue').where('object_id', '=', String(id)).execute();
    expect(notes).toEqual([]);
    // …and with the audit store working again, the same request succeeds with exactly one event.
    const ok = await officer1.post(`/api/clues/${id}/propose`, { method: 'talk_inquiry', reason: '拟谈话函询', approver_id: userId('leader'), version: d.version });
    expect(ok.status).toBe(200);
    expect((await auditOf(id)).filter((e) => e.action === 'clue.propose')).toHaveLength(1);
  });
});

describe('routes: 401 without login, 403 without permission', () => {
  const fill = (url: string) => url.replace(/:[a-zA-Z]+/g, '1');
  it('every clue route', async () => {
    const routes = w.app.routeTable.filter((r) => r.url.startsWith('/api/clues'));
    expect(routes.length).toBeGreaterThanOrEqual(17);
    for (const r of routes) {
      const anon = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {});
      expect(anon.status, `${r.method} ${r.url}`).toBe(401);
      const perm = (r.access as { permission: string }).permission;
      expect(perm, `${r.method} ${r.url}`).toMatch(/^clue:/);
      const lacking = DEMO_USERS.find((u) => u.username === 'dataadmin')!;
      const c = await w.as(lacking.username);
      const res = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {}, { cookie: c.cookie, 'x-csrf-token': c.csrf });
      expect(res.status, `${r.method} ${r.url}`).toBe(403);
    }
    // the holder of clue:read but not clue:approve / clue:whistleblower
    const d = await register(officer1);
    expect((await officer1.post(`/api/clues/${d.id}/approve`, { version: 1 })).status).toBe(403);
    expect((await officer1.get(`/api/clues/${d.id}/whistleblower`)).status).toBe(403);
    expect((await inspector.post(`/api/clues/${d.id}/propose`, { method: 'conclude', reason: 'x', approver_id: 1, version: 1 })).status).toBe(403);
  });
});
