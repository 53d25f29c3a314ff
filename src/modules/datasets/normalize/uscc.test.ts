import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUscc, normalizeUscc, USCC_CHARS, usccCheckChar } from './uscc.ts';

const prefix17 = fc.array(fc.constantFrom(...USCC_CHARS), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));

describe('GB 32100 check character', () => {
  it('agrees with a hand computation', () => {
    // 9·1+1·3+3·9+5·27+0·19+1·26+0·16+0·17+M(21)·20+0·29+0·25+0·13+1·8+0·24+0·10+Y(30)·30+4·28
    // = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31−28 = 3 → '3'
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('uses the 31-character alphabet without I, O, S, V, Z', () => {
    expect(USCC_CHARS).toHaveLength(31);
    for (const c of 'IOSVZ') expect(USCC_CHARS).not.toContain(c);
  });
});

describe('normalizeUscc — table', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43', false],
    [' 91350100m000100y43 ', '91350100M000100Y43', false],
    ['9135 0100 M000 100Y 43', '91350100M000100Y43', false],
    ['91350100M000100Y44', '91350100M000100Y44', true],
    ['91350100O000100Y43', '91350100O000100Y43', true], // letter O is not in the alphabet
    ['350100400012345', '350100400012345', true], // old 15-digit registration number
    ['无', '无', true],
  ])('%j → %j (invalid: %s)', (input, value, invalid) => {
    expect(normalizeUscc(input)).toEqual(invalid ? { ok: true, value, invalid: true } : { ok: true, value });
  });
});

describe('normalizeUscc — properties', () => {
  it('a computed check character is valid; lower case and spaces are normalised', () => {
    fc.assert(
      fc.property(prefix17, (p) => {
        const code = p + usccCheckChar(p);
        expect(normalizeUscc(code)).toEqual({ ok: true, value: code });
        expect(normalizeUscc(`  ${code.toLowerCase()}`)).toEqual({ ok: true, value: code });
      }),
    );
  });

  it('every single-character substitution is detected (31 is prime)', () => {
    fc.assert(
      fc.property(prefix17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (p, pos, delta) => {
        const code = p + usccCheckChar(p);
        const c = USCC_CHARS[(USCC_CHARS.indexOf(code[pos]) + delta) % 31];
        const wrong = code.slice(0, pos) + c + code.slice(pos + 1);
        expect(normalizeUscc(wrong)).toEqual({ ok: true, value: wrong, invalid: true });
      }),
    );
  });

  it('never rejects and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(s.trim() !== '');
        const r = normalizeUscc(s);
        expect(r.ok).toBe(true);
        if (r.ok) expect(normalizeUscc(r.value)).toEqual(r);
      }),
    );
  });
});
