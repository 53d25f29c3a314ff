/**
 * The model engine end to end: parameters (versioned, audited), runs (history, as_of, batches,
 * failures), hit identity across runs, review → measured precision, hit → clue, the CLI contract,
 * and the HTTP routes with their access declarations (401/403).
 */
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request } from '../../../test/support/http.ts';
import { loadAccessContext } from '../../platform/access/context.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { JOB_DEFS } from '../../jobs.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { MODELS_RUN_JOB } from './jobs.ts';
import { getHit, hitToClue, listModels, reviewHit, runModels, updateModelParams } from './models.service.ts';
import { hitsOf, idNo, load } from './testing.ts';

let w: DemoWorld;
let officer1: Client;
let dataadmin: Client;
let leader: Client;
let sysadmin: Client;
let casemgr: Client;
const userId = async (name: string) => (await w.platform.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  officer1 = await w.as('officer1');
  dataadmin = await w.as('dataadmin');
  leader = await w.as('leader');
  sysadmin = await w.as('sysadmin');
  casemgr = await w.as('casemgr');
  const v = (i: number, phone: string, at: string) => ({ redemption_id: `T${i}`, voucher_id: `V${i}`, merchant_id: 'SHOP1', merchant_name: '一号商户', user_phone: phone, redeemed_at: at });
  // 5 vouchers by one phone (M07 hit), 4 by another (a hit only when min_vouchers drops to 4).
  await load(w.platform, 'vouchers', [
    ...[1, 2, 3, 4, 5].map((i) => v(i, '13800000011', `2025-08-01 10:0${i}`)),
    ...[6, 7, 8, 9].map((i) => v(i, '13800000012', `2025-08-01 11:0${i}`)),
  ]);
  await load(w.platform, 'deaths', [{ id_number: idNo('37010219300101001'), name: '冯某', death_date: '2025-01-01' }]);
  await load(w.platform, 'subsidies', [
    { payment_id: 'P1', program: '高龄津贴', id_number: idNo('37010219300101001'), name: '冯某', amount: '300', paid_on: '2025-02-01' },
  ]);
});
afterAll(() => w?.close());

const auditActions = async (objectType: string, objectId?: string) =>
  (
    await w.platform.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'detail', 'actor_name'])
      .where('object_type', '=', objectType)
      .$if(objectId !== undefined, (q) => q.where('object_id', '=', objectId!))
      .orderBy('seq')
      .execute()
  ).map((r) => r.action);

describe('the catalogue', () => {
  it('holds the 15 models of the spec with their names and subjects, version 1 with the defaults', async () => {
    const items = await listModels(w.platform.db, null);
    expect(items.map((m) => `${m.id}:${m.name}`)).toEqual([
      'M01:deceased_payment', 'M02:official_welfare', 'M03:duplicate_payment', 'M04:relative_contractor', 'M05:bid_collusion',
      'M06:split_purchase', 'M07:voucher_burst', 'M08:voucher_night', 'M09:vehicle_private_use', 'M10:fuel_over_capacity',
      'M11:reception_violation', 'M12:grain_inflation', 'M13:hotline_conduct', 'M14:hotline_repeat', 'M15:hotline_overdue',
    ]);
    const subjects = Object.fromEntries(items.map((m) => [m.id, m.subject]));
    expect(subjects).toMatchObject({
      M01: ['id_number'], M02: ['id_number'], M03: ['id_number', 'program', 'month'], M04: ['tender_id'], M05: ['tender_id'],
      M06: ['buyer', 'winner_uscc'], M07: ['merchant_id', 'user_phone', 'date'], M08: ['merchant_id', 'date'], M09: ['trip_id'],
      M10: ['txn_id'], M11: ['reception_id'], M12: ['id_number', 'year'], M13: ['order_id'], M14: ['order_ids'], M15: ['order_id'],
    });
    const m06 = items.find((m) => m.id === 'M06')!;
    expect(m06.params).toEqual({ threshold: 400000, window_days: 30, min_tenders: 2, score: 0.75 });
    expect(m06.current_version).toBe(1);
    for (const m of items) {
      expect(m.description).toMatch(/[\u4e00-\u9fa5]/);
      expect(m.stats.precision).toBeNull();
    }
    expect(CATALOGUE.every((m) => m.params.every((p) => p.label))).toBe(true);
  });
});

