/**
 * Global search (全局检索): one text over what the user may see, grouped by kind, each hit with a
 * web link. A group is searched only when the user holds its read permission, and every group
 * goes through the owning area's visibility rule:
 * - clues: need-to-know (知悉范围), through the clues area's `listClues` ('clue:read');
 * - persons and enterprises: the entity index ('entity:read');
 * - 12345 orders: ('hotline:read');
 * - rectification items: data scope, through `listLedgerItems` ('rectify:read').
 * Search terms are sensitive: every search writes an audit event with the text and the counts.
 */
import { sql } from 'kysely';
import type { AccessContext } from '../../platform/access/context.ts';
import { type Actor, recordAudit } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { badInput } from '../../platform/errors.ts';
import { listClues } from '../clues/clues.query.ts';
import { searchEntities } from '../entities/entities.service.ts';
import { listLedgerItems } from '../rectification/rectification.service.ts';

export const GROUP_LIMIT = 10;

export interface SearchHit {
  id: string | number;
  title: string;
  subtitle?: string | null;
  /** Web route of the record. */
  link: string;
}

export interface SearchGroup {
  kind: 'clue' | 'entity' | 'hotline' | 'rect_item';
  label: string;
  total: number;
  items: SearchHit[];
  /** Web route listing all results of the group. */
  more: string | null;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

// TODO(service): move to hotline — order search (by order number, caller-free fields only).
async function searchOrders(db: Queryable, q: string) {
  const like = `%${likeEscape(q)}%`;
  const cond = sql<boolean>`(o.order_id = ${q} OR o.content ILIKE ${like} OR o.address ILIKE ${like})`;
  const { rows } = await sql<{ order_id: string; content: string; district: string | null; status: string | null; received_at: Date }>`
    SELECT o.order_id, left(o.content, 80) AS content, o.district, o.status, o.received_at FROM ds_hotline o
    WHERE ${cond} ORDER BY o.received_at DESC LIMIT ${GROUP_LIMIT}`.execute(db);
  const { rows: c } = await sql<{ n: number }>`SELECT count(*) AS n FROM ds_hotline o WHERE ${cond}`.execute(db);
  return { rows, total: Number(c[0].n) };
}

export async function globalSearch(db: Queryable, actor: Actor, access: AccessContext, raw: string): Promise<{ q: string; groups: SearchGroup[]; total: number }> {
  const q = raw.trim();
  if (!q) throw badInput('请输入检索内容', 'Search text is required');
  if (q.length > 100) throw badInput('检索内容过长（不超过100字）', 'Search text is too long (max 100)');
  const has = (p: string) => access.permissions.has(p);
  const groups: SearchGroup[] = [];
  const enc = encodeURIComponent(q);

  if (has('clue:read')) {
    const r = await listClues(db, actor, access, { q, pageSize: GROUP_LIMIT });
    groups.push({
      kind: 'clue',
      label: '问题线索',
      total: r.total,
      items: r.items.map((c) => ({ id: c.id, title: `${c.code} ${c.title}`, subtitle: `${c.source_label} · ${c.status_label}${c.persons ? ` · ${c.persons}` : ''}`, link: `/clues/${c.id}` })),
      more: `/clues?q=${enc}`,
    });
  }
  if (has('entity:read')) {
    // The entity index audits its own reads ('entity.search').
    const r = await searchEntities(db, actor, q);
    const items = r.items.filter((e) => e.kind === 'person' || e.kind === 'enterprise');
    groups.push({
      kind: 'entity',
      label: '人员与企业',
      total: items.length,
      items: items.slice(0, GROUP_LIMIT).map((e) => ({ id: `${e.kind}:${e.key}`, title: e.label, subtitle: `${e.kind_label} · ${e.sources}处记录`, link: `/entity/${e.kind}/${encodeURIComponent(e.key)}` })),
      more: `/entity/search?q=${enc}`,
    });
  }
  if (has('hotline:read')) {
    const r = await searchOrders(db, q);
    groups.push({
      kind: 'hotline',
      label: '12345热线工单',
      total: r.total,
      items: r.rows.map((o) => ({ id: o.order_id, title: `${o.order_id} ${o.content}`, subtitle: [o.district, o.status].filter(Boolean).join(' · '), link: `/hotline/orders/${encodeURIComponent(o.order_id)}` })),
      more: `/hotline/orders?q=${enc}`,
    });
  }
  if (has('rectify:read')) {
    const r = await listLedgerItems(db, access, { q, pageSize: GROUP_LIMIT });
    groups.push({
      kind: 'rect_item',
      label: '整改事项',
      total: r.total,
      items: r.items.map((i) => ({ id: i.id, title: `${i.code} ${i.title}`, subtitle: `${i.responsible_org_name} · ${i.status_label}`, link: `/rectify/items/${i.id}` })),
      more: `/rectify/ledger?q=${enc}`,
    });
  }
  const total = groups.reduce((s, g) => s + g.total, 0);
  await recordAudit(db, actor, { action: 'search.query', objectType: 'search', detail: { q, counts: Object.fromEntries(groups.map((g) => [g.kind, g.total])) } });
  return { q, groups, total };
}
