import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  createStrictDecoder,
  DETECTION_WINDOW,
  decodeFile,
  detectEncodingOfSample,
  detectFileEncoding,
  looksLikeGb18030Text,
  type TextEncodingName,
} from './encoding.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-encoding-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Uint8Array) => {
  const p = path.join(dir, `f${++n}.csv`);
  fs.writeFileSync(p, bytes);
  return p;
};
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const gb = (s: string) => iconv.encode(s, 'gb18030');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function readAll(p: string, enc: TextEncodingName, chunk?: number) {
  let s = '';
  for await (const part of decodeFile(p, enc, chunk)) s += part;
  return s;
}

const expectEncodingError = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('file_encoding');
  expect((err as AppError).message).toMatch(/[\u4e00-\u9fff]/); // Chinese message
  expect((err as AppError).messageEn).toMatch(/[a-z]/);
};

const TEXT = '身份证号,姓名,单位\n11010519491231002X,张𠀀,示范县农业农村局\n110105194912310037,李喆,示范县财政局\n,王堃,\n';

describe('detectEncodingOfSample', () => {
  it('decides UTF-8, UTF-8 with BOM and GB18030', () => {
    expect(detectEncodingOfSample(utf8(TEXT), true)).toEqual({ kind: 'decided', encoding: 'utf-8' });
    expect(detectEncodingOfSample(Buffer.concat([BOM, utf8(TEXT)]), true)).toEqual({ kind: 'decided', encoding: 'utf-8-bom' });
    expect(detectEncodingOfSample(gb(TEXT), true)).toEqual({ kind: 'decided', encoding: 'gb18030' });
    expect(detectEncodingOfSample(utf8('id,name\n1,2\n'), true)).toEqual({ kind: 'ascii' });
  });

  it('a UTF-8 character cut at the end of a partial sample is not an error', () => {
    const bytes = utf8(`abc${'中'.repeat(10)}`);
    for (let cut = 4; cut < bytes.length; cut++) {
      expect(detectEncodingOfSample(bytes.subarray(0, cut), false)).toEqual({ kind: 'decided', encoding: 'utf-8' });
    }
    // …but at the end of the file it is (a truncated file is not valid UTF-8, and not GB18030)
    expect(() => detectEncodingOfSample(utf8('中文').subarray(0, 5), true)).toThrow(AppError);
  });

  it('refuses UTF-16, binary data, Latin-1 text and random bytes', () => {
    expect(() => detectEncodingOfSample(Buffer.from('\ufeffid,name', 'utf16le'), true)).toThrow(/UTF-16/);
    expect(() => detectEncodingOfSample(Buffer.from([0x50, 0x00, 0x01, 0x02]), true)).toThrow(/NUL/);
    // Latin-1: "é," is not a GB18030 sequence → replacement character
    expect(() => detectEncodingOfSample(iconv.encode('name,city\nRené,Genève\n', 'latin1'), true)).toThrow(AppError);
    // Latin-1 that *does* decode as GBK (ü + letter) is caught by the plausibility check
    const latin = iconv.encode('Müller,Zürich,Jürgen,Förster,Bärbel,Göttingen,Düsseldorf\n', 'latin1');
    expect(iconv.decode(latin, 'gb18030')).not.toContain('\ufffd');
    expect(() => detectEncodingOfSample(latin, true)).toThrow(/Latin-1/);
  });

  it('random bytes are never accepted', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 2048 }), (bytes) => {
        fc.pre(bytes.some((b) => b >= 0x80));
        expect(() => detectEncodingOfSample(bytes, true)).toThrow(AppError);
      }),
    );
  });

  it('plausibility: ordinary Chinese with a few rare characters passes', () => {
    expect(looksLikeGb18030Text(gb('张喆、李堃、王𠀀都在示范县农业农村局工作'))).toBe(true);
    expect(looksLikeGb18030Text(gb('喆堃𠀀'))).toBe(true); // too short to judge
  });
});

const chinese = fc.array(fc.constantFrom(...'中华人民共和国示范县农业农村局张王李赵喆堃𠀀𠀁镕，。、（）'), { minLength: 1, maxLength: 40 }).map((a) => a.join(''));
const mixed = fc.array(fc.oneof(chinese, fc.string({ maxLength: 5 })), { maxLength: 20 }).map((a) => a.join(''));