describe('parameters', () => {
  it('are edited as new versions, audited, refused when stale or invalid, and used by the next run', async () => {
    const actor = systemActor('test-admin');
    const access = await loadAccessContext(w.platform.db, await userId('dataadmin'));
    expect((await hitsOf(w.platform, 'M07', '2025-12-31')).map((h) => h.subject.user_phone)).toEqual(['13800000011']);
    const r = await updateModelParams(w.platform.db, actor, access, 'M07', { params: { min_vouchers: 4 }, version: 1, note: '试点放宽' });
    expect(r.current_version).toBe(2);
    await expect(updateModelParams(w.platform.db, actor, access, 'M07', { params: { min_vouchers: 3 }, version: 1 })).rejects.toMatchObject({ status: 409 });
    await expect(updateModelParams(w.platform.db, actor, access, 'M07', { params: { min_vouchers: 1.5 }, version: 2 })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(updateModelParams(w.platform.db, actor, access, 'M07', { params: { nonsense: 1 }, version: 2 })).rejects.toMatchObject({ code: 'bad_input' });
    const phones = (await hitsOf(w.platform, 'M07', '2025-12-31')).map((h) => h.subject.user_phone).sort();
    expect(phones).toEqual(['13800000011', '13800000012']);
    const run = await w.platform.db.selectFrom('model_runs').selectAll().where('model_id', '=', 'M07').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(run.model_version).toBe(2);
    expect(run.params).toMatchObject({ min_vouchers: 4 });
    const versions = await w.platform.db.selectFrom('model_versions').select(['version', 'params', 'note']).where('model_id', '=', 'M07').orderBy('version').execute();
    expect(versions.map((v) => [v.version, (v.params as { min_vouchers: number }).min_vouchers])).toEqual([[1, 5], [2, 4]]);
    const ev = await w.platform.db.selectFrom('audit_events').select(['action', 'detail']).where('action', '=', 'model.edit').where('object_id', '=', 'M07').executeTakeFirstOrThrow();
    expect(ev.detail).toMatchObject({ from_version: 1, to_version: 2, changed: { min_vouchers: { from: 5, to: 4 } }, note: '试点放宽' });
    await updateModelParams(w.platform.db, actor, access, 'M07', { params: { min_vouchers: 5 }, version: 2 });
  });
});

describe('runs and hit identity', () => {
  it('records who, when, parameters, version, rows scanned, hits and duration; a hit seen again is the same hit', async () => {
    const actor = { userId: await userId('officer1'), name: '李明远(officer1)', orgId: null };
    const access = await loadAccessContext(w.platform.db, actor.userId);
    const first = await runModels(w.platform.db, actor, access, { models: ['M01'], asOf: '2025-12-31', trigger: 'manual' });
    const second = await runModels(w.platform.db, actor, access, { models: ['M01'], asOf: '2025-12-31', trigger: 'manual' });
    expect(first.runs[0]).toMatchObject({ status: 'success', hits: 1, rows_scanned: 2, model_version: 1, as_of: '2025-12-31' });
    expect(second.runs[0]).toMatchObject({ status: 'success', hits: 1, new_hits: 0 });
    const hits = await w.platform.db.selectFrom('model_hits').selectAll().where('model_id', '=', 'M01').execute();
    expect(hits).toHaveLength(1);
    expect(hits[0].runs).toBeGreaterThanOrEqual(2);
    expect(hits[0].last_run_id).toBe(second.runs[0].run_id);
    expect(hits[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(hits[0].last_seen).getTime()).toBeGreaterThanOrEqual(new Date(hits[0].first_seen).getTime());
    const run = await w.platform.db.selectFrom('model_runs').selectAll().where('id', '=', second.runs[0].run_id).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ requested_by: actor.userId, requested_by_name: '李明远(officer1)', trigger: 'manual', status: 'success', hits: 1, new_hits: 0 });
    expect(run.duration_ms).toBeGreaterThanOrEqual(0);
    expect(run.finished_at).not.toBeNull();
    expect(await auditActions('model', 'M01')).toContain('model.run');
  });

  it('runs every enabled model as one batch, records a failing model as a failed run and carries on', async () => {
    await sql`ALTER TABLE ds_land RENAME TO ds_land_away`.execute(w.platform.db);
    try {
      const r = await runModels(w.platform.db, systemActor('test'), null, { asOf: '2025-12-31', trigger: 'cli' });
      expect(r.runs).toHaveLength(15);
      expect(new Set(r.runs.map((x) => x.batch_id))).toEqual(new Set([r.batch_id]));
      const m12 = r.runs.find((x) => x.model_id === 'M12')!;
      expect(m12.status).toBe('failed');
      expect(m12.error).toContain('ds_land');
      expect(r.runs.filter((x) => x.status === 'success')).toHaveLength(14);
      const row = await w.platform.db.selectFrom('model_runs').selectAll().where('id', '=', m12.run_id).executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
    } finally {
      await sql`ALTER TABLE ds_land_away RENAME TO ds_land`.execute(w.platform.db);
    }
  });
});

