/**
 * Data scope of model hits (数据权限, docs/models.md): a hit belongs to the orgs of the runs that
 * produced it and to the units named in its evidence. A user whose scope covers neither cannot
 * list, read, count, export, review, draft or convert it; one whose scope covers it can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import type { Client } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { countHits, listHits } from './models.service.ts';
import { load } from './testing.ts';

const AGRI = '示范市农业农村局';
const EDU = '示范市教育局';

let w: DemoWorld;
let officer1: Client; // 第一监督检查室, 本部门及以下
let officer2: Client; // 第二监督检查室, 本部门及以下
let group1: Client; // 派驻市农业农村局纪检监察组, given a 自定义 scope over the agriculture bureau below
let casemgr: Client; // 全部
let agriHit: number;
let eduHit: number;

const orgId = async (name: string) => (await w.platform.db.selectFrom('orgs').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const userId = async (name: string) => (await w.platform.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;

/** CSV data rows (after the header) of an export. */
const csvRows = (body: string) => body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  const db = w.platform.db;
  // The dispatched group supervising the agriculture bureau: a role with a 自定义 data scope over it.
  const role = await db
    .insertInto('roles')
    .values({ code: 'agri_group_hits', name: '派驻组模型命中核查', data_scope: 'custom', admin_kind: null, permissions: ['model:read', 'hit:review'] } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('role_orgs').values({ role_id: role.id, org_id: await orgId(AGRI) }).execute();
  await db.insertInto('user_roles').values({ user_id: await userId('group1'), role_id: role.id }).execute();
  officer1 = await w.as('officer1');
  officer2 = await w.as('officer2');
  group1 = await w.as('group1');
  casemgr = await w.as('casemgr');
  // Two receptions with alcohol (M11): one by the agriculture bureau, one by the education bureau.
  await load(w.platform, 'receptions', [
    { reception_id: 'JD-A', org: AGRI, date: '2025-05-06', guests: 4, hosts: 2, amount: 600, alcohol: true, letter: true },
    { reception_id: 'JD-E', org: EDU, date: '2025-05-07', guests: 4, hosts: 2, amount: 600, alcohol: true, letter: true },
  ]);
  // The nightly job: run as the system, so the hits belong to no run org, only to their units.
  const { runModels } = await import('./runner.ts');
  const r = await runModels(db, systemActor('jobs:models-run'), null, { models: ['M11'], asOf: '2025-12-31', trigger: 'schedule' });
  expect(r.runs[0]).toMatchObject({ status: 'success', hits: 2 });
  const hits = await db.selectFrom('model_hits').select(['id', 'subject', 'org_ids']).where('model_id', '=', 'M11').execute();
  const byId = Object.fromEntries(hits.map((h) => [(h.subject as { reception_id: string }).reception_id, h]));
  expect(byId['JD-A'].org_ids).toEqual([await orgId(AGRI)]);
  expect(byId['JD-E'].org_ids).toEqual([await orgId(EDU)]);
  agriHit = Number(byId['JD-A'].id);
  eduHit = Number(byId['JD-E'].id);
});
afterAll(() => w?.close());

const m11Stats = async (c: Client) => (await c.get('/api/models')).json.items.find((m: { id: string }) => m.id === 'M11').stats;

