/** M04–M06 on the real import pipeline and database (PGlite or PostgreSQL, per GUANTONG_TEST_DB). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../../test/support/platform.ts';
import { hitFor, hitsOf, idNo, load, uscc } from '../testing.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await testPlatform();
});
afterAll(() => p?.close());

const BUYER = '示范市住房和城乡建设局';
const OTHER = '示范市教育局';
const OFFICIAL = idNo('37010219750101101'); // 在职 at BUYER
const OFFICIAL2 = idNo('37010219750101102'); // 在职 at OTHER
const RETIRED = idNo('37010219550101103'); // 退休 from BUYER
const WIFE = idNo('37010219770101104'); // spouse of OFFICIAL
const BROTHER = idNo('37010219600101105'); // brother of RETIRED
const E1 = uscc('91370100MA0000101');
const E2 = uscc('91370100MA0000102');
const E3 = uscc('91370100MA0000103');
const E4 = uscc('91370100MA0000104');

describe('M04 relative_contractor', () => {
  it('fires when the winner is run or owned by an in-service official of the buyer or their relative', async () => {
    await load(p, 'persons', [
      { id_number: OFFICIAL, name: '刘处长', org: BUYER, position: '处长', status: '在职' },
      { id_number: OFFICIAL2, name: '陈科长', org: OTHER, position: '科长', status: '在职' },
      { id_number: RETIRED, name: '杨老处长', org: BUYER, position: '原处长', status: '退休' },
    ]);
    await load(p, 'relations', [
      { id_number: OFFICIAL, relative_id_number: WIFE, relative_name: '何某', relation: '配偶' },
      { id_number: RETIRED, relative_id_number: BROTHER, relative_name: '杨某', relation: '兄弟姐妹' },
    ]);
    await load(p, 'enterprises', [
      { uscc: E1, name: '甲建筑公司', legal_rep_name: '刘处长', legal_rep_id_number: OFFICIAL },
      { uscc: E2, name: '乙工程公司', legal_rep_name: '外人', legal_rep_id_number: idNo('37010219900101106') },
      { uscc: E3, name: '丙装饰公司', legal_rep_name: '陈科长', legal_rep_id_number: OFFICIAL2 },
      { uscc: E4, name: '丁劳务公司', legal_rep_name: '路人', legal_rep_id_number: idNo('37010219900101107') },
    ]);
    await load(p, 'shareholders', [
      { uscc: E2, id_number: WIFE, name: '何某', role: '股东' },
      { uscc: E4, id_number: BROTHER, name: '杨某', role: '监事' },
    ]);
    await load(p, 'tenders', [
      { tender_id: 'M04-T1', title: '办公楼维修', buyer: BUYER, winner_uscc: E1, award_amount: '500000', awarded_on: '2025-06-01' },
      { tender_id: 'M04-T2', title: '道路养护', buyer: BUYER, winner_uscc: E2, award_amount: '800000', awarded_on: '2025-06-02' },
      { tender_id: 'M04-T3', title: '外单位官员的企业', buyer: BUYER, winner_uscc: E3, award_amount: '300000', awarded_on: '2025-06-03' },
      { tender_id: 'M04-T4', title: '退休人员亲属', buyer: BUYER, winner_uscc: E4, award_amount: '300000', awarded_on: '2025-06-04' },
      { tender_id: 'M04-T5', title: '同一企业在其他单位中标', buyer: OTHER, winner_uscc: E1, award_amount: '300000', awarded_on: '2025-06-05' },
    ]);
    const hits = (await hitsOf(p, 'M04')).filter((h) => String(h.subject.tender_id).startsWith('M04-'));
    expect(hits.map((h) => h.subject.tender_id).sort()).toEqual(['M04-T1', 'M04-T2']);
    const t1 = hitFor(hits, { tender_id: 'M04-T1' })!;
    expect(t1.reasons.join('')).toContain('法定代表人');
    expect(t1.evidence.map((e) => e.dataset).sort()).toEqual(['enterprises', 'persons', 'tenders']);
    const t2 = hitFor(hits, { tender_id: 'M04-T2' })!;
    expect(t2.reasons.join('')).toContain('配偶');
    expect(t2.evidence.map((e) => e.dataset).sort()).toEqual(['persons', 'relations', 'shareholders', 'tenders']);
  });
});

describe('M05 bid_collusion', () => {
  it('fires when ≥ 2 bidders of one tender share a phone, MAC, IP or legal representative — and only within one tender', async () => {
    const bidder = (n: number) => uscc(`91370100MA0000${200 + n}`);
    await load(p, 'enterprises', [
      { uscc: bidder(1), name: '一号公司', legal_rep_id_number: idNo('37010219700101201') },
      { uscc: bidder(2), name: '二号公司', legal_rep_id_number: idNo('37010219700101202') },
      { uscc: bidder(3), name: '三号公司', legal_rep_id_number: idNo('37010219700101299') },
      { uscc: bidder(4), name: '四号公司', legal_rep_id_number: idNo('37010219700101299') },
      { uscc: bidder(5), name: '五号公司', legal_rep_id_number: idNo('37010219700101205') },
      { uscc: bidder(6), name: '六号公司', legal_rep_id_number: idNo('37010219700101206') },
    ]);
    await load(p, 'bids', [
      // MAC written two ways, normalised by the importer → same → hit
      { tender_id: 'M05-A', bidder_uscc: bidder(1), bidder_name: '一号公司', price: '100', phone: '13800000001', mac: 'aa:bb:cc:dd:ee:01', ip: '10.0.0.1' },
      { tender_id: 'M05-A', bidder_uscc: bidder(2), bidder_name: '二号公司', price: '101', phone: '13800000002', mac: 'AA-BB-CC-DD-EE-01', ip: '10.0.0.2' },
      { tender_id: 'M05-A', bidder_uscc: bidder(5), bidder_name: '五号公司', price: '102', phone: '13800000005', mac: 'AA-BB-CC-DD-EE-05', ip: '10.0.0.5' },
      // same legal representative → hit
      { tender_id: 'M05-B', bidder_uscc: bidder(3), bidder_name: '三号公司', price: '100', phone: '13800000003' },
      { tender_id: 'M05-B', bidder_uscc: bidder(4), bidder_name: '四号公司', price: '100', phone: '13800000004' },
      // nothing shared (and empty IPs do not count) → no hit
      { tender_id: 'M05-C', bidder_uscc: bidder(5), bidder_name: '五号公司', price: '100', phone: '13800000005', ip: '' },
      { tender_id: 'M05-C', bidder_uscc: bidder(6), bidder_name: '六号公司', price: '100', phone: '13800000006', ip: '' },
      // the same phone as bidder(6) but in another tender → no hit
      { tender_id: 'M05-D', bidder_uscc: bidder(1), bidder_name: '一号公司', price: '100', phone: '13800000006' },
      { tender_id: 'M05-E', bidder_uscc: bidder(6), bidder_name: '六号公司', price: '100', phone: '+86 138-0000-0007' },
      { tender_id: 'M05-E', bidder_uscc: bidder(2), bidder_name: '二号公司', price: '100', phone: '13800000007' },
    ]);
    const hits = (await hitsOf(p, 'M05')).filter((h) => String(h.subject.tender_id).startsWith('M05-'));
    expect(hits.map((h) => h.subject.tender_id).sort()).toEqual(['M05-A', 'M05-B', 'M05-E']);
    const a = hitFor(hits, { tender_id: 'M05-A' })!;
    expect(a.reasons.join('')).toContain('MAC');
    expect(a.reasons.join('')).toContain('一号公司、二号公司');
    const bids = a.evidence.filter((e) => e.dataset === 'bids');
    expect(bids.map((b) => b.bidder_uscc).sort()).toEqual([bidder(1), bidder(2)].sort());
    expect((bids[0].shared as { kind: string; value: string; with: string[] }[])[0]).toMatchObject({ kind: 'mac', value: 'AA-BB-CC-DD-EE-01' });
    const b = hitFor(hits, { tender_id: 'M05-B' })!;
    expect(b.reasons.join('')).toContain('法定代表人');
    expect(b.evidence.filter((e) => e.dataset === 'enterprises').map((e) => e.uscc).sort()).toEqual([bidder(3), bidder(4)].sort());
    expect(hitFor(hits, { tender_id: 'M05-E' })!.reasons.join('')).toContain('联系电话');
    expect(Object.keys(a.subject)).toEqual(['tender_id']);
  });
});

describe('M06 split_purchase', () => {
  const W = uscc('91370100MA0000301');
  const t = (id: string, buyer: string, amount: string, on: string) => ({ tender_id: id, buyer, winner_uscc: W, award_amount: amount, awarded_on: on, method: '询价' });
  it('fires for ≥ 2 sub-threshold awards inside one 30-day window whose sum reaches the threshold', async () => {
    await load(p, 'tenders', [
      // day 0 and day 29: one 30-day window, sum exactly 400,000 → hit
      t('M06-1a', '甲局', '200000', '2025-03-01'),
      t('M06-1b', '甲局', '200000', '2025-03-30'),
      // day 0 and day 30: not inside one 30-day window → no hit
      t('M06-2a', '乙局', '200000', '2025-03-01'),
      t('M06-2b', '乙局', '200000', '2025-03-31'),
      // sum 399,999.99 → no hit
      t('M06-3a', '丙局', '200000', '2025-03-01'),
      t('M06-3b', '丙局', '199999.99', '2025-03-02'),
      // one award AT the threshold is not "below" it → only one qualifying award → no hit
      t('M06-4a', '丁局', '400000', '2025-03-01'),
      t('M06-4b', '丁局', '100000', '2025-03-02'),
      // three awards: the window starting at day 19 holds the last two (150k + 260k) → hit, only those two as evidence
      t('M06-5a', '戊局', '150000', '2025-01-01'),
      t('M06-5b', '戊局', '150000', '2025-01-20'),
      t('M06-5c', '戊局', '260000', '2025-02-15'),
      // a single award below the threshold → no hit
      t('M06-6a', '己局', '399999', '2025-03-01'),
    ]);
    const hits = await hitsOf(p, 'M06');
    const mine = hits.filter((h) => h.subject.winner_uscc === W);
    expect(mine.map((h) => h.subject.buyer).sort()).toEqual(['戊局', '甲局'].sort());
    const one = hitFor(mine, { buyer: '甲局', winner_uscc: W })!;
    expect(Object.keys(one.subject).sort()).toEqual(['buyer', 'winner_uscc']);
    expect(one.evidence.map((e) => e.tender_id)).toEqual(['M06-1a', 'M06-1b']);
    expect(one.reasons[0]).toContain('400,000.00');
    const five = hitFor(mine, { buyer: '戊局', winner_uscc: W })!;
    expect(five.evidence.map((e) => e.tender_id)).toEqual(['M06-5b', 'M06-5c']);
  });
});