describe('review and precision', () => {
  it('feeds 属实 + 部分属实 over reviewed into the model list; stale reviews are refused', async () => {
    const db = w.platform.db;
    const hit = await db.selectFrom('model_hits').select(['id', 'version']).where('model_id', '=', 'M07').orderBy('id').executeTakeFirstOrThrow();
    // The M07 hits so far come from system runs: outside a 本部门及以下 officer's data scope (404);
    // the case manager (数据权限：全部) reviews them.
    const officer = await loadAccessContext(db, await userId('officer1'));
    await expect(reviewHit(db, systemActor('officer1'), officer, Number(hit.id), { result: '属实', version: hit.version })).rejects.toMatchObject({ status: 404 });
    const access = await loadAccessContext(db, await userId('casemgr'));
    const actor = systemActor('casemgr');
    const r = await reviewHit(db, actor, access, Number(hit.id), { result: '属实', note: '已核实', version: hit.version });
    await expect(reviewHit(db, actor, access, Number(hit.id), { result: '不属实', version: hit.version })).rejects.toMatchObject({ status: 409 });
    let m07 = (await listModels(db, null)).find((m) => m.id === 'M07')!;
    expect(m07.stats).toMatchObject({ reviewed: 1, confirmed: 1, precision: 1 });
    // A second hit reviewed 不属实 → 1 of 2.
    const other = await db.selectFrom('model_hits').select(['id', 'version']).where('model_id', '=', 'M07').where('id', '<>', hit.id).executeTakeFirstOrThrow();
    await reviewHit(db, actor, access, Number(other.id), { result: '不属实', version: other.version });
    m07 = (await listModels(db, null)).find((m) => m.id === 'M07')!;
    expect(m07.stats).toMatchObject({ reviewed: 2, confirmed: 1, precision: 0.5, by_result: { 属实: 1, 不属实: 1 } });
    // Re-reviewing as 部分属实 counts as confirmed.
    await reviewHit(db, actor, access, Number(other.id), { result: '部分属实', version: other.version + 1 });
    m07 = (await listModels(db, null)).find((m) => m.id === 'M07')!;
    expect(m07.stats.precision).toBe(1);
    expect(r.version).toBe(hit.version + 1);
    const actions = await auditActions('model_hit', String(other.id));
    expect(actions.filter((a) => a === 'hit.review')).toHaveLength(2);
  });
});

