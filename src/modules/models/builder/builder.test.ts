/**
 * The model builder: every identifier checked against the catalog, values always bound, the
 * same hits as the catalogue models it imitates, preview, save as versions, data permissions.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import type { AccessContext } from '../../../platform/access/context.ts';
import { systemActor } from '../../../platform/audit/audit.service.ts';
import { AppError } from '../../../platform/errors.ts';
import { forEachRunHit, listModels, previewBuilder, runModels, saveBuilderModel, validateBuilder } from '../models.service.ts';
import { hitsOf, idNo, load } from '../testing.ts';
import { type BuilderDefinition, compilePlan, validateDefinition } from './builder.ts';

const problems = (def: unknown): { path: string; message: string }[] => {
  try {
    validateDefinition(def as BuilderDefinition);
  } catch (e) {
    if (e instanceof AppError) return ((e.details as { problems: { path: string; message: string }[] }).problems ?? []) as never;
    throw e;
  }
  return [];
};

describe('validation (pure)', () => {
  it('accepts a well-formed definition and describes it in Chinese', () => {
    const plan = validateDefinition({
      base: 'subsidies',
      joins: [{ dataset: 'deaths', on: [{ left: 'subsidies.id_number', right: 'id_number' }] }],
      conditions: [{ column: 'deaths.death_date', op: '<', ref: 'subsidies.paid_on' }],
      subject: ['subsidies.id_number'],
    });
    expect(plan.datasets).toEqual(['subsidies', 'deaths']);
    expect(plan.description).toContain('死亡日期 小于 惠民惠农补贴发放');
  });

  it('refuses unknown datasets, columns and aliases, naming the place of each problem', () => {
    expect(problems({ base: 'nope', subject: ['x'] }).map((p) => p.path)).toEqual(['base']);
    const ps = problems({
      base: 'subsidies',
      conditions: [{ column: 'subsidies.salary', op: '=', value: 1 }, { column: 'other.id_number', op: 'not_null' }],
      subject: ['subsidies.id_number'],
    });
    expect(ps.map((p) => p.path)).toEqual(['conditions[0].column', 'conditions[1].column']);
    expect(ps[0].message).toContain('salary');
  });

  it('joins only on entity keys of the same kind of entity', () => {
    expect(problems({ base: 'subsidies', joins: [{ dataset: 'deaths', on: [{ left: 'subsidies.amount', right: 'death_date' }] }], subject: ['subsidies.id_number'] })[0].message).toContain('不是实体键');
    expect(problems({ base: 'tenders', joins: [{ dataset: 'persons', on: [{ left: 'tenders.winner_uscc', right: 'id_number' }] }], subject: ['tenders.tender_id'] })[0].message).toContain('不是同一类实体');
    // organisation names and tender ids are entity keys too
    expect(problems({ base: 'tenders', joins: [{ dataset: 'persons', on: [{ left: 'tenders.buyer', right: 'org' }] }, { dataset: 'bids', on: [{ left: 'tenders.tender_id', right: 'tender_id' }] }], subject: ['tenders.tender_id'] })).toEqual([]);
    // the same dataset twice needs its own alias
    expect(problems({ base: 'persons', joins: [{ dataset: 'persons', on: [{ left: 'persons.id_number', right: 'id_number' }] }], subject: ['persons.id_number'] })[0].path).toBe('joins[0].as');
  });

  it('checks operators and values against the column type, normalising values like the importer', () => {
    expect(problems({ base: 'subsidies', conditions: [{ column: 'program', op: '>', value: 'x' }], subject: ['id_number'] })[0].path).toBe('conditions[0].op');
    expect(problems({ base: 'subsidies', conditions: [{ column: 'paid_on', op: '<', value: '2025-13-01' }], subject: ['id_number'] })[0].path).toBe('conditions[0].value');
    expect(problems({ base: 'subsidies', conditions: [{ column: 'program', op: 'in', value: [] }], subject: ['id_number'] })[0].path).toBe('conditions[0].value');
    expect(problems({ base: 'fuel', conditions: [{ column: 'liters', op: '>', ref: 'fuel.station' }], subject: ['txn_id'] })[0].path).toBe('conditions[0].ref');
    const plan = validateDefinition({ base: 'vouchers', conditions: [{ column: 'user_phone', op: '=', value: '+86 138-0000-0011' }], subject: ['merchant_id'] });
    expect(plan.conds[0]).toMatchObject({ kind: 'value', value: '13800000011' });
    expect(problems({ base: 'vouchers', subject: ['merchant_id'], window: { column: 'voucher_amount', same: 'day' } })[0].path).toBe('window.column');
    expect(problems({ base: 'vouchers', subject: ['merchant_id'], window: { column: 'redeemed_at', within_days: 30, relative_to: 'each_other' } })[0].path).toBe('window');
    expect(problems({ base: 'vouchers', subject: ['merchant_id'], aggregations: [{ fn: 'sum', column: 'merchant_name', op: '>', value: 1 }] })[0].path).toBe('aggregations[0].column');
  });

  it('never lets SQL in: hostile names are refused, hostile values are bound parameters', () => {
    expect(problems({ base: 'land; DROP TABLE ds_land', subject: ['id_number'] })).toHaveLength(1);
    expect(problems({ base: 'land', base_as: 'l"; DROP TABLE ds_land; --', subject: ['id_number'] })[0].path).toBe('base_as');
    expect(problems({ base: 'land', subject: ['land.id_number" FROM ds_land; --'] })).toHaveLength(1);
    expect(problems({ base: 'land', conditions: [{ column: 'name', op: 'in', value: [{ raw: 'x' }] }], subject: ['id_number'] })).toHaveLength(1);
    expect(problems({ base: 'land', conditions: [{ column: 'name', op: 'contains', value: "x'); DROP TABLE ds_land; --" }], subject: ['id_number'] })).toEqual([]);
  });
});

let p: TestPlatform;
const admin = (): AccessContext => ({
  userId: 9001,
  username: 'builder-admin',
  displayName: '数据管理员',
  orgId: 1,
  orgName: '示范市纪委监委',
  orgPath: [1],
  roles: ['data_admin'],
  permissions: new Set(['model:read', 'model:run', 'model:edit', 'data:read_raw']),
  adminKind: null,
  scope: { all: true, orgIds: [], subtreeRoots: [], self: false },
});
const editorWithout = (): AccessContext => ({ ...admin(), userId: 9002, username: 'editor', roles: ['model_editor'], permissions: new Set(['model:read', 'model:run', 'model:edit']) });
const actor = systemActor('builder-test');

beforeAll(async () => {
  p = await testPlatform();
  const v = (i: number, merchant: string, phone: string, at: string) => ({ redemption_id: `B${i}`, voucher_id: `BV${i}`, merchant_id: merchant, user_phone: phone, redeemed_at: at, voucher_amount: '20' });
  let i = 0;
  await load(p, 'vouchers', [
    ...[1, 2, 3, 4, 5].map((k) => v(++i, 'MX', '13800000021', `2025-05-01 0${k}:30`)),
    ...[1, 2, 3, 4].map((k) => v(++i, 'MX', '13800000022', `2025-05-01 1${k}:30`)),
    ...[1, 2, 3, 4, 5].map((k) => v(++i, 'MY', '13800000023', `2025-05-0${k} 12:00`)),
    // 60 merchants with 5 vouchers each on one day → 60 hits, for the preview limit
    ...Array.from({ length: 300 }, (_, k) => v(++i, `MZ${Math.floor(k / 5)}`, '13800000099', '2025-05-10 12:00')),
  ]);
  const dead = idNo('37010219300101501');
  await load(p, 'deaths', [{ id_number: dead, name: '甲', death_date: '2025-03-10' }]);
  await load(p, 'subsidies', [
    { payment_id: 'BS1', program: '高龄津贴', id_number: dead, amount: '100', paid_on: '2025-03-10' },
    { payment_id: 'BS2', program: '高龄津贴', id_number: dead, amount: '100', paid_on: '2025-03-11' },
  ]);
  await load(p, 'vehicles', [{ plate: '鲁A10001', tank_liters: '50' }]);
  await load(p, 'fuel', [
    { txn_id: 'BF1', plate: '鲁A10001', fueled_at: '2025-05-01 10:00', liters: '52.5' },
    { txn_id: 'BF2', plate: '鲁A10001', fueled_at: '2025-05-02 10:00', liters: '52.51' },
  ]);
  const t = (id: string, buyer: string, amount: string, on: string) => ({ tender_id: id, buyer, winner_uscc: '91370100MA00009999', award_amount: amount, awarded_on: on });
  await load(p, 'tenders', [
    t('BT1', '甲局', '200000', '2025-03-01'),
    t('BT2', '甲局', '200000', '2025-03-30'),
    t('BT3', '乙局', '200000', '2025-03-01'),
    t('BT4', '乙局', '200000', '2025-03-31'),
  ]);
});
afterAll(() => p?.close());

/** Subjects as canonical JSON (keys sorted: the CLI prints catalogue subjects in the spec's field order). */
const subjects = (hits: { subject: Record<string, unknown> }[]) =>
  hits.map((h) => JSON.stringify(Object.fromEntries(Object.entries(h.subject).sort(([a], [b]) => a.localeCompare(b))))).sort();

