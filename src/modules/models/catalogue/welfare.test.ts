/** M01–M03 on the real import pipeline and database (PGlite or PostgreSQL, per GUANTONG_TEST_DB). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { hitFor, hitsOf, idNo, load } from '../testing.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

const A = idNo('37010219400101001'); // died 2025-03-10, paid after → hit
const B = idNo('37010219400101002'); // died 2025-03-10, paid the same day → no hit
const C = idNo('37010219400101003'); // died 2025-03-10, paid before → no hit
const D = idNo('37010219400101004'); // never died → no hit

describe('M01 deceased_payment', () => {
  it('fires only for payments strictly after the death date, one hit per person with all such payments', async () => {
    await load(p, 'deaths', [
      { id_number: A, name: '张老汉', death_date: '2025-03-10' },
      { id_number: B, name: '李老太', death_date: '2025-03-10' },
      { id_number: C, name: '王大爷', death_date: '2025-03-10' },
    ]);
    await load(p, 'subsidies', [
      { payment_id: 'M01-1', program: '高龄津贴', id_number: A, name: '张老汉', amount: '200.00', paid_on: '2025-03-11' },
      { payment_id: 'M01-2', program: '高龄津贴', id_number: A, name: '张老汉', amount: '200.00', paid_on: '2025-04-10' },
      { payment_id: 'M01-3', program: '高龄津贴', id_number: A, name: '张老汉', amount: '200.00', paid_on: '2025-02-10' },
      { payment_id: 'M01-4', program: '高龄津贴', id_number: B, name: '李老太', amount: '200.00', paid_on: '2025-03-10' },
      { payment_id: 'M01-5', program: '高龄津贴', id_number: C, name: '王大爷', amount: '200.00', paid_on: '2025-03-09' },
      { payment_id: 'M01-6', program: '高龄津贴', id_number: D, name: '赵某', amount: '200.00', paid_on: '2025-03-11' },
    ]);
    const hits = await hitsOf(p, 'M01');
    expect(hits.map((h) => h.subject)).toEqual([{ id_number: A }]);
    const h = hits[0];
    expect(h.model).toBe('M01');
    expect(h.name).toBe('deceased_payment');
    const paid = h.evidence.filter((e) => e.dataset === 'subsidies').map((e) => e.payment_id);
    expect(paid).toEqual(['M01-1', 'M01-2']);
    const death = h.evidence.find((e) => e.dataset === 'deaths')!;
    expect(death.death_date).toBe('2025-03-10');
    // Traceability: every evidence row names its row id, import batch and file row.
    for (const e of h.evidence) {
      expect(typeof e._id).toBe('number');
      expect(typeof e._batch_id).toBe('number');
      expect(e._row).toBeGreaterThanOrEqual(2);
      expect(e._extra).toBeUndefined();
    }
    expect(h.reasons[0]).toContain('2025-03-10');
    expect(h.reasons[0]).toContain('2 笔');
    expect(h.reasons[0]).toContain('400.00');
    expect(h.score).toBeGreaterThan(0);
    expect(h.score).toBeLessThanOrEqual(1);
  });
});

const OFF = idNo('37010219800101011'); // 在职 official
const SPOUSE = idNo('37010219820101012'); // spouse of OFF
const CHILD = idNo('37010220100101013'); // child of OFF → no hit
const RETIRED = idNo('37010219500101014'); // 退休 → no hit
const RET_SPOUSE = idNo('37010219520101015'); // spouse of a retired official → no hit

describe('M02 official_welfare', () => {
  it('fires for an in-service official or their spouse receiving 低保/特困, not for other programs, children or retirees', async () => {
    await load(p, 'persons', [
      { id_number: OFF, name: '钱科长', org: '示范市民政局', position: '科长', category: '公务员', status: '在职' },
      { id_number: RETIRED, name: '孙老师', org: '示范市教育局', position: '教师', category: '事业编制', status: '退休' },
    ]);
    await load(p, 'relations', [
      { id_number: OFF, name: '钱科长', relative_id_number: SPOUSE, relative_name: '周某', relation: '配偶' },
      { id_number: OFF, name: '钱科长', relative_id_number: CHILD, relative_name: '钱小某', relation: '子女' },
      { id_number: RETIRED, name: '孙老师', relative_id_number: RET_SPOUSE, relative_name: '吴某', relation: '配偶' },
    ]);
    await load(p, 'subsidies', [
      { payment_id: 'M02-1', program: '城乡低保', id_number: OFF, name: '钱科长', amount: '600', paid_on: '2025-05-01' },
      { payment_id: 'M02-2', program: '特困供养', id_number: SPOUSE, name: '周某', amount: '800', paid_on: '2025-05-01' },
      { payment_id: 'M02-3', program: '城乡低保', id_number: CHILD, name: '钱小某', amount: '600', paid_on: '2025-05-01' },
      { payment_id: 'M02-4', program: '城乡低保', id_number: RETIRED, name: '孙老师', amount: '600', paid_on: '2025-05-01' },
      { payment_id: 'M02-5', program: '城乡低保', id_number: RET_SPOUSE, name: '吴某', amount: '600', paid_on: '2025-05-01' },
      { payment_id: 'M02-6', program: '耕地地力保护补贴', id_number: OFF, name: '钱科长', amount: '100', paid_on: '2025-05-01' },
    ]);
    const hits = await hitsOf(p, 'M02');
    const subjects = hits.map((h) => h.subject.id_number).sort();
    expect(subjects).toEqual([OFF, SPOUSE].sort());
    const off = hitFor(hits, { id_number: OFF })!;
    expect(off.reasons.join('')).toContain('本人为在职公职人员');
    expect(off.evidence.filter((e) => e.dataset === 'subsidies').map((e) => e.payment_id)).toEqual(['M02-1']);
    const sp = hitFor(hits, { id_number: SPOUSE })!;
    expect(sp.reasons.join('')).toContain('配偶');
    expect(sp.evidence.map((e) => e.dataset).sort()).toEqual(['persons', 'relations', 'subsidies']);
  });
});

const R1 = idNo('37010219600101021');
const R2 = idNo('37010219600101022');
const R3 = idNo('37010219600101023');

describe('M03 duplicate_payment', () => {
  it('fires for ≥ 2 payments of one program in one calendar month, not across adjacent months or programs', async () => {
    await load(p, 'subsidies', [
      // same month → hit
      { payment_id: 'M03-1', program: '残疾人两项补贴', id_number: R1, amount: '100', paid_on: '2025-07-01' },
      { payment_id: 'M03-2', program: '残疾人两项补贴', id_number: R1, amount: '100', paid_on: '2025-07-31' },
      // adjacent months (31 Jul / 1 Aug) → no hit
      { payment_id: 'M03-3', program: '残疾人两项补贴', id_number: R2, amount: '100', paid_on: '2025-07-31' },
      { payment_id: 'M03-4', program: '残疾人两项补贴', id_number: R2, amount: '100', paid_on: '2025-08-01' },
      // same month, different programs → no hit
      { payment_id: 'M03-5', program: '高龄津贴', id_number: R3, amount: '100', paid_on: '2025-07-05' },
      { payment_id: 'M03-6', program: '残疾人两项补贴', id_number: R3, amount: '100', paid_on: '2025-07-06' },
    ]);
    const hits = (await hitsOf(p, 'M03')).filter((h) => [R1, R2, R3].includes(h.subject.id_number as string));
    expect(hits.map((h) => h.subject)).toEqual([{ id_number: R1, program: '残疾人两项补贴', month: '2025-07' }]);
    expect(hits[0].evidence.map((e) => e.payment_id)).toEqual(['M03-1', 'M03-2']);
  });
});