describe('createStrictDecoder', () => {
  it('decodes any text split into arbitrary chunks (UTF-8 and GB18030, incl. 4-byte sequences)', () => {
    fc.assert(
      fc.property(mixed, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }), (text, sizes) => {
        const clean = text.replace(/[\ud800-\udfff]/g, ''); // lone surrogates are not encodable
        for (const [enc, bytes] of [
          ['utf-8', utf8(clean)],
          ['gb18030', gb(clean)],
        ] as const) {
          const d = createStrictDecoder(enc);
          let out = '';
          let pos = 0;
          let k = 0;
          while (pos < bytes.length) {
            const size = sizes[k++ % sizes.length];
            out += d.write(bytes.subarray(pos, pos + size), pos);
            pos += size;
          }
          out += d.end();
          expect(out).toBe(clean);
        }
      }),
    );
  });

  it('fails on invalid bytes instead of producing U+FFFD', () => {
    const d = createStrictDecoder('utf-8');
    expect(d.write(utf8('好的'), 0)).toBe('好的');
    expect(() => d.write(gb('中文'), 6)).toThrow(/UTF-8/);
    const g = createStrictDecoder('gb18030');
    expect(() => g.write(Buffer.from([0x41, 0xff, 0x41]), 0)).toThrow(/GB18030/);
    const t = createStrictDecoder('utf-8');
    t.write(utf8('中').subarray(0, 2), 0);
    expect(() => t.end()).toThrow(AppError); // file ends inside a character
  });
});

describe('detectFileEncoding / decodeFile', () => {
  it('detects and decodes each encoding', async () => {
    for (const [enc, bytes] of [
      ['utf-8', utf8(TEXT)],
      ['utf-8-bom', Buffer.concat([BOM, utf8(TEXT)])],
      ['gb18030', gb(TEXT)],
    ] as const) {
      const p = file(bytes);
      expect(await detectFileEncoding(p)).toBe(enc);
      expect(await readAll(p, enc)).toBe(TEXT); // BOM removed
      expect(await readAll(p, enc, 3)).toBe(TEXT); // 3-byte chunks: every character split somewhere
    }
  });

  it('looks past a long ASCII beginning (English header, ASCII rows) to decide', async () => {
    const ascii = `${'id_number,name\n'.padEnd(DETECTION_WINDOW * 2 + 17, 'x')}\n`;
    const p = file(Buffer.concat([utf8(ascii), gb('11010519491231002X,张喆堃,示范县农业农村局\n')]));
    expect(await detectFileEncoding(p)).toBe('gb18030');
    expect(await readAll(p, 'gb18030')).toContain('张喆堃');
    expect(await detectFileEncoding(file(utf8(ascii)))).toBe('utf-8'); // ASCII only
  });

  it('a UTF-8 character straddling the detection window and read chunks', async () => {
    const prefix = 'a'.repeat(DETECTION_WINDOW - 1); // '𠀀' (4 bytes) starts 1 byte before the boundary
    const text = `${prefix}𠀀喆\n`;
    const p = file(utf8(text));
    expect(await detectFileEncoding(p)).toBe('utf-8');
    expect(await readAll(p, 'utf-8', DETECTION_WINDOW)).toBe(text);
  });

  it('a file valid UTF-8 at first but GBK later fails while reading, not silently', async () => {
    const p = file(Buffer.concat([utf8(`${'姓名'.repeat(40000)}\n`), gb('张三\n')]));
    expect(await detectFileEncoding(p)).toBe('utf-8');
    await expectEncodingError(readAll(p, 'utf-8'));
  });

  it('refuses garbled files with a bilingual AppError', async () => {
    await expectEncodingError(detectFileEncoding(file(iconv.encode('Name,Ort\nRené,Genève\n', 'latin1'))));
    let seed = 42;
    const random = Buffer.alloc(4096, 0).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >> 16) & 0xff;
    });
    await expectEncodingError(detectFileEncoding(file(random)));
  });
});
