/** 工程建设/招标采购: M04 公职人员及亲属关联企业中标, M05 围标串标, M06 化整为零规避招标. */
import { sql } from 'kysely';
import { type HitColumns, type ModelDef, num } from '../definition.ts';
import { ds, ev, evByIds, fmtAmount, fmtDate } from '../sqlkit.ts';
import { firstOf, rowsOf, s, summaryOf } from './common.ts';

export const M04: ModelDef = {
  id: 'M04',
  name: 'relative_contractor',
  title: '公职人员及亲属关联企业中标',
  description:
    '中标企业的法定代表人或任一股东/主要人员，是采购单位的在职公职人员，或是该单位在职公职人员的亲属（亲属关系库）。',
  datasets: ['tenders', 'enterprises', 'shareholders', 'persons', 'relations'],
  params: [{ key: 'score', label: '命中评分', type: 'ratio', default: 0.85, min: 0, max: 1 }],
  severity: 'high',
  subject: ['tender_id'],
  domainTags: ['工程建设'],
  compile: ({ params }) => sql<HitColumns>`
    WITH off AS (
      SELECT p._id, p.id_number, p.name, p.org, p.position FROM ${ds('persons')} p WHERE p.status = '在职'
    ),
    people AS (
      SELECT e.uscc, e.legal_rep_id_number AS id_number, coalesce(e.legal_rep_name, '') AS name, '法定代表人' AS role,
             e._id AS eid, NULL::bigint AS sid
      FROM ${ds('enterprises')} e WHERE e.legal_rep_id_number IS NOT NULL
      UNION ALL
      SELECT sh.uscc, sh.id_number, coalesce(sh.name, ''), coalesce(sh.role, '股东/主要人员'), NULL::bigint, sh._id
      FROM ${ds('shareholders')} sh
    ),
    ties AS (
      SELECT t.tender_id,
             format('中标单位（%s）的%s%s本人是采购单位%s的在职公职人员（%s）', t.winner_uscc, pp.role, pp.name, t.buyer, coalesce(o.position, '')) AS reason,
             pp.eid, pp.sid, o._id AS pid, NULL::bigint AS rid
      FROM ${ds('tenders')} t
      JOIN people pp ON pp.uscc = t.winner_uscc
      JOIN off o ON o.id_number = pp.id_number AND o.org = t.buyer
      UNION ALL
      SELECT t.tender_id,
             format('中标单位（%s）的%s%s是采购单位%s在职公职人员%s（%s）的%s', t.winner_uscc, pp.role, pp.name, t.buyer, coalesce(o.name, ''), coalesce(o.position, ''), coalesce(r.relation, '亲属')),
             pp.eid, pp.sid, o._id, r._id
      FROM ${ds('tenders')} t
      JOIN people pp ON pp.uscc = t.winner_uscc
      JOIN ${ds('relations')} r ON r.relative_id_number = pp.id_number
      JOIN off o ON o.id_number = r.id_number AND o.org = t.buyer
    ),
    agg AS (
      SELECT x.tender_id, jsonb_agg(DISTINCT x.reason) AS reasons,
             array_agg(DISTINCT x.eid) FILTER (WHERE x.eid IS NOT NULL) AS eids,
             array_agg(DISTINCT x.sid) FILTER (WHERE x.sid IS NOT NULL) AS sids,
             array_agg(DISTINCT x.rid) FILTER (WHERE x.rid IS NOT NULL) AS rids,
             array_agg(DISTINCT x.pid) AS pids
      FROM ties x
      GROUP BY x.tender_id
    )
    SELECT jsonb_build_object('tender_id', a.tender_id) AS subject,
           jsonb_build_object('tender_id', a.tender_id) AS hit_key,
           a.reasons,
           jsonb_build_array(${ev('t', 'tenders')}) || ${evByIds('enterprises', sql`a.eids`)} || ${evByIds('shareholders', sql`a.sids`)}
             || ${evByIds('relations', sql`a.rids`)} || ${evByIds('persons', sql`a.pids`)} AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM agg a JOIN ${ds('tenders')} t ON t.tender_id = a.tender_id`,
  clue: (hit) => {
    const t = firstOf(hit, 'tenders');
    const officials = rowsOf(hit, 'persons');
    return {
      title: `${s(t?.buyer)}“${s(t?.title) || s(hit.subject.tender_id)}”项目公职人员关联企业中标问题线索`,
      summary: summaryOf(hit, '监督模型发现中标企业与采购单位在职公职人员本人或其亲属存在投资、任职关系，可能存在利益输送、违规插手招投标。'),
      domainTags: ['工程建设'],
      persons: officials.length
        ? officials.map((o) => ({ name: s(o.name) || '公职人员', idNumber: s(o.id_number) || null, orgName: s(o.org) || null, position: s(o.position) || null }))
        : [{ name: '采购单位相关公职人员（待核实）', orgName: s(t?.buyer) || null }],
    };
  },
};

