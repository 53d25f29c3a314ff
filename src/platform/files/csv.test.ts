import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { wallClock } from './cells.ts';
import { CsvParser, formatCsvField, formatCsvRow, openCsv, parseCsvString, writeCsv } from './csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Parse text pushed in pieces of the given sizes. */
function parseInChunks(text: string, sizes: number[]): string[][] {
  const p = new CsvParser();
  const out: string[][] = [];
  let pos = 0;
  let k = 0;
  while (pos < text.length) {
    const size = sizes[k++ % sizes.length];
    p.push(text.slice(pos, pos + size), out);
    pos += size;
  }
  p.finish(out);
  return out;
}

describe('CSV parser (RFC 4180)', () => {
  it.each([
    ['a,b,c\r\n1,2,3\r\n', [['a', 'b', 'c'], ['1', '2', '3']]],
    ['a,b\n1,2', [['a', 'b'], ['1', '2']]], // LF, no final newline
    ['a,b\r1,2\r', [['a', 'b'], ['1', '2']]], // bare CR
    ['"a,b","c""d"\r\n', [['a,b', 'c"d']]],
    ['"line1\r\nline2",x\n', [['line1\r\nline2', 'x']]],
    ['"",x,\n', [['', 'x', '']]],
    [',\n', [['', '']]],
    ['\n\na\n', [[''], [''], ['a']]], // blank lines are records (Excel counts them as rows)
    ['ab"c,d\n', [['ab"c', 'd']]], // quote inside an unquoted field is literal
    ['"ab"c,d\n', [['abc', 'd']]], // text after a closing quote is kept (as Excel does)
    ['张三,"示范县,农业农村局"\n', [['张三', '示范县,农业农村局']]],
    ['', []],
  ])('%j', (text, rows) => {
    expect(parseCsvString(text)).toEqual(rows);
    expect(parseInChunks(text, [1])).toEqual(rows); // one character at a time
  });

  it('an unterminated quote is an error naming the row', () => {
    expect(() => parseCsvString('a,b\n1,"2\n3,4\n')).toThrow(AppError);
    expect(() => parseCsvString('a,b\n1,"2\n3,4\n')).toThrow(/第 2 行/);
  });

  it('CRLF split between chunks is one line end', () => {
    expect(parseInChunks('a\r\nb\r\n', [2])).toEqual([['a'], ['b']]);
  });

  const field = fc.oneof(
    fc.string(),
    fc.constantFrom('', '"', '""', ',', '\r\n', '\n', '\r', ' lead', 'trail ', '张𠀀喆', 'a"b,c\nd'),
  );
  const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 });

  it('format → parse round-trips any rows, however the text is chunked', () => {
    fc.assert(
      fc.property(rows, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), fc.boolean(), (data, sizes, crlf) => {
        const text = data.map((r) => formatCsvRow(r, crlf ? '\r\n' : '\n')).join('');
        expect(parseCsvString(text)).toEqual(data);
        expect(parseInChunks(text, sizes)).toEqual(data);
      }),
    );
  });

  it('formats special values', () => {
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(0.1 + 0.2)).toBe('0.3');
    expect(formatCsvField(wallClock(2024, 3, 15, 10, 30))).toBe('2024-03-15 10:30:00');
    expect(formatCsvField('a"b')).toBe('"a""b"');
    expect(formatCsvField(' x')).toBe('" x"');
  });
});

describe('writeCsv / openCsv', () => {
  const data = [
    ['身份证号', '姓名', '备注'],
    ['11010519491231002X', '张𠀀', '含,逗号'],
    ['110105194912310037', '李喆', '多行\r\n文本'],
    ['', '王堃', '引号"'],
  ];

  it.each(['utf-8', 'utf-8-bom', 'gb18030'] as const)('%s round trip', async (encoding) => {
    const p = path.join(dir, `w-${encoding}.csv`);
    const { rows } = await writeCsv(p, data, { encoding });
    expect(rows).toBe(4);
    const bytes = fs.readFileSync(p);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(encoding === 'utf-8-bom');
    if (encoding === 'gb18030') {
      expect(bytes.includes(Buffer.from([0x95, 0x32, 0x82, 0x36]))).toBe(true); // 𠀀 as a 4-byte GB18030 sequence
      expect(iconv.decode(bytes, 'gb18030')).toContain('张𠀀');
    }
    const csv = await openCsv(p);
    expect(csv.encoding).toBe(encoding);
    const got: string[][] = [];
    for await (const batch of csv.batches) got.push(...batch);
    expect(got).toEqual(data);
  });

  it('streams a large file in bounded batches', async () => {
    const p = path.join(dir, 'big.csv');
    function* gen() {
      for (let i = 0; i < 60_000; i++) yield [String(i), `示范县第${i}号`, i % 7 === 0 ? '多行\n内容' : ''];
    }
    await writeCsv(p, gen(), { encoding: 'gb18030' });
    const csv = await openCsv(p);
    let count = 0;
    let wrong = 0;
    let maxBatch = 0;
    for await (const batch of csv.batches) {
      for (const r of batch) {
        if (r[0] !== String(count) || r[1] !== `示范县第${count}号` || r[2] !== (count % 7 === 0 ? '多行\n内容' : '')) wrong++;
        count++;
      }
      maxBatch = Math.max(maxBatch, batch.length);
    }
    expect(count).toBe(60_000);
    expect(wrong).toBe(0);
    expect(maxBatch).toBeLessThan(60_000);
  });
});
