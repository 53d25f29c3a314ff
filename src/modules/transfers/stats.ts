/**
 * Counting what leadership asks for (移交统计): by sending body and period — transfers and items
 * sent, acknowledged (on time), returned, fed back, still overdue, and what became of the items,
 * e.g. “示范市审计局向案件监督管理室移交问题线索271件”.
 *
 * Only counts, never content: a user counts the transfers their data scope covers (sender or
 * receiver inside it) plus those given to their org.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { needToKnowCondition, scopeCondition } from '../../platform/access/scope.ts';
import { type DateString, todayInShanghai } from '../../platform/calendar/dates.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { TRANSFER_OBJECTS } from './objects.ts';
import { TRANSFER } from './transfers.service.ts';
import { TRANSFER_OUTCOME_LABELS, type TransferOutcome } from './workflow.ts';

export interface StatsQuery {
  from?: DateString;
  to?: DateString;
  period?: 'month' | 'quarter' | 'year' | 'all';
  object_type?: string;
  sender_org_id?: number;
  receiver_org_id?: number;
}

const PERIOD_SQL = {
  month: sql<string>`to_char(t.sent_on, 'YYYY-MM')`,
  quarter: sql<string>`to_char(t.sent_on, 'YYYY"Q"Q')`,
  year: sql<string>`to_char(t.sent_on, 'YYYY')`,
  all: sql<string>`'全部'`,
};

interface Row {
  period: string;
  sender_org_id: number;
  sender_org_name: string;
  receiver_org_id: number;
  receiver_org_name: string;
  object_type: string;
  transfers: number;
  items: number;
  acknowledged: number;
  acknowledged_on_time: number;
  returned: number;
  fed_back: number;
  fed_back_on_time: number;
  ack_overdue: number;
  feedback_overdue: number;
}

export async function transferStats(db: Queryable, access: AccessContext, q: StatsQuery = {}, today: DateString = todayInShanghai()) {
  const period = PERIOD_SQL[q.period ?? 'month'];
  const visible = sql<boolean>`(${needToKnowCondition(access, TRANSFER, 't.id')}
    OR ${scopeCondition(access, 't.sender_org_id')} OR ${scopeCondition(access, 't.receiver_org_id')})`;
  const where = [visible];
  if (q.from) where.push(sql<boolean>`t.sent_on >= ${q.from}::date`);
  if (q.to) where.push(sql<boolean>`t.sent_on <= ${q.to}::date`);
  if (q.object_type) where.push(sql<boolean>`t.object_type = ${q.object_type}`);
  if (q.sender_org_id) where.push(sql<boolean>`t.sender_org_id = ${q.sender_org_id}`);
  if (q.receiver_org_id) where.push(sql<boolean>`t.receiver_org_id = ${q.receiver_org_id}`);
  const cond = sql.join(where, sql` AND `);
  const { rows } = await sql<Row>`
    SELECT ${period} AS period, t.sender_org_id, s.name AS sender_org_name, t.receiver_org_id, r.name AS receiver_org_name, t.object_type,
      count(*)::int AS transfers,
      sum(t.item_count)::int AS items,
      count(*) FILTER (WHERE t.ack_on IS NOT NULL)::int AS acknowledged,
      count(*) FILTER (WHERE t.ack_on <= t.ack_due)::int AS acknowledged_on_time,
      count(*) FILTER (WHERE t.status = 'returned')::int AS returned,
      count(*) FILTER (WHERE t.status = 'fed_back')::int AS fed_back,
      count(*) FILTER (WHERE t.feedback_on <= t.handle_due)::int AS fed_back_on_time,
      count(*) FILTER (WHERE t.status = 'sent' AND t.ack_due < ${today}::date)::int AS ack_overdue,
      count(*) FILTER (WHERE t.status = 'acknowledged' AND t.handle_due < ${today}::date)::int AS feedback_overdue
    FROM transfers t JOIN orgs s ON s.id = t.sender_org_id JOIN orgs r ON r.id = t.receiver_org_id
    WHERE ${cond}
    GROUP BY 1, t.sender_org_id, s.name, t.receiver_org_id, r.name, t.object_type
    ORDER BY 1, t.sender_org_id, t.receiver_org_id, t.object_type`.execute(db);
  const { rows: outcomeRows } = await sql<{ period: string; sender_org_id: number; receiver_org_id: number; object_type: string; outcome: string; n: number }>`
    SELECT ${period} AS period, t.sender_org_id, t.receiver_org_id, t.object_type, i.outcome, count(*)::int AS n
    FROM transfers t JOIN transfer_items i ON i.transfer_id = t.id
    WHERE ${cond} AND i.outcome IS NOT NULL
    GROUP BY 1, t.sender_org_id, t.receiver_org_id, t.object_type, i.outcome`.execute(db);
  const items = rows.map((r) => {
    const outcomes = Object.fromEntries(
      outcomeRows
        .filter((o) => o.period === r.period && o.sender_org_id === r.sender_org_id && o.receiver_org_id === r.receiver_org_id && o.object_type === r.object_type)
        .map((o) => [o.outcome, Number(o.n)]),
    );
    const label = TRANSFER_OBJECTS[r.object_type]?.label ?? r.object_type;
    return {
      ...r,
      object_label: label,
      outcomes,
      sentence: `${r.period} ${r.sender_org_name}向${r.receiver_org_name}移交${label}${r.items}件（${r.transfers}次），按时签收${r.acknowledged_on_time}次，退回${r.returned}次，已反馈${r.fed_back}次`,
    };
  });
  const sum = (k: keyof Row) => items.reduce((a, r) => a + Number(r[k]), 0);
  const outcomeTotals: Record<string, number> = {};
  for (const o of outcomeRows) outcomeTotals[o.outcome] = (outcomeTotals[o.outcome] ?? 0) + Number(o.n);
  return {
    items,
    totals: {
      transfers: sum('transfers'),
      items: sum('items'),
      acknowledged: sum('acknowledged'),
      acknowledged_on_time: sum('acknowledged_on_time'),
      returned: sum('returned'),
      fed_back: sum('fed_back'),
      fed_back_on_time: sum('fed_back_on_time'),
      ack_overdue: sum('ack_overdue'),
      feedback_overdue: sum('feedback_overdue'),
      outcomes: outcomeTotals,
    },
    outcome_labels: TRANSFER_OUTCOME_LABELS as Record<TransferOutcome, string>,
    as_of: today,
  };
}