const SHARED_LABELS = { phone: '联系电话', mac: '投标文件MAC地址', ip: '投标IP地址', legal_rep: '法定代表人身份证号' } as const;

export const M05: ModelDef = {
  id: 'M05',
  name: 'bid_collusion',
  title: '围标串标',
  description: '同一项目中 2 家及以上不同投标单位使用相同的联系电话、投标文件MAC地址、投标IP地址，或法定代表人为同一人。',
  datasets: ['bids', 'enterprises'],
  params: [{ key: 'min_bidders', label: '共用同一特征的最少投标单位数', type: 'integer', default: 2, min: 2, max: 50 }],
  severity: 'high',
  subject: ['tender_id'],
  domainTags: ['工程建设'],
  compile: ({ params }) => sql<HitColumns>`
    WITH b AS (
      SELECT b.*, e.legal_rep_id_number AS rep, e.name AS ent_name, e._id AS ent_id
      FROM ${ds('bids')} b LEFT JOIN ${ds('enterprises')} e ON e.uscc = b.bidder_uscc
    ),
    feats AS (
      SELECT tender_id, bidder_uscc, coalesce(bidder_name, ent_name, bidder_uscc) AS bidder, 'phone' AS kind, phone AS value FROM b WHERE coalesce(phone, '') <> ''
      UNION ALL
      SELECT tender_id, bidder_uscc, coalesce(bidder_name, ent_name, bidder_uscc), 'mac', mac FROM b WHERE coalesce(mac, '') <> ''
      UNION ALL
      SELECT tender_id, bidder_uscc, coalesce(bidder_name, ent_name, bidder_uscc), 'ip', ip FROM b WHERE coalesce(ip, '') <> ''
      UNION ALL
      SELECT tender_id, bidder_uscc, coalesce(bidder_name, ent_name, bidder_uscc), 'legal_rep', rep FROM b WHERE coalesce(rep, '') <> ''
    ),
    links AS (
      SELECT tender_id, kind, value, array_agg(DISTINCT bidder_uscc ORDER BY bidder_uscc) AS bidders,
             string_agg(DISTINCT bidder, '、' ORDER BY bidder) AS names
      FROM feats
      GROUP BY tender_id, kind, value
      HAVING count(DISTINCT bidder_uscc) >= ${num(params, 'min_bidders')}::int
    ),
    per_bidder AS (
      SELECT l.tender_id, u.uscc, jsonb_agg(jsonb_build_object('kind', l.kind, 'label',
               CASE l.kind WHEN 'phone' THEN ${SHARED_LABELS.phone}::text WHEN 'mac' THEN ${SHARED_LABELS.mac}::text
                           WHEN 'ip' THEN ${SHARED_LABELS.ip}::text ELSE ${SHARED_LABELS.legal_rep}::text END,
               'value', l.value, 'with', to_jsonb(array_remove(l.bidders, u.uscc))) ORDER BY l.kind, l.value) AS shared
      FROM links l, unnest(l.bidders) AS u(uscc)
      GROUP BY l.tender_id, u.uscc
    ),
    hits AS (
      SELECT l.tender_id,
             jsonb_agg(format('投标单位%s的%s相同（%s）', l.names,
               CASE l.kind WHEN 'phone' THEN ${SHARED_LABELS.phone}::text WHEN 'mac' THEN ${SHARED_LABELS.mac}::text
                           WHEN 'ip' THEN ${SHARED_LABELS.ip}::text ELSE ${SHARED_LABELS.legal_rep}::text END, l.value) ORDER BY l.kind, l.value) AS reasons,
             count(DISTINCT l.kind) AS kinds
      FROM links l GROUP BY l.tender_id
    ),
    bid_rows AS (
      SELECT pb.tender_id, jsonb_agg(${ev('bb', 'bids')} || jsonb_build_object('shared', pb.shared) ORDER BY bb.bidder_uscc) AS rows
      FROM per_bidder pb JOIN ${ds('bids')} bb ON bb.tender_id = pb.tender_id AND bb.bidder_uscc = pb.uscc
      GROUP BY pb.tender_id
    ),
    rep_rows AS (
      SELECT l.tender_id, jsonb_agg(DISTINCT ${ev('e', 'enterprises')}) AS rows
      FROM links l CROSS JOIN LATERAL unnest(l.bidders) AS u(uscc) JOIN ${ds('enterprises')} e ON e.uscc = u.uscc
      WHERE l.kind = 'legal_rep'
      GROUP BY l.tender_id
    )
    SELECT jsonb_build_object('tender_id', h.tender_id) AS subject,
           jsonb_build_object('tender_id', h.tender_id) AS hit_key,
           h.reasons,
           br.rows || coalesce(rr.rows, '[]'::jsonb) AS evidence,
           least(0.95, 0.6 + 0.1 * h.kinds)::float8 AS score
    FROM hits h JOIN bid_rows br ON br.tender_id = h.tender_id LEFT JOIN rep_rows rr ON rr.tender_id = h.tender_id`,
  clue: (hit) => {
    const bids = rowsOf(hit, 'bids');
    return {
      title: `项目 ${s(hit.subject.tender_id)} 涉嫌围标串标问题线索`,
      summary: summaryOf(hit, `监督模型发现项目 ${s(hit.subject.tender_id)} 的多家投标单位存在共用联系电话、电脑设备或法定代表人等关联特征，涉嫌围标串标。`),
      domainTags: ['工程建设'],
      persons: [{ name: `投标单位：${bids.map((b) => s(b.bidder_name) || s(b.bidder_uscc)).join('、') || '待核实'}`, orgName: null }],
    };
  },
};