describe('compiled builder models give the catalogue models’ answers', () => {
  it('M07 as a definition (same calendar day, count ≥ 5)', async () => {
    const def: BuilderDefinition = {
      base: 'vouchers',
      conditions: [{ column: 'user_phone', op: 'not_null' }],
      subject: ['vouchers.merchant_id', 'vouchers.user_phone'],
      window: { column: 'vouchers.redeemed_at', same: 'day' },
      aggregations: [{ fn: 'count_distinct', column: 'voucher_id', op: '>=', value: 5 }],
    };
    const preview = await previewBuilder(p.db, actor, admin(), def, '2025-12-31');
    const catalogue = await hitsOf(p, 'M07', '2025-12-31');
    expect(preview.total).toBe(catalogue.length);
    expect(preview.total).toBe(61);
    expect(preview.hits).toHaveLength(50);
    const all = await runDefinition(def);
    expect(subjects(all)).toEqual(subjects(catalogue));
    expect(all[0].reasons[0]).toContain('自定义模型规则');
    expect(all[0].reasons[1]).toContain('阈值 >= 5');
  });

  it('M01 as a definition (join on the ID number, column comparison)', async () => {
    const def: BuilderDefinition = {
      base: 'subsidies',
      joins: [{ dataset: 'deaths', on: [{ left: 'subsidies.id_number', right: 'id_number' }] }],
      conditions: [{ column: 'deaths.death_date', op: '<', ref: 'subsidies.paid_on' }],
      subject: ['subsidies.id_number'],
    };
    const mine = await runDefinition(def);
    expect(subjects(mine)).toEqual(subjects(await hitsOf(p, 'M01')));
    expect(mine[0].evidence.map((e) => `${e.dataset}:${e.payment_id ?? e.death_date}`).sort()).toEqual(['deaths:2025-03-10', 'subsidies:BS2']);
  });

  it('M10 as a definition (column × factor)', async () => {
    const def: BuilderDefinition = {
      base: 'fuel',
      joins: [{ dataset: 'vehicles', on: [{ left: 'fuel.plate', right: 'plate' }] }],
      conditions: [{ column: 'fuel.liters', op: '>', ref: 'vehicles.tank_liters', factor: 1.05 }],
      subject: ['fuel.txn_id'],
    };
    const mine = await runDefinition(def);
    expect(subjects(mine)).toEqual(['{"txn_id":"BF2"}']);
    expect(subjects(mine)).toEqual(subjects(await hitsOf(p, 'M10')));
  });

  it('M06 as a definition (sliding 30-day window with a sum threshold)', async () => {
    const def: BuilderDefinition = {
      base: 'tenders',
      conditions: [{ column: 'award_amount', op: '<', value: 400000 }],
      subject: ['tenders.buyer', 'tenders.winner_uscc'],
      window: { column: 'tenders.awarded_on', within_days: 30, relative_to: 'each_other' },
      aggregations: [
        { fn: 'count', op: '>=', value: 2 },
        { fn: 'sum', column: 'award_amount', op: '>=', value: 400000 },
      ],
    };
    const mine = await runDefinition(def);
    expect(subjects(mine)).toEqual(subjects(await hitsOf(p, 'M06')));
    expect(mine.map((h) => h.subject.buyer)).toEqual(['甲局']);
    expect(mine[0].evidence.map((e) => e.tender_id).sort()).toEqual(['BT1', 'BT2']);
  });

  it('a window relative to as_of: the last N days up to the run date', async () => {
    const def: BuilderDefinition = {
      base: 'vouchers',
      subject: ['vouchers.merchant_id'],
      window: { column: 'redeemed_at', within_days: 3, relative_to: 'as_of' },
      aggregations: [{ fn: 'count', op: '>=', value: 1 }],
    };
    // MY redeems on 1…5 May at noon: as_of 5 May, 3 days → 3, 4, 5 May.
    const r = await previewBuilder(p.db, actor, admin(), { ...def, conditions: [{ column: 'merchant_id', op: '=', value: 'MY' }] }, '2025-05-05');
    expect(r.total).toBe(1);
    expect(r.hits[0].evidence.map((e) => String(e.redeemed_at).slice(0, 10)).sort()).toEqual(['2025-05-03', '2025-05-04', '2025-05-05']);
    expect((await previewBuilder(p.db, actor, admin(), { ...def, conditions: [{ column: 'merchant_id', op: '=', value: 'MY' }] }, '2025-04-30')).total).toBe(0);
  });

  it('binds hostile values as parameters: nothing is executed, nothing matches', async () => {
    const evil = "x'); DROP TABLE ds_land; --";
    const plan = validateDefinition({ base: 'land', conditions: [{ column: 'name', op: 'contains', value: evil }, { column: 'village', op: 'in', value: [evil] }], subject: ['id_number'] });
    const compiled = sql`SELECT * FROM (${compilePlan(plan, { asOf: '2025-01-01' })}) h`.compile(p.db);
    expect(compiled.sql).not.toContain('DROP TABLE');
    // LIKE wildcards in the value are escaped, then the whole value is one parameter
    expect(compiled.parameters).toContain(`%${evil.replace('_', '\\_')}%`);
    expect(compiled.parameters).toContainEqual([evil]);
    const r = await previewBuilder(p.db, actor, admin(), { base: 'land', conditions: [{ column: 'name', op: 'contains', value: evil }], subject: ['id_number'] });
    expect(r.total).toBe(0);
    const still = await sql`SELECT count(*)::int AS n FROM ds_land`.execute(p.db);
    expect(still.rows).toHaveLength(1);
  });
});

