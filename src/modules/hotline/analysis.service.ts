/**
 * Analysis of work orders (热线数据分析). Every query reads the daily pre-aggregates
 * (`hotline_daily`, `hotline_topic_daily`: day × district × street × category × unit), which a
 * job refreshes from `ds_hotline` by a range scan of its `received_at` index — never a full scan
 * of millions of orders per question. Orders are counted on the day they were received
 * (Asia/Shanghai); closing and satisfaction are attributed to that day too.
 *
 * Hot topics (热点) are the exception: they read the orders of a short window (received_at index,
 * capped) and compare word frequencies with the preceding weeks.
 */
import { sql } from 'kysely';
import type { DateString } from '../../platform/calendar/dates.ts';
import { addDays, isValidDate } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { inTx } from '../../platform/db/tx.ts';
import { badInput } from '../../platform/errors.ts';
import { hotlineSegmenter } from './text/segmenter.ts';

export const UNCLASSIFIED = '未分类';

/** Start of a business day (Asia/Shanghai) as timestamptz. */
const dayStart = (d: DateString) => sql`((${d}::date)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const categoryExpr = sql`coalesce(nullif(btrim(o.category), ''), c.category, ${UNCLASSIFIED})`;

function checkRange(from: DateString, to: DateString) {
  if (!isValidDate(from) || !isValidDate(to)) throw badInput(`日期无效：${from} ~ ${to}`, `Invalid dates: ${from} ~ ${to}`);
  if (from > to) throw badInput('起始日期不能晚于截止日期', 'from must not be after to');
}

/** Recompute the aggregates of the days [from, to] (one transaction; index range scan). */
export async function refreshDaily(db: Queryable, from: DateString, to: DateString): Promise<{ days: number; rows: number }> {
  checkRange(from, to);
  return inTx(db, async (tx) => {
    await sql`DELETE FROM hotline_daily WHERE day BETWEEN ${from}::date AND ${to}::date`.execute(tx);
    const r = await sql`
      INSERT INTO hotline_daily (day, district, street, category, handler_unit, received, closed, closed_on_time, satisfied, basic, unsatisfied, visited, supervised)
      SELECT (o.received_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(o.district, ''), coalesce(o.street, ''), ${categoryExpr}, coalesce(o.handler_unit, ''),
             count(*),
             count(*) FILTER (WHERE o.status = '已办结'),
             count(*) FILTER (WHERE o.status = '已办结' AND (o.due_at IS NULL OR o.closed_at <= o.due_at)),
             count(*) FILTER (WHERE o.satisfaction = '满意'),
             count(*) FILTER (WHERE o.satisfaction = '基本满意'),
             count(*) FILTER (WHERE o.satisfaction = '不满意'),
             count(*) FILTER (WHERE o.satisfaction IN ('满意', '基本满意', '不满意')),
             count(*) FILTER (WHERE o.supervised)
      FROM ds_hotline o LEFT JOIN hotline_classifications c ON c.order_id = o.order_id
      WHERE o.received_at >= ${dayStart(from)} AND o.received_at < ${dayStart(addDays(to, 1))}
      GROUP BY 1, 2, 3, 4, 5`.execute(tx);
    await sql`DELETE FROM hotline_topic_daily WHERE day BETWEEN ${from}::date AND ${to}::date`.execute(tx);
    const topics = await tx.selectFrom('hotline_topics').select(['id', 'keywords']).where('active', '=', true).execute();
    for (const t of topics) {
      const pattern = t.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
      if (!pattern) continue;
      await sql`
        INSERT INTO hotline_topic_daily (topic_id, day, district, received, closed, unsatisfied, visited)
        SELECT ${t.id}, (o.received_at AT TIME ZONE 'Asia/Shanghai')::date, coalesce(o.district, ''), count(*),
               count(*) FILTER (WHERE o.status = '已办结'),
               count(*) FILTER (WHERE o.satisfaction = '不满意'),
               count(*) FILTER (WHERE o.satisfaction IN ('满意', '基本满意', '不满意'))
        FROM ds_hotline o
        WHERE o.received_at >= ${dayStart(from)} AND o.received_at < ${dayStart(addDays(to, 1))} AND o.content ~ ${pattern}
        GROUP BY 2, 3`.execute(tx);
    }
    await sql`
      INSERT INTO hotline_agg_state (id, refreshed_at, from_day, to_day) VALUES (1, now(), ${from}::date, ${to}::date)
      ON CONFLICT (id) DO UPDATE SET refreshed_at = now(), from_day = least(hotline_agg_state.from_day, excluded.from_day), to_day = greatest(hotline_agg_state.to_day, excluded.to_day)`.execute(tx);
    return { days: 0, rows: Number(r.numAffectedRows ?? 0) };
  });
}

/** Refresh the whole received range of the table (CLI / first run). */
export async function refreshAll(db: Queryable): Promise<{ from: string | null; to: string | null; rows: number }> {
  const r = (await sql<{ lo: string | null; hi: string | null }>`
      SELECT to_char((min(received_at) AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS lo,
             to_char((max(received_at) AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS hi FROM ds_hotline`.execute(db)).rows[0];
  if (!r.lo || !r.hi) return { from: null, to: null, rows: 0 };
  const { rows } = await refreshDaily(db, r.lo, r.hi);
  return { from: r.lo, to: r.hi, rows };
}

export const DIMENSIONS = { district: 'district', street: 'street', category: 'category', unit: 'handler_unit', day: 'day', month: 'month' } as const;
export type Dimension = keyof typeof DIMENSIONS;

export interface Filter {
  district?: string;
  category?: string;
  unit?: string;
}

const filterSql = (f: Filter) =>
  sql`${f.district ? sql`AND district = ${f.district}` : sql``} ${f.category ? sql`AND category = ${f.category}` : sql``} ${f.unit ? sql`AND handler_unit = ${f.unit}` : sql``}`;

export interface Breakdown {
  key: string;
  received: number;
  closed: number;
  closed_on_time: number;
  unsatisfied: number;
  visited: number;
  satisfaction_rate: number | null;
  on_time_rate: number | null;
  unsatisfied_rate: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Counts by one dimension over [from, to] (from the pre-aggregate). */
export async function breakdown(db: Queryable, dim: Dimension, from: DateString, to: DateString, f: Filter = {}, limit = 50): Promise<Breakdown[]> {
  checkRange(from, to);
  const key =
    dim === 'day' ? sql`to_char(day, 'YYYY-MM-DD')` : dim === 'month' ? sql`to_char(day, 'YYYY-MM')` : sql.ref(DIMENSIONS[dim]);
  const rows = (await sql<{ key: string; received: string; closed: string; closed_on_time: string; satisfied: string; basic: string; unsatisfied: string; visited: string }>`
      SELECT ${key} AS key, sum(received) AS received, sum(closed) AS closed, sum(closed_on_time) AS closed_on_time, sum(satisfied) AS satisfied,
             sum(basic) AS basic, sum(unsatisfied) AS unsatisfied, sum(visited) AS visited
      FROM hotline_daily WHERE day BETWEEN ${from}::date AND ${to}::date ${filterSql(f)}
      GROUP BY 1 ORDER BY ${dim === 'day' || dim === 'month' ? sql`1` : sql`2 DESC, 1`} LIMIT ${limit}`.execute(db)).rows;
  return rows.map((r) => {
    const n = (v: string) => Number(v);
    return {
      key: r.key,
      received: n(r.received),
      closed: n(r.closed),
      closed_on_time: n(r.closed_on_time),
      unsatisfied: n(r.unsatisfied),
      visited: n(r.visited),
      satisfaction_rate: ratio(n(r.satisfied) + n(r.basic), n(r.visited)),
      on_time_rate: ratio(n(r.closed_on_time), n(r.closed)),
      unsatisfied_rate: ratio(n(r.unsatisfied), n(r.visited)),
    };
  });
}

/** Same period one year earlier (2024-02-29 → 2023-02-28). */
export function lastYear(d: DateString): DateString {
  const [y, m, day] = d.split('-').map(Number);
  const leap = (x: number) => (x % 4 === 0 && x % 100 !== 0) || x % 400 === 0;
  const dd = m === 2 && day === 29 && !leap(y - 1) ? 28 : day;
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The period of equal length right before [from, to] (环比). */
export function previousPeriod(from: DateString, to: DateString): [DateString, DateString] {
  const len = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
  return [addDays(from, -len), addDays(from, -1)];
}

/** Percentage change rounded to one decimal (27.2 for +27.2%); null when there is no base. */
export const pctChange = (now: number, before: number): number | null => (before > 0 ? Math.round(((now - before) / before) * 1000) / 10 : null);

export interface Comparison {
  key: string;
  current: number;
  previous: number;
  last_year: number;
  mom_pct: number | null;
  yoy_pct: number | null;
  /** e.g. “城乡建设类诉求同比下降27.2%”. */
  sentence: string;
}

function sentenceOf(key: string, yoy: number | null, mom: number | null): string {
  const part = (label: string, p: number | null) => (p === null ? `${label}无可比数据` : p === 0 ? `${label}持平` : `${label}${p > 0 ? '上升' : '下降'}${Math.abs(p).toFixed(1)}%`);
  return `${key}类诉求${part('同比', yoy)}，${part('环比', mom)}`;
}

/** 同比 / 环比 per value of a dimension (default: category). */
export async function compare(db: Queryable, from: DateString, to: DateString, dim: Exclude<Dimension, 'day' | 'month'> = 'category', f: Filter = {}): Promise<{ total: Comparison; rows: Comparison[] }> {
  const [pf, pt] = previousPeriod(from, to);
  const [yf, yt] = [lastYear(from), lastYear(to)];
  const [cur, prev, ly] = await Promise.all([breakdown(db, dim, from, to, f, 1000), breakdown(db, dim, pf, pt, f, 1000), breakdown(db, dim, yf, yt, f, 1000)]);
  const map = (rows: Breakdown[]) => new Map(rows.map((r) => [r.key, r.received]));
  const p = map(prev);
  const y = map(ly);
  const keys = [...new Set([...cur.map((r) => r.key), ...p.keys(), ...y.keys()])];
  const c = map(cur);
  const rows = keys
    .map((k) => {
      const current = c.get(k) ?? 0;
      const previous = p.get(k) ?? 0;
      const lastYearN = y.get(k) ?? 0;
      const mom = pctChange(current, previous);
      const yoy = pctChange(current, lastYearN);
      return { key: k, current, previous, last_year: lastYearN, mom_pct: mom, yoy_pct: yoy, sentence: sentenceOf(k, yoy, mom) };
    })
    .sort((a, b) => b.current - a.current || a.key.localeCompare(b.key));
  const sum = (rs: Comparison[], f2: 'current' | 'previous' | 'last_year') => rs.reduce((s, r) => s + r[f2], 0);
  const tc = sum(rows, 'current');
  const tp = sum(rows, 'previous');
  const ty = sum(rows, 'last_year');
  const total = { key: '全部', current: tc, previous: tp, last_year: ty, mom_pct: pctChange(tc, tp), yoy_pct: pctChange(tc, ty), sentence: '' };
  total.sentence = `诉求总量${total.yoy_pct === null ? '同比无可比数据' : `同比${total.yoy_pct >= 0 ? '上升' : '下降'}${Math.abs(total.yoy_pct).toFixed(1)}%`}，${total.mom_pct === null ? '环比无可比数据' : `环比${total.mom_pct >= 0 ? '上升' : '下降'}${Math.abs(total.mom_pct).toFixed(1)}%`}`;
  return { total, rows };
}

/** Satisfaction and on-time rates per handling unit (承办单位). */
export async function unitRates(db: Queryable, from: DateString, to: DateString, limit = 100) {
  return breakdown(db, 'unit', from, to, {}, limit);
}

/** 专项深办 topics with their numbers over [from, to]. */
export async function topicNumbers(db: Queryable, from: DateString, to: DateString) {
  checkRange(from, to);
  const [pf, pt] = previousPeriod(from, to);
  const rows = (await sql<{ id: number; name: string; keywords: string[]; received: string | null; closed: string | null; unsatisfied: string | null; visited: string | null; prev: string | null }>`
      SELECT t.id, t.name, t.keywords,
             (SELECT sum(received) FROM hotline_topic_daily d WHERE d.topic_id = t.id AND d.day BETWEEN ${from}::date AND ${to}::date) AS received,
             (SELECT sum(closed) FROM hotline_topic_daily d WHERE d.topic_id = t.id AND d.day BETWEEN ${from}::date AND ${to}::date) AS closed,
             (SELECT sum(unsatisfied) FROM hotline_topic_daily d WHERE d.topic_id = t.id AND d.day BETWEEN ${from}::date AND ${to}::date) AS unsatisfied,
             (SELECT sum(visited) FROM hotline_topic_daily d WHERE d.topic_id = t.id AND d.day BETWEEN ${from}::date AND ${to}::date) AS visited,
             (SELECT sum(received) FROM hotline_topic_daily d WHERE d.topic_id = t.id AND d.day BETWEEN ${pf}::date AND ${pt}::date) AS prev
      FROM hotline_topics t WHERE t.active ORDER BY t.id`.execute(db)).rows;
  return rows.map((r) => {
    const received = Number(r.received ?? 0);
    const prev = Number(r.prev ?? 0);
    return {
      id: r.id,
      name: r.name,
      keywords: r.keywords,
      received,
      closed: Number(r.closed ?? 0),
      unsatisfied_rate: ratio(Number(r.unsatisfied ?? 0), Number(r.visited ?? 0)),
      previous: prev,
      mom_pct: pctChange(received, prev),
    };
  });
}

export interface HotTopic {
  term: string;
  orders: number;
  baseline_per_week: number;
  lift: number;
  order_ids: string[];
}

/** Orders read for hot topics at most (window and baseline each). */
export const HOT_TOPIC_CAP = 20_000;

/**
 * Emerging hot topics: words (jieba, hotline dictionary) that occur in clearly more orders of the
 * window [from, to] than per week in the 4 weeks before; each topic = the cluster of window
 * orders containing the word. `minOrders` orders at least, lift ≥ `minLift`.
 */
export async function hotTopics(db: Queryable, from: DateString, to: DateString, opts: { minOrders?: number; minLift?: number; limit?: number } = {}): Promise<HotTopic[]> {
  checkRange(from, to);
  const minOrders = opts.minOrders ?? 3;
  const minLift = opts.minLift ?? 2;
  const seg = hotlineSegmenter();
  const read = async (a: DateString, b: DateString) =>
    (await sql<{ order_id: string; content: string }>`
        SELECT order_id, content FROM ds_hotline WHERE received_at >= ${dayStart(a)} AND received_at < ${dayStart(addDays(b, 1))}
        ORDER BY received_at DESC LIMIT ${HOT_TOPIC_CAP}`.execute(db)).rows;
  const words = (text: string) => new Set(seg.words(text ?? "").filter((w) => w.length >= 2 && /\p{Script=Han}/u.test(w)));
  const window = await read(from, to);
  const weeks = Math.max(1, (Date.parse(to) - Date.parse(from)) / (7 * 86_400_000) + 1 / 7);
  const baseline = await read(addDays(from, -28), addDays(from, -1));
  const base = new Map<string, number>();
  for (const o of baseline) for (const w of words(o.content)) base.set(w, (base.get(w) ?? 0) + 1);
  const cur = new Map<string, string[]>();
  for (const o of window) for (const w of words(o.content)) {
    const l = cur.get(w);
    if (l) l.push(o.order_id);
    else cur.set(w, [o.order_id]);
  }
  const out: HotTopic[] = [];
  for (const [term, ids] of cur) {
    if (ids.length < minOrders) continue;
    const perWeekNow = ids.length / weeks;
    const perWeekBase = (base.get(term) ?? 0) / 4;
    const lift = perWeekNow / Math.max(perWeekBase, 0.5);
    if (lift >= minLift) out.push({ term, orders: ids.length, baseline_per_week: Math.round(perWeekBase * 100) / 100, lift: Math.round(lift * 100) / 100, order_ids: ids.slice(0, 50) });
  }
  out.sort((a, b) => b.lift * b.orders - a.lift * a.orders || a.term.localeCompare(b.term));
  // a word whose orders are all inside a stronger topic's orders adds nothing
  const kept: HotTopic[] = [];
  for (const t of out) {
    if (kept.some((k) => t.order_ids.every((id) => k.order_ids.includes(id)))) continue;
    kept.push(t);
    if (kept.length >= (opts.limit ?? 10)) break;
  }
  return kept;
}
