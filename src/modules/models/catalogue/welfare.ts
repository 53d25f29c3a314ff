/** 惠民惠农: M01 死亡人员冒领补贴, M02 公职人员违规享受低保/特困, M03 重复领取. */
import { sql } from 'kysely';
import { type HitColumns, list, type ModelDef, num } from '../definition.ts';
import { ds, ev, evByIds, fmtAmount, fmtDate } from '../sqlkit.ts';
import { firstOf, rowsOf, s, summaryOf } from './common.ts';

export const M01: ModelDef = {
  id: 'M01',
  name: 'deceased_payment',
  title: '死亡人员冒领补贴',
  description:
    '惠民惠农补贴发放给已登记死亡的人员：发放日期晚于死亡日期（同日发放不算）。每名死亡人员一条命中，其死亡后的全部发放记录作为证据。',
  datasets: ['subsidies', 'deaths'],
  params: [{ key: 'score', label: '命中评分', type: 'ratio', default: 0.95, min: 0, max: 1 }],
  severity: 'high',
  subject: ['id_number'],
  domainTags: ['惠民惠农'],
  compile: ({ params }) => sql<HitColumns>`
    WITH paid AS (
      SELECT s.id_number, count(*) AS n, sum(s.amount) AS total, min(s.paid_on) AS first_paid, max(s.paid_on) AS last_paid,
             jsonb_agg(${ev('s', 'subsidies')} ORDER BY s.paid_on, s.payment_id) AS rows
      FROM ${ds('subsidies')} s
      JOIN ${ds('deaths')} d ON d.id_number = s.id_number AND d.death_date < s.paid_on
      GROUP BY s.id_number
    )
    SELECT jsonb_build_object('id_number', p.id_number) AS subject,
           jsonb_build_object('id_number', p.id_number) AS hit_key,
           jsonb_build_array(format('%s（身份证号 %s）已于 %s 登记死亡，其后仍发放补贴 %s 笔（%s 至 %s），合计 %s 元',
             coalesce(d.name, '该人员'), p.id_number, ${fmtDate(sql`d.death_date`)}, p.n,
             ${fmtDate(sql`p.first_paid`)}, ${fmtDate(sql`p.last_paid`)}, ${fmtAmount(sql`p.total`)})) AS reasons,
           jsonb_build_array(${ev('d', 'deaths')}) || p.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM paid p
    JOIN ${ds('deaths')} d ON d.id_number = p.id_number`,
  clue: (hit) => {
    const d = firstOf(hit, 'deaths');
    const pay = rowsOf(hit, 'subsidies');
    const name = s(d?.name) || s(pay[0]?.name) || '死亡人员';
    return {
      title: `${name}死亡后仍被发放补贴问题线索`,
      summary: summaryOf(hit, `监督模型发现已死亡人员${name}名下补贴在死亡后仍在发放，可能存在冒领、发放审核不严问题，需核查发放经办责任。`),
      domainTags: ['惠民惠农'],
      persons: [{ name: `${name}名下补贴发放经办人（待核实）`, orgName: s(pay[0]?.town) || null, position: s(pay[0]?.village) || null }],
    };
  },
};

