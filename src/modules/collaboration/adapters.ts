/**
 * What this area (and inspections) needs from other areas, in one place. Each adapter calls the
 * other area's service — never its tables — and says what it would rather call.
 */
import type { AccessContext } from '../../platform/access/context.ts';
import type { Actor } from '../../platform/audit/audit.service.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { listDecisions } from '../accountability/accountability.service.ts';
import { idNumberHash } from '../clues/clues.service.ts';
import { entityGraph } from '../entities/entities.service.ts';
import { listLedgerItems } from '../rectification/rectification.service.ts';

export interface LedgerStatus {
  id: number;
  code: string;
  status: string;
  status_label: string;
  overdue: boolean;
  deadline: string;
}

/**
 * Status of some rectification ledger items the viewer can see (others are absent from the map).
 * The rectification service lists by responsible unit, not by id, so this pages through each
 * responsible unit's items. (A `listLedgerItems({ ids })` or `inspection_round_id` filter there
 * would make this one query.)
 */
export async function ledgerStatusByIds(
  db: Queryable,
  access: AccessContext,
  items: { id: number; responsibleOrgId: number }[],
): Promise<Map<number, LedgerStatus>> {
  const out = new Map<number, LedgerStatus>();
  const byOrg = new Map<number, Set<number>>();
  for (const it of items) {
    if (!byOrg.has(it.responsibleOrgId)) byOrg.set(it.responsibleOrgId, new Set());
    byOrg.get(it.responsibleOrgId)!.add(it.id);
  }
  for (const [orgId, ids] of byOrg) {
    let found = 0;
    for (let page = 1; found < ids.size; page++) {
      const r = await listLedgerItems(db, access, { responsible_org_id: orgId, page, pageSize: 500, sort: 'id', order: 'asc' });
      for (const it of r.items) {
        if (!ids.has(it.id)) continue;
        found++;
        out.set(it.id, { id: it.id, code: it.code, status: it.status, status_label: it.status_label, overdue: it.overdue, deadline: it.deadline });
      }
      if (page * 500 >= r.total) break;
    }
  }
  return out;
}

export interface SanctionCount {
  /** Distinct people with an effective 党纪 or 政务 sanction (人). */
  sanctioned: number;
  /** Every effective outcome against a person (人次), all four forms. */
  handled: number;
}

/**
 * People sanctioned (党纪政务处分) through the given clues, counted from the accountability
 * service's decisions the viewer can see. (A count-by-clues query there would be one call.)
 */
export async function sanctionsForClues(db: Queryable, access: AccessContext, clueIds: number[]): Promise<SanctionCount> {
  const people = new Set<string>();
  let handled = 0;
  for (const clueId of [...new Set(clueIds)]) {
    for (let page = 1; ; page++) {
      const r = await listDecisions(db, access, { clue_id: clueId, status: 'effective', target_kind: 'person', page, pageSize: 500 });
      for (const d of r.items) {
        handled++;
        if (d.party_sanction || d.gov_sanction) people.add(`${d.target_org_id}|${d.person_name}`);
      }
      if (page * 500 >= r.total) break;
    }
  }
  return { sanctioned: people.size, handled };
}

export interface EntityLink {
  kind: 'relative' | 'enterprise' | 'employer';
  subject: string;
  detail: string;
}

/**
 * Links in the entity index (主体档案 relation graph: relatives, enterprises held or represented,
 * workplaces — the expert's and, one step further, their relatives') between an expert and the
 * people, enterprises and units under review. Through the entities area's `entityGraph`; needs
 * the expert's ID number and, for a user, `entity:read` (otherwise `available: false` with the
 * reason, and the check relies on the declared ties and the expert's unit).
 */
export async function entityIndexLinks(
  db: Queryable,
  actor: Actor,
  access: AccessContext | null,
  expert: { name: string; idNumber: string | null },
  subjects: { persons: { name: string; idHash: string | null }[]; orgNames: string[]; enterprises: { name: string; uscc: string | null }[] },
): Promise<{ available: boolean; reason?: string; links: EntityLink[] }> {
  if (!access) return { available: false, reason: '系统调用未比对主体档案', links: [] };
  if (!access.permissions.has('entity:read')) return { available: false, reason: '无主体档案查看权限，未比对主体档案', links: [] };
  if (!expert.idNumber) return { available: false, reason: '人才库未登记该人员身份证号，未比对主体档案', links: [] };
  const g = await entityGraph(db, actor, access, 'person', expert.idNumber, { depth: 2, maxNodes: 400 });
  // The path from the expert to each node, as edge labels (breadth-first over the edges).
  const via = new Map<string, string[]>([[g.root, []]]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of g.edges) {
      for (const [a, b] of [[e.source, e.target], [e.target, e.source]] as const) {
        if (via.has(a) && !via.has(b)) {
          via.set(b, [...via.get(a)!, e.label]);
          changed = true;
        }
      }
    }
  }
  const links: EntityLink[] = [];
  const path = (id: string) => (via.get(id) ?? []).join('→');
  for (const n of g.nodes) {
    if (n.id === g.root) continue;
    if (n.kind === 'person') {
      const hash = idNumberHash(n.key);
      const p = subjects.persons.find((s) => s.idHash === hash);
      if (p) links.push({ kind: 'relative', subject: p.name, detail: `存在关联（${path(n.id)}）` });
    } else if (n.kind === 'enterprise') {
      const e = subjects.enterprises.find((s) => s.uscc && s.uscc === n.key);
      if (e) links.push({ kind: 'enterprise', subject: e.name, detail: `存在关联（${path(n.id)}）` });
    } else if (n.kind === 'org') {
      const o = subjects.orgNames.find((s) => s === n.key || s === n.label);
      if (o) links.push({ kind: 'employer', subject: o, detail: `存在关联（${path(n.id)}）` });
    }
  }
  return { available: true, links };
}
