/**
 * Benchmark of the supervision models M01–M15 on PostgreSQL at two data sizes (1× and 10×).
 *
 *   node bin/run-ts.mjs bench/models.ts [--scales 1,10] [--keep] [--no-write]
 *
 *   node bin/run-ts.mjs bench/models.ts --generator demo|sql|both
 *
 * For each generator and scale: a scratch database (UTF8, C.UTF-8, from template0) on
 * BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), migrated, filled
 * — `demo`: the demo city of the datasets area (`generateDatasets({ scale })`, background rows
 * × scale, the same planted problems); `sql`: a larger synthetic city generated here straight
 * in SQL (generate_series) — and ANALYZEd. Default: both (sql only without the demo generator). Then a fresh Node
 * process (the worker) runs every model once, as `guantong models run` does, streams all hits
 * as JSONL to a null sink, and reports wall time per model and its own peak RSS. The results go
 * to BENCHMARKS.md under "## Models".
 *
 * Targets: peak RSS at 10× < 1.2 × peak RSS at 1×; time at 10× ≤ 12 × time at 1×.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { CATALOGUE } from '../src/modules/models/catalogue/index.ts';
import { forEachRunHit, runModels } from '../src/modules/models/runner.ts';
import { openPlatform } from '../src/platform/app.ts';
import { systemActor } from '../src/platform/audit/audit.service.ts';
import type { Db } from '../src/platform/db/types.ts';
import { createScratchDatabase, log, writeBenchmarkSection } from './support.ts';

const AS_OF = '2026-01-31';

// ---------------------------------------------------------------------------------------------
// Data generation (SQL only: Node never holds the rows)

const CONTENT_PAIRS = [
  ['小区门口垃圾堆积无人清理，臭气熏天', '小区门口垃圾又堆起来了，一直没人来清理'],
  ['楼道灯坏了一个月没人修', '楼道的灯还是坏的，之前说修好了其实没修'],
  ['楼上装修噪音很大，周末早上七点就开始施工', '楼上装修还在吵，早上七点就开工，周末也不停'],
  ['路口红绿灯故障，车辆通行混乱', '路口的红绿灯还是不亮，上次说修了'],
  ['小区地下车库漏水严重，车都被泡了', '地下车库又漏水了，上次处理完没几天又漏'],
  ['门口餐馆油烟直排，熏得没法开窗', '餐馆的油烟还是直接排，窗户都不能开'],
];
const CONTENTS = [
  '咨询社保卡补办需要带哪些材料',
  '咨询公积金提取的办理流程',
  '反映公交站台广告牌破损存在安全隐患',
  '小区停车位不足，请求增设停车位',
  '询问新生儿落户需要什么手续',
  '窗口工作人员态度恶劣，故意刁难群众',
  '社区干部优亲厚友，不符合条件的亲戚都吃上了低保',
  '城管执法人员乱罚款还不开票',
  '街道和社区互相推诿，问题拖了半年没人管',
  '反映道路坑洼积水，出行不便',
  '咨询医保异地备案怎么办理',
  '建议在学校门口增设减速带',
];
const PLACES = Array.from({ length: 60 }, (_, i) => `${['幸福', '建设', '人民', '和平', '光明', '胜利'][i % 6]}路${10 + i}号${['阳光', '翠苑', '锦绣', '金桥', '华庭'][i % 5]}小区`);
const PROGRAMS = ['城乡低保', '特困供养', '高龄津贴', '残疾人两项补贴', '耕地地力保护补贴', '城乡居民养老保险'];

async function generate(db: Db, s: number): Promise<Record<string, number>> {
  const b = await sql<{ id: number }>`
    INSERT INTO import_batches (dataset, file_name, file_size, file_sm3, format, started_at, finished_at, status)
    VALUES ('bench', 'generated', 0, '', 'csv', now(), now(), 'committed') RETURNING id`.execute(db);
  const batch = b.rows[0].id;
  const C = 40000 * s; // citizens
  const P = 8000 * s; // officials
  const ORGS = 100 * s;
  const E = 8000 * s;
  const T = 4000 * s;
  const VEH = 1000 * s;
  const L = 10000 * s;
  // idn(k): an 18-character ID number for person k (check digits do not matter to the models)
  const idn = (k: ReturnType<typeof sql>) => sql`('370102' || lpad((${k})::text, 11, '0') || 'X')`;
  const run = async (label: string, q: ReturnType<typeof sql>) => {
    const t = performance.now();
    await q.execute(db);
    log(`  生成 ${label}: ${Math.round(performance.now() - t)} ms`);
  };
  await run('persons', sql`INSERT INTO ds_persons (id_number, name, org, position, category, status, _batch_id, _row)
    SELECT ${idn(sql`${C}::int + i`)}, '公职人员' || i, '单位' || lpad((i % ${ORGS}::int)::text, 5, '0'), '科员', '公务员',
           CASE WHEN i % 10 = 0 THEN '退休' ELSE '在职' END, ${batch}::int, i + 2
    FROM generate_series(0, ${P}::int - 1) i`);
  await run('relations', sql`INSERT INTO ds_relations (id_number, name, relative_id_number, relative_name, relation, _batch_id, _row)
    SELECT ${idn(sql`${C}::int + i`)}, '公职人员' || i, ${idn(sql`${C + P}::int + i`)}, '亲属' || i,
           (ARRAY['配偶','子女','父母','兄弟姐妹'])[i % 4 + 1], ${batch}::int, i + 2
    FROM generate_series(0, ${P}::int - 1) i`);
  await run('subsidies', sql`INSERT INTO ds_subsidies (payment_id, program, id_number, name, amount, paid_on, town, village, _batch_id, _row)
    SELECT 'S' || i, (${PROGRAMS}::text[])[i % 6 + 1],
           CASE WHEN i % 500 = 0 THEN ${idn(sql`${C}::int + ((i / 500) * 7 + 1) % ${P}::int`)}
                WHEN i % 700 = 0 THEN ${idn(sql`${C + P}::int + ((i / 700) * 4) % ${P}::int`)}
                ELSE ${idn(sql`(i::bigint * 7919) % ${C}::int`)} END,
           '居民' || i, 100 + i % 900, date '2025-01-01' + (i * 37) % 365, '镇' || i % 20, '村' || i % 200, ${batch}::int, i + 2
    FROM generate_series(0, ${80000 * s}::int - 1) i`);
  await run('subsidies (duplicates)', sql`INSERT INTO ds_subsidies (payment_id, program, id_number, name, amount, paid_on, town, village, _batch_id, _row)
    SELECT 'DUP' || payment_id, program, id_number, name, amount, paid_on, town, village, _batch_id, _row + 1000000
    FROM ds_subsidies WHERE _row % 1000 = 0`);
  await run('deaths', sql`INSERT INTO ds_deaths (id_number, name, death_date, _batch_id, _row)
    SELECT ${idn(sql`(i::bigint * 10) % ${C}::int`)}, '逝者' || i, date '2025-01-01' + i % 300, ${batch}::int, i + 2
    FROM generate_series(0, ${4000 * s}::int - 1) i`);
  await run('enterprises', sql`INSERT INTO ds_enterprises (uscc, name, legal_rep_name, legal_rep_id_number, phone, address, _batch_id, _row)
    SELECT 'U' || lpad(i::text, 17, '0'), '企业' || i, '法人' || i,
           CASE WHEN i % 97 = 0 THEN ${idn(sql`${C}::int + (i * 13) % ${P}::int`)}
                WHEN i % 89 = 0 THEN ${idn(sql`${C + P}::int + (i * 13) % ${P}::int`)}
                ELSE ${idn(sql`(i::bigint * 31) % ${C}::int`)} END,
           '139' || lpad(i::text, 8, '0'), '地址' || i, ${batch}::int, i + 2
    FROM generate_series(0, ${E}::int - 1) i`);
  await run('shareholders', sql`INSERT INTO ds_shareholders (uscc, id_number, name, role, _batch_id, _row)
    SELECT 'U' || lpad((i / 2)::text, 17, '0'),
           CASE WHEN i % 113 = 0 THEN ${idn(sql`${C}::int + (i * 7) % ${P}::int`)} ELSE ${idn(sql`(i::bigint * 53 + 11) % ${C}::int`)} END,
           '股东' || i, (ARRAY['股东','监事','高管'])[i % 3 + 1], ${batch}::int, i + 2
    FROM generate_series(0, ${2 * E}::int - 1) i`);
  await run('tenders', sql`INSERT INTO ds_tenders (tender_id, title, buyer, method, budget, published_on, winner_uscc, award_amount, awarded_on, _batch_id, _row)
    SELECT 'T' || i, '项目' || i, '单位' || lpad((i % ${ORGS}::int)::text, 5, '0'), '询价', 800000,
           date '2025-01-01' + (i * 11) % 365, 'U' || lpad(((i::bigint * 17) % ${E}::int)::text, 17, '0'),
           50000 + (i::bigint * 7717) % 750000, date '2025-01-01' + (i * 11) % 365, ${batch}::int, i + 2
    FROM generate_series(0, ${T}::int - 1) i`);
  await run('tenders (split purchases)', sql`INSERT INTO ds_tenders (tender_id, title, buyer, method, winner_uscc, award_amount, awarded_on, _batch_id, _row)
    SELECT 'SPLIT' || i, '拆分项目' || i, '单位' || lpad(((i / 2) % ${ORGS}::int)::text, 5, '0'), '直接采购',
           'U' || lpad((${E}::int - 1 - i / 2)::text, 17, '0'), 250000, date '2025-06-01' + (i / 2) % 150 + (i % 2) * 10, ${batch}::int, i + 2
    FROM generate_series(0, ${40 * s}::int - 1) i`);
  await run('bids', sql`INSERT INTO ds_bids (tender_id, bidder_uscc, bidder_name, price, phone, mac, ip, _batch_id, _row)
    SELECT 'T' || (i / 4), 'U' || lpad(((i::bigint * 29 + i / 4) % ${E}::int)::text, 17, '0'), '企业', 100000,
           '137' || lpad(i::text, 8, '0'),
           CASE WHEN (i / 4) % 50 = 0 AND i % 4 = 1 THEN upper(substr(md5(((i - 1))::text), 1, 12)) ELSE upper(substr(md5(i::text), 1, 12)) END,
           '10.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256, ${batch}::int, i + 2
    FROM generate_series(0, ${4 * T}::int - 1) i`);
  await run('vouchers', sql`INSERT INTO ds_vouchers (redemption_id, voucher_id, merchant_id, merchant_name, user_phone, voucher_amount, order_amount, redeemed_at, _batch_id, _row)
    SELECT 'R' || i, 'Q' || i, 'MER' || i % ${2000 * s}::int, '商户', '135' || lpad(((i::bigint * 7) % ${40000 * s}::int)::text, 8, '0'), 50, 200,
           timestamptz '2025-03-01 00:00+08' + make_interval(days => (i * 13) % 180, secs => (i::bigint * 7919) % 86400), ${batch}::int, i + 2
    FROM generate_series(0, ${100000 * s}::int - 1) i`);
  await run('vouchers (bursts)', sql`INSERT INTO ds_vouchers (redemption_id, voucher_id, merchant_id, merchant_name, user_phone, voucher_amount, order_amount, redeemed_at, _batch_id, _row)
    SELECT 'RB' || i, 'QB' || i, 'BURST' || i / 6, '商户', '136' || lpad((i / 6)::text, 8, '0'), 50, 200,
           timestamptz '2025-05-01 12:00+08' + make_interval(days => (i / 6) % 100, mins => i % 6), ${batch}::int, i + 2
    FROM generate_series(0, ${120 * s}::int - 1) i`);
  await run('vouchers (night)', sql`INSERT INTO ds_vouchers (redemption_id, voucher_id, merchant_id, merchant_name, user_phone, voucher_amount, order_amount, redeemed_at, _batch_id, _row)
    SELECT 'RN' || i, 'QN' || i, 'NIGHT' || i / 12, '商户', '134' || lpad(i::text, 8, '0'), 50, 200,
           timestamptz '2025-05-01 01:00+08' + make_interval(days => (i / 12) % 100, mins => (i % 12) * 10), ${batch}::int, i + 2
    FROM generate_series(0, ${120 * s}::int - 1) i`);
  await run('vehicles', sql`INSERT INTO ds_vehicles (plate, org, tank_liters, _batch_id, _row)
    SELECT '鲁A' || lpad(i::text, 5, '0'), '单位' || lpad((i % ${ORGS}::int)::text, 5, '0'), 50 + i % 30, ${batch}::int, i + 2
    FROM generate_series(0, ${VEH}::int - 1) i`);
  await run('trips', sql`INSERT INTO ds_trips (trip_id, plate, start_at, end_at, km, purpose, approved, _batch_id, _row)
    SELECT 'TR' || i, '鲁A' || lpad((i % ${VEH}::int)::text, 5, '0'),
           timestamptz '2025-01-01 08:00+08' + make_interval(days => (i * 17) % 365, hours => i % 12),
           timestamptz '2025-01-01 10:00+08' + make_interval(days => (i * 17) % 365, hours => i % 12), 30, '公务', i % 7 <> 0, ${batch}::int, i + 2
    FROM generate_series(0, ${20000 * s}::int - 1) i`);
  await run('fuel', sql`INSERT INTO ds_fuel (txn_id, card_no, plate, fueled_at, liters, amount, station, _batch_id, _row)
    SELECT 'F' || i, 'C' || i % 500, '鲁A' || lpad(((i * 3) % ${VEH}::int)::text, 5, '0'),
           timestamptz '2025-01-01 09:00+08' + make_interval(days => (i * 7) % 365), 20 + (i * 37) % 70, 500, '加油站', ${batch}::int, i + 2
    FROM generate_series(0, ${20000 * s}::int - 1) i`);
  await run('receptions', sql`INSERT INTO ds_receptions (reception_id, org, date, guests, hosts, amount, alcohol, letter, _batch_id, _row)
    SELECT 'RC' || i, '单位' || lpad((i % ${ORGS}::int)::text, 5, '0'), date '2025-01-01' + i % 365, 1 + i % 20, 1 + (i * 7) % 8,
           (2 + i % 20 + (i * 7) % 8) * (80 + (i * 13) % 100), i % 25 = 0, i % 17 <> 0, ${batch}::int, i + 2
    FROM generate_series(0, ${4000 * s}::int - 1) i`);
  await run('land', sql`INSERT INTO ds_land (id_number, name, area_mu, village, _batch_id, _row)
    SELECT ${idn(sql`(i::bigint * 3) % ${C}::int`)}, '农户' || i, 1.5 + i % 20, '村' || i % 200, ${batch}::int, i + 2
    FROM generate_series(0, ${L}::int - 1) i`);
  await run('grain', sql`INSERT INTO ds_grain (purchase_id, id_number, name, quantity_jin, purchased_on, depot, _batch_id, _row)
    SELECT 'G' || i, ${idn(sql`((i % ${L}::int)::bigint * 3) % ${C}::int`)}, '农户', 500 + (i * 97) % 20000, date '2025-01-01' + (i * 29) % 365, '粮库' || i % 10, ${batch}::int, i + 2
    FROM generate_series(0, ${20000 * s}::int - 1) i`);
  // Hotline: 3 orders per caller; every 4th caller repeats one matter in other words.
  const pairA = CONTENT_PAIRS.map((x) => x[0]);
  const pairB = CONTENT_PAIRS.map((x) => x[1]);
  await run('hotline', sql`INSERT INTO ds_hotline (order_id, received_at, caller_name, caller_phone, address, district, street, content, category, handler_unit,
                                                   due_at, closed_at, status, satisfaction, supervised, _batch_id, _row)
    SELECT 'H' || i, x.recv, '市民', '188' || lpad((i / 3)::text, 8, '0'), x.place, '东城区', '街道' || (i / 3) % 50, x.content, NULL,
           '单位' || lpad((i % ${ORGS}::int)::text, 5, '0'), x.recv + interval '5 days',
           CASE WHEN i % 3 = 0 OR i % 7 = 0 THEN x.recv + make_interval(days => 2 + (i % 11 = 0)::int * 6) END,
           CASE WHEN i % 3 = 0 OR i % 7 = 0 THEN '已办结' ELSE '办理中' END, '满意', i % 10 = 0, ${batch}::int, i + 2
    FROM generate_series(0, ${30000 * s}::int - 1) i
    CROSS JOIN LATERAL (
      SELECT timestamptz '2025-01-01 09:00+08' + make_interval(days => (i / 3) % 300 + (i % 3) * 8, hours => i % 8) AS recv,
             (${PLACES}::text[])[(i / 3) % ${PLACES.length}::int + 1] AS place,
             CASE WHEN (i / 3) % 4 = 0
                  THEN CASE WHEN i % 3 = 0 THEN (${pairA}::text[])[(i / 3) % ${CONTENT_PAIRS.length}::int + 1] ELSE (${pairB}::text[])[(i / 3) % ${CONTENT_PAIRS.length}::int + 1] END
                  ELSE (${CONTENTS}::text[])[(i * 7) % ${CONTENTS.length}::int + 1] END AS content
    ) x`);
  await sql`ANALYZE`.execute(db);
  const counts: Record<string, number> = {};
  for (const t of ['persons', 'relations', 'deaths', 'subsidies', 'enterprises', 'shareholders', 'tenders', 'bids', 'vouchers', 'vehicles', 'trips', 'fuel', 'receptions', 'grain', 'land', 'hotline']) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`ds_${t}`)}`.execute(db);
    counts[t] = r.rows[0].n;
  }
  return counts;
}

/** The datasets area's scalable demo generator, when it exists. */
async function demoGenerator(): Promise<null | ((db: Db, scale: number) => Promise<unknown>)> {
  const file = path.resolve('src/modules/demo/datasets.ts');
  if (!fs.existsSync(file)) return null;
  const m = (await import(file)) as { generateDatasets?: (db: Db, opts: { scale: number }) => Promise<unknown> };
  return m.generateDatasets ? (db, scale) => m.generateDatasets!(db, { scale }) : null;
}

