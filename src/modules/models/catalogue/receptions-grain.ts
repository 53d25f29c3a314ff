/** M11 违规公务接待, M12 虚报粮食收购. */
import { sql } from 'kysely';
import { type HitColumns, type ModelDef, num } from '../definition.ts';
import { ds, ev, fmtAmount, fmtNum } from '../sqlkit.ts';
import { firstOf, rowsOf, s, summaryOf } from './common.ts';

export const M11: ModelDef = {
  id: 'M11',
  name: 'reception_violation',
  title: '违规公务接待',
  description:
    '任一规则触发即命中：接待对象 10 人以内时陪同超过 3 人；接待对象超过 10 人时陪同超过接待对象人数的三分之一（向上取整）；人均餐费超过 150 元（恰好 150 元不算）；含酒水；无公函。',
  datasets: ['receptions'],
  params: [
    { key: 'small_group_max', label: '小型接待的接待对象人数上限', type: 'integer', default: 10, min: 1, max: 1000 },
    { key: 'max_hosts_small', label: '小型接待陪同人数上限', type: 'integer', default: 3, min: 0, max: 1000 },
    { key: 'host_ratio', label: '大型接待陪同人数比例（接待对象人数 ÷ 该数，向上取整）', type: 'integer', default: 3, min: 1, max: 100 },
    { key: 'per_head_limit', label: '人均餐费上限', type: 'amount', default: 150, min: 0, unit: '元' },
    { key: 'score', label: '命中评分（每条规则）', type: 'ratio', default: 0.6, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['reception_id'],
  domainTags: ['公务接待'],
  compile: ({ params }) => {
    const small = num(params, 'small_group_max');
    const hostsSmall = num(params, 'max_hosts_small');
    const ratio = num(params, 'host_ratio');
    const perHead = num(params, 'per_head_limit');
    return sql<HitColumns>`
    WITH x AS MATERIALIZED (
      SELECT r._id, array_remove(ARRAY[
        CASE WHEN r.guests <= ${small}::int AND r.hosts > ${hostsSmall}::int
             THEN format('陪同人数超标：接待对象 %s 人（%s 人以内），陪同 %s 人，超过 %s 人', r.guests, ${small}::int, r.hosts, ${hostsSmall}::int) END,
        CASE WHEN r.guests > ${small}::int AND r.hosts > ceil(r.guests::numeric / ${ratio}::int)
             THEN format('陪同人数超标：接待对象 %s 人（超过 %s 人），陪同 %s 人，超过接待对象人数的 1/%s（%s 人）', r.guests, ${small}::int, r.hosts, ${ratio}::int, ceil(r.guests::numeric / ${ratio}::int)) END,
        CASE WHEN r.guests + r.hosts > 0 AND r.amount > ${perHead}::numeric * (r.guests + r.hosts)
             THEN format('人均餐费超标：金额 %s 元，%s 人，人均 %s 元，超过 %s 元', ${fmtAmount(sql`r.amount`)}, r.guests + r.hosts,
                         ${fmtAmount(sql`round(r.amount / (r.guests + r.hosts), 2)`)}, ${fmtNum(sql`${perHead}::numeric`)}) END,
        CASE WHEN r.alcohol IS TRUE THEN '接待含酒水' END,
        CASE WHEN r.letter IS FALSE THEN '无公函接待' END
      ]::text[], NULL) AS reasons
      FROM ${ds('receptions')} r
    )
    SELECT jsonb_build_object('reception_id', r.reception_id) AS subject,
           jsonb_build_object('reception_id', r.reception_id) AS hit_key,
           to_jsonb(x.reasons) AS reasons,
           jsonb_build_array(${ev('r', 'receptions')}) AS evidence,
           least(0.99, ${num(params, 'score')}::float8 + 0.1 * (cardinality(x.reasons) - 1))::float8 AS score
    FROM x JOIN ${ds('receptions')} r ON r._id = x._id
    WHERE cardinality(x.reasons) > 0`;
  },
  clue: (hit) => {
    const r = firstOf(hit, 'receptions');
    return {
      title: `${s(r?.org)}违规公务接待问题线索`,
      summary: summaryOf(hit, `监督模型发现${s(r?.org)}${s(r?.date)}的公务接待违反公务接待管理规定。`),
      domainTags: ['公务接待'],
      persons: [{ name: `${s(r?.org)}接待负责人（待核实）`, orgName: s(r?.org) || null }],
    };
  },
};

export const M12: ModelDef = {
  id: 'M12',
  name: 'grain_inflation',
  title: '虚报粮食收购',
  description: '同一售粮人一个自然年内的收购数量合计超过其承包面积 × 2,500 斤/亩（恰好等于不算）。',
  datasets: ['grain', 'land'],
  params: [
    { key: 'max_yield', label: '每亩最高产量', type: 'number', default: 2500, min: 1, unit: '斤/亩' },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.8, min: 0, max: 1 },
  ],
  severity: 'high',
  subject: ['id_number', 'year'],
  domainTags: ['粮食购销'],
  compile: ({ params }) => sql<HitColumns>`
    WITH y AS (
      SELECT gr.id_number, extract(year FROM gr.purchased_on)::int AS year, sum(gr.quantity_jin) AS total, count(*) AS n
      FROM ${ds('grain')} gr
      WHERE gr.id_number IS NOT NULL AND gr.purchased_on IS NOT NULL AND gr.quantity_jin IS NOT NULL
      GROUP BY gr.id_number, extract(year FROM gr.purchased_on)::int
    ),
    f AS (
      SELECT y.*, l._id AS land_id FROM y JOIN ${ds('land')} l ON l.id_number = y.id_number
      WHERE y.total > l.area_mu * ${num(params, 'max_yield')}::numeric
    ),
    g AS (
      SELECT f.id_number, f.year, f.total, f.n, f.land_id,
             jsonb_agg(${ev('gr', 'grain')} ORDER BY gr.purchased_on, gr.purchase_id) AS rows
      FROM f JOIN ${ds('grain')} gr
        ON gr.id_number = f.id_number AND gr.purchased_on >= make_date(f.year, 1, 1) AND gr.purchased_on < make_date(f.year + 1, 1, 1)
      WHERE gr.quantity_jin IS NOT NULL
      GROUP BY f.id_number, f.year, f.total, f.n, f.land_id
    )
    SELECT jsonb_build_object('id_number', g.id_number, 'year', g.year) AS subject,
           jsonb_build_object('id_number', g.id_number, 'year', g.year) AS hit_key,
           jsonb_build_array(format('%s（%s）%s 年售粮 %s 笔共 %s 斤，超过承包面积 %s 亩 × %s 斤/亩 = %s 斤',
             coalesce(l.name, ''), g.id_number, g.year, g.n, ${fmtNum(sql`g.total`)}, ${fmtNum(sql`l.area_mu`)},
             ${fmtNum(sql`${num(params, 'max_yield')}::numeric`)}, ${fmtNum(sql`l.area_mu * ${num(params, 'max_yield')}::numeric`)})) AS reasons,
           jsonb_build_array(${ev('l', 'land')}) || g.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM g JOIN ${ds('land')} l ON l._id = g.land_id`,
  clue: (hit) => {
    const l = firstOf(hit, 'land');
    const g = rowsOf(hit, 'grain');
    return {
      title: `${s(l?.name) || s(hit.subject.id_number)}${s(hit.subject.year)}年售粮数量异常问题线索`,
      summary: summaryOf(hit, '监督模型发现售粮人年度售粮数量超过其承包土地最高产量，可能存在粮库虚报收购、套取补贴或“转圈粮”。'),
      domainTags: ['粮食购销'],
      persons: [{ name: `${[...new Set(g.map((r) => s(r.depot)).filter(Boolean))].join('、') || '粮库'}收购经办人（待核实）` }],
    };
  },
};
