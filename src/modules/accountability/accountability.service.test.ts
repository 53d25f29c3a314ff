/**
 * “四种形态” counts by form, period and unit from a fixture of decisions on a real database:
 * pending, rejected and revoked decisions and measures against organisations are not counted;
 * the period is the date the decision took effect (after 提级审核 for major ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { createClueFromSource } from '../clues/clues.service.ts';
import { type NewDecision, approveDecision, careCounts, createClearing, createDecision, createRevisit, createTolerance, formStats, listDecisions, outcomeCountsForClues, rejectDecision, revokeDecision } from './accountability.service.ts';

let w: DemoWorld;
const who: Record<string, { access: AccessContext; actor: Actor }> = {};
const org: Record<string, number> = {};

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  for (const u of ['officer1', 'officer2', 'leader', 'group1']) {
    const access = (await loadAccessContext(w.platform.db, w.demo.users.get(u)!))!;
    who[u] = { access, actor: { userId: access.userId, name: u, orgId: access.orgId } };
  }
  org.agri = w.demo.orgs.get('示范市农业农村局')!;
  org.edu = w.demo.orgs.get('示范市教育局')!;
  org.east = w.demo.orgs.get('东城区人民政府')!;
});
afterAll(() => w?.close());

type Fate = 'effective' | 'pending' | 'rejected' | 'revoked';
interface Fixture {
  by: 'officer1' | 'officer2';
  unit: 'agri' | 'edu' | 'east';
  input: Omit<NewDecision, 'targetOrgId' | 'reason'>;
  /** Approval date for major decisions. */
  approvedOn?: string;
  fate: Fate;
  /** The form a commission would report, written out by hand (null: not counted in the forms). */
  form: 1 | 2 | 3 | 4 | null;
  /** The date it counts on (effective date). */
  countsOn?: string;
}

const P = (measure: NewDecision['measure'], decidedOn: string, extra: Partial<NewDecision> = {}) => ({
  targetKind: 'person' as const,
  measure,
  decidedOn,
  personName: '张某',
  personTitle: '科长',
  ...extra,
});

const FIXTURES: Fixture[] = [
  { by: 'officer1', unit: 'agri', input: P('admonish', '2026-01-10'), fate: 'effective', form: 1, countsOn: '2026-01-10' },
  { by: 'officer1', unit: 'agri', input: P('inquiry', '2026-02-03'), fate: 'effective', form: 1, countsOn: '2026-02-03' },
  { by: 'officer1', unit: 'edu', input: P('org_adjust', '2026-03-05'), approvedOn: '2026-03-20', fate: 'effective', form: 2, countsOn: '2026-03-20' },
  // decided in Q1, effective in Q2: counts in Q2
  { by: 'officer1', unit: 'agri', input: P('discipline', '2026-03-28', { partySanction: 'serious_warning' }), approvedOn: '2026-04-02', fate: 'effective', form: 2, countsOn: '2026-04-02' },
  { by: 'officer1', unit: 'edu', input: P('discipline', '2026-05-06', { partySanction: 'probation', govSanction: 'dismissal' }), approvedOn: '2026-05-10', fate: 'effective', form: 3, countsOn: '2026-05-10' },
  {
    by: 'officer1',
    unit: 'east',
    input: P('discipline', '2026-06-01', { partySanction: 'expel', govSanction: 'expulsion', judicialTransfer: true }),
    approvedOn: '2026-06-15',
    fate: 'effective',
    form: 4,
    countsOn: '2026-06-15',
  },
  { by: 'officer1', unit: 'east', input: P('major_adjust', '2026-07-01'), approvedOn: '2026-07-08', fate: 'effective', form: 3, countsOn: '2026-07-08' },
  { by: 'officer1', unit: 'edu', input: P('notice', '2025-12-20'), fate: 'effective', form: 1, countsOn: '2025-12-20' },
  { by: 'officer1', unit: 'agri', input: P('discipline', '2026-08-01', { govSanction: 'warning' }), fate: 'pending', form: 2 },
  { by: 'officer1', unit: 'edu', input: P('discipline', '2026-08-02', { partySanction: 'warning' }), fate: 'rejected', form: 2 },
  { by: 'officer1', unit: 'edu', input: P('admonish', '2026-08-03'), fate: 'revoked', form: 1 },
  { by: 'officer1', unit: 'agri', input: { targetKind: 'org', measure: 'org_notice', decidedOn: '2026-02-01' }, fate: 'effective', form: null },
  { by: 'officer2', unit: 'agri', input: P('criticism', '2026-09-09'), fate: 'effective', form: 1, countsOn: '2026-09-09' },
];

const quarter = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

