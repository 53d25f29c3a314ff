import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { wallClock } from './cells.ts';
import { flattenCellValue, readXlsxRows, type SheetRow, writeXlsx } from './xlsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(p: string): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readXlsxRows(p)) out.push(r);
  return out;
}

describe('flattenCellValue', () => {
  it.each([
    [null, undefined, null],
    ['a', undefined, 'a'],
    [3.5, undefined, 3.5],
    [true, undefined, true],
    [{ richText: [{ text: '示范' }, { font: { bold: true }, text: '县' }] }, undefined, '示范县'],
    [{ formula: 'A1+1', result: 5 }, undefined, 5],
    [{ sharedFormula: 'B2', result: '张三' }, undefined, '张三'],
    [{ formula: 'TODAY()', result: 45366.5 }, 'yyyy-mm-dd hh:mm', wallClock(2024, 3, 15, 12)],
    [{ formula: 'A1', result: { error: '#DIV/0!' } }, undefined, '#DIV/0!'],
    [{ formula: 'A1' }, undefined, null],
    [{ text: '链接', hyperlink: 'https://example.org' }, undefined, '链接'],
    [{ error: '#N/A' }, undefined, '#N/A'],
  ])('%j', (value, numFmt, expected) => {
    expect(flattenCellValue(value, numFmt)).toEqual(expected);
  });
});

describe('writeXlsx / readXlsxRows', () => {
  const rows = [
    ['身份证号', '姓名', '金额', '日期', '时间', '是否', '空'],
    ['11010519491231002X', '张𠀀', 12345.6, wallClock(2024, 3, 15), wallClock(2024, 3, 15, 10, 30, 5), true, null],
    ['110105194912310037', '李喆', 0.1, wallClock(1999, 12, 31), wallClock(2000, 1, 1, 0, 0, 1), false, null],
  ];

  it.each([false, true])('round trip (shared strings: %s)', async (sharedStrings) => {
    const p = path.join(dir, `rt-${sharedStrings}.xlsx`);
    await writeXlsx(p, rows, { sharedStrings });
    const got = await readAll(p);
    expect(got.map((r) => r.rowNumber)).toEqual([1, 2, 3]);
    expect(got.map((r) => r.cells)).toEqual([rows[0], rows[1].slice(0, 6), rows[2].slice(0, 6)]); // trailing empty cells are not stored
  });

  it('keeps multi-byte characters intact across XML chunk boundaries (exceljs decodes chunks separately)', async () => {
    for (const sharedStrings of [false, true]) {
      const p = path.join(dir, `cjk-${sharedStrings}.xlsx`);
      // mostly multi-byte text, so most of the ~100 chunk boundaries fall inside a character
      const text = (i: number) => `${i}号${'示范县农业农村局𠀀喆堃'.repeat(20)}`;
      function* gen() {
        for (let i = 0; i < 3000; i++) yield [text(i), i];
      }
      await writeXlsx(p, gen(), { sharedStrings });
      let n = 0;
      let damaged = 0;
      for await (const r of readXlsxRows(p)) if (r.cells[0] !== text(n++)) damaged++;
      expect(n).toBe(3000);
      expect(damaged).toBe(0);
    }
  });

  it('reads the first visible worksheet, with rich text, formulas and gaps', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('说明');
    hidden.state = 'hidden';
    hidden.addRow(['这是说明页']);
    const data = wb.addWorksheet('数据');
    data.getCell('A1').value = '姓名';
    data.getCell('B1').value = '金额';
    data.getCell('A3').value = { richText: [{ text: '王' }, { font: { italic: true }, text: '堃' }] };
    data.getCell('B3').value = { formula: '1+2', result: 3 };
    data.getCell('D3').value = '跳过C列';
    const other = wb.addWorksheet('其他');
    other.addRow(['不应读取']);
    const p = path.join(dir, 'sheets.xlsx');
    await wb.xlsx.writeFile(p);
    const got = await readAll(p);
    expect(got).toEqual([
      { rowNumber: 1, cells: ['姓名', '金额'] },
      { rowNumber: 3, cells: ['王堃', 3, null, '跳过C列'] },
    ]);
  });

  it('formula cells (plain, shared, text and date results) and hyperlinks read as their values', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = 1;
    ws.getCell('A2').value = 2;
    ws.getCell('B1').value = { formula: 'A1*2', result: 2, shareType: 'shared', ref: 'B1:B2' } as ExcelJS.CellFormulaValue;
    ws.getCell('B2').value = { sharedFormula: 'B1', result: 4 } as ExcelJS.CellSharedFormulaValue;
    ws.getCell('C1').value = { formula: 'TEXT(A1,"0")', result: '壹' } as ExcelJS.CellFormulaValue;
    ws.getCell('D1').value = { formula: 'DATE(2024,3,15)', result: wallClock(2024, 3, 15) } as ExcelJS.CellFormulaValue;
    ws.getCell('D1').numFmt = 'yyyy-mm-dd';
    ws.getCell('E1').value = { text: '链接', hyperlink: 'https://example.org' };
    const p = path.join(dir, 'formulas.xlsx');
    await wb.xlsx.writeFile(p);
    expect(await readAll(p)).toEqual([
      { rowNumber: 1, cells: [1, 2, '壹', wallClock(2024, 3, 15), '链接'] },
      { rowNumber: 2, cells: [2, 4] },
    ]);
  });

  it('Excel-style files: date cells with a custom Chinese format become dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['日期']);
    ws.getCell('A2').value = wallClock(2024, 3, 15);
    ws.getCell('A2').numFmt = 'yyyy"年"m"月"d"日"';
    const p = path.join(dir, 'cn-date.xlsx');
    await wb.xlsx.writeFile(p);
    const got = await readAll(p);
    expect(got[1].cells[0]).toEqual(wallClock(2024, 3, 15));
  });

  it('a failing row source rejects writeXlsx (no hang, no open file)', async () => {
    async function* failing() {
      for (let i = 0; i < 5000; i++) yield [i, '示范县'.repeat(50)];
      throw new Error('source failed');
    }
    await expect(writeXlsx(path.join(dir, 'failing.xlsx'), failing())).rejects.toThrow('source failed');
  });

  it('a file that is not an XLSX fails with an AppError', async () => {
    const p = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(p, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    await expect(readAll(p)).rejects.toBeInstanceOf(AppError);
  });

  it('stopping early releases the file', async () => {
    const p = path.join(dir, `rt-false.xlsx`);
    for await (const r of readXlsxRows(p)) {
      expect(r.rowNumber).toBe(1);
      break;
    }
    // the generator finished: iterating a new reader works again
    expect((await readAll(p)).length).toBe(3);
  });
});
