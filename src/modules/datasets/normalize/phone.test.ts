import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone — table', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['86 13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['(+86) 138 0013 8000', '13800138000'],
    ['013800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['0531-88886666', '053188886666'],
    ['(0531)8888-6666', '053188886666'],
    ['（0531）88886666', '053188886666'],
    ['010-88886666', '01088886666'],
    ['0755-8888666', '07558888666'],
    ['+86 531 8888 6666', '053188886666'],
    ['+86 10 8888 6666', '01088886666'],
    ['0531-88886666转123', '053188886666-123'],
    ['0531-88886666-123', '053188886666-123'],
    ['0531-88886666 ext. 45', '053188886666-45'],
    ['88886666', '88886666'],
    ['12345', '12345'],
    ['95588', '95588'],
    ['400-123-4567', '4001234567'],
    ['+1 415 555 0100', '+14155550100'],
  ])('%j → %s', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['不详', '138001380', '13800138000/13900139000', '1380013800012', 'tel:13800138000', '13800138000转1'])(
    '%j is kept as written and marked invalid (phones never reject a row)',
    (input) => {
      expect(normalizePhone(input)).toEqual({ ok: true, value: input, invalid: true });
    },
  );

  it('XLSX numbers', () => {
    expect(normalizePhone(13800138000)).toEqual({ ok: true, value: '13800138000' });
  });
});

const mobile = fc.stringMatching(/^1[3-9][0-9]{9}$/);
const sep = fc.constantFrom('', ' ', '-');

describe('normalizePhone — properties', () => {
  it('a mobile number with any +86/86/0086 prefix and separators → its 11 digits', () => {
    fc.assert(
      fc.property(mobile, fc.constantFrom('', '+86', '+86 ', '86', '86-', '0086 ', '+86-'), sep, sep, (m, prefix, s1, s2) => {
        const text = `${prefix}${m.slice(0, 3)}${s1}${m.slice(3, 7)}${s2}${m.slice(7)}`;
        expect(normalizePhone(text)).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('a landline with area code → area code + number, digits only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('010', '021', '022', '0531', '0532', '0755', '0898', '0371'),
        fc.stringMatching(/^[2-8][0-9]{6,7}$/),
        fc.constantFrom('-', ' ', ''),
        fc.boolean(),
        (area, local, s, parens) => {
          fc.pre(area.length === 4 || local.length === 8); // 3-digit area codes have 8-digit numbers
          const text = parens ? `(${area})${local}` : `${area}${s}${local}`;
          expect(normalizePhone(text)).toEqual({ ok: true, value: area + local });
          expect(normalizePhone(`+86 ${area.slice(1)} ${local}`)).toEqual({ ok: true, value: area + local });
        },
      ),
    );
  });

  it('never rejects and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(s.trim() !== '');
        const r = normalizePhone(s);
        expect(r.ok).toBe(true);
        if (r.ok) expect(normalizePhone(r.value)).toEqual(r);
      }),
    );
  });
});