describe('hit → clue', () => {
  it('creates a problem clue through the clues area in one step, linked both ways, once', async () => {
    const db = w.platform.db;
    const hit = await db.selectFrom('model_hits').select(['id']).where('model_id', '=', 'M01').executeTakeFirstOrThrow();
    const uid = await userId('officer1');
    const access = (await loadAccessContext(db, uid))!;
    const actor = { userId: uid, name: '李明远(officer1)', orgId: access.orgId };
    const r = await hitToClue(db, w.platform.cipher, actor, access, Number(hit.id));
    const clue = await db.selectFrom('clues').selectAll().where('id', '=', r.clue_id).executeTakeFirstOrThrow();
    expect(clue.source_type).toBe('model_hit');
    expect(clue.source_ref).toBe(`hit:${hit.id}`);
    expect(clue.summary).toContain('M01');
    expect(clue.domain_tags).toEqual(['惠民惠农']);
    const after = await getHit(db, actor, access, Number(hit.id));
    expect(after.clue_id).toBe(r.clue_id);
    await expect(hitToClue(db, w.platform.cipher, actor, access, Number(hit.id))).rejects.toMatchObject({ status: 409 });
    expect(await auditActions('model_hit', String(hit.id))).toContain('hit.to_clue');
    // Without clue:create (data administrator) the clues area refuses.
    const admin = (await loadAccessContext(db, await userId('dataadmin')))!;
    const another = await db.selectFrom('model_hits').select(['id']).where('clue_id', 'is', null).executeTakeFirstOrThrow();
    await expect(hitToClue(db, w.platform.cipher, actor, { ...admin, permissions: new Set([...admin.permissions, 'hit:review']) }, Number(another.id))).rejects.toMatchObject({ status: 403 });
  });
});

describe('HTTP routes', () => {
  it('answer 401 to the anonymous and 403 to those lacking the permission', async () => {
    const anon = (m: string, u: string) => request(w.app, m, u, m === 'GET' ? undefined : {});
    for (const [m, u] of [
      ['GET', '/api/models'],
      ['GET', '/api/models/M01'],
      ['PUT', '/api/models/M01/params'],
      ['POST', '/api/models/run'],
      ['GET', '/api/model-runs'],
      ['GET', '/api/model-hits'],
      ['POST', '/api/model-hits/1/review'],
      ['POST', '/api/model-hits/1/clue'],
      ['POST', '/api/model-builder/preview'],
    ]) {
      expect((await anon(m, u)).status, `${m} ${u}`).toBe(401);
    }
    expect((await leader.post('/api/models/run', { models: ['M01'] })).status).toBe(403); // leader: model:read only
    expect((await sysadmin.get('/api/model-hits')).status).toBe(403); // 三员: no case content
    expect((await officer1.put('/api/models/M01/params', { params: { score: 0.5 }, version: 1 })).status).toBe(403);
    expect((await casemgr.post('/api/models/run', {})).status).toBe(403);
    expect((await officer1.post('/api/model-builder/preview', { definition: { base: 'land', subject: ['land.id_number'] } })).status).toBe(403);
    expect((await dataadmin.get('/api/model-hits')).status).toBe(403);
  });

  it('serve the list, runs, hits, review and parameter edits to the holders', async () => {
    const list = await sysadmin.get('/api/models');
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(15);
    expect(list.json.items[6]).toMatchObject({ id: 'M07', stats: { precision: 1 } });
    const detail = await leader.get('/api/models/M07');
    expect(detail.status).toBe(200);
    expect(detail.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);

    const run = await officer1.post('/api/models/run', { models: ['M07', 'M08'], as_of: '2025-12-31' });
    expect(run.status, run.body).toBe(200);
    expect(run.json.runs.map((r: { model_id: string; status: string }) => `${r.model_id}:${r.status}`)).toEqual(['M07:success', 'M08:success']);
    const one = await officer1.post('/api/models/M07/run', {});
    expect(one.status).toBe(200);
    expect(one.json.runs[0].as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await officer1.post('/api/models/run', { as_of: '2025-02-30' })).status).toBe(400);
    expect((await officer1.post('/api/models/run', { models: ['M99'] })).status).toBe(404);

    const runs = await leader.get(`/api/model-runs?model_id=M07&pageSize=5`);
    expect(runs.status).toBe(200);
    expect(runs.json.items[0]).toMatchObject({ model_id: 'M07', status: 'success', trigger: 'manual', requested_by_name: '李明远(officer1)' });
    expect(runs.json.total).toBeGreaterThanOrEqual(4);

    const hits = await officer1.get(`/api/model-hits?model_id=M07&run_id=${run.json.runs[0].run_id}`);
    expect(hits.status).toBe(200);
    expect(hits.json.items[0].subject).toMatchObject({ merchant_id: 'SHOP1' });
    expect(hits.json.items[0].current).toBe(true);
    const search = await officer1.get('/api/model-hits?q=一号商户');
    expect(search.json.total).toBeGreaterThanOrEqual(1); // found through the evidence rows
    const h = await officer1.get(`/api/model-hits/${hits.json.items[0].id}`);
    expect(h.status).toBe(200);
    expect(h.json.evidence.length).toBeGreaterThanOrEqual(5);
    expect(await auditActions('model_hit', String(hits.json.items[0].id))).toContain('hit.read');
    const rev = await officer1.post(`/api/model-hits/${h.json.id}/review`, { result: '无法核实', note: '商户已注销', version: h.json.version });
    expect(rev.status, rev.body).toBe(200);
    expect((await officer1.post(`/api/model-hits/${h.json.id}/review`, { result: '胡说', version: rev.json.version })).status).toBe(400);
    const draft = await officer1.get(`/api/model-hits/${h.json.id}/clue-draft`);
    expect(draft.status).toBe(200);
    expect(draft.json.title).toContain('消费券');

    const edit = await dataadmin.put('/api/models/M08/params', { params: { min_redemptions: 12 }, version: 1, note: '调整阈值' });
    expect(edit.status, edit.body).toBe(200);
    expect(edit.json.current_version).toBe(2);
    expect((await dataadmin.put('/api/models/M08/params', { params: { min_redemptions: 'x' }, version: 2 })).status).toBe(400);
    const en = await dataadmin.put('/api/models/M15/enabled', { enabled: false, version: 1 });
    expect(en.status).toBe(200);
    const all = await officer1.post('/api/models/run', { as_of: '2025-12-31' });
    expect(all.json.runs.map((r: { model_id: string }) => r.model_id)).not.toContain('M15');
    await dataadmin.put('/api/models/M15/enabled', { enabled: true, version: en.json.version });
  });
});

