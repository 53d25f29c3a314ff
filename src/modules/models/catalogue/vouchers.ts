/** 文旅惠民消费券: M07 消费券集中核销, M08 消费券深夜批量核销. */
import { sql } from 'kysely';
import { type HitColumns, type ModelDef, num } from '../definition.ts';
import { ds, ev, fmtDate, localDate, localTime, TZ } from '../sqlkit.ts';
import { firstOf, s, summaryOf } from './common.ts';

export const M07: ModelDef = {
  id: 'M07',
  name: 'voucher_burst',
  title: '消费券集中核销',
  description: '同一用户手机号在同一商户、同一自然日内核销 5 张及以上消费券（4 张不算）。',
  datasets: ['vouchers'],
  params: [
    { key: 'min_vouchers', label: '同日同商户最少核销张数', type: 'integer', default: 5, min: 2, max: 1000 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.7, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['merchant_id', 'user_phone', 'date'],
  domainTags: ['营商环境'],
  // Groups first (cheap), evidence only for the groups that fire (index on merchant_id, redeemed_at).
  compile: ({ params }) => sql<HitColumns>`
    WITH g AS (
      SELECT v.merchant_id, v.user_phone, ${localDate(sql`v.redeemed_at`)} AS day, count(DISTINCT coalesce(v.voucher_id, v.redemption_id)) AS n
      FROM ${ds('vouchers')} v
      WHERE coalesce(v.user_phone, '') <> '' AND v.redeemed_at IS NOT NULL
      GROUP BY v.merchant_id, v.user_phone, ${localDate(sql`v.redeemed_at`)}
      HAVING count(DISTINCT coalesce(v.voucher_id, v.redemption_id)) >= ${num(params, 'min_vouchers')}::int
    ),
    e AS (
      SELECT g.merchant_id, g.user_phone, g.day, g.n, max(v.merchant_name) AS merchant_name,
             jsonb_agg(${ev('v', 'vouchers')} ORDER BY v.redeemed_at, v.redemption_id) AS rows
      FROM g JOIN ${ds('vouchers')} v
        ON v.merchant_id = g.merchant_id AND v.user_phone = g.user_phone
       AND v.redeemed_at >= (g.day::timestamp AT TIME ZONE ${sql.lit(TZ)}) AND v.redeemed_at < ((g.day + 1)::timestamp AT TIME ZONE ${sql.lit(TZ)})
      GROUP BY g.merchant_id, g.user_phone, g.day, g.n
    )
    SELECT jsonb_build_object('merchant_id', e.merchant_id, 'user_phone', e.user_phone, 'date', ${fmtDate(sql`e.day`)}) AS subject,
           jsonb_build_object('merchant_id', e.merchant_id, 'user_phone', e.user_phone, 'date', ${fmtDate(sql`e.day`)}) AS hit_key,
           jsonb_build_array(format('用户 %s 于 %s 在商户 %s（%s）核销消费券 %s 张，达到 %s 张', e.user_phone, ${fmtDate(sql`e.day`)},
             coalesce(e.merchant_name, ''), e.merchant_id, e.n, ${num(params, 'min_vouchers')}::int)) AS reasons,
           e.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM e`,
  clue: (hit) => {
    const v = firstOf(hit, 'vouchers');
    return {
      title: `商户${s(v?.merchant_name) || s(hit.subject.merchant_id)}消费券集中核销问题线索`,
      summary: summaryOf(hit, '监督模型发现同一用户在同一商户同日大量核销消费券，可能存在套取、倒卖消费券或虚假交易。'),
      domainTags: ['营商环境'],
      persons: [{ name: `商户${s(v?.merchant_name) || s(hit.subject.merchant_id)}及消费券发放核销经办人（待核实）` }],
    };
  },
};

export const M08: ModelDef = {
  id: 'M08',
  name: 'voucher_night',
  title: '消费券深夜批量核销',
  description: '同一商户在同一自然日 00:00 至 05:00（不含 05:00）之间核销 10 笔及以上。',
  datasets: ['vouchers'],
  params: [
    { key: 'min_redemptions', label: '深夜时段最少核销笔数', type: 'integer', default: 10, min: 2, max: 100000 },
    { key: 'night_end_hour', label: '深夜时段截止（时，不含）', type: 'hour', default: 5, min: 1, max: 12 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.7, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['merchant_id', 'date'],
  domainTags: ['营商环境'],
  compile: ({ params }) => {
    const night = sql`${localTime(sql`v.redeemed_at`)}::time < make_time(${num(params, 'night_end_hour')}::int, 0, 0)`;
    return sql<HitColumns>`
    WITH g AS (
      SELECT v.merchant_id, ${localDate(sql`v.redeemed_at`)} AS day, count(*) AS n
      FROM ${ds('vouchers')} v
      WHERE v.redeemed_at IS NOT NULL AND ${night}
      GROUP BY v.merchant_id, ${localDate(sql`v.redeemed_at`)}
      HAVING count(*) >= ${num(params, 'min_redemptions')}::int
    ),
    e AS (
      SELECT g.merchant_id, g.day, g.n, max(v.merchant_name) AS merchant_name,
             jsonb_agg(${ev('v', 'vouchers')} ORDER BY v.redeemed_at, v.redemption_id) AS rows
      FROM g JOIN ${ds('vouchers')} v
        ON v.merchant_id = g.merchant_id
       AND v.redeemed_at >= (g.day::timestamp AT TIME ZONE ${sql.lit(TZ)}) AND v.redeemed_at < ((g.day + 1)::timestamp AT TIME ZONE ${sql.lit(TZ)})
      WHERE ${night}
      GROUP BY g.merchant_id, g.day, g.n
    )
    SELECT jsonb_build_object('merchant_id', e.merchant_id, 'date', ${fmtDate(sql`e.day`)}) AS subject,
           jsonb_build_object('merchant_id', e.merchant_id, 'date', ${fmtDate(sql`e.day`)}) AS hit_key,
           jsonb_build_array(format('商户 %s（%s）于 %s 00:00 至 %s:00 核销 %s 笔，达到 %s 笔', coalesce(e.merchant_name, ''), e.merchant_id,
             ${fmtDate(sql`e.day`)}, lpad(${num(params, 'night_end_hour')}::int::text, 2, '0'), e.n, ${num(params, 'min_redemptions')}::int)) AS reasons,
           e.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM e`;
  },
  clue: (hit) => {
    const v = firstOf(hit, 'vouchers');
    return {
      title: `商户${s(v?.merchant_name) || s(hit.subject.merchant_id)}深夜批量核销消费券问题线索`,
      summary: summaryOf(hit, '监督模型发现商户在深夜时段批量核销消费券，可能存在虚假交易套取财政补贴资金。'),
      domainTags: ['营商环境'],
      persons: [{ name: `商户${s(v?.merchant_name) || s(hit.subject.merchant_id)}负责人（待核实）` }],
    };
  },
};
