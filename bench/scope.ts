/**
 * bench/scope: throughput of an authenticated, scope-filtered list route (rectification ledger,
 * 100,000 items) for a user whose data scope filters (本部门及以下) versus one whose scope is 全部
 * (the filter compiles to `true`), on PostgreSQL, measured alternately in one run.
 *
 *   node bin/run-ts.mjs bench/scope.ts [--rows 100000] [--seconds 5]
 */
import { sql } from 'kysely';
import { DEMO_PASSWORD, demoTotpSecret } from '../src/modules/demo/city.ts';
import { loadDemoCity } from '../src/modules/demo/demo.service.ts';
import { openPlatform } from '../src/platform/app.ts';
import { buildServer } from '../src/platform/http/server.ts';
import { ROUTES } from '../src/routes.ts';
import { signIn } from '../test/support/http.ts';
import { createScratchDatabase } from './support.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 100_000);
const SECONDS = arg('seconds', 5);
const scratch = await createScratchDatabase(`gt_bench_scope_${process.pid}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-bench-'));
const platform = await openPlatform({ databaseUrl: scratch.url, dataDir });
try {
  await loadDemoCity(platform, () => {}, { onlyCore: true });
  // 100k ledger items spread over every organisation, as responsible and supervising bodies.
  await sql`
    INSERT INTO rect_items (code, source_type, title, responsible_org_id, responsible_leader_name, supervising_org_id, assigned_on, deadline)
    SELECT 'B' || g, 'inspection', '整改事项 ' || g,
           o1.id, '责任领导', o2.id, date '2026-01-01', date '2026-06-30'
    FROM generate_series(1, ${ROWS}) g
    JOIN LATERAL (SELECT id FROM orgs ORDER BY id OFFSET (g % (SELECT count(*) FROM orgs)) LIMIT 1) o1 ON true
    JOIN LATERAL (SELECT id FROM orgs ORDER BY id OFFSET ((g * 7) % (SELECT count(*) FROM orgs)) LIMIT 1) o2 ON true`.execute(platform.db);
  await sql`ANALYZE rect_items`.execute(platform.db);
  const app = await buildServer(platform, { routes: ROUTES });
  await app.ready();
  const filtered = await signIn(app, 'officer1', DEMO_PASSWORD, demoTotpSecret('officer1'));
  const unfiltered = await signIn(app, 'leader', DEMO_PASSWORD, demoTotpSecret('leader'));
  const route = '/api/rectification/items?page=1&pageSize=20';
  const check = async (c: typeof filtered) => {
    const r = await c.get(route);
    if (r.status !== 200) throw new Error(`${r.status} ${r.body}`);
    return r.json.total as number;
  };
  const totals = { filtered: await check(filtered), unfiltered: await check(unfiltered) };
  // Alternate 0.5 s slices so machine noise hits both sides alike.
  const count = { filtered: 0, unfiltered: 0 };
  const spent = { filtered: 0, unfiltered: 0 };
  const end = Date.now() + SECONDS * 2000;
  while (Date.now() < end) {
    for (const side of ['filtered', 'unfiltered'] as const) {
      const c = side === 'filtered' ? filtered : unfiltered;
      const t0 = performance.now();
      const stop = t0 + 500;
      while (performance.now() < stop) {
        await c.get(route);
        count[side]++;
      }
      spent[side] += performance.now() - t0;
    }
  }
  const rps = (s: 'filtered' | 'unfiltered') => (count[s] / spent[s]) * 1000;
  const cost = 1 - rps('filtered') / rps('unfiltered');
  const result = {
    rows: ROWS,
    visible: totals,
    requests_per_s: { filtered: Math.round(rps('filtered')), unfiltered: Math.round(rps('unfiltered')) },
    filter_cost_percent: Math.round(cost * 1000) / 10,
  };
  console.log(JSON.stringify(result, null, 2));
  await app.close();
} finally {
  await platform.close();
  await scratch.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
