/**
 * OCDS compiled releases into tenders and bids: the field mapping, and the import of a JSON Lines
 * file through the real pipeline (rejects with the line number, lineage) on the database of this
 * run — then M06 (化整为零) finds a split purchase in what was imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { systemActor } from '../../platform/audit/audit.service.ts';
import { hitsOf } from '../models/testing.ts';
import { importFile } from './import.service.ts';
import { usccCheckChar } from './normalize/uscc.ts';
import { bidRowsOf, tenderRowOf } from './ocds.ts';

const uscc = (first17: string) => first17 + usccCheckChar(first17);
const WINNER = uscc('91350100M00010012');
const OTHER = uscc('91350100M00010023');

const release = (n: number, amount: number, awardedOn: string, over: Record<string, unknown> = {}) => ({
  ocid: `ocds-213czf-SF-2026-${n}`,
  date: `${awardedOn}T10:00:00+08:00`,
  buyer: { id: 'CN-USCC-11350100003528567X', name: '示范市农业农村局' },
  parties: [
    { id: 'CN-USCC-11350100003528567X', name: '示范市农业农村局', roles: ['buyer'] },
    { id: 'S1', name: '示范市禾丰农资有限公司', roles: ['supplier', 'tenderer'], identifier: { scheme: 'CN-USCC', id: WINNER } },
    { id: `CN-USCC-${OTHER}`, name: '示范市田园农资有限公司', roles: ['tenderer'] },
  ],
  tender: {
    id: `T${n}`,
    title: `高标准农田物资采购（第${n}批）`,
    procurementMethod: 'limited',
    procurementMethodDetails: '询价',
    value: { amount: amount * 1.1, currency: 'CNY' },
    tenderPeriod: { startDate: '2026-03-01T09:00:00+08:00' },
  },
  bids: {
    details: [
      { id: 'b1', status: 'valid', tenderers: [{ id: 'S1', name: '示范市禾丰农资有限公司' }], value: { amount, currency: 'CNY' } },
      { id: 'b2', status: 'valid', tenderers: [{ id: `CN-USCC-${OTHER}`, name: '示范市田园农资有限公司' }], value: { amount: amount * 1.05, currency: 'CNY' } },
    ],
  },
  awards: [
    { id: 'a0', status: 'cancelled', suppliers: [{ id: `CN-USCC-${OTHER}` }], value: { amount: 1 }, date: '2026-01-01T00:00:00+08:00' },
    { id: 'a1', status: 'active', suppliers: [{ id: 'S1', name: '示范市禾丰农资有限公司' }], value: { amount, currency: 'CNY' }, date: `${awardedOn}T10:00:00+08:00` },
  ],
  ...over,
});

describe('mapping a release', () => {
  it('takes the buyer, the Chinese method, the active award and its supplier USCC from the party identifier', () => {
    expect(tenderRowOf(release(1, 250_000, '2026-03-10'))).toEqual({
      tender_id: 'ocds-213czf-SF-2026-1',
      title: '高标准农田物资采购（第1批）',
      buyer: '示范市农业农村局',
      method: '询价',
      budget: String(250_000 * 1.1),
      published_on: '2026-03-01',
      winner_uscc: WINNER,
      award_amount: '250000',
      awarded_on: '2026-03-10',
    });
  });

  it('maps OCDS method codes when the details are not a Chinese method; missing parts stay empty', () => {
    const r = tenderRowOf({ ocid: 'x', tender: { procurementMethod: 'open' } });
    expect(r).toMatchObject({ tender_id: 'x', method: '公开招标', buyer: '', winner_uscc: '', award_amount: '', awarded_on: '' });
    expect(tenderRowOf({ ocid: 'y', tender: { procurementMethod: 'direct', procurementMethodDetails: 'Direct award' } }).method).toBe('直接采购');
  });

  it('gives one bid row per tenderer, with a CN-USCC- prefix removed', () => {
    const rows = bidRowsOf(release(1, 100_000, '2026-03-10'));
    expect(rows.map((r) => [r.bidder_uscc, r.bidder_name, r.price])).toEqual([
      [WINNER, '示范市禾丰农资有限公司', '100000'],
      [OTHER, '示范市田园农资有限公司', '105000'],
    ]);
    expect(rows.every((r) => r.phone === '' && r.mac === '' && r.ip === '')).toBe(true);
  });
});

describe('importing a JSON Lines file', () => {
  let p: TestPlatform;
  let file: string;

  beforeAll(async () => {
    p = await testPlatform();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-ocds-'));
    file = path.join(dir, 'releases.jsonl');
    // line 2 is not a release; line 4 is blank; two awards of one buyer to one winner within 30 days
    const lines = [JSON.stringify(release(1, 250_000, '2026-03-10')), '{"ocid": "broken"', JSON.stringify(release(2, 200_000, '2026-03-25')), '', JSON.stringify(release(3, 180_000, '2026-06-20'))];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  });
  afterAll(() => p?.close());

  it('imports tenders with the line number as the row, rejecting the broken line with its reason', async () => {
    const r = await importFile(p, systemActor('test'), { dataset: 'tenders', file });
    expect(r.report).toMatchObject({ dataset: 'tenders', encoding: 'utf-8', rows_read: 4, imported: 3 });
    expect(r.report.rejected).toEqual([expect.objectContaining({ row: 2, reason: expect.stringContaining('JSON') })]);
    const rows = (await sql<{ tender_id: string; _row: number; method: string; winner_uscc: string }>`SELECT tender_id, _row, method, winner_uscc FROM ds_tenders ORDER BY _row`.execute(p.db)).rows;
    expect(rows.map((x) => [x.tender_id, x._row])).toEqual([
      ['ocds-213czf-SF-2026-1', 1],
      ['ocds-213czf-SF-2026-2', 3],
      ['ocds-213czf-SF-2026-3', 5],
    ]);
    expect(new Set(rows.map((x) => x.winner_uscc))).toEqual(new Set([WINNER]));
    const batch = await p.db.selectFrom('import_batches').select(['format', 'rejected']).where('dataset', '=', 'tenders').executeTakeFirstOrThrow();
    expect(batch).toEqual({ format: 'ocds', rejected: 1 });
  });

  it('imports bids: two tenderers a release', async () => {
    const r = await importFile(p, systemActor('test'), { dataset: 'bids', file });
    expect(r.report).toMatchObject({ imported: 6 });
    expect(r.report.rejected.map((x) => x.row)).toEqual([2]);
  });

  it('M06 finds the split purchase in the imported tenders (two awards under the threshold within 30 days)', async () => {
    const hits = await hitsOf(p, 'M06', '2026-06-30');
    expect(hits).toHaveLength(1);
    expect(hits[0].subject).toEqual({ buyer: '示范市农业农村局', winner_uscc: WINNER });
  });

  it('refuses a JSON Lines file for a dataset that is not procurement data, in Chinese and English', async () => {
    await expect(importFile(p, systemActor('test'), { dataset: 'deaths', file })).rejects.toMatchObject({
      code: 'file_format',
      message: expect.stringContaining('OCDS'),
      messageEn: expect.stringContaining('tenders or bids'),
    });
  });
});
