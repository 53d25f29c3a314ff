/**
 * 驾驶舱 per-district drill-down over the whole demo city: for every district and several
 * viewers, each number equals the total of the list its drill opens (the drill's own query sent
 * to that page's API) — clues, rectification, 四种形态, 12345 — so the two cannot drift apart.
 * A few organisations below the district bodies (one overriding its parent's district) make the
 * "own district, else the nearest ancestor's" rule matter; an unknown district gives nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type AccessContext, loadAccessContext } from '../../platform/access/context.ts';
import { orgDistricts, orgInDistrict } from '../../platform/access/districts.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { todayInShanghai } from '../../platform/calendar/dates.ts';
import { createDecision } from '../accountability/accountability.service.ts';
import { createOrg, createUser } from '../admin/users.service.ts';
import { grantClue } from '../clues/clue-access.ts';
import { createClueFromSource } from '../clues/clues.service.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../demo/city.ts';
import { createLedgerItem } from '../rectification/rectification.service.ts';

const actor = systemActor('test');
let w: DemoWorld;
const today = todayInShanghai();
const year = Number(today.slice(0, 4));
const from = `${year - 1}-01-01`;
let streetOffice: number; // under 东城区纪委监委, no district of its own → 东城区
let enclave: number; // under 东城区人民政府 but with district 西城区
let community: number; // under the enclave, no district → 西城区 (nearest ancestor, not the root-most)

interface DistrictRow {
  district: string;
  clues: { value: number | null; drill: { route: string; query: Record<string, string | number> } | null };
  rectification: { total: number | null; rectified: number | null; overdue: number | null; drill: { route: string; query: Record<string, string | number> } | null };
  forms: { value: number | null; drill: { route: string; query: Record<string, string | number> } | null };
  hotline: { value: number | null; drill: { route: string; query: Record<string, string | number> } | null };
}

const qs = (q: Record<string, string | number | boolean>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();

beforeAll(async () => {
  w = await demoWorld({ mechanisms: true });
  const db = w.platform.db;
  const orgs = w.demo.orgs;
  streetOffice = await createOrg(db, actor, { name: '东城区纪委监委第一纪检监察室', kind: 'office', parentId: orgs.get('东城区纪委监委')! });
  enclave = await createOrg(db, actor, { name: '东城区人民政府驻西城区办事处', kind: 'unit', parentId: orgs.get('东城区人民政府')!, district: '西城区' });
  community = await createOrg(db, actor, { name: '驻西城区办事处某社区', kind: 'unit', parentId: enclave });
  const userAt = async (username: string, orgId: number): Promise<AccessContext> => {
    const id = await createUser(db, actor, { username, displayName: username, orgId, password: DEMO_PASSWORD, roles: ['officer'] });
    // enrolled in TOTP the way the demo city enrols its officers, so the test can sign in as them
    await db.updateTable('users').set({ totp_secret_enc: w.platform.cipher.encrypt(demoTotpSecret(username)), totp_enabled: true }).where('id', '=', id).execute();
    return (await loadAccessContext(db, id))!;
  };
  const dc = await userAt('dcofficer', streetOffice);
  const xc = await userAt('xcofficer', community);
  const leaderId = w.demo.users.get('leader')!;
  // clues registered in the districts (2 in 东城区, 1 in 西城区), given to the city leader too
  for (const [who, summary] of [
    [dc, '某街道违规发放补贴问题（下钻测试甲）'],
    [dc, '某社区公车私用问题（下钻测试乙）'],
    [xc, '某社区优亲厚友问题（下钻测试丙）'],
  ] as const) {
    const c = await createClueFromSource(db, w.platform.cipher, actor, who, { sourceType: 'self', summary, persons: [{ name: '张某某', cadreLevel: '乡管' }] });
    await grantClue(db, c.id, { userId: leaderId }, null);
  }
  // ledger items and effective decisions on units below the district bodies
  const office1 = orgs.get('第一监督检查室')!;
  const o1 = (await loadAccessContext(db, w.demo.users.get('officer1')!))!;
  for (const unit of [community, streetOffice]) {
    await createLedgerItem(db, actor, null, { sourceType: 'audit', title: `下钻测试整改事项${unit}`, responsibleOrgId: unit, responsibleLeaderName: '某负责人', supervisingOrgId: office1, deadline: `${year + 1}-06-30` });
    await createDecision(db, actor, o1, { targetKind: 'person', measure: 'criticism', targetOrgId: unit, personName: '孙某', reason: '履职不力' });
  }
}, 600_000);
afterAll(() => w?.close());

describe('the district of an organisation', () => {
  it('is its own district, else its nearest ancestor’s', async () => {
    const db = w.platform.db;
    const map = await orgDistricts(db);
    expect(map.get(w.demo.orgs.get('东城区人民政府')!)).toBe('东城区');
    expect(map.get(streetOffice)).toBe('东城区');
    expect(map.get(enclave)).toBe('西城区');
    expect(map.get(community)).toBe('西城区');
    expect(map.has(w.demo.orgs.get('第一监督检查室')!)).toBe(false);
    // the SQL condition selects exactly the organisations the map puts in the district
    for (const d of ['东城区', '西城区', '南湖区', '北山县', '不存在区']) {
      const ids = await db.selectFrom('orgs').select('id').where(orgInDistrict('orgs.id', d)).orderBy('id').execute();
      const expected = [...map].filter(([, x]) => x === d).map(([id]) => id).sort((a, b) => a - b);
      expect(ids.map((r) => r.id)).toEqual(expected);
    }
  });
});

describe('per-district numbers equal the lists they drill down to', () => {
  for (const username of ['leader', 'officer1', 'dcofficer', 'casemgr']) {
    it(`for ${username}`, async () => {
      const c = await w.as(username);
      const r = await c.get(`/api/dashboard?from=${from}&to=${today}`);
      expect(r.status).toBe(200);
      const rows = r.json.districts as DistrictRow[];
      expect(rows.map((x) => x.district)).toEqual(['东城区', '西城区', '南湖区', '北山县']);
      for (const row of rows) {
        const d = row.district;
        if (row.clues.value !== null) {
          expect(row.clues.drill).toMatchObject({ route: '/clues', query: { from, to: today, district: d } });
          const list = await c.get(`/api/clues?${qs({ ...row.clues.drill!.query, pageSize: 500 })}`);
          expect(list.status).toBe(200);
          expect(list.json.total, `${username} ${d} clues`).toBe(row.clues.value);
          expect(list.json.items.length).toBe(row.clues.value);
          const stats = await c.get(`/api/clues/stats?${qs(row.clues.drill!.query)}`);
          expect(stats.json.total).toBe(row.clues.value);
        }
        if (row.rectification.total !== null) {
          expect(row.rectification.drill).toEqual({ route: '/rectify/zero', query: { district: d } });
          const v = await c.get(`/api/rectification/clearance?${qs({ by: 'unit', ...row.rectification.drill!.query })}`);
          expect(v.status).toBe(200);
          expect(v.json.totals, `${username} ${d} rectification`).toMatchObject({ total: row.rectification.total, rectified: row.rectification.rectified, overdue: row.rectification.overdue });
          const byCampaign = await c.get(`/api/rectification/clearance?${qs({ by: 'campaign', ...row.rectification.drill!.query })}`);
          expect(byCampaign.json.totals.total).toBe(row.rectification.total);
        }
        if (row.forms.value !== null) {
          expect(row.forms.drill).toMatchObject({ route: '/account/forms', query: { from, to: today, district: d } });
          for (const shape of [{ by: 'none', period: 'quarter' }, { by: 'unit', period: 'all' }]) {
            const v = await c.get(`/api/accountability/stats/forms?${qs({ ...shape, ...row.forms.drill!.query })}`);
            expect(v.status).toBe(200);
            expect(v.json.totals.total, `${username} ${d} forms`).toBe(row.forms.value);
          }
        }
        if (row.hotline.value !== null) {
          expect(row.hotline.drill).toMatchObject({ route: '/hotline/analysis', query: { from, to: today, district: d } });
          const v = await c.get(`/api/hotline/analysis/compare?${qs({ dim: 'category', ...row.hotline.drill!.query })}`);
          expect(v.status).toBe(200);
          expect(v.json.total.current, `${username} ${d} hotline`).toBe(row.hotline.value);
        }
      }
      if (username === 'leader') {
        // not vacuous: the fixtures and the demo city put records in the districts
        const by = Object.fromEntries(rows.map((x) => [x.district, x]));
        expect(by['东城区'].clues.value).toBe(2);
        expect(by['西城区'].clues.value).toBe(1);
        expect(by['东城区'].rectification.total).toBeGreaterThanOrEqual(1);
        expect(by['西城区'].rectification.total).toBeGreaterThanOrEqual(1);
        expect(by['东城区'].forms.value).toBeGreaterThanOrEqual(1);
        expect(by['西城区'].forms.value).toBeGreaterThanOrEqual(1);
        expect(rows.some((x) => (x.hotline.value ?? 0) > 0)).toBe(true);
      }
    });
  }

  it('respects need-to-know: another office sees none of the district’s clues', async () => {
    const c = await w.as('officer2');
    const list = await c.get(`/api/clues?${qs({ from, to: today, district: '东城区' })}`);
    expect(list.json.total).toBe(0);
  });
});

describe('an unknown district', () => {
  it('gives empty lists, not everything', async () => {
    const c = await w.as('leader');
    const range = { from, to: today };
    const bad = '不存在区';
    const all = await c.get(`/api/clues?${qs(range)}`);
    expect(all.json.total).toBeGreaterThan(0);
    const clues = await c.get(`/api/clues?${qs({ ...range, district: bad })}`);
    expect(clues.status).toBe(200);
    expect(clues.json).toMatchObject({ total: 0, items: [] });
    expect((await c.get(`/api/rectification/clearance?${qs({ by: 'unit' })}`)).json.totals.total).toBeGreaterThan(0);
    const rect = await c.get(`/api/rectification/clearance?${qs({ by: 'unit', district: bad })}`);
    expect(rect.json.rows).toEqual([]);
    expect(rect.json.totals.total).toBe(0);
    expect((await c.get(`/api/accountability/stats/forms?${qs({ ...range, by: 'unit' })}`)).json.totals.total).toBeGreaterThan(0);
    const forms = await c.get(`/api/accountability/stats/forms?${qs({ ...range, by: 'unit', district: bad })}`);
    expect(forms.json.rows).toEqual([]);
    expect(forms.json.totals.total).toBe(0);
    expect((await c.get(`/api/hotline/analysis/compare?${qs({ ...range, dim: 'category' })}`)).json.total.current).toBeGreaterThan(0);
    const hot = await c.get(`/api/hotline/analysis/compare?${qs({ ...range, dim: 'category', district: bad })}`);
    expect(hot.json.total.current).toBe(0);
    // an empty district is refused rather than read as "all"
    expect((await c.get(`/api/clues?${qs({ ...range, district: '' })}`)).status).toBe(400);
  });
});
