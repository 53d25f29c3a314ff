import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { hitToClue, reviewHit } from '../models/models.service.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { type OrderInput, writeOrders } from './orders.ts';
import { createRouting, resolveUnit } from './routing.service.ts';
import { abnormalUnits, kickballOrders, runScreening, sendScreenedTransfers, updateTransferRule } from './screening.service.ts';

const actor = systemActor('test');
let w: DemoWorld;

const base = (id: string, unit: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  order_id: id,
  received_at: '2026-05-10 09:00:00',
  content: `${id} 反映小区物业不作为，垃圾堆积无人清理`,
  category: '物业管理',
  handler_unit: unit,
  status: '办理中',
  district: '城关区',
  ...extra,
});

/** Each step writes one version of every order (one synthetic batch per step). */
async function versions(steps: OrderInput[][]) {
  for (let i = 0; i < steps.length; i++) await writeOrders(w.platform, actor, steps[i], { fileName: `step-${i}.csv` });
}

beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
  const R = '已退回';
  await versions([
    [base('K3', '甲局'), base('K2', '甲局'), base('R3', '甲局'), base('RR', '甲局'), base('K5', '甲局')],
    [base('K3', '甲局', { status: R }), base('K2', '甲局', { status: R }), base('R3', '乙局'), base('RR', '甲局', { status: R }), base('K5', '甲局', { status: R })],
    [base('K3', '乙局'), base('K2', '乙局'), base('R3', '丙局'), base('RR', '乙局'), base('K5', '乙局')],
    [base('K3', '乙局', { status: R }), base('K2', '乙局', { status: R }), base('R3', '丁局'), base('RR', '乙局', { status: R }), base('K5', '乙局', { status: R })],
    [base('K3', '丙局'), base('K2', '丙局', { status: '已办结', closed_at: '2026-05-12 10:00:00' }), base('RR', '丙局'), base('K5', '丙局')],
    [base('K3', '丙局', { status: R }), base('K5', '丙局', { status: R })],
    [base('K5', '丁局')],
    [base('K5', '丁局', { status: R })],
    [base('K5', '戊局')],
    [base('K5', '戊局', { status: R })],
  ]);
}, 180_000);
afterAll(async () => w?.close());

