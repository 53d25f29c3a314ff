import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAmount } from './amount.ts';

/** Canonical "12345.60" from integer cents, with BigInt arithmetic (independent oracle). */
const fromCents = (c: bigint) => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg && a !== 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const cents = fc.bigInt({ min: -(10n ** 18n) + 1n, max: 10n ** 18n - 1n });

describe('normalizeAmount — table', () => {
  it.each([
    ['12,345.60', '12345.60'],
    ['12345.6', '12345.60'],
    ['12345', '12345.00'],
    ['12,345.60元', '12345.60'],
    ['￥12,345.60', '12345.60'],
    ['¥ 12,345.60 元', '12345.60'],
    ['-￥5.00', '-5.00'],
    ['￥-5.00', '-5.00'],
    ['+5', '5.00'],
    ['.5', '0.50'],
    ['5.', '5.00'],
    ['0012.3', '12.30'],
    ['１２，３４５．６', '12345.60'], // full-width digits and separators
    ['12.5万', '125000.00'],
    ['12.5万元', '125000.00'],
    ['1.23456万元', '12345.60'],
    ['1.005', '1.01'], // half away from zero, like numeric(18,2)
    ['1.004', '1.00'],
    ['-1.005', '-1.01'],
    ['9999.995', '10000.00'],
    ['-0.001', '0.00'],
    ['9,999,999,999,999,999.99', '9999999999999999.99'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeAmount(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'abc',
    '1,23', // may be a European decimal comma: refuse rather than guess
    '12,3456',
    ',123',
    '1,234,',
    '1.2.3',
    '--5',
    '-￥-5',
    '12 345',
    '12元5',
    '元',
    '$12',
    '12e3',
    '10,000,000,000,000,000.00', // beyond numeric(18,2)
    '五百元',
  ])('%j is rejected', (input) => {
    expect(normalizeAmount(input)).toEqual({ ok: false, reason: `无法解析的金额 / unparseable amount: ${input}` });
  });

  it('XLSX numbers: Excel’s 15 significant digits, no binary noise', () => {
    expect(normalizeAmount(0.1 + 0.2)).toEqual({ ok: true, value: '0.30' });
    expect(normalizeAmount(12345.6)).toEqual({ ok: true, value: '12345.60' });
    expect(normalizeAmount(-7)).toEqual({ ok: true, value: '-7.00' });
    expect(normalizeAmount(1e-7)).toEqual({ ok: true, value: '0.00' });
    expect(normalizeAmount(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(normalizeAmount(true).ok).toBe(false);
  });
});

describe('normalizeAmount — properties', () => {
  it('any amount, with or without separators, ￥ and 元, is exact', () => {
    fc.assert(
      fc.property(cents, fc.boolean(), fc.boolean(), fc.boolean(), fc.constantFrom('', ' '), (c, sep, yen, yuan, sp) => {
        const canonical = fromCents(c);
        const [int, frac] = canonical.replace('-', '').split('.');
        const body = `${sep ? group(int) : int}.${frac}`;
        const text = `${c < 0n ? '-' : ''}${yen ? `￥${sp}` : ''}${body}${yuan ? `${sp}元` : ''}`;
        expect(normalizeAmount(text)).toEqual({ ok: true, value: canonical });
        expect(normalizeAmount(canonical)).toEqual({ ok: true, value: canonical }); // idempotent
      }),
    );
  });

  it('XLSX numbers with two decimals come out exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (c) => {
        expect(normalizeAmount(Number(c) / 100)).toEqual({ ok: true, value: fromCents(c) });
      }),
    );
  });

  it('more decimals round half away from zero (checked with BigInt)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (milli) => {
        const neg = milli < 0n;
        const a = neg ? -milli : milli;
        const text = `${neg ? '-' : ''}${a / 1000n}.${String(a % 1000n).padStart(3, '0')}`;
        const rounded = (a + 5n) / 10n; // half up on the magnitude
        expect(normalizeAmount(text)).toEqual({ ok: true, value: fromCents(neg ? -rounded : rounded) });
      }),
    );
  });

  it('text with letters is always rejected', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...'abcxyzABC$#%'), fc.string(), (a, letter, b) => {
        expect(normalizeAmount(a + letter + b).ok).toBe(false);
      }),
    );
  });
});