async function runDefinition(def: BuilderDefinition) {
  const r = await previewBuilder(p.db, actor, admin(), def, '2025-12-31');
  // the preview holds at most 50; run the full set through a saved model for larger results
  if (r.total <= 50) return r.hits;
  const saved = await saveBuilderModel(p.db, actor, admin(), { name: `tmp_${Date.now()}`, title: '临时', definition: def });
  const run = await runModels(p.db, actor, admin(), { models: [saved.id], asOf: '2025-12-31', trigger: 'manual' });
  const out: { subject: Record<string, unknown>; reasons: string[]; evidence: Record<string, unknown>[] }[] = [];
  await forEachRunHit(p.db, [run.runs[0].run_id], (h) => {
    out.push(h);
  });
  return out;
}

describe('saving, versions and data permissions', () => {
  const def: BuilderDefinition = {
    base: 'fuel',
    joins: [{ dataset: 'vehicles', on: [{ left: 'fuel.plate', right: 'plate' }] }],
    conditions: [{ column: 'fuel.liters', op: '>', ref: 'vehicles.tank_liters' }],
    subject: ['fuel.txn_id'],
    score: 0.66,
  };

  it('saves a definition as a new model and later versions, audited; runs it like any model', async () => {
    const first = await saveBuilderModel(p.db, actor, admin(), { name: 'fuel_over_tank', title: '加油量超过油箱容积', definition: def });
    expect(first.id).toMatch(/^U\d{4}$/);
    expect(first.current_version).toBe(1);
    const second = await saveBuilderModel(p.db, actor, admin(), { id: first.id, name: 'fuel_over_tank', title: '加油量超过油箱容积', definition: { ...def, score: 0.7 }, version: first.version, note: '提高评分' });
    expect(second.current_version).toBe(2);
    await expect(saveBuilderModel(p.db, actor, admin(), { id: first.id, name: 'fuel_over_tank', title: 'x', definition: def, version: first.version })).rejects.toMatchObject({ status: 409 });
    await expect(saveBuilderModel(p.db, actor, admin(), { name: 'fuel_over_tank', title: '重名', definition: def })).rejects.toMatchObject({ status: 409 });
    await expect(saveBuilderModel(p.db, actor, admin(), { name: 'bid_collusion', title: '与模型库重名', definition: def })).rejects.toMatchObject({ status: 409 });
    const run = await runModels(p.db, actor, admin(), { models: [first.id], asOf: '2025-12-31', trigger: 'manual' });
    expect(run.runs[0]).toMatchObject({ status: 'success', model_version: 2, hits: 2 });
    const hit = await p.db.selectFrom('model_hits').select(['score', 'subject']).where('model_id', '=', first.id).orderBy('id').executeTakeFirstOrThrow();
    expect(hit.score).toBe(0.7);
    const listed = (await listModels(p.db, admin())).find((m) => m.id === first.id)!;
    expect(listed).toMatchObject({ kind: 'custom', subject: ['txn_id'], current_version: 2, datasets: ['fuel', 'vehicles'] });
    const actions = await p.db.selectFrom('audit_events').select('action').where('object_type', '=', 'model').where('object_id', '=', first.id).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['model.create', 'model.edit', 'model.run']);
    const previews = await p.db.selectFrom('audit_events').select('detail').where('action', '=', 'model.preview').execute();
    expect(previews.length).toBeGreaterThan(0);
  });

  it('cannot escape data permissions: only datasets shared with the user (or data:read_raw) may be named', async () => {
    const editor = editorWithout();
    await expect(validateBuilder(p.db, editor, def)).rejects.toMatchObject({ status: 403 });
    await expect(previewBuilder(p.db, actor, editor, def)).rejects.toMatchObject({ status: 403 });
    await sql`INSERT INTO dataset_sharing (dataset, grantee_kind, grantee) VALUES ('fuel', 'role', 'model_editor')`.execute(p.db);
    // fuel alone is not enough: the join names vehicles too
    await expect(previewBuilder(p.db, actor, editor, def)).rejects.toMatchObject({ status: 403, message: expect.stringContaining('vehicles') });
    await sql`INSERT INTO dataset_sharing (dataset, grantee_kind, grantee) VALUES ('vehicles', 'org', '1')`.execute(p.db);
    expect((await previewBuilder(p.db, actor, editor, def)).total).toBe(2);
    // running someone's custom model on demand needs the same rights
    const saved = (await listModels(p.db, admin())).find((m) => m.name === 'fuel_over_tank')!;
    const outsider: AccessContext = { ...editor, userId: 9003, roles: ['officer'], orgId: 2, permissions: new Set(['model:run']) };
    await expect(runModels(p.db, actor, outsider, { models: [saved.id], trigger: 'manual' })).rejects.toMatchObject({ status: 403 });
    // catalogue models run with model:run alone
    expect((await runModels(p.db, actor, outsider, { models: ['M10'], asOf: '2025-12-31', trigger: 'manual' })).runs[0].status).toBe('success');
  });

  it('saves a draft (enabled: false): left out of "run all enabled", run on demand, enabled later; a new version keeps the state', async () => {
    const draft = await saveBuilderModel(p.db, actor, admin(), { name: 'fuel_draft', title: '加油量草稿', definition: def, enabled: false });
    const enabled = async () => (await p.db.selectFrom('models').select('enabled').where('id', '=', draft.id).executeTakeFirstOrThrow()).enabled;
    expect(await enabled()).toBe(false);
    const all = await runModels(p.db, actor, admin(), { asOf: '2025-12-31', trigger: 'manual' });
    expect(all.runs.map((r) => r.model_id)).not.toContain(draft.id);
    const one = await runModels(p.db, actor, admin(), { models: [draft.id], asOf: '2025-12-31', trigger: 'manual' });
    expect(one.runs[0]).toMatchObject({ status: 'success', hits: 2 });
    const v2 = await saveBuilderModel(p.db, actor, admin(), { id: draft.id, name: 'fuel_draft', title: '加油量草稿', definition: { ...def, score: 0.5 }, version: draft.version });
    expect(v2.current_version).toBe(2);
    expect(await enabled()).toBe(false);
    await saveBuilderModel(p.db, actor, admin(), { id: draft.id, name: 'fuel_draft', title: '加油量（启用）', definition: def, version: v2.version, enabled: true });
    expect(await enabled()).toBe(true);
    const audit = await p.db.selectFrom('audit_events').select('detail').where('action', '=', 'model.create').where('object_id', '=', draft.id).executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ enabled: false });
  });
});
