/**
 * The datasets HTTP API over the real server and database: 401/403 on every route, upload →
 * report, catalogue of batches, rejected rows as XLSX, raw rows behind permission + sharing
 * rule (audited), lineage of a stored row.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoWorld, demoWorld } from '../../../test/support/demo.ts';
import { type Client, request, type Res } from '../../../test/support/http.ts';
import { readXlsxRows } from '../../platform/files/xlsx.ts';
import { idCheckDigit } from './normalize/id-number.ts';

let w: DemoWorld;
const id = (first17: string) => first17 + idCheckDigit(first17);
const X = id('41010219700101001');
const Y = id('41010219700101002');

beforeAll(async () => {
  w = await demoWorld({ steps: false });
});
afterAll(() => w?.close());

async function upload(c: Client, url: string, fileName: string, content: string | Buffer): Promise<Res> {
  const boundary = `----guantong${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`, 'utf8'),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return request(w.app, 'POST', url, body, { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const orgId = (name: string) => w.demo.orgs.get(name)!;

const SUBSIDIES = ['发放编号,项目名称,身份证号,姓名,金额,发放日期,乡镇', `H1,城乡低保,${X},张三,600,2024-05-01,东城街道`, `H2,城乡低保,${Y},李四,六百,2024-05-01,东城街道`, ''].join('\n');

describe('access', () => {
  it('answers 401 to the anonymous and 403 to users without the permission, on every datasets/entities route', async () => {
    const mine = w.app.routeTable.filter((r) => r.url.startsWith('/api/datasets') || r.url.startsWith('/api/entities'));
    expect(mine.length).toBeGreaterThanOrEqual(13);
    const fill = (u: string) => u.replace(':dataset', 'subsidies').replace(':kind', 'person').replace(/:[a-z_]+/g, '1');
    const leader = await w.as('leader'); // holds entity:read only
    for (const r of mine) {
      const anon = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {});
      expect(anon.status, `${r.method} ${r.url}`).toBe(401);
      const perm = (r.access as { permission: string }).permission;
      if (perm !== 'entity:read') {
        const res = await request(w.app, r.method, fill(r.url), r.method === 'GET' ? undefined : {}, { cookie: leader.cookie, 'x-csrf-token': leader.csrf });
        expect(res.status, `leader ${r.method} ${r.url}`).toBe(403);
      }
    }
    const sysadmin = await w.as('sysadmin'); // data:catalog only: no raw rows, no uploads, no entities
    expect((await sysadmin.get('/api/datasets/subsidies/rows')).status).toBe(403);
    expect((await sysadmin.get('/api/entities/person/x')).status).toBe(403);
    expect((await upload(sysadmin, '/api/datasets/subsidies/import', 's.csv', SUBSIDIES)).status).toBe(403);
  });
});

describe('upload, catalogue, rejects, raw rows, lineage', () => {
  let batchId: number;
  let rowId: number;

  it('uploads a file and answers the import report of the spec', async () => {
    const finance = await w.as('finance');
    const r = await upload(finance, '/api/datasets/subsidies/import', '五月低保.csv', SUBSIDIES);
    expect(r.status, r.body).toBe(200);
    expect(r.json.report).toEqual({
      dataset: 'subsidies',
      file: '五月低保.csv',
      encoding: 'utf-8',
      rows_read: 2,
      imported: 1,
      updated: 0,
      rejected: [{ row: 3, column: 'amount', reason: '无法解析的金额 / unparseable amount: 六百' }],
      invalid_ids: 0,
    });
    expect(r.json.status).toBe('committed');
    batchId = r.json.batch_id;
    // the uploads folder holds nothing afterwards
    expect(fs.readdirSync(path.join(w.platform.dataDir, 'uploads'))).toEqual([]);
  });

  it('refuses another organisation as supplier for a partner clerk, accepts it from the data administrator', async () => {
    const finance = await w.as('finance');
    const r = await upload(finance, `/api/datasets/deaths/import?supplier_org_id=${orgId('示范市公安局')}`, 'deaths.csv', `身份证号,死亡日期\n${X},2024-01-01\n`);
    expect(r.status).toBe(403);
    const admin = await w.as('dataadmin');
    const ok = await upload(admin, `/api/datasets/deaths/import?supplier_org_id=${orgId('示范市公安局')}`, 'deaths.csv', `身份证号,死亡日期\n${X},2024-01-01\n`);
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.report.imported).toBe(1);
  });

  it('answers 400 for bad files and 404 for an unknown dataset', async () => {
    const admin = await w.as('dataadmin');
    const missing = await upload(admin, '/api/datasets/persons/import', 'p.csv', `身份证号\n${X}\n`);
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe('missing_column');
    expect(missing.json.message_en).toContain('name');
    expect((await upload(admin, '/api/datasets/nosuch/import', 'p.csv', 'a\n1\n')).status).toBe(404);
    const notMultipart = await admin.post('/api/datasets/persons/import', { a: 1 });
    expect(notMultipart.status).toBe(400);
  });

  it('lists the batches: which body supplied which dataset, when, how many rows, which file', async () => {
    const admin = await w.as('dataadmin');
    const r = await admin.get('/api/datasets/batches?pageSize=50');
    expect(r.status).toBe(200);
    const mine = r.json.items.find((b: { id: number }) => b.id === batchId);
    expect(mine).toMatchObject({
      dataset: 'subsidies',
      title: '惠民惠农补贴发放（“一卡通”）',
      file_name: '五月低保.csv',
      supplier: '示范市财政局',
      supplier_org_id: orgId('示范市财政局'),
      rows_read: 2,
      imported: 1,
      rejected: 1,
      status: 'committed',
    });
    expect(mine.uploaded_by_name).toContain('finance');
    const police = r.json.items.find((b: { dataset: string }) => b.dataset === 'deaths');
    expect(police.supplier).toBe('示范市公安局');
    const sorted = await admin.get('/api/datasets/batches?sort=rows_read&order=asc');
    expect(sorted.status, sorted.body).toBe(200);
    expect(sorted.json.items.map((b: { rows_read: number }) => b.rows_read)).toEqual([...sorted.json.items.map((b: { rows_read: number }) => b.rows_read)].sort((a, b) => a - b));
    expect((await admin.get('/api/datasets/batches?sort=file_sm3;drop')).status).toBe(400);
    const filtered = await admin.get(`/api/datasets/batches?supplier_org_id=${orgId('示范市公安局')}`);
    expect(filtered.json.items.map((b: { dataset: string }) => b.dataset)).toEqual(['deaths']);
    const sys = await (await w.as('sysadmin')).get('/api/datasets/batches');
    expect(sys.status).toBe(200);
    const detail = await admin.get(`/api/datasets/batches/${batchId}`);
    expect(detail.status).toBe(200);
    expect(detail.json.batch.file_name).toBe('五月低保.csv');
    expect(detail.json.rejects).toMatchObject({ total: 1, items: [{ row: 3, column: 'amount' }] });
    const catalogue = await admin.get('/api/datasets');
    expect(catalogue.json.items).toHaveLength(16);
    const sub = catalogue.json.items.find((d: { name: string }) => d.name === 'subsidies');
    expect(sub).toMatchObject({ table: 'ds_subsidies', rows: 1, batches: 1, key: ['payment_id'] });
    expect(sub.last_import).toMatchObject({ batch_id: batchId, file_name: '五月低保.csv', supplier: '示范市财政局' });
  });

  it('lets the uploader download the rejected rows as XLSX with the reasons, and nobody from another body', async () => {
    const finance = await w.as('finance');
    const r = await finance.get(`/api/datasets/batches/${batchId}/rejects.xlsx`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const f = path.join(w.platform.dataDir, 'rejects.xlsx');
    const res = await w.app.inject({ method: 'GET', url: `/api/datasets/batches/${batchId}/rejects.xlsx`, headers: { cookie: finance.cookie } });
    fs.writeFileSync(f, res.rawPayload);
    const rows = [];
    for await (const row of readXlsxRows(f)) rows.push(row.cells);
    expect(rows[0]).toEqual(['行号', '发放编号', '项目名称', '身份证号', '姓名', '金额', '发放日期', '乡镇', '错误列', '错误原因']);
    expect(rows[1]).toEqual(['3', 'H2', '城乡低保', Y, '李四', '六百', '2024-05-01', '东城街道', '金额（amount）', '无法解析的金额 / unparseable amount: 六百']);
    const hotline = await w.as('hotline'); // data:import, another organisation
    expect((await hotline.get(`/api/datasets/batches/${batchId}/rejects.xlsx`)).status).toBe(403);
    expect((await (await w.as('dataadmin')).get(`/api/datasets/batches/${batchId}/rejects.xlsx`)).status).toBe(200);
  });

  it('shows raw rows only with a sharing rule, and audits every read', async () => {
    const admin = await w.as('dataadmin');
    const denied = await admin.get('/api/datasets/subsidies/rows');
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('未向您');
    const finance = await w.as('finance');
    expect((await finance.post('/api/datasets/sharing', { dataset: 'subsidies', grantee_kind: 'role', grantee: 'data_admin' })).status).toBe(403);
    const g = await admin.post('/api/datasets/sharing', { dataset: 'subsidies', grantee_kind: 'role', grantee: 'data_admin' });
    expect(g.status, g.body).toBe(200);
    expect((await admin.post('/api/datasets/sharing', { dataset: 'subsidies', grantee_kind: 'role', grantee: 'no_such_role' })).status).toBe(400);
    const r = await admin.get('/api/datasets/subsidies/rows?pageSize=10');
    expect(r.status, r.body).toBe(200);
    expect(r.json.total).toBe(1);
    expect(r.json.items[0]).toMatchObject({ payment_id: 'H1', id_number: X, amount: '600.00', paid_on: '2024-05-01', _batch_id: batchId, _row: 2 });
    rowId = r.json.items[0]._id;
    const filtered = await admin.get(`/api/datasets/subsidies/rows?column=id_number&value=${X.toLowerCase()}`);
    expect(filtered.json.total).toBe(1);
    const none = await admin.get(`/api/datasets/subsidies/rows?column=id_number&value=${Y}`);
    expect(none.json.total).toBe(0);
    expect((await admin.get('/api/datasets/subsidies/rows?sort=amount&order=desc')).status).toBe(200);
    expect((await admin.get('/api/datasets/subsidies/rows?sort=nope')).status).toBe(400);
    const ev = await w.platform.db.selectFrom('audit_events').selectAll().where('action', '=', 'dataset.read_raw').orderBy('seq').execute();
    expect(ev.length).toBe(4);
    expect(ev[0]).toMatchObject({ object_type: 'dataset', object_id: 'subsidies', actor_id: w.demo.users.get('dataadmin') });
    expect(ev[0].detail).toMatchObject({ returned: 1, row_ids: [rowId] });
    // the rule names a role: other datasets stay closed
    expect((await admin.get('/api/datasets/deaths/rows')).status).toBe(403);
    const list = await admin.get('/api/datasets/sharing');
    expect(list.json.items).toMatchObject([{ dataset: 'subsidies', grantee_kind: 'role', grantee: 'data_admin' }]);
    const del = await admin.del('/api/datasets/subsidies/sharing/role/data_admin');
    expect(del.json.removed).toBe(true);
    expect((await admin.get('/api/datasets/subsidies/rows')).status).toBe(403);
    // a rule for the organisation works the same way
    await admin.post('/api/datasets/sharing', { dataset: 'subsidies', grantee_kind: 'org', grantee: String(orgId('示范市纪委监委')) });
    expect((await admin.get('/api/datasets/subsidies/rows')).status).toBe(200);
  });

  it('traces a stored row to its batch, file and row number, including replaced versions', async () => {
    const finance = await w.as('finance');
    const changed = await upload(finance, '/api/datasets/subsidies/import', '五月低保（更正）.csv', `发放编号,项目名称,身份证号,姓名,金额,发放日期\nH1,城乡低保,${X},张三,650,2024-05-01\n`);
    expect(changed.json.report).toMatchObject({ imported: 0, updated: 1 });
    const admin = await w.as('dataadmin');
    const r = await admin.get(`/api/datasets/subsidies/rows/${rowId}/lineage`);
    expect(r.status, r.body).toBe(200);
    expect(r.json).toMatchObject({
      dataset: 'subsidies',
      row_id: rowId,
      version: 2,
      source: { batch_id: changed.json.batch_id, file_name: '五月低保（更正）.csv', row: 2, supplier: '示范市财政局' },
      history: [{ version: 1, batch_id: batchId, file_name: '五月低保.csv', row: 2, replaced_by_batch: changed.json.batch_id }],
    });
    expect((await admin.get('/api/datasets/subsidies/rows/999999/lineage')).status).toBe(404);
    expect((await admin.get('/api/datasets/nosuch/rows/1/lineage')).status).toBe(404);
  });
});
