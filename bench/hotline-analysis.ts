/**
 * Query plans of the hotline analysis over a large generated order set (PostgreSQL).
 *
 *   node bin/run-ts.mjs bench/hotline-analysis.ts [--orders 1000000] [--keep] [--no-write]
 *
 * A scratch database (UTF8, C.UTF-8) on BENCH_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres), migrated, filled with `--orders` work orders
 * over two years straight in SQL (generate_series), ANALYZEd. Then: the daily pre-aggregates are
 * built (full range, and the nightly job's 90-day window, timed), and every analysis query is
 * run through the real services on a Kysely that records its SQL; each recorded statement is
 * EXPLAIN (ANALYZE, BUFFERS)ed. The section "## Hotline analysis" of BENCHMARKS.md gets the
 * plans' shape (scan nodes and indexes), rows read and times.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { breakdown, compare, hotTopics, refreshDaily, topicNumbers } from '../src/modules/hotline/analysis.service.ts';
import { listRequests } from '../src/modules/hotline/open311.service.ts';
import { kickballOrders, unitUnsatisfiedRates } from '../src/modules/hotline/screening.service.ts';
import { openPlatform } from '../src/platform/app.ts';
import type { Database, Db } from '../src/platform/db/types.ts';
import { createScratchDatabase, log, writeBenchmarkSection } from './support.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const ORDERS = Number(arg('--orders', '1000000'));
const KEEP = args.includes('--keep');
const WRITE = !args.includes('--no-write');

const CATEGORIES = ['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生', '党风政风', '农村农业', '公安司法'];
const CONTENTS = [
  '小区物业不作为，垃圾堆积无人清理',
  '学校食堂饭菜质量差，校园餐饮存在安全隐患',
  '楼上装修噪音扰民，周末早上七点就开始施工',
  '路口红绿灯故障，车辆通行混乱',
  '咨询社保卡补办需要带哪些材料',
  '窗口工作人员态度恶劣，故意刁难群众',
  '街道和社区互相推诿，问题拖了半年没人管',
  '餐馆油烟直排，熏得没法开窗',
  '小区电梯经常故障，物业费照收',
  '询问新生儿落户需要什么手续',
];

async function generate(db: Db, n: number) {
  const b = await sql<{ id: number }>`
    INSERT INTO import_batches (dataset, file_name, file_size, file_sm3, format, started_at, finished_at, status)
    VALUES ('hotline', 'bench-generated', 0, '', 'csv', now(), now(), 'committed') RETURNING id`.execute(db);
  const batch = b.rows[0].id;
  await sql`
    INSERT INTO ds_hotline (order_id, received_at, caller_name, caller_phone, address, district, street, content, category, handler_unit,
                            due_at, closed_at, status, satisfaction, supervised, _batch_id, _row)
    SELECT 'B' || lpad(i::text, 9, '0'), x.recv, '市民', '139' || lpad((i % 5000000)::text, 8, '0'), '某地', '区' || (i % 10), '街道' || (i % 120),
           (${CONTENTS}::text[])[(i * 7) % ${CONTENTS.length}::int + 1],
           CASE WHEN i % 10 < 7 THEN (${CATEGORIES}::text[])[i % ${CATEGORIES.length}::int + 1] END,
           '单位' || lpad((i % 200)::text, 3, '0'), x.recv + interval '5 days',
           CASE WHEN i % 5 <> 0 THEN x.recv + make_interval(days => 1 + i % 7) END,
           CASE WHEN i % 5 <> 0 THEN '已办结' WHEN i % 17 = 0 THEN '已退回' ELSE '办理中' END,
           CASE WHEN i % 5 = 0 THEN NULL WHEN i % 13 = 0 THEN '不满意' WHEN i % 4 = 0 THEN '基本满意' ELSE '满意' END,
           i % 50 = 0, ${batch}::int, i + 2
    FROM generate_series(0, ${n}::int - 1) i
    CROSS JOIN LATERAL (SELECT timestamptz '2024-12-01 00:00+08' + make_interval(secs => (i::float8 / ${n}::int) * 730 * 86400) AS recv) x`.execute(db);
  // some orders with returned / re-assigned versions (history)
  await sql`
    INSERT INTO ds_hotline_history (_id, order_id, received_at, content, category, handler_unit, status, _batch_id, _row, _version, _updated_at, _replaced_at, _replaced_by_batch)
    SELECT o._id, o.order_id, o.received_at, o.content, o.category, '单位' || lpad(((v * 37) % 200)::text, 3, '0'),
           CASE WHEN v % 2 = 0 THEN '已退回' ELSE '办理中' END, o._batch_id, o._row, v, now(), now(), o._batch_id
    FROM ds_hotline o CROSS JOIN generate_series(1, 4) v
    WHERE o._id % 997 = 0`.execute(db);
  await sql`UPDATE ds_hotline SET _version = 5 WHERE _id % 997 = 0`.execute(db);
  // the platform's predictions of the orders without a category
  await sql`INSERT INTO hotline_classifications (order_id, category, confidence, source)
    SELECT order_id, (${CATEGORIES}::text[])[(_id % ${CATEGORIES.length}::int) + 1], 0.8, 'predicted' FROM ds_hotline WHERE category IS NULL`.execute(db);
  await sql`INSERT INTO hotline_topics (name, keywords) VALUES ('校园餐饮', ARRAY['校园餐饮','食堂']), ('物业管理', ARRAY['物业','电梯'])`.execute(db);
  await sql`ANALYZE`.execute(db);
}

/** A Kysely over `pool` that records every statement it runs. */
function recordingDb(pool: pg.Pool, sink: CompiledQuery[]): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') sink.push(e.query);
    },
  });
}