describe('scheduled runs', () => {
  it('the pg-boss job in JOB_DEFS runs the models as the system, recorded as a scheduled run', async () => {
    const job = JOB_DEFS.find((j) => j.name === MODELS_RUN_JOB);
    expect(job?.cron).toBe('30 2 * * *');
    await job!.run(w.platform, { models: ['M01'], as_of: '2025-12-31' });
    const run = await w.platform.db.selectFrom('model_runs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ model_id: 'M01', trigger: 'schedule', requested_by: null, requested_by_name: 'jobs:models-run', status: 'success', as_of: '2025-12-31' });
  });
});

describe('CLI', () => {
  // The CLI opens the database itself: the PostgreSQL run can point it at this test's database
  // (an in-memory PGlite cannot be shared with another process).
  it.runIf(inject('backend') === 'postgres')('`models run --format jsonl` prints one JSON object per hit on stdout and nothing else; `models list --json` lists the models', () => {
    const url = w.platform.url!;
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['bin/guantong.mjs', '--database-url', url, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, cwd: process.cwd() });
    const r = cli(['models', 'run', '--model', 'M01', '--model', 'M07', '--as-of', '2025-12-31', '--format', 'jsonl']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const objs = lines.map((l) => JSON.parse(l));
    expect(objs.map((o) => o.model).sort()).toEqual(['M01', 'M07']);
    for (const o of objs) {
      expect(Object.keys(o)).toEqual(['model', 'name', 'subject', 'reasons', 'evidence', 'score']);
      expect(o.evidence[0]).toHaveProperty('_batch_id');
    }
    expect(objs.find((o) => o.model === 'M01').subject).toEqual({ id_number: idNo('37010219300101001') });
    expect(r.stderr).toContain('M01');
    const l = cli(['models', 'list', '--json']);
    expect(l.status, l.stderr).toBe(0);
    expect(JSON.parse(l.stdout)).toHaveLength(15);
    const bad = cli(['models', 'run', '--model', 'M99']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('M99');
    expect(bad.stdout).toBe('');
  }, 300_000); // three CLI processes, each compiling the TypeScript tree on start
});
