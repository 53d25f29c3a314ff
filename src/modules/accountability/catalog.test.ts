import { describe, expect, it } from 'vitest';
import { type Form, GOV_SANCTIONS, type GovSanction, type Measure, PARTY_SANCTIONS, type PartySanction, formOf, isMajor, validateOutcome } from './catalog.ts';

const person = (measure: Measure, extra: { party?: PartySanction; gov?: GovSanction; judicial?: boolean } = {}) => ({
  targetKind: 'person' as const,
  measure,
  partySanction: extra.party ?? null,
  govSanction: extra.gov ?? null,
  judicialTransfer: extra.judicial ?? false,
});

describe('“四种形态” classification', () => {
  const table: [string, ReturnType<typeof person>, Form][] = [
    ['批评教育', person('criticism'), 1],
    ['谈话函询', person('inquiry'), 1],
    ['提醒谈话', person('reminder'), 1],
    ['通报批评', person('notice'), 1],
    ['诫勉', person('admonish'), 1],
    ['组织调整', person('org_adjust'), 2],
    ['重大职务调整', person('major_adjust'), 3],
    ['党纪警告', person('discipline', { party: 'warning' }), 2],
    ['严重警告', person('discipline', { party: 'serious_warning' }), 2],
    ['撤销党内职务', person('discipline', { party: 'remove_post' }), 3],
    ['留党察看', person('discipline', { party: 'probation' }), 3],
    ['开除党籍', person('discipline', { party: 'expel' }), 3],
    ['政务警告', person('discipline', { gov: 'warning' }), 2],
    ['记过', person('discipline', { gov: 'demerit' }), 2],
    ['记大过', person('discipline', { gov: 'major_demerit' }), 2],
    ['降级', person('discipline', { gov: 'demotion' }), 3],
    ['撤职', person('discipline', { gov: 'dismissal' }), 3],
    ['开除（公职）', person('discipline', { gov: 'expulsion' }), 3],
    ['严重警告 + 记大过 (one 人次, light)', person('discipline', { party: 'serious_warning', gov: 'major_demerit' }), 2],
    ['严重警告 + 撤职 (the heavier decides)', person('discipline', { party: 'serious_warning', gov: 'dismissal' }), 3],
    ['开除党籍 + 开除公职 + 移送司法', person('discipline', { party: 'expel', gov: 'expulsion', judicial: true }), 4],
    ['移送司法 only (non-member official)', person('discipline', { judicial: true }), 4],
  ];
  it.each(table)('%s', (_label, input, form) => {
    expect(formOf(input)).toBe(form);
  });

  it('every single sanction is classified 2 or 3 as the rules list them', () => {
    const light = { party: ['warning', 'serious_warning'], gov: ['warning', 'demerit', 'major_demerit'] };
    for (const p of PARTY_SANCTIONS) expect(formOf(person('discipline', { party: p }))).toBe(light.party.includes(p) ? 2 : 3);
    for (const g of GOV_SANCTIONS) expect(formOf(person('discipline', { gov: g }))).toBe(light.gov.includes(g) ? 2 : 3);
  });

  it('measures against an organisation are not counted in the forms', () => {
    for (const m of ['org_check', 'org_notice', 'org_reorganize'] as const) expect(formOf({ targetKind: 'org', measure: m })).toBeNull();
  });

  it('refuses nonsense combinations', () => {
    expect(() => validateOutcome(person('discipline'))).toThrow(/至少一项/);
    expect(() => validateOutcome(person('admonish', { party: 'warning' }))).toThrow(/纪律处分/);
    expect(() => validateOutcome({ targetKind: 'org', measure: 'admonish' })).toThrow(/不适用/);
    expect(() => validateOutcome({ targetKind: 'person', measure: 'org_reorganize' })).toThrow(/不适用/);
    expect(() => validateOutcome({ ...person('discipline', { party: 'warning' }), partyMember: false })).toThrow(/非中共党员/);
  });

  it('改组, 组织调整, 重大职务调整 and 纪律处分 are major (提级审核); the rest are not', () => {
    const major = ['org_reorganize', 'org_adjust', 'major_adjust', 'discipline'];
    for (const m of ['org_check', 'org_notice', 'org_reorganize', 'criticism', 'inquiry', 'reminder', 'notice', 'admonish', 'org_adjust', 'major_adjust', 'discipline'] as const) {
      expect(isMajor(m)).toBe(major.includes(m));
    }
  });
});