interface PlanResult {
  name: string;
  ms: number;
  scans: string[];
  rowsRead: number;
  planLines: string[];
}

function walk(node: Record<string, unknown>, out: { scans: Set<string>; rows: number }) {
  const type = node['Node Type'] as string;
  if (/Scan/.test(type)) {
    const rel = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    const idx = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    out.scans.add(`${type}${rel}${idx}`);
    out.rows += Number(node['Actual Rows'] ?? 0) * Number(node['Actual Loops'] ?? 1) + Number(node['Rows Removed by Filter'] ?? 0);
  }
  for (const c of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c, out);
}

async function explain(pool: pg.Pool, name: string, q: CompiledQuery): Promise<PlanResult> {
  const json = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.parameters as unknown[]);
  const plan = json.rows[0]['QUERY PLAN'][0];
  const acc = { scans: new Set<string>(), rows: 0 };
  walk(plan.Plan, acc);
  const text = await pool.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${q.sql}`, q.parameters as unknown[]);
  return { name, ms: Number(plan['Execution Time']), scans: [...acc.scans], rowsRead: acc.rows, planLines: text.rows.map((r) => r['QUERY PLAN'] as string) };
}

async function main() {
  const name = 'gt_bench_hotline';
  const scratch = await createScratchDatabase(name);
  const url = scratch.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-bench-hotline-'));
  const p = await openPlatform({ databaseUrl: url, dataDir });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const results: PlanResult[] = [];
  const timings: Record<string, number> = {};
  let version = '';
  try {
    version = (await pool.query('SHOW server_version')).rows[0].server_version;
    let t = performance.now();
    log(`生成 ${ORDERS} 件工单 / generating ${ORDERS} orders`);
    await generate(p.db, ORDERS);
    timings.generate = performance.now() - t;
    t = performance.now();
    await refreshDaily(p.db, '2024-12-01', '2026-12-01');
    timings.refreshAll = performance.now() - t;
    t = performance.now();
    await refreshDaily(p.db, '2026-09-03', '2026-12-01');
    timings.refresh90 = performance.now() - t;
    await sql`ANALYZE`.execute(p.db);
    const daily = Number((await pool.query('SELECT count(*) FROM hotline_daily')).rows[0].count);
    timings.dailyRows = daily;

    const cases: [string, (db: Db) => Promise<unknown>][] = [
      ['按类别统计（一个月）breakdown category', (db) => breakdown(db, 'category', '2026-05-01', '2026-05-31')],
      ['按月趋势（一年，单个区县）breakdown month', (db) => breakdown(db, 'month', '2025-06-01', '2026-05-31', { district: '区3' })],
      ['按街道统计 breakdown street', (db) => breakdown(db, 'street', '2026-05-01', '2026-05-31')],
      ['承办单位满意率/按时办结率 unit rates', (db) => breakdown(db, 'unit', '2026-01-01', '2026-06-30', {}, 200)],
      ['同比/环比（按类别）compare', (db) => compare(db, '2026-05-01', '2026-05-31')],
      ['单一类别趋势 breakdown day, category filter', (db) => breakdown(db, 'day', '2026-05-01', '2026-05-31', { category: '农村农业' })],
      ['专项深办 topic numbers', (db) => topicNumbers(db, '2026-05-01', '2026-05-31')],
      ['不满意率（筛查）unit unsatisfied rates', (db) => unitUnsatisfiedRates(db, '2026-05-01', '2026-05-31')],
      ['踢皮球（筛查）kickball', (db) => kickballOrders(db, 3)],
      ['Open311 列表（90天）', (db) => listRequests(db, { start_date: '2026-03-01T00:00:00+08:00', end_date: '2026-05-31T00:00:00+08:00' })],
      ['热点（一周窗口+前四周）hot topics read', (db) => hotTopics(db, '2026-05-25', '2026-05-31')],
    ];
    for (const [label, fn] of cases) {
      const sink: CompiledQuery[] = [];
      const rdb = recordingDb(pool, sink);
      const t0 = performance.now();
      await fn(rdb);
      const wall = performance.now() - t0;
      const stmts = sink.filter((q) => /^\s*(select|with)/i.test(q.sql));
      for (let i = 0; i < stmts.length; i++) {
        const r = await explain(pool, stmts.length > 1 ? `${label} [${i + 1}/${stmts.length}]` : label, stmts[i]);
        if (i === 0) r.name += `（服务调用 ${wall.toFixed(0)} ms）`;
        results.push(r);
        log(`${r.name}: ${r.ms.toFixed(1)} ms, ${r.scans.join('; ')}`);
      }
    }
    // the refresh's source scan (nightly window) for the record
    const sink: CompiledQuery[] = [];
    const rdb = recordingDb(pool, sink);
    await refreshDaily(rdb, '2026-09-03', '2026-12-01');
    const ins = sink.find((q) => /INSERT INTO hotline_daily/.test(q.sql));
    if (ins) {
      const selectPart = { ...ins, sql: ins.sql.slice(ins.sql.indexOf('SELECT')) } as CompiledQuery;
      const r = await explain(pool, '每日预聚合刷新（90天窗口的源查询）refresh source', selectPart);
      results.push(r);
    }
  } finally {
    await pool.end();
    await p.close();
    await scratch.close(KEEP);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const lines = [
    '## Hotline analysis',
    '',
    `\`node bin/run-ts.mjs bench/hotline-analysis.ts --orders ${ORDERS}\` — PostgreSQL ${version}, ${ORDERS.toLocaleString('en')} generated work orders over`,
    `two years (10 districts, 120 streets, 200 units, 10 categories with 30 % left to the classifier), ${Math.round(timings.dailyRows).toLocaleString('en')} rows in the`,
    `daily pre-aggregate \`hotline_daily\`. Generating took ${(timings.generate / 1000).toFixed(1)} s; building the aggregates for all days ${(timings.refreshAll / 1000).toFixed(1)} s;`,
    `the nightly job's 90-day refresh ${(timings.refresh90 / 1000).toFixed(1)} s. Every analysis query reads \`hotline_daily\` / \`hotline_topic_daily\` (index or`,
    'small-table scans), never `ds_hotline` in full; the screens and Open311 read `ds_hotline` through its indexes',
    '(`received_at`, the key, the history key). “rows read” = rows produced by scan nodes plus rows they filtered out.',
    '',
    '| query | execution (ms) | rows read | scans |',
    '|---|---:|---:|---|',
    ...results.map((r) => `| ${r.name} | ${r.ms.toFixed(1)} | ${r.rowsRead.toLocaleString('en')} | ${r.scans.join('; ').replace(/\|/g, '\\|')} |`),
    '',
    '<details><summary>Plans (EXPLAIN ANALYZE, costs and timing off)</summary>',
    '',
    ...results.flatMap((r) => [`**${r.name}**`, '', '```', ...r.planLines, '```', '']),
    '</details>',
  ];
  const section = lines.join('\n');
  process.stdout.write(`${section}\n`);
  if (WRITE) {
    writeBenchmarkSection('## Hotline analysis', section);
    log('已写入 BENCHMARKS.md / written to BENCHMARKS.md');
  }
}

await main();