// ---------------------------------------------------------------------------------------------
// Worker: a fresh process that runs the models and reports times and its peak RSS

interface WorkerResult {
  models: { id: string; name: string; ms: number; rows_scanned: number | null; hits: number | null; status: string; error: string | null }[];
  stream: { hits: number; bytes: number; ms: number };
  maxRssMb: number;
  rssAtStartMb: number;
}

async function worker(url: string): Promise<void> {
  const rssAtStartMb = process.memoryUsage().rss / 2 ** 20;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-bench-'));
  const p = await openPlatform({ databaseUrl: url, dataDir, poolSize: 2 });
  const out: WorkerResult = { models: [], stream: { hits: 0, bytes: 0, ms: 0 }, maxRssMb: 0, rssAtStartMb };
  const runIds: number[] = [];
  try {
    for (const m of CATALOGUE) {
      const t = performance.now();
      const r = await runModels(p.db, systemActor('bench'), null, { models: [m.id], asOf: AS_OF, trigger: 'cli' });
      const ms = performance.now() - t;
      const s = r.runs[0];
      runIds.push(s.run_id);
      out.models.push({ id: m.id, name: m.name, ms, rows_scanned: s.rows_scanned, hits: s.hits, status: s.status, error: s.error });
      log(`  ${m.id} ${m.name}: ${ms.toFixed(0)} ms, ${s.hits} hits, ${s.rows_scanned} rows${s.error ? `, ERROR ${s.error}` : ''}`);
    }
    // The CLI's output path: every hit as one JSON line, page by page, into a sink that keeps nothing.
    const t = performance.now();
    out.stream.hits = await forEachRunHit(p.db, runIds, (h) => {
      out.stream.bytes += Buffer.byteLength(JSON.stringify({ model: h.model, name: h.name, subject: h.subject, reasons: h.reasons, evidence: h.evidence, score: h.score })) + 1;
    });
    out.stream.ms = performance.now() - t;
  } finally {
    await p.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  out.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

// ---------------------------------------------------------------------------------------------

interface ScaleResult {
  scale: number;
  counts: Record<string, number>;
  rows: number;
  generateMs: number;
  generator: string;
  worker: WorkerResult;
}

type Generator = 'demo' | 'sql';

async function benchScale(scale: number, keep: boolean, gen: Generator): Promise<ScaleResult> {
  const name = `gt_bench_models_${gen}_${scale}x`;
  const scratch = await createScratchDatabase(name);
  const url = scratch.url;
  try {
    log(`== ${gen} ${scale}× : ${name}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-bench-'));
    const p = await openPlatform({ databaseUrl: url, dataDir });
    const t = performance.now();
    let counts: Record<string, number>;
    let generator = 'bench/models.ts (SQL generate_series)';
    try {
      const demo = gen === 'demo' ? await demoGenerator() : null;
      if (gen === 'demo' && !demo) throw new Error('src/modules/demo/datasets.ts has no generateDatasets');
      if (demo) {
        generator = 'src/modules/demo/datasets.ts generateDatasets({ scale })';
        await demo(p.db, scale);
        await sql`ANALYZE`.execute(p.db);
        counts = {};
        for (const d of CATALOGUE.flatMap((m) => m.datasets)) {
          counts[d] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`ds_${d}`)}`.execute(p.db)).rows[0].n;
        }
      } else counts = await generate(p.db, scale);
    } finally {
      await p.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const generateMs = performance.now() - t;
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    log(`  ${rows} rows generated in ${(generateMs / 1000).toFixed(1)} s`);
    const w = spawnSync(process.execPath, ['bin/run-ts.mjs', 'bench/models.ts', '--worker', url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (w.status !== 0) throw new Error(`worker failed (${w.status})`);
    const worker = JSON.parse(w.stdout.trim().split('\n').pop()!) as WorkerResult;
    return { scale, counts, rows, generateMs, generator, worker };
  } finally {
    await scratch.close(keep);
  }
}

function header(): string {
  return [
    '## Models',
    '',
    'Command: `node bin/run-ts.mjs bench/models.ts` (PostgreSQL at `BENCH_DATABASE_URL`, default `postgresql://postgres@127.0.0.1:5432/postgres`;',
    "a scratch database per generator and scale, created `ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0` and dropped afterwards).",
    `as_of ${AS_OF}. Each model is run once by a fresh worker process exactly as \`guantong models run\` does (INSERT … SELECT into`,
    '`model_hits`, upsert by fingerprint, per-run hit list); then every hit is streamed as JSONL to a null sink (the CLI output path).',
    'Peak RSS is the worker’s own (`process.resourceUsage().maxRSS`), so data generation does not count.',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, shared with other work; Node ${process.version}; measured ${new Date().toISOString().slice(0, 10)}.`,
    'Targets: peak RSS at 10× < 1.2 × peak RSS at 1×; time at 10× ≤ 12 × time at 1×.',
  ].join('\n');
}

const GEN_TITLES: Record<Generator, string> = {
  demo: '### Demo city generator (`src/modules/demo/datasets.ts`, `generateDatasets({ scale })`)\n\nThe demo city with its background rows multiplied by the scale; the planted problems stay the same, so the hits are the same at both sizes (and equal to docs/demo-city.md).',
  sql: '### Volume (bench/models.ts SQL generator, `generate_series`)\n\nA larger synthetic city generated straight in SQL; entities grow with the scale (more people, merchants, callers …), problems occur at a fixed rate, so the hits grow ×10 too.',
};

function report(results: ScaleResult[], gen: Generator): string {
  const [a, b] = results;
  const lines: string[] = [GEN_TITLES[gen], ''];
  if (!b) {
    lines.push(`| model | ${a.scale}× ms | hits |`, '|---|---:|---:|');
    for (const m of a.worker.models) lines.push(`| ${m.id} ${m.name} | ${m.ms.toFixed(0)} | ${m.hits} |`);
    lines.push('', `Peak RSS of the worker: ${a.worker.maxRssMb.toFixed(0)} MB.`);
    return lines.join('\n');
  }
  lines.push(`| model | ${a.scale}× ms | ${b.scale}× ms | ratio | ${a.scale}× rows scanned | ${b.scale}× rows scanned | ${a.scale}× hits | ${b.scale}× hits |`);
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  let ta = 0;
  let tb = 0;
  for (const m of a.worker.models) {
    const n = b.worker.models.find((x) => x.id === m.id)!;
    ta += m.ms;
    tb += n.ms;
    lines.push(`| ${m.id} ${m.name} | ${m.ms.toFixed(0)} | ${n.ms.toFixed(0)} | ${(n.ms / m.ms).toFixed(1)} | ${m.rows_scanned} | ${n.rows_scanned} | ${m.hits} | ${n.hits} |`);
  }
  lines.push(`| **all 15** | **${ta.toFixed(0)}** | **${tb.toFixed(0)}** | **${(tb / ta).toFixed(1)}** | | | | |`);
  lines.push(`| stream all hits as JSONL | ${a.worker.stream.ms.toFixed(0)} | ${b.worker.stream.ms.toFixed(0)} | ${(b.worker.stream.ms / a.worker.stream.ms).toFixed(1)} | | | ${a.worker.stream.hits} hits, ${(a.worker.stream.bytes / 2 ** 20).toFixed(1)} MB | ${b.worker.stream.hits} hits, ${(b.worker.stream.bytes / 2 ** 20).toFixed(1)} MB |`);
  lines.push('');
  const rssRatio = b.worker.maxRssMb / a.worker.maxRssMb;
  lines.push(`Dataset rows: ${a.rows.toLocaleString('en-US')} at ${a.scale}×, ${b.rows.toLocaleString('en-US')} at ${b.scale}× (generated in ${(a.generateMs / 1000).toFixed(1)} s and ${(b.generateMs / 1000).toFixed(1)} s).`);
  lines.push('');
  lines.push(`Peak RSS of the Node worker: ${a.worker.maxRssMb.toFixed(0)} MB at ${a.scale}×, ${b.worker.maxRssMb.toFixed(0)} MB at ${b.scale}× — ratio ${rssRatio.toFixed(2)} (target < 1.2: ${rssRatio < 1.2 ? 'met' : 'NOT met'}).`);
  lines.push(`Total model time: ratio ${(tb / ta).toFixed(1)} (target ≤ 12: ${tb / ta <= 12 ? 'met' : 'NOT met'}); worst single model ${Math.max(...a.worker.models.map((m) => b.worker.models.find((x) => x.id === m.id)!.ms / m.ms)).toFixed(1)}.`);
  return lines.join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--worker') return worker(argv[1]);
  const scalesArg = argv.indexOf('--scales');
  const scales = scalesArg >= 0 ? argv[scalesArg + 1].split(',').map(Number) : [1, 10];
  const genArg = argv.indexOf('--generator');
  const gens: Generator[] =
    genArg >= 0 ? (argv[genArg + 1] === 'both' ? ['demo', 'sql'] : [argv[genArg + 1] as Generator]) : (await demoGenerator()) ? ['demo', 'sql'] : ['sql'];
  const keep = argv.includes('--keep');
  const parts = [header()];
  for (const gen of gens) {
    const results: ScaleResult[] = [];
    for (const s of scales) results.push(await benchScale(s, keep, gen));
    parts.push(report(results, gen));
  }
  const section = parts.join('\n\n');
  process.stdout.write(`${section}\n`);
  if (!argv.includes('--no-write')) writeBenchmarkSection('## Models', section);
}

await main();