export const M06: ModelDef = {
  id: 'M06',
  name: 'split_purchase',
  title: '化整为零规避招标',
  description:
    '同一采购单位向同一中标单位授予 2 个及以上中标金额低于限额（默认 400,000 元）的项目，中标日期落在同一个 30 天窗口内，且合计金额达到限额。',
  datasets: ['tenders'],
  params: [
    { key: 'threshold', label: '招标限额', type: 'amount', default: 400000, min: 1, unit: '元' },
    { key: 'window_days', label: '时间窗口', type: 'days', default: 30, min: 1, max: 366, unit: '天' },
    { key: 'min_tenders', label: '窗口内最少项目数', type: 'integer', default: 2, min: 2, max: 100 },
    { key: 'score', label: '命中评分', type: 'ratio', default: 0.75, min: 0, max: 1 },
  ],
  severity: 'medium',
  subject: ['buyer', 'winner_uscc'],
  domainTags: ['工程建设'],
  compile: ({ params }) => {
    const threshold = num(params, 'threshold');
    const span = num(params, 'window_days') - 1; // a 30-day window holds dates d … d+29
    return sql<HitColumns>`
    WITH t AS (
      SELECT * FROM ${ds('tenders')}
      WHERE buyer IS NOT NULL AND winner_uscc IS NOT NULL AND awarded_on IS NOT NULL
        AND award_amount IS NOT NULL AND award_amount < ${threshold}::numeric
    ),
    w AS (
      SELECT buyer, winner_uscc, awarded_on AS start, awarded_on + ${span}::int AS finish,
             count(*) OVER win AS n, sum(award_amount) OVER win AS total
      FROM t
      WINDOW win AS (PARTITION BY buyer, winner_uscc ORDER BY awarded_on RANGE BETWEEN CURRENT ROW AND make_interval(days => ${span}::int) FOLLOWING)
    ),
    fired AS (
      SELECT DISTINCT buyer, winner_uscc, start, finish, n, total FROM w
      WHERE n >= ${num(params, 'min_tenders')}::int AND total >= ${threshold}::numeric
    ),
    best AS (
      SELECT DISTINCT ON (buyer, winner_uscc) buyer, winner_uscc, start, finish, n, total
      FROM fired ORDER BY buyer, winner_uscc, total DESC, start
    ),
    rows AS (
      SELECT t.buyer, t.winner_uscc, jsonb_agg(${ev('t', 'tenders')} ORDER BY t.awarded_on, t.tender_id) AS rows, count(*) AS n, sum(t.award_amount) AS total
      FROM t WHERE EXISTS (SELECT 1 FROM fired f WHERE f.buyer = t.buyer AND f.winner_uscc = t.winner_uscc AND t.awarded_on BETWEEN f.start AND f.finish)
      GROUP BY t.buyer, t.winner_uscc
    )
    SELECT jsonb_build_object('buyer', b.buyer, 'winner_uscc', b.winner_uscc) AS subject,
           jsonb_build_object('buyer', b.buyer, 'winner_uscc', b.winner_uscc) AS hit_key,
           jsonb_build_array(
             format('%s 在 %s 至 %s 的 %s 天内向同一中标单位（%s）授予 %s 个中标金额低于 %s 元的项目，合计 %s 元，达到招标限额',
               b.buyer, ${fmtDate(sql`b.start`)}, ${fmtDate(sql`b.finish`)}, ${num(params, 'window_days')}::int, b.winner_uscc, b.n,
               ${fmtAmount(sql`${threshold}::numeric`)}, ${fmtAmount(sql`b.total`)}),
             format('涉及项目共 %s 个，合计 %s 元', r.n, ${fmtAmount(sql`r.total`)})) AS reasons,
           r.rows AS evidence,
           ${num(params, 'score')}::float8 AS score
    FROM best b JOIN rows r ON r.buyer = b.buyer AND r.winner_uscc = b.winner_uscc`;
  },
  clue: (hit) => ({
    title: `${s(hit.subject.buyer)}化整为零规避招标问题线索`,
    summary: summaryOf(hit, '监督模型发现同一采购单位在短期内向同一供应商拆分授予多个限额以下项目，涉嫌化整为零规避公开招标。'),
    domainTags: ['工程建设'],
    persons: [{ name: `${s(hit.subject.buyer)}采购负责人（待核实）`, orgName: s(hit.subject.buyer) || null }],
  }),
};
