/**
 * The import pipeline on the database of this run (PGlite, or PostgreSQL with
 * GUANTONG_TEST_DB=postgres): report shape, rejects, strict mode, idempotent re-import with
 * history, duplicate keys, English headers, XLSX, bad files, transactional failure, audit.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { AppError } from '../../platform/errors.ts';
import { wallClock } from '../../platform/files/cells.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { type ImportProgress, importFile } from './import.service.ts';
import { idCheckDigit } from './normalize/id-number.ts';
import { REQUIRED_EMPTY } from './rows.ts';

let p: TestPlatform;
let dir: string;
const actor = systemActor('test:import');

/** A valid 18-digit ID number from 17 digits. */
const id = (first17: string) => first17 + idCheckDigit(first17);
const A = id('11010519800101001');
const B_BAD = `${'11010519800101002'}${idCheckDigit('11010519800101002') === '0' ? '1' : '0'}`;
const C15 = '110105800101003'; // legacy 15 digits → 110105 19 800101003 + check
const C18 = id('11010519800101003');
const D = id('11010519800101004');
const E = id('11010519800101005');

function write(name: string, text: string, encoding: 'utf-8' | 'gb18030' = 'utf-8'): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  return f;
}

const rowsOf = async (table: string) =>
  (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY _id`.execute(p.db)).rows;
const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(p.db)).rows[0].n);

beforeAll(async () => {
  p = await testPlatform();
  dir = fs.mkdtempSync(path.join(p.dataDir, 'files-'));
});
afterAll(() => p?.close());

const SUBSIDIES_GB = [
  '发放编号,项目名称,身份证号,姓名,金额,发放日期,乡镇,村居,备注',
  `P001,城乡低保,${A},张三,"1,234.50",2024-03-01,东城街道,幸福村,首次发放`,
  `P002,特困供养,${B_BAD},李四,800元,2024/3/5,东城街道,幸福村,`,
  `P003,高龄津贴,${C15},王五,200,2024年3月6日,西城街道,和平村,`,
  `P004,城乡低保,${D},赵六,abc,2024-03-07,,,`,
  'P005,城乡低保,,钱七,100,2024-03-08,,,',
  `P006,城乡低保,${E},孙八,100,2024-13-01,,,`,
].join('\r\n');

describe('import report', () => {
  let first: Awaited<ReturnType<typeof importFile>>;
  const progress: ImportProgress[] = [];

  it('imports a GB18030 CSV and reports exactly the spec shape', async () => {
    const f = write('subsidies-gbk.csv', `${SUBSIDIES_GB}\r\n`, 'gb18030');
    first = await importFile(p, actor, { dataset: 'subsidies', file: f, onProgress: (x) => progress.push(x) });
    const r = first.report;
    expect(Object.keys(r)).toEqual(['dataset', 'file', 'encoding', 'rows_read', 'imported', 'updated', 'rejected', 'invalid_ids']);
    expect(r).toEqual({
      dataset: 'subsidies',
      file: 'subsidies-gbk.csv',
      encoding: 'gb18030',
      rows_read: 6,
      imported: 3,
      updated: 0,
      rejected: [
        { row: 5, column: 'amount', reason: '无法解析的金额 / unparseable amount: abc' },
        { row: 6, column: 'id_number', reason: REQUIRED_EMPTY },
        { row: 7, column: 'paid_on', reason: '无法解析的日期 / unparseable date: 2024-13-01' },
      ],
      invalid_ids: 1,
    });
    for (const x of r.rejected) expect(Object.keys(x)).toEqual(['row', 'column', 'reason']);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.at(-1)?.rowsRead).toBe(6);
  });

  it('stores normalised values with traceability and keeps unknown columns', async () => {
    const rows = await rowsOf('ds_subsidies');
    expect(rows.map((r) => r.payment_id)).toEqual(['P001', 'P002', 'P003']);
    const [r1, r2, r3] = rows;
    expect(r1).toMatchObject({ id_number: A, name: '张三', amount: '1234.50', paid_on: '2024-03-01', town: '东城街道', _row: 2, _version: 1 });
    expect(r1._extra).toEqual({ 备注: '首次发放' });
    expect(r1._invalid).toBeNull();
    expect(r1._batch_id).toBe(first.batchId);
    expect(r2).toMatchObject({ id_number: B_BAD, amount: '800.00', paid_on: '2024-03-05', _row: 3 });
    expect(r2._invalid).toEqual(['id_number']);
    expect(r2._extra).toBeNull();
    expect(r3).toMatchObject({ id_number: C18, paid_on: '2024-03-06', _row: 4 });
  });

  it('records the batch, every rejected value with its raw row, and an audit event', async () => {
    const b = await p.db.selectFrom('import_batches').selectAll().where('id', '=', first.batchId).executeTakeFirstOrThrow();
    expect(b).toMatchObject({
      dataset: 'subsidies',
      file_name: 'subsidies-gbk.csv',
      format: 'csv',
      encoding: 'gb18030',
      status: 'committed',
      rows_read: 6,
      imported: 3,
      updated: 0,
      unchanged: 0,
      rejected: 3,
      invalid_ids: 1,
    });
    expect(b.file_sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(b.file_size)).toBe(fs.statSync(path.join(dir, 'subsidies-gbk.csv')).size);
    expect(b.header[0]).toBe('发放编号');
    const rej = await p.db.selectFrom('import_rejects').selectAll().where('batch_id', '=', first.batchId).orderBy('row').execute();
    expect(rej.map((x) => [x.row, x.column])).toEqual([
      [5, 'amount'],
      [6, 'id_number'],
      [7, 'paid_on'],
    ]);
    expect(rej[0].raw).toEqual(['P004', '城乡低保', D, '赵六', 'abc', '2024-03-07', '', '', '']);
    const ev = await p.db.selectFrom('audit_events').selectAll().where('action', '=', 'dataset.import').where('object_id', '=', String(first.batchId)).execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].detail).toMatchObject({ dataset: 'subsidies', imported: 3, rejected: 3, status: 'committed' });
  });

  it('re-importing the same file changes nothing (0 imported, 0 updated)', async () => {
    const f = path.join(dir, 'subsidies-gbk.csv');
    const again = await importFile(p, actor, { dataset: 'subsidies', file: f });
    expect(again.report).toMatchObject({ rows_read: 6, imported: 0, updated: 0, invalid_ids: 1 });
    expect(again.report.rejected).toHaveLength(3);
    expect(again.unchanged).toBe(3);
    expect(await count('ds_subsidies')).toBe(3);
    expect(await count('ds_subsidies_history')).toBe(0);
    const rows = await rowsOf('ds_subsidies');
    expect(rows.every((r) => r._version === 1 && r._batch_id === first.batchId)).toBe(true);
  });

  it('a later file with the same key replaces the row and keeps the old version in history', async () => {
    const f = write(
      'subsidies-april.csv',
      [
        'payment_id,program,id_number,name,amount,paid_on,town,village',
        `P001,城乡低保,${A},张三,1300,2024-03-01,东城街道,幸福村`,
        `P002,特困供养,${B_BAD},李四,800,2024-03-05,东城街道,幸福村`,
        `P007,城乡低保,${E},孙八,100,2024-04-01,,`,
      ].join('\n'),
    );
    const r = await importFile(p, actor, { dataset: 'subsidies', file: f });
    // P002 is the same as stored (its 备注 was empty; an empty unknown column is not kept)
    expect(r.report).toMatchObject({ encoding: 'utf-8', rows_read: 3, imported: 1, updated: 1, rejected: [], invalid_ids: 1 });
    expect(r.unchanged).toBe(1);
    const rows = await rowsOf('ds_subsidies');
    const p1 = rows.find((x) => x.payment_id === 'P001')!;
    expect(p1).toMatchObject({ amount: '1300.00', _version: 2, _batch_id: r.batchId, _row: 2, _extra: null });
    const hist = await rowsOf('ds_subsidies_history');
    const h1 = hist.find((x) => x.payment_id === 'P001')!;
    expect(h1).toMatchObject({ _id: p1._id, amount: '1234.50', _version: 1, _batch_id: first.batchId, _row: 2, _replaced_by_batch: r.batchId });
    expect(h1._extra).toEqual({ 备注: '首次发放' });
    expect(h1._replaced_at).toBeInstanceOf(Date);
    expect(hist).toHaveLength(1);
  });
});

describe('duplicate keys within one file: the later row wins', () => {
  const file = () =>
    write(
      'land-dup.csv',
      ['身份证号,姓名,承包面积,村居', `${A},张三,5.5,幸福村`, `${D},赵六,3,幸福村`, `${A},张三,6.25,幸福村`, ''].join('\n'),
    );

  it('into an empty table', async () => {
    const r = await importFile(p, actor, { dataset: 'land', file: file() });
    expect(r.report).toMatchObject({ rows_read: 3, imported: 2, updated: 0, rejected: [] });
    expect(r.duplicates).toBe(1);
    const rows = await rowsOf('ds_land');
    expect(rows.find((x) => x.id_number === A)).toMatchObject({ area_mu: '6.25', _row: 4 });
  });

  it('into a table that has the key already', async () => {
    const f = write('land-dup2.csv', ['身份证号,姓名,承包面积,村居', `${A},张三,7,幸福村`, `${A},张三,8,幸福村`].join('\n'));
    const r = await importFile(p, actor, { dataset: 'land', file: f });
    expect(r.report).toMatchObject({ rows_read: 2, imported: 0, updated: 1 });
    expect((await rowsOf('ds_land')).find((x) => x.id_number === A)).toMatchObject({ area_mu: '8', _row: 3, _version: 2 });
    const hist = await rowsOf('ds_land_history');
    expect(hist).toHaveLength(1);
    expect(hist[0]).toMatchObject({ area_mu: '6.25', _version: 1 });
  });
});

describe('strict mode', () => {
  it('imports nothing when a row is bad, but records the attempt and its rejects', async () => {
    const before = await count('ds_deaths');
    const f = write('deaths.csv', ['身份证号,姓名,死亡日期', `${A},张三,2023-05-01`, `${D},赵六,昨天`, `${E},孙八,2023-06-01`].join('\n'));
    const r = await importFile(p, actor, { dataset: 'deaths', file: f, strict: true });
    expect(r.status).toBe('rejected');
    expect(r.report).toEqual({
      dataset: 'deaths',
      file: 'deaths.csv',
      encoding: 'utf-8',
      rows_read: 3,
      imported: 0,
      updated: 0,
      rejected: [{ row: 3, column: 'death_date', reason: '无法解析的日期 / unparseable date: 昨天' }],
      invalid_ids: 0,
    });
    expect(await count('ds_deaths')).toBe(before);
    const b = await p.db.selectFrom('import_batches').selectAll().where('id', '=', r.batchId).executeTakeFirstOrThrow();
    expect(b).toMatchObject({ status: 'rejected', strict: true, imported: 0, rejected: 1 });
  });

  it('imports everything when no row is bad', async () => {
    const f = write('deaths-ok.csv', ['身份证号,姓名,死亡日期', `${A},张三,2023-05-01`].join('\n'));
    const r = await importFile(p, actor, { dataset: 'deaths', file: f, strict: true });
    expect(r.status).toBe('committed');
    expect(r.report.imported).toBe(1);
  });
});

describe('files', () => {
  it('accepts English keys as headers (any case, spaces), in any order, keeping unknown columns', async () => {
    const f = write(
      'persons-en.csv',
      [' STATUS ,Name,id_number,ORG,position,Category,工号', `在职,周一,${A},示范市农业农村局,科员,公务员,A-01`, `退休,吴二,${D},示范市教育局,,事业编制,`].join('\n'),
    );
    const r = await importFile(p, actor, { dataset: 'persons', file: f });
    expect(r.report).toMatchObject({ rows_read: 2, imported: 2, rejected: [] });
    const rows = await rowsOf('ds_persons');
    expect(rows[0]).toMatchObject({ id_number: A, name: '周一', org: '示范市农业农村局', position: '科员', category: '公务员', status: '在职' });
    expect(rows[0]._extra).toEqual({ 工号: 'A-01' });
    expect(rows[1]).toMatchObject({ position: null, status: '退休' });
  });

  it('keeps text exactly: line breaks, tabs and backslashes inside a quoted CSV field', async () => {
    const content = '第一行：路灯不亮\n第二行\t含制表符\\反斜杠\\N 与 \\t 字样\r\n第三行';
    const f = write('hotline-text.csv', `工单编号,受理时间,诉求内容\nH-1,2025-03-01 08:00,"${content.replace(/"/g, '""')}"\n`);
    const r = await importFile(p, actor, { dataset: 'hotline', file: f });
    expect(r.report).toMatchObject({ imported: 1, rejected: [] });
    const rows = await rowsOf('ds_hotline');
    expect(rows[0].content).toBe(content);
  });

  it('imports XLSX (first sheet; date cells, 是/否, plates) with encoding null', async () => {
    const f = path.join(dir, 'trips.xlsx');
    await writeXlsx(f, [
      ['出车编号', '车牌号', '出车时间', '收车时间', '里程', '事由', '是否审批'],
      ['T1', '鲁A·12345', wallClock(2024, 10, 2, 8, 30), wallClock(2024, 10, 2, 18), 120.5, '送文件', '否'],
      ['T2', '鲁a 54321', '2024-10-08 09:00', null, 12, '开会', '是'],
      ['T3', '鲁A12345', 'not a time', null, null, null, null],
    ]);
    const r = await importFile(p, actor, { dataset: 'trips', file: f });
    expect(r.report).toEqual({
      dataset: 'trips',
      file: 'trips.xlsx',
      encoding: null,
      rows_read: 3,
      imported: 2,
      updated: 0,
      rejected: [{ row: 4, column: 'start_at', reason: '无法解析的日期时间 / unparseable date-time: not a time' }],
      invalid_ids: 0,
    });
    const rows = await rowsOf('ds_trips');
    expect(rows[0]).toMatchObject({ trip_id: 'T1', plate: '鲁A12345', km: '120.5', approved: false });
    expect((rows[0].start_at as Date).toISOString()).toBe('2024-10-02T00:30:00.000Z');
    expect(rows[1]).toMatchObject({ plate: '鲁A54321', approved: true, end_at: null });
  });

  it('fails the whole file for a missing required column, naming it, and keeps nothing', async () => {
    const batches = await count('import_batches');
    const f = write('persons-bad.csv', `身份证号,单位\n${A},x\n`);
    const err = await importFile(p, actor, { dataset: 'persons', file: f }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('missing_column');
    expect(err.message).toContain('姓名');
    expect(err.messageEn).toContain('name');
    expect(await count('import_batches')).toBe(batches);
  });

  it('refuses an unknown dataset, a missing file and an undecodable encoding', async () => {
    const e1 = await importFile(p, actor, { dataset: 'nosuch', file: 'x.csv' }).catch((e) => e);
    expect(e1.code).toBe('unknown_dataset');
    const e2 = await importFile(p, actor, { dataset: 'land', file: path.join(dir, 'absent.csv') }).catch((e) => e);
    expect(e2.code).toBe('file_not_found');
    const latin1 = path.join(dir, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('id_number,name,area_mu\n1,M\xfcller Z\xfcrich \xe9t\xe9 na\xefve \xe0 \xe7a \xc4\xd6\xdc\xe4\xf6\xfc\xdf,1\n', 'latin1'));
    const e3 = await importFile(p, actor, { dataset: 'land', file: latin1 }).catch((e) => e);
    expect(e3.code).toBe('file_encoding');
  });

  it('an error in the middle of a file leaves no rows and no batch behind', async () => {
    const before = { rows: await count('ds_grain'), batches: await count('import_batches'), audit: await count('audit_events') };
    const lines = ['收购单号,售粮人身份证号,售粮人,收购数量,收购日期,粮库'];
    for (let i = 0; i < 3000; i++) lines.push(`G${i},${A},张三,${1000 + i},2024-10-01,城北粮库`);
    lines.push('G-last,"unterminated');
    const f = write('grain-broken.csv', lines.join('\n'));
    const err = await importFile(p, actor, { dataset: 'grain', file: f }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('csv_syntax');
    expect(await count('ds_grain')).toBe(before.rows);
    expect(await count('import_batches')).toBe(before.batches);
    expect(await count('audit_events')).toBe(before.audit);
  });
});