export const M02: ModelDef = {
  id: 'M02',
  name: 'official_welfare',
  title: '公职人员违规享受低保/特困',
  description: '最低生活保障、特困供养等需经济状况核对的补贴，发放给在职公职人员本人或其配偶。',
  datasets: ['subsidies', 'persons', 'relations'],
  params: [
    { key: 'programs', label: '需经济状况核对的项目', type: 'text_list', default: ['城乡低保', '特困供养'] },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.9, min: 0, max: 1 },
  ],
  severity: 'high',
  subject: ['id_number'],
  domainTags: ['惠民惠农'],
  compile: ({ params }) => sql<HitColumns>`
    WITH off AS (
      SELECT p._id, p.id_number, p.name, p.org, p.position FROM ${ds('persons')} p WHERE p.status = '在职'
    ),
    links AS (
      SELECT o.id_number AS recipient,
             format('领取人本人为在职公职人员%s（%s%s）', coalesce(o.name, ''), coalesce(o.org, ''), coalesce(o.position, '')) AS reason,
             o._id AS pid, NULL::bigint AS rid
      FROM off o
      UNION ALL
      SELECT r.relative_id_number,
             format('领取人%s系在职公职人员%s（%s%s）的配偶', coalesce(r.relative_name, ''), coalesce(o.name, ''), coalesce(o.org, ''), coalesce(o.position, '')),
             o._id, r._id
      FROM ${ds('relations')} r JOIN off o ON o.id_number = r.id_number
      WHERE r.relation = '配偶'
    ),
    paid AS (
      SELECT s.id_number, count(*) AS n, sum(s.amount) AS total, string_agg(DISTINCT s.program, '、') AS programs,
             jsonb_agg(${ev('s', 'subsidies')} ORDER BY s.paid_on, s.payment_id) AS rows
      FROM ${ds('subsidies')} s
      WHERE s.program = ANY(${list(params, 'programs')}::text[])
        AND s.id_number IN (SELECT recipient FROM links)
      GROUP BY s.id_number
    ),
    why AS (
      SELECT l.recipient, jsonb_agg(DISTINCT l.reason) AS reasons, array_agg(DISTINCT l.pid) AS pids,
             array_agg(DISTINCT l.rid) FILTER (WHERE l.rid IS NOT NULL) AS rids
      FROM links l
      WHERE l.recipient IN (SELECT id_number FROM paid)
      GROUP BY l.recipient
    )
    SELECT jsonb_build_object('id_number', p.id_number) AS subject,
           jsonb_build_object('id_number', p.id_number) AS hit_key,
           w.reasons || jsonb_build_array(format('领取%s %s 笔，合计 %s 元', p.programs, p.n, ${fmtAmount(sql`p.total`)})) AS reasons,
           ${evByIds('persons', sql`w.pids`)} || ${evByIds('relations', sql`w.rids`)} || p.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM paid p JOIN why w ON w.recipient = p.id_number`,
  clue: (hit) => {
    const persons = rowsOf(hit, 'persons');
    const rel = firstOf(hit, 'relations');
    const pay = rowsOf(hit, 'subsidies');
    const official = persons[0];
    return {
      title: `公职人员${s(official?.name)}${rel ? '配偶' : ''}违规享受${s(pay[0]?.program) || '低保/特困'}问题线索`,
      summary: summaryOf(hit, '监督模型发现在职公职人员本人或其配偶领取需经济状况核对的社会救助补贴。'),
      domainTags: ['惠民惠农'],
      persons: official
        ? [{ name: s(official.name) || '公职人员', idNumber: s(official.id_number) || null, orgName: s(official.org) || null, position: s(official.position) || null }]
        : [{ name: s(pay[0]?.name) || '领取人', idNumber: s(hit.subject.id_number) || null }],
    };
  },
};

export const M03: ModelDef = {
  id: 'M03',
  name: 'duplicate_payment',
  title: '重复领取',
  description: '同一身份证号在同一自然月内领取同一项目补贴 2 笔及以上（相邻月份各 1 笔不算）。',
  datasets: ['subsidies'],
  params: [
    { key: 'min_payments', label: '同月同项目最少笔数', type: 'integer', default: 2, min: 2, max: 100 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.8, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['id_number', 'program', 'month'],
  domainTags: ['惠民惠农'],
  // Groups first (cheap), evidence only for the groups that fire (index on id_number, program, paid_on).
  compile: ({ params }) => sql<HitColumns>`
    WITH g AS (
      SELECT s.id_number, s.program, date_trunc('month', s.paid_on)::date AS month_start, count(*) AS n
      FROM ${ds('subsidies')} s
      WHERE s.id_number IS NOT NULL AND s.program IS NOT NULL AND s.paid_on IS NOT NULL
      GROUP BY s.id_number, s.program, date_trunc('month', s.paid_on)::date
      HAVING count(*) >= ${num(params, 'min_payments')}::int
    ),
    e AS (
      SELECT g.id_number, g.program, g.month_start, g.n, sum(s.amount) AS total,
             jsonb_agg(${ev('s', 'subsidies')} ORDER BY s.paid_on, s.payment_id) AS rows
      FROM g JOIN ${ds('subsidies')} s
        ON s.id_number = g.id_number AND s.program = g.program
       AND s.paid_on >= g.month_start AND s.paid_on < (g.month_start + interval '1 month')::date
      GROUP BY g.id_number, g.program, g.month_start, g.n
    )
    SELECT jsonb_build_object('id_number', e.id_number, 'program', e.program, 'month', to_char(e.month_start, 'YYYY-MM')) AS subject,
           jsonb_build_object('id_number', e.id_number, 'program', e.program, 'month', to_char(e.month_start, 'YYYY-MM')) AS hit_key,
           jsonb_build_array(format('%s 在 %s 领取“%s” %s 笔，合计 %s 元', e.id_number, to_char(e.month_start, 'YYYY-MM'), e.program, e.n, ${fmtAmount(sql`e.total`)})) AS reasons,
           e.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM e`,
  clue: (hit) => {
    const pay = rowsOf(hit, 'subsidies');
    return {
      title: `${s(pay[0]?.name) || s(hit.subject.id_number)}同月重复领取${s(hit.subject.program)}问题线索`,
      summary: summaryOf(hit, '监督模型发现同一人同一自然月重复领取同一项目补贴，可能存在重复发放或冒领。'),
      domainTags: ['惠民惠农'],
      persons: [{ name: `${s(hit.subject.program)}发放经办人（待核实）`, orgName: s(pay[0]?.town) || null, position: s(pay[0]?.village) || null }],
    };
  },
};
