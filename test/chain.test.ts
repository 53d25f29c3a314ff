/**
 * The closed loop of the platform in one integration test, through the HTTP API as its users
 * work it, on the database of this run (PGlite or PostgreSQL):
 *
 *   data imported by the suppliers → model M01 (死亡人员冒领补贴) hit → reviewed → problem clue
 *   → transferred to the dispatched group → 签收 → 初步核实 (three steps with documents, two
 *   leader approvals) → 立案审查调查 (第四种形态) → 纪律处分 approved by the higher level
 *   (提级审核) → transfer fed back (结果反馈) → rectification ledger item (问题清单 + 责任清单)
 *   → progress with evidence by the responsible unit → 申请销号 → verified and 销号 by the
 *   supervising body → the audit chain verifies, and every object's trail lists its steps in order.
 *
 * Each step is followed by an assertion on the state it produced and on the audit event it
 * wrote (who, what, on which object, with which detail), found after the previous step's event:
 * the events are checked in the order the chain produced them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/platform/audit/audit.service.ts';
import { verifyAuditTrail, writeCheckpoint } from '../src/platform/audit/verify.ts';
import { todayInShanghai } from '../src/platform/calendar/dates.ts';
import { idCheckDigit } from '../src/modules/datasets/normalize/id-number.ts';
import { type DemoWorld, demoWorld } from './support/demo.ts';
import { type Client, type Res, request } from './support/http.ts';

let w: DemoWorld;
const org = (name: string) => w.demo.orgs.get(name)!;
const uid = (username: string) => w.demo.users.get(username)!;

const OFFICE = '第一监督检查室';
const GROUP = '派驻市农业农村局纪检监察组';
const AGRI = '示范市农业农村局';

const idNo = (body17: string) => body17 + idCheckDigit(body17);
/** 冯某甲: died on 2025-03-10, subsidy still paid on 04-10 and 05-10 (the paid-on-the-day one does not count). */
const DECEASED = idNo('41010219400312001');
/** Alive: paid, never a hit. */
const ALIVE = idNo('41010219520506002');
/** Died on 2025-06-01, last paid before: not a hit. */
const DIED_LATER = idNo('41010219381120003');

const DEATHS_CSV = ['身份证号,姓名,死亡日期', `${DECEASED},冯某甲,2025-03-10`, `${DIED_LATER},褚某乙,2025-06-01`, ''].join('\n');
const SUBSIDIES_CSV = [
  '发放编号,项目名称,身份证号,姓名,金额,发放日期,乡镇,村居',
  `GD-2025-0310-001,耕地地力保护补贴,${DECEASED},冯某甲,1200,2025-03-10,东城街道,前进村`,
  `GD-2025-0410-001,耕地地力保护补贴,${DECEASED},冯某甲,1200,2025-04-10,东城街道,前进村`,
  `GD-2025-0510-001,耕地地力保护补贴,${DECEASED},冯某甲,1200,2025-05-10,东城街道,前进村`,
  `GD-2025-0410-002,耕地地力保护补贴,${ALIVE},卫某丙,900,2025-04-10,东城街道,前进村`,
  `GD-2025-0510-003,耕地地力保护补贴,${DIED_LATER},褚某乙,800,2025-05-10,东城街道,红旗村`,
  '',
].join('\n');

/** The reported person the officer names when turning the hit into a clue (the paying clerk). */
const PERSON = { name: '钱某', org_name: AGRI, position: '东城街道农业综合服务中心补贴发放经办人', cadre_level: '乡管' } as const;