describe('hits of a system run', () => {
  it('are invisible to an officer whose scope covers neither the run org nor the unit: list, read, count, export, review, draft, convert', async () => {
    const list = await officer2.get('/api/model-hits?model_id=M11');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ total: 0, items: [] });
    expect((await officer2.get(`/api/model-hits/${agriHit}`)).status).toBe(404);
    expect((await officer2.get(`/api/model-hits/${eduHit}`)).status).toBe(404);
    expect((await officer2.get(`/api/model-hits/${agriHit}/clue-draft`)).status).toBe(404);
    expect((await officer2.post(`/api/model-hits/${agriHit}/review`, { result: '属实', version: 1 })).status).toBe(404);
    expect((await officer2.post(`/api/model-hits/${agriHit}/clue`, {})).status).toBe(404);
    const exp = await officer2.get('/api/model-hits/export?model_id=M11');
    expect(exp.status).toBe(200);
    expect(exp.headers['content-type']).toContain('text/csv');
    expect(csvRows(exp.body)).toEqual([]);
    expect(await m11Stats(officer2)).toMatchObject({ hits: 0, pending: 0 });
    const access = (await loadAccessContext(w.platform.db, await userId('officer2')))!;
    expect(await countHits(w.platform.db, access, { model_id: 'M11' })).toBe(0);
    // Free-text search does not find them either (the briefing of an inspection uses it).
    expect((await listHits(w.platform.db, systemActor('t'), access, { q: AGRI })).total).toBe(0);
    const untouched = await w.platform.db.selectFrom('model_hits').select(['review_result', 'clue_id']).where('id', '=', agriHit).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ review_result: null, clue_id: null });
  });

  it('are visible, by unit, to the group whose custom scope covers the unit — only that unit’s hit', async () => {
    const list = await group1.get('/api/model-hits?model_id=M11');
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(1);
    expect(list.json.items.map((h: { id: number }) => Number(h.id))).toEqual([agriHit]);
    const one = await group1.get(`/api/model-hits/${agriHit}`);
    expect(one.status).toBe(200);
    expect(one.json.evidence[0]).toMatchObject({ dataset: 'receptions', reception_id: 'JD-A', org: AGRI });
    expect((await group1.get(`/api/model-hits/${eduHit}`)).status).toBe(404);
    expect((await group1.get(`/api/model-hits/${agriHit}/clue-draft`)).status).toBe(200);
    const exp = await group1.get('/api/model-hits/export?model_id=M11');
    const rows = csvRows(exp.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('JD-A');
    expect(exp.body).not.toContain('JD-E');
    expect(await m11Stats(group1)).toMatchObject({ hits: 1, pending: 1 });
    const access = (await loadAccessContext(w.platform.db, await userId('group1')))!;
    expect(await countHits(w.platform.db, access, { model_id: 'M11' })).toBe(1);
    const rev = await group1.post(`/api/model-hits/${agriHit}/review`, { result: '属实', note: '派驻组核实', version: one.json.version });
    expect(rev.status, rev.body).toBe(200);
    const ev = await w.platform.db.selectFrom('audit_events').select(['detail']).where('action', '=', 'hit.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(ev.detail).toMatchObject({ rows: 1, ids: [agriHit] });
  });

  it('are all visible to a user whose scope is 全部', async () => {
    const list = await casemgr.get('/api/model-hits?model_id=M11');
    expect(list.json.total).toBe(2);
    expect((await casemgr.get(`/api/model-hits/${eduHit}`)).status).toBe(200);
    expect(csvRows((await casemgr.get('/api/model-hits/export?model_id=M11')).body)).toHaveLength(2);
    expect(await m11Stats(casemgr)).toMatchObject({ hits: 2, reviewed: 1, confirmed: 1, precision: 1 });
  });
});

describe('hits of a run someone asked for', () => {
  it('belong to the requester’s org: officer1 sees what his own run found; officer2 still does not', async () => {
    const run = await officer1.post('/api/models/M11/run', { as_of: '2025-12-31' });
    expect(run.status, run.body).toBe(200);
    expect(run.json.runs[0]).toMatchObject({ status: 'success', hits: 2, new_hits: 0 });
    const row = await w.platform.db.selectFrom('model_runs').select(['org_id']).where('id', '=', run.json.runs[0].run_id).executeTakeFirstOrThrow();
    expect(row.org_id).toBe(await orgId('第一监督检查室'));
    const mine = await officer1.get(`/api/model-hits?model_id=M11&run_id=${run.json.runs[0].run_id}`);
    expect(mine.json.total).toBe(2);
    expect((await officer1.get(`/api/model-hits/${eduHit}`)).status).toBe(200);
    expect(csvRows((await officer1.get('/api/model-hits/export?model_id=M11')).body)).toHaveLength(2);
    expect(await m11Stats(officer1)).toMatchObject({ hits: 2 });

    expect((await officer2.get('/api/model-hits?model_id=M11')).json.total).toBe(0);
    expect((await officer2.get(`/api/model-hits/${eduHit}`)).status).toBe(404);
    expect(await m11Stats(officer2)).toMatchObject({ hits: 0 });
  });

  it('filters by first-seen dates and refuses an impossible date', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect((await casemgr.get(`/api/model-hits?model_id=M11&first_seen_from=${today}&first_seen_to=${today}`)).json.total).toBe(2);
    expect((await casemgr.get('/api/model-hits?model_id=M11&first_seen_to=2000-01-01')).json.total).toBe(0);
    expect((await casemgr.get('/api/model-hits?first_seen_from=2025-02-30')).status).toBe(400);
  });
});