describe('踢皮球 (returned or re-assigned)', () => {
  it('3 returns is 踢皮球, 2 are not; 3 re-assignments count; a return and the re-assignment it causes count once', async () => {
    const hits = await kickballOrders(w.platform.db, 3);
    const byId = Object.fromEntries(hits.map((h) => [h.order_id, h.returns]));
    expect(byId).toEqual({ K5: 5, K3: 3, R3: 3 });
    expect(byId.K2).toBeUndefined(); // 2 returns
    expect(byId.RR).toBeUndefined(); // 2 returns, each followed by a re-assignment
    const two = Object.fromEntries((await kickballOrders(w.platform.db, 2)).map((h) => [h.order_id, h.returns]));
    expect(two).toEqual({ K5: 5, K3: 3, R3: 3, K2: 2, RR: 2 });
  });

  it('stores hits with the responsible unit of the routing list and sends them as transfers', async () => {
    const hl = await loadAccessContext(w.platform.db, (await w.platform.db.selectFrom('users').select('id').where('username', '=', 'hotline').executeTakeFirstOrThrow()).id);
    const routeAs = { ...hl!, permissions: new Set([...hl!.permissions, 'hotline:routing']) };
    await createRouting(w.platform.db, actor, routeAs, { category: '物业管理', unit: '市住建局' });
    await createRouting(w.platform.db, actor, routeAs, { keyword: '垃圾', unit: '市城管局', priority: 50 });
    const team = await w.platform.db.selectFrom('orgs').select('id').where('name', '=', '党风政风监督室').executeTakeFirstOrThrow();
    const rule = await w.platform.db.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', 'kickball').executeTakeFirstOrThrow();
    await updateTransferRule(w.platform.db, actor, hl!, 'kickball', { receiverOrgId: team.id, senderOrgId: hl!.orgId, version: rule.version });

    const r = await runScreening(w.platform.db, actor, '2026-05-31');
    expect(r.kickball).toBe(3);
    const hits = await w.platform.db.selectFrom('hotline_screen_hits').selectAll().where('kind', '=', 'kickball').orderBy('subject_key').execute();
    expect(hits.map((h) => [h.subject_key, h.serious, h.responsible_unit])).toEqual([
      ['K3', false, '市城管局'],
      ['K5', true, '市城管局'],
      ['R3', false, '市城管局'],
    ]);
    // again: no new hits for the same orders
    expect((await runScreening(w.platform.db, actor, '2026-05-31')).new_hits).toEqual([]);

    // 随时移送: the serious one at once, one transfer per hit
    const now = await sendScreenedTransfers(w.platform.db, actor, hl!, 'immediate', '2026-06-01');
    expect(now.sent).toEqual([{ transfer_id: expect.any(Number), kind: 'kickball', items: 1 }]);
    // 定期移送 (the weekly job: no user, the rule's sender org)
    const weekly = await sendScreenedTransfers(w.platform.db, systemActor('jobs'), null, 'periodic', '2026-06-01');
    expect(weekly.sent).toEqual([{ transfer_id: expect.any(Number), kind: 'kickball', items: 2 }]);
    const t = await w.platform.db.selectFrom('transfers').selectAll().where('id', '=', weekly.sent[0].transfer_id).executeTakeFirstOrThrow();
    expect(t).toMatchObject({ object_type: 'hotline_batch', mode: 'batch', receiver_org_id: team.id, sender_org_id: hl!.orgId, item_count: 2 });
    const items = await w.platform.db.selectFrom('transfer_items').select(['snapshot']).where('transfer_id', '=', t.id).orderBy('seq').execute();
    expect((items[0].snapshot as Record<string, unknown>).责任单位).toBe('市城管局');
    // nothing left
    expect((await sendScreenedTransfers(w.platform.db, systemActor('jobs'), null, 'periodic', '2026-06-08')).sent).toEqual([]);
  });
});

describe('不满意率异常 units', () => {
  const units = (rates: [string, number, number][]) => rates.map(([unit, unsatisfied, visited]) => ({ unit, unsatisfied, visited, rate: unsatisfied / visited }));
  // nine units at 0 %, one at 50 %: mean 5 %, σ 15 % → mean + 3σ = 50 % exactly
  const ten = units([...Array.from({ length: 9 }, (_, i) => [`u${i}`, 0, 10] as [string, number, number]), ['bad', 5, 10]]);

  it('flags a unit above mean + kσ, not one exactly on it', () => {
    expect(abnormalUnits(ten, { sigmas: 2, minVisited: 5, threshold: null }).flagged.map((u) => u.unit)).toEqual(['bad']);
    expect(abnormalUnits(ten, { sigmas: 3, minVisited: 5, threshold: null }).flagged).toEqual([]);
    expect(abnormalUnits(ten, { sigmas: 2.99, minVisited: 5, threshold: null }).flagged.map((u) => u.unit)).toEqual(['bad']);
  });

  it('ignores units with fewer visited orders than minVisited, and uses a fixed threshold when set', () => {
    expect(abnormalUnits(ten, { sigmas: 2, minVisited: 11, threshold: null }).flagged).toEqual([]);
    expect(abnormalUnits(ten, { sigmas: 2, minVisited: 10, threshold: 0.5 }).flagged).toEqual([]);
    expect(abnormalUnits(ten, { sigmas: 2, minVisited: 10, threshold: 0.49 }).flagged.map((u) => u.unit)).toEqual(['bad']);
    // all equal: no σ, nothing abnormal
    expect(abnormalUnits(units([['a', 1, 10], ['b', 1, 10]]), { sigmas: 0, minVisited: 1, threshold: null }).flagged).toEqual([]);
  });

  it('finds the unit from the daily aggregate of real orders', async () => {
    const rows: OrderInput[] = [];
    let n = 0;
    for (const [unit, bad] of [['A局', 0], ['B局', 0], ['C局', 0], ['D局', 0], ['E局', 0], ['F局', 0], ['G局', 0], ['H局', 0], ['I局', 0], ['坏局', 5]] as [string, number][]) {
      for (let i = 0; i < 10; i++) {
        rows.push({ order_id: `S${++n}`, received_at: '2026-07-10 10:00:00', content: '咨询社保缴费', category: '社会保障', handler_unit: unit, status: '已办结', closed_at: '2026-07-11 10:00:00', satisfaction: i < bad ? '不满意' : '满意' });
      }
    }
    await writeOrders(w.platform, actor, rows, { fileName: 'sat.csv' });
    const r = await runScreening(w.platform.db, actor, '2026-07-20');
    expect(r.unsatisfied_units).toBe(1);
    const hit = await w.platform.db.selectFrom('hotline_screen_hits').selectAll().where('kind', '=', 'unsatisfied_unit').executeTakeFirstOrThrow();
    expect(hit.unit).toBe('坏局');
    expect(hit.order_ids).toHaveLength(5);
    expect(hit.serious).toBe(true); // 50 % ≥ seriousRate 0.5
  });
});

