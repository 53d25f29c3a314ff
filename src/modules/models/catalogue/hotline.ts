/** 12345 热线: M13 作风问题线索, M14 重复诉求（办结后仍反映）, M15 督办工单超期. */
import { sql } from 'kysely';
import { type HitColumns, type ModelDef, num } from '../definition.ts';
import { dayStart, ds, ev, fmtDate, fmtTime } from '../sqlkit.ts';
import { HOTLINE_STOP_WORDS } from '../../hotline/text/segmenter.ts';
import { alternation, conductSql, CONDUCT_KINDS } from './conduct-sql.ts';
import { firstOf, rowsOf, s, summaryOf } from './common.ts';

export const M13: ModelDef = {
  id: 'M13',
  name: 'hotline_conduct',
  title: '12345 作风问题线索',
  description: `工单内容反映公职人员或公共服务人员的作风问题（${CONDUCT_KINDS.join('、')}），而不是一般的服务诉求。关键词与排除规则来自热线文本模块的作风问题词库，在数据库中以正则表达式匹配。`,
  datasets: ['hotline'],
  params: [{ key: 'score', label: '命中评分', type: 'ratio', default: 0.6, min: 0, max: 1 }],
  severity: 'medium',
  subject: ['order_id'],
  domainTags: [],
  compile: ({ params }) => {
    const c = conductSql(sql`x.content`);
    // MATERIALIZED: the regular expressions run once per order, not once per use of `kinds`.
    return sql<HitColumns>`
    WITH k AS MATERIALIZED (
      SELECT x._id, ${c} AS kinds
      FROM ${ds('hotline')} x
      WHERE coalesce(x.content, '') <> ''
    )
    SELECT jsonb_build_object('order_id', x.order_id) AS subject,
           jsonb_build_object('order_id', x.order_id) AS hit_key,
           to_jsonb(k.kinds) AS reasons,
           jsonb_build_array(${ev('x', 'hotline')}) AS evidence,
           least(0.95, ${num(params, 'score')}::float8 + 0.1 * (cardinality(k.kinds) - 1))::float8 AS score
    FROM k JOIN ${ds('hotline')} x ON x._id = k._id
    WHERE cardinality(k.kinds) > 0`;
  },
  clue: (hit) => {
    const o = firstOf(hit, 'hotline');
    return {
      title: `12345工单${s(hit.subject.order_id)}反映${s(o?.handler_unit) || '有关单位'}作风问题线索`,
      summary: summaryOf(hit, `群众通过12345热线反映公职人员作风问题。诉求内容：${s(o?.content).slice(0, 500)}`),
      domainTags: [],
      persons: [{ name: `${s(o?.handler_unit) || s(o?.street) || '有关单位'}相关工作人员（待核实）`, orgName: s(o?.handler_unit) || null }],
    };
  },
};

/** The operator's boilerplate words (the hotline area's stop words), longest first, as one pattern. */
const STOP_PATTERN = alternation([...HOTLINE_STOP_WORDS].sort((a, b) => b.length - a.length));

