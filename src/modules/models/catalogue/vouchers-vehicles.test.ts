/** M07–M10 on the real import pipeline and database (PGlite or PostgreSQL, per GUANTONG_TEST_DB). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { hitFor, hitsOf, load } from '../testing.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

let seq = 0;
const v = (merchant: string, phone: string, at: string) => ({
  redemption_id: `R${++seq}`,
  voucher_id: `Q${seq}`,
  merchant_id: merchant,
  merchant_name: `商户${merchant}`,
  user_phone: phone,
  voucher_amount: '50',
  order_amount: '200',
  redeemed_at: at,
});

describe('M07 voucher_burst', () => {
  it('fires at 5 vouchers by one phone at one merchant on one calendar day, not at 4, not across merchants or midnight', async () => {
    const rows = [
      // 5 on one day → hit
      ...[1, 2, 3, 4, 5].map((i) => v('MA', '13900000001', `2025-05-01 1${i}:00`)),
      // exactly 4 → no hit
      ...[1, 2, 3, 4].map((i) => v('MA', '13900000002', `2025-05-01 1${i}:00`)),
      // 5 split over two merchants → no hit
      ...[1, 2, 3].map((i) => v('MA', '13900000003', `2025-05-01 1${i}:00`)),
      ...[1, 2].map((i) => v('MB', '13900000003', `2025-05-01 1${i}:00`)),
      // 5 around midnight (Asia/Shanghai): 4 on 1 May, 1 on 2 May → no hit
      ...[0, 1, 2, 3].map((i) => v('MA', '13900000004', `2025-05-01 23:${10 + i}:00`)),
      v('MA', '13900000004', '2025-05-02 00:05:00'),
    ];
    await load(p, 'vouchers', rows);
    const hits = (await hitsOf(p, 'M07')).filter((h) => String(h.subject.user_phone).startsWith('1390000000'));
    expect(hits.map((h) => h.subject)).toEqual([{ merchant_id: 'MA', user_phone: '13900000001', date: '2025-05-01' }]);
    expect(hits[0].evidence).toHaveLength(5);
    expect(hits[0].evidence.every((e) => e.dataset === 'vouchers')).toBe(true);
  });
});

describe('M08 voucher_night', () => {
  it('fires at 10 redemptions between 00:00 and 05:00 (exclusive) of one day; 05:00:00 exactly is outside', async () => {
    const rows = [
      // 10 inside [00:00, 05:00), the first at 00:00:00 and the last at 04:59:59 → hit
      v('NA', '13700000001', '2025-06-01 00:00:00'),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => v('NA', `1370000000${i}`, `2025-06-01 0${Math.min(i, 4)}:1${i % 10}:00`)),
      v('NA', '13700000009', '2025-06-01 04:59:59'),
      // 9 inside and one at 05:00:00 → no hit
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => v('NB', '13700000001', `2025-06-01 0${i % 5}:2${i}:00`)),
      v('NB', '13700000001', '2025-06-01 05:00:00'),
      // 10 in the small hours of two different days → no hit
      ...[1, 2, 3, 4, 5].map((i) => v('NC', '13700000001', `2025-06-01 01:0${i}:00`)),
      ...[1, 2, 3, 4, 5].map((i) => v('NC', '13700000001', `2025-06-02 01:0${i}:00`)),
    ];
    await load(p, 'vouchers', rows);
    const hits = (await hitsOf(p, 'M08')).filter((h) => String(h.subject.merchant_id).startsWith('N'));
    expect(hits.map((h) => h.subject)).toEqual([{ merchant_id: 'NA', date: '2025-06-01' }]);
    expect(hits[0].evidence).toHaveLength(10);
    expect(hits[0].reasons[0]).toContain('05:00');
  });
});

describe('M09 vehicle_private_use', () => {
  it('uses the official calendar: a 调休 Saturday is a working day, a Wednesday in the National Day holiday is not', async () => {
    const trip = (id: string, at: string, approved: string) => ({ trip_id: id, plate: '鲁A·00001', start_at: at, end_at: at, km: '30', purpose: '办事', approved });
    await load(p, 'trips', [
      trip('M09-adjusted-sat', '2025-10-11 09:00', '否'), // Saturday, official working day (调休) → no hit
      trip('M09-holiday-wed', '2025-10-08 09:00', '否'), // Wednesday inside 国庆节、中秋节 → hit
      trip('M09-weekend', '2025-10-18 09:00', '否'), // ordinary Saturday → hit
      trip('M09-workday', '2025-10-14 09:00', '否'), // Tuesday → no hit
      trip('M09-approved', '2025-10-08 09:00', '是'), // approved → no hit
      trip('M09-sunday-night', '2025-10-12 00:30', '否'), // Sunday 00:30 in Shanghai (Saturday 16:30 UTC) → hit
      trip('M09-friday-night', '2025-10-10 23:30', '否'), // Friday 23:30 → no hit
      { trip_id: 'M09-unknown', plate: '鲁A00001', start_at: '2025-10-08 09:00' }, // approval not recorded → no hit
    ]);
    const hits = (await hitsOf(p, 'M09')).filter((h) => String(h.subject.trip_id).startsWith('M09-'));
    expect(hits.map((h) => h.subject.trip_id).sort()).toEqual(['M09-holiday-wed', 'M09-sunday-night', 'M09-weekend']);
    expect(hitFor(hits, { trip_id: 'M09-holiday-wed' })!.reasons[0]).toContain('国庆节');
    expect(hitFor(hits, { trip_id: 'M09-weekend' })!.reasons[0]).toContain('星期六');
    expect(hitFor(hits, { trip_id: 'M09-weekend' })!.evidence[0]).toMatchObject({ dataset: 'trips', plate: '鲁A00001', approved: false });
  });
});

describe('M10 fuel_over_capacity', () => {
  it('fires above tank × 1.05; exactly 1.05× is not a hit', async () => {
    await load(p, 'vehicles', [
      { plate: '鲁A·12345', org: '示范市机关事务管理局', tank_liters: '60' },
      { plate: '鲁B54321', org: '示范市机关事务管理局', tank_liters: '' },
    ]);
    await load(p, 'fuel', [
      { txn_id: 'M10-exact', card_no: 'C1', plate: '鲁A12345', fueled_at: '2025-05-01 10:00', liters: '63', amount: '500', station: '一号站' },
      { txn_id: 'M10-over', card_no: 'C1', plate: '鲁A 12345', fueled_at: '2025-05-02 10:00', liters: '63.01', amount: '500', station: '一号站' },
      { txn_id: 'M10-normal', card_no: 'C1', plate: '鲁A12345', fueled_at: '2025-05-03 10:00', liters: '40', amount: '300', station: '一号站' },
      { txn_id: 'M10-no-tank', card_no: 'C2', plate: '鲁B54321', fueled_at: '2025-05-03 10:00', liters: '400', amount: '3000', station: '一号站' },
      { txn_id: 'M10-unknown-car', card_no: 'C3', plate: '鲁C99999', fueled_at: '2025-05-03 10:00', liters: '400', amount: '3000', station: '一号站' },
    ]);
    const hits = (await hitsOf(p, 'M10')).filter((h) => String(h.subject.txn_id).startsWith('M10-'));
    expect(hits.map((h) => h.subject)).toEqual([{ txn_id: 'M10-over' }]);
    expect(hits[0].evidence.map((e) => e.dataset)).toEqual(['fuel', 'vehicles']);
    expect(hits[0].reasons[0]).toContain('63.01');
    expect(hits[0].reasons[0]).toContain('63 升');
  });
});
