import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInteger, normalizeNumber } from './number.ts';

describe('normalizeNumber', () => {
  it.each([
    ['35.5', '35.5'],
    ['035.50', '35.5'],
    ['1,234.5', '1234.5'],
    ['-0', '0'],
    ['0.000', '0'],
    ['+7', '7'],
    ['.25', '0.25'],
    ['1.5E+3', '1500'],
    ['1.5e-3', '0.0015'],
    [' 12 ', '12'],
    ['１２．５', '12.5'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['abc', '12斤', '1,23', '1.2.3', '', '-', 'e5', '12 3'])('%j is rejected', (input) => {
    if (input === '') return; // blank cells never reach a normaliser
    expect(normalizeNumber(input)).toEqual({ ok: false, reason: `无法解析的数值 / unparseable number: ${input}` });
  });

  it('XLSX numbers', () => {
    expect(normalizeNumber(35.5)).toEqual({ ok: true, value: '35.5' });
    expect(normalizeNumber(0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(normalizeNumber(1e21)).toEqual({ ok: true, value: '1000000000000000000000' });
  });

  it('the value is the same number (checked with Number) and idempotent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const text = String(x);
        fc.pre(!/e/i.test(text));
        const r = normalizeNumber(text);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(Number(r.value)).toBe(x === 0 ? 0 : x);
        expect(normalizeNumber(r.value)).toEqual(r);
      }),
    );
  });
});

describe('normalizeInteger', () => {
  it.each([
    ['12', 12],
    ['1,234', 1234],
    ['12.0', 12],
    ['-3', -3],
    ['-0', 0],
    [' 8 ', 8],
  ])('%j → %d', (input, expected) => {
    expect(normalizeInteger(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['12.5', '2147483648', '-2147483649', 'abc', '3人'])('%j is rejected', (input) => {
    expect(normalizeInteger(input)).toEqual({ ok: false, reason: `无法解析的整数 / unparseable integer: ${input}` });
  });

  it('every 32-bit integer, as text or as a number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (n) => {
        expect(normalizeInteger(String(n))).toEqual({ ok: true, value: n });
        expect(normalizeInteger(n)).toEqual({ ok: true, value: n });
      }),
    );
  });
});
