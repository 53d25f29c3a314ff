/**
 * The hotline HTTP API end to end on the demo city's users: classification on real citizen
 * messages (TipDM, read at test time from ../shared/data/tipdm), corrections learnt by the model,
 * the export contract, the public disclosure page, and 401/403 on every route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { type ExportRow, forEachExportRow, prepareExport } from './export.service.ts';
import { type OrderInput, writeOrders } from './orders.ts';
import { readTipdm, TIPDM_FILES, type TipdmMessage, tipdmAvailable } from './text/tipdm-data.ts';

let w: DemoWorld;
const actor = systemActor('test');
let heldOut: TipdmMessage[] = [];

const pad = (n: string) => n.padStart(2, '0');
/** '2020/1/6 12:09:38' → '2020-01-06 12:09:38'. */
const when = (s: string) => {
  const m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})\D*(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  return m ? `${m[1]}-${pad(m[2])}-${pad(m[3])} ${pad(m[4] ?? '9')}:${m[5] ?? '00'}:${m[6] ?? '00'}` : '2020-01-01 09:00:00';
};

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  if (!tipdmAvailable()) return;
  const all = await readTipdm(TIPDM_FILES.labelled);
  // every 6th message arrives without its category: the platform must classify it
  heldOut = all.filter((_, i) => i % 6 === 0);
  const rows: OrderInput[] = all.map((m, i) => ({
    order_id: `TD${m.id}`,
    received_at: when(m.receivedAt),
    content: m.content,
    category: i % 6 === 0 ? null : m.category!,
    district: '城关区',
    handler_unit: '市住建局',
    status: '已办结',
    supervised: i === 1,
  }));
  await writeOrders(w.platform, actor, rows, { fileName: 'tipdm.csv' });
}, 240_000);
afterAll(async () => w?.close());

