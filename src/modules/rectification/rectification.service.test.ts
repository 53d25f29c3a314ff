/**
 * The ledger's use cases on a real database (PGlite or PostgreSQL): overdue flagging with fixed
 * dates on the official calendar, 双问责 proposals, 见底清零 counts, optimistic locking and the
 * audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { Calendar } from '../../platform/calendar/calendar.ts';
import {
  type NewLedgerItem,
  clearanceView,
  createCampaign,
  createLedgerItem,
  flagOverdueRectifications,
  listLedgerItems,
  reportProgress,
  submitForVerification,
  updateLedgerItem,
  verifyLedgerItem,
} from './rectification.service.ts';
import { createClueFromSource } from '../clues/clues.service.ts';

let w: DemoWorld;
const who: Record<string, { access: AccessContext; actor: Actor }> = {};
let agriOrg: number;
let groupOrg: number;
let eduOrg: number;
let office1: number;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  for (const u of ['group1', 'agri', 'officer1', 'leader', 'auditor']) {
    const access = (await loadAccessContext(w.platform.db, w.demo.users.get(u)!))!;
    who[u] = { access, actor: { userId: access.userId, name: `${access.displayName}(${u})`, orgId: access.orgId } };
  }
  agriOrg = w.demo.orgs.get('示范市农业农村局')!;
  groupOrg = w.demo.orgs.get('派驻市农业农村局纪检监察组')!;
  eduOrg = w.demo.orgs.get('示范市教育局')!;
  office1 = w.demo.orgs.get('第一监督检查室')!;
});
afterAll(() => w?.close());

const db = () => w.platform.db;
const base = (over: Partial<NewLedgerItem> = {}): NewLedgerItem => ({
  sourceType: 'audit',
  sourceRef: '示审报〔2026〕12号 第3条',
  title: '耕地地力保护补贴发放不及时',
  responsibleOrgId: agriOrg,
  responsibleLeaderName: '钱国栋',
  responsibleLeaderTitle: '局长',
  supervisingOrgId: groupOrg,
  supervisorName: '赵建国',
  measures: '逐户核对并补发',
  assignedOn: '2026-09-01',
  deadline: '2026-10-01',
  ...over,
});
const asGroup = () => [who.group1.actor, who.group1.access] as const;

async function version(id: number) {
  return (await db().selectFrom('rect_items').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

async function close(id: number, on = '2026-09-28') {
  await submitForVerification(db(), ...asGroup(), id, { version: await version(id), note: '已整改完毕' });
  await verifyLedgerItem(db(), ...asGroup(), id, { version: await version(id), passed: true, opinion: '核验属实，同意销号', rectifiedOn: on });
}

describe('overdue flagging (逾期) with deterministic dates', () => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    // Deadline 1 October 2026 is inside the National Day break (1–7 October, official calendar).
    ids.working = (await createLedgerItem(db(), ...asGroup(), base({ title: '工作日计：国庆假期内到期' }))).id;
    ids.calendar = (await createLedgerItem(db(), ...asGroup(), base({ title: '自然日计：国庆假期内到期', deadlineBasis: 'calendar_days' }))).id;
    ids.closed = (await createLedgerItem(db(), ...asGroup(), base({ title: '已按期销号' }))).id;
    ids.later = (await createLedgerItem(db(), ...asGroup(), base({ title: '期限未到', deadline: '2026-10-20' }))).id;
    await close(ids.closed);
  });

  it('on 2 October only the calendar-day item is overdue', async () => {
    const r = await flagOverdueRectifications(db(), '2026-10-02');
    expect(r.flagged.map((f) => f.id)).toEqual([ids.calendar]);
    expect(r.flagged[0]).toMatchObject({ overdue_since: '2026-10-02', overdue_days: 1 });
  });

  it('the working-day item is still on time on 8 October (first working day after the break) and late on the 9th', async () => {
    expect((await flagOverdueRectifications(db(), '2026-10-08')).flagged).toEqual([]);
    const r = await flagOverdueRectifications(db(), '2026-10-09');
    expect(r.flagged.map((f) => f.id)).toEqual([ids.working]);
    expect(r.flagged[0]).toMatchObject({ overdue_since: '2026-10-09', overdue_days: 1 });
  });

  it('flags once: a later run adds nothing; 销号 items and items within their deadline are never flagged', async () => {
    expect((await flagOverdueRectifications(db(), '2026-10-12')).flagged).toEqual([]);
    const rows = await db().selectFrom('rect_items').select(['id', 'overdue_since']).where('id', 'in', Object.values(ids)).execute();
    const since = Object.fromEntries(rows.map((r) => [r.id, r.overdue_since]));
    expect(since[ids.closed]).toBeNull();
    expect(since[ids.later]).toBeNull();
    expect(since[ids.working]).toBe('2026-10-09');
    expect(since[ids.calendar]).toBe('2026-10-02');
  });

  it('a calendar without the holiday flags the same date differently (working days are configurable)', async () => {
    const id = (await createLedgerItem(db(), ...asGroup(), base({ title: '按周一至周五日历计' }))).id;
    const plainWeekdays = new Calendar({ builtin: false });
    const r = await flagOverdueRectifications(db(), '2026-10-02', { calendar: plainWeekdays });
    expect(r.flagged.map((f) => f.id)).toEqual([id]);
  });

  it('proposes accountability for both the responsible leader and the supervisor (双问责), with audit events', async () => {
    const proposals = await db().selectFrom('account_proposals').selectAll().where('rect_item_id', '=', ids.working).orderBy('id').execute();
    expect(proposals.map((p) => [p.responsibility, p.target_org_id, p.person_name, p.status])).toEqual([
      ['primary', agriOrg, '钱国栋', 'open'],
      ['supervisory', groupOrg, '赵建国', 'open'],
    ]);
    expect(proposals[0].reason).toContain('逾期');
    const audit = await db().selectFrom('audit_events').select(['action', 'object_id', 'detail']).where('action', '=', 'rectify.overdue').where('object_id', '=', String(ids.working)).execute();
    expect(audit).toHaveLength(1);
    expect((audit[0].detail as { proposal_ids: number[] }).proposal_ids).toEqual(proposals.map((p) => p.id));
    const event = await db().selectFrom('rect_item_events').selectAll().where('item_id', '=', ids.working).where('event', '=', 'overdue').execute();
    expect(event).toHaveLength(1);
  });

  it('moving the deadline clears the flag; the next run judges the new deadline', async () => {
    await updateLedgerItem(db(), ...asGroup(), ids.calendar, { version: await version(ids.calendar), deadline: '2026-10-30' });
    expect((await db().selectFrom('rect_items').select('overdue_since').where('id', '=', ids.calendar).executeTakeFirstOrThrow()).overdue_since).toBeNull();
    expect((await flagOverdueRectifications(db(), '2026-10-30')).flagged.map((f) => f.id)).not.toContain(ids.calendar);
    expect((await flagOverdueRectifications(db(), '2026-10-31')).flagged.map((f) => f.id)).toContain(ids.calendar);
    // still one open proposal per responsibility for that item
    const open = await db().selectFrom('account_proposals').select('responsibility').where('rect_item_id', '=', ids.calendar).where('status', '=', 'open').execute();
    expect(open.map((o) => o.responsibility).sort()).toEqual(['primary', 'supervisory']);
  });
});

describe('见底清零 counts per unit and per campaign', () => {
  it('total = rectified + in progress + overdue, rate, cleared', async () => {
    const campaign = await createCampaign(db(), ...asGroup(), { name: '校园餐饮专项整治（测试）', domain: '校园餐饮' });
    const mk = (title: string, responsibleOrgId: number) =>
      createLedgerItem(db(), ...asGroup(), base({ title, responsibleOrgId, campaignId: campaign, sourceType: 'campaign', deadline: '2026-11-20', assignedOn: '2026-11-01' }));
    const a = await mk('食堂食材采购未公开比价', eduOrg);
    const b = await mk('校外供餐合同未备案', eduOrg);
    await mk('学生餐费收支未公示', agriOrg);
    await close(a.id, '2026-11-15');
    await close(b.id, '2026-11-18');
    await flagOverdueRectifications(db(), '2026-11-23'); // the agri item is late now (20 Nov a Friday)
    const byCampaign = await clearanceView(db(), who.group1.access, { by: 'campaign', campaignId: campaign });
    expect(byCampaign.rows).toEqual([
      { key: campaign, name: '校园餐饮专项整治（测试）', total: 3, rectified: 2, in_progress: 0, overdue: 1, rate: 0.6667, cleared: false },
    ]);
    const byUnit = await clearanceView(db(), who.group1.access, { by: 'unit', campaignId: campaign });
    const edu = byUnit.rows.find((r) => r.key === eduOrg)!;
    expect(edu).toMatchObject({ total: 2, rectified: 2, in_progress: 0, overdue: 0, rate: 1, cleared: true });
    expect(byUnit.totals).toMatchObject({ total: 3, rectified: 2, overdue: 1 });
  });

  it('counts only what the viewer may see', async () => {
    const mine = await clearanceView(db(), who.agri.access, { by: 'unit' });
    expect(mine.rows.map((r) => r.key)).toEqual([agriOrg]);
    const none = await clearanceView(db(), who.auditor.access, { by: 'unit' });
    expect(none.totals.total).toBe(0);
    const all = await clearanceView(db(), who.leader.access, { by: 'unit' });
    expect(all.totals.total).toBeGreaterThan(mine.totals.total);
  });
});

describe('ledger basics', () => {
  it('computes a deadline from working days and numbers the item', async () => {
    const r = await createLedgerItem(db(), ...asGroup(), base({ deadline: undefined, timeLimitDays: 5, assignedOn: '2026-09-30' }));
    expect(r.deadline).toBe('2026-10-13');
    expect(r.code).toMatch(/^ZG2026-\d{6}$/);
  });

  it('refuses a stale version (optimistic locking) and leaves no audit event for it', async () => {
    const { id } = await createLedgerItem(db(), ...asGroup(), base());
    const v = await version(id);
    await reportProgress(db(), ...asGroup(), id, { version: v, note: '已制定方案', progressPercent: 20 });
    const before = await db().selectFrom('audit_events').select('seq').where('object_id', '=', String(id)).execute();
    await expect(reportProgress(db(), ...asGroup(), id, { version: v, note: '重复提交' })).rejects.toMatchObject({ status: 409 });
    const after = await db().selectFrom('audit_events').select('seq').where('object_id', '=', String(id)).execute();
    expect(after.length).toBe(before.length);
  });

  it('lists by data scope: the unit and the supervising body see the item, an unrelated office does not', async () => {
    const { id } = await createLedgerItem(db(), ...asGroup(), base({ title: '范围测试' }));
    const see = async (u: string) => (await listLedgerItems(db(), who[u].access, { q: '范围测试' })).items.map((i) => i.id);
    expect(await see('agri')).toEqual([id]);
    expect(await see('group1')).toEqual([id]);
    expect(await see('leader')).toEqual([id]);
    expect(await see('officer1')).toEqual([]);
    expect(await see('auditor')).toEqual([]);
    expect(office1).toBeGreaterThan(0);
  });

  it('filters by ids and inspection round for other areas', async () => {
    const a = await createLedgerItem(db(), ...asGroup(), base({ title: '巡察轮次甲', inspectionRoundId: 7 }));
    const b = await createLedgerItem(db(), ...asGroup(), base({ title: '巡察轮次乙', inspectionRoundId: 8 }));
    const ids = async (q: Parameters<typeof listLedgerItems>[2]) => (await listLedgerItems(db(), who.group1.access, q)).items.map((i) => i.id);
    expect(await ids({ inspection_round_id: 7 })).toEqual([a.id]);
    expect((await ids({ ids: [b.id, a.id] })).sort()).toEqual([a.id, b.id].sort());
    expect(await ids({ ids: [] })).toEqual([]);
    expect((await listLedgerItems(db(), who.officer1.access, { ids: [a.id] })).items).toEqual([]);
  });

  it('links only a clue the registrant was given: a clue of another office and a missing one are 404, nothing written', async () => {
    const clue = await createClueFromSource(db(), w.platform.cipher, who.officer1.actor, who.officer1.access, {
      sourceType: 'self',
      summary: '农业农村局补贴发放中优亲厚友',
      domainTags: [],
      persons: [{ name: '钱某', orgName: '示范市农业农村局', position: '科员', cadreLevel: '乡管' }],
    });
    const count = async () => (await db().selectFrom('rect_items').select('id').execute()).length;
    const before = await count();
    for (const clueId of [clue.id, 99_999_999]) {
      await expect(createLedgerItem(db(), ...asGroup(), base({ clueId }))).rejects.toMatchObject({ status: 404 });
    }
    expect(await count()).toBe(before);
    const own = await createLedgerItem(db(), who.officer1.actor, who.officer1.access, base({ clueId: clue.id, title: '线索关联', supervisingOrgId: office1 }));
    expect((await db().selectFrom('rect_items').select('clue_id').where('id', '=', own.id).executeTakeFirstOrThrow()).clue_id).toBe(clue.id);
  });
});