export const M14: ModelDef = {
  id: 'M14',
  name: 'hotline_repeat',
  title: '重复诉求（办结后仍反映）',
  description:
    '同一诉求人（联系电话）在 30 天内就同一事项（同一地点、同一问题，表述可以不同）反映 2 次及以上，且该事项较早的工单已按“已办结”办结后仍再次反映。同一问题：去除套话、标点和本工单地址所含的字之后，按字二元组用 pg_trgm 相似度比较；同一地点：诉求地址相似（无地址时比较乡镇街道）。全部在数据库中计算；一个事项一条命中，列出其全部工单。',
  datasets: ['hotline'],
  params: [
    { key: 'window_days', label: '时间窗口', type: 'days', default: 30, min: 1, max: 366, unit: '天' },
    { key: 'content_similarity', label: '诉求内容相似度下限（pg_trgm，按去除套话与地址用字后的字二元组计算）', type: 'ratio', default: 0.2, min: 0.01, max: 1 },
    { key: 'address_similarity', label: '诉求地址相似度下限（pg_trgm）', type: 'ratio', default: 0.5, min: 0.01, max: 1 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.65, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['order_ids'],
  domainTags: [],
  compile: ({ params }) => sql<HitColumns>`
    WITH RECURSIVE h AS (
      SELECT o._id, o.order_id, o.caller_phone, o.received_at, o.closed_at, o.status, o.address, o.street,
             gt_matter_bigrams(o.content, o.address, ${STOP_PATTERN}::text) AS matter
      FROM ${ds('hotline')} o
      WHERE coalesce(o.caller_phone, '') <> '' AND o.received_at IS NOT NULL AND coalesce(o.content, '') <> ''
        AND o.caller_phone IN (SELECT caller_phone FROM ${ds('hotline')} GROUP BY caller_phone HAVING count(*) >= 2)
    ),
    pairs AS (
      SELECT a._id AS a_id, b._id AS b_id, a.order_id AS a_order, a.closed_at AS a_closed, b.order_id AS b_order,
             (a.status = '已办结' AND (a.closed_at IS NULL OR a.closed_at <= b.received_at)) AS after_close
      FROM h a
      JOIN h b ON b.caller_phone = a.caller_phone
      -- CASE fixes the order: the cheap time conditions first, the similarities only for what is left
      WHERE CASE WHEN (b.received_at > a.received_at OR (b.received_at = a.received_at AND b._id > a._id))
                      AND b.received_at <= a.received_at + make_interval(days => ${num(params, 'window_days')}::int)
                      AND a.matter <> '' AND b.matter <> ''
                 THEN (CASE
                         WHEN coalesce(a.address, '') <> '' AND coalesce(b.address, '') <> ''
                           THEN a.address = b.address OR similarity(a.address, b.address) >= ${num(params, 'address_similarity')}::float4
                         WHEN coalesce(a.street, '') <> '' AND coalesce(b.street, '') <> '' THEN a.street = b.street
                         ELSE true
                       END)
                      AND similarity(a.matter, b.matter) >= ${num(params, 'content_similarity')}::float4
                 ELSE false END
    ),
    edges AS (
      SELECT a_id AS x, b_id AS y FROM pairs UNION ALL SELECT b_id, a_id FROM pairs
    ),
    reach(node, src) AS (
      SELECT n, n FROM (SELECT x AS n FROM edges) s0
      UNION
      SELECT e.y, r.src FROM reach r JOIN edges e ON e.x = r.node
    ),
    comp AS (
      SELECT node, min(src) AS root FROM reach GROUP BY node
    ),
    hit AS (
      SELECT DISTINCT ON (c.root) c.root, p.a_order, p.a_closed, p.b_order
      FROM pairs p JOIN comp c ON c.node = p.a_id
      WHERE p.after_close
      ORDER BY c.root, p.a_id, p.b_id
    ),
    grp AS (
      SELECT c.root, min(o.caller_phone) AS phone, count(*) AS n,
             min(o.received_at) AS first_at, max(o.received_at) AS last_at,
             jsonb_agg(o.order_id ORDER BY o.received_at, o.order_id) AS ids,
             jsonb_agg(${ev('o', 'hotline')} ORDER BY o.received_at, o.order_id) AS rows
      FROM comp c JOIN ${ds('hotline')} o ON o._id = c.node
      WHERE c.root IN (SELECT root FROM hit)
      GROUP BY c.root
    )
    SELECT jsonb_build_object('order_ids', g.ids) AS subject,
           jsonb_build_object('first_order_id', g.ids->>0) AS hit_key,
           jsonb_build_array(
             format('诉求人（%s）在 %s 至 %s 期间就同一事项反映 %s 次（%s 天内）', g.phone, ${fmtTime(sql`g.first_at`)}, ${fmtTime(sql`g.last_at`)}, g.n,
               ${num(params, 'window_days')}::int),
             format('工单 %s 已于 %s 办结，诉求人此后又以工单 %s 再次反映', t.a_order, coalesce(${fmtTime(sql`t.a_closed`)}, '（办结时间未填写）'), t.b_order)) AS reasons,
           g.rows AS evidence,
           least(0.95, ${num(params, 'score')}::float8 + 0.05 * (g.n - 2))::float8 AS score
    FROM grp g JOIN hit t ON t.root = g.root`,
  clue: (hit) => {
    const orders = rowsOf(hit, 'hotline');
    const last = orders[orders.length - 1];
    return {
      title: `群众就同一事项办结后反复反映问题线索（${orders.length} 件工单）`,
      summary: summaryOf(hit, `同一诉求人就同一事项反复反映，较早工单已办结但问题可能未解决，涉嫌敷衍应付、虚假办结。最近一次诉求：${s(last?.content).slice(0, 300)}`),
      domainTags: [],
      persons: [{ name: `${s(last?.handler_unit) || '承办单位'}相关工作人员（待核实）`, orgName: s(last?.handler_unit) || null }],
    };
  },
};

export const M15: ModelDef = {
  id: 'M15',
  name: 'hotline_overdue',
  title: '督办工单超期',
  description: '督办工单（是否督办 = 是）在办理时限之后才办结，或截至运行日期（as_of）仍未办结且办理时限早于该日。',
  datasets: ['hotline'],
  params: [{ key: 'score', label: '命中评分', type: 'ratio', default: 0.6, min: 0, max: 1 }],
  severity: 'low',
  subject: ['order_id'],
  domainTags: [],
  compile: ({ params, asOf }) => sql<HitColumns>`
    SELECT jsonb_build_object('order_id', o.order_id) AS subject,
           jsonb_build_object('order_id', o.order_id) AS hit_key,
           jsonb_build_array(CASE
             WHEN o.closed_at IS NOT NULL
               THEN format('督办工单超期办结：办理时限 %s，办结时间 %s', ${fmtTime(sql`o.due_at`)}, ${fmtTime(sql`o.closed_at`)})
             ELSE format('督办工单截至 %s 仍未办结（状态：%s），办理时限 %s 已过', ${fmtDate(sql`${asOf}::date`)}, coalesce(o.status, '未填写'), ${fmtTime(sql`o.due_at`)})
           END) AS reasons,
           jsonb_build_array(${ev('o', 'hotline')}) AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM ${ds('hotline')} o
    WHERE o.supervised IS TRUE AND o.due_at IS NOT NULL
      AND ((o.closed_at IS NOT NULL AND o.closed_at > o.due_at)
        OR (o.closed_at IS NULL AND o.status IS DISTINCT FROM '已办结' AND o.due_at < ${dayStart(asOf)}))`,
  clue: (hit) => {
    const o = firstOf(hit, 'hotline');
    return {
      title: `督办工单${s(hit.subject.order_id)}超期未办问题线索`,
      summary: summaryOf(hit, `督办工单未在办理时限内办结，承办单位${s(o?.handler_unit)}可能存在不作为、慢作为。`),
      domainTags: [],
      persons: [{ name: `${s(o?.handler_unit) || '承办单位'}负责人（待核实）`, orgName: s(o?.handler_unit) || null }],
    };
  },
};
