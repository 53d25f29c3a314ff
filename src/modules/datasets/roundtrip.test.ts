/**
 * Files → readTable → mapHeader → validateRow, in every encoding (UTF-8, UTF-8 with BOM,
 * GB18030) and both formats (CSV, XLSX), with rare characters, English headers in another
 * order, an unknown column, and garbled input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { wallClock } from '../../platform/files/cells.ts';
import { writeCsv } from '../../platform/files/csv.ts';
import { readTable } from '../../platform/files/table.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { idCheckDigit } from './normalize/id-number.ts';
import { mapHeader, type RowError, validateRow } from './rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-datasets-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const id = (f17: string) => f17 + idCheckDigit(f17);
const ID1 = id('11010519491231002'); // …X
const ID2 = id('37010219800101123');
const ID3 = id('44052419880101001');

/** subsidies rows as a partner would deliver them (text everywhere, as in CSV). */
const HEADER_ZH = ['发放编号', '项目名称', '身份证号', '姓名', '金额', '发放日期', '乡镇', '村居'];
const ROWS_TEXT = [
  ['FF2024-001', '城乡低保', ID1, '张𠀀', '1,234.50元', '2024/3/5', '示范镇', '幸福村'],
  ['FF2024-002', '高龄津贴', '110105491231002', '李喆', '￥300', '2024年3月6日', '示范镇', '和谐村'],
  ['FF2024-003', '残疾人两项补贴', `${ID2.slice(0, 17)}${ID2[17] === '0' ? '1' : '0'}`, '王堃', '88.8', '2024-03-07', '', ''],
  ['FF2024-004', '城乡低保', ID3, '赵六', '12.5万元', '2024-13-01', '示范镇', '幸福村'], // bad date
  ['FF2024-005', '', ID3, '钱七', '100', '2024-03-08', '示范镇', '幸福村'], // empty required program
];
const EXPECTED_VALUES = [
  { payment_id: 'FF2024-001', program: '城乡低保', id_number: ID1, name: '张𠀀', amount: '1234.50', paid_on: '2024-03-05', town: '示范镇', village: '幸福村' },
  { payment_id: 'FF2024-002', program: '高龄津贴', id_number: ID1, name: '李喆', amount: '300.00', paid_on: '2024-03-06', town: '示范镇', village: '和谐村' },
  {
    payment_id: 'FF2024-003',
    program: '残疾人两项补贴',
    id_number: ROWS_TEXT[2][2],
    name: '王堃',
    amount: '88.80',
    paid_on: '2024-03-07',
    town: null,
    village: null,
  },
];

interface Outcome {
  encoding: string | null;
  accepted: { row: number; values: Record<string, unknown>; extra: Record<string, string> }[];
  rejected: { row: number; errors: RowError[] }[];
  invalidIds: number;
}

async function importFile(p: string, dataset: string): Promise<Outcome> {
  const table = await readTable(p);
  const map = mapHeader(dataset, table.header);
  const out: Outcome = { encoding: table.encoding, accepted: [], rejected: [], invalidIds: 0 };
  for await (const row of table.rows) {
    const r = validateRow(map, row.cells);
    if (r.ok) {
      out.accepted.push({ row: row.rowNumber, values: r.values, extra: r.extra });
      out.invalidIds += r.invalidIds;
    } else out.rejected.push({ row: row.rowNumber, errors: r.errors });
  }
  return out;
}

const EXPECTED_REJECTED = [
  { row: 5, errors: [{ column: 'paid_on', reason: '无法解析的日期 / unparseable date: 2024-13-01' }] },
  { row: 6, errors: [{ column: 'program', reason: '必填项为空 / required value is empty' }] },
];

