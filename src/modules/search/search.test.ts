/**
 * 全局检索 over the demo city: grouped results only from what the user may see (a clue given to
 * the first office is invisible to the second), groups only with their read permission, every
 * search audited with its text, 401 without login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { createLedgerItem } from '../rectification/rectification.service.ts';

let w: DemoWorld;
let clueId: number;
beforeAll(async () => {
  w = await demoWorld({ steps: false });
  const officer1 = await w.as('officer1');
  const r = await officer1.post('/api/clues', { source_type: 'self', title: '检索测试线索', summary: '某街道办违规发放检索测试补贴', persons: [{ name: '钱某某', cadre_level: '乡管' }] });
  clueId = r.json.id;
  await createLedgerItem(w.platform.db, systemActor('test'), null, {
    sourceType: 'audit',
    title: '检索测试补贴整改',
    responsibleOrgId: w.demo.orgs.get('示范市农业农村局')!,
    responsibleLeaderName: '冯建华',
    supervisingOrgId: w.demo.orgs.get('第一监督检查室')!,
    deadline: '2099-06-30',
  });
}, 120_000);
afterAll(() => w?.close());

const group = (json: { groups: { kind: string }[] }, kind: string) => json.groups.find((g) => g.kind === kind) as { total: number; items: { id: unknown; link: string }[] } | undefined;

describe('全局检索', () => {
  it('finds the clue and the ledger item for the office that may see them, grouped with links', async () => {
    const r = await (await w.as('officer1')).get(`/api/search?q=${encodeURIComponent('检索测试')}`);
    expect(r.status).toBe(200);
    expect(group(r.json, 'clue')).toMatchObject({ total: 1, items: [{ id: clueId, link: `/clues/${clueId}` }] });
    expect(group(r.json, 'rect_item')!.total).toBe(1);
    expect(group(r.json, 'rect_item')!.items[0].link).toMatch(/^\/rectify\/items\/\d+$/);
    expect(r.json.groups.map((g: { kind: string }) => g.kind)).toEqual(['clue', 'entity', 'hotline', 'rect_item']);
    expect(r.json.total).toBe(2);
  });

  it('shows another office nothing it was not given', async () => {
    const r = await (await w.as('officer2')).get(`/api/search?q=${encodeURIComponent('检索测试')}`);
    expect(group(r.json, 'clue')).toMatchObject({ total: 0, items: [] });
    expect(group(r.json, 'rect_item')).toMatchObject({ total: 0, items: [] });
    // and by a reported person's name
    expect(group((await (await w.as('officer2')).get(`/api/search?q=${encodeURIComponent('钱某某')}`)).json, 'clue')!.total).toBe(0);
    expect(group((await (await w.as('officer1')).get(`/api/search?q=${encodeURIComponent('钱某某')}`)).json, 'clue')!.total).toBe(1);
  });

  it('searches a group only with its permission', async () => {
    // the partner clerk may read the ledger but not clues, entities or 12345 orders
    const agri = (await (await w.as('agri')).get(`/api/search?q=${encodeURIComponent('检索测试')}`)).json;
    expect(agri.groups.map((g: { kind: string }) => g.kind)).toEqual(['rect_item']);
    expect(group(agri, 'rect_item')!.total).toBe(1);
    // an administrator holds none of them: signed in, but nothing to search
    const sys = await (await w.as('sysadmin')).get('/api/search?q=abc');
    expect(sys.status).toBe(200);
    expect(sys.json.groups).toEqual([]);
  });

  it('audits every search with its text, refuses empty text and the anonymous', async () => {
    await (await w.as('officer2')).get(`/api/search?q=${encodeURIComponent('敏感检索词')}`);
    const ev = await w.platform.db.selectFrom('audit_events').selectAll().where('action', '=', 'search.query').execute();
    expect(ev.some((e) => JSON.stringify(e.detail).includes('敏感检索词') && e.actor_name === '王晓燕(officer2)')).toBe(true);
    expect((await (await w.as('officer1')).get('/api/search?q=')).status).toBe(400);
    expect((await (await w.as('officer1')).get('/api/search?q=%20')).status).toBe(400);
    expect((await request(w.app, 'GET', '/api/search?q=x')).status).toBe(401);
  });
});
