import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { wallClock } from './cells.ts';
import { writeCsv } from './csv.ts';
import { readTable, type TableRow } from './table.ts';
import { writeXlsx } from './xlsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-table-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => path.join(dir, name);

async function rowsOf(p: string) {
  const t = await readTable(p);
  const rows: TableRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { ...t, all: rows };
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('readTable', () => {
  it('CSV: header, spreadsheet row numbers, blank rows skipped, multi-line fields', async () => {
    const p = at('a.csv');
    fs.writeFileSync(p, '\ufeff 姓名 ,金额\r\n张三,1\r\n\r\n,\r\n"李\r\n四",2\r\n王五,3');
    const t = await rowsOf(p);
    expect(t.format).toBe('csv');
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.header).toEqual(['姓名', '金额']);
    expect(t.headerRowNumber).toBe(1);
    expect(t.all).toEqual([
      { rowNumber: 2, cells: ['张三', '1'] },
      { rowNumber: 5, cells: ['李\r\n四', '2'] }, // rows 3 (empty line) and 4 (",") are blank
      { rowNumber: 6, cells: ['王五', '3'] },
    ]);
  });

  it('batches carry the same rows as rows', async () => {
    const p = at('batches.csv');
    await writeCsv(p, (function* () {
      yield ['n', 'text'];
      for (let i = 0; i < 30_000; i++) yield i % 1000 === 0 ? ['', ''] : [String(i), '示范县'.repeat(i % 5)];
    })());
    const t = await readTable(p);
    const got: TableRow[] = [];
    let batchCount = 0;
    for await (const b of t.batches) {
      expect(b.length).toBeGreaterThan(0);
      batchCount++;
      got.push(...b);
    }
    expect(got.length).toBe(30_000 - 30); // blank rows skipped
    expect(got[0]).toEqual({ rowNumber: 3, cells: ['1', '示范县'] }); // row 2 was blank
    expect(got.every((r) => r.rowNumber === Number(r.cells[0]) + 2)).toBe(true);
    expect(batchCount).toBeLessThan(got.length);
  });

  it('CSV in GB18030 with rare characters', async () => {
    const p = at('gb.csv');
    fs.writeFileSync(p, iconv.encode('姓名,单位\n张𠀀,示范县农业农村局\n李喆,示范县财政局\n王堃,示范县审计局\n', 'gb18030'));
    const t = await rowsOf(p);
    expect(t.encoding).toBe('gb18030');
    expect(t.all.map((r) => r.cells[0])).toEqual(['张𠀀', '李喆', '王堃']);
  });

  it('XLSX: format by content, not by file name; header drops trailing empty cells', async () => {
    const p = at('data.bin');
    await writeXlsx(p, [['姓名', '日期', null], ['张三', wallClock(2024, 3, 15)], [], ['李四', 45366]]);
    const t = await rowsOf(p);
    expect(t.format).toBe('xlsx');
    expect(t.encoding).toBeNull();
    expect(t.header).toEqual(['姓名', '日期']);
    expect(t.all).toEqual([
      { rowNumber: 2, cells: ['张三', wallClock(2024, 3, 15)] },
      { rowNumber: 4, cells: ['李四', 45366] },
    ]);
  });

  it('refuses empty files, legacy .xls and missing files with bilingual errors', async () => {
    fs.writeFileSync(at('empty.csv'), '\r\n\r\n');
    expect((await appError(readTable(at('empty.csv')))).code).toBe('file_empty');
    fs.writeFileSync(at('old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const xls = await appError(readTable(at('old.xls')));
    expect(xls.code).toBe('file_format');
    expect(xls.message).toContain('.xls');
    expect((await appError(readTable(at('nope.csv')))).code).toBe('file_not_found');
  });

  it('refuses a garbled file', async () => {
    fs.writeFileSync(at('latin1.csv'), iconv.encode('Name,Stadt\nJürgen Müller,Zürich\nRené,Genève\n', 'latin1'));
    expect((await appError(readTable(at('latin1.csv')))).code).toBe('file_encoding');
  });

  it('close() and early break release the file', async () => {
    const p = at('many.csv');
    await writeCsv(p, (function* () {
      yield ['n'];
      for (let i = 0; i < 100_000; i++) yield [String(i)];
    })());
    const t = await readTable(p);
    for await (const r of t.rows) {
      expect(r.rowNumber).toBe(2);
      break;
    }
    await t.close(); // idempotent after the break
    const u = await readTable(p);
    await u.close();
    const rest: TableRow[] = [];
    for await (const r of u.rows) rest.push(r);
    expect(rest.length).toBeLessThan(100_000);
  });
});