describe.skipIf(!tipdmAvailable())('classification on real messages', () => {
  it('trains from given categories, predicts the others with confidence and explanation words', async () => {
    const officer = await w.as('officer1');
    const t = await officer.post('/api/hotline/classifier/train');
    expect(t.status).toBe(200);
    expect(t.json.categories).toHaveLength(7);
    const c = await officer.post('/api/hotline/classifier/classify');
    expect(c.json.classified).toBe(heldOut.length);
    let right = 0;
    for (const m of heldOut) {
      const r = await officer.get(`/api/hotline/orders/TD${m.id}/category`);
      expect(r.status).toBe(200);
      expect(r.json.category_source).toBe('predicted');
      expect(r.json.confidence).toBeGreaterThan(0);
      expect(r.json.confidence).toBeLessThanOrEqual(1);
      expect(r.json.explanation.length).toBeGreaterThan(0);
      // explanation words occur in the text (words or character pairs)
      const term = r.json.explanation[0].term as string;
      expect(m.content.replace(/\s+/g, '')).toContain(term.replace(/^#/, ''));
      if (r.json.category === m.category) right++;
    }
    // a real bar, not a hard-coded result: well above the 1/7 of chance
    expect(right / heldOut.length).toBeGreaterThan(0.6);
  });

  it('an officer corrects a category: stored, audited, learnt by the model', async () => {
    const officer = await w.as('officer1');
    // the held-out message the model is least sure of
    const scored = await Promise.all(heldOut.map(async (m) => ({ m, r: (await officer.get(`/api/hotline/orders/TD${m.id}/category`)).json })));
    const target = scored.sort((a, b) => a.r.confidence - b.r.confidence)[0];
    const wrong = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生'].find((c) => c !== target.r.category)!;
    const before = (await officer.post('/api/hotline/classifier/explain', { text: target.m.content })).json;
    expect(before.category).toBe(target.r.category);
    const fix = await officer.post(`/api/hotline/orders/TD${target.m.id}/category`, { category: wrong, note: '人工复核', version: 1 });
    expect(fix.status).toBe(200);
    expect(fix.json).toMatchObject({ category: wrong, old_category: target.r.category, version: 2, learnt: true });
    // the model learnt it: the same text is now classified as the correction
    const after = (await officer.post('/api/hotline/classifier/explain', { text: target.m.content })).json;
    expect(after.category).toBe(wrong);
    // stale version → 409
    const stale = await officer.post(`/api/hotline/orders/TD${target.m.id}/category`, { category: wrong, version: 1 });
    expect(stale.status).toBe(409);
    const corr = await officer.get(`/api/hotline/orders/TD${target.m.id}/corrections`);
    expect(corr.json).toHaveLength(1);
    const audit = await w.platform.db.selectFrom('audit_events' as never).selectAll().where('action' as never, '=', 'hotline.category.correct' as never).execute();
    expect(audit).toHaveLength(1);
    // a given category cannot be corrected here
    const givenId = (await w.platform.db.selectFrom('ds_hotline' as never).select('order_id' as never).where('category' as never, 'is not', null).limit(1).executeTakeFirstOrThrow()) as { order_id: string };
    expect((await officer.post(`/api/hotline/orders/${givenId.order_id}/category`, { category: wrong })).status).toBe(409);
  });

  it('exports one object per order, exactly the contract fields', async () => {
    await prepareExport(w.platform.db, actor);
    const rows: ExportRow[] = [];
    const n = await forEachExportRow(w.platform.db, (r) => void rows.push(r), 100);
    expect(n).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(new Set((await readTipdm(TIPDM_FILES.labelled)).map((m) => m.id)).size);
    for (const r of rows) expect(Object.keys(r)).toEqual(['order_id', 'category', 'category_source', 'confidence', 'conduct']);
    const byId = new Map(rows.map((r) => [r.order_id, r]));
    expect(byId.get(`TD${heldOut[1].id}`)).toMatchObject({ category_source: 'predicted', category: expect.any(String) });
    const givenRow = rows.find((r) => r.category_source === 'given')!;
    expect(givenRow.confidence).toBe(1);
    expect(rows.some((r) => r.conduct)).toBe(true);
    expect(rows.filter((r) => r.conduct).length).toBeLessThan(rows.length / 2);
  });
});

describe('public disclosure', () => {
  it('lists only approved supervised orders, without personal data, to anyone', async () => {
    await writeOrders(
      w.platform,
      actor,
      [
        { order_id: 'PUB1', received_at: '2026-04-01 09:00:00', caller_name: '张三丰', caller_phone: '13912345678', address: '城关区幸福路18号3栋2单元501室', district: '城关区', content: '张三丰反映幸福路18号3栋2单元501室楼下餐馆油烟扰民，电话13912345678，多次投诉无人管', handler_unit: '市生态环境局', status: '已办结', supervised: true },
        { order_id: 'PUB2', received_at: '2026-04-02 09:00:00', content: '未督办工单', supervised: false },
        { order_id: 'PUB3', received_at: '2026-04-03 09:00:00', content: '督办但未审核公开', supervised: true },
      ],
      { fileName: 'pub.csv' },
    );
    const officer = await w.as('officer1');
    const ok = await officer.post('/api/hotline/publications', { order_id: 'PUB1', resolution: '已责令餐馆安装油烟净化设备，张三丰表示满意' });
    expect(ok.status).toBe(200);
    const notSupervised = await officer.post('/api/hotline/publications', { order_id: 'PUB2' });
    expect(notSupervised.status).toBe(409);
    const pub = await request(w.app, 'GET', '/api/public/hotline/supervised');
    expect(pub.status).toBe(200);
    expect(pub.json.items.map((i: { order_id: string }) => i.order_id)).toEqual(['PUB1']);
    const item = JSON.stringify(pub.json);
    for (const secret of ['张三丰', '13912345678', '幸福路18号', '501室']) expect(item).not.toContain(secret);
    expect(pub.json.items[0].summary).toContain('餐馆油烟扰民');
    expect(pub.json.items[0].resolution).toContain('已责令餐馆安装油烟净化设备');
    // the 12345 clerk may not approve publication
    const clerk = await w.as('hotline');
    expect((await clerk.post('/api/hotline/publications', { order_id: 'PUB3' })).status).toBe(403);
    // revoke
    expect((await officer.del('/api/hotline/publications/PUB1')).status).toBe(200);
    expect((await request(w.app, 'GET', '/api/public/hotline/supervised')).json.items).toEqual([]);
  });
});

describe('401 / 403', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/hotline/orders/X1/category'],
    ['POST', '/api/hotline/orders/X1/category', { category: '教育' }],
    ['POST', '/api/hotline/classifier/train'],
    ['GET', '/api/hotline/routing'],
    ['POST', '/api/hotline/routing', { category: 'a', unit: 'b' }],
    ['GET', '/api/hotline/transfer-rules'],
    ['POST', '/api/hotline/screening/run', {}],
    ['POST', '/api/hotline/screening/send', { mode: 'periodic' }],
    ['POST', '/api/hotline/publications', { order_id: 'X1' }],
    ['GET', '/api/hotline/analysis/breakdown?dim=category&from=2026-01-01&to=2026-01-31'],
    ['GET', '/api/hotline/analysis/compare?from=2026-01-01&to=2026-01-31'],
    ['POST', '/api/hotline/reports', { kind: 'weekly' }],
    ['GET', '/api/hotline/reports'],
    ['POST', '/api/hotline/api-keys', { org_id: 1, name: 'x' }],
  ];

  it('refuses every route without a session (401)', async () => {
    for (const [m, url, body] of routes) {
      const r = await request(w.app, m, url, body);
      expect(r.status, `${m} ${url}`).toBe(401);
    }
  });

  it('refuses users without the permission (403)', async () => {
    const auditor = await w.as('auditor'); // 审计局经办人: no hotline permissions, has report:read
    for (const [m, url, body] of routes.filter(([, u]) => !u.startsWith('/api/hotline/reports'))) {
      const r = m === 'GET' ? await auditor.get(url) : await auditor.post(url, body);
      expect(r.status, `${m} ${url}`).toBe(403);
    }
    const clerk = await w.as('hotline'); // has hotline:routing, not hotline:publish nor security:keys
    expect((await clerk.post('/api/hotline/routing', { category: '教育', unit: '市教育局' })).status).toBe(200);
    expect((await clerk.post('/api/hotline/api-keys', { org_id: 1, name: 'x' })).status).toBe(403);
    const officer = await w.as('officer1'); // no hotline:routing
    expect((await officer.post('/api/hotline/routing', { category: '教育', unit: '市教育局' })).status).toBe(403);
    expect((await officer.get('/api/hotline/routing')).json).toHaveLength(1);
  });
});
