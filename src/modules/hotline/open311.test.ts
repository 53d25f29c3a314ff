import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { request } from '../../../test/support/http.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { createIntakeKey, revokeIntakeKey } from './apikeys.service.ts';

let w: DemoWorld;
let key: string;
let keyId: number;

beforeAll(async () => {
  w = await demoWorld({ steps: false });
  const k = await createIntakeKey(w.platform.db, systemActor('test'), { orgName: '示范市12345政务服务便民热线办公室', name: '12345 系统' });
  key = k.key;
  keyId = k.id;
}, 120_000);
afterAll(async () => w?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Open311 GeoReport v2 round trip', () => {
  it('lists services without a key (public) and always offers the auto service', async () => {
    const r = await request(w.app, 'GET', '/open311/v2/services.json');
    expect(r.status).toBe(200);
    expect(r.json.map((s: { service_code: string }) => s.service_code)).toContain('auto');
  });

  it('creates a request form-encoded with api_key in the body, then gets and lists it', async () => {
    const r = await request(
      w.app,
      'POST',
      '/open311/v2/requests.json',
      form({
        api_key: key,
        service_code: '城乡建设',
        description: '小区门口道路破损严重，雨天积水，请尽快修复',
        address_string: '示范市城关区解放路12号',
        first_name: '明',
        last_name: '王',
        phone: '13800138000',
        requested_datetime: '2026-03-02T09:30:00+08:00',
        'attribute[district]': '城关区',
        'attribute[street]': '解放路街道',
        'attribute[order_id]': 'GD2026030200001',
      }),
      formHeaders,
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ service_request_id: 'GD2026030200001', service_notice: '已受理', account_id: null }]);

    const g = await request(w.app, 'GET', `/open311/v2/requests/GD2026030200001.json?api_key=${encodeURIComponent(key)}`);
    expect(g.status).toBe(200);
    expect(g.json).toHaveLength(1);
    const sr = g.json[0];
    expect(sr).toMatchObject({
      service_request_id: 'GD2026030200001',
      status: 'open',
      service_code: '城乡建设',
      description: '小区门口道路破损严重，雨天积水，请尽快修复',
      address: '示范市城关区解放路12号',
      requested_datetime: '2026-03-02T01:30:00.000Z',
    });
    // the caller's name and phone are never returned
    expect(JSON.stringify(sr)).not.toContain('13800138000');
    expect(JSON.stringify(sr)).not.toContain('王明');

    // stored as a work order with lineage (a batch of the import pipeline)
    const row = (
      await sql<Record<string, string>>`SELECT o.caller_phone, o.caller_name, o.district, b.file_name FROM ds_hotline o JOIN import_batches b ON b.id = o._batch_id
        WHERE o.order_id = 'GD2026030200001'`.execute(w.platform.db)
    ).rows[0];
    expect(row).toEqual({ caller_phone: '13800138000', caller_name: '王明', district: '城关区', file_name: 'open311-GD2026030200001.json' });

    const l = await request(w.app, 'GET', '/open311/v2/requests.json?start_date=2026-03-01T00:00:00%2B08:00&end_date=2026-03-03T00:00:00%2B08:00', undefined, { 'x-api-key': key });
    expect(l.status).toBe(200);
    expect(l.json.map((x: { service_request_id: string }) => x.service_request_id)).toEqual(['GD2026030200001']);
    const closedOnly = await request(w.app, 'GET', '/open311/v2/requests.json?status=closed&start_date=2026-03-01T00:00:00%2B08:00&end_date=2026-03-03T00:00:00%2B08:00', undefined, { 'x-api-key': key });
    expect(closedOnly.json).toEqual([]);
  });

  it('creates with JSON and an x-api-key header; generates an id', async () => {
    const r = await request(
      w.app,
      'POST',
      '/open311/v2/requests.json',
      { service_code: 'auto', description: '楼上住户深夜装修噪音扰民', lat: 30.1, long: 120.2, attribute: { district: '城关区' } },
      { 'x-api-key': key },
    );
    expect(r.status).toBe(201);
    expect(r.json[0].service_request_id).toMatch(/^OS\d{8}[0-9A-Z]+$/);
    const g = await request(w.app, 'GET', `/open311/v2/requests/${r.json[0].service_request_id}.json`, undefined, { 'x-api-key': key });
    expect(g.json[0]).toMatchObject({ lat: 30.1, long: 120.2, status: 'open' });
  });

  it('updates an order (closed, satisfaction) and keeps the earlier version in history', async () => {
    const u = await request(
      w.app,
      'POST',
      '/open311/v2/requests/GD2026030200001.json',
      form({ api_key: key, status: 'closed', closed_datetime: '2026-03-04T10:00:00+08:00', satisfaction: '不满意', status_notes: '已修复路面' }),
      formHeaders,
    );
    expect(u.status).toBe(200);
    expect(u.json[0]).toMatchObject({ status: 'closed', status_notes: '已修复路面' });
    const cur = await w.platform.db
      .selectFrom('ds_hotline' as never)
      .select(['status', 'satisfaction', '_version'] as never)
      .where('order_id' as never, '=', 'GD2026030200001' as never)
      .executeTakeFirstOrThrow();
    expect(cur).toEqual({ status: '已办结', satisfaction: '不满意', _version: 2 });
    const hist = await w.platform.db
      .selectFrom('ds_hotline_history' as never)
      .select(['status', 'satisfaction', '_version'] as never)
      .where('order_id' as never, '=', 'GD2026030200001' as never)
      .execute();
    expect(hist).toEqual([{ status: '办理中', satisfaction: null, _version: 1 }]);
  });

  it('answers errors in the Open311 shape', async () => {
    const noKey = await request(w.app, 'POST', '/open311/v2/requests.json', form({ service_code: 'x', description: 'y', address_string: 'z' }), formHeaders);
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual([{ code: 401, description: expect.stringContaining('API') }]);

    const badKey = await request(w.app, 'GET', '/open311/v2/requests.json?api_key=wrong');
    expect(badKey.status).toBe(401);
    expect(badKey.json[0].code).toBe(401);

    const missing = await request(w.app, 'POST', '/open311/v2/requests.json', form({ api_key: key, service_code: '城乡建设', address_string: '某地' }), formHeaders);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual([{ code: 400, description: expect.stringContaining('description') }]);

    const noLocation = await request(w.app, 'POST', '/open311/v2/requests.json', form({ api_key: key, service_code: '城乡建设', description: '路灯不亮' }), formHeaders);
    expect(noLocation.status).toBe(400);

    const unknownField = await request(w.app, 'POST', '/open311/v2/requests.json', form({ api_key: key, service_code: 'a', description: 'b', address_string: 'c', foo: '1' }), formHeaders);
    expect(unknownField.status).toBe(400);
    expect(Array.isArray(unknownField.json)).toBe(true);

    const dup = await request(
      w.app,
      'POST',
      '/open311/v2/requests.json',
      form({ api_key: key, service_code: 'a', description: 'b', address_string: 'c', 'attribute[order_id]': 'GD2026030200001' }),
      formHeaders,
    );
    expect(dup.status).toBe(409);

    const none = await request(w.app, 'GET', '/open311/v2/requests/NOPE1.json', undefined, { 'x-api-key': key });
    expect(none.status).toBe(404);
    expect(none.json[0].code).toBe(404);

    const badStatus = await request(w.app, 'GET', '/open311/v2/requests.json?status=maybe', undefined, { 'x-api-key': key });
    expect(badStatus.status).toBe(400);
  });

  it('refuses a revoked key and a key without the intake permission', async () => {
    const other = await createIntakeKey(w.platform.db, systemActor('test'), { orgName: '示范市12345政务服务便民热线办公室', name: 'tmp' });
    await revokeIntakeKey(w.platform.db, systemActor('test'), other.id);
    const r = await request(w.app, 'GET', '/open311/v2/requests.json', undefined, { 'x-api-key': other.key });
    expect(r.status).toBe(401);
    await w.platform.db.updateTable('api_keys').set({ permissions: ['something:else'] }).where('id', '=', keyId).execute();
    const f = await request(w.app, 'GET', '/open311/v2/requests.json', undefined, { 'x-api-key': key });
    expect(f.status).toBe(403);
    expect(f.json[0].code).toBe(403);
    await w.platform.db.updateTable('api_keys').set({ permissions: ['hotline:intake'] }).where('id', '=', keyId).execute();
  });
});