describe('round trip: every encoding and format', () => {
  it.each(['utf-8', 'utf-8-bom', 'gb18030'] as const)('CSV %s', async (encoding) => {
    const p = path.join(dir, `subsidies-${encoding}.csv`);
    await writeCsv(p, [HEADER_ZH, ...ROWS_TEXT], { encoding });
    const r = await importFile(p, 'subsidies');
    expect(r.encoding).toBe(encoding);
    expect(r.accepted.map((a) => a.row)).toEqual([2, 3, 4]);
    expect(r.accepted.map((a) => a.values)).toEqual(EXPECTED_VALUES);
    expect(r.rejected).toEqual(EXPECTED_REJECTED);
    expect(r.invalidIds).toBe(1);
  });

  it('the GB18030 file really holds 𠀀 as a 4-byte sequence and 喆/堃 as GBK characters', async () => {
    const bytes = fs.readFileSync(path.join(dir, 'subsidies-gb18030.csv'));
    expect(bytes.includes(iconv.encode('𠀀', 'gb18030'))).toBe(true);
    expect(iconv.encode('𠀀', 'gb18030')).toHaveLength(4);
    expect(bytes.includes(Buffer.from([0x86, 0xb4]))).toBe(true); // 喆
    expect(bytes.includes(Buffer.from([0x88, 0xd2]))).toBe(true); // 堃
    expect(bytes.includes(Buffer.from('𠀀', 'utf8'))).toBe(false);
  });

  it.each([false, true])('XLSX (shared strings: %s), text cells', async (sharedStrings) => {
    const p = path.join(dir, `subsidies-${sharedStrings}.xlsx`);
    await writeXlsx(p, [HEADER_ZH, ...ROWS_TEXT], { sharedStrings });
    const r = await importFile(p, 'subsidies');
    expect(r.encoding).toBeNull();
    expect(r.accepted.map((a) => a.values)).toEqual(EXPECTED_VALUES);
    expect(r.rejected).toEqual(EXPECTED_REJECTED);
    expect(r.invalidIds).toBe(1);
  });

  it('XLSX with typed cells: numbers, date cells, serials, booleans', async () => {
    const p = path.join(dir, 'receptions.xlsx');
    await writeXlsx(p, [
      ['接待编号', '接待单位', '接待日期', '接待对象人数', '陪同人数', '金额', '含酒水', '公函'],
      [20240001, '示范县财政局', wallClock(2024, 3, 15), 5, 3, 1280.5, false, '有'],
      ['JD-2', '示范县审计局', 45366, 2, 2, 0.1 + 0.2, true, '无'],
      ['JD-3', '示范县审计局', '2024-02-30', 2, 2, 100, '是', '否'],
    ]);
    const r = await importFile(p, 'receptions');
    expect(r.accepted.map((a) => a.values)).toEqual([
      { reception_id: '20240001', org: '示范县财政局', date: '2024-03-15', guests: 5, hosts: 3, amount: '1280.50', alcohol: false, letter: true },
      { reception_id: 'JD-2', org: '示范县审计局', date: '2024-03-15', guests: 2, hosts: 2, amount: '0.30', alcohol: true, letter: false },
    ]);
    expect(r.rejected).toEqual([{ row: 4, errors: [{ column: 'date', reason: '无法解析的日期 / unparseable date: 2024-02-30' }] }]);
  });
});

describe('round trip: headers', () => {
  const header = ['Name', 'AMOUNT', '备注', 'paid_on', 'id_number', 'Payment_ID', ' program '];
  const row = ['张𠀀', '1,234.50', '第一批', '2024-03-05', ID1, 'FF-9', '城乡低保'];

  it.each(['csv', 'xlsx'] as const)('English keys in another order plus an unknown column (%s)', async (format) => {
    const p = path.join(dir, `english.${format}`);
    if (format === 'csv') await writeCsv(p, [header, row], { encoding: 'gb18030' });
    else await writeXlsx(p, [header, row]);
    const r = await importFile(p, 'subsidies');
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toEqual([
      {
        row: 2,
        values: {
          payment_id: 'FF-9',
          program: '城乡低保',
          id_number: ID1,
          name: '张𠀀',
          amount: '1234.50',
          paid_on: '2024-03-05',
          town: null,
          village: null,
        },
        extra: { 备注: '第一批' },
      },
    ]);
  });

  it('a missing required column fails the whole file', async () => {
    const p = path.join(dir, 'missing.csv');
    await writeCsv(p, [HEADER_ZH.filter((h) => h !== '金额'), ['x']]);
    const err = await importFile(p, 'subsidies').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('missing_column');
    expect((err as AppError).message).toContain('金额');
    expect((err as AppError).messageEn).toContain('amount');
  });
});

describe('round trip: garbled files are refused', () => {
  it('Latin-1 text', async () => {
    const p = path.join(dir, 'latin1.csv');
    fs.writeFileSync(p, iconv.encode('Name,Betrag\nJürgen Müller,12\nRené Gérard,13\n', 'latin1'));
    await expect(importFile(p, 'subsidies')).rejects.toMatchObject({ code: 'file_encoding' });
  });

  it('random bytes', async () => {
    const p = path.join(dir, 'random.csv');
    let seed = 7;
    const bytes = Buffer.alloc(8192).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >> 16) & 0xff;
    });
    fs.writeFileSync(p, bytes);
    await expect(importFile(p, 'subsidies')).rejects.toBeInstanceOf(AppError);
  });

  it('GBK in the middle of a UTF-8 file (mixed encodings)', async () => {
    const p = path.join(dir, 'mixed.csv');
    const head = Buffer.from(`${HEADER_ZH.join(',')}\n${ROWS_TEXT[0].join(',')}\n`.repeat(1), 'utf8');
    const filler = Buffer.from(`${ROWS_TEXT[0].join(',')}\n`.repeat(2000), 'utf8');
    fs.writeFileSync(p, Buffer.concat([head, filler, iconv.encode(`${ROWS_TEXT[1].join(',')}\n`, 'gb18030')]));
    await expect(importFile(p, 'subsidies')).rejects.toMatchObject({ code: 'file_encoding' });
  });
});
