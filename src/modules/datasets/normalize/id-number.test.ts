import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckDigit, isValidIdNumber, normalizeIdNumber, upgradeIdNumber15 } from './id-number.ts';

const digits = (min: number, max = min) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

describe('GB 11643 check digit', () => {
  it('matches the standard’s worked example and other published numbers', () => {
    // GB 11643-1999 appendix example
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    // check digit 0 … 9 all reachable; independent arithmetic for one case:
    // 4·7+4·9+0·10+5·5+2·8+4·4+1·2+9·1+8·6+8·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2 = 220, 220 mod 11 = 0 → '1'
    expect(idCheckDigit('44052419880101001')).toBe('1');
  });
});

describe('normalizeIdNumber — table', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X', false],
    ['11010519491231002x', '11010519491231002X', false],
    ['  11010519491231002X\t', '11010519491231002X', false],
    ['110105 19491231 002X', '11010519491231002X', false],
    ["'11010519491231002X", '11010519491231002X', false],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', false],
    ['110105491231002', '11010519491231002X', false], // 15 → 18
    ['11010519491231002Y', '11010519491231002Y', true], // not a digit/X: kept, invalid
    ['110105194912310021', '110105194912310021', true], // wrong check digit
    ['1101051949123100', '1101051949123100', true], // 16 chars
    ['不详', '不详', true],
    ['  abc  ', 'abc', true],
  ])('%j → %j (invalid: %s)', (input, value, invalid) => {
    const r = normalizeIdNumber(input);
    expect(r).toEqual(invalid ? { ok: true, value, invalid: true } : { ok: true, value });
  });

  it('accepts numbers from XLSX cells (15 digits are exact in a double)', () => {
    expect(normalizeIdNumber(110105491231002)).toEqual({ ok: true, value: '11010519491231002X' });
  });
});

describe('normalizeIdNumber — properties', () => {
  it('17 digits + computed check digit is valid and unchanged', () => {
    fc.assert(
      fc.property(digits(17), (f17) => {
        const id = f17 + idCheckDigit(f17);
        expect(normalizeIdNumber(id)).toEqual({ ok: true, value: id });
        expect(normalizeIdNumber(` ${id.toLowerCase()} `)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('any other check character is kept and marked invalid', () => {
    fc.assert(
      fc.property(digits(17), fc.constantFrom(...'0123456789Xx'), (f17, c) => {
        fc.pre(c.toUpperCase() !== idCheckDigit(f17));
        const r = normalizeIdNumber(f17 + c);
        expect(r).toEqual({ ok: true, value: f17 + c.toUpperCase(), invalid: true });
      }),
    );
  });

  it('every single-digit substitution is detected', () => {
    fc.assert(
      fc.property(digits(17), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (f17, pos, delta) => {
        const id = f17 + idCheckDigit(f17);
        const changed = String.fromCharCode(48 + ((id.charCodeAt(pos) - 48 + delta) % 10));
        const wrong = id.slice(0, pos) + changed + id.slice(pos + 1);
        expect(normalizeIdNumber(wrong)).toMatchObject({ ok: true, invalid: true });
      }),
    );
  });

  it('every transposition of two different adjacent digits is detected', () => {
    fc.assert(
      fc.property(digits(17), fc.integer({ min: 0, max: 15 }), (f17, pos) => {
        fc.pre(f17[pos] !== f17[pos + 1]);
        const id = f17 + idCheckDigit(f17);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(normalizeIdNumber(swapped)).toMatchObject({ ok: true, invalid: true });
      }),
    );
  });

  it('15 → 18: area code, "19", the rest, a valid check digit', () => {
    fc.assert(
      fc.property(digits(15), (id15) => {
        const r = normalizeIdNumber(id15);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.invalid).toBeUndefined();
        expect(r.value).toHaveLength(18);
        expect(r.value.slice(0, 6)).toBe(id15.slice(0, 6));
        expect(r.value.slice(6, 8)).toBe('19');
        expect(r.value.slice(8, 17)).toBe(id15.slice(6));
        expect(isValidIdNumber(r.value)).toBe(true);
        expect(upgradeIdNumber15(id15)).toBe(r.value);
      }),
    );
  });

  it('never rejects, is idempotent, and keeps non-ID text as written (trimmed)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(s.trim() !== '');
        const r = normalizeIdNumber(s);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(normalizeIdNumber(r.value)).toEqual(r);
        if (!/^[\s'0-9xX０-９ｘＸ]*$/.test(s)) expect(r).toEqual({ ok: true, value: s.trim(), invalid: true });
      }),
    );
  });
});
