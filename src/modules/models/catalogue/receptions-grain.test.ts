/** M11–M12 on the real import pipeline and database (PGlite or PostgreSQL, per GUANTONG_TEST_DB). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { hitFor, hitsOf, idNo, load } from '../testing.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

describe('M11 reception_violation', () => {
  const r = (id: string, guests: number, hosts: number, amount: string, alcohol = '否', letter = '有') => ({
    reception_id: id,
    org: '示范市教育局',
    date: '2025-04-10',
    guests,
    hosts,
    amount,
    alcohol,
    letter,
  });
  // Per head exactly 150 unless a case says otherwise: amount = 150 × (guests + hosts).
  const ok = (g: number, h: number) => String(150 * (g + h));

  it('applies every rule at its boundary and lists each rule that fired', async () => {
    await load(p, 'receptions', [
      r('M11-g10-h3', 10, 3, ok(10, 3)), // ≤ 10 guests, 3 hosts → fine
      r('M11-g10-h4', 10, 4, ok(10, 4)), // ≤ 10 guests, 4 hosts → hit
      r('M11-g11-h4', 11, 4, ok(11, 4)), // ⌈11/3⌉ = 4 → fine
      r('M11-g11-h5', 11, 5, ok(11, 5)), // → hit
      r('M11-g12-h4', 12, 4, ok(12, 4)), // ⌈12/3⌉ = 4 → fine
      r('M11-g12-h5', 12, 5, ok(12, 5)), // → hit
      r('M11-g13-h5', 13, 5, ok(13, 5)), // ⌈13/3⌉ = 5 → fine
      r('M11-g13-h6', 13, 6, ok(13, 6)), // → hit
      r('M11-head-150', 4, 2, '900'), // exactly 150 per head → fine
      r('M11-head-150.01', 4, 2, '900.06'), // 150.01 per head → hit
      r('M11-alcohol', 4, 2, '600', '是'), // alcohol → hit
      r('M11-no-letter', 4, 2, '600', '否', '无'), // no letter → hit
      r('M11-letter-yes-no', 4, 2, '600', '否', '是'), // 公函 given as 是 → fine
      r('M11-all', 4, 5, '9000', '是', '无'), // four rules at once
    ]);
    const hits = (await hitsOf(p, 'M11')).filter((h) => String(h.subject.reception_id).startsWith('M11-'));
    expect(hits.map((h) => h.subject.reception_id).sort()).toEqual(
      ['M11-g10-h4', 'M11-g11-h5', 'M11-g12-h5', 'M11-g13-h6', 'M11-head-150.01', 'M11-alcohol', 'M11-no-letter', 'M11-all'].sort(),
    );
    expect(hitFor(hits, { reception_id: 'M11-g13-h6' })!.reasons).toEqual([expect.stringContaining('（5 人）')]);
    expect(hitFor(hits, { reception_id: 'M11-head-150.01' })!.reasons).toEqual([expect.stringContaining('人均餐费超标')]);
    const all = hitFor(hits, { reception_id: 'M11-all' })!;
    expect(all.reasons).toHaveLength(4);
    expect(all.reasons.join('|')).toMatch(/陪同人数超标.*人均餐费超标.*酒水.*无公函/);
    expect(all.score).toBeGreaterThan(hitFor(hits, { reception_id: 'M11-alcohol' })!.score);
  });
});

describe('M12 grain_inflation', () => {
  const A = idNo('37010219650101301');
  const B = idNo('37010219650101302');
  const C = idNo('37010219650101303');
  const D = idNo('37010219650101304');
  it('fires when a seller’s yearly total exceeds area × 2,500 斤/亩 (exactly 2,500 is fine), per calendar year', async () => {
    await load(p, 'land', [
      { id_number: A, name: '农户甲', area_mu: '10', village: '一村' },
      { id_number: B, name: '农户乙', area_mu: '10', village: '一村' },
      { id_number: C, name: '农户丙', area_mu: '2.5', village: '一村' },
    ]);
    const g = (id: string, who: string, jin: string, on: string) => ({ purchase_id: id, id_number: who, quantity_jin: jin, purchased_on: on, depot: '示范市中心粮库' });
    await load(p, 'grain', [
      g('M12-A1', A, '15000', '2025-06-10'), // A: 25,000 in 2025 = exactly 10 × 2,500 → fine
      g('M12-A2', A, '10000', '2025-10-10'),
      g('M12-B1', B, '15000', '2025-06-10'), // B: 25,000.5 in 2025 → hit
      g('M12-B2', B, '10000.5', '2025-10-10'),
      g('M12-C1', C, '5000', '2024-12-31'), // C: 5,000 in 2024 and 5,000 in 2025, each under 6,250 → fine
      g('M12-C2', C, '5000', '2025-01-01'),
      g('M12-C3', C, '2000', '2025-03-01'), // … plus 2,000 → 7,000 in 2025 > 6,250 → hit for 2025 only
      g('M12-D1', D, '99999', '2025-06-10'), // no land record → not judged
    ]);
    const hits = (await hitsOf(p, 'M12')).filter((h) => [A, B, C, D].includes(h.subject.id_number as string));
    expect(hits.map((h) => h.subject).sort((x, y) => String(x.id_number).localeCompare(String(y.id_number)))).toEqual([
      { id_number: B, year: 2025 },
      { id_number: C, year: 2025 },
    ]);
    const c = hitFor(hits, { id_number: C, year: 2025 })!;
    expect(c.evidence.filter((e) => e.dataset === 'grain').map((e) => e.purchase_id)).toEqual(['M12-C2', 'M12-C3']);
    expect(c.evidence.find((e) => e.dataset === 'land')).toMatchObject({ area_mu: 2.5 });
    expect(c.reasons[0]).toContain('7000');
  });
});
