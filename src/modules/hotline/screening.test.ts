import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
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
