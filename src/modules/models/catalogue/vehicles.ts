/** 公务用车: M09 公车私用, M10 单次加油超油箱容积. */
import { sql } from 'kysely';
import { type HitColumns, type ModelDef, num } from '../definition.ts';
import { ds, ev, fmtNum, fmtTime, localDate } from '../sqlkit.ts';
import { firstOf, s, summaryOf } from './common.ts';

export const M09: ModelDef = {
  id: 'M09',
  name: 'vehicle_private_use',
  title: '公车私用',
  description:
    '未经审批（是否审批 = 否）的出车，出车时间在非工作日。工作日按国务院办公厅节假日安排（含调休：调休上班的周六是工作日，国庆假期中的周三不是）。',
  datasets: ['trips'],
  params: [{ key: 'score', label: '命中评分', type: 'ratio', default: 0.7, min: 0, max: 1 }],
  severity: 'medium',
  subject: ['trip_id'],
  domainTags: ['公务用车'],
  compile: ({ params }) => sql<HitColumns>`
    SELECT jsonb_build_object('trip_id', x.trip_id) AS subject,
           jsonb_build_object('trip_id', x.trip_id) AS hit_key,
           jsonb_build_array(format('车辆 %s 未经审批于非工作日出车（%s，%s），事由：%s', x.plate, ${fmtTime(sql`x.start_at`)},
             coalesce((SELECT c.name FROM calendar_days c WHERE c.date = x.day AND c.kind = 'holiday'),
                      (ARRAY['星期一','星期二','星期三','星期四','星期五','星期六','星期日'])[extract(isodow FROM x.day)::int]),
             coalesce(nullif(x.purpose, ''), '未填写'))) AS reasons,
           jsonb_build_array(x.row) AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM (
      SELECT t.trip_id, t.plate, t.start_at, t.purpose, ${localDate(sql`t.start_at`)} AS day, ${ev('t', 'trips')} AS row
      FROM ${ds('trips')} t
      WHERE t.approved IS FALSE AND t.start_at IS NOT NULL
    ) x
    WHERE NOT gt_is_working_day(x.day)`,
  clue: (hit) => {
    const t = firstOf(hit, 'trips');
    return {
      title: `车辆${s(t?.plate)}非工作日未经审批出车问题线索`,
      summary: summaryOf(hit, '监督模型发现公务用车在非工作日未经审批出车，涉嫌公车私用。'),
      domainTags: ['公务用车'],
      persons: [{ name: `车辆${s(t?.plate)}使用人（待核实）` }],
    };
  },
};

export const M10: ModelDef = {
  id: 'M10',
  name: 'fuel_over_capacity',
  title: '单次加油超油箱容积',
  description: '单笔加油量超过该车油箱容积的 1.05 倍（恰好 1.05 倍不算）。',
  datasets: ['fuel', 'vehicles'],
  params: [
    { key: 'factor', label: '容积倍数', type: 'number', default: 1.05, min: 1, max: 10 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.8, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['txn_id'],
  domainTags: ['公务用车'],
  compile: ({ params }) => sql<HitColumns>`
    SELECT jsonb_build_object('txn_id', f.txn_id) AS subject,
           jsonb_build_object('txn_id', f.txn_id) AS hit_key,
           jsonb_build_array(format('车辆 %s 单次加油 %s 升，超过油箱容积 %s 升的 %s 倍（%s 升）', f.plate, ${fmtNum(sql`f.liters`)},
             ${fmtNum(sql`v.tank_liters`)}, ${fmtNum(sql`${num(params, 'factor')}::numeric`)}, ${fmtNum(sql`round(v.tank_liters * ${num(params, 'factor')}::numeric, 2)`)})) AS reasons,
           jsonb_build_array(${ev('f', 'fuel')}, ${ev('v', 'vehicles')}) AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM ${ds('fuel')} f
    JOIN ${ds('vehicles')} v ON v.plate = f.plate
    WHERE v.tank_liters > 0 AND f.liters > v.tank_liters * ${num(params, 'factor')}::numeric`,
  clue: (hit) => {
    const v = firstOf(hit, 'vehicles');
    return {
      title: `车辆${s(v?.plate)}加油量超过油箱容积问题线索`,
      summary: summaryOf(hit, '监督模型发现公务用车单次加油量超过油箱容积，涉嫌油卡私用、虚报油费。'),
      domainTags: ['公务用车'],
      persons: [{ name: `车辆${s(v?.plate)}加油卡使用人（待核实）`, orgName: s(v?.org) || null }],
    };
  },
};
