/**
 * The demo city's integrated data: deterministic, imported through the real pipeline with the
 * planted bad rows only, and the planted problems are exactly what each model rule of
 * MODELS.md finds (checked here with independent SQL, not with the models module).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, testPlatform } from '../../../test/support/platform.ts';
import { isWorkingDay } from '../../platform/calendar/calendar.ts';
import { CONDUCT_LEXICON } from '../models/catalogue/conduct-lexicon.ts';
import { type DemoData, datasetsDemoStep, EXPECTED_HITS, generateDatasets, generateDemoData } from './datasets.ts';
import { type DemoContext, loadDemoCity } from './demo.service.ts';

let p: TestPlatform;
let ctx: DemoContext;
let data: DemoData;

beforeAll(async () => {
  p = await testPlatform();
  ctx = await loadDemoCity(p, () => {}, { onlyCore: true });
  data = generateDemoData();
  await datasetsDemoStep.run(ctx);
}, 300_000);
afterAll(() => p?.close());

const q = async <T = Record<string, unknown>>(text: string) => (await sql.raw<T>(text).execute(p.db)).rows;
const subjects = (model: string) =>
  data.planted
    .filter((x) => x.model === model)
    .map((x) => JSON.stringify(x.subject))
    .sort();
const asSubjects = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('demo data generator', () => {
  it('is deterministic and scales the background only', () => {
    expect(JSON.stringify(generateDemoData())).toBe(JSON.stringify(data));
    const big = generateDemoData({ scale: 3 });
    const rows = (d: DemoData) => d.files.reduce((a, f) => a + f.rows.length, 0);
    expect(rows(data)).toBeGreaterThan(4000);
    expect(rows(data)).toBeLessThan(10_000);
    expect(rows(big)).toBeGreaterThan(rows(data) * 2.5);
    const count = (d: DemoData) => Object.fromEntries(Object.keys(EXPECTED_HITS).map((m) => [m, d.planted.filter((x) => x.model === m).length]));
    expect(count(big)).toEqual(EXPECTED_HITS);
    expect(count(data)).toEqual(EXPECTED_HITS);
    expect(new Set(data.files.map((f) => f.dataset)).size).toBe(16);
    expect(new Set(data.files.map((f) => f.format))).toEqual(new Set(['csv-utf8', 'csv-utf8-bom', 'csv-gb18030', 'xlsx']));
  });

  it('docs/demo-city.md lists every planted subject and the expected counts', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../docs/demo-city.md'), 'utf8');
    for (const x of data.planted) expect(doc, x.model).toContain(`\`${JSON.stringify(x.subject)}\``);
    for (const [m, k] of Object.entries(EXPECTED_HITS)) expect(doc).toMatch(new RegExp(`\\*\\*${m}\\*\\*[^\\n]*\\| \\*\\*${k}\\*\\* \\|`));
  });

  it('writes no misconduct words into ordinary 12345 orders, and at least one into each planted one', () => {
    const terms = CONDUCT_LEXICON.kinds.flatMap((k) => k.terms);
    const hotline = data.files.find((f) => f.dataset === 'hotline')!.rows;
    const planted = new Set(data.planted.filter((x) => x.model === 'M13').map((x) => x.subject.order_id));
    for (const r of hotline) {
      const text = String(r.content);
      const found = terms.filter((t) => text.includes(t));
      if (planted.has(r.order_id)) expect(found.length, text).toBeGreaterThan(0);
      else if (!/私人停车场乱收费/.test(text)) expect(found, text).toEqual([]);
    }
    expect(planted.size).toBe(EXPECTED_HITS.M13);
  });
});

describe('demo import through the pipeline', () => {
  it('imports every file with exactly the planted bad rows and invalid codes', async () => {
    const batches = await p.db.selectFrom('import_batches as b').innerJoin('orgs as o', 'o.id', 'b.supplier_org_id').select(['b.dataset', 'b.file_name', 'b.format', 'b.encoding', 'b.rows_read', 'b.imported', 'b.updated', 'b.rejected', 'b.invalid_ids', 'b.duplicates', 'o.name as supplier']).execute();
    expect(batches).toHaveLength(16);
    for (const f of data.files) {
      const b = batches.find((x) => x.dataset === f.dataset)!;
      expect(b, f.dataset).toMatchObject({
        file_name: f.fileName,
        supplier: f.supplier,
        rows_read: f.rows.length,
        imported: f.rows.length - f.expectedRejected,
        updated: 0,
        duplicates: 0,
        rejected: f.expectedRejected,
        invalid_ids: f.expectedInvalidIds,
      });
    }
    expect(batches.find((b) => b.dataset === 'subsidies')!.encoding).toBe('gb18030');
    expect(batches.find((b) => b.dataset === 'persons')!.encoding).toBeNull();
  });

  it('is idempotent: running the step again adds no batch and no row', async () => {
    const before = await q<{ n: number }>('SELECT count(*) AS n FROM import_batches');
    await datasetsDemoStep.run(ctx);
    expect(await q<{ n: number }>('SELECT count(*) AS n FROM import_batches')).toEqual(before);
    const shares = await q<{ n: number }>("SELECT count(*) AS n FROM dataset_sharing WHERE grantee = 'data_admin'");
    expect(Number(shares[0].n)).toBe(16);
  });

  it('normalised the 15-digit ID number so the official matches the payments (M02)', async () => {
    const o1 = data.planted.find((x) => x.model === 'M02' && x.what.includes('15 位'))!;
    const rows = await q(`SELECT p.id_number FROM ds_persons p JOIN ds_subsidies s USING (id_number) WHERE p.id_number = '${o1.subject.id_number}'`);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('planted problems = what each rule of MODELS.md finds', () => {
  it('M01 deceased still paid', async () => {
    const rows = await q(`SELECT DISTINCT s.id_number FROM ds_subsidies s JOIN ds_deaths d ON d.id_number = s.id_number AND d.death_date < s.paid_on`);
    expect(asSubjects(rows)).toEqual(subjects('M01'));
  });

  it('M02 in-service official or spouse on 低保/特困', async () => {
    const rows = await q(`
      WITH off AS (SELECT id_number FROM ds_persons WHERE status = '在职'),
      who AS (SELECT id_number FROM off UNION SELECT r.relative_id_number FROM ds_relations r JOIN off o ON o.id_number = r.id_number WHERE r.relation = '配偶')
      SELECT DISTINCT s.id_number FROM ds_subsidies s JOIN who USING (id_number) WHERE s.program IN ('城乡低保', '特困供养')`);
    expect(asSubjects(rows)).toEqual(subjects('M02'));
  });

  it('M03 two payments of one program in one month', async () => {
    const rows = await q(`SELECT id_number, program, to_char(paid_on, 'YYYY-MM') AS month FROM ds_subsidies GROUP BY 1, 2, 3 HAVING count(*) >= 2`);
    expect(asSubjects(rows)).toEqual(subjects('M03'));
  });

  it('M04 winner tied to an in-service official of the buyer or a relative', async () => {
    const rows = await q(`
      WITH people AS (SELECT uscc, legal_rep_id_number AS id FROM ds_enterprises UNION SELECT uscc, id_number FROM ds_shareholders),
      off AS (SELECT id_number, org FROM ds_persons WHERE status = '在职'),
      tied AS (SELECT o.org, o.id_number AS id FROM off o UNION SELECT o.org, r.relative_id_number FROM ds_relations r JOIN off o ON o.id_number = r.id_number)
      SELECT DISTINCT t.tender_id FROM ds_tenders t JOIN people pp ON pp.uscc = t.winner_uscc JOIN tied x ON x.id = pp.id AND x.org = t.buyer`);
    expect(asSubjects(rows)).toEqual(subjects('M04'));
  });

  it('M05 bidders sharing a phone, MAC, IP or legal representative', async () => {
    const rows = await q(`
      WITH f AS (
        SELECT b.tender_id, b.bidder_uscc, v.kind, v.value
        FROM ds_bids b LEFT JOIN ds_enterprises e ON e.uscc = b.bidder_uscc,
        LATERAL (VALUES ('phone', b.phone), ('mac', b.mac), ('ip', b.ip), ('rep', e.legal_rep_id_number)) v(kind, value)
        WHERE v.value IS NOT NULL)
      SELECT DISTINCT tender_id FROM f GROUP BY tender_id, kind, value HAVING count(DISTINCT bidder_uscc) >= 2`);
    expect(asSubjects(rows)).toEqual(subjects('M05'));
  });

  it('M06 small awards to one winner within 30 days reaching 400,000', async () => {
    const rows = await q(`
      WITH t AS (SELECT * FROM ds_tenders WHERE award_amount < 400000),
      w AS (SELECT a.buyer, a.winner_uscc, a.awarded_on, count(*) AS n, sum(b.award_amount) AS total
            FROM t a JOIN t b ON b.buyer = a.buyer AND b.winner_uscc = a.winner_uscc AND b.awarded_on BETWEEN a.awarded_on AND a.awarded_on + 29
            GROUP BY a.buyer, a.winner_uscc, a.awarded_on, a.tender_id)
      SELECT DISTINCT buyer, winner_uscc FROM w WHERE n >= 2 AND total >= 400000`);
    expect(asSubjects(rows)).toEqual(subjects('M06'));
  });

  it('M07 one phone redeeming five vouchers at one merchant in one day', async () => {
    const rows = await q(`
      SELECT merchant_id, user_phone, to_char(redeemed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date FROM ds_vouchers
      GROUP BY 1, 2, 3 HAVING count(DISTINCT voucher_id) >= 5`);
    expect(asSubjects(rows)).toEqual(subjects('M07'));
  });

  it('M08 ten night redemptions at one merchant', async () => {
    const rows = await q(`
      SELECT merchant_id, to_char(redeemed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS date FROM ds_vouchers
      WHERE extract(hour FROM redeemed_at AT TIME ZONE 'Asia/Shanghai') < 5 GROUP BY 1, 2 HAVING count(*) >= 10`);
    expect(asSubjects(rows)).toEqual(subjects('M08'));
  });

  it('M09 unapproved trips on official non-working days', async () => {
    const rows = await q<{ trip_id: string; day: string }>(`SELECT trip_id, to_char(start_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM ds_trips WHERE approved IS FALSE`);
    const hits = rows.filter((r) => !isWorkingDay(r.day)).map((r) => ({ trip_id: r.trip_id }));
    expect(asSubjects(hits)).toEqual(subjects('M09'));
  });

  it('M10 fuel above 1.05 × tank', async () => {
    const rows = await q(`SELECT f.txn_id FROM ds_fuel f JOIN ds_vehicles v ON v.plate = f.plate WHERE f.liters > v.tank_liters * 1.05`);
    expect(asSubjects(rows)).toEqual(subjects('M10'));
  });

  it('M11 receptions breaking a rule', async () => {
    const rows = await q(`
      SELECT reception_id FROM ds_receptions
      WHERE (guests <= 10 AND hosts > 3) OR (guests > 10 AND hosts > ceil(guests / 3.0))
         OR amount / (guests + hosts) > 150 OR alcohol IS TRUE OR letter IS FALSE`);
    expect(asSubjects(rows)).toEqual(subjects('M11'));
  });

  it('M12 grain above 2,500 斤 per 亩 and year', async () => {
    const rows = await q(`
      SELECT g.id_number, g.year FROM (SELECT id_number, extract(year FROM purchased_on)::int AS year, sum(quantity_jin) AS total FROM ds_grain GROUP BY 1, 2) g
      JOIN ds_land l ON l.id_number = g.id_number WHERE g.total > l.area_mu * 2500`);
    expect(asSubjects(rows)).toEqual(subjects('M12'));
  });

  it('M14 repeated requests: the planted groups are one caller, within 30 days, after 办结', async () => {
    for (const hit of data.planted.filter((x) => x.model === 'M14')) {
      const ids = hit.subject.order_ids as string[];
      const rows = await q<{ caller_phone: string; received_at: Date; closed_at: Date | null; status: string }>(
        `SELECT caller_phone, received_at, closed_at, status FROM ds_hotline WHERE order_id IN (${ids.map((x) => `'${x}'`).join(',')}) ORDER BY received_at`,
      );
      expect(rows).toHaveLength(ids.length);
      expect(new Set(rows.map((r) => r.caller_phone)).size).toBe(1);
      expect(rows[0].status).toBe('已办结');
      expect(rows[0].closed_at!.getTime()).toBeLessThan(rows[1].received_at.getTime());
      expect(rows.at(-1)!.received_at.getTime() - rows[0].received_at.getTime()).toBeLessThan(30 * 86_400_000);
    }
    // every other caller phone calls once, or is one of the planted near misses
    const repeated = await q<{ caller_phone: string }>(`SELECT caller_phone FROM ds_hotline GROUP BY 1 HAVING count(*) > 1`);
    expect(repeated).toHaveLength(6);
  });

  it('M15 supervised orders closed late or open past the deadline (as of 2026-01-01)', async () => {
    const rows = await q(`
      SELECT order_id FROM ds_hotline WHERE supervised IS TRUE
        AND ((closed_at IS NOT NULL AND closed_at > due_at) OR (closed_at IS NULL AND status IS DISTINCT FROM '已办结' AND due_at < '2026-01-01'))`);
    expect(asSubjects(rows)).toEqual(subjects('M15'));
  });
});

describe('generateDatasets (bulk fill for benchmarks)', () => {
  it('fills the ds_ tables with the same normalised rows, without files', async () => {
    const q2 = await testPlatform();
    try {
      const counts = await generateDatasets(q2.db, { scale: 0.5 });
      const small = generateDemoData({ scale: 0.5 });
      for (const f of small.files) expect(counts[f.dataset], f.dataset).toBe(f.rows.length - f.expectedRejected);
      const m01 = await sql<{ id_number: string }>`SELECT DISTINCT s.id_number FROM ds_subsidies s JOIN ds_deaths d ON d.id_number = s.id_number AND d.death_date < s.paid_on`.execute(q2.db);
      expect(m01.rows).toHaveLength(EXPECTED_HITS.M01);
      const o1 = await sql<{ n: number }>`SELECT count(*) AS n FROM ds_persons p JOIN ds_subsidies s USING (id_number) WHERE s.program = '城乡低保' AND p.status = '在职'`.execute(q2.db);
      expect(Number(o1.rows[0].n)).toBeGreaterThan(0); // the 15-digit ID was upgraded here too
    } finally {
      await q2.close();
    }
  });
});