/** The expected table, computed from the fixture by hand-written rules (not by the service). */
function expected(period: (d: string) => string, byUnit: boolean, keep: (f: Fixture) => boolean = () => true) {
  const counted = FIXTURES.filter((f) => f.fate === 'effective' && f.form !== null && keep(f));
  const groups = new Map<string, { period: string; org_id: number | null; form1: number; form2: number; form3: number; form4: number; total: number }>();
  for (const f of counted) {
    const p = period(f.countsOn!);
    const o = byUnit ? org[f.unit] : null;
    const key = `${p}|${o}`;
    const g = groups.get(key) ?? { period: p, org_id: o, form1: 0, form2: 0, form3: 0, form4: 0, total: 0 };
    g[`form${f.form}` as 'form1']++;
    g.total++;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : (a.org_id ?? 0) - (b.org_id ?? 0)));
}

const strip = (rows: { period: string; org_id: number | null; form1: number; form2: number; form3: number; form4: number; total: number }[]) =>
  rows.map(({ period, org_id, form1, form2, form3, form4, total }) => ({ period, org_id, form1, form2, form3, form4, total }));

describe('“四种形态” statistics', () => {
  beforeAll(async () => {
    const db = w.platform.db;
    for (const f of FIXTURES) {
      const me = who[f.by];
      const d = await createDecision(db, me.actor, me.access, { ...f.input, targetOrgId: org[f.unit], reason: '违反中央八项规定精神' });
      expect(d.form).toBe(f.form);
      const v = async () => (await db.selectFrom('account_decisions').select('version').where('id', '=', d.id).executeTakeFirstOrThrow()).version;
      if (d.major && f.fate !== 'pending') {
        if (f.fate === 'rejected') await rejectDecision(db, who.leader.actor, who.leader.access, d.id, { version: await v(), opinion: '事实不清' });
        else await approveDecision(db, who.leader.actor, who.leader.access, d.id, { version: await v(), effectiveOn: f.approvedOn });
      }
      if (f.fate === 'revoked') await revokeDecision(db, who.leader.actor, who.leader.access, d.id, { version: await v(), reason: '申诉成立' });
      const row = await db.selectFrom('account_decisions').select(['status', 'effective_on']).where('id', '=', d.id).executeTakeFirstOrThrow();
      expect(row.status).toBe(f.fate === 'pending' ? 'pending_approval' : f.fate);
    }
  });

  it('by quarter and unit', async () => {
    const r = await formStats(w.platform.db, who.leader.access, { period: 'quarter', by: 'unit' });
    expect(strip(r.rows)).toEqual(expected(quarter, true));
    expect(r.rows.find((x) => x.org_id === org.east)?.org_name).toBe('东城区人民政府');
  });

  it('by month, by year, and in total', async () => {
    const byMonth = await formStats(w.platform.db, who.leader.access, { period: 'month', by: 'none' });
    expect(strip(byMonth.rows)).toEqual(expected((d) => d.slice(0, 7), false));
    const byYear = await formStats(w.platform.db, who.leader.access, { period: 'year', by: 'none' });
    expect(strip(byYear.rows)).toEqual(expected((d) => d.slice(0, 4), false));
    const all = await formStats(w.platform.db, who.leader.access, { period: 'all' });
    // by hand from the fixture's effective person outcomes: 1st = 诫勉, 谈话函询, 通报批评, 批评教育;
    // 2nd = 组织调整, 严重警告; 3rd = 留党察看+撤职, 重大职务调整; 4th = 移送司法
    expect(all.totals).toMatchObject({ form1: 4, form2: 2, form3: 2, form4: 1, total: 9 });
    expect(all.totals.shares.form1).toBeCloseTo(4 / 9, 4);
  });

  it('filters by effective date range and by unit', async () => {
    const inRange = (f: Fixture) => !!f.countsOn && f.countsOn >= '2026-03-01' && f.countsOn <= '2026-06-30';
    const r = await formStats(w.platform.db, who.leader.access, { from: '2026-03-01', to: '2026-06-30', period: 'quarter', by: 'unit' });
    expect(strip(r.rows)).toEqual(expected(quarter, true, inRange));
    const agriOnly = await formStats(w.platform.db, who.leader.access, { period: 'year', by: 'unit', orgId: org.agri });
    expect(strip(agriOnly.rows)).toEqual(expected((d) => d.slice(0, 4), true, (f) => f.unit === 'agri'));
  });

  it('counts only within the viewer’s data scope', async () => {
    const r = await formStats(w.platform.db, who.officer2.access, { period: 'all' });
    expect(r.totals).toMatchObject({ form1: 1, form2: 0, form3: 0, form4: 0, total: 1 });
    const none = await formStats(w.platform.db, who.group1.access, { period: 'all' });
    expect(none.totals.total).toBe(0);
  });
});