describe('routing list (pure)', () => {
  it('keyword rules beat category rules; both conditions must hold', () => {
    const rules = [
      { id: 1, category: '城乡建设', keyword: null, unit: '住建局', priority: 100 },
      { id: 2, category: null, keyword: '路灯', unit: '城管局', priority: 100 },
      { id: 3, category: '城乡建设', keyword: '燃气', unit: '燃气公司', priority: 100 },
    ];
    expect(resolveUnit(rules, { category: '城乡建设', content: '道路破损' })?.unit).toBe('住建局');
    expect(resolveUnit(rules, { category: '城乡建设', content: '路灯不亮' })?.unit).toBe('城管局');
    expect(resolveUnit(rules, { category: '城乡建设', content: '燃气泄漏' })?.unit).toBe('燃气公司');
    expect(resolveUnit(rules, { category: '教育', content: '燃气泄漏' })).toBeNull();
  });
});

describe('M13–M15 hits in the transfer batches', () => {
  const garbage = (id: string, at: string, closedAt: string | null, content: string): OrderInput => ({
    order_id: id,
    received_at: at,
    caller_phone: id.startsWith('P') ? '13900000001' : '13900000002',
    address: '幸福路12号幸福小区',
    content,
    category: '城乡建设',
    handler_unit: '幸福街道',
    status: closedAt ? '已办结' : '办理中',
    closed_at: closedAt,
  });
  const supervised = (id: string, due: string, closedAt: string | null): OrderInput => ({
    order_id: id,
    received_at: '2026-06-01 09:00:00',
    content: `${id} 反映道路井盖缺失，存在安全隐患`,
    category: '城乡建设',
    handler_unit: '市政公司',
    supervised: true,
    due_at: due,
    closed_at: closedAt,
    status: closedAt ? '已办结' : '办理中',
  });
  const modelKinds = ['hotline_conduct', 'hotline_repeat', 'hotline_overdue'];
  let hl: Awaited<ReturnType<typeof loadAccessContext>>;

  beforeAll(async () => {
    const db = w.platform.db;
    hl = await loadAccessContext(db, (await db.selectFrom('users').select('id').where('username', '=', 'hotline').executeTakeFirstOrThrow()).id);
    await writeOrders(w.platform, actor, [
      { order_id: 'C1', received_at: '2026-06-03 10:00:00', content: '社区工作人员办低保时索要好处费，不给钱就不办', handler_unit: '丙街道', category: '民政' },
      { order_id: 'C2', received_at: '2026-06-03 11:00:00', content: '窗口工作人员态度很差，对群众恶语相向', handler_unit: '丁街道', category: '政务服务' },
      supervised('O1', '2026-06-10 18:00:00', null), // 19 days overdue on 06-30
      supervised('O2', '2026-06-10 18:00:00', '2026-06-12 18:00:00'), // closed 2 days late
      supervised('O3', '2026-06-15 00:00:00', null), // exactly 15 days
      supervised('O4', '2026-06-15 00:00:01', null), // 14 days and a bit
      garbage('P1', '2026-06-01 10:00:00', '2026-06-02 10:00:00', '小区门口垃圾堆积无人清理，臭气熏天'),
      garbage('P2', '2026-06-10 09:00:00', null, '小区门口垃圾又堆起来了，一直没人来清理'),
      garbage('Q1', '2026-06-01 10:00:00', '2026-06-02 10:00:00', '幸福小区3栋楼道灯坏了一个月没人修'),
      garbage('Q2', '2026-06-05 10:00:00', '2026-06-06 10:00:00', '幸福小区3栋楼道的灯还是坏的，之前反映过说修好了其实没修'),
      garbage('Q3', '2026-06-10 10:00:00', '2026-06-11 10:00:00', '幸福小区3栋楼道灯又坏了，还是没人修'),
      garbage('Q4', '2026-06-15 10:00:00', null, '幸福小区3栋楼道灯坏了，反复反映还是没人修'),
    ], { fileName: 'model-screens.csv' });
    const team = await db.selectFrom('orgs').select('id').where('name', '=', '党风政风监督室').executeTakeFirstOrThrow();
    for (const kind of modelKinds) {
      const rule = await db.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', kind).executeTakeFirstOrThrow();
      await updateTransferRule(db, actor, hl!, kind, { receiverOrgId: team.id, senderOrgId: hl!.orgId, version: rule.version });
    }
  }, 120_000);

  const byFirstOrder = async () => {
    const rows = await w.platform.db.selectFrom('hotline_screen_hits').selectAll().where('kind', 'in', modelKinds).execute();
    return new Map(rows.filter((r) => /^[COPQ]\d$/.test(r.order_ids[0])).map((r) => [r.order_ids[0], r]));
  };

  it('rejects thresholds that are not the rule’s, negative, or outside the list', async () => {
    const rule = await w.platform.db.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', 'hotline_overdue').executeTakeFirstOrThrow();
    const update = (params: Record<string, unknown>, kind = 'hotline_overdue') => updateTransferRule(w.platform.db, actor, hl!, kind, { params, version: rule.version });
    await expect(update({ seriousDays: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(update({ minReturns: 3 })).rejects.toThrow(/不属于该规则/);
    const conduct = await w.platform.db.selectFrom('hotline_transfer_rules').selectAll().where('kind', '=', 'hotline_conduct').executeTakeFirstOrThrow();
    await expect(updateTransferRule(w.platform.db, actor, hl!, 'hotline_conduct', { params: { seriousKinds: ['不存在的类型'] }, version: conduct.version })).rejects.toThrow(/只能从以下取值/);
    const after = await w.platform.db.selectFrom('hotline_transfer_rules').select(['version', 'params']).where('kind', '=', 'hotline_overdue').executeTakeFirstOrThrow();
    expect(after).toEqual({ version: rule.version, params: rule.params });
  });

  it('runs the models and stores each current hit once, serious at the boundaries of the rule', async () => {
    const r = await runScreening(w.platform.db, actor, '2026-06-30');
    expect(r.model_hits.hotline_conduct).toBeGreaterThanOrEqual(2);
    expect(r.model_hits.hotline_overdue).toBeGreaterThanOrEqual(4);
    const hits = await byFirstOrder();
    const serious = Object.fromEntries([...hits].map(([k, h]) => [k, h.serious]));
    expect(serious).toEqual({ C1: true, C2: false, O1: true, O2: false, O3: true, O4: false, P1: false, Q1: true });
    expect(hits.get('P1')!.order_ids).toEqual(['P1', 'P2']);
    expect(hits.get('Q1')!.order_ids).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(hits.get('P1')!.responsible_unit).toBe('市城管局'); // routing: keyword 垃圾
    expect(hits.get('O1')!.detail).toMatchObject({ model: 'M15', overdue_days: 19 });
    expect(hits.get('C1')!.detail).toMatchObject({ model: 'M13', reasons: expect.arrayContaining(['反映吃拿卡要/索要好处']) });
    // the screening's model run is an ordinary run: the hit is the one in 命中核查
    const mh = await w.platform.db.selectFrom('model_hits').select(['id', 'model_id']).where('id', '=', hits.get('C1')!.model_hit_id!).executeTakeFirstOrThrow();
    expect(mh.model_id).toBe('M13');
    expect((await runScreening(w.platform.db, actor, '2026-06-30')).new_hits).toEqual([]);
  });

  it('sends serious hits at once and the rest weekly; hits that became clues or were 不属实 are withdrawn', async () => {
    const db = w.platform.db;
    const hits = await byFirstOrder();
    // the case-management office (全部 data scope) reviews the screening's hits in 命中核查
    const casemgrId = (await db.selectFrom('users').select('id').where('username', '=', 'casemgr').executeTakeFirstOrThrow()).id;
    const reviewer = (await loadAccessContext(db, casemgrId))!;
    const reviewerActor = { userId: casemgrId, name: 'casemgr', orgId: reviewer.orgId };
    await hitToClue(db, w.platform.cipher, reviewerActor, reviewer, hits.get('C2')!.model_hit_id!);
    const o2 = await db.selectFrom('model_hits').select(['id', 'version']).where('id', '=', hits.get('O2')!.model_hit_id!).executeTakeFirstOrThrow();
    await reviewHit(db, reviewerActor, reviewer, Number(o2.id), { result: '不属实', version: o2.version });

    const now = await sendScreenedTransfers(db, actor, hl!, 'immediate', '2026-07-01');
    const sentHits = async (transferIds: number[]) =>
      (await db.selectFrom('hotline_screen_hits').select('order_ids').where('transfer_id', 'in', transferIds.length ? transferIds : [-1]).execute()).map((h) => h.order_ids[0]).filter((id) => /^[COPQ]\d$/.test(id)).sort();
    const immediate = now.sent.filter((s) => modelKinds.includes(s.kind));
    expect(immediate.every((s) => s.items === 1)).toBe(true);
    expect(await sentHits(immediate.map((s) => s.transfer_id))).toEqual(['C1', 'O1', 'O3', 'Q1']);
    const c1 = await db.selectFrom('hotline_screen_hits').select('transfer_id').where('id', '=', hits.get('C1')!.id).executeTakeFirstOrThrow();
    const item = await db.selectFrom('transfer_items').select(['title', 'snapshot']).where('transfer_id', '=', c1.transfer_id!).executeTakeFirstOrThrow();
    expect(item.title).toBe('工单C1反映丙街道作风问题（吃拿卡要/索要好处）');
    expect(item.snapshot).toMatchObject({ 类型: '作风问题线索（M13）', 工单编号: ['C1'], 严重: true });

    const weekly = await sendScreenedTransfers(db, systemActor('jobs'), null, 'periodic', '2026-07-06');
    const periodic = weekly.sent.filter((s) => modelKinds.includes(s.kind));
    expect(periodic.map((s) => s.kind).sort()).toEqual(modelKinds.slice().sort());
    expect(await sentHits(periodic.map((s) => s.transfer_id))).toEqual(['O4', 'P1']);
    const after = await byFirstOrder();
    expect([after.get('C2')!.transfer_id, after.get('C2')!.withdrawn]).toEqual([null, '已转为问题线索 / already a clue']);
    expect([after.get('O2')!.transfer_id, after.get('O2')!.withdrawn]).toEqual([null, '核查不属实 / reviewed as unfounded']);
    const audit = await db.selectFrom('audit_events').select('detail').where('action', '=', 'hotline.screen.withdraw').execute();
    expect(audit.flatMap((a) => (a.detail as { hits: number[] }).hits).sort()).toEqual([after.get('C2')!.id, after.get('O2')!.id].map(Number).sort());
    // a clue's hit is not screened again
    expect((await runScreening(db, actor, '2026-06-30')).new_hits).toEqual([]);
  });
});
