/**
 * The dashboard over the demo city, with fixtures made through the other areas' services:
 * 3 clues registered, 2 transfers sent, 2 ledger items of which 1 rectified, 12345 orders this
 * year and last year → the numbers, need-to-know (another office counts none of it), drills,
 * 401/403, and the Excel / Word exports (opened and read back) with their audit events.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request } from '../../../test/support/http.ts';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import { createDecision } from '../accountability/accountability.service.ts';
import { refreshDaily } from '../hotline/analysis.service.ts';
import { writeOrders } from '../hotline/orders.ts';
import { createLedgerItem, reportProgress, submitForVerification, verifyLedgerItem } from '../rectification/rectification.service.ts';
import { sendTransfer } from '../transfers/transfers.service.ts';
import { myTodos } from '../todo/todo.service.ts';
import { TODO_PROVIDERS } from '../todo/providers.ts';
import { drillFor, resolvePeriod } from './dashboard.service.ts';

const actor = systemActor('test');
let w: DemoWorld;
let officer1: Client;
let officer2: Client;
const today = todayInShanghai();
const year = Number(today.slice(0, 4));
const from = `${year}-01-01`;
const period = `from=${from}&to=${today}`;
const ctx = async (u: string) => (await loadAccessContext(w.platform.db, w.demo.users.get(u)!))!;
let pendingItem: number;
let majorDecision: number;

beforeAll(async () => {
  w = await demoWorld({ steps: false, mechanisms: true });
  officer1 = await w.as('officer1');
  officer2 = await w.as('officer2');
  const db = w.platform.db;
  // 3 clues registered by the first office (2 self-found, 1 from 12345)
  for (const [source_type, summary] of [
    ['self', '某乡镇违规发放补贴问题（仪表盘测试甲）'],
    ['self', '某局公车私用问题（仪表盘测试乙）'],
    ['hotline', '群众反映村干部优亲厚友（仪表盘测试丙）'],
  ] as const) {
    const r = await officer1.post('/api/clues', { source_type, summary, persons: [{ name: '张某某', cadre_level: '乡管' }] });
    expect(r.status).toBe(200);
  }
  // 2 transfers from the audit bureau to the first office
  const auditor = await ctx('auditor');
  const office1 = w.demo.orgs.get('第一监督检查室')!;
  for (const t of ['审计发现问题一', '审计发现问题二']) {
    await sendTransfer(db, actor, auditor, { receiverOrgId: office1, objectType: 'problem', title: t, items: [{ title: t, snapshot: { text: '…' } }] });
  }
  // 2 ledger items supervised by the first office, 1 rectified (销号)
  const agri = w.demo.orgs.get('示范市农业农村局')!;
  const dongcheng = w.demo.orgs.get('东城区人民政府')!;
  const deadline = `${year + 1}-06-30`;
  const a = await createLedgerItem(db, actor, null, { sourceType: 'audit', title: '专项资金拨付滞后', responsibleOrgId: agri, responsibleLeaderName: '冯建华', supervisingOrgId: office1, deadline });
  const b = await createLedgerItem(db, actor, null, { sourceType: 'audit', title: '老旧小区改造质量问题', responsibleOrgId: dongcheng, responsibleLeaderName: '某区长', supervisingOrgId: office1, deadline });
  pendingItem = b.id;
  const agriUser = await ctx('agri');
  const o1 = await ctx('officer1');
  const v1 = await reportProgress(db, actor, agriUser, a.id, { version: 1, note: '已拨付到位' });
  const v2 = await submitForVerification(db, actor, agriUser, a.id, { version: v1.version, note: '申请销号' });
  await verifyLedgerItem(db, actor, o1, a.id, { version: v2.version, passed: true, opinion: '核验属实，同意销号' });
  // accountability registered by the first office on 东城区 cadres: one 第一种形态 (effective), one major (awaiting 提级审核)
  await createDecision(db, actor, o1, { targetKind: 'person', measure: 'criticism', targetOrgId: dongcheng, personName: '孙某', reason: '履职不力' });
  majorDecision = (await createDecision(db, actor, o1, { targetKind: 'person', measure: 'discipline', targetOrgId: dongcheng, personName: '李某', partyMember: true, partySanction: 'warning', reason: '违规发放补贴' })).id;
  // 12345: 2 orders this year in 东城区, 1 on the same day last year
  await writeOrders(
    w.platform,
    actor,
    [
      { order_id: 'DB-1', received_at: `${year}-01-01 09:00:00`, content: '小区供暖不热', category: '供暖', district: '东城区', status: '办理中' },
      { order_id: 'DB-2', received_at: `${year}-01-01 10:00:00`, content: '道路积水', category: '市政', district: '东城区', status: '办理中' },
      { order_id: 'DB-0', received_at: `${year - 1}-01-01 09:00:00`, content: '小区供暖不热', category: '供暖', district: '东城区', status: '已办结' },
    ],
    { fileName: 'dashboard-test.csv' },
  );
  await refreshDaily(db, `${year - 1}-01-01`, today);
}, 120_000);
afterAll(() => w?.close());

describe('驾驶舱 numbers', () => {
  it('shows 3 clues / 2 transfers / 1 rectified of 2 to the first office, with drills', async () => {
    const r = await officer1.get(`/api/dashboard?${period}`);
    expect(r.status).toBe(200);
    const d = r.json;
    expect(d.period).toEqual({ from, to: today });
    expect(d.compare_period).toEqual({ from: `${year - 1}-01-01`, to: `${year - 1}${today.slice(4)}` });
    expect(d.clues.total).toMatchObject({ value: 3, last_year: 0, drill: { route: '/clues', query: { from, to: today } } });
    const bySource = Object.fromEntries(d.clues.by_source.map((m: { key: string; value: number }) => [m.key, m.value]));
    expect(bySource['clues.source.self']).toBe(2);
    expect(bySource['clues.source.hotline']).toBe(1);
    expect(d.clues.by_source.find((m: { key: string }) => m.key === 'clues.source.hotline').drill).toEqual({ route: '/clues', query: { from, to: today, source_type: 'hotline' } });
    expect(d.transfers.transfers.value).toBe(2);
    expect(d.transfers.acknowledged.value).toBe(0);
    expect(d.rectification.found.value).toBe(2);
    expect(d.rectification.rectified.value).toBe(1);
    expect(d.rectification.clearance_rate).toBe(0.5);
    expect(d.rectification.rectified.drill).toEqual({ route: '/rectify/ledger', query: { status: 'rectified' } });
    expect(d.accountability.total.value).toBe(1);
    expect(d.accountability.forms[0]).toMatchObject({ label: '第一种形态', value: 1, drill: { route: '/account/decisions', query: { from, to: today, form: 1, status: 'effective' } } });
    expect(d.accountability.forms[1].value).toBe(0); // the major decision is not effective before approval
    expect(d.hotline.received).toMatchObject({ value: 2, last_year: 1, yoy_pct: 100 });
    expect(d.hotline.trend[0]).toMatchObject({ month: `${year}-01`, received: 2, last_year: 1 });
    expect(d.models.models).toBeGreaterThan(0);
    const dc = d.districts.find((x: { district: string }) => x.district === '东城区');
    expect(dc.rectification).toMatchObject({ total: 1, rectified: 0 });
    expect(dc.hotline.value).toBe(2);
    expect(dc.forms.value).toBe(1);
    expect(d.districts.map((x: { district: string }) => x.district)).toEqual(['东城区', '西城区', '南湖区', '北山县']);
    expect(d.hidden).toEqual([]);
  });

  it('counts nothing another office may not see (need-to-know and data scope)', async () => {
    const d = (await officer2.get(`/api/dashboard?${period}`)).json;
    expect(d.clues.total.value).toBe(0);
    expect(d.clues.by_source.every((m: { value: number }) => m.value === 0)).toBe(true);
    expect(d.transfers.transfers.value).toBe(0);
    expect(d.rectification.found.value).toBe(0);
    expect(d.accountability.total.value).toBe(0);
    expect(d.districts.find((x: { district: string }) => x.district === '东城区').rectification.total).toBe(0);
    // need-to-know holds even for an all-scope leader who was never given the clues
    expect((await (await w.as('leader')).get(`/api/dashboard?${period}`)).json.clues.total.value).toBe(0);
  });

  it('hides sections and drills without the permission', async () => {
    const casemgr = (await (await w.as('casemgr')).get(`/api/dashboard?${period}`)).json;
    expect(casemgr.hidden).toEqual(expect.arrayContaining(['hotline']));
    expect(casemgr.hotline).toBeNull();
    expect(casemgr.districts[0].hotline.value).toBeNull();
    const fake = { permissions: new Set(['dashboard:view']) } as AccessContext;
    expect(drillFor(fake, '/clues', { from })).toBeNull();
    expect(drillFor({ ...fake, permissions: new Set(['clue:read']) }, '/clues', { from, x: '' })).toEqual({ route: '/clues', query: { from } });
  });

  it('validates the period', async () => {
    expect(resolvePeriod({}, '2026-03-05')).toEqual({ from: '2026-01-01', to: '2026-03-05' });
    expect(() => resolvePeriod({ from: '2026-03-06', to: '2026-03-05' })).toThrow();
    expect((await officer1.get('/api/dashboard?from=2026-02-30&to=2026-03-01')).status).toBe(400);
  });
});

describe('exports', () => {
  const download = (c: Client, url: string) => w.app.inject({ method: 'GET', url, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf } });
  const audited = async (action: string) =>
    w.platform.db.selectFrom('audit_events').select(['action', 'actor_name']).where('action', '=', action).execute();

  it('exports an Excel workbook with one sheet per section (audited)', async () => {
    const r = await download(officer1, `/api/dashboard/export.xlsx?${period}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['说明', '问题线索', '移交协作', '整改与见底清零', '问责处分与关心关爱', '12345热线', '监督模型', '各区县']));
    const clues = wb.getWorksheet('问题线索')!;
    expect(clues.getRow(2).values).toEqual(expect.arrayContaining(['受理问题线索', 3]));
    const rect = wb.getWorksheet('整改与见底清零')!;
    const last = rect.getRow(rect.rowCount).values as unknown[];
    expect(last).toEqual(expect.arrayContaining(['合计', 2, 1, '50.0%']));
    expect((await audited('dashboard.export_xlsx')).length).toBe(1);
  });

  it('writes a Word report that opens and carries the numbers (audited)', async () => {
    const r = await download(officer1, `/api/dashboard/report.docx?${period}`);
    expect(r.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(r.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('监督贯通工作情况报告');
    expect(text).toContain('共受理问题线索3件');
    expect(text).toContain('已整改销号1个');
    expect((await audited('dashboard.export_docx')).length).toBe(1);
  });
});

describe('access', () => {
  const routes = ['/api/dashboard', '/api/dashboard/export.xlsx', '/api/dashboard/report.docx'];
  it('answers 401 without login and 403 without dashboard:view', async () => {
    for (const u of [...routes, '/api/search?q=x']) expect((await request(w.app, 'GET', u)).status).toBe(401);
    const hotline = await w.as('hotline');
    for (const u of routes) expect((await hotline.get(u)).status).toBe(403);
  });
});

describe('我的待办 from rectification and accountability', () => {
  it('lists the item awaiting my unit’s report and the one awaiting my verification', async () => {
    const db = w.platform.db;
    // the 东城区 item: the responsible unit has no demo user; the supervising office verifies once submitted
    const o1 = await ctx('officer1');
    const before = await myTodos(db, o1, today, TODO_PROVIDERS);
    expect(before.counts['rect.verify']).toBe(0);
    const v = await reportProgress(db, actor, o1, pendingItem, { version: 1, note: '督促推进' });
    await submitForVerification(db, actor, o1, pendingItem, { version: v.version, note: '代为申请销号' });
    const after = await myTodos(db, o1, today, TODO_PROVIDERS);
    expect(after.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'rect.verify', objectId: pendingItem, link: `/rectify/items/${pendingItem}` })]));
    expect((await myTodos(db, await ctx('officer2'), today, TODO_PROVIDERS)).counts['rect.verify']).toBe(0);
  });

  it('lists the major decision awaiting the higher level’s approval, not for its registrant', async () => {
    const db = w.platform.db;
    const leader = await myTodos(db, await ctx('leader'), today, TODO_PROVIDERS);
    expect(leader.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'account.approve', objectId: majorDecision, link: `/account/decisions?open=${majorDecision}` })]));
    expect((await myTodos(db, await ctx('officer1'), today, TODO_PROVIDERS)).counts['account.approve']).toBeUndefined();
  });
});
