/**
 * 驾驶舱 (leadership dashboard): the numbers leaders quote, for a period [from, to] compared with
 * the same period last year (同比), each with a `drill` descriptor (web route + query) that opens
 * the records behind it.
 *
 * Every number comes from the owning area's service (which applies need-to-know / data scope);
 * the few aggregates no service offers yet are read-only queries below, marked
 * `// TODO(service): move to <module>`, under the same visibility conditions. A section is only
 * computed for a user holding that area's read permission, and a drill is only given when the user
 * may open its route.
 */
import { type SqlBool, sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { cityDistricts, orgDistricts } from '../../platform/access/districts.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import { type DateString, isValidDate, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput } from '../../platform/errors.ts';
import { careCounts, formStats } from '../accountability/accountability.service.ts';
import { visibleClues } from '../clues/clue-access.ts';
import { clueStats } from '../clues/clues.query.ts';
import { SOURCE_LABELS, SOURCE_TYPES } from '../clues/schema.ts';
import { OUTCOMES, OUTCOME_DEFS, type Outcome } from '../clues/workflow.ts';
import { breakdown, compare, lastYear, pctChange } from '../hotline/analysis.service.ts';
import { countHits, listModels } from '../models/models.service.ts';
import { clearanceView } from '../rectification/rectification.service.ts';
import { transferStats } from '../transfers/stats.ts';

export interface Drill {
  /** Web route (react-router path) to open. */
  route: string;
  /** Query string parameters of that page's filters. */
  query: Record<string, string | number | boolean>;
}

export interface Metric {
  key: string;
  label: string;
  value: number | null;
  /** Same period last year; absent for stock numbers (current state, not per period). */
  last_year?: number | null;
  /** 同比 in percent, one decimal (27.2 = +27.2%); null without a base. */
  yoy_pct?: number | null;
  unit?: string;
  drill: Drill | null;
}

export interface Period {
  from: DateString;
  to: DateString;
}

/** Web routes of the drills and the permission each page needs (mirror of web/src/routes.tsx). */
const ROUTE_PERMS: Record<string, string> = {
  '/clues': 'clue:read',
  '/transfers/outbox': 'transfer:receive',
  '/transfers/inbox': 'transfer:receive',
  '/rectify/ledger': 'rectify:read',
  '/rectify/zero': 'rectify:read',
  '/account/decisions': 'account:read',
  '/account/forms': 'account:read',
  '/account/care': 'account:read',
  '/hotline/analysis': 'hotline:read',
  '/model/library': 'model:read',
  '/model/hits': 'hit:review',
};

export function drillFor(access: AccessContext, route: string, query: Drill['query'] = {}): Drill | null {
  const need = ROUTE_PERMS[route];
  if (!need || !access.permissions.has(need)) return null;
  const q = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return { route, query: q };
}

/** Validate the period; default: 1 January of this year (Asia/Shanghai) to today. */
export function resolvePeriod(q: { from?: string; to?: string }, today: DateString = todayInShanghai()): Period {
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (!isValidDate(from) || !isValidDate(to)) throw badInput(`日期无效：${from} ~ ${to}`, `Invalid dates: ${from} ~ ${to}`);
  if (from > to) throw badInput('起始日期不能晚于截止日期', 'from must not be after to');
  return { from, to };
}

export const lastYearPeriod = (p: Period): Period => ({ from: lastYear(p.from), to: lastYear(p.to) });

function metric(key: string, label: string, now: number, before: number | undefined, drill: Drill | null, unit = '件'): Metric {
  const m: Metric = { key, label, value: now, unit, drill };
  if (before !== undefined) {
    m.last_year = before;
    m.yoy_pct = pctChange(now, before);
  }
  return m;
}

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

// ---------------------------------------------------------------------------------------------
// Clues
// ---------------------------------------------------------------------------------------------

// TODO(service): move to clues — counts by final outcome and by owning org, over the clues given to the viewer.
async function clueCountsBy(db: Queryable, access: AccessContext, p: Period, col: 'outcome' | 'org_id') {
  let q = visibleClues(db, access)
    .where('clues.status', '<>', 'merged')
    .where('clues.received_on', '>=', p.from)
    .where('clues.received_on', '<=', p.to);
  if (col === 'outcome') q = q.where('clues.outcome', 'is not', null).where('clues.status', '<>', 'result_pending');
  const rows = await q
    .select([sql<string>`clues.${sql.raw(col)}::text`.as('k'), sql<number>`count(*)`.as('n')])
    .groupBy(`clues.${col}`)
    .execute();
  return new Map(rows.map((r) => [r.k, Number(r.n)]));
}

async function cluesSection(db: Queryable, actor: Actor, access: AccessContext, p: Period, ly: Period) {
  const [now, before, outNow, outBefore] = await Promise.all([
    clueStats(db, actor, access, { from: p.from, to: p.to }),
    clueStats(db, actor, access, { from: ly.from, to: ly.to }),
    clueCountsBy(db, access, p, 'outcome'),
    clueCountsBy(db, access, ly, 'outcome'),
  ]);
  const range = { from: p.from, to: p.to };
  return {
    total: metric('clues.total', '受理问题线索', now.total, before.total, drillFor(access, '/clues', range)),
    by_source: SOURCE_TYPES.map((s) =>
      metric(`clues.source.${s}`, SOURCE_LABELS[s], now.by_source[s] ?? 0, before.by_source[s] ?? 0, drillFor(access, '/clues', { ...range, source_type: s })),
    ),
    by_outcome: OUTCOMES.map((o: Outcome) =>
      metric(`clues.outcome.${o}`, OUTCOME_DEFS[o].label, outNow.get(o) ?? 0, outBefore.get(o) ?? 0, drillFor(access, '/clues', { ...range, outcome: o })),
    ),
    closed: metric('clues.closed', '已办结', now.by_status.closed ?? 0, before.by_status.closed ?? 0, drillFor(access, '/clues', { ...range, status: 'closed' })),
  };
}

// ---------------------------------------------------------------------------------------------
// Transfers
// ---------------------------------------------------------------------------------------------

async function transfersSection(db: Queryable, access: AccessContext, p: Period, ly: Period, today: DateString) {
  const [now, before] = await Promise.all([
    transferStats(db, access, { from: p.from, to: p.to, period: 'all' }, today),
    transferStats(db, access, { from: ly.from, to: ly.to, period: 'all' }, today),
  ]);
  const t = now.totals;
  const b = before.totals;
  const d = (extra: Drill['query'] = {}) => drillFor(access, '/transfers/outbox', { from: p.from, to: p.to, ...extra });
  return {
    transfers: metric('transfers.total', '移交', t.transfers, b.transfers, d(), '次'),
    items: metric('transfers.items', '移交事项', t.items, b.items, d()),
    acknowledged: metric('transfers.acknowledged', '已签收', t.acknowledged, b.acknowledged, d({ status: 'acknowledged' }), '次'),
    acknowledged_on_time: metric('transfers.ack_on_time', '按时签收', t.acknowledged_on_time, b.acknowledged_on_time, d(), '次'),
    returned: metric('transfers.returned', '退回', t.returned, b.returned, d({ status: 'returned' }), '次'),
    fed_back: metric('transfers.fed_back', '已反馈', t.fed_back, b.fed_back, d({ status: 'fed_back' }), '次'),
    fed_back_on_time: metric('transfers.fed_back_on_time', '按时反馈', t.fed_back_on_time, b.fed_back_on_time, d(), '次'),
    ack_overdue: metric('transfers.ack_overdue', '逾期未签收', t.ack_overdue, undefined, d({ overdue: true }), '次'),
    on_time_rate: t.transfers ? rate(t.acknowledged_on_time, t.transfers) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Rectification (a stock: the ledger as it stands)
// ---------------------------------------------------------------------------------------------

async function rectificationSection(db: Queryable, access: AccessContext) {
  const v = await clearanceView(db, access, { by: 'unit' });
  const t = v.totals;
  return {
    found: metric('rect.total', '发现问题（台账）', t.total, undefined, drillFor(access, '/rectify/ledger')),
    rectified: metric('rect.rectified', '已整改销号', t.rectified, undefined, drillFor(access, '/rectify/ledger', { status: 'rectified' })),
    in_progress: metric('rect.in_progress', '整改中', t.in_progress, undefined, drillFor(access, '/rectify/ledger', { overdue: false })),
    overdue: metric('rect.overdue', '逾期未整改', t.overdue, undefined, drillFor(access, '/rectify/ledger', { overdue: true })),
    /** 见底清零率 = rectified / total (0…1). */
    clearance_rate: t.rate,
    cleared_units: v.rows.filter((r) => r.cleared).length,
    units: v.rows.length,
    drill: drillFor(access, '/rectify/zero'),
    by_unit: v.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Accountability and care
// ---------------------------------------------------------------------------------------------

const FORM_NAMES = ['第一种形态', '第二种形态', '第三种形态', '第四种形态'];

async function accountabilitySection(db: Queryable, access: AccessContext, p: Period, ly: Period) {
  const [fNow, fBefore, cNow, cBefore] = await Promise.all([
    formStats(db, access, { from: p.from, to: p.to, period: 'all' }),
    formStats(db, access, { from: ly.from, to: ly.to, period: 'all' }),
    careCounts(db, access, p),
    careCounts(db, access, ly),
  ]);
  const range = { from: p.from, to: p.to };
  const k = ['form1', 'form2', 'form3', 'form4'] as const;
  return {
    total: metric('account.total', '运用“四种形态”处理', fNow.totals.total, fBefore.totals.total, drillFor(access, '/account/forms', range), '人次'),
    forms: k.map((f, i) =>
      metric(`account.${f}`, FORM_NAMES[i], fNow.totals[f], fBefore.totals[f], drillFor(access, '/account/decisions', { ...range, form: i + 1, status: 'effective' }), '人次'),
    ),
    shares: fNow.totals.shares,
    tolerance: metric('care.tolerance', '容错纠错', cNow.tolerance, cBefore.tolerance, drillFor(access, '/account/care', { ...range, tab: 'tolerance' }), '人'),
    clearing: metric('care.clearing', '澄清正名', cNow.clearing, cBefore.clearing, drillFor(access, '/account/care', { ...range, tab: 'clearing' }), '人'),
    false_accusation: metric('care.false_accusation', '查处诬告陷害', cNow.false_accusation, cBefore.false_accusation, drillFor(access, '/account/care', { ...range, tab: 'clearing', false_accusation: true })),
    revisit: metric('care.revisit', '回访教育', cNow.revisit, cBefore.revisit, drillFor(access, '/account/care', { ...range, tab: 'revisit' }), '人次'),
  };
}

// ---------------------------------------------------------------------------------------------
// Hotline (12345): from the hotline area's pre-aggregates
// ---------------------------------------------------------------------------------------------

async function hotlineSection(db: Queryable, access: AccessContext, p: Period, ly: Period) {
  const [cmp, trend, trendLy] = await Promise.all([
    compare(db, p.from, p.to, 'category'),
    breakdown(db, 'month', p.from, p.to, {}, 1000),
    breakdown(db, 'month', ly.from, ly.to, {}, 1000),
  ]);
  const lyByMonth = new Map(trendLy.map((r) => [`${Number(r.key.slice(0, 4)) + 1}${r.key.slice(4)}`, r.received]));
  const range = { from: p.from, to: p.to };
  return {
    received: metric('hotline.received', '12345热线诉求', cmp.total.current, cmp.total.last_year, drillFor(access, '/hotline/analysis', range)),
    mom_pct: cmp.total.mom_pct,
    sentence: cmp.total.sentence,
    /** Per month of the period with the same month last year. */
    trend: trend.map((r) => ({
      month: r.key,
      received: r.received,
      last_year: lyByMonth.get(r.key) ?? 0,
      yoy_pct: pctChange(r.received, lyByMonth.get(r.key) ?? 0),
      satisfaction_rate: r.satisfaction_rate,
      on_time_rate: r.on_time_rate,
    })),
    top_categories: cmp.rows.slice(0, 10).map((r) => ({
      ...metric(`hotline.category.${r.key}`, r.key, r.current, r.last_year, drillFor(access, '/hotline/analysis', { ...range, category: r.key })),
      sentence: r.sentence,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Models: hits and measured precision
// ---------------------------------------------------------------------------------------------

async function modelsSection(db: Queryable, access: AccessContext, p: Period, ly: Period) {
  // new hits of the period within the viewer's data scope (the models area decides what that is)
  const newHits = (q: Period) => countHits(db, access, { first_seen_from: q.from, first_seen_to: q.to });
  const [models, nNow, nBefore] = await Promise.all([listModels(db, access), newHits(p), newHits(ly)]);
  const sum = (f: (m: (typeof models)[number]) => number) => models.reduce((s, m) => s + f(m), 0);
  const reviewed = sum((m) => m.stats.reviewed);
  const confirmed = sum((m) => m.stats.confirmed);
  return {
    models: models.length,
    enabled: models.filter((m) => m.enabled).length,
    new_hits: metric('models.new_hits', '本期新增命中', nNow, nBefore, drillFor(access, '/model/hits', { from: p.from, to: p.to }), '条'),
    hits: metric('models.hits', '累计命中', sum((m) => m.stats.hits), undefined, drillFor(access, '/model/hits'), '条'),
    pending: metric('models.pending', '待核查', sum((m) => m.stats.pending), undefined, drillFor(access, '/model/hits', { review: 'pending' }), '条'),
    reviewed: metric('models.reviewed', '已核查', reviewed, undefined, drillFor(access, '/model/hits', { review: 'reviewed' }), '条'),
    confirmed: metric('models.confirmed', '核查属实（含部分属实）', confirmed, undefined, drillFor(access, '/model/hits', { review: '属实' }), '条'),
    /** Measured precision over all reviewed hits: confirmed / reviewed (0…1). */
    precision: rate(confirmed, reviewed),
    by_model: models
      .filter((m) => m.stats.hits > 0)
      .map((m) => ({ id: m.id, title: m.title, hits: m.stats.hits, reviewed: m.stats.reviewed, confirmed: m.stats.confirmed, precision: m.stats.precision, drill: drillFor(access, '/model/hits', { model_id: m.id }) }))
      .sort((a, b) => b.hits - a.hits),
  };
}

// ---------------------------------------------------------------------------------------------
// Per district (for the map)
// ---------------------------------------------------------------------------------------------

// An org's district is its own, else its nearest ancestor's (platform/access/districts.ts); each
// drill passes `district`, and the list behind it filters by the same rule (`orgInDistrict`).

async function districtsSection(db: Queryable, access: AccessContext, p: Period) {
  const has = (perm: string) => access.permissions.has(perm);
  const districtOf = await orgDistricts(db);
  const districts = await cityDistricts(db);
  const acc = new Map<string, Record<string, number>>(districts.map((d) => [d, {}]));
  const add = (district: string | undefined, key: string, n: number) => {
    const row = district ? acc.get(district) : undefined;
    if (row) row[key] = (row[key] ?? 0) + n;
  };
  if (has('clue:read')) {
    for (const [org, n] of await clueCountsBy(db, access, p, 'org_id')) add(districtOf.get(Number(org)), 'clues', n);
  }
  if (has('rectify:read')) {
    for (const r of (await clearanceView(db, access, { by: 'unit' })).rows) {
      add(districtOf.get(r.key ?? 0), 'rect_total', r.total);
      add(districtOf.get(r.key ?? 0), 'rect_rectified', r.rectified);
      add(districtOf.get(r.key ?? 0), 'rect_overdue', r.overdue);
    }
  }
  if (has('account:read')) {
    for (const r of (await formStats(db, access, { from: p.from, to: p.to, period: 'all', by: 'unit' })).rows) add(districtOf.get(r.org_id ?? 0), 'forms', r.total);
  }
  if (has('hotline:read')) {
    for (const r of await breakdown(db, 'district', p.from, p.to, {}, 1000)) add(r.key, 'hotline', r.received);
  }
  const range = { from: p.from, to: p.to };
  return districts.map((d) => {
    const r = acc.get(d)!;
    const v = (k: string, perm: string) => (has(perm) ? (r[k] ?? 0) : null);
    const rt = v('rect_total', 'rectify:read');
    const rr = v('rect_rectified', 'rectify:read');
    const m = (key: string, label: string, value: number | null, drill: Drill | null, unit = '件'): Metric => ({ key: `district.${d}.${key}`, label, value, unit, drill });
    return {
      district: d,
      clues: m('clues', '问题线索', v('clues', 'clue:read'), drillFor(access, '/clues', { ...range, district: d })),
      rectification: {
        total: rt,
        rectified: rr,
        overdue: v('rect_overdue', 'rectify:read'),
        rate: rt !== null && rr !== null ? rate(rr, rt) : null,
        drill: drillFor(access, '/rectify/zero', { district: d }),
      },
      forms: m('forms', '运用“四种形态”', v('forms', 'account:read'), drillFor(access, '/account/forms', { ...range, district: d }), '人次'),
      hotline: m('hotline', '12345诉求', v('hotline', 'hotline:read'), drillFor(access, '/hotline/analysis', { ...range, district: d })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The whole dashboard
// ---------------------------------------------------------------------------------------------

export type DashboardData = Awaited<ReturnType<typeof dashboard>>;

/**
 * The dashboard of the viewer for the period. Sections the viewer has no read permission for are
 * null (and listed in `hidden`); every count covers only records the viewer may see.
 */
export async function dashboard(db: Queryable, actor: Actor, access: AccessContext, q: { from?: string; to?: string }, today: DateString = todayInShanghai()) {
  const p = resolvePeriod(q, today);
  const ly = lastYearPeriod(p);
  const has = (perm: string) => access.permissions.has(perm);
  const [clues, transfers, rectification, accountability, hotline, models, districts] = await Promise.all([
    has('clue:read') ? cluesSection(db, actor, access, p, ly) : null,
    has('transfer:receive') ? transfersSection(db, access, p, ly, today) : null,
    has('rectify:read') ? rectificationSection(db, access) : null,
    has('account:read') ? accountabilitySection(db, access, p, ly) : null,
    has('hotline:read') ? hotlineSection(db, access, p, ly) : null,
    has('model:read') ? modelsSection(db, access, p, ly) : null,
    districtsSection(db, access, p),
  ]);
  const sections = { clues, transfers, rectification, accountability, hotline, models };
  return {
    period: p,
    compare_period: ly,
    as_of: today,
    ...sections,
    districts,
    hidden: Object.entries(sections)
      .filter(([, v]) => v === null)
      .map(([k]) => k),
  };
}