describe('care counts (容错纠错 / 澄清正名 / 回访)', () => {
  it('counts each kind in scope and period', async () => {
    const db = w.platform.db;
    const o1 = who.officer1;
    await createTolerance(db, o1.actor, o1.access, { personName: '李某', orgId: org.agri, matter: '先行先试推进宅基地改革程序瑕疵', distinction: 'reform_trial', outcome: 'exempted', correction: '完善程序', decidedOn: '2026-04-01' });
    await createTolerance(db, o1.actor, o1.access, { personName: '周某', orgId: org.edu, matter: '探索校园餐配送模式', distinction: 'exploration', outcome: 'mitigated', decidedOn: '2026-08-01' });
    await createClearing(db, o1.actor, o1.access, { personName: '王某', orgId: org.agri, finding: '反映问题查无实据', method: 'meeting', clearedOn: '2026-05-01' });
    await createClearing(db, o1.actor, o1.access, {
      personName: '陈某',
      orgId: org.east,
      finding: '经查系诬告',
      method: 'notice',
      falseAccusation: true,
      falseAccusationRef: '示纪立〔2026〕31号',
      clearedOn: '2026-06-01',
    });
    await expect(
      createClearing(db, o1.actor, o1.access, { personName: '陈某', orgId: org.east, finding: '诬告', method: 'notice', falseAccusation: true }),
    ).rejects.toMatchObject({ status: 400 });
    const decision = await db.selectFrom('account_decisions').select('id').where('measure', '=', 'admonish').where('status', '=', 'effective').orderBy('id').executeTakeFirstOrThrow();
    await createRevisit(db, o1.actor, o1.access, { decisionId: decision.id, visitedOn: '2026-07-01', method: 'talk', visitors: '李明远', findings: '思想稳定', assessment: 'good' });
    const revoked = await db.selectFrom('account_decisions').select('id').where('status', '=', 'revoked').executeTakeFirstOrThrow();
    await expect(
      createRevisit(db, o1.actor, o1.access, { decisionId: revoked.id, visitedOn: '2026-09-01', method: 'talk', visitors: '李明远', findings: 'x', assessment: 'good' }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await careCounts(db, o1.access)).toEqual({ tolerance: 2, clearing: 2, false_accusation: 1, revisit: 1 });
    expect(await careCounts(db, o1.access, { from: '2026-05-01', to: '2026-06-30' })).toEqual({ tolerance: 0, clearing: 2, false_accusation: 1, revisit: 0 });
    expect(await careCounts(db, who.officer2.access)).toEqual({ tolerance: 0, clearing: 0, false_accusation: 0, revisit: 0 });
    const audit = await db.selectFrom('audit_events').select('action').where('action', 'like', 'account.%.create').execute();
    const n = (a: string) => audit.filter((x) => x.action === a).length;
    expect([n('account.tolerance.create'), n('account.clearing.create'), n('account.revisit.create')]).toEqual([2, 2, 1]);
  });
});

describe('outcomes linked to clues', () => {
  it('counts people-times and sanctioned people reached through given clues', async () => {
    const db = w.platform.db;
    const o1 = who.officer1;
    const clue = async (summary: string) =>
      (await createClueFromSource(db, w.platform.cipher, o1.actor, o1.access, { sourceType: 'audit', summary, persons: [{ name: '刘某', cadreLevel: '乡管' }] })).id;
    const c1 = await clue('反映某站长套取农机补贴');
    const c2 = await clue('反映某校长违规收受供餐企业财物');
    const mk = async (clueId: number, measure: NewDecision['measure'], extra: Partial<NewDecision> = {}) => {
      const d = await createDecision(db, o1.actor, o1.access, { targetKind: 'person', measure, targetOrgId: org.agri, personName: '刘某', reason: '线索查实', clueId, decidedOn: '2026-10-01', ...extra });
      if (d.major) {
        const v = (await db.selectFrom('account_decisions').select('version').where('id', '=', d.id).executeTakeFirstOrThrow()).version;
        await approveDecision(db, who.leader.actor, who.leader.access, d.id, { version: v, effectiveOn: '2026-10-05' });
      }
      return d;
    };
    await mk(c1, 'discipline', { partySanction: 'warning' });
    await mk(c1, 'discipline', { govSanction: 'demerit', personName: '刘某' }); // same person again: one sanctioned person, two 人次
    await mk(c1, 'inquiry', { personName: '钱某' });
    await mk(c2, 'discipline', { partySanction: 'probation', targetOrgId: org.edu, personName: '何某' });
    const both = await outcomeCountsForClues(db, who.leader.access, [c1, c2]);
    expect(both).toEqual({ handled: 4, sanctioned: 2, byForm: { form1: 1, form2: 2, form3: 1, form4: 0 } });
    expect(await outcomeCountsForClues(db, who.leader.access, [c2])).toMatchObject({ handled: 1, sanctioned: 1 });
    expect(await outcomeCountsForClues(db, who.officer2.access, [c1, c2])).toMatchObject({ handled: 0, sanctioned: 0 });
    expect((await listDecisions(db, who.leader.access, { clue_ids: [c2] })).items.map((d) => d.person_name)).toEqual(['何某']);
    await expect(createDecision(db, o1.actor, o1.access, { targetKind: 'person', measure: 'admonish', targetOrgId: org.agri, personName: '某', reason: 'x', clueId: 99_999_999 })).rejects.toThrow();
  });
});
