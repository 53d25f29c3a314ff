import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../../../platform/files/cells.ts';
import { normalizeBool } from './bool.ts';
import { normalizeIp } from './ip.ts';
import { normalizeMac } from './mac.ts';
import { normalizePlate } from './plate.ts';
import { normalizeText } from './text.ts';

describe('normalizePlate', () => {
  it.each([
    ['鲁A·12345', '鲁A12345'],
    ['鲁a12345', '鲁A12345'],
    [' 鲁 A 12345 ', '鲁A12345'],
    ['鲁A-12345', '鲁A12345'],
    ['鲁Ａ·１２３４５', '鲁A12345'],
    ['鲁AD12345', '鲁AD12345'], // new-energy plate
    ['鲁A1234学', '鲁A1234学'],
  ])('%j → %s', (input, expected) => {
    expect(normalizePlate(input)).toEqual({ ok: true, value: expected });
  });

  it('any civilian plate, however decorated, normalises to the bare upper-case form', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'),
        fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ'),
        fc.stringMatching(/^[A-HJ-NP-Z0-9]{5,6}$/),
        fc.constantFrom('', '·', ' ', ' · ', '-'),
        fc.boolean(),
        (province, letter, rest, sep, lower) => {
          const canonical = province + letter + rest;
          const text = province + letter + sep + rest;
          expect(normalizePlate(lower ? text.toLowerCase() : text)).toEqual({ ok: true, value: canonical });
        },
      ),
    );
  });

  it('non-plates are kept (normalised) but marked invalid', () => {
    expect(normalizePlate('无牌照')).toEqual({ ok: true, value: '无牌照', invalid: true });
    expect(normalizePlate('A·12345')).toEqual({ ok: true, value: 'A12345', invalid: true });
  });
});

describe('normalizeMac', () => {
  it.each([
    ['AA-BB-CC-DD-EE-FF', 'AA-BB-CC-DD-EE-FF'],
    ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF'],
    ['aabb.ccdd.eeff', 'AA-BB-CC-DD-EE-FF'],
    ['aabbccddeeff', 'AA-BB-CC-DD-EE-FF'],
    [' 00-1a-2B-3c-4D-5e ', '00-1A-2B-3C-4D-5E'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeMac(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['AA-BB-CC-DD-EE', 'AA-BB:CC-DD-EE-FF', 'GG-BB-CC-DD-EE-FF', '无'])('%j is kept and marked invalid', (input) => {
    expect(normalizeMac(input)).toEqual({ ok: true, value: input, invalid: true });
  });

  it('any 6 bytes in any accepted notation → AA-BB-CC-DD-EE-FF', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), (bytes, style, lower) => {
        const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase());
        let text = [hex.join('-'), hex.join(':'), hex.join(''), `${hex[0]}${hex[1]}.${hex[2]}${hex[3]}.${hex[4]}${hex[5]}`][style];
        if (lower) text = text.toLowerCase();
        expect(normalizeMac(text)).toEqual({ ok: true, value: hex.join('-') });
      }),
    );
  });
});

describe('normalizeIp', () => {
  it.each([
    ['192.168.1.10', '192.168.1.10'],
    ['010.001.002.003', '10.1.2.3'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['::1', '::1'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeIp(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4:80', 'localhost'])('%j is kept and marked invalid', (input) => {
    expect(normalizeIp(input)).toEqual({ ok: true, value: input, invalid: true });
  });

  it('every IPv4 address round-trips', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(normalizeIp(ip)).toEqual({ ok: true, value: ip });
      }),
    );
  });
});

describe('normalizeBool', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['有', true],
    ['无', false],
    ['Y', true],
    ['n', false],
    ['yes', true],
    ['NO', false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['FALSE', false],
    [' 是 ', true],
    ['√', true],
    ['×', false],
  ])('%j → %s', (input, expected) => {
    expect(normalizeBool(input)).toEqual({ ok: true, value: expected });
  });

  it('XLSX booleans and 1/0 numbers', () => {
    expect(normalizeBool(true)).toEqual({ ok: true, value: true });
    expect(normalizeBool(0)).toEqual({ ok: true, value: false });
    expect(normalizeBool(2)).toEqual({ ok: false, reason: '无法解析的是/否值 / unparseable yes/no value: 2' });
  });

  it('accepted tokens in any case and padding; everything else is rejected', () => {
    const yes = ['是', '有', 'y', 'yes', '1', 'true', 't', '√', '✓'];
    const no = ['否', '无', '無', 'n', 'no', '0', 'false', 'f', '×', '✗'];
    const caseOf = (s: string, upper: boolean[]) => [...s].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
    fc.assert(
      fc.property(fc.constantFrom(...yes, ...no), fc.array(fc.boolean(), { minLength: 1 }), fc.constantFrom('', ' ', '\t'), (token, upper, pad) => {
        expect(normalizeBool(pad + caseOf(token, upper) + pad)).toEqual({ ok: true, value: yes.includes(token) });
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        fc.pre(s.trim() !== '' && ![...yes, ...no].includes(s.trim().toLowerCase()));
        expect(normalizeBool(s).ok).toBe(false);
      }),
    );
  });

  it.each(['是的', '不是', 'maybe', '2', '未知'])('%j is rejected', (input) => {
    expect(normalizeBool(input)).toEqual({ ok: false, reason: `无法解析的是/否值 / unparseable yes/no value: ${input}` });
  });
});

describe('normalizeText', () => {
  it('any text comes back trimmed and otherwise unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(normalizeText(s)).toEqual({ ok: true, value: s.trim() });
      }),
    );
  });

  it('trims, keeps inner text, shows numbers and dates as a spreadsheet does', () => {
    expect(normalizeText('  示范县 农业农村局 \n')).toEqual({ ok: true, value: '示范县 农业农村局' });
    expect(normalizeText(0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(normalizeText(9007199254740993n as unknown as number)).toEqual({ ok: true, value: '9007199254740993' });
    expect(normalizeText(wallClock(2024, 3, 15))).toEqual({ ok: true, value: '2024-03-15' });
    expect(normalizeText(wallClock(2024, 3, 15, 8, 5))).toEqual({ ok: true, value: '2024-03-15 08:05:00' });
  });
});