/** POST a file as multipart/form-data (field `file`) with the client's session. */
async function upload(c: Client, url: string, fileName: string, content: string, mime = 'application/pdf'): Promise<Res> {
  const boundary = `----guantong${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`, 'utf8'),
    Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return request(w.app, 'POST', url, body, { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` });
}

/** `expect(status)` with the body in the message. */
function ok(r: Res, status = 200): Res {
  expect(r.status, r.body).toBe(status);
  return r;
}

// --- the audit trail, read in the order of the chain ----------------------------------------------

/** Seq of the last event asserted: each step's event must come after the previous one's. */
let cursor = 0;

interface AuditEvent {
  seq: string | number;
  action: string;
  object_type: string | null;
  object_id: string | null;
  actor_id: number | null;
  outcome: string;
  detail: unknown;
}

/**
 * The first event after the cursor with this action on this object: written by `username`, with
 * `detail` containing what is given. Moves the cursor to it.
 */
async function audited(action: string, objectType: string, objectId: string | number, username: string, detail: Record<string, unknown> = {}): Promise<AuditEvent> {
  const e = (await w.platform.db
    .selectFrom('audit_events')
    .select(['seq', 'action', 'object_type', 'object_id', 'actor_id', 'outcome', 'detail'])
    .where('seq', '>', cursor)
    .where('action', '=', action)
    .where('object_type', '=', objectType)
    .where('object_id', '=', String(objectId))
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst()) as AuditEvent | undefined;
  if (!e) throw new Error(`no audit event ${action} on ${objectType} ${objectId} after seq ${cursor}`);
  expect(e.actor_id, `${action}: actor`).toBe(uid(username));
  expect(e.outcome).toBe('success');
  expect(e.detail ?? {}).toMatchObject(detail);
  cursor = Number(e.seq);
  return e;
}

/** Reads are audited too; the trail of changes is everything else. */
const isRead = (action: string) => /\.(read|list)$/.test(action) || action === 'rectify.attachment.download' || action === 'clue.attachment.read';

beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
});
afterAll(() => w?.close());

describe('the closed loop: hit → clue → transfer → 签收 → 初步核实 → 立案 → 处分 → 整改 → 销号', () => {
  it('runs end to end through the HTTP API, every step audited, the audit chain intact', { timeout: 180_000 }, async () => {
    const today = todayInShanghai();
    const [dataadmin, finance, officer1, officer2, group1, leader, agri, auditadmin] = await Promise.all(
      ['dataadmin', 'finance', 'officer1', 'officer2', 'group1', 'leader', 'agri', 'auditadmin'].map((u) => w.as(u)),
    );
    const startSeq = Number(
      (await w.platform.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m ?? 0,
    );
    cursor = startSeq;

    // ---- 0. the suppliers' data: deaths from the public security bureau, subsidy payments from finance
    const deaths = ok(await upload(dataadmin, `/api/datasets/deaths/import?supplier_org_id=${org('示范市公安局')}`, '2025年死亡登记.csv', DEATHS_CSV, 'text/csv'));
    expect(deaths.json).toMatchObject({ status: 'committed', report: { rows_read: 2, imported: 2, rejected: [] } });
    await audited('dataset.import', 'import_batch', deaths.json.batch_id, 'dataadmin', { dataset: 'deaths', supplier_org_id: org('示范市公安局'), status: 'committed' });
    const payments = ok(await upload(finance, '/api/datasets/subsidies/import', '2025年耕地地力保护补贴发放.csv', SUBSIDIES_CSV, 'text/csv'));
    expect(payments.json).toMatchObject({ status: 'committed', report: { rows_read: 5, imported: 5, rejected: [] } });
    await audited('dataset.import', 'import_batch', payments.json.batch_id, 'finance', { dataset: 'subsidies', supplier_org_id: org('示范市财政局'), status: 'committed' });

    // ---- 1. run the model → one hit, with its evidence traceable to the imported rows
    const run = ok(await officer1.post('/api/models/M01/run', {}));
    expect(run.json.runs).toHaveLength(1);
    const runRow = run.json.runs[0];
    expect(runRow).toMatchObject({ model_id: 'M01', status: 'success', hits: 1, new_hits: 1, rows_scanned: 7, as_of: today });
    await audited('model.run', 'model', 'M01', 'officer1', { run_id: runRow.run_id, hits: 1, new_hits: 1, trigger: 'manual', as_of: today });

    const hits = ok(await officer1.get(`/api/model-hits?run_id=${runRow.run_id}`));
    expect(hits.json.total).toBe(1);
    expect(hits.json.items[0]).toMatchObject({ model_id: 'M01', subject: { id_number: DECEASED }, evidence_count: 3, review_result: null, clue_id: null });
    const hitId: number = hits.json.items[0].id;
    const hit = ok(await officer1.get(`/api/model-hits/${hitId}`)).json;
    expect(hit.reasons[0]).toContain('冯某甲');
    expect(hit.reasons[0]).toContain('2 笔');
    expect(hit.evidence.map((e: { dataset: string; _batch_id: number }) => [e.dataset, e._batch_id])).toEqual([
      ['deaths', deaths.json.batch_id],
      ['subsidies', payments.json.batch_id],
      ['subsidies', payments.json.batch_id],
    ]);
    expect(hit.evidence.slice(1).map((e: { payment_id: string }) => e.payment_id)).toEqual(['GD-2025-0410-001', 'GD-2025-0510-001']);
    await audited('hit.read', 'model_hit', hitId, 'officer1', { model_id: 'M01' });

    // ---- 2. the officer reviews the hit and turns it into a clue (the link to the hit is kept)
    const review = ok(await officer1.post(`/api/model-hits/${hitId}/review`, { result: '属实', note: '经调取发放台账核实，补贴在死亡后继续发放，经办人钱某未比对死亡信息', version: hit.version }));
    await audited('hit.review', 'model_hit', hitId, 'officer1', { model_id: 'M01', from: null, to: '属实' });
    const draft = ok(await officer1.get(`/api/model-hits/${hitId}/clue-draft`)).json;
    expect(draft.domainTags).toEqual(['惠民惠农']);
    const made = ok(await officer1.post(`/api/model-hits/${hitId}/clue`, { persons: [PERSON] }));
    const clueId: number = made.json.clue_id;
    const clueCode: string = made.json.code;
    expect(clueCode).toMatch(/^XS-\d{4}-\d{6}$/);
    const created = await audited('clue.create', 'clue', clueId, 'officer1', { code: clueCode, source_type: 'model_hit', source_ref: `hit:${hitId}`, persons: 1 });
    await audited('hit.to_clue', 'model_hit', hitId, 'officer1', { model_id: 'M01', clue_id: clueId, code: clueCode });
    expect(Number(created.seq)).toBeLessThan(cursor); // one transaction: the clue, then the link back
    const reviewed = ok(await officer1.get(`/api/model-hits/${hitId}`)).json;
    expect(reviewed).toMatchObject({ review_result: '属实', clue_id: clueId, version: review.json.version + 1 });
    let clue = ok(await officer1.get(`/api/clues/${clueId}`)).json;
    expect(clue).toMatchObject({
      source_type: 'model_hit',
      source_ref: `hit:${hitId}`,
      status: 'registered',
      org_id: org(OFFICE),
      handler_id: uid('officer1'),
      cadre_level: '乡管',
      domain_tags: ['惠民惠农'],
      title: draft.title,
      persons: [expect.objectContaining({ name: '钱某', org_name: AGRI })],
    });
    expect(clue.summary).toContain('M01');
    expect(clue.actions).toContain('transfer');
    // Again is refused: a hit becomes one clue.
    expect(ok(await officer1.post(`/api/model-hits/${hitId}/clue`, {}), 409).json.code).toBe('conflict');

    // ---- 3. transferred to the dispatched group; before 签收 it cannot see the clue, after it can
    ok(await group1.get(`/api/clues/${clueId}`), 404);
    expect((await group1.get('/api/clues')).json.items.map((c: { id: number }) => c.id)).not.toContain(clueId);
    const sent = ok(
      await officer1.post('/api/transfers', {
        receiver_org_id: org(GROUP),
        object_type: 'clue',
        title: '移交冯某甲死亡后仍被发放耕地地力保护补贴问题线索',
        note: '监督模型M01命中，已核查属实，请依规处置并反馈结果',
        items: [{ object_id: String(clueId) }],
      }),
    );
    const transferId: number = sent.json.id;
    expect(sent.json).toMatchObject({ code: expect.stringMatching(/^YJ-\d{4}-\d{6}$/), handle_days: 30 });
    await audited('clue.transfer', 'clue', clueId, 'officer1', { transfer_id: transferId, transfer_code: sent.json.code, receiver_org_id: org(GROUP) });
    await audited('transfer.send', 'transfer', transferId, 'officer1', {
      code: sent.json.code,
      object_type: 'clue',
      object_ids: [String(clueId)],
      receiver_org_id: org(GROUP),
      basis: 'internal',
      ack_due: sent.json.ack_due,
    });
    const inbox = ok(await group1.get('/api/notifications')).json.items;
    expect(inbox.some((n: { kind: string; link: string }) => n.kind === 'transfer.received' && n.link === `/transfers/${transferId}`)).toBe(true);
    let transfer = ok(await group1.get(`/api/transfers/${transferId}`)).json;
    expect(transfer).toMatchObject({ status: 'sent', sender_org_name: OFFICE, receiver_org_name: GROUP, item_count: 1 });
    expect(transfer.items[0].snapshot).toMatchObject({ code: clueCode, source: expect.any(String), persons: [expect.objectContaining({ name: '钱某' })] });
    ok(await group1.get(`/api/clues/${clueId}`), 404); // the snapshot only, until 签收
    const ack = ok(await group1.post(`/api/transfers/${transferId}/acknowledge`, { version: transfer.version }));
    expect(ack.json).toMatchObject({ status: 'acknowledged', on_time: true });
    await audited('clue.handover', 'clue', clueId, 'group1', { transfer_code: sent.json.code, from_org_id: org(OFFICE), to_org_id: org(GROUP), owner_changed: true });
    await audited('transfer.acknowledge', 'transfer', transferId, 'group1', { code: sent.json.code, ack_on: today, on_time: true, handle_due: ack.json.handle_due });
    clue = ok(await group1.get(`/api/clues/${clueId}`)).json;
    expect(clue).toMatchObject({ status: 'registered', org_id: org(GROUP), handler_id: null });
    expect(clue.actions).toContain('propose');
    // The sender still follows it but no longer disposes of it; an uninvolved office sees nothing.
    const followed = ok(await officer1.get(`/api/clues/${clueId}`)).json;
    expect(followed.actions).not.toContain('propose');
    ok(await officer2.get(`/api/clues/${clueId}`), 404);

    // ---- 4. 初步核实: proposed, approved by the leader, three steps with documents, 立案审查调查 (第四种形态), approved
    let v = clue.version;
    const proposed = ok(
      await group1.post(`/api/clues/${clueId}/propose`, { method: 'preliminary', reason: '反映问题具体、可查，拟初步核实', approver_id: uid('leader'), version: v }),
    );
    expect(proposed.json.status).toBe('method_pending');
    await audited('clue.propose', 'clue', clueId, 'group1', { method: 'preliminary', approver_id: uid('leader'), from: 'registered', to: 'method_pending' });
    ok(await group1.post(`/api/clues/${clueId}/approve`, { version: proposed.json.version }), 403); // nobody approves their own disposal
    const methodOk = ok(await leader.post(`/api/clues/${clueId}/approve`, { comment: '同意初步核实', version: proposed.json.version }));
    expect(methodOk.json.status).toBe('in_disposal');
    await audited('clue.approve', 'clue', clueId, 'leader', { of: 'method', method: 'preliminary', from: 'method_pending', to: 'in_disposal' });
    v = methodOk.json.version;
    const early = ok(await group1.post(`/api/clues/${clueId}/report`, { outcome: 'case_filed', form: 4, note: '建议立案', approver_id: uid('leader'), version: v }), 409);
    expect(early.json.code).toBe('steps_missing');
    const docs: Record<string, number> = {};
    for (const [step, file] of [
      ['plan', '初步核实工作方案.pdf'],
      ['verification', '谈话笔录及发放凭证.pdf'],
      ['report', '初步核实情况报告.pdf'],
    ] as const) {
      const doc = ok(await upload(group1, `/api/clues/${clueId}/attachments`, file, `${file}：关于钱某违规发放补贴问题的材料`));
      docs[step] = doc.json.id;
      await audited('clue.attach', 'clue', clueId, 'group1', { attachment_id: doc.json.id, file_name: file, sm3: doc.json.sm3 });
      const s = ok(await group1.post(`/api/clues/${clueId}/steps`, { step, note: `${file}已归档`, attachment_ids: [doc.json.id], version: v }));
      v = s.json.version;
      await audited('clue.step', 'clue', clueId, 'group1', { method: 'preliminary', step, attachment_ids: [doc.json.id] });
    }
    const reported = ok(
      await group1.post(`/api/clues/${clueId}/report`, {
        outcome: 'case_filed',
        form: 4,
        note: '经初步核实，钱某利用职务便利冒领已死亡人员补贴，涉嫌贪污，建议立案审查调查',
        approver_id: uid('leader'),
        version: v,
      }),
    );
    expect(reported.json.status).toBe('result_pending');
    await audited('clue.report', 'clue', clueId, 'group1', { method: 'preliminary', outcome: 'case_filed', form: 4, approver_id: uid('leader'), from: 'in_disposal', to: 'result_pending' });
    const resultOk = ok(await leader.post(`/api/clues/${clueId}/approve`, { comment: '同意立案审查调查', version: reported.json.version }));
    expect(resultOk.json.status).toBe('closed');
    await audited('clue.approve', 'clue', clueId, 'leader', { of: 'outcome', outcome: 'case_filed', form: 4, from: 'result_pending', to: 'closed' });
    clue = ok(await group1.get(`/api/clues/${clueId}`)).json;
    expect(clue).toMatchObject({ status: 'closed', method: 'preliminary', outcome: 'case_filed', outcome_form: 4 });
    expect(clue.form_label).toContain('第四种形态');
    expect(clue.closed_at).not.toBeNull();
    expect(clue.required_steps.map((s: { code: string; done: boolean }) => [s.code, s.done])).toEqual([
      ['plan', true],
      ['verification', true],
      ['report', true],
    ]);
    expect(clue.steps.map((s: { step: string; attachment_ids: number[] }) => [s.step, s.attachment_ids])).toEqual([
      ['plan', [docs.plan]],
      ['verification', [docs.verification]],
      ['report', [docs.report]],
    ]);
    const stats = ok(await group1.get('/api/clues/stats')).json;
    expect(stats.by_form['4']).toBe(1);

    // ---- 5. 纪律处分 of the reported person, linked to the clue; effective only after 提级审核
    const formsBefore = ok(await group1.get('/api/accountability/stats/forms?period=all')).json.totals;
    const decision = ok(
      await group1.post('/api/accountability/decisions', {
        target_kind: 'person',
        measure: 'discipline',
        target_org_id: org(AGRI),
        person_name: PERSON.name,
        person_title: PERSON.position,
        cadre_level: PERSON.cadre_level,
        party_member: true,
        party_sanction: 'expel',
        gov_sanction: 'expulsion',
        judicial_transfer: true,
        reason: '利用职务便利，在耕地地力保护补贴发放中冒领已死亡人员补贴，涉嫌贪污犯罪',
        basis: '《中国共产党纪律处分条例》《中华人民共和国公职人员政务处分法》',
        doc_no: '示纪〔2026〕1号',
        clue_id: clueId,
      }),
    );
    const decisionId: number = decision.json.id;
    expect(decision.json).toMatchObject({ status: 'pending_approval', form: 4, major: true });
    await audited('account.decision.create', 'account_decision', decisionId, 'group1', {
      target_kind: 'person',
      measure: 'discipline',
      target_org_id: org(AGRI),
      party_sanction: 'expel',
      gov_sanction: 'expulsion',
      judicial_transfer: true,
      form: 4,
      major: true,
      status: 'pending_approval',
      clue_id: clueId,
    });
    // Not counted while pending; the registrant cannot approve it.
    expect(ok(await group1.get('/api/accountability/stats/forms?period=all')).json.totals).toEqual(formsBefore);
    ok(await group1.post(`/api/accountability/decisions/${decisionId}/approve`, { version: 1 }), 403);
    const approved = ok(await leader.post(`/api/accountability/decisions/${decisionId}/approve`, { version: 1, opinion: '同意' }));
    expect(approved.json.status).toBe('effective');
    await audited('account.decision.approve', 'account_decision', decisionId, 'leader', { from: 'pending_approval', to: 'effective', form: 4, effective_on: today });
    const effective = ok(await group1.get(`/api/accountability/decisions/${decisionId}`)).json;
    expect(effective).toMatchObject({
      status: 'effective',
      effective_on: today,
      approved_by: uid('leader'),
      clue_id: clueId,
      person_name: '钱某',
      target_org_name: AGRI,
      handling_org_name: GROUP,
      party_sanction_label: '开除党籍',
      gov_sanction_label: '开除',
      form_label: '第四种形态',
    });
    const byClue = ok(await group1.get(`/api/accountability/decisions?clue_id=${clueId}`)).json;
    expect(byClue.items.map((d: { id: number }) => d.id)).toEqual([decisionId]);
    const formsAfter = ok(await group1.get('/api/accountability/stats/forms?period=all')).json.totals;
    expect(formsAfter.form4).toBe(formsBefore.form4 + 1);
    expect(formsAfter.total).toBe(formsBefore.total + 1);

    // ---- the transfer is fed back (结果反馈): the sender sees what became of it
    transfer = ok(await group1.get(`/api/transfers/${transferId}`)).json;
    expect(transfer.status).toBe('acknowledged');
    const fed = ok(
      await group1.post(`/api/transfers/${transferId}/feedback`, {
        result: `经初步核实后立案审查调查（${clueCode}），钱某被开除党籍、开除公职，涉嫌犯罪问题移送检察机关依法审查起诉`,
        outcome: 'case_filed',
        version: transfer.version,
      }),
    );
    expect(fed.json).toMatchObject({ status: 'fed_back', on_time: true });
    await audited('transfer.feedback', 'transfer', transferId, 'group1', { code: sent.json.code, outcome: 'case_filed', feedback_on: today, on_time: true });
    const seen = ok(await officer1.get(`/api/transfers/${transferId}`)).json;
    expect(seen).toMatchObject({ status: 'fed_back', feedback_outcome: 'case_filed', feedback_result: expect.stringContaining(clueCode) });
    expect(seen.items.map((i: { object_id: string; outcome: string }) => [i.object_id, i.outcome])).toEqual([[String(clueId), 'case_filed']]);
    expect(seen.history.map((h: { action: string }) => h.action)).toEqual(['transfer.send', 'transfer.acknowledge', 'transfer.feedback']);
    const officerInbox = ok(await officer1.get('/api/notifications')).json.items;
    expect(officerInbox.some((n: { kind: string; link: string }) => n.kind === 'transfer.feedback' && n.link === `/transfers/${transferId}`)).toBe(true);

    // ---- 6. the ledger: 问题清单 + 责任清单, progress by the unit, 申请销号, verified and 销号 by the supervising body
    const opened = ok(
      await group1.post('/api/rectification/items', {
        source_type: 'clue',
        source_ref: clueCode,
        clue_id: clueId,
        title: '耕地地力保护补贴发放未与死亡登记比对，向已死亡人员发放补贴',
        description: `监督模型M01发现、线索${clueCode}查实：2025年4月至5月向已死亡人员冯某甲发放补贴2笔，合计2400元`,
        domain: '惠民惠农',
        responsible_org_id: org(AGRI),
        responsible_leader_name: '冯建华',
        responsible_leader_title: '党组书记、局长',
        supervising_org_id: org(GROUP),
        supervisor_name: '赵建国',
        measures: '追回违规发放资金；建立补贴发放与死亡登记信息按月比对机制；开展全市补贴发放专项清查',
        time_limit_days: 30,
      }),
    );
    const itemId: number = opened.json.id;
    expect(opened.json.code).toMatch(/^ZG\d{4}-\d{6}$/);
    await audited('rectify.create', 'rect_item', itemId, 'group1', {
      code: opened.json.code,
      source_type: 'clue',
      source_ref: clueCode,
      clue_id: clueId,
      responsible_org_id: org(AGRI),
      supervising_org_id: org(GROUP),
      deadline: opened.json.deadline,
    });
    let item = ok(await agri.get(`/api/rectification/items/${itemId}`)).json;
    // 问题清单: the problem, its source and state; 责任清单: who answers for it and who supervises.
    expect(item).toMatchObject({
      title: '耕地地力保护补贴发放未与死亡登记比对，向已死亡人员发放补贴',
      source_type: 'clue',
      source_label: '问题线索',
      clue_id: clueId,
      status: 'pending',
      status_label: '待整改',
      responsible_org_name: AGRI,
      responsible_leader_name: '冯建华',
      supervising_org_name: GROUP,
      measures: expect.stringContaining('按月比对'),
      assigned_on: today,
      deadline: opened.json.deadline,
      overdue: false,
    });
    expect(item.actions).toEqual(expect.arrayContaining(['report', 'submit']));
    expect(item.actions).not.toContain('verify_pass');
    const byClueItems = ok(await group1.get(`/api/rectification/items?clue_id=${clueId}`)).json;
    expect(byClueItems.items.map((i: { id: number }) => i.id)).toEqual([itemId]);

    const evidence = ok(await upload(agri, `/api/rectification/items/${itemId}/attachments`, '追缴凭证.pdf', '已追回违规发放补贴2400元的缴款凭证'));
    await audited('rectify.attachment.upload', 'rect_item', itemId, 'agri', { attachment_id: evidence.json.id, file_name: '追缴凭证.pdf', sm3: evidence.json.sm3 });
    const progress = ok(
      await agri.post(`/api/rectification/items/${itemId}/progress`, {
        version: item.version,
        note: '已追回违规发放资金2400元，比对机制正在建立',
        progress_percent: 60,
        attachment_ids: [evidence.json.id],
      }),
    );
    expect(progress.json.status).toBe('in_progress');
    await audited('rectify.report', 'rect_item', itemId, 'agri', { from: 'pending', to: 'in_progress', event_id: progress.json.eventId, attachment_ids: [evidence.json.id] });
    const submitted = ok(await agri.post(`/api/rectification/items/${itemId}/submit`, { version: progress.json.version, note: '已建立按月比对机制并完成全市清查，申请销号' }));
    expect(submitted.json.status).toBe('submitted');
    await audited('rectify.submit', 'rect_item', itemId, 'agri', { from: 'in_progress', to: 'submitted' });
    // The responsible unit cannot close its own item.
    ok(await agri.post(`/api/rectification/items/${itemId}/verify`, { version: submitted.json.version, passed: true, opinion: '自行销号' }), 403);
    const closed = ok(
      await group1.post(`/api/rectification/items/${itemId}/verify`, { version: submitted.json.version, passed: true, opinion: '经核查资金已追回、机制已建立，整改到位，同意销号' }),
    );
    expect(closed.json.status).toBe('rectified');
    await audited('rectify.verify_pass', 'rect_item', itemId, 'group1', { from: 'submitted', to: 'rectified', passed: true, rectified_on: today });
    item = ok(await group1.get(`/api/rectification/items/${itemId}`)).json;
    expect(item).toMatchObject({ status: 'rectified', status_label: '已销号', rectified_on: today, verified_by: uid('group1'), progress_percent: 100, overdue: false });
    expect(item.events.map((e: { event: string; actor_id: number }) => [e.event, e.actor_id])).toEqual([
      ['report', uid('agri')],
      ['submit', uid('agri')],
      ['verify_pass', uid('group1')],
    ]);
    expect(item.attachments).toEqual([expect.objectContaining({ id: evidence.json.id, event_id: progress.json.eventId, sm3: evidence.json.sm3 })]);

    // ---- 7. the audit trail: the chain verifies (with a signed checkpoint), each object's trail is its steps in order
    const cp = await writeCheckpoint(w.platform.db, w.platform.dataDir, systemActor('audit-checkpoint'));
    expect(cp?.treeSize).toBeGreaterThan(0);
    const verified = ok(await auditadmin.post('/api/audit/verify', {})).json;
    expect(verified).toMatchObject({ ok: true, checkpoints: 1 });
    expect(verified.events).toBeGreaterThan(cursor - startSeq);
    const direct = await verifyAuditTrail(w.platform.db);
    expect(direct).toMatchObject({ ok: true, checkpoints: 1 });
    expect(direct.events).toBe(verified.events + 1); // + the audit.verify event itself

    /** The trail of one object as the security auditor (安全审计员) reads it: changes only, oldest first. */
    const trail = async (objectType: string, objectId: string | number) => {
      const r = ok(await auditadmin.get(`/api/audit/events?object_type=${objectType}&object_id=${encodeURIComponent(String(objectId))}&order=asc&pageSize=500`)).json;
      return (r.items as AuditEvent[])
        .filter((e) => !isRead(e.action))
        .map((e) => [e.action, [...w.demo.users].find(([, id]) => id === e.actor_id)?.[0] ?? null, Number(e.seq)] as const);
    };
    const actions = async (objectType: string, objectId: string | number) => (await trail(objectType, objectId)).map(([a, u]) => `${a}@${u}`);
    expect(await actions('import_batch', deaths.json.batch_id)).toEqual(['dataset.import@dataadmin']);
    expect(await actions('import_batch', payments.json.batch_id)).toEqual(['dataset.import@finance']);
    expect(await actions('model', 'M01')).toEqual(['model.run@officer1']);
    expect(await actions('model_hit', hitId)).toEqual(['hit.review@officer1', 'hit.to_clue@officer1']);
    expect(await actions('clue', clueId)).toEqual([
      'clue.create@officer1',
      'clue.transfer@officer1',
      'clue.handover@group1',
      'clue.propose@group1',
      'clue.approve@leader',
      'clue.attach@group1',
      'clue.step@group1',
      'clue.attach@group1',
      'clue.step@group1',
      'clue.attach@group1',
      'clue.step@group1',
      'clue.report@group1',
      'clue.approve@leader',
    ]);
    expect(await actions('transfer', transferId)).toEqual(['transfer.send@officer1', 'transfer.acknowledge@group1', 'transfer.feedback@group1']);
    expect(await actions('account_decision', decisionId)).toEqual(['account.decision.create@group1', 'account.decision.approve@leader']);
    expect(await actions('rect_item', itemId)).toEqual([
      'rectify.create@group1',
      'rectify.attachment.upload@agri',
      'rectify.report@agri',
      'rectify.submit@agri',
      'rectify.verify_pass@group1',
    ]);

    // Across objects, the whole loop in the order it happened.
    const all = (
      await Promise.all([
        trail('import_batch', deaths.json.batch_id),
        trail('import_batch', payments.json.batch_id),
        trail('model', 'M01'),
        trail('model_hit', hitId),
        trail('clue', clueId),
        trail('transfer', transferId),
        trail('account_decision', decisionId),
        trail('rect_item', itemId),
      ])
    )
      .flat()
      .sort((a, b) => a[2] - b[2])
      .map(([a]) => a);
    const stages = all.filter((a) => !['clue.attach', 'clue.step', 'rectify.attachment.upload'].includes(a));
    expect(stages).toEqual([
      'dataset.import',
      'dataset.import',
      'model.run', // hit
      'hit.review',
      'clue.create', // clue
      'hit.to_clue',
      'clue.transfer', // transfer
      'transfer.send',
      'clue.handover', // 签收
      'transfer.acknowledge',
      'clue.propose', // 初步核实
      'clue.approve',
      'clue.report', // 立案审查调查
      'clue.approve',
      'account.decision.create', // 处分
      'account.decision.approve',
      'transfer.feedback', // 结果反馈
      'rectify.create', // 整改
      'rectify.report',
      'rectify.submit',
      'rectify.verify_pass', // 销号
    ]);

    // The refused attempts are on the record too (route-level denials name who and where).
    const denied = await w.platform.db
      .selectFrom('audit_events')
      .select(['actor_id', 'object_id'])
      .where('seq', '>', startSeq)
      .where('action', '=', 'access.denied')
      .orderBy('seq')
      .execute();
    expect(denied.map((d) => [d.actor_id, d.object_id])).toEqual([
      [uid('group1'), 'POST /api/clues/:id/approve'],
      [uid('group1'), 'POST /api/accountability/decisions/:id/approve'],
      [uid('agri'), 'POST /api/rectification/items/:id/verify'],
    ]);
  });
});
